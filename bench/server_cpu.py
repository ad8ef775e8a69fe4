"""Server CPU per request, in process: the ASGI app driven directly, response cache off.

Each request is one raw ASGI call into the same Starlette app ``spackdex serve`` runs (body
limit, gzip, GraphQL view, Strawberry, the engine), timed with ``time.process_time()``, so the
figure is CPU the server spends, untouched by other load on a shared machine or by an HTTP
client. The split comes from cheap accumulators wrapped around the engine's entry points
and around the schema's ``execute``:

- **engine**: search, rows, facets (``SearchIndex`` methods, outermost call only);
- **execution**: GraphQL parse/validate/execute outside the engine;
- **rest**: Starlette, middleware, JSON encoding, gzip.

Requests run on the event loop ``spackdex serve`` runs on: uvicorn's ``loop="auto"`` picks
uvloop when it is installed (``uvicorn[standard]``), so this does too (an await that goes
through the loop, such as a DataLoader batch, costs several times more on asyncio's own).

The module imports nothing of ``bench`` at the top, so that it also runs as a script against
another spackdex (an earlier release's tree first on ``PYTHONPATH``; see
:func:`measure_in_subprocess`): ``python -P bench/server_cpu.py < request.json``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from spackdex.indexer.search.engine import SearchIndex
from spackdex.schema.schema import schema
from spackdex.server.app import create_app
from spackdex.server.settings import Settings

if TYPE_CHECKING:
    from bench.queries import QueryCase

__all__ = ["ENGINE_METHODS", "measure_in_subprocess", "measure_server_cpu"]

# The engine's entry points as the schema reaches them (rows, pages, facets, lookups).
ENGINE_METHODS = (
    "search_specs_in",
    "search_packages_in",
    "facets",
    "spec_rows",
    "package_rows",
    "package_tags",
    "dependency_rows",
    "ordinal_of_hash",
    "tag_row",
    "stack_row",
    "tag_rows",
    "_occurrences",
)
T = TypeVar("T")
Variables = list[tuple[str, dict[str, Any]]]  # (query kind, GraphQL variables)


@dataclass
class _Clock:
    """CPU seconds spent inside wrapped calls (outermost only, so nesting never counts
    twice)."""

    spent: float = 0.0
    depth: int = 0

    def wrap_sync(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self.depth:
                return method(*args, **kwargs)
            self.depth += 1
            start = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                self.spent += time.process_time() - start
                self.depth -= 1

        return timed


@contextmanager
def _engine_timed(index: SearchIndex, clock: _Clock) -> Iterator[None]:
    """Instance attributes shadow the methods for this index only; removed after."""
    for name in ENGINE_METHODS:
        if hasattr(index, name):
            setattr(index, name, clock.wrap_sync(getattr(index, name)))
    try:
        yield
    finally:
        for name in ENGINE_METHODS:
            index.__dict__.pop(name, None)


@contextmanager
def _execution_timed(clock: _Clock) -> Iterator[None]:
    """The schema's ``execute`` (parse, validate, execute, engine included) timed; the
    engine's share is taken out afterwards."""
    execute = schema.execute

    async def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return await execute(*args, **kwargs)
        finally:
            clock.spent += time.process_time() - start

    schema.execute = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        del schema.execute


def _asgi_request(body: bytes) -> tuple[dict[str, Any], Callable[[], Awaitable[Any]]]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"accept-encoding", b"gzip"),  # as browsers and the load generator send
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)  # a disconnect would only come after the answer
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return scope, receive


async def _call(app: Any, body: bytes) -> tuple[int, bytes]:
    scope, receive = _asgi_request(body)
    status = 0
    chunks: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def _median_ms(values: Sequence[float]) -> float:
    return round(1000 * statistics.median(values), 3) if values else 0.0


