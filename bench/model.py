"""The synthetic build-cache model: which specs each weekly tag holds.

A tag is a population of specs. Going from one tag to the next, each spec survives with
probability ``carry`` (drawn per tag in 80-90%); a spec that does not survive is usually
replaced by a rebuild of the same package (same stacks and environment, a new hash, now
and then a newer version or other variants), and the population is topped up with fresh
specs to the tag's target size. Fresh specs pick their package by Zipf weight over the
catalog's popularity order, then a stack, whose family fixes os, target and compiler.
"""

from __future__ import annotations

import base64
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from bench.catalog import PACKAGES, PackageDef, VariantDef, variant_sort_key
from bench.stacks import FAMILIES, STACKS, Family, StackDef
from spackdex.indexer.records import Sighting, SpecRecord, parse_compiler

__all__ = ["LAST_DATED_TAG", "SPECS_PER_TAG", "default_weeks", "simulate", "tag_names"]

# The real sample page belongs to develop-2025-03-16; the synthetic time line ends there so
# generated tag names look like the real ones (no clock is read: output is deterministic).
LAST_DATED_TAG = date(2025, 3, 16)
# Roughly the size of one real weekly tag; decides how many tags an occurrence count spans.
SPECS_PER_TAG = 12_000
_ZIPF_S = 1.05
_ZIPF_Q = 3.0
_CARRY = (0.80, 0.90)
_REPLACE = 0.9  # share of dropped specs rebuilt under a new hash rather than gone for good
_RELEASE = 0.05  # weekly chance that a package publishes a new version
_ML_CATEGORIES = frozenset({"ml", "python", "math", "gpu", "io", "graphics"})
_B32_BYTES = 20  # 160 bits encode to exactly 32 base32 characters


def default_weeks(occurrences: int) -> int:
    """Number of dated weekly tags for a total occurrence count (``develop`` comes on top)."""
    return max(3, min(52, round(occurrences / SPECS_PER_TAG)))


def tag_names(weeks: int) -> list[str]:
    """Tags in chronological order: ``weeks`` dated snapshots, then the rolling ``develop``."""
    first = LAST_DATED_TAG - timedelta(weeks=weeks - 1)
    dated = [f"develop-{first + timedelta(weeks=i):%Y-%m-%d}" for i in range(weeks)]
    return [*dated, "develop"]


