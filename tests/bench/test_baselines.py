"""The two naive baselines answer the same queries with the same numbers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.baselines import SqliteFts5, WhooshAllFields, fts5_available
from bench.facets import Filters
from bench.generate import generate_records
from spackdex.indexer.records import Sighting

pytestmark = pytest.mark.skipif(not fts5_available(), reason="sqlite3 lacks FTS5")

QUERIES: list[tuple[str | None, Filters]] = [
    (None, {}),
    ("hdf5", {}),
    ("mpi", {"os": ["ubuntu22.04"]}),
    (None, {"tag": ["develop"], "variant": ["+mpi", "+shared"]}),
    ("gcc 13", {"stack": ["e4s", "ml-linux-x86_64-cpu"], "platform": ["linux"]}),
    ("linear algebra", {}),
    ("no-such-word", {}),
]


@pytest.fixture(scope="module")
def records() -> list[Sighting]:
    return list(generate_records(2_000, seed=11))


@pytest.fixture(scope="module")
def baselines(
    records: list[Sighting], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[WhooshAllFields, SqliteFts5]]:
    descriptions = {"netlib-lapack": "Linear algebra package", "openblas": "linear algebra"}
    whoosh = WhooshAllFields()
    whoosh.build(records, tmp_path_factory.mktemp("whoosh"), descriptions)
    sql = SqliteFts5()
    sql.build(records, descriptions=descriptions)
    yield whoosh, sql
    whoosh.close()
    sql.close()


def test_one_document_per_hash(
    baselines: tuple[WhooshAllFields, SqliteFts5], records: list[Sighting]
) -> None:
    distinct = len({s.spec.hash for s in records})
    assert baselines[0].doc_count == baselines[1].doc_count == distinct


@pytest.mark.parametrize(("text", "filters"), QUERIES)
@pytest.mark.parametrize("disjunctive", [False, True])
def test_same_totals_and_facets(
    baselines: tuple[WhooshAllFields, SqliteFts5],
    text: str | None,
    filters: Filters,
    disjunctive: bool,
) -> None:
    whoosh, sql = baselines
    a = whoosh.search_with_facets(text, filters, disjunctive=disjunctive)
    b = sql.search_with_facets(text, filters, disjunctive=disjunctive)
    assert a.total == b.total
    assert a.facets == b.facets
    assert len(a.hashes) == len(b.hashes) == min(20, a.total)


def test_match_all_counts_every_hash(baselines: tuple[WhooshAllFields, SqliteFts5]) -> None:
    whoosh, _ = baselines
    result = whoosh.search_with_facets(None, {})
    assert result.total == whoosh.doc_count
    assert sum(result.facets["package"].values()) == result.total
    assert result.facets["stack"]["root"] == result.total


def test_filters_narrow_and_disjunctive_keeps_other_values(
    baselines: tuple[WhooshAllFields, SqliteFts5],
) -> None:
    _, sql = baselines
    plain = sql.search_with_facets(None, {"platform": ["darwin"]})
    assert set(plain.facets["platform"]) == {"darwin"}
    assert 0 < plain.total < sql.doc_count
    disj = sql.search_with_facets(None, {"platform": ["darwin"]}, disjunctive=True)
    assert set(disj.facets["platform"]) == {"darwin", "linux"}
    assert disj.total == plain.total


def test_unknown_facet_is_an_error(baselines: tuple[WhooshAllFields, SqliteFts5]) -> None:
    for engine in baselines:
        with pytest.raises(ValueError, match="unknown facet"):
            engine.search_with_facets(None, {"colour": ["red"]})
