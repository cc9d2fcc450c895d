"""Where batches run: local worker processes or a Dask cluster, results in batch order."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from typing import Any, Literal

import pandas as pd

from newsframe.parallel import map_ordered, process_pool, workers
from newsframe.progress import counter_bar

Engine = Literal["local", "dask"]
ENGINES = ("local", "dask")


def run_batches(
    function: Callable[..., Any],
    batches: Iterable[pd.DataFrame],
    *args: Any,
    engine: str,
    scheduler: str | None,
    n_jobs: int | None,
    progress: bool | None,
    total: int | None,
    prepare: Callable[[], None] | None = None,
) -> Iterator:
    """``function(batch, *args)`` for each batch, in batch order. At most two batches per worker
    are in flight, so only a few are in memory at once; a single batch, or ``n_jobs=1``, runs in
    this process. ``prepare()`` runs here before a local pool forks its workers, which inherit
    what it loads (it does not run when there is no pool)."""
    batches = iter(batches)
    head = list(itertools.islice(batches, 2))
    with counter_bar(total=total, desc="enriching", unit="article", progress=progress) as bar:
        if engine == "local" and (len(head) < 2 or workers(n_jobs) == 1):
            for batch in itertools.chain(head, batches):
                yield function(batch, *args)
                bar.update(len(batch))
            return
        if engine == "local" and prepare is not None:
            prepare()
        with executor(engine, scheduler=scheduler, n_jobs=n_jobs) as (pool, count):
            sized = ((len(batch), batch) for batch in itertools.chain(head, batches))
            sizes: list[int] = []

            def counted(items: Iterator[tuple[int, pd.DataFrame]]) -> Iterator[pd.DataFrame]:
                for size, batch in items:
                    sizes.append(size)
                    yield batch

            for done, result in enumerate(
                map_ordered(function, counted(sized), *args, executor=pool, in_flight=2 * count - 1)
            ):
                yield result
                bar.update(sizes[done])


@contextlib.contextmanager
def executor(engine: str, *, scheduler: str | None, n_jobs: int | None) -> Iterator[tuple[Executor, int]]:
    """An executor for ``engine`` and its number of workers: a local pool of forked processes, or
    a Dask client's executor (a local cluster when ``scheduler`` is None)."""
    count = workers(n_jobs)
    if engine == "local":
        with process_pool(count) as pool:
            assert pool is not None  # count > 1 here: one worker runs in this process instead
            yield pool, count
        return
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(
                LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None)
            )
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(scheduler))
            count = max(len(client.scheduler_info()["workers"]), 1)
        yield client.get_executor(pure=False), count