def _tag_sizes(total: int, n: int) -> list[int]:
    """Split ``total`` into ``n`` sizes growing ~1% a week, summing exactly to ``total``."""
    weights = [1.0 + 0.01 * i for i in range(n)]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    sizes = [math.floor(x) for x in exact]
    # Largest remainders first, so the sum is exact and the result deterministic.
    order = sorted(range(n), key=lambda i: (sizes[i] - exact[i], i))
    for i in order[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    if len(options) == 1:
        return options[0][0]
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _version_text(parts: Sequence[int]) -> str:
    return ".".join(map(str, parts))


@dataclass(slots=True)
class _Live:
    """A spec alive in the current tag, with what a rebuild of it needs to know."""

    record: SpecRecord
    stacks: tuple[str, ...]
    pkg: PackageDef
    family: Family
    gpu: str | None


class _Model:
    """Mutable generator state: the random stream and each package's known versions."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.packages = PACKAGES
        self.pkg_cum = list(accumulate(1.0 / (p.rank + _ZIPF_Q) ** _ZIPF_S for p in self.packages))
        self.versions: dict[str, list[tuple[int, ...]]] = {
            p.name: self._initial_versions() for p in self.packages
        }
        self.stack_choices: list[StackDef] = []
        self.cum_ml: list[float] = []
        self.cum_other: list[float] = []

    # -- set-up -------------------------------------------------------------------------

    def _initial_versions(self) -> list[tuple[int, ...]]:
        rng = self.rng
        scheme = rng.random()
        if scheme < 0.7:
            base: tuple[int, ...] = (
                rng.choice((0, 1, 1, 2, 2, 3, 4, 5)),
                rng.randint(0, 24),
                rng.randint(0, 9),
            )
        elif scheme < 0.9:
            base = (rng.randint(1, 9), rng.randint(0, 30))
        else:
            base = (rng.randint(2022, 2024), rng.randint(1, 12))
        versions = [base]
        for _ in range(rng.randint(0, 3)):
            versions.append(self._next_version(versions[-1]))
        return versions

    def _next_version(self, v: tuple[int, ...]) -> tuple[int, ...]:
        r = self.rng.random()
        if r < 0.7:
            return (*v[:-1], v[-1] + 1)
        if r < 0.95 or len(v) < 3:
            return (v[0], v[1] + 1, *([0] * (len(v) - 2)))
        return (v[0] + 1, 0, *([0] * (len(v) - 2)))

    def release_versions(self) -> None:
        """Let some packages release a new version this week (about one in twenty)."""
        for known in self.versions.values():
            if self.rng.random() < _RELEASE:
                known.append(self._next_version(known[-1]))

    def set_active_stacks(self, stacks: list[StackDef]) -> None:
        """Restrict fresh specs to the stacks existing in the current tag."""
        self.stack_choices = stacks
        # ML stacks mostly hold Python and numerical packages; other stacks the rest.
        self.cum_ml = list(accumulate(s.weight * (3.0 if s.ml else 1.0) for s in stacks))
        self.cum_other = list(accumulate(s.weight * (0.3 if s.ml else 1.0) for s in stacks))

    # -- spec construction --------------------------------------------------------------

    def _hash(self) -> str:
        return base64.b32encode(self.rng.randbytes(_B32_BYTES)).decode("ascii").lower()

    def _variants(self, pkg: PackageDef, gpu: str | None) -> tuple[str, ...]:
        rng = self.rng
        out: list[str] = []
        vdef: VariantDef
        for vdef in pkg.variants:
            if vdef.is_bool:
                if vdef.name in ("cuda", "rocm"):
                    value = gpu == vdef.name or (vdef.default and gpu is None)
                else:
                    value = vdef.default if rng.random() >= 0.1 else not vdef.default
                out.append(vdef.render(value))
            else:
                choices = vdef.choices
                pick = (
                    choices[0]
                    if len(choices) == 1 or rng.random() < 0.8
                    else rng.choice(choices[1:])
                )
                out.append(vdef.render(pick))
        # GPU builds carry the architecture they target, as the real cuda/rocm stacks do.
        if gpu == "cuda" and "+cuda" in out and not pkg.has_variant("cuda_arch"):
            out.append(f"cuda_arch={rng.choice(('80', '90'))}")
        if gpu == "rocm" and "+rocm" in out and not pkg.has_variant("amdgpu_target"):
            out.append("amdgpu_target=gfx90a")
        return tuple(sorted(out, key=variant_sort_key))

    def _size(self) -> int | None:
        if self.rng.random() < 0.15:
            return None  # pages write "-" when the tarball size is unknown
        return int(self.rng.lognormvariate(math.log(8e6), 1.6)) + 1024

    def _pick_version(self, pkg: PackageDef) -> str:
        known = self.versions[pkg.name]
        v = known[-1] if self.rng.random() < 0.6 else self.rng.choice(known[-4:])
        return _version_text(v)

    def fresh(self) -> _Live:
        """A spec of a Zipf-chosen package in one or more stacks of one family."""
        rng = self.rng
        pkg = rng.choices(self.packages, cum_weights=self.pkg_cum)[0]
        ml_like = pkg.name.startswith("py-") or pkg.category in _ML_CATEGORIES
        cum = self.cum_ml if ml_like else self.cum_other
        primary = rng.choices(self.stack_choices, cum_weights=cum)[0]
        chosen = [primary]
        r = rng.random()
        extra = 2 if r < 0.03 else 1 if r < 0.15 else 0
        if extra:
            mates = [
                s for s in self.stack_choices if s.family == primary.family and s is not primary
            ]
            chosen += rng.sample(mates, min(extra, len(mates)))
        family = FAMILIES[primary.family]
        gpu = next((s.gpu for s in chosen if s.gpu), None)
        compiler = "none" if pkg.pure_python else _pick(rng, family.compilers)
        if pkg.name == "gcc-runtime" and not compiler.startswith("gcc"):
            compiler = "gcc@=12.3.0"  # the runtime exists only for gcc-built specs
        record = SpecRecord(
            hash=self._hash(),
            name=pkg.name,
            version=self._pick_version(pkg),
            compiler=parse_compiler(compiler),
            platform=family.platform,
            os=_pick(rng, family.oss),
            target=_pick(rng, family.targets),
            variants=self._variants(pkg, gpu),
            size=self._size(),
        )
        stacks = tuple(sorted({"root", *(s.name for s in chosen)}))
        return _Live(record, stacks, pkg, family, gpu)

    def rebuild(self, old: _Live) -> _Live:
        """The same configuration rebuilt: new hash, sometimes a newer version or variants."""
        rng = self.rng
        rec = old.record
        version = rec.version
        variants = rec.variants
        r = rng.random()
        if r < 0.25:
            version = _version_text(self.versions[old.pkg.name][-1])
        elif r < 0.4:
            variants = self._variants(old.pkg, old.gpu)
        record = SpecRecord(
            hash=self._hash(),
            name=rec.name,
            version=version,
            compiler=rec.compiler,
            platform=rec.platform,
            os=rec.os,
            target=rec.target,
            variants=variants,
            size=None if rec.size is None else int(rec.size * rng.uniform(0.9, 1.1)),
        )
        return _Live(record, old.stacks, old.pkg, old.family, old.gpu)


def simulate(occurrences: int, seed: int = 0, weeks: int | None = None) -> Iterator[Sighting]:
    """Yield ``occurrences`` sightings, tag by tag (chronological), sorted by package, hash."""
    if occurrences < 1:
        raise ValueError(f"occurrences must be positive, got {occurrences}")
    tags = tag_names(weeks if weeks is not None else default_weeks(occurrences))
    sizes = _tag_sizes(occurrences, len(tags))
    model = _Model(seed)
    rng = model.rng
    live: list[_Live] = []
    for i, (tag, target) in enumerate(zip(tags, sizes, strict=True)):
        position = i / max(1, len(tags) - 1)
        if i:
            model.release_versions()
        model.set_active_stacks([s for s in STACKS if s.since <= position])
        carry = rng.uniform(*_CARRY)
        survivors: list[_Live] = []
        rebuilt: list[_Live] = []
        for spec in live:
            if rng.random() < carry:
                survivors.append(spec)
            elif rng.random() < _REPLACE:
                rebuilt.append(model.rebuild(spec))
        if len(survivors) >= target:
            live = rng.sample(survivors, target)
        else:
            need = target - len(survivors)
            if len(rebuilt) > need:
                rebuilt = rng.sample(rebuilt, need)
            rebuilt.extend(model.fresh() for _ in range(need - len(rebuilt)))
            live = survivors + rebuilt
        for spec in sorted(live, key=lambda s: (s.record.name, s.record.hash)):
            yield Sighting(spec.record, tag, spec.stacks)
