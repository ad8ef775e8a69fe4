"""What went wrong with an input, where, and whether to go on.

Default mode skips a bad file or record and remembers why; ``--strict`` stops at the first
problem. Either way the message names the source and the place in it (a line or a key).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

__all__ = ["Problem", "ProblemLog", "SourceError"]

logger = logging.getLogger("spackdex.indexer")


class SourceError(Exception):
    """An input that cannot be read: names the source, the place in it and what was wrong."""

    def __init__(self, source: str, message: str, place: str | None = None) -> None:
        self.source = source
        self.place = place
        self.message = message
        where = f"{source}: {place}" if place else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped file or record (or a warning about a suspicious one)."""

    source: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason}


@dataclass
class ProblemLog:
    """Collects problems; in strict mode the first problem raises instead."""

    strict: bool = False
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # False for the per-unit logs that gather() replays into the run's log: log once, there
    log: bool = True

    def skip(self, error: SourceError) -> None:
        """Record that a file or a record was left out, or raise in strict mode."""
        if self.strict:
            raise error
        reason = f"{error.place}: {error.message}" if error.place else error.message
        self.skipped.append(Problem(error.source, reason))
        if self.log:
            logger.warning("skipped %s", error)

    def warn(self, source: str, reason: str) -> None:
        """Record something odd that was still indexed in full.

        Strict mode does not stop here: a warning is about data the real cache does publish
        (old pages whose ``meta`` summary disagrees with their spec list), nothing was lost.
        """
        self.warnings.append(Problem(source, reason))
        if self.log:
            logger.warning("%s: %s", source, reason)
