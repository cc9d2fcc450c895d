"""Aggregate the ``mentions`` table: counts per actor (overall, by period, by group), co-occurrence
pairs, and actor-targeted sentiment with bootstrap intervals.

Every function takes already extracted tables (``mentions``, ``articles``, scored sentences) and
returns a corpus-level table conformed to its entry in ``newsframe.schemas`` (exact columns, order
and dtypes, whether empty or not). Never imports ``sentiment``: scores come in as a table.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.corpus import group_labels
from newsframe.errors import ConfigError, check_choice
from newsframe.periods import Period, PeriodChoice, count_undated, mark_gaps, period_axis, period_start, resolve_period
from newsframe.stats import bootstrap_mean_ci

LEVELS = ("sentence", "article")


def count_mentions(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    period: PeriodChoice | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Mentions per actor as total mentions and as % of articles: overall, by period or by group.

    Takes the ``mentions`` table and the ``articles`` it came from (``article_id``, ``date``).
    Returns ``actor``, ``type``, ``mentions``, ``articles`` (articles mentioning the actor) and
    ``pct_articles`` (100 × articles / all articles, of the period or group), most mentioned first.

    - ``period`` (day, week, month, quarter, year or ``"auto"``): a ``period`` column (first day
      of the period) after ``type``, and a ``gap`` column. Every actor has a row for every period
      from the first to the last dated article: zero where it went unmentioned, ``pct_articles``
      NaN where the period has no articles at all, ``gap`` for runs of 4+ such periods (see
      ``newsframe.periods``). Undated articles are left out (``.attrs["undated"]`` counts them;
      ``.attrs["period"]`` is the period used).
    - ``by`` (a column of ``articles``, or ``"section"``, see ``corpus.section_of``): a leading
      ``group`` column; every actor has a row for every group, zeros included; every article
      counts, dated or not.
    - neither: one row per actor; undated articles count.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "date": pd.to_datetime(["2021-01-05", "2021-03-01"])})
    >>> ments = pd.DataFrame({"article_id": ["a", "a", "b"], "actor": ["China", "China", "Russia"],
    ...                       "type": ["country"] * 3})
    >>> count_mentions(ments, arts)[["actor", "mentions", "articles", "pct_articles"]].values.tolist()
    [['China', 2, 1, 50.0], ['Russia', 1, 1, 50.0]]
    >>> by_month = count_mentions(ments, arts, period="month")
    >>> russia = by_month[by_month["actor"] == "Russia"].assign(period=lambda t: t["period"].dt.strftime("%Y-%m"))
    >>> russia[["period", "mentions", "pct_articles"]].values.tolist()
    [['2021-01', 0, 0.0], ['2021-02', 0, nan], ['2021-03', 1, 100.0]]
    """
    if period is not None and by is not None:
        raise ConfigError("count_mentions: give period or by, not both")
    frame = mentions[["article_id", "actor", "type"]].astype({"article_id": "string"})
    if by is not None:
        labels = pd.DataFrame(
            {"article_id": articles["article_id"].astype("string"), "group": group_labels(articles, by)}
        ).dropna(subset=["group"])
        counts = _grid(frame.merge(labels, on="article_id"), labels, "group", labels["group"].unique())
        result = schemas.conform(counts, "actor_counts_by_group")
        result.attrs = {"by": by}
        return result
    if period is None:
        if frame.empty:
            return schemas.empty("actor_counts")
        counts = (
            frame.groupby(["actor", "type"])
            .agg(mentions=("article_id", "size"), articles=("article_id", "nunique"))
            .reset_index()
        )
        counts = counts.assign(pct_articles=100 * counts["articles"] / articles["article_id"].nunique())
        counts = counts.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable")
        return schemas.conform(counts.reset_index(drop=True), "actor_counts")
    chosen = resolve_period(period, articles["date"])
    dated = _periods(articles, chosen)
    axis = period_axis(dated["period"], period=chosen)
    counts = _grid(frame.merge(dated, on="article_id"), dated, "period", axis)
    empty_periods = ~pd.Series(axis).isin(dated["period"]).to_numpy()
    counts = counts.assign(gap=counts["period"].map(dict(zip(axis, mark_gaps(empty_periods), strict=True))))
    result = schemas.conform(counts, "actor_counts_by_period")
    result.attrs = {"period": chosen, "undated": count_undated(articles)}
    return result


