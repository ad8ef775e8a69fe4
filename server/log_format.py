"""Log output: readable text by default, one JSON object per line for log shippers.

``SPACKDEX_LOG_FORMAT=json`` makes every line of ``spackdex serve`` (Uvicorn's and
spackdex's) a JSON object with ``time``, ``level``, ``logger`` and ``message``; a request
line adds ``method``, ``path``, ``status``, ``duration_ms``, ``cost``, ``operation`` and
``rejected``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import orjson

__all__ = ["JsonFormatter", "json_log_line", "log_config"]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if isinstance(request, dict):
            line.update(request)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def json_log_line(logger: str, message: str) -> str:
    """One JSON log record written outside ``logging`` (e.g. before Uvicorn configures it)."""
    record = logging.LogRecord(logger, logging.INFO, __file__, 0, message, None, None)
    return JsonFormatter().format(record)


def log_config(log_format: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for Uvicorn and spackdex (applied in every worker)."""
    if log_format == "json":
        formatter: dict[str, Any] = {"()": "spackdex.server.log_format.JsonFormatter"}
    else:
        formatter = {"format": "%(levelname)-8s %(name)s: %(message)s"}
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "default",
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "spackdex": {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
    }
