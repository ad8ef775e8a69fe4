"""Spack semantics as pure functions over strings: versions, variants, targets, specs.

Nothing here reads files or knows about the index; the indexer and the GraphQL layer build
on these to interpret what users type and what the build cache records.
"""

from spackdex.indexer.spack.archclauses import TargetConstraint, TargetRange
from spackdex.indexer.spack.errors import SpecSyntaxError, UnknownTargetError
from spackdex.indexer.spack.gitversions import GitVersionConstraint
from spackdex.indexer.spack.hosts import Host, parse_host
from spackdex.indexer.spack.specsyntax import (
    CompilerConstraint,
    EdgeQuery,
    SpecQuery,
    parse_spec,
)
from spackdex.indexer.spack.targets import (
    is_known_target,
    runnable_targets,
    specificity,
    target_in_range,
)
from spackdex.indexer.spack.variants import WILDCARD, Variant, VariantConstraint
from spackdex.indexer.spack.versions import (
    INFINITY_NAMES,
    Version,
    VersionConstraint,
    VersionRange,
    is_numeric_release,
    version_key,
)

__all__ = [
    "INFINITY_NAMES",
    "WILDCARD",
    "CompilerConstraint",
    "EdgeQuery",
    "GitVersionConstraint",
    "Host",
    "SpecQuery",
    "SpecSyntaxError",
    "TargetConstraint",
    "TargetRange",
    "UnknownTargetError",
    "Variant",
    "VariantConstraint",
    "Version",
    "VersionConstraint",
    "VersionRange",
    "is_known_target",
    "is_numeric_release",
    "parse_host",
    "parse_spec",
    "runnable_targets",
    "specificity",
    "target_in_range",
    "version_key",
]