def _grid(frame: pd.DataFrame, units: pd.DataFrame, key: str, values: Iterable) -> pd.DataFrame:
    """Counts per actor and ``key`` value (period or group) for every actor and every value,
    zeros included, with ``pct_articles`` of the ``units`` articles of each value; most mentioned
    actors first. Without mentions, an untyped empty table with the columns (the caller conforms it)."""
    counts = frame.groupby(["actor", "type", key]).agg(
        mentions=("article_id", "size"), articles=("article_id", "nunique")
    )
    if counts.empty:
        return pd.DataFrame({key: [], "actor": [], "type": [], "mentions": [], "articles": [], "pct_articles": []})
    actors = counts.index.droplevel(key).unique()
    grid = pd.MultiIndex.from_tuples([(*a, v) for a in actors for v in values], names=["actor", "type", key])
    counts = counts.reindex(grid, fill_value=0).reset_index()
    totals = units.groupby(key)["article_id"].nunique()
    counts = counts.assign(pct_articles=100 * counts["articles"] / counts[key].map(totals))
    order = counts.groupby("actor")["mentions"].transform("sum")
    counts = counts.assign(_total=order).sort_values(
        ["_total", "actor", key], ascending=[False, True, True], kind="stable"
    )
    return counts.drop(columns="_total").reset_index(drop=True)


def _periods(articles: pd.DataFrame, period: Period) -> pd.DataFrame:
    """``article_id`` and the first day of its ``period``, for dated articles."""
    dated = articles.loc[articles["date"].notna()]
    return pd.DataFrame(
        {"article_id": dated["article_id"].astype("string"), "period": period_start(dated["date"], period=period)}
    )


