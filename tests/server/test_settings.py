"""Settings from ``SPACKDEX_*`` variables, and the serve command's flags over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from spackdex.server.settings import Settings, default_index_dir

VARIABLES = (
    "SPACKDEX_INDEX_DIR",
    "SPACKDEX_HOST",
    "SPACKDEX_PORT",
    "SPACKDEX_WORKERS",
    "SPACKDEX_CORS_ORIGINS",
    "SPACKDEX_GRAPHIQL",
    "SPACKDEX_MAX_BODY_BYTES",
    "SPACKDEX_RELOAD_SECONDS",
)


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults(clean_environment: pytest.MonkeyPatch) -> None:
    settings = Settings()
    assert settings.index_dir == default_index_dir()
    assert settings.index_dir.name == "index"
    assert "spackdex" in settings.index_dir.parts
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)
    assert settings.cors_origins == []
    assert settings.graphiql is True
    assert settings.max_body_bytes == 64 * 1024
    assert settings.reload_seconds == 5.0


def test_from_the_environment(clean_environment: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch = clean_environment
    monkeypatch.setenv("SPACKDEX_INDEX_DIR", str(tmp_path))
    monkeypatch.setenv("SPACKDEX_HOST", "0.0.0.0")
    monkeypatch.setenv("SPACKDEX_PORT", "9001")
    monkeypatch.setenv("SPACKDEX_WORKERS", "3")
    monkeypatch.setenv("SPACKDEX_CORS_ORIGINS", " https://a.example , ,https://b.example")
    monkeypatch.setenv("SPACKDEX_GRAPHIQL", "off")
    monkeypatch.setenv("SPACKDEX_MAX_BODY_BYTES", "1000")
    monkeypatch.setenv("SPACKDEX_RELOAD_SECONDS", "0.5")
    settings = Settings()
    assert settings.index_dir == tmp_path
    assert (settings.host, settings.port, settings.workers) == ("0.0.0.0", 9001, 3)
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.graphiql is False
    assert settings.max_body_bytes == 1000
    assert settings.reload_seconds == 0.5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        (" on ", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("", False),
    ],
)
def test_graphiql_flag(clean_environment: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    clean_environment.setenv("SPACKDEX_GRAPHIQL", value)
    assert Settings().graphiql is expected


def test_explicit_values_win(clean_environment: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_environment.setenv("SPACKDEX_PORT", "9001")
    assert Settings(index_dir=tmp_path, port=1234).port == 1234
