"""The SQL baseline: SQLite with an FTS5 table for text and GROUP BY for facet counts.

``specs`` holds one row per distinct hash; tags, stacks and variants are side tables of
(spec_id, value); ``specs_fts`` is an FTS5 table whose rowid is the spec's id. A search
fills a temporary table with the matching ids, then each facet is one GROUP BY over it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from bench.facets import FACETS, MULTI_VALUED, Filters, SearchResult, check_filters, tokenize
from bench.specdocs import group_by_hash
from spackdex.indexer.records import Sighting

__all__ = ["SqliteFts5", "fts5_available"]

PAGE_SIZE = 20

# Facet -> column of ``specs`` (single-valued) or side table and its value column.
_COLUMNS = {
    "package": "name",
    "version": "version",
    "compiler": "compiler",
    "os": "os",
    "platform": "platform",
    "target": "target",
}
_SIDE = {
    "tag": ("spec_tags", "tag"),
    "stack": ("spec_stacks", "stack"),
    "variant": ("spec_variants", "variant"),
}
_TEXT_COLUMNS = ("name", "description", "variants", "version", "compiler", "os", "target")

_DDL = f"""
CREATE TABLE specs (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    version TEXT NOT NULL, compiler TEXT NOT NULL, os TEXT NOT NULL, platform TEXT NOT NULL,
    target TEXT NOT NULL);
CREATE TABLE spec_tags (spec_id INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE TABLE spec_stacks (spec_id INTEGER NOT NULL, stack TEXT NOT NULL);
CREATE TABLE spec_variants (spec_id INTEGER NOT NULL, variant TEXT NOT NULL);
CREATE VIRTUAL TABLE specs_fts USING fts5({", ".join(_TEXT_COLUMNS)});
"""
# Built after loading: bulk inserts into unindexed tables are much faster.
_INDEXES = """
CREATE INDEX specs_name ON specs(name);
CREATE INDEX spec_tags_value ON spec_tags(tag, spec_id);
CREATE INDEX spec_tags_id ON spec_tags(spec_id);
CREATE INDEX spec_stacks_value ON spec_stacks(stack, spec_id);
CREATE INDEX spec_stacks_id ON spec_stacks(spec_id);
CREATE INDEX spec_variants_value ON spec_variants(variant, spec_id);
CREATE INDEX spec_variants_id ON spec_variants(spec_id);
"""


def fts5_available() -> bool:
    """Whether this Python's sqlite3 was built with FTS5."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


def _match_expression(text_query: str | None) -> str | None:
    # Each word quoted: FTS5 ANDs juxtaposed strings, and quoting keeps words such as
    # "and"/"or"/"not" or punctuation from being read as query syntax.
    words = tokenize(text_query or "")
    return " ".join(f'"{w}"' for w in words) if words else None


class SqliteFts5:
    """SQLite + FTS5 over distinct hashes; see the module docstring."""

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None

    def build(
        self,
        records: Iterable[Sighting],
        db_path: Path | str = ":memory:",
        descriptions: Mapping[str, str] | None = None,
    ) -> float:
        """Load ``records`` into a new database (in memory by default); returns seconds."""
        start = time.perf_counter()
        self.close()
        if str(db_path) != ":memory:":
            Path(db_path).unlink(missing_ok=True)
        db = sqlite3.connect(str(db_path))
        db.executescript(_DDL)
        docs = group_by_hash(records, descriptions)
        with db:
            db.executemany(
                "INSERT INTO specs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
                    )
                    for i, d in enumerate(docs, 1)
                ),
            )
            for facet, (table, _) in _SIDE.items():
                db.executemany(
                    f"INSERT INTO {table} VALUES (?, ?)",
                    ((i, v) for i, d in enumerate(docs, 1) for v in d.facet_values()[facet]),
                )
            db.executemany(
                f"INSERT INTO specs_fts (rowid, {', '.join(_TEXT_COLUMNS)}) "
                f"VALUES (?{', ?' * len(_TEXT_COLUMNS)})",
                ((i, *d.text_columns().values()) for i, d in enumerate(docs, 1)),
            )
        db.executescript(_INDEXES)
        db.execute("ANALYZE")
        db.execute("CREATE TEMP TABLE matched (id INTEGER PRIMARY KEY)")
        self._db = db
        return time.perf_counter() - start

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def doc_count(self) -> int:
        """Number of distinct hashes loaded."""
        return int(self._require().execute("SELECT count(*) FROM specs").fetchone()[0])

    def _require(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("build() the database first")
        return self._db

    @staticmethod
    def _where(
        match: str | None, filters: Filters, skip: str | None = None
    ) -> tuple[str, list[str]]:
        clauses: list[str] = []
        params: list[str] = []
        if match is not None:
            clauses.append("s.id IN (SELECT rowid FROM specs_fts WHERE specs_fts MATCH ?)")
            params.append(match)
        for facet, values in filters.items():
            if facet == skip or not values:
                continue
            marks = ", ".join("?" * len(values))
            if facet in MULTI_VALUED:
                table, column = _SIDE[facet]
                clauses.append(f"s.id IN (SELECT spec_id FROM {table} WHERE {column} IN ({marks}))")
            else:
                clauses.append(f"s.{_COLUMNS[facet]} IN ({marks})")
            params.extend(values)
        return (" AND ".join(clauses) or "1"), params

    def _fill_matched(self, where: str, params: list[str]) -> None:
        db = self._require()
        db.execute("DELETE FROM matched")
        db.execute(f"INSERT INTO matched SELECT s.id FROM specs s WHERE {where}", params)

    def _facet_counts(self, facet: str) -> dict[str, int]:
        if facet in MULTI_VALUED:
            table, column = _SIDE[facet]
            sql = (
                f"SELECT t.{column}, count(*) FROM matched m "
                f"JOIN {table} t ON t.spec_id = m.id GROUP BY t.{column}"
            )
        else:
            column = _COLUMNS[facet]
            sql = (
                f"SELECT s.{column}, count(*) FROM matched m "
                f"JOIN specs s ON s.id = m.id GROUP BY s.{column}"
            )
        return {str(v): int(n) for v, n in self._require().execute(sql)}

    def search_with_facets(
        self, text_query: str | None, filters: Filters, *, disjunctive: bool = False
    ) -> SearchResult:
        """Same contract as :meth:`bench.whoosh_baseline.WhooshAllFields.search_with_facets`."""
        check_filters(filters)
        db = self._require()
        match = _match_expression(text_query)
        self._fill_matched(*self._where(match, filters))
        total = int(db.execute("SELECT count(*) FROM matched").fetchone()[0])
        if match is None:
            rows = db.execute(
                "SELECT s.hash FROM matched m JOIN specs s ON s.id = m.id ORDER BY m.id LIMIT ?",
                (PAGE_SIZE,),
            )
        else:
            # Best BM25 rank first, as the text engine orders hits.
            rows = db.execute(
                "SELECT s.hash FROM specs_fts f JOIN matched m ON m.id = f.rowid "
                "JOIN specs s ON s.id = f.rowid WHERE specs_fts MATCH ? ORDER BY f.rank "
                "LIMIT ?",
                (match, PAGE_SIZE),
            )
        hashes = [str(h) for (h,) in rows]
        counts = {facet: self._facet_counts(facet) for facet in FACETS}
        if disjunctive:
            for facet, values in filters.items():
                if values:
                    self._fill_matched(*self._where(match, filters, skip=facet))
                    counts[facet] = self._facet_counts(facet)
        return SearchResult(total, hashes, counts)
