"""A host as people have it: what ``spack arch`` prints, or a bare target.

``spack arch`` prints ``platform-os-target`` (``linux-ubuntu24.04-zen3``,
``darwin-sequoia-m1``). Platform and OS then have to match exactly (a Linux binary does not
run on macOS, whatever the CPU); the target stays archspec's compatibility. A bare target
(``zen3``) constrains only the target, as it always has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Host", "parse_host"]

_WORD = re.compile(r"[A-Za-z0-9_.]+")


@dataclass(frozen=True, slots=True)
class Host:
    """Where binaries should run.

    Attributes:
        target: The host's microarchitecture.
        platform: Its platform (``linux``, ``darwin``...), or None for a bare target.
        os: Its operating system (``ubuntu24.04``...), or None for a bare target.
    """

    target: str
    platform: str | None = None
    os: str | None = None


def parse_host(text: str) -> Host:
    """Read ``linux-ubuntu24.04-zen3`` or ``zen3``.

    Args:
        text: The host as ``spack arch`` prints it, or a bare target name.

    Returns:
        The host.

    Raises:
        ValueError: If ``text`` is neither form (the message says what is expected).
    """
    stripped = text.strip()
    parts = stripped.split("-")
    if len(parts) == 1 and _WORD.fullmatch(stripped):
        return Host(stripped)
    if len(parts) == 3 and all(_WORD.fullmatch(p) for p in parts):
        platform, os_name, target = parts
        return Host(target, platform, os_name)
    raise ValueError(
        f"host {text!r}: give a target (zen3) or what 'spack arch' prints "
        f"(platform-os-target, e.g. linux-ubuntu24.04-zen3)"
    )
