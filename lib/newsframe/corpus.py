"""Corpus overview: how many articles, when, how long, from where, and which repeat."""

from __future__ import annotations

import pandas as pd

from newsframe import schemas
from newsframe.periods import Period, period_axis, period_start


def articles_over_time(articles: pd.DataFrame, *, period: Period = "month") -> pd.DataFrame:
    """Articles per calendar period (day, week from Monday, month, quarter or year), with empty
    periods present as zero.

    Returns ``period_start`` (datetime64, first day of the period), ``articles`` and
    ``words`` (sum of ``n_words``). Undated articles are not in any period; count them with
    ``articles["date"].isna().sum()``.

    >>> arts = pd.DataFrame({"date": pd.to_datetime(["2021-01-05", "2021-03-02"]), "n_words": [10, 20]})
    >>> articles_over_time(arts)["articles"].tolist()
    [1, 0, 1]
    """
    axis = period_axis(articles["date"], period=period)
    counts = (
        articles.assign(period_start=period_start(articles["date"], period=period).astype("datetime64[ns]"))
        .dropna(subset=["period_start"])
        .groupby("period_start")
        .agg(articles=("date", "size"), words=("n_words", "sum"))
        .reindex(axis, fill_value=0)
    )
    return schemas.conform(counts.rename_axis("period_start").reset_index(), "articles_over_time")


def source_groups(articles: pd.DataFrame, *, depth: int = 1) -> pd.DataFrame:
    """Articles per source group: the first ``depth`` folders of a file's source path, or a
    table's own ``source`` value; files at the corpus root form the group ``(corpus root)``.

    Returns ``group``, ``articles``, ``share`` (of all articles, 0-1), largest first.

    >>> arts = pd.DataFrame({"source": ["politics/a.txt", "politics/b.txt", "c.txt"]})
    >>> source_groups(arts).values.tolist()
    [['politics', 2, 0.6666666666666666], ['(corpus root)', 1, 0.3333333333333333]]
    """
    groups = articles["source"].astype(str).map(lambda source: _group(source, depth=depth))
    table = groups.value_counts().rename_axis("group").reset_index(name="articles")
    return schemas.conform(table.assign(share=table["articles"] / max(len(articles), 1)), "source_groups")


def duplicates(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles identical (title and body) to an earlier one, beside the one they repeat.

    Returns ``article_id``, ``source``, ``title``, ``date``, ``duplicate_of``,
    ``original_source``.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "source": ["x.txt", "y.txt"], "title": ["T", "T"],
    ...                      "date": pd.to_datetime(["2021-01-01"] * 2), "duplicate_of": [None, "a"]})
    >>> duplicates(arts)[["source", "original_source"]].values.tolist()
    [['y.txt', 'x.txt']]
    """
    originals = articles.set_index("article_id")["source"]
    repeated = articles.loc[articles["duplicate_of"].notna(), ["article_id", "source", "title", "date", "duplicate_of"]]
    table = repeated.assign(original_source=repeated["duplicate_of"].map(originals)).reset_index(drop=True)
    return schemas.conform(table, "duplicates")


def _group(source: str, *, depth: int) -> str:
    if "#" in source:  # a row of a table file: the file
        return source.rsplit("#", 1)[0]
    if "/" not in source and not source.endswith((".txt", ".text")):  # a table's own source value
        return source
    folder = source.rpartition("/")[0]
    return "/".join(folder.split("/")[:depth]) if folder else "(corpus root)"
