"""The committed ``schema.graphql`` is what the code serves."""

from __future__ import annotations

from pathlib import Path

import pytest

from spackdex.schema.schema import schema
from spackdex.server.cli import main

SDL = Path(__file__).resolve().parents[2] / "schema.graphql"
REGENERATE = "regenerate it: python -m spackdex.server.cli schema > schema.graphql"


def test_committed_sdl_matches_the_code() -> None:
    assert SDL.is_file(), f"schema.graphql is missing; {REGENERATE}"
    assert SDL.read_text(encoding="utf-8") == schema.as_str() + "\n", (
        f"schema.graphql differs from the code; {REGENERATE}"
    )


def test_schema_command_prints_the_committed_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == SDL.read_text(encoding="utf-8")
