"""Settings from the environment (``SPACKDEX_*``), overridden by command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

from ..schema.budget import DEFAULT_COST_LIMIT, DEFAULT_TIME_BUDGET_S

__all__ = ["Settings", "default_index_dir"]


def default_index_dir() -> Path:
    """``$SPACKDEX_INDEX_DIR``, else the per-user data directory (XDG on Linux)."""
    configured = os.environ.get("SPACKDEX_INDEX_DIR")
    if configured:
        return Path(configured)
    return Path(user_data_dir("spackdex", appauthor=False)) / "index"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


@dataclass
class Settings:
    """Everything ``spackdex serve`` can be told; see README "Configuration"."""

    index_dir: Path = field(default_factory=default_index_dir)
    host: str = field(default_factory=lambda: os.environ.get("SPACKDEX_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("SPACKDEX_PORT", "8000")))
    workers: int = field(default_factory=lambda: int(os.environ.get("SPACKDEX_WORKERS", "1")))
    cors_origins: list[str] = field(default_factory=lambda: _list("SPACKDEX_CORS_ORIGINS"))
    graphiql: bool = field(default_factory=lambda: _flag("SPACKDEX_GRAPHIQL", True))
    max_body_bytes: int = field(
        default_factory=lambda: int(os.environ.get("SPACKDEX_MAX_BODY_BYTES", str(64 * 1024)))
    )
    # One log line per request costs CPU at hundreds of requests per second: opt in.
    access_log: bool = field(default_factory=lambda: _flag("SPACKDEX_ACCESS_LOG", False))
    # Whole responses kept per worker, keyed by request and index version; 0 turns it off.
    response_cache_mb: float = field(
        default_factory=lambda: float(os.environ.get("SPACKDEX_RESPONSE_CACHE_MB", "64"))
    )
    # Re-open the index when 'current' points to a new version (checked at most this often).
    reload_seconds: float = field(
        default_factory=lambda: float(os.environ.get("SPACKDEX_RELOAD_SECONDS", "5"))
    )
    # Limits on one request (see README "Limits").
    cost_limit: int = field(
        default_factory=lambda: int(os.environ.get("SPACKDEX_COST_LIMIT", str(DEFAULT_COST_LIMIT)))
    )
    time_budget_s: float = field(
        default_factory=lambda: float(
            os.environ.get("SPACKDEX_TIME_BUDGET_SECONDS", str(DEFAULT_TIME_BUDGET_S))
        )
    )
    # Slow clients: headers (first byte to last), the whole body, and idle keep-alive.
    header_timeout_s: float = field(
        default_factory=lambda: float(os.environ.get("SPACKDEX_HEADER_TIMEOUT_SECONDS", "10"))
    )
    body_timeout_s: float = field(
        default_factory=lambda: float(os.environ.get("SPACKDEX_BODY_TIMEOUT_SECONDS", "10"))
    )
    keepalive_s: int = field(
        default_factory=lambda: int(os.environ.get("SPACKDEX_KEEPALIVE_SECONDS", "5"))
    )
    # text (readable) or json (one object per line, for log shippers)
    log_format: str = field(
        default_factory=lambda: os.environ.get("SPACKDEX_LOG_FORMAT", "text").strip().lower()
    )
    # Cache-Control max-age of successful GET /graphql answers.
    cache_max_age: int = field(
        default_factory=lambda: int(os.environ.get("SPACKDEX_CACHE_MAX_AGE", "60"))
    )
    # Automatic persisted queries kept per worker; 0 turns them off.
    persisted_queries: int = field(
        default_factory=lambda: int(os.environ.get("SPACKDEX_PERSISTED_QUERIES", "1000"))
    )
