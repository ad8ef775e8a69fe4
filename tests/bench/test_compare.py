"""The side-by-side HTTP phase: Datasette's database and requests, and a whole run against
an earlier release (this checkout's HEAD, archived) and Datasette (slow)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson
import pytest

from bench.__main__ import main
from bench.baselines import fts5_available
from bench.datasette_peer import build_database, datasette_available, datasette_probes
from bench.generate import generate_records
from bench.queries import QueryCase
from spackdex.indexer.search.request import SearchRequest

pytestmark = pytest.mark.skipif(not fts5_available(), reason="sqlite3 lacks FTS5")


def _params(path: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(path).query)


def test_database_holds_one_row_per_hash_with_searchable_text(tmp_path: Path) -> None:
    records = list(generate_records(2_000, 0))
    db_path = tmp_path / "specs.db"
    facts = build_database(records, db_path, {"hdf5": "HDF5 is a data model"})
    hashes = {r.spec.hash for r in records}
    assert facts["rows"] == len(hashes)
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT count(*) FROM specs").fetchone()[0] == len(hashes)
    # FTS over the rows' own text, the way Datasette's _search queries it
    found = db.execute(
        "SELECT count(*) FROM specs WHERE id IN "
        "(SELECT rowid FROM specs_fts WHERE specs_fts MATCH '\"hdf5\"')"
    ).fetchone()[0]
    expected = len({r.spec.hash for r in records if r.spec.name == "hdf5"})
    assert found >= expected > 0
    tags = orjson.loads(db.execute("SELECT tags FROM specs LIMIT 1").fetchone()[0])
    assert isinstance(tags, list) and tags


def test_requests_spell_the_query_mix_in_datasette_parameters() -> None:
    spec = QueryCase(
        "spec",
        SearchRequest(spec="hdf5@1.14: +mpi %gcc"),
        None,
        {"package": ["hdf5"], "version": ["1.14.0", "1.14.3"], "variant": ["+mpi"]},
    )
    text = QueryCase("text", SearchRequest(query="linear algebra"), "linear algebra")
    realistic = datasette_probes([spec, text], "specs", heavy=False)
    heavy = datasette_probes([spec, text], "specs", heavy=True)
    assert [p.kind for p in realistic] == ["spec", "text"]
    assert all(p.path.startswith("/specs/specs.json?") and p.body is None for p in realistic)
    params = _params(realistic[0].path)
    assert ("name__exact", "hdf5") in params
    assert ("version__in", "1.14.0,1.14.3") in params
    assert ("variants__arraycontains", "+mpi") in params
    assert ("_size", "20") in params and ("_facet_size", "10") in params
    facets = [v for k, v in params if k in ("_facet", "_facet_array")]
    assert facets == ["compiler", "os", "target", "tags", "stacks"]
    assert ("_search", "linear algebra") in _params(realistic[1].path)
    heavy_params = _params(heavy[0].path)
    assert ("_facet_size", "50") in heavy_params
    assert len([k for k, _ in heavy_params if k in ("_facet", "_facet_array")]) == 9


@pytest.mark.slow
@pytest.mark.skipif(not datasette_available(), reason="datasette is not installed")
def test_side_by_side_run(tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    code = main([
        "--occurrences", "20000", "--repeats", "2", "--baseline-repeats", "1", "--warmup", "1",
        "--time-cap", "1", "--http-duration", "1", "--http-warmup", "0.2", "--concurrency", "2",
        "--cpu-repeats", "2", "--skip-whoosh", "--skip-sqlite", "--compare", "HEAD",
        "--compare-rounds", "1", "--compare-concurrency", "4", "--quiet", "--json",
        "--workdir", str(tmp_path / "work"), "--output", str(output),
    ])  # fmt: skip
    report: dict[str, Any] = orjson.loads(output.read_bytes())
    assert code == 0 and report["errors"] == []
    compare = report["runs"][0]["http_compare"]
    assert set(compare["contenders"]) == {"spackdex", "spackdex HEAD", "datasette"}
    for name, by_query in compare["contenders"].items():
        assert set(by_query) == {"realistic", "heavy"}
        for figures in by_query.values():
            assert figures["requests"] > 0 and figures["errors"] == 0, name
            assert {"p50_ms", "p99_ms"} <= figures.keys()  # their order: bench/checks.py
    assert compare["previous_release"]["index"] == "shared"
    cpu = compare["server_cpu"]
    for name in ("spackdex", "previous"):
        for query in ("realistic", "heavy"):
            assert {"cpu_ms", "engine_ms", "execution_ms", "rest_ms"} <= cpu[name][query].keys()
    assert set(cpu["ratio"]) == {"realistic", "heavy"}
    assert set(compare["ratios"]) == {"spackdex HEAD", "datasette"}
    assert compare["datasette_db"]["rows"] == report["runs"][0]["index"]["spackdex"]["specs"]
