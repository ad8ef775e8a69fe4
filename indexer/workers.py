"""Worker processes for parsing, that never outlive the run that started them.

``ProcessPoolExecutor`` workers forked by a forkserver are not children of the indexing
process, and each holds the pipes that keep the forkserver and the resource tracker
alive: killed with SIGKILL, a run used to leave all three behind, parsing on for nobody.

Here the kernel ends them (Linux ``PR_SET_PDEATHSIG``): the forkserver is told to die
with the run (``worker_startup`` is the first module it imports) and each worker with the
forkserver. Then no process holds the resource tracker's pipe and it exits too. Where
that is not available, and for the moment between a worker's start and its ``prctl``,
each worker also has a thread that waits for the run to end (a pidfd, else polling); a
thread alone is not enough, as it needs the GIL that a busy parser may hold for seconds.
An interrupted run (SIGINT, SIGTERM) ends its workers itself, without waiting for the
unit each one is parsing.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.machinery
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

__all__ = ["die_with_parent", "parsing_pool", "process_alive", "signals_deferred"]

# Below this many units for workers to parse, their start-up costs more than it saves.
_MIN_UNITS_FOR_WORKERS = 2
_POLL_SECONDS = 0.2
_PACKAGE = __name__.rpartition(".")[0]
# The forkserver imports these once for all workers: a module that makes it die with the
# run, and what the workers run.
_FORKSERVER_PRELOAD = [f"{_PACKAGE}.worker_startup", f"{_PACKAGE}.gather"]
_PR_SET_PDEATHSIG = (
    1  # from <linux/prctl.h>  # only where pidfds are missing (Linux before 5.3, other systems)
)


@contextlib.contextmanager
def parsing_pool(workers: int, units: int) -> Iterator[ProcessPoolExecutor | None]:
    """``workers`` processes (None when there is too little to parse), ended on any exit.

    Leaving normally waits for the work submitted; leaving with an exception (a write
    error, KeyboardInterrupt, SystemExit from SIGTERM) cancels what has not started and
    ends the workers at once.
    """
    if workers < 1 or units < _MIN_UNITS_FOR_WORKERS:
        yield None
        return
    # forkserver: a clean process to fork from, safe whatever threads this one runs
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_FORKSERVER_PRELOAD)
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )
    try:
        with _workers_skip_main():
            yield pool
    except BaseException:
        for child in multiprocessing.active_children():
            child.terminate()  # SIGTERM: a worker may be deep in a large index.json
        # One shutdown that waits: the pool's thread sees its workers gone and ends, and
        # does not race the interpreter's exit (a shutdown without waiting would).
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends (submitting work starts workers).

    Interrupted halfway through starting a worker, the run would not know that worker's
    pid to end it, and the worker would print a traceback once the run's semaphores are
    gone. The signal is raised again, to its usual handler, as soon as the block ends.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; and only it gets signals
        return
    caught: list[int] = []

    def remember(signal_number: int, _frame: object) -> None:
        caught.append(signal_number)

    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {stop: signal.signal(stop, remember) for stop in stops}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        if caught:
            signal.raise_signal(caught[0])


@contextlib.contextmanager
def _workers_skip_main() -> Iterator[None]:
    """Start workers without running the command's ``__main__`` again.

    Each forkserver or spawn child re-imports the parent's ``__main__`` (the forkserver's
    own preload of it never happens in Python 3.11: it looks for a key the preparation
    data does not have). For ``spackdex`` that is the whole CLI with the GraphQL server:
    seconds of CPU per worker, during which a killed run's workers could not die. A main
    module spec named ``__main__`` is the one case multiprocessing skips; workers start
    while the pool is in use, so it is set for that long. Nothing a worker runs is defined
    in ``__main__``.
    """
    main = sys.modules["__main__"]
    saved = getattr(main, "__spec__", None)
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = saved


def _watch_parent(parent: int) -> None:
    """Worker start-up: exit when ``parent`` ends; leave Ctrl-C to the parent."""
    # The terminal sends SIGINT to the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()  # the forkserver, which dies with the run
    try:
        handle: int | None = os.pidfd_open(parent)
    except ProcessLookupError:
        os._exit(1)  # the parent died before this worker started
    except (AttributeError, OSError):
        handle = None
    threading.Thread(target=_exit_with, args=(parent, handle), daemon=True).start()


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent ends (Linux only)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _exit_with(parent: int, handle: int | None) -> None:
    if handle is not None:
        select.select([handle], [], [])  # readable once the process has ended
    else:
        while process_alive(parent):
            time.sleep(_POLL_SECONDS)
    # No clean-up: the parent's run has failed already, and a half-written unit file is
    # removed by the next run (its writer's pid is gone).
    os._exit(1)


def process_alive(pid: int) -> bool:
    """Whether a process with this pid exists (signal 0 asks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, though (after a pid reuse) perhaps another user's process
    return True
