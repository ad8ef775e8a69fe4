"""The software stacks of a synthetic tag and the build environment each one implies.

Stacks sharing a *family* share one environment (os, targets, compilers), so a spec can
lie in several stacks of a family at once, as real specs do (``e4s`` and ``hep`` both build
on ubuntu22.04 with gcc 11.4.0). Weights roughly follow the share of specs per stack in the
real 2025 pages; ``ml-darwin-aarch64-mps`` and ``developer-tools-darwin`` give 5-10% darwin.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FAMILIES", "STACKS", "Family", "StackDef"]


@dataclass(frozen=True, slots=True)
class Family:
    """A build environment: platform plus weighted oss, targets and compilers."""

    name: str
    platform: str
    oss: tuple[tuple[str, float], ...]
    targets: tuple[tuple[str, float], ...]
    compilers: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class StackDef:
    """A stack: its family, relative size, GPU flavour and when it first appears.

    ``since`` is the fraction of the generated time line before which the stack does not
    exist yet, so that newer tags list more stacks, as in the real ``tags.yaml``.
    """

    name: str
    family: str
    weight: float
    gpu: str | None = None
    ml: bool = False
    since: float = 0.0


_UBU22 = (("ubuntu22.04", 1.0),)
_X86 = (("x86_64_v3", 0.93), ("zen4", 0.07))

FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family("ubu22-gcc11", "linux", _UBU22, _X86, (("gcc@=11.4.0", 1.0),)),
        Family("ubu22-gcc12", "linux", _UBU22, _X86, (("gcc@=12.3.0", 0.8), ("gcc@=11.4.0", 0.2))),
        Family(
            "oneapi",
            "linux",
            _UBU22,
            (("x86_64_v3", 1.0),),
            (("oneapi@=2024.2.1", 0.92), ("gcc@=11.4.0", 0.08)),
        ),
        Family("cray", "linux", (("rhel8", 1.0),), (("x86_64_v3", 1.0),), (("cce@=18.0.0", 1.0),)),
        Family("neoverse-v2", "linux", _UBU22, (("neoverse_v2", 1.0),), (("gcc@=11.4.0", 1.0),)),
        Family(
            "aws-arm",
            "linux",
            (("amzn2", 1.0),),
            (("neoverse_v1", 0.6), ("aarch64", 0.4)),
            (("gcc@=12.3.0", 1.0),),
        ),
        Family(
            "aws-x86",
            "linux",
            (("amzn2", 1.0),),
            (("x86_64_v4", 0.6), ("x86_64_v3", 0.4)),
            (("gcc@=12.3.0", 0.5), ("oneapi@=2024.2.1", 0.5)),
        ),
        Family(
            "ml-x86",
            "linux",
            (("ubuntu24.04", 1.0),),
            (("x86_64_v3", 1.0),),
            (("gcc@=13.2.0", 1.0),),
        ),
        Family(
            "ml-arm", "linux", (("ubuntu24.04", 1.0),), (("aarch64", 1.0),), (("gcc@=13.2.0", 1.0),)
        ),
        Family(
            "darwin",
            "darwin",
            (("sequoia", 0.7), ("sonoma", 0.3)),
            (("m1", 0.5), ("aarch64", 0.5)),
            (("apple-clang@=16.0.0", 1.0),),
        ),
    )
}

STACKS: tuple[StackDef, ...] = (
    StackDef("e4s", "ubu22-gcc11", 14.0),
    StackDef("e4s-rocm-external", "ubu22-gcc11", 4.0, gpu="rocm"),
    StackDef("hep", "ubu22-gcc11", 3.0),
    StackDef("data-vis-sdk", "ubu22-gcc11", 3.0),
    StackDef("radiuss", "ubu22-gcc12", 4.0),
    StackDef("tutorial", "ubu22-gcc12", 2.5),
    StackDef("developer-tools-x86_64_v3-linux-gnu", "ubu22-gcc12", 1.5, since=0.5),
    StackDef("e4s-oneapi", "oneapi", 6.0),
    StackDef("e4s-cray-rhel", "cray", 4.0),
    StackDef("e4s-neoverse-v2", "neoverse-v2", 6.0, since=0.3),
    StackDef("aws-pcluster-neoverse_v1", "aws-arm", 2.0),
    StackDef("radiuss-aws-aarch64", "aws-arm", 2.0),
    StackDef("aws-pcluster-x86_64_v4", "aws-x86", 2.0),
    StackDef("radiuss-aws", "aws-x86", 2.0),
    StackDef("ml-linux-x86_64-cpu", "ml-x86", 4.0, ml=True),
    StackDef("ml-linux-x86_64-cuda", "ml-x86", 4.0, gpu="cuda", ml=True),
    StackDef("ml-linux-x86_64-rocm", "ml-x86", 3.0, gpu="rocm", ml=True),
    StackDef("ml-linux-aarch64-cpu", "ml-arm", 3.0, ml=True, since=0.2),
    StackDef("ml-linux-aarch64-cuda", "ml-arm", 3.0, gpu="cuda", ml=True, since=0.2),
    StackDef("ml-darwin-aarch64-mps", "darwin", 5.5, ml=True),
    StackDef("developer-tools-darwin", "darwin", 1.5, since=0.5),
)
