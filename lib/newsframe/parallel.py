"""Worker processes shared by the layers that use every core (loading, scoring, the store)."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from newsframe.errors import ConfigError

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1  # prctl(2)


def fork_context() -> BaseContext:
    """Fork where the platform has it: workers start in milliseconds with every module and
    lexicon already loaded, and need no ``__main__`` guard in the caller's script."""
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)


def workers(n_jobs: int | None) -> int:
    """The number of worker processes for ``n_jobs`` (None: one per available core).

    >>> workers(3)
    3
    """
    if n_jobs is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs < 1:
        raise ConfigError(f"n_jobs must be a positive whole number or None (all cores); got {n_jobs!r}")
    return n_jobs


@contextlib.contextmanager
def process_pool(
    n_jobs: int, *, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> Iterator[Executor | None]:
    """A pool of ``n_jobs`` forked worker processes for the block, or None when ``n_jobs`` is 1
    (``map_ordered`` then runs in this process)."""
    if n_jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(
        n_jobs,
        mp_context=fork_context(),
        initializer=_start_worker,
        initargs=(os.getpid(), _in_main_thread(), initializer, initargs),
    ) as pool:
        yield pool


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _start_worker(parent: int, tie: bool, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    """Tie the worker's life to its parent's, then run the pool's own initializer.

    A worker must not outlive a parent that was killed (``kill -9``, an out-of-memory kill): it
    would go on holding memory, writing store batches and keeping the caller's pipe open. On Linux
    the kernel sends the worker SIGTERM when the parent dies. That signal follows the thread that
    forked the worker, so it is asked for only when the pool was made in the main thread.
    """
    if tie and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(1)
    if initializer is not None:
        initializer(*initargs)


def map_ordered(
    function: Callable[..., T],
    items: Iterable[Any],
    *args: Any,
    executor: Executor | None,
    in_flight: int | None = None,
) -> Iterator[T]:
    """``function(item, *args)`` for each item, yielded in the items' order.

    On ``executor`` (a process pool or a Dask client's executor) at most ``in_flight`` items are
    submitted ahead of the one being yielded (all of them when None), so a long stream of large
    items holds only a few in memory; without an executor, each runs here when its turn comes.

    >>> list(map_ordered(pow, [2, 3], 2, executor=None))
    [4, 9]
    """
    if executor is None:
        for item in items:
            yield function(item, *args)
        return
    window: deque[Future] = deque()
    for item in items:
        window.append(executor.submit(function, item, *args))
        if in_flight is not None and len(window) > in_flight:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()
