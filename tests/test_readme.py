"""The README's example queries return the answers it shows, on the bundled sample.

Run with ``SPACKDEX_UPDATE_README=1`` to rewrite the shown answers after a deliberate change.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.search.engine import SearchIndex
from spackdex.schema.context import make_context
from spackdex.schema.schema import schema
from spackdex.server.serve_command import sample_sources

README = Path(__file__).resolve().parent.parent / "README.md"
_EXAMPLE = re.compile(r"```graphql\n(?P<query>.*?)```\n\n```json\n(?P<answer>.*?)```", re.S)
# Cursors name the index version, which differs from build to build.
_VOLATILE = {"cursor", "startCursor", "endCursor"}


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "<cursor>" if k in _VOLATILE else _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    index_dir = tmp_path_factory.mktemp("sample-index")
    build_index(BuildOptions(sources=[str(sample_sources())], index_dir=index_dir))
    return SearchIndex.open(index_dir)


def _answer(index: SearchIndex, query: str) -> dict[str, Any]:
    result = asyncio.run(schema.execute(query, context_value=make_context(index)))
    answer: dict[str, Any] = {}
    if result.errors:
        answer["errors"] = [{"message": e.message} for e in result.errors]
    answer["data"] = result.data
    # cost and timing are on every answer (README "Limits"); timing differs run to run
    extensions = {k: v for k, v in (result.extensions or {}).items() if k not in ("cost", "timing")}
    if extensions:
        answer["extensions"] = extensions
    return answer


def test_readme_examples_answer_as_shown(sample_index: SearchIndex) -> None:
    text = README.read_text()
    examples = list(_EXAMPLE.finditer(text))
    assert len(examples) >= 8, "the README shows five API and three Spack examples"
    if os.environ.get("SPACKDEX_UPDATE_README"):
        for match in reversed(examples):
            shown = json.dumps(_normalise(_answer(sample_index, match["query"])), indent=2)
            text = text[: match.start("answer")] + shown + "\n" + text[match.end("answer") :]
        README.write_text(text)
        return
    for match in examples:
        expected = json.loads(match["answer"])
        assert _normalise(_answer(sample_index, match["query"])) == expected, match["query"]


def test_every_setting_is_documented() -> None:
    """Each SPACKDEX_* variable the code reads appears in the README."""
    modules = [*(README.parent / "server").glob("*.py"), *(README.parent / "indexer").rglob("*.py")]
    code = "".join(p.read_text() for p in modules)
    variables = set(re.findall(r"SPACKDEX_[A-Z_]+", code))
    assert variables
    missing = {v for v in variables if v not in README.read_text()}
    assert not missing, f"undocumented settings: {sorted(missing)}"