async def _measure(
    index_dir: Path, queries: dict[str, str], mix: Variables, repeats: int, warmup: int
) -> dict[str, Any]:
    app = create_app(Settings(index_dir=index_dir, response_cache_mb=0, graphiql=False))
    holder = app.state.holder
    holder.open()
    index = holder.get()
    engine, execution = _Clock(), _Clock()
    result: dict[str, Any] = {}
    try:
        with _engine_timed(index, engine), _execution_timed(execution):
            for name, query in queries.items():
                bodies = [
                    (kind, orjson.dumps({"query": query, "variables": variables}))
                    for kind, variables in mix
                ]
                for _ in range(warmup):
                    for _kind, body in bodies:
                        await _call(app, body)
                totals: list[float] = []
                engines: list[float] = []
                executions: list[float] = []
                rests: list[float] = []
                by_kind: dict[str, list[float]] = {kind: [] for kind, _ in bodies}
                errors = 0
                for _ in range(repeats):
                    for kind, body in bodies:
                        engine.spent = execution.spent = 0.0
                        start = time.process_time()
                        status, _answer = await _call(app, body)
                        total = time.process_time() - start
                        if status != 200:
                            errors += 1
                        totals.append(total)
                        by_kind[kind].append(total)
                        engines.append(engine.spent)
                        executions.append(execution.spent - engine.spent)
                        rests.append(total - execution.spent)
                result[name] = {
                    "n": len(totals),
                    "errors": errors,
                    "cpu_ms": _median_ms(totals),
                    # the fastest request: what one costs when nothing else disturbs it
                    "min_cpu_ms": round(1000 * min(totals), 3) if totals else 0.0,
                    "engine_ms": _median_ms(engines),
                    "execution_ms": _median_ms(executions),
                    "rest_ms": _median_ms(rests),
                    "kinds": {kind: _median_ms(v) for kind, v in by_kind.items()},
                }
    finally:
        index.close()
    return result


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on the loop uvicorn would pick: uvloop when installed, else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def _queries() -> dict[str, str]:
    from bench.queries import GRAPHQL_QUERY, REALISTIC_QUERY

    return {"realistic": REALISTIC_QUERY, "heavy": GRAPHQL_QUERY}


def measure_server_cpu(
    index_dir: Path, cases: Sequence[QueryCase], repeats: int = 30, warmup: int = 3
) -> dict[str, Any]:
    """Median server CPU ms per request for the realistic and the heavy query, each over
    the query mix ``repeats`` times after ``warmup`` untimed rounds, with the split."""
    mix = [(c.kind, c.variables) for c in cases]
    return _run(_measure(index_dir, _queries(), mix, repeats, warmup))


def measure_in_subprocess(
    index_dir: Path,
    cases: Sequence[QueryCase],
    repeats: int,
    warmup: int,
    source: Path | None = None,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """:func:`measure_server_cpu` in a fresh interpreter, against the spackdex at ``source``
    (an earlier release's tree) or this checkout's."""
    request = {
        "index_dir": str(index_dir),
        "queries": _queries(),
        "mix": [(c.kind, c.variables) for c in cases],
        "repeats": repeats,
        "warmup": warmup,
    }
    child_env = dict(env or os.environ)
    if source is not None:
        child_env["PYTHONPATH"] = str(source)
    done = subprocess.run(
        [sys.executable, "-P", __file__],
        input=orjson.dumps(request),
        capture_output=True,
        env=child_env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"server CPU measurement failed: {done.stderr.decode()[-2000:]}")
    measured: dict[str, Any] = orjson.loads(done.stdout)
    return measured


def _main() -> None:
    request = orjson.loads(sys.stdin.buffer.read())
    result = _run(
        _measure(
            Path(request["index_dir"]),
            request["queries"],
            [(kind, variables) for kind, variables in request["mix"]],
            request["repeats"],
            request["warmup"],
        )
    )
    sys.stdout.buffer.write(orjson.dumps(result))


if __name__ == "__main__":
    _main()
