"""The store's entry points: ``analyse`` (tables of an articles table) and ``build`` (a corpus
streamed from its files)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe.actors import load_actors
from newsframe.errors import check_choice
from newsframe.load import iter_batches
from newsframe.store.engines import ENGINES, Engine, run_batches
from newsframe.store.folder import Store, check_batch_size, chunks
from newsframe.store.layer import in_order
from newsframe.store.pipeline import ACTOR_TABLES, TABLES, enrich, enrich_text

READ_BATCHES = 8


def analyse(
    articles: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    tables: Sequence[str] = TABLES,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    batch_size: int = 500,
    progress: bool | None = None,
) -> dict[str, pd.DataFrame]:
    """The analysed tables of ``articles``, from the store where it has them.

    Returns a dict of the ``tables`` asked for (by default all of ``TABLES``), each restricted to
    ``articles`` and in their order, with its schema's columns and dtypes even when there are no
    articles; asking only for text tables (sentences, article_sentiment, terms) leaves mentions
    and quotes alone. Articles the
    store has not seen (new, or changed since: a different ``content_hash``) are enriched in
    batches of ``batch_size`` on ``n_jobs`` processes (default: all cores) or, with
    ``engine="dask"``, on the Dask cluster at ``scheduler`` (a local cluster when None).
    ``cache=False`` computes everything afresh and writes nothing. ``aliases`` is the actor
    dictionary (``load_actors()``, the default). ``articles`` is in memory whole, so memory grows
    with the corpus here; ``build`` streams a corpus from its files instead.

    >>> from newsframe.load import load_articles
    >>> from newsframe.config import SEED_ARTICLE
    >>> tables = analyse(load_articles(SEED_ARTICLE), cache=False)
    >>> tables["sentences"]["part"].value_counts().to_dict()
    {'body': 16, 'title': 1}
    """
    check_choice("engine", engine, ENGINES)
    for table in tables:
        check_choice("table", table, TABLES)
    actors = any(table in ACTOR_TABLES for table in tables)
    aliases = load_actors() if aliases is None and actors else aliases
    batches = chunks(articles, batch_size)
    options: dict[str, Any] = {
        "engine": engine,
        "scheduler": scheduler,
        "n_jobs": n_jobs,
        "progress": progress,
        "total": len(articles),
    }
    if not cache:
        pieces: dict[str, list[pd.DataFrame]] = {name: [] for name in tables}
        work, extra = (enrich, (aliases,)) if actors else (enrich_text, ())
        for result in run_batches(work, batches, *extra, **options):
            for name in tables:
                pieces[name].append(result[name])
        return in_order(pieces, articles)
    store = Store(cache_dir, aliases=load_actors() if aliases is None else aliases)
    store.update(batches, actors=actors, **options)
    return {name: store.read(name, articles) for name in tables}


def build(
    source: str | Path,
    *,
    actors: str | Path | None = None,
    cache_dir: str | Path | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    batch_size: int = 500,
    encoding: str | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Bring the store up to date with a corpus read straight from ``source``, batch by batch.

    Memory grows with ``batch_size``, not with the corpus: the corpus is never whole in memory
    (files are read ``READ_BATCHES`` batches at a time).
    ``actors`` is a dictionary file extending the default actor dictionary; ``encoding`` decodes
    every file as that encoding (see ``load_articles``).
    Returns a one-row summary: ``articles``, ``enriched`` (analysed now), ``reused`` (found in
    the store), ``batches`` (written now).
    """
    check_choice("engine", engine, ENGINES)
    store = Store(cache_dir, aliases=load_actors(extend=[] if actors is None else [actors]))
    check_batch_size(batch_size)
    # Files are read READ_BATCHES batches at a time (fewer, larger reads make an unchanged re-run
    # cheaper); only the articles the store lacks are cut into batches of batch_size.
    batches = iter_batches(source, batch_size=READ_BATCHES * batch_size, encoding=encoding, progress=False)
    return store.update(
        batches, engine=engine, scheduler=scheduler, n_jobs=n_jobs, progress=progress, batch_size=batch_size
    )
