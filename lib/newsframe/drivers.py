"""What drove this? For one period of a timeline, the words and actors that are key in it against
the rest of the window (keyness, corrected p-values) and its most extreme articles; and the
period a reader would ask about first, the biggest spike of a timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.actors import mentions_as_terms
from newsframe.errors import ConfigError
from newsframe.frequency import keyness
from newsframe.frequency.analysis import keyness_of_counts
from newsframe.frequency.grouping import group_term_counts
from newsframe.memory import release_arrow_memory
from newsframe.periods import PeriodChoice, period_start, resolve_period

MIN_MENTIONS = 50  # fewest actor mentions on each side of a comparison of actors (words: keyness' own minimum)


def spike(timeline: pd.DataFrame, *, value: str, weight: str | None = None) -> pd.Timestamp | None:
    """The ``period`` of a timeline whose ``value`` stands out most from the median of the others:
    the largest excess for counts, or, with ``weight`` (e.g. the articles behind a mean), the
    largest absolute deviation times the square root of its weight, so that a period of two
    articles does not outshout one of two hundred. None when no period has a value.

    >>> counts = pd.DataFrame({"period": pd.to_datetime(["2021-01-04", "2021-01-11", "2021-01-18"]),
    ...                        "articles": [10, 42, 12]})
    >>> spike(counts, value="articles")
    Timestamp('2021-01-11 00:00:00')
    """
    rows = timeline.dropna(subset=[value])
    if rows.empty:
        return None
    deviation = rows[value] - rows[value].median()
    if weight is None:
        score = deviation
    else:
        score = deviation.abs() * np.sqrt(rows[weight].clip(lower=0))
    return pd.Timestamp(rows.loc[score.idxmax(), "period"])


def period_drivers(
    articles: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame | Iterable[pd.DataFrame]],
    *,
    start: str | pd.Timestamp,
    period: PeriodChoice = "auto",
    score: str = "polarity",
    top_n: int = 10,
    min_count: int = 3,
    min_articles: int = 3,
) -> dict[str, pd.DataFrame]:
    """What is distinctive about the period that begins on ``start`` against the rest of the window.

    Takes the articles and their analysed tables (``terms``, ``article_sentiment`` and, for the
    actors, ``mentions``); of ``terms`` only single words count, and ``terms`` may also be pieces
    of the table, summed as they come, so that a large corpus need not hold its words:
    ``read_parts("terms", articles, where={"n": 1})`` (``newsframe.store``).
    Returns ``terms`` and ``actors``: ``keyness`` of words and of actor mentions in the period
    against all other dated articles (positive ``g2`` first, only what ``min_articles`` articles of
    the period use, so that one long article's vocabulary is not the period's; ``.attrs["note"]``
    says why a comparison is refused), and ``articles``: the period's ``top_n`` most extreme articles by
    ``score`` (``article_id``, ``title``, ``date``, the score): the most negative half first, then
    the most positive, each an article at most once. Undated articles are in neither side.

    >>> from newsframe.load import load_articles
    >>> from newsframe.store import analyse
    >>> arts = load_articles("data/sample")
    >>> found = period_drivers(arts, analyse(arts, progress=False), start="1987-10-19", period="week")
    >>> found["terms"]["term"].head(2).tolist(), len(found["articles"])
    (['louvre', 'monday'], 10)
    """
    chosen = resolve_period(period, articles["date"])
    begins = pd.Timestamp(start)
    starts = period_start(articles["date"], period=chosen)
    side = pd.Series(np.where(starts == begins, "period", "rest"), index=articles.index, dtype="string")
    split = articles.assign(split=side.mask(articles["date"].isna()))
    mentions = _table(tables, "mentions") if "mentions" in tables else schemas.empty("mentions")
    actor_terms = mentions_as_terms(mentions.loc[mentions["kind"] != "metonym"])
    actors = keyness(
        actor_terms, split, by="split", target="period", min_count=min_count, min_words=MIN_MENTIONS, unit="mention"
    )
    if "mentions" not in tables:
        actors.attrs["note"] = "not made: no mentions table was given"
    # Words are summed per side piece by piece: the single words of a large corpus need not be held.
    sides = pd.Series(split["split"].to_numpy(), index=articles["article_id"].astype("string"))
    counted = group_term_counts(tables["terms"], sides, n=1)
    release_arrow_memory()  # what reading and summing the pieces freed
    words = keyness_of_counts(
        _by_side(counted),
        target_articles=int(sides.eq("period").sum()),
        reference_articles=int(sides.eq("rest").sum()),
        min_count=min_count,
    )
    inside_ids = set(split.loc[split["split"] == "period", "article_id"].astype(str))
    in_period = counted.loc[counted["group"] == "period"]
    docs = actor_terms.loc[actor_terms["article_id"].isin(inside_ids), "term"].value_counts()
    widely = {
        "terms": set(in_period.loc[in_period["articles"] >= min_articles, "term"]),
        "actors": set(docs.index[docs >= min_articles]),
    }
    inside = split.loc[split["split"] == "period", ["article_id", "title", "date"]]
    scores = _table(tables, "article_sentiment")[["article_id", score]]
    scored = inside.merge(scores, on="article_id").dropna(subset=[score])
    order = scored.sort_values([score, "article_id"], kind="stable")
    lows = order.head(top_n // 2)
    highs = order.drop(lows.index).iloc[::-1].head(top_n - len(lows))
    extreme = pd.concat([lows, highs], ignore_index=True)
    return {
        "terms": _positive_first(words, widely["terms"]).head(top_n),
        "actors": _positive_first(actors, widely["actors"]).head(top_n),
        "articles": extreme,
    }


def _table(tables: Mapping[str, pd.DataFrame | Iterable[pd.DataFrame]], name: str) -> pd.DataFrame:
    """``tables[name]``, which must be a whole table (only the terms may come in pieces)."""
    table = tables[name]
    if not isinstance(table, pd.DataFrame):
        raise ConfigError(f"period_drivers: the {name} table must be a DataFrame (only terms can come in pieces)")
    return table


def _by_side(counted: pd.DataFrame) -> pd.DataFrame:
    """``group_term_counts`` of the two sides as ``term``, ``n``, ``count_target``, ``count_reference``."""
    sides = counted.pivot_table(index=["term", "n"], columns="group", values="count", aggfunc="sum", fill_value=0)
    return (
        sides.reindex(columns=["period", "rest"], fill_value=0)
        .set_axis(["count_target", "count_reference"], axis=1)
        .astype("int64")
        .reset_index()
    )


def _positive_first(key: pd.DataFrame, kept: set) -> pd.DataFrame:
    result = schemas.conform(key.loc[(key["g2"] > 0) & key["term"].isin(kept)].reset_index(drop=True), "keyness")
    result.attrs = dict(key.attrs)
    return result
