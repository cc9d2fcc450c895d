"""Corpus overview: how many articles, when, how long, from where (folders, sections), and which repeat."""

from __future__ import annotations

import pandas as pd

from newsframe import schemas
from newsframe.errors import ConfigError
from newsframe.periods import PeriodChoice, count_undated, mark_gaps, period_axis, period_start, resolve_period

ROOT = "(corpus root)"  # the section of files directly in the corpus folder


def articles_over_time(articles: pd.DataFrame, *, period: PeriodChoice = "month") -> pd.DataFrame:
    """Articles per calendar period (day, week from Monday, month, quarter, year, or ``"auto"``).

    Returns ``period_start`` (datetime64, first day of the period), ``articles``, ``words``
    (sum of ``n_words``) and ``gap``, from the first to the last period with an article: empty
    periods inside count 0, and runs of 4 or more of them are marked ``gap`` (draw with
    ``periods.break_at_gaps``). Undated articles are left out; their number is in
    ``.attrs["undated"]``, the period used in ``.attrs["period"]`` (see ``newsframe.periods``).

    >>> arts = pd.DataFrame({"date": pd.to_datetime(["2021-01-05", "2021-03-02"]), "n_words": [10, 20]})
    >>> articles_over_time(arts)["articles"].tolist()
    [1, 0, 1]
    """
    chosen = resolve_period(period, articles["date"])
    axis = period_axis(articles["date"], period=chosen)
    counts = (
        articles.assign(period_start=period_start(articles["date"], period=chosen).astype("datetime64[ns]"))
        .dropna(subset=["period_start"])
        .groupby("period_start")
        .agg(articles=("date", "size"), words=("n_words", "sum"))
        .reindex(axis, fill_value=0)
    )
    counts = counts.assign(gap=mark_gaps(counts["articles"].eq(0)))
    table = schemas.conform(counts.rename_axis("period_start").reset_index(), "articles_over_time")
    table.attrs = {"period": chosen, "undated": count_undated(articles)}
    return table


def section_of(articles: pd.DataFrame) -> pd.Series:
    """The section of each article: the table's ``section`` column when it has one, else the first
    folder of its ``source`` path under the corpus root (``business/001.txt`` -> ``business``; a
    single folder wrapping every file, as in ``news/business/001.txt``, is skipped),
    ``(corpus root)`` for files directly in it, the file for rows of a table file, and a table's
    own ``source`` value (``Reuters``) as it is.

    >>> section_of(pd.DataFrame({"source": ["business/001.txt", "sport/x/2.txt", "3.txt"]})).tolist()
    ['business', 'sport', '(corpus root)']
    >>> section_of(pd.DataFrame({"source": ["news/business/1.txt", "news/sport/2.txt"]})).tolist()
    ['business', 'sport']
    """
    if "section" in articles:
        return articles["section"].astype("string").fillna("(no section)").rename("section")
    sources = articles["source"].astype("string")
    # A corpus kept under one wrapping folder (bbc/news/business/...) has its sections one level down.
    prefix = _common_folder(sources)
    labels = [_group(str(source)[len(prefix) :], depth=1) if pd.notna(source) else "(no source)" for source in sources]
    return pd.Series(labels, index=articles.index, dtype="string", name="section")


def _common_folder(sources: pd.Series) -> str:
    """``"news/"`` when every source lies in a folder below ``news/``, else ``""``."""
    known = [str(s) for s in sources.dropna()]
    if not known or not all("/" in s for s in known):
        return ""
    first = {s.split("/", 1)[0] for s in known}
    if len(first) != 1:
        return ""
    prefix = f"{first.pop()}/"
    return prefix if all("/" in s[len(prefix) :] for s in known) else ""


def is_undated(articles: pd.DataFrame, *, share: float = 0.5) -> bool:
    """Whether more than ``share`` of the articles have no date (then show them by section, not
    over time). False for an empty table.

    >>> is_undated(pd.DataFrame({"date": pd.to_datetime([None, None, "2021-01-01"])}))
    True
    """
    return count_undated(articles) > share * len(articles)


def group_labels(articles: pd.DataFrame, by: str = "section") -> pd.Series:
    """The group of each article for analyses by group: ``section_of(articles)`` for
    ``by="section"``, else the column ``by`` as strings (NA: in no group).

    >>> group_labels(pd.DataFrame({"source": ["tech/1.txt"]})).tolist()
    ['tech']
    """
    if by == "section":
        return section_of(articles)
    if by not in articles:
        raise ConfigError(f"no column {by!r} in the articles table to group by; columns: {', '.join(articles.columns)}")
    return articles[by].astype("string").rename(by)


def articles_by_group(articles: pd.DataFrame, *, by: str = "section") -> pd.DataFrame:
    """Articles per group (by default per section, see ``section_of``), largest first.

    Returns ``group``, ``articles``, ``share`` (of all articles, 0-1), ``words`` (sum of
    ``n_words``). Articles without a value in ``by`` are left out; undated ones count.

    >>> arts = pd.DataFrame({"source": ["tech/a.txt", "tech/b.txt", "sport/c.txt"], "n_words": [5, 5, 7]})
    >>> articles_by_group(arts).values.tolist()
    [['tech', 2, 0.6666666666666666, 10], ['sport', 1, 0.3333333333333333, 7]]
    """
    frame = pd.DataFrame({"group": group_labels(articles, by), "words": articles["n_words"]}).dropna(subset="group")
    table = frame.groupby("group", sort=False).agg(articles=("group", "size"), words=("words", "sum")).reset_index()
    table = table.assign(share=table["articles"] / max(len(articles), 1))
    table = table.sort_values(["articles", "group"], ascending=[False, True], kind="stable").reset_index(drop=True)
    result = schemas.conform(table, "articles_by_group")
    result.attrs = {"by": by}
    return result


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
    return "/".join(folder.split("/")[:depth]) if folder else ROOT