def mentions_as_terms(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions counted like words: a ``terms`` table (``article_id``, ``term`` = the actor,
    ``n`` = 1, ``count``), so that keyness and trends of terms apply to actors.

    >>> ments = pd.DataFrame({"article_id": ["a", "a", "b"], "actor": ["Xi", "Xi", "Putin"]})
    >>> mentions_as_terms(ments).values.tolist()
    [['a', 'Xi', 1, 2], ['b', 'Putin', 1, 1]]
    """
    counted = mentions.groupby(["article_id", "actor"], observed=True, sort=False).size().rename("count")
    table = counted.reset_index().rename(columns={"actor": "term"}).assign(n=1)
    return schemas.conform(table[["article_id", "term", "n", "count"]], "terms")


def cooccurrence(
    mentions: pd.DataFrame, *, level: Literal["sentence", "article"] = "sentence", min_weight: int = 1
) -> pd.DataFrame:
    """Pairs of actors mentioned together, as a weighted edge table.

    Takes the ``mentions`` table. Returns ``source``, ``target`` (actor names, ``source <
    target``), ``weight`` (number of sentences, or articles with ``level="article"``, that mention
    both), ``articles`` (articles in which they co-occur), for pairs with ``weight >=
    min_weight``, heaviest first.

    >>> ments = pd.DataFrame({"article_id": ["a"] * 3, "sentence": [1, 1, 2],
    ...                       "actor": ["Russia", "China", "Russia"]})
    >>> cooccurrence(ments).values.tolist()
    [['China', 'Russia', 1, 1]]
    """
    check_choice("level", level, LEVELS)
    unit = ["article_id", "sentence"] if level == "sentence" else ["article_id"]
    present = mentions[unit + ["actor"]].drop_duplicates()
    pairs = present.merge(present, on=unit, suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    edges = (
        pairs.groupby(["actor_a", "actor_b"])
        .agg(weight=("article_id", "size"), articles=("article_id", "nunique"))
        .reset_index()
        .rename(columns={"actor_a": "source", "actor_b": "target"})
    )
    edges = edges[edges["weight"] >= min_weight]
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True])
    return schemas.conform(edges.reset_index(drop=True), "cooccurrence")


def actor_sentences(mentions: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """The scored sentences that mention each actor: the evidence behind actor-targeted sentiment.

    Takes the ``mentions`` table and a scored sentences table (``article_id``, ``sentence``,
    ``text`` and score columns such as ``polarity``, ``vader_compound`` from
    ``newsframe.sentiment.score_sentences``), joined on (``article_id``, ``sentence``). Returns
    one row per (actor, sentence): ``actor``, ``type``, ``article_id``, ``sentence``,
    ``mentions`` (in that sentence), then every other column of ``scored``. Only those five
    leading columns are in the ``actor_sentences`` schema and conformed to it (empty or not);
    the scored columns after them keep the names and dtypes ``scored`` gave them.

    >>> ments = pd.DataFrame({"article_id": ["a", "a"], "sentence": [1, 1], "actor": ["Russia"] * 2,
    ...                       "type": ["country"] * 2})
    >>> scored = pd.DataFrame({"article_id": ["a"], "sentence": [1], "text": ["Russia, Russia."], "polarity": [0.5]})
    >>> actor_sentences(ments, scored)[["actor", "mentions", "polarity"]].values.tolist()
    [['Russia', 2, 0.5]]
    """
    keys = ["article_id", "sentence"]
    per_sentence = mentions.groupby(["actor", "type", *keys]).size().rename("mentions").reset_index()
    leading = schemas.dtypes("actor_sentences")
    joined = per_sentence.astype(leading).merge(
        scored.astype({"article_id": "string"}), on=keys, how="inner", validate="many_to_one"
    )
    joined = joined.sort_values(["actor", *keys], kind="stable").reset_index(drop=True)
    return joined.astype(leading)  # the merge may widen ``sentence`` to the scored table's integer type


def actor_sentiment(
    evidence: pd.DataFrame,
    *,
    score: str = "polarity",
    articles: pd.DataFrame | None = None,
    period: PeriodChoice | None = None,
    confidence: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean sentiment of the sentences that mention each actor, with a bootstrap confidence interval.

    Takes ``actor_sentences`` output and the ``score`` column to average. With ``articles``
    (``article_id``, ``date``) and a ``period`` (day, week, month, quarter, year or ``"auto"``,
    resolved from the articles' dates) it is computed by period (``period`` then holds each
    period's first day; undated articles are left out and counted in ``.attrs["undated"]``).
    Returns ``actor``, ``type``, [``period``], ``sentences``, ``articles``, ``mean``, ``ci_low``,
    ``ci_high``, sorted by number of sentences. The interval is the one ``sentiment.timeline``
    gives: a percentile bootstrap resampling articles, not sentences (the sentences of one
    article are not independent; ``stats.bootstrap_mean_ci``), seeded per actor and period; NaN
    with fewer than two articles.

    >>> ev = pd.DataFrame({"actor": ["Russia"] * 3, "type": ["country"] * 3, "article_id": ["a", "a", "b"],
    ...                    "polarity": [0.1, 0.2, 0.3]})
    >>> actor_sentiment(ev).round(3)[["actor", "sentences", "articles", "mean", "ci_low", "ci_high"]].values.tolist()
    [['Russia', 3, 2, 0.2, 0.15, 0.3]]
    """
    if score not in evidence:
        numeric = [c for c in evidence.select_dtypes("number").columns if c not in ("sentence", "mentions")]
        raise ConfigError(f"score must be a column of the scored sentences, one of {numeric}; got {score!r}")
    if period is not None and articles is None:
        raise ConfigError("period needs the articles table (article_id, date): pass articles=...")
    keys = ["actor", "type"]
    frame = evidence.astype({"article_id": "string"})
    attrs: dict[str, object] = {}
    if period is not None:
        assert articles is not None
        chosen = resolve_period(period, articles["date"])
        frame = frame.merge(_periods(articles, chosen), on="article_id")
        keys.append("period")
        attrs = {"period": chosen, "undated": count_undated(articles)}
    table = "actor_sentiment" if period is None else "actor_sentiment_by_period"
    frame = frame.dropna(subset=[score])
    rows = []
    for key, rows_of in frame.groupby(keys, dropna=False):
        values, ids = rows_of[score].to_numpy(dtype="float64"), rows_of["article_id"].to_numpy()
        n_articles = len(set(ids))
        low = high = np.nan
        if n_articles >= 2:
            seeds = [seed, zlib.crc32("\x1f".join(map(str, key)).encode())]  # per actor (and period)
            low, high = bootstrap_mean_ci(values, groups=ids, n_boot=n_boot, confidence=confidence, seed=seeds)
        rows.append((*key, len(values), n_articles, values.mean(), low, high))
    summary = pd.DataFrame(rows, columns=schemas.columns(table))
    summary = summary.sort_values(["sentences", "actor"], ascending=[False, True], kind="stable")
    result = schemas.conform(summary.reset_index(drop=True), table)
    result.attrs = attrs
    return result
