"""Worker processes shared by the layers that use every core (loading, scoring, the store)."""

from __future__ import annotations

import multiprocessing as mp
import os
from multiprocessing.context import BaseContext

from newsframe.errors import ConfigError


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
    if not isinstance(n_jobs, int) or n_jobs < 1:
        raise ConfigError(f"n_jobs must be a positive whole number or None (all cores); got {n_jobs!r}")
    return n_jobs
