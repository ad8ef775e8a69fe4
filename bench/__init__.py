"""Benchmark kit for spackdex: a synthetic build-cache generator and naive baselines.

- :mod:`bench.generate`: deterministic synthetic cache-site trees and records.
- :mod:`bench.baselines`: the naive Whoosh and SQLite FTS5 designs spackdex is compared to.
"""

from __future__ import annotations

__all__: list[str] = []
