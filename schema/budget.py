"""What one request may spend, and what it spent: its cost limit, its time budget, and the
figures the server logs and counts (cost, rejection reason).

The server puts a ``RequestBudget`` in a context variable before calling GraphQL; the
schema's extensions and the DataLoaders read it from there. Without one (a script calling
``schema.execute``) the defaults apply.

The time budget is checked where the work is: before every DataLoader batch (every search,
every batch of rows) and before each search inside a batch. A check is one clock
comparison, so it costs nothing per field; a request past its budget (or whose client has
gone) gets an error for each field that still needed data, and keeps what was resolved.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from .errors import UserInputError

__all__ = [
    "DEFAULT_COST_LIMIT",
    "DEFAULT_TIME_BUDGET_S",
    "BudgetExceededError",
    "RequestBudget",
    "check_budget",
    "current_budget",
    "request_budget",
    "within_budget",
]

# Admits every README example and the explorer's pages (see README "Cost limit").
DEFAULT_COST_LIMIT = 50_000
DEFAULT_TIME_BUDGET_S = 2.0


class BudgetExceededError(UserInputError):
    """The request ran past its time budget, or its client went away."""


@dataclass
class RequestBudget:
    """One request's limits, and what the server records about it."""

    cost_limit: int = DEFAULT_COST_LIMIT
    time_budget_s: float = DEFAULT_TIME_BUDGET_S
    started: float = field(default_factory=time.perf_counter)
    # set when execution starts; a check after it stops the request
    deadline: float = float("inf")
    disconnected: bool = False
    # filled in by the extensions, read by the metrics and the request log
    cost_nodes: int | None = None
    operation: str | None = None
    rejected: str | None = None
    has_errors: bool = False

    def start_clock(self) -> None:
        self.deadline = time.monotonic() + self.time_budget_s

    def reject(self, reason: str) -> None:
        if self.rejected is None:
            self.rejected = reason


request_budget: ContextVar[RequestBudget | None] = ContextVar("request_budget", default=None)


def current_budget() -> RequestBudget | None:
    return request_budget.get()


def check_budget() -> None:
    """Raise when the current request is out of time or its client is gone."""
    budget = request_budget.get()
    if budget is None:
        return
    if budget.disconnected:
        budget.reject("disconnected")
        raise BudgetExceededError("the client went away; the request was stopped")
    if time.monotonic() > budget.deadline:
        budget.reject("time")
        raise BudgetExceededError(
            f"the request ran past its time budget of {budget.time_budget_s:g} s and was "
            "stopped; the data shown is what was ready. Ask for less (smaller first, fewer "
            "nested connections or facets)"
        )


def within_budget(
    load: Callable[[list[Any]], Awaitable[Sequence[Any]]],
) -> Callable[[list[Any]], Awaitable[Sequence[Any]]]:
    """A DataLoader batch function that checks the time budget before each batch."""

    async def load_within_budget(keys: list[Any]) -> Sequence[Any]:
        check_budget()
        return await load(keys)

    return load_within_budget
