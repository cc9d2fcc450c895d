"""A stored table read part by part: the rows of a table too large to hold whole (the terms of a
large corpus), one stored batch of articles at a time, for a caller that sums them as they come."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe.actors import load_actors
from newsframe.config import BATCH_SIZE
from newsframe.errors import check_choice
from newsframe.store.folder import Store, chunks
from newsframe.store.pipeline import ACTOR_TABLES, TABLES, TEXT_TABLES
from newsframe.store.update import analyse


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
    (a batch of articles) at a time, not in article order, so that only a few parts are in memory.

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
    check_choice("table", table, TABLES)
    selected = {table: columns} if columns is not None else None
    if not cache:
        yield analyse(
            articles,
            aliases=aliases,
            tables=[table],
            columns=selected,
            where={table: where} if where else None,
            cache=False,
            progress=progress,
        )[table]
        return
    actors = table in ACTOR_TABLES
    store = Store(cache_dir, aliases=load_actors() if aliases is None else aliases)
    store.update(chunks(articles, batch_size), actors=actors, progress=progress, total=len(articles))
    layer = store.layer("text" if table in TEXT_TABLES else "actors")
    yield from layer.read_parts(table, articles, columns=columns, where=where)
