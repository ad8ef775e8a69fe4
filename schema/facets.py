"""Facet types: counts of each value over the matched set."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from ..indexer.search.facets import FacetResult
from .errors import UserInputError
from .inputs import FacetField

__all__ = ["MAX_FACET_VALUES", "Facet", "FacetValue", "facet_fields", "to_facets"]

MAX_FACET_VALUES = 1000


@strawberry.type(description="One value of a facet and how many results have it.")
class FacetValue:
    value: str = strawberry.field(description="The value, e.g. ubuntu22.04 or +mpi.")
    count: int = strawberry.field(
        description="Distinct specs (on specs) or packages (on packages) with this value."
    )
    selected: bool = strawberry.field(description="Whether the filter selects this value.")


@strawberry.type(
    description="Counts of one field's values. Disjunctive: the counts ignore "
    "this field's own selection, so other values can still be offered."
)
class Facet:
    field: FacetField = strawberry.field(description="The field counted.")
    values: list[FacetValue] = strawberry.field(description="Values, most frequent first.")
    truncated: bool = strawberry.field(description="Whether limit left values out.")


def facet_fields(fields: Sequence[FacetField] | None, limit: int) -> list[str]:
    if limit < 1 or limit > MAX_FACET_VALUES:
        raise UserInputError(f"facet limit must be between 1 and {MAX_FACET_VALUES} (got {limit})")
    chosen = fields if fields else list(FacetField)
    return [str(f.value) for f in dict.fromkeys(chosen)]


# Facets built from results the engine shares for a whole index version (the match of
# everything), kept with their result so an id is never reused while cached; bounded.
_SHARED: dict[int, tuple[FacetResult, Facet]] = {}
_SHARED_MAX = 4096


def _to_facet(result: FacetResult) -> Facet:
    return Facet(
        field=FacetField(result.field),
        values=[
            FacetValue(value=v.value, count=v.count, selected=v.selected) for v in result.values
        ],
        truncated=result.truncated,
    )


def to_facets(results: list[FacetResult]) -> list[Facet]:
    facets = []
    for result in results:
        if not result.shared:
            facets.append(_to_facet(result))
            continue
        found = _SHARED.get(id(result))
        if found is None or found[0] is not result:
            if len(_SHARED) >= _SHARED_MAX:
                _SHARED.clear()
            found = _SHARED[id(result)] = (result, _to_facet(result))
        facets.append(found[1])
    return facets
