"""One document per distinct hash: what the naive baselines index.

Both baselines index a spec once, with the tags it was seen in and the union of its stacks
as multi-valued fields, so "which tags hold this build" is a filter, not a duplicate row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bench.site_writer import compiler_text
from spackdex.indexer.records import Sighting, SpecRecord

__all__ = ["SpecDoc", "group_by_hash"]


@dataclass(frozen=True, slots=True)
class SpecDoc:
    """A distinct spec with every tag and stack it was seen in (both sorted)."""

    spec: SpecRecord
    tags: tuple[str, ...]
    stacks: tuple[str, ...]
    description: str = ""

    @property
    def compiler(self) -> str:
        """The compiler facet value: ``gcc@13.2.0``, or ``none`` for no compiler."""
        return "none" if self.spec.compiler is None else str(self.spec.compiler)

    def facet_values(self) -> dict[str, tuple[str, ...]]:
        """Values per facet name (see :data:`bench.facets.FACETS`)."""
        s = self.spec
        return {
            "package": (s.name,),
            "version": (s.version,),
            "compiler": (self.compiler,),
            "os": (s.os,),
            "platform": (s.platform,),
            "target": (s.target,),
            "tag": self.tags,
            "stack": self.stacks,
            "variant": s.variants,
        }

    def text_columns(self) -> dict[str, str]:
        """The free-text columns a text query searches (any column may match a word)."""
        s = self.spec
        return {
            "name": s.name,
            "description": self.description,
            "variants": " ".join(s.variants),
            "version": s.version,
            # The page spelling, so that both "gcc" and "13.2.0" are words of the text.
            "compiler": compiler_text(s.compiler),
            "os": s.os,
            "target": s.target,
        }


def group_by_hash(
    records: Iterable[Sighting], descriptions: Mapping[str, str] | None = None
) -> list[SpecDoc]:
    """Group sightings by hash, in order of first sighting."""
    specs: dict[str, SpecRecord] = {}
    tags: dict[str, set[str]] = {}
    stacks: dict[str, set[str]] = {}
    for s in records:
        h = s.spec.hash
        if h not in specs:
            specs[h] = s.spec
            tags[h] = set()
            stacks[h] = set()
        tags[h].add(s.tag)
        stacks[h].update(s.stacks)
    desc = descriptions or {}
    return [
        SpecDoc(
            spec, tuple(sorted(tags[h])), tuple(sorted(stacks[h])), desc.get(spec.name, "").strip()
        )
        for h, spec in specs.items()
    ]
