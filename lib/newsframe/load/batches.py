"""Loading: a source becomes the ``articles`` table, whole or a batch at a time, its files read by worker
processes when there are many."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from datetime import date as Date
from functools import partial
from pathlib import Path
from typing import Literal

import pandas as pd

from newsframe.errors import ArticleError, ConfigError, check_choice
from newsframe.load.assemble import articles_table
from newsframe.load.inputs import Read, read_files, resolve
from newsframe.load.reading import check_encoding
from newsframe.load.summary import Rejected
from newsframe.load.tables import column_mapping
from newsframe.parallel import map_ordered, process_pool, workers
from newsframe.progress import counter_bar

MAX_BYTES = 10_000_000  # a news article is a few KB; anything this large is not one
PARALLEL_MIN_FILES = 1_000  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 500  # most files a worker reads per task
ERRORS = ("collect", "raise")


def load_articles(
    source: str | Path,
    *,
    since: str | Date | None = None,
    until: str | Date | None = None,
    errors: Literal["collect", "raise"] = "collect",
    columns: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    encoding: str | None = None,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Load articles from a file, a folder (recursive), a glob, or a CSV / JSON Lines / JSON / Parquet table.

    Returns the ``articles`` table, one row per article in input order (files by path, a
    table's rows in its own order): ``article_id`` (16 hex digits from the source path, or from
    the table's path and ``id`` column; stable across runs and machines), ``date`` (datetime64,
    NaT where absent), ``title``, ``text`` (the body), ``source`` (path relative to the corpus
    root, ``path#row`` for tables, or the table's own ``source`` column), ``url``, ``n_words``
    (white-space separated words of the body), ``content_hash`` (of title and body),
    ``duplicate_of`` (``article_id`` of the first identical article, else NA), ``encoding``
    (the one the file was decoded from), then any other table columns as metadata.

    Every input becomes an article or is rejected with a reason (``errors="collect"``, see
    ``rejects``), or raises ``ArticleError`` at the first rejection (``errors="raise"``); nothing
    a file holds raises anything else. ``since`` and ``until`` keep articles dated within the
    window, both days included. ``columns`` maps the canonical names (``id``, ``text``,
    ``title``, ``date``, ``source``, ``url``) to a table's own column names. Files are decoded as
    UTF-8, else as the encoding detected, unless ``encoding`` names the one to use (a file it
    cannot decode is rejected). Article files over ``max_bytes`` are rejected. From
    ``PARALLEL_MIN_FILES`` files on, ``n_jobs`` processes (default: all cores) read them; the
    result does not depend on ``n_jobs``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> articles = load_articles(SAMPLE_DIR, since="2021-01-01")
    >>> articles.loc[0, ["date", "title"]].tolist()
    [Timestamp('2021-12-15 00:00:00'), 'In a phone call with Xi, Putin praises’model’ Russia-China relations.']
    """
    batches = iter_batches(
        source,
        batch_size=None,
        since=since,
        until=until,
        errors=errors,
        columns=columns,
        max_bytes=max_bytes,
        encoding=encoding,
        n_jobs=n_jobs,
        progress=progress,
    )
    return next(batches)


def iter_batches(
    source: str | Path,
    *,
    batch_size: int | None = 1000,
    since: str | Date | None = None,
    until: str | Date | None = None,
    errors: Literal["collect", "raise"] = "collect",
    columns: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    encoding: str | None = None,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> Iterator[pd.DataFrame]:
    """``load_articles`` a batch at a time, so memory grows with ``batch_size``, not the corpus.

    Yields articles tables of about ``batch_size`` input files each (all in one with ``None``;
    a table file's rows stay in one batch), each with the ``attrs`` of its own inputs, so
    ``load_summary`` and ``rejects`` work per batch and add up. ``duplicate_of`` looks across
    batches. Always yields at least one (possibly empty) table.

    >>> from newsframe.config import SAMPLE_DIR
    >>> [len(batch) for batch in iter_batches(SAMPLE_DIR, batch_size=200)]
    [200, 110]
    """
    check_choice("errors", errors, ERRORS)
    mapping = column_mapping(columns)
    encoding = check_encoding(encoding)
    root, entries = resolve(source)
    first_of: dict[str, str] = {}  # content hash -> article_id of its first article
    groups = [entries[i : i + batch_size] for i in range(0, len(entries), batch_size)] if batch_size else []
    read_chunk = partial(
        read_files, root=root, mapping=mapping, max_bytes=max_bytes, stop_at_reject=errors == "raise", encoding=encoding
    )
    count = workers(n_jobs) if len(entries) >= PARALLEL_MIN_FILES else 1
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(process_pool(count))
        bar = stack.enter_context(counter_bar(total=len(entries), desc="loading", unit="file", progress=progress))
        for group in groups or [entries]:
            size = min(CHUNK_FILES, max(1, -(-len(group) // (4 * count))))  # about 4 tasks per worker
            chunks = [group[i : i + size] for i in range(0, len(group), size)]
            read = Read()
            for chunk, part in zip(chunks, map_ordered(read_chunk, chunks, executor=pool), strict=True):
                if errors == "raise" and part.rejected:
                    first = part.rejected[0]
                    raise ArticleError(first["path"], first["reason"], record=first["record"])
                read.extend(part)
                bar.update(len(chunk))
            yield _batch(read, first_of, since=since, until=until, source=source, root=root)


def _batch(
    read: Read,
    first_of: dict[str, str],
    *,
    since: str | Date | None,
    until: str | Date | None,
    source: str | Path,
    root: Path,
) -> pd.DataFrame:
    """The articles table of one batch, cut to the window, with the ``attrs`` that account for its inputs."""
    articles = articles_table(read.files, read.table_rows, read.row_slots, first_of)
    window = _window(articles, since=since, until=until)
    outside = int((~window).sum())
    if outside:
        articles = articles.loc[window].reset_index(drop=True)
    articles.attrs = {
        "source": str(source),
        "root": str(root),
        "since": None if since is None else str(since),
        "until": None if until is None else str(until),
        "inputs": read.inputs,
        "outside_window": outside,
        "rejects": Rejected(read.rejected),
    }
    return articles


def _window(articles: pd.DataFrame, *, since: str | Date | None, until: str | Date | None) -> pd.Series:
    keep = pd.Series(True, index=articles.index)
    for bound, is_start in ((since, True), (until, False)):
        if bound is None:
            continue
        try:
            day = pd.Timestamp(bound).normalize()
        except ValueError:
            raise ConfigError(f"cannot read {bound!r} as a date (expected YYYY-MM-DD)") from None
        # whole days: `until` keeps everything dated on that day, whatever the time
        inside = articles["date"].ge(day) if is_start else articles["date"].lt(day + pd.Timedelta(days=1))
        keep &= inside.fillna(False).astype(bool)
    return keep
