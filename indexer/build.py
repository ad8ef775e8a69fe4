"""One ``spackdex index`` run: plan, read (or reuse), merge, write, publish."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .gather import Dataset, gather, survey
from .mirror import MirrorReport
from .problems import Problem, ProblemLog, SourceError
from .publish import building, current_version, publish
from .source_cache import SourceCache
from .sources import DEFAULT_STACK, DEFAULT_TAG, plan_sources
from .store.layout import FORMAT_VERSION
from .store.write import write_columns
from .textindex import ValueDoc, write_text_index

__all__ = ["BuildOptions", "BuildReport", "NothingIndexedError", "build_index"]

# Facet fields whose values free text can find, as (vocabulary, field name in matches).
_FINDABLE_VALUES = (
    "version",
    "compiler",
    "compiler_name",
    "os",
    "platform",
    "target",
    "variant",
    "tag",
    "stack",
)
# What the units of a version skipped or warned about, replayed when a run finds it up to date.
_PROBLEMS_FILE = "problems.json"


class NothingIndexedError(RuntimeError):
    """No spec could be read from any source: publishing would serve an empty index."""


@dataclass
class BuildOptions:
    sources: list[str]
    index_dir: Path
    strict: bool = False
    tag: str = DEFAULT_TAG
    stack: str = DEFAULT_STACK
    package_files: list[str] = field(default_factory=list)
    force: bool = False
    jobs: int | None = None  # processes parsing changed units; None: one per CPU (max 4)
    view: str | None = None  # a named layout-v3 index of the mirror roots given


@dataclass
class BuildReport:
    """What a run did; ``as_json`` is the ``--json`` output of ``spackdex index``."""

    counts: dict[str, int]
    skipped: list[Problem]
    warnings: list[Problem]
    seconds: float
    up_to_date: bool
    version: Path | None
    units_read: int
    units_reused: int
    mirrors: list[MirrorReport] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            **self.counts,
            "skipped": [p.as_json() for p in self.skipped],
            "warnings": [p.as_json() for p in self.warnings],
            "seconds": round(self.seconds, 3),
            "up_to_date": self.up_to_date,
            "version": self.version.name if self.version else None,
            "units": {"read": self.units_read, "reused": self.units_reused},
            "mirrors": [m.as_json() for m in self.mirrors],
        }


ProgressStart = Callable[[int], Callable[[int], None]]


def build_index(options: BuildOptions, progress: ProgressStart | None = None) -> BuildReport:
    """Build and publish a new index version, or say the published one is up to date.

    Raises:
        SourceError: in strict mode, at the first problem (nothing is published).
        NothingIndexedError: no source yielded a single spec.
        IndexLockedError: another build holds the index dir.
    """
    started = time.perf_counter()
    problems = ProblemLog(strict=options.strict)
    options.index_dir.mkdir(parents=True, exist_ok=True)
    plan = plan_sources(
        options.sources, problems, options.tag, options.stack, options.package_files, options.view
    )
    cache = SourceCache(options.index_dir)
    surveyed = survey(plan, cache, problems)
    fingerprint = f"{FORMAT_VERSION}:{surveyed.fingerprint}"
    published = current_version(options.index_dir)
    if not options.force and published is not None and _fingerprint(published) == fingerprint:
        # nothing changed since the published version: replay its problems, write nothing
        _replay_problems(published, problems)  # strict mode raises here, as on a full run
        cache.save(prune=False)  # no unit was loaded, yet all are still wanted
        dataset = Dataset(units_reused=len(surveyed.units))
        report = _report(dataset, problems, started, True, published, _counts(published))
        report.mirrors = surveyed.mirrors
        return report
    advance = progress(len(surveyed.units)) if progress else (lambda _n: None)
    # problems found before this point are found again by every run; later ones are the units'
    first_skipped, first_warning = len(problems.skipped), len(problems.warnings)
    dataset = gather(surveyed, cache, problems, advance, options.jobs)
    if not dataset.specs:
        raise NothingIndexedError("no spec could be indexed from the sources given")
    with building(options.index_dir) as staging:
        meta = write_columns(dataset, staging, fingerprint)
        _save_problems(staging, problems.skipped[first_skipped:], problems.warnings[first_warning:])
        write_text_index(staging / "text", _package_docs(dataset), _value_docs(meta))
        version = publish(options.index_dir, staging, dataset.fingerprint)
    cache.save()
    report = _report(dataset, problems, started, False, version, meta["counts"])
    report.mirrors = surveyed.mirrors
    return report


def _package_docs(dataset: Dataset) -> list[tuple[str, str | None]]:
    names = sorted({spec.name for spec in dataset.specs.values()})
    return [(name, dataset.packages[name].description) for name in names]


def _value_docs(meta: dict[str, Any]) -> list[ValueDoc]:
    vocabularies = meta["vocabularies"]
    return [ValueDoc(name, value) for name in _FINDABLE_VALUES for value in vocabularies[name]]


def _save_problems(folder: Path, skipped: list[Problem], warnings: list[Problem]) -> None:
    document = {
        "skipped": [p.as_json() for p in skipped],
        "warnings": [p.as_json() for p in warnings],
    }
    (folder / _PROBLEMS_FILE).write_bytes(orjson.dumps(document))


def _replay_problems(version: Path, problems: ProblemLog) -> None:
    try:
        document = orjson.loads((version / _PROBLEMS_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return  # a version written before this file existed: nothing to replay
    for problem in document.get("skipped", []):
        problems.skip(SourceError(problem["source"], problem["reason"]))
    for problem in document.get("warnings", []):
        problems.warn(problem["source"], problem["reason"])


def _fingerprint(version: Path) -> str | None:
    try:
        return str(orjson.loads((version / "meta.json").read_bytes())["fingerprint"])
    except (OSError, orjson.JSONDecodeError, KeyError):
        return None


def _counts(version: Path) -> dict[str, int]:
    counts: dict[str, int] = orjson.loads((version / "meta.json").read_bytes())["counts"]
    return counts


def _report(
    dataset: Dataset,
    problems: ProblemLog,
    started: float,
    up_to_date: bool,
    version: Path,
    counts: dict[str, int],
) -> BuildReport:
    return BuildReport(
        counts=counts,
        skipped=problems.skipped,
        warnings=problems.warnings,
        seconds=time.perf_counter() - started,
        up_to_date=up_to_date,
        version=version,
        units_read=dataset.units_read,
        units_reused=dataset.units_reused,
    )
