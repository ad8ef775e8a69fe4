"""The peer users would pick: Datasette serving a SQLite database of the same data.

Datasette is what people reach for to put a dataset with facets on the web. The database
holds one row per distinct hash (as the SQLite baseline does), with tags, stacks and variants
as JSON arrays (Datasette facets those with ``_facet_array``), and an FTS5 table over the
same text columns, declared with ``content="specs"`` so that Datasette offers ``_search`` on
the table. It is served by ``datasette serve`` on a free 127.0.0.1 port, with its SQL and
facet time limits raised so that slow answers are measured rather than cut short.

The query mix is asked as Datasette's table API: ``_search`` for text, exact column filters
(``__in``, ``__arraycontains``) for facet selections and spec syntax, ``_facet`` /
``_facet_array`` with ``_facet_size``, ``_size=20`` and ``_col`` for the fields shown. Facet
counts there are conjunctive (a field's own selection narrows its counts) where spackdex's
are disjunctive: Datasette does less work for the two-facet query, not more.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import orjson

from bench.http_load import HOST, Probe, free_port, json_answer, stop_process, wait_until
from bench.procs import bench_env, children_of
from bench.queries import QueryCase
from bench.specdocs import group_by_hash
from spackdex.indexer.records import Sighting

__all__ = [
    "DATASETTE_SETTINGS",
    "RunningDatasette",
    "build_database",
    "datasette_available",
    "datasette_probes",
    "running_datasette",
]

TABLE = "specs"
# Facet field -> (column, whether it holds a JSON array).
_COLUMNS = {
    "package": ("name", False),
    "version": ("version", False),
    "compiler": ("compiler", False),
    "os": ("os", False),
    "platform": ("platform", False),
    "target": ("target", False),
    "tag": ("tags", True),
    "stack": ("stacks", True),
    "variant": ("variants", True),
}
_TEXT = ("name", "description", "variants", "version", "compiler", "os", "target")
# Defaults cut a facet off after 200 ms and a query after 1 s; the load would then measure
# cut-short answers.
DATASETTE_SETTINGS = {"sql_time_limit_ms": "60000", "facet_time_limit_ms": "60000"}
# The fields each spackdex query shows, as Datasette columns (realistic, then heavy).
REALISTIC_COLUMNS = ("hash", "name", "version", "os", "target", "compiler")
REALISTIC_FACETS = ("compiler", "os", "target", "tag", "stack")
HEAVY_COLUMNS = ("hash", "name", "version")
HEAVY_FACETS = tuple(_COLUMNS)


def datasette_available() -> bool:
    """Whether ``datasette`` is installed (the bench extra brings it)."""
    return importlib.util.find_spec("datasette") is not None


def build_database(
    records: Iterable[Sighting], path: Path, descriptions: Mapping[str, str] | None = None
) -> dict[str, float | int]:
    """Write the database Datasette serves; its size and build seconds."""
    start = time.perf_counter()
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        f"""
        CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL, version TEXT NOT NULL, compiler TEXT NOT NULL,
            os TEXT NOT NULL, platform TEXT NOT NULL, target TEXT NOT NULL,
            description TEXT NOT NULL, variants TEXT NOT NULL, tags TEXT NOT NULL,
            stacks TEXT NOT NULL);
        CREATE VIRTUAL TABLE {TABLE}_fts USING fts5({", ".join(_TEXT)},
            content="{TABLE}", content_rowid="id");
        """
    )
    docs = group_by_hash(records, descriptions)

    def array(values: Sequence[str]) -> str:
        return orjson.dumps(list(values)).decode()

    with db:
        db.executemany(
            f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    d.spec.hash,
                    d.spec.name,
                    d.spec.version,
                    d.compiler,
                    d.spec.os,
                    d.spec.platform,
                    d.spec.target,
                    d.description,
                    array(d.spec.variants),
                    array(d.tags),
                    array(d.stacks),
                )
                for i, d in enumerate(docs, 1)
            ),
        )
        db.execute(f"INSERT INTO {TABLE}_fts({TABLE}_fts) VALUES ('rebuild')")
        # what a Datasette user filtering on these columns would add
        for column in ("name", "os", "compiler"):
            db.execute(f"CREATE INDEX {TABLE}_{column} ON {TABLE}({column})")
    db.execute("ANALYZE")
    db.close()
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "rows": len(docs),
        "bytes": path.stat().st_size,
    }


def _answered(status: int, body: bytes) -> bool:
    """A table answer with rows and every asked facet (none cut off by a time limit)."""
    document = json_answer(status, body)
    return (
        document is not None
        and "rows" in document
        and not document.get("error")
        and not document.get("facets_timed_out")
    )


def _params(case: QueryCase, columns: Sequence[str], facets: Sequence[str], size: int) -> str:
    params: list[tuple[str, str]] = [("_size", "20"), ("_facet_size", str(size))]
    params += [("_col", c) for c in columns if c != "hash"]  # the primary key comes anyway
    for field in facets:
        column, is_array = _COLUMNS[field]
        params.append(("_facet_array" if is_array else "_facet", column))
    if case.text:
        params.append(("_search", case.text))
    for field, values in case.filters.items():
        column, is_array = _COLUMNS[field]
        if is_array:
            params += [(f"{column}__arraycontains", v) for v in values]  # AND: one value each
        elif len(values) == 1:
            params.append((f"{column}__exact", values[0]))
        else:
            params.append((f"{column}__in", ",".join(values)))
    return urlencode(params)


def datasette_probes(cases: Sequence[QueryCase], database: str, heavy: bool) -> list[Probe]:
    """The query mix as GETs of Datasette's table JSON, like the realistic or the heavy
    GraphQL query."""
    columns, facets, size = (
        (HEAVY_COLUMNS, HEAVY_FACETS, 50) if heavy else (REALISTIC_COLUMNS, REALISTIC_FACETS, 10)
    )
    return [
        Probe(
            c.kind,
            f"/{database}/{TABLE}.json?{_params(c, columns, facets, size)}",
            None,
            _answered,
        )
        for c in cases
    ]


@dataclass
class RunningDatasette:
    """A started ``datasette serve``."""

    process: subprocess.Popen[bytes]
    url: str
    database: str
    ready_s: float

    def pids(self) -> list[int]:
        return [self.process.pid, *children_of(self.process.pid)]


@contextmanager
def running_datasette(db: Path, workdir: Path, timeout_s: float) -> Iterator[RunningDatasette]:
    """``datasette serve db`` on a free local port (immutable: read-only, no locking)."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    log = workdir / "datasette.log"
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(db), "-h", HOST, "-p", str(port)]
    for name, value in DATASETTE_SETTINGS.items():
        args += ["--setting", name, value]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            args, stdout=sink, stderr=subprocess.STDOUT, env=bench_env(), start_new_session=True
        )
    try:
        ready_s = wait_until(process, url, "/-/versions.json", log, timeout_s)
        yield RunningDatasette(process, url, db.stem, ready_s)
    finally:
        stop_process(process)
