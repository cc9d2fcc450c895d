"""The store's entry points: ``analyse`` (tables of an articles table), ``read_parts`` (one of
them, part by part) and ``build`` (a corpus streamed from its files)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe import schemas
from newsframe.actors import load_actors
from newsframe.config import BATCH_SIZE
from newsframe.errors import ConfigError, check_choice
from newsframe.load import iter_batches
from newsframe.memory import release_arrow_memory
from newsframe.store.engines import ENGINES, Engine, run_batches
from newsframe.store.folder import Store, check_batch_size, chunks
from newsframe.store.layer import in_order
from newsframe.store.pipeline import ACTOR_TABLES, SCHEMA_OF, TABLES, enrich, enrich_text, warm

READ_BATCHES = 8
# Rows read at or above which analyse hands back what Arrow's allocator freed: after a large read that is
# hundreds of MB (190,000 articles: some 35 MB of the notebook 04 peak), after a small one little, and handing
# it back costs the next read some 0.1 s (19,000 articles).
RELEASE_ROWS = 10_000_000


def analyse(
    articles: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    tables: Sequence[str] = TABLES,
    columns: Mapping[str, Sequence[str]] | None = None,
    where: Mapping[str, Mapping[str, Any]] | None = None,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool | None = None,
) -> dict[str, pd.DataFrame]:
    """The analysed tables of ``articles``, from the store where it has them.

    Returns a dict of the ``tables`` asked for (by default all of ``TABLES``), each restricted to
    ``articles`` and in their order, with its schema's columns and dtypes even when there are no
    articles; asking only for text tables (sentences, article_sentiment, terms) leaves mentions
    and quotes alone. ``columns`` and ``where`` keep only some columns and rows of a table, read
    part by part so that the rest is never in memory: ``columns={"sentences": ["article_id",
    "sentence", "polarity"]}`` leaves the text out, ``where={"terms": {"n": 1}}`` reads single
    words only. Articles the
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
    _check_request(tables, columns=columns, where=where)
    actors = any(table in ACTOR_TABLES for table in tables)
    aliases = load_actors() if aliases is None and actors else aliases
    options: dict[str, Any] = {"engine": engine, "scheduler": scheduler, "n_jobs": n_jobs, "progress": progress}
    if not cache:
        pieces: dict[str, list[pd.DataFrame]] = {name: [] for name in tables}
        work, extra = (enrich, (aliases,)) if actors else (enrich_text, ())
        batches = chunks(articles, batch_size)
        prepare = partial(warm, aliases if actors else None)
        for result in run_batches(work, batches, *extra, prepare=prepare, total=len(articles), **options):
            for name in tables:
                pieces[name].append(_matching(result[name], (where or {}).get(name), _wanted(name, columns)))
        return in_order(pieces, articles)
    store = _updated(articles, aliases=aliases, actors=actors, cache_dir=cache_dir, batch_size=batch_size, **options)
    wanted = {name: _wanted(name, columns) for name in tables}
    read = store.read_all(articles, tables=tables, columns=wanted, where=where)
    if sum(len(table) for table in read.values()) >= RELEASE_ROWS:
        release_arrow_memory()
    return read


def read_parts(
    table: str,
    articles: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    columns: list[str] | None = None,
    where: Mapping[str, Any] | None = None,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    batch_size: int = BATCH_SIZE,
    progress: bool | None = None,
) -> Iterator[pd.DataFrame]:
    """The rows of ``table`` for ``articles``, as ``analyse`` gives them, in pieces: one stored part
    (a batch of articles) at a time, not in article order, so that only a few parts are in memory;
    for a caller that sums them as they come (``frequency.group_term_counts``).

    The store is brought up to date first, as ``analyse`` does (``aliases``, ``cache_dir``,
    ``batch_size`` and ``progress`` are its options); ``columns`` and ``where`` are those of
    ``analyse`` for this one table (``where={"n": 1}``: single words). Each article's rows are in one
    piece. With ``cache=False`` the table is computed afresh and comes whole, as one piece.

    >>> from newsframe.load import load_articles
    >>> from newsframe.config import SEED_ARTICLE
    >>> pieces = list(read_parts("terms", load_articles(SEED_ARTICLE), where={"n": 1}, cache=False))
    >>> len(pieces), set(pieces[0]["n"])
    (1, {1})
    """
    _check_request([table], columns=None if columns is None else {table: columns}, where={table: where or {}})
    if not cache:
        selected = None if columns is None else {table: columns}
        chosen = {table: where} if where else None
        yield analyse(
            articles, aliases=aliases, tables=[table], columns=selected, where=chosen, cache=False, progress=progress
        )[table]
        return
    actors = table in ACTOR_TABLES
    store = _updated(
        articles, aliases=aliases, actors=actors, cache_dir=cache_dir, batch_size=batch_size, progress=progress
    )
    yield from store.read_parts(table, articles, columns=columns, where=where)


def _check_request(
    tables: Sequence[str],
    *,
    columns: Mapping[str, Sequence[str]] | None,
    where: Mapping[str, Mapping[str, Any]] | None,
) -> None:
    """Refuse an unknown table, or a column ``columns`` or ``where`` names that its table lacks."""
    for table in tables:
        check_choice("table", table, TABLES)
    for option, choice in (("columns", columns), ("where", where)):
        for table, names in (choice or {}).items():
            check_choice("table", table, TABLES)
            unknown = sorted(set(names) - set(schemas.columns(SCHEMA_OF[table])))
            if unknown:
                raise ConfigError(f"{option}: table {table!r} has no column {', '.join(map(repr, unknown))}")


def _updated(
    articles: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None,
    actors: bool,
    cache_dir: str | Path | None,
    batch_size: int,
    **options: Any,
) -> Store:
    """The store at ``cache_dir``, holding every article of ``articles`` (the actor tables too when ``actors``)."""
    store = Store(cache_dir, aliases=load_actors() if aliases is None else aliases)
    store.update(chunks(articles, batch_size), actors=actors, total=len(articles), **options)
    return store


def _wanted(table: str, columns: Mapping[str, Sequence[str]] | None) -> list[str] | None:
    """The columns of ``table`` to read, ``article_id`` first; None for all of them."""
    return None if columns is None or table not in columns else list(dict.fromkeys(["article_id", *columns[table]]))


def _matching(table: pd.DataFrame, where: Mapping[str, Any] | None, columns: list[str] | None) -> pd.DataFrame:
    """The rows of ``table`` whose columns equal the values of ``where``, with only ``columns`` (all when None)."""
    for column, value in (where or {}).items():
        table = table.loc[table[column] == value]
    return table if columns is None else table[columns]


def build(
    source: str | Path,
    *,
    actors: str | Path | None = None,
    cache_dir: str | Path | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    batch_size: int = BATCH_SIZE,
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
