"""What the run summary says about each mirror it read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["MirrorReport"]


@dataclass(frozen=True, slots=True)
class MirrorReport:
    """One mirror of the run: its layout, the index read, and whether anything downloaded."""

    root: str
    tag: str
    stack: str
    view: str | None
    layout: str  # "v3", "v2", or "v3 without index" / "v2 without index"
    index: str | None  # the index record's media type (v3), "index.json" (v2), None: none
    reused: bool  # nothing downloaded beyond the manifest or hash file
    specs_one_by_one: int = 0  # spec files read because the mirror has no index

    def as_json(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "tag": self.tag,
            "stack": self.stack,
            "view": self.view,
            "layout": self.layout,
            "index": self.index,
            "reused": self.reused,
            "specs_read_one_by_one": self.specs_one_by_one,
        }

    def describe(self) -> str:
        where = f"{self.root}" + (f" (view {self.view})" if self.view else "")
        if self.index is None:
            read = f"no index: {self.specs_one_by_one} spec files read one by one"
        else:
            read = f"index {self.index}"
        state = "reused, nothing downloaded" if self.reused else "read"
        return f"mirror {where} as {self.tag}/{self.stack}: layout {self.layout}, {read}, {state}"
