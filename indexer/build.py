"""One ``spackdex index`` run: plan, read (or reuse), merge, write, publish."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .catalog_source import load_catalogs, survey_catalogs
from .gather import Dataset, gather, survey
from .mirror import MirrorReport
from .problems import Problem, ProblemLog, SourceError
from .publish import IndexWriteError, building, current_version, publish, writing
from .readers.catalog import Recipe
from .source_cache import SourceCache
from .sources import DEFAULT_STACK, DEFAULT_TAG, plan_sources
from .store.catalog import write_catalog
from .store.layout import FORMAT_VERSION
from .store.write import write_columns
from .textindex import PackageDoc, ValueDoc, write_text_index

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
    catalogs: list[str] = field(default_factory=list)  # package catalogs (--catalog)
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


def build_index(
    options: BuildOptions,
    progress: ProgressStart | None = None,
    problems: ProblemLog | None = None,
) -> BuildReport:
    """Build and publish a new index version, or say the published one is up to date.

    ``problems`` (default: a new log, strict as ``options.strict``) collects what was
    skipped or warned about; pass one to still have them when the build fails.

    Raises:
        SourceError: in strict mode, at the first problem (nothing is published).
        NothingIndexedError: no source yielded a single spec.
        IndexLockedError: another build holds the index dir.
        IndexWriteError: the index dir could not be written (disk full, permissions); the
            published version is unchanged and what this run wrote is removed.
    """
    if problems is None:
        problems = ProblemLog(strict=options.strict)
    try:
        return _build(options, problems, progress)
    except OSError as error:  # anything not already named where it happened
        raise IndexWriteError.from_os_error(error, options.index_dir) from error


def _build(
    options: BuildOptions, problems: ProblemLog, progress: ProgressStart | None
) -> BuildReport:
    started = time.perf_counter()
    if options.index_dir.exists() and not options.index_dir.is_dir():
        raise IndexWriteError(str(options.index_dir), "exists and is not a folder")
    with writing(options.index_dir):
        if not options.index_dir.exists():
            options.index_dir.mkdir(parents=True)
            options.index_dir.chmod(0o755)  # the server may run as another user
    plan = plan_sources(
        options.sources,
        problems,
        options.tag,
        options.stack,
        options.package_files,
        options.catalogs,
        options.view,
    )
    cache = SourceCache(options.index_dir)
    surveyed = survey(plan, cache, problems)
    catalog_units = survey_catalogs(plan.catalogs, cache, problems)
    surveyed.digests.extend(unit.digest for unit in catalog_units)
    fingerprint = f"{FORMAT_VERSION}:{surveyed.fingerprint}"
    published = current_version(options.index_dir)
    if not options.force and published is not None and _fingerprint(published) == fingerprint:
        # nothing changed since the published version: replay its problems, write nothing
        _replay_problems(published, problems)  # strict mode raises here, as on a full run
        _save_cache(cache, problems, prune=False)  # no unit was loaded, yet all are wanted
        dataset = Dataset(units_reused=len(surveyed.units))
        report = _report(dataset, problems, started, True, published, _counts(published))
        report.mirrors = surveyed.mirrors
        return report
    advance = progress(len(surveyed.units)) if progress else (lambda _n: None)
    # problems found before this point are found again by every run; later ones are the units'
    first_skipped, first_warning = len(problems.skipped), len(problems.warnings)
    dataset = gather(surveyed, cache, problems, advance, options.jobs)
    recipes = load_catalogs(catalog_units, cache, problems)
    if not dataset.specs:
        raise NothingIndexedError("no spec could be indexed from the sources given")
    with building(options.index_dir) as staging:
        meta = write_columns(dataset, staging, fingerprint)
        write_catalog(staging, recipes)
        _save_problems(staging, problems.skipped[first_skipped:], problems.warnings[first_warning:])
        write_text_index(staging / "text", _package_docs(dataset, recipes), _value_docs(meta))
        version = publish(options.index_dir, staging, dataset.fingerprint)
    _save_cache(cache, problems)
    report = _report(dataset, problems, started, False, version, meta["counts"])
    report.mirrors = surveyed.mirrors
    return report


def _save_cache(cache: SourceCache, problems: ProblemLog, prune: bool = True) -> None:
    """Remember file digests for the next run; failing that only costs the next run time."""
    try:
        cache.save(prune)
    except IndexWriteError as error:
        problems.warn(error.path, f"{error.reason}; the next run hashes every local file again")


def _package_docs(dataset: Dataset, recipes: dict[str, Recipe]) -> list[PackageDoc]:
    """Packages with binaries, then those only the catalog knows (found with
    ``includeWithoutBinaries``); the catalog's description stands in for a missing one."""
    names = sorted({spec.name for spec in dataset.specs.values()} | recipes.keys())
    docs = []
    for name in names:
        info, recipe = dataset.packages.get(name), recipes.get(name)
        description = (info.description if info else None) or (
            recipe.description if recipe else None
        )
        docs.append(PackageDoc(name, description, recipe.search_text() if recipe else ""))
    return docs


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
    try:
        skipped = [(p["source"], p["reason"]) for p in document.get("skipped", [])]
        warnings = [(p["source"], p["reason"]) for p in document.get("warnings", [])]
    except (AttributeError, KeyError, TypeError):
        return  # damaged by hand: the problems are found again by a forced run
    for source, reason in skipped:
        problems.skip(SourceError(source, reason))
    for source, reason in warnings:
        problems.warn(source, reason)


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
