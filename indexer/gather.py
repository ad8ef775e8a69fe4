"""Reading every unit of a plan (or reusing its cached parse) into one merged dataset.

Two steps, so that an unchanged run does no work: ``survey`` learns each unit's content
digest (from file sizes and mtimes where it can, without reading), and only when the
combined fingerprint differs from the published one does ``gather`` load or parse them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .http_memory import HttpMemory
from .mirror import MirrorReport, survey_mirrors
from .problems import ProblemLog, SourceError
from .readers.database import parse_database
from .readers.fetch import is_url, read_location
from .readers.metadata import parse_packages, parse_tags_yaml
from .readers.site_page import parse_site_page
from .records import PackageInfo, Sighting, SpecRecord, TagInfo
from .source_cache import SourceCache, UnitResult, store_unit, unit_digest
from .sources import DatabaseUnit, SiteTagUnit, SourcePlan
from .workers import parsing_pool, signals_deferred

__all__ = ["Dataset", "Survey", "gather", "survey"]

Advance = Callable[[int], None]
Parse = Callable[[ProblemLog], UnitResult]


@dataclass
class _Pending:
    digest: str
    parse: Parse


@dataclass
class Survey:
    """Every unit's digest, and the small sources read whole on the way."""

    units: list[_Pending] = field(default_factory=list)
    packages: list[UnitResult] = field(default_factory=list)
    tags: list[TagInfo] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    mirrors: list[MirrorReport] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join(sorted(self.digests)).encode()).hexdigest()


@dataclass
class Dataset:
    """Every spec once, where it was seen, and what is known of packages and tags."""

    fingerprint: str = ""
    specs: dict[str, SpecRecord] = field(default_factory=dict)
    # hash -> tag -> stacks of that tag holding it
    occurrences: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    packages: dict[str, PackageInfo] = field(default_factory=dict)
    tag_stacks: dict[str, set[str]] = field(default_factory=dict)
    # (hash, tag) -> the mirror root it came from; only for specs read from mirrors
    mirrors: dict[tuple[str, str], str] = field(default_factory=dict)
    units_read: int = 0
    units_reused: int = 0

    def add(self, sighting: Sighting) -> None:
        spec = sighting.spec
        known = self.specs.get(spec.hash)
        if known is None:
            self.specs[spec.hash] = spec
        elif known is not spec:
            self.specs[spec.hash] = _merge(known, spec)
        stacks = self.occurrences.setdefault(spec.hash, {}).setdefault(sighting.tag, set())
        stacks.update(sighting.stacks)
        stacks.add("root")  # root is the tag's top-level cache: it holds every spec
        self.tag_stacks.setdefault(sighting.tag, set()).update(stacks)
        if sighting.mirror is not None:
            key = (spec.hash, sighting.tag)
            # the tag's root mirror (the union of its stacks) is the one to name; else
            # the first mirror that had it
            if key not in self.mirrors or "root" in sighting.stacks:
                self.mirrors[key] = sighting.mirror


def _merge(known: SpecRecord, other: SpecRecord) -> SpecRecord:
    """The same hash from two sources: keep dependency data, fill in size and tarball."""
    if (
        (known.dependencies is not None or other.dependencies is None)
        and (known.size is not None or other.size is None)
        and (known.tarball is not None or other.tarball is None)
        and (known.signed is not None or other.signed is None)
    ):
        return known  # the usual case, a spec carried over to the next tag: nothing to add
    base, extra = (other, known) if known.dependencies is None else (known, other)
    return replace(
        base,
        size=base.size if base.size is not None else extra.size,
        tarball=base.tarball or extra.tarball,
        signed=base.signed if base.signed is not None else extra.signed,
    )


def survey(plan: SourcePlan, cache: SourceCache, problems: ProblemLog) -> Survey:
    """Digest every unit; read whole only the small ones (package lists, tags.yaml)."""
    result = Survey()
    for site in plan.site_tags:
        _add(result, _site_unit(site, cache, problems))
    for database in plan.databases:
        _add(result, _database_unit(database, cache, problems))
    memory = HttpMemory(cache.units.parent)
    for mirrors in survey_mirrors(plan.mirrors, cache, memory, problems):
        _add(result, _Pending(mirrors.digest, mirrors.parse))
        result.mirrors.extend(mirrors.reports)
    memory.save()
    for location in plan.package_files:
        try:
            data = read_location(location)
        except SourceError as error:
            problems.skip(error)
            continue
        result.digests.append(hashlib.sha256(data).hexdigest())
        local = ProblemLog(log=False)  # replayed (and logged) by gather
        try:
            packages = parse_packages(data, location, local)
        except SourceError as error:
            problems.skip(error)
            continue
        result.packages.append(UnitResult(packages=packages, skipped=local.skipped))
    for location in plan.tag_lists:
        try:
            data = read_location(location)
            result.tags.extend(parse_tags_yaml(data, location))
        except SourceError as error:
            problems.skip(error)
            continue
        result.digests.append(hashlib.sha256(data).hexdigest())
    return result


def _add(result: Survey, pending: _Pending | None) -> None:
    if pending is not None:
        result.units.append(pending)
        result.digests.append(pending.digest)


