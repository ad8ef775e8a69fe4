"""Facet types: counts of each value over the matched set."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

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


def _to_facet(result: FacetResult) -> Facet:
    # The engine's FacetCount has exactly FacetValue's fields (value, count, selected; a
    # test holds them equal): it is served as a FacetValue as it is, rather than copied
    # into one object per value (hundreds per page).
    values = cast(list[FacetValue], result.values)
    return Facet(field=FacetField(result.field), values=values, truncated=result.truncated)


def to_facets(results: list[FacetResult]) -> list[Facet]:
    return [_to_facet(result) for result in results]
