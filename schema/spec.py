"""The Spec node: one concrete build, identified by its DAG hash."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from ..indexer.records import DEPTYPE_BITS
from ..indexer.search.request import Scope, SearchError, SearchRequest
from ..indexer.search.views import DependencyRow, SpecRow
from .context import Context
from .errors import UserInputError
from .inputs import AfterArg, FirstArg
from .spack_strings import install_commands, spack_spec

if TYPE_CHECKING:
    from .connections import SpecConnection
    from .package import Package
    from .tag import Stack, Tag

__all__ = ["Compiler", "Spec", "SpecDependency", "SpecOccurrence"]

DeptypesArg = Annotated[
    list[str] | None,
    strawberry.argument(
        description='Only edges of these types: "build", "link", "run", '
        '"test" (any of them); all edges when omitted.'
    ),
]
OptionalTagArg = Annotated[
    str | None, strawberry.argument(description="A tag name; default: every tag / the newest.")
]
PackageRef = Annotated["Package", strawberry.lazy("spackdex.schema.package")]
TagRef = Annotated["Tag", strawberry.lazy("spackdex.schema.tag")]
StackRef = Annotated["Stack", strawberry.lazy("spackdex.schema.tag")]
SpecConnectionRef = Annotated["SpecConnection", strawberry.lazy("spackdex.schema.connections")]


@strawberry.type(description="A compiler, e.g. gcc@13.2.0.")
class Compiler:
    name: str = strawberry.field(description="Compiler name, e.g. gcc, llvm, oneapi.")
    version: str | None = strawberry.field(description="Compiler version, if known.")


@strawberry.type(description="Where a spec lies: one tag, and the stacks of that tag.")
class SpecOccurrence:
    tag_name: strawberry.Private[str]
    stack_names: strawberry.Private[tuple[str, ...]]
    mirror: str | None = strawberry.field(
        default=None,
        description="The Spack mirror root this spec was read from in this tag (what "
        "'spack mirror add' takes); null for site pages and bare index.json files, "
        "which name none.",
    )

    @strawberry.field(description="The tag (build cache) holding the spec.")
    def tag(self, info: Info[Context, None]) -> TagRef:
        from .tag import Tag

        row = info.context.index.tag_row(self.tag_name)
        assert row is not None  # occurrences only name tags of this index
        return Tag.from_row(row)

    @strawberry.field(description="The stacks of that tag holding the spec (root included).")
    def stacks(self, info: Info[Context, None]) -> list[StackRef]:
        from .tag import Stack

        index = info.context.index
        rows = [index.stack_row(self.tag_name, name) for name in self.stack_names]
        return [Stack.from_row(row) for row in rows if row is not None]


@strawberry.type(description="A dependency edge, as an index.json records it.")
class SpecDependency:
    name: str = strawberry.field(description="The dependency's package name.")
    hash: str = strawberry.field(description="The dependency's DAG hash.")
    deptypes: list[str] = strawberry.field(description="build, link, run, test.")
    virtuals: list[str] = strawberry.field(
        description="Virtual packages it provides on this edge, e.g. c, cxx, mpi."
    )
    version: str | None = strawberry.field(description="Its version, when recorded.")
    ordinal: strawberry.Private[int | None]

    @strawberry.field(description="The dependency as a spec, when it is a binary here too.")
    async def spec(self, info: Info[Context, None]) -> Spec | None:
        if self.ordinal is None:
            return None
        return Spec.from_row(await info.context.specs.load(self.ordinal))

    @classmethod
    def from_row(cls, row: DependencyRow) -> SpecDependency:
        return cls(
            name=row.name,
            hash=row.hash,
            deptypes=list(row.deptypes),
            virtuals=list(row.virtuals),
            version=row.version,
            ordinal=row.ordinal,
        )


async def _package(root: Spec, info: Info[Context, None]) -> PackageRef:
    from .package import Package

    code = info.context.index.package_code(root.row.name)
    assert code is not None
    return Package.from_row(await info.context.packages.load(code))


@strawberry.type(
    description="One concrete build of a package, identified by its DAG hash. "
    "A hash present in several tags is one spec with several occurrences."
)
class Spec(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[SpecRow]
    # Plain attributes, copied from the row when the node is made: graphql-core reads them
    # without a resolver call (see execution.py), several times cheaper per field.
    hash: str = strawberry.field(description="The 32-character DAG hash.")
    name: str = strawberry.field(description="The package name.")

    @classmethod
    def from_row(cls, row: SpecRow) -> Spec:
        compiler = row.compiler
        return cls(
            key=row.hash,
            row=row,
            hash=row.hash,
            name=row.name,
            version=row.version,
            compiler=Compiler(name=compiler.name, version=compiler.version) if compiler else None,
            os=row.os,
            platform=row.platform,
            target=row.target,
            variants=list(row.variants),
            size=float(row.size) if row.size is not None else None,
            signed=row.signed,
            tarball=row.tarball,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Context, None], node_ids: Iterable[str], required: bool = False
    ) -> list[Spec | None]:
        index = info.context.index
        ordinals = []
        for node_id in node_ids:
            try:
                ordinals.append(index.ordinal_of_hash(node_id))
            except SearchError:
                ordinals.append(None)
        rows = await info.context.specs.load_many([o for o in ordinals if o is not None])
        found = iter(rows)
        return [cls.from_row(next(found)) if o is not None else None for o in ordinals]

    # declared here, with its resolver, to keep the schema's field order
    package: PackageRef = strawberry.field(
        resolver=_package, description="The package this is a build of."
    )
    version: str = strawberry.field(description="The version built.")
    compiler: Compiler | None = strawberry.field(
        description="The compiler; null for specs built without one "
        "(pure Python packages). For Spack 1.0+ data, the build dependency "
        "providing c, cxx or fortran."
    )
    os: str = strawberry.field(description="Operating system, e.g. ubuntu22.04.")
    platform: str = strawberry.field(description="Platform, e.g. linux or darwin.")
    target: str = strawberry.field(description="Microarchitecture target, e.g. x86_64_v3.")
    variants: list[str] = strawberry.field(
        description='Variants as Spack shows them: "+mpi", "~cuda", "k=v".'
    )
    size: float | None = strawberry.field(
        description="Size of the binary in bytes, when the source said."
    )
    signed: bool | None = strawberry.field(
        description="Whether its layout-v3 spec manifest was PGP clearsigned (not "
        "verified). Null when no manifest was read: specs read from a mirror's index, "
        "site pages and index.json files."
    )
    tarball: str | None = strawberry.field(
        description="URL of the binary tarball, when the source said: for a layout-v3 "
        "spec read from its manifest, the tarball blob (<mirror>/blobs/sha256/..)."
    )

    @strawberry.field(description="Every tag holding this spec, with its stacks there.")
    def occurrences(self) -> list[SpecOccurrence]:
        return [
            SpecOccurrence(tag_name=o.tag, stack_names=o.stacks, mirror=o.mirror)
            for o in self.row.occurrences
        ]

    @strawberry.field(description="Tags holding this spec.")
    def tags(self, info: Info[Context, None]) -> list[TagRef]:
        return [occurrence.tag(info) for occurrence in self.occurrences()]

    @strawberry.field(description="Stacks holding this spec, in every tag or in one tag.")
    def stacks(self, info: Info[Context, None], tag: OptionalTagArg = None) -> list[StackRef]:
        return [
            stack
            for occurrence in self.occurrences()
            if tag is None or occurrence.tag_name == tag
            for stack in occurrence.stacks(info)
        ]

    @strawberry.field(
        description="Dependencies that are binaries in this index too. Null "
        "when the source had no dependency data (site pages); a list for "
        "index.json data."
    )
    async def dependencies(self, info: Info[Context, None]) -> list[Spec] | None:
        edges = await info.context.dependencies.load(self.row.ordinal)
        if edges is None:
            return None
        ordinals = [e.ordinal for e in edges if e.ordinal is not None]
        return [Spec.from_row(row) for row in await info.context.specs.load_many(ordinals)]

    @strawberry.field(
        description="Every dependency edge with its deptypes and virtuals, "
        "including dependencies that are not binaries here. Null when the "
        "source had no dependency data."
    )
    async def dependency_edges(self, info: Info[Context, None]) -> list[SpecDependency] | None:
        edges = await info.context.dependencies.load(self.row.ordinal)
        return None if edges is None else [SpecDependency.from_row(e) for e in edges]

    @strawberry.field(
        description="Specs in this index that depend on this one (reverse "
        "edges): which cached binaries link this openssl?"
    )
    async def dependents(
        self,
        info: Info[Context, None],
        first: FirstArg = 20,
        after: AfterArg = None,
        deptypes: DeptypesArg = None,
    ) -> SpecConnectionRef:
        from .connections import spec_connection

        unknown = sorted(set(deptypes or ()) - DEPTYPE_BITS.keys())
        if unknown:
            raise UserInputError(f"unknown deptypes {unknown}; choose from {sorted(DEPTYPE_BITS)}")
        mask = sum(DEPTYPE_BITS[t] for t in set(deptypes or ()))
        scope = Scope(dependents_of=self.row.ordinal, dependent_deptypes=mask)
        request = SearchRequest(scope=scope)
        return await spec_connection(info, request, None, first, after)

    @strawberry.field(
        description="The spec as Spack prints it: "
        "name@version variants %compiler arch=platform-os-target."
    )
    def spack_spec(self) -> str:
        return spack_spec(self.row)

    @strawberry.field(
        description="Shell commands installing this binary from a tag's "
        "build cache (default: the newest tag holding it). The mirror added is "
        "the one the spec was read from; for site pages, which name none, "
        "https://binaries.spack.io/<tag>."
    )
    def install_commands(self, tag: OptionalTagArg = None) -> list[str]:
        tags = [o.tag for o in self.row.occurrences]
        if tag is not None and tag not in tags:
            raise UserInputError(
                f"spec {self.row.hash[:7]} is not in tag {tag!r}; it is in: " + ", ".join(tags)
            )
        chosen = tag or tags[0]
        mirror = next(o.mirror for o in self.row.occurrences if o.tag == chosen)
        return install_commands(self.row, chosen, mirror)