def gather(
    surveyed: Survey,
    cache: SourceCache,
    problems: ProblemLog,
    advance: Advance,
    jobs: int | None = None,
) -> Dataset:
    """Load (or parse and cache) every surveyed unit and merge them.

    Units not in the cache are parsed by ``jobs`` processes (default: one per CPU, at most
    4): this one, which takes the first ``1/jobs`` of them, and ``jobs - 1`` workers, which
    take the rest and write them to the cache. This process parses its own share directly
    and merges all units in plan order, so the result does not depend on which worker
    finishes first.
    """
    dataset = Dataset(fingerprint=surveyed.fingerprint)
    missing = [p for p in surveyed.units if not cache.contains(p.digest)]
    missing_digests = {p.digest for p in missing}
    jobs = min(jobs or os.cpu_count() or 1, _MAX_JOBS, len(missing))
    # This process parses the first share of the units, the workers the rest, each in plan
    # order: neighbouring units (a tag's mirrors and the next week's) share most of their
    # specs, and a process parses a spec once however many of its units list it.
    own_share = -(-len(missing) // jobs) if jobs > 1 else len(missing)
    delegated = missing[own_share:]
    with parsing_pool(jobs - 1, len(delegated)) as pool:
        parsing: dict[str, Future[None]] = {}
        if pool is not None:
            with signals_deferred():  # submitting starts the workers: not to be cut short
                parsing = {
                    p.digest: pool.submit(_parse_into_cache, cache.units, p) for p in delegated
                }
        # on any failure (a full disk fails every unit) the pool ends its workers at once
        _merge_units(surveyed, cache, parsing, missing_digests, dataset, problems, advance)
    dataset.units_read = len(missing)
    dataset.units_reused = len(surveyed.units) - len(missing)
    for packages in surveyed.packages:
        _take(dataset, packages, problems)
    for tag in surveyed.tags:
        # tags.yaml may be older than the pages beside it: only add stacks to tags that
        # have specs, so that no tag shows up empty
        if tag.name in dataset.tag_stacks:
            dataset.tag_stacks[tag.name].update(tag.stacks)
    for name in {spec.name for spec in dataset.specs.values()} - dataset.packages.keys():
        dataset.packages[name] = PackageInfo(name)
    return dataset


def _merge_units(
    surveyed: Survey,
    cache: SourceCache,
    parsing: dict[str, Future[None]],
    missing_digests: set[str],
    dataset: Dataset,
    problems: ProblemLog,
    advance: Advance,
) -> None:
    """Take every unit in plan order: a worker's from the cache, the rest parsed here."""
    for pending in surveyed.units:
        result = None
        if pending.digest in parsing:
            parsing[pending.digest].result()  # a worker's exception surfaces here
        if pending.digest in parsing or pending.digest not in missing_digests:
            result = cache.load(pending.digest)
        if result is None:  # ours to parse (or a cache file turned out unreadable)
            result = _parse_and_store(cache.units, pending)
            cache.mark_used(pending.digest)  # so that saving keeps it
        _take(dataset, result, problems)
        advance(1)


# Parsing is pure Python, so parallel means processes (see workers.py).
_MAX_JOBS = 4


def _parse_into_cache(units: Path, pending: _Pending) -> None:
    """A worker's task: the result goes to the cache, not back through a pipe."""
    _parse_and_store(units, pending)


def _parse_and_store(units: Path, pending: _Pending) -> UnitResult:
    """Parse one unit into the cache (in a worker process, or here)."""
    local = ProblemLog(log=False)  # _take logs what it replays
    result = pending.parse(local)
    result.skipped, result.warnings = local.skipped, local.warnings
    store_unit(units, pending.digest, result)
    return result


def _take(dataset: Dataset, result: UnitResult, problems: ProblemLog) -> None:
    for problem in result.skipped:  # replayed from the cache too: strict mode sees them
        problems.skip(SourceError(problem.source, problem.reason))
    for problem in result.warnings:
        problems.warn(problem.source, problem.reason)
    for sighting in result.sightings:
        dataset.add(sighting)
    for package in result.packages:
        known = dataset.packages.get(package.name)
        if known is None or known.description is None:
            dataset.packages[package.name] = package


def _site_unit(unit: SiteTagUnit, cache: SourceCache, problems: ProblemLog) -> _Pending | None:
    try:
        parts = [f"{Path(p).relative_to(unit.folder)}={cache.file_digest(p)}" for p in unit.pages]
    except OSError as error:
        problems.skip(SourceError(unit.folder, f"cannot read: {error}"))
        return None

    return _Pending(unit_digest("site", unit.folder, *parts), partial(_parse_pages, unit.pages))


def _parse_pages(pages: tuple[str, ...], local: ProblemLog) -> UnitResult:
    result = UnitResult()
    for page in pages:
        try:
            content = parse_site_page(read_location(page), page, local)
        except SourceError as error:
            local.skip(error)
            continue
        result.sightings.extend(content.sightings)
    return result


def _database_unit(unit: DatabaseUnit, cache: SourceCache, problems: ProblemLog) -> _Pending | None:
    data: bytes | None = None
    try:
        if is_url(unit.location):
            data = read_location(unit.location)  # fetched once, parsed from memory
            content = hashlib.sha256(data).hexdigest()
        else:
            content = cache.file_digest(unit.location)
    except SourceError as error:
        problems.skip(error)
        return None
    except FileNotFoundError:
        problems.skip(SourceError(unit.location, "no such file"))
        return None
    except OSError as error:
        problems.skip(SourceError(unit.location, f"cannot read: {error.strerror}"))
        return None

    digest = unit_digest("database", unit.tag, unit.stack, content)
    return _Pending(digest, partial(_parse_database, unit, data))


def _parse_database(unit: DatabaseUnit, data: bytes | None, local: ProblemLog) -> UnitResult:
    try:
        specs = parse_database(data or read_location(unit.location), unit.location, local)
    except SourceError as error:
        local.skip(error)
        specs = []
    return UnitResult(sightings=[Sighting(s, unit.tag, (unit.stack,)) for s in specs])
