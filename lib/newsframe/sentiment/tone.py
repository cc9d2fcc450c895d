"""Reading stored scores: tone over time and by group with bootstrap intervals, the most extreme
texts, and how far TextBlob and VADER agree. Takes scores from ``newsframe.sentiment.scoring``; scores nothing."""

from __future__ import annotations

import warnings
import zlib
from typing import Literal

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.corpus import group_labels
from newsframe.errors import ConfigError, check_choice
from newsframe.periods import (
    CHOICES,
    FREQ,
    PeriodChoice,
    count_undated,
    mark_gaps,
    period_axis,
    resolve_period,
    to_periods,
)
from newsframe.stats import bootstrap_mean_ci


def correlation(a: pd.Series, b: pd.Series, *, method: Literal["pearson", "spearman"]) -> float:
    """Correlation of two score columns; NaN with fewer than 3 rows or a constant column.

    >>> correlation(pd.Series([0.1, 0.2, 0.4]), pd.Series([1, 2, 3]), method="spearman")
    1.0
    """
    check_choice("method", method, ("pearson", "spearman"))
    if len(a) < 3 or a.nunique() < 2 or b.nunique() < 2:
        return np.nan
    return float(a.corr(b, method=method))


def extremes(scores: pd.DataFrame, articles: pd.DataFrame, *, column: str = "polarity", n: int = 5) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative rows, with headline and date.

    Takes scored sentences or article scores (``article_id``, ``column``) and an articles table
    (``article_id``, ``title``, ``date``). Only articles in ``articles`` count, so pass a
    filtered articles table to rank within a period or a single article. Returns ``side``
    (``"positive"`` / ``"negative"``), ``rank`` (1 = most extreme), ``article_id``,
    ``sentence`` and ``text`` (when ranking sentences), ``date``, ``title`` and ``column``
    (the ``extremes`` schema for article scores). Scores of exactly 0 are neither side.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "title": ["A", "B"],
    ...                      "date": pd.to_datetime(["2021-01-01", "2021-01-02"])})
    >>> scores = pd.DataFrame({"article_id": ["a", "b"], "polarity": [0.5, -0.2]})
    >>> extremes(scores, arts, n=1)[["side", "article_id", "polarity"]].values.tolist()
    [['positive', 'a', 0.5], ['negative', 'b', -0.2]]
    """
    _check_column(scores, column)
    keys = [c for c in ("article_id", "sentence") if c in scores]
    extra = ["text"] if "text" in scores else []
    meta = articles[["article_id", "date", "title"]].astype({"article_id": "string"})
    merged = scores[[*keys, column, *extra]].astype({"article_id": "string"}).merge(meta, on="article_id")
    positive = merged[merged[column] > 0].nlargest(n, column).assign(side="positive")
    negative = merged[merged[column] < 0].nsmallest(n, column).assign(side="negative")
    ranked = [part.assign(rank=np.arange(1, len(part) + 1)) for part in (positive, negative)]
    out = pd.concat(ranked, ignore_index=True) if len(merged) else merged.assign(side=[], rank=[])
    out = out[["side", "rank", *keys, "date", "title", column, *extra]].astype({"side": "string", "rank": "int64"})
    if out.empty:
        known = {**schemas.dtypes("scored_sentences"), **schemas.dtypes("extremes"), column: "float64"}
        out = out.astype({c: known[c] for c in out})
    return out


def zero_share(scores: pd.DataFrame, column: str) -> float:
    """Share of the scores in ``column`` that are exactly 0 (missing scores left out; NaN if none).

    A lexicon scorer gives 0 to a text without any word it knows, which is common for short
    headlines: say how many, next to any mean of headline scores.

    >>> zero_share(pd.DataFrame({"title_polarity": [0.0, 0.5, 0.0, None]}), "title_polarity")
    0.6666666666666666
    """
    _check_column(scores, column)
    known = scores[column].dropna()
    return float((known == 0).mean()) if len(known) else np.nan


def agreement(sentences: pd.DataFrame) -> pd.DataFrame:
    """How far TextBlob and VADER agree on the same sentences: a one-row table.

    Takes scored sentences (``polarity``, ``vader_compound``) and returns ``n`` (sentences),
    ``pearson`` and ``spearman`` (correlation of the two scores; NaN with fewer than 3
    sentences or a constant score) and ``sign_differs`` (share of sentences one scorer calls
    positive and the other negative; a score of 0 is neither).

    >>> s = pd.DataFrame({"polarity": [0.5, -0.2, 0.0, 0.3], "vader_compound": [0.6, 0.1, -0.4, 0.2]})
    >>> agreement(s).round(2).values.tolist()
    [[4.0, 0.69, 0.8, 0.25]]
    """
    _check_column(sentences, "polarity")
    _check_column(sentences, "vader_compound")
    both = sentences[["polarity", "vader_compound"]].dropna()
    tb, vd = both["polarity"], both["vader_compound"]
    return schemas.conform(
        pd.DataFrame(
            {
                "n": [len(both)],
                "pearson": [correlation(tb, vd, method="pearson")],
                "spearman": [correlation(tb, vd, method="spearman")],
                "sign_differs": [(tb * vd < 0).mean() if len(both) else np.nan],
            }
        ),
        "agreement",
    )


def disagreements(sentences: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` sentences on which TextBlob and VADER disagree most.

    Takes scored sentences and returns their ``article_id``, ``sentence``, ``text``,
    ``polarity``, ``vader_compound`` and ``gap`` (``vader_compound - polarity``; both scores lie
    in [-1, 1]), largest absolute gap first.

    >>> s = pd.DataFrame({"article_id": ["a", "a"], "sentence": [0, 1], "text": ["x", "y"],
    ...                   "polarity": [0.5, 0.0], "vader_compound": [0.4, -0.6]})
    >>> disagreements(s, n=1)[["text", "gap"]].values.tolist()
    [['y', -0.6]]
    """
    _check_column(sentences, "polarity")
    _check_column(sentences, "vader_compound")
    out = sentences[["article_id", "sentence", "text", "polarity", "vader_compound"]].assign(
        gap=sentences["vader_compound"] - sentences["polarity"]
    )
    order = out["gap"].abs().sort_values(ascending=False, kind="stable").index[:n]
    out = out.loc[order].reset_index(drop=True)
    return schemas.conform(out, "disagreements") if out.empty else out


def timeline(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    column: str = "polarity",
    period: PeriodChoice = "month",
    since: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    min_count: int = 5,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean score per day, week, month, quarter or year (or ``"auto"``) with a bootstrap interval.

    Takes article scores or scored sentences (``article_id``, ``column``) and the articles
    table for ``date``; rows dated before ``since`` or after ``until`` are left out. Returns one
    row per period from the first to the last that has scores, empty ones inside included:
    ``period`` (first day; weeks start on Monday), ``n`` (scored rows), ``articles``, ``mean``,
    ``ci_low`` / ``ci_high`` (95% bootstrap interval of the mean resampling articles, see
    ``stats.bootstrap_mean_ci``; NaN below 2 articles), ``few`` (``articles < min_count``: read
    with care) and ``gap`` (a run of 4+ empty periods, see ``newsframe.periods``). The bootstrap
    is seeded per period, so results are reproducible and a period's interval does not depend on
    the window. Rows without a date or score are left out with a warning; ``.attrs["undated"]``
    counts the undated articles of ``articles``, ``.attrs["period"]`` is the period used.

    >>> arts = pd.DataFrame({"article_id": list("abc"),
    ...                      "date": pd.to_datetime(["2021-01-05", "2021-01-20", "2021-03-02"])})
    >>> scores = pd.DataFrame({"article_id": list("abc"), "polarity": [0.1, 0.3, -0.2]})
    >>> timeline(scores, arts, min_count=2)[["period", "n", "mean", "few"]].to_string(index=False)
    '    period  n  mean   few\\n2021-01-01  2   0.2 False\\n2021-02-01  0   NaN  True\\n2021-03-01  1  -0.2  True'
    """
    check_choice("period", period, CHOICES)
    _check_column(scores, column)
    if not 0 < confidence < 1:
        raise ConfigError(f"confidence must lie between 0 and 1; got {confidence!r}")
    window = _within(articles["date"], since, until)
    chosen = resolve_period(period, articles["date"][window])
    dated = (
        scores[["article_id", column]]
        .astype({"article_id": "string"})
        .merge(articles[["article_id", "date"]].astype({"article_id": "string"}), on="article_id", how="left")
    )
    usable = dated[column].notna() & dated["date"].notna()
    if not usable.all():
        warnings.warn(
            f"timeline: {int((~usable).sum())} of {len(dated)} rows without a date or score left out", stacklevel=2
        )
    dated = dated[usable & _within(dated["date"], since, until)]
    dates = pd.to_datetime(dated["date"])  # an empty date column may have come untyped
    axis = period_axis(dates, period=chosen)
    rows = []
    if not axis.empty:
        periods = to_periods(dates, period=chosen).to_numpy()
        groups = dict(list(dated[["article_id", column]].groupby(periods)))
        for start, p in zip(axis, axis.to_period(FREQ[chosen]), strict=True):
            rows_of = groups.get(p, dated.iloc[:0])
            values, ids = rows_of[column].to_numpy(dtype="float64"), rows_of["article_id"].to_numpy()
            n_articles = len(set(ids))
            low = high = np.nan
            if n_articles >= 2:
                # Seeded by the period itself, so the interval does not depend on the window.
                seeds = [seed, p.ordinal % 2**63]
                low, high = bootstrap_mean_ci(values, groups=ids, n_boot=n_boot, confidence=confidence, seed=seeds)
            mean = values.mean() if len(values) else np.nan
            rows.append((start, len(values), n_articles, mean, low, high, n_articles < min_count))
    table = pd.DataFrame(rows, columns=schemas.columns("timeline")[:-1])
    table = schemas.conform(table.assign(gap=mark_gaps(table["n"].eq(0))), "timeline")
    table.attrs = {"period": chosen, "undated": count_undated(articles)}
    return table


def tone_by_group(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    column: str = "polarity",
    by: str = "section",
    min_count: int = 5,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean score per group of articles (by default per section, ``corpus.section_of``), with the
    same bootstrap interval as ``timeline``: for corpora without dates, or to compare sections.

    Takes article scores or scored sentences (``article_id``, ``column``) and the articles
    table. Returns ``group``, ``n`` (scored rows), ``articles``, ``mean``, ``ci_low``,
    ``ci_high`` (NaN below 2 articles) and ``few`` (``articles < min_count``), one row per group
    with scores, in group order. Dated or not, every article counts. Seeded per group.

    >>> arts = pd.DataFrame({"article_id": list("abc"), "source": ["tech/1.txt", "tech/2.txt", "sport/3.txt"]})
    >>> scores = pd.DataFrame({"article_id": list("abc"), "polarity": [0.1, 0.3, -0.2]})
    >>> tone_by_group(scores, arts, min_count=2)[["group", "articles", "mean", "few"]].values.tolist()
    [['sport', 1, -0.2, True], ['tech', 2, 0.2, False]]
    """
    _check_column(scores, column)
    labels = pd.DataFrame({"article_id": articles["article_id"].astype("string"), "group": group_labels(articles, by)})
    frame = scores[["article_id", column]].astype({"article_id": "string"}).merge(labels, on="article_id")
    frame = frame.dropna(subset=[column, "group"])
    rows = []
    for group, rows_of in frame.groupby("group", sort=True):
        values, ids = rows_of[column].to_numpy(dtype="float64"), rows_of["article_id"].to_numpy()
        n_articles = len(set(ids))
        low = high = np.nan
        if n_articles >= 2:
            seeds = [seed, zlib.crc32(str(group).encode())]
            low, high = bootstrap_mean_ci(values, groups=ids, n_boot=n_boot, confidence=confidence, seed=seeds)
        rows.append((group, len(values), n_articles, values.mean(), low, high, n_articles < min_count))
    table = schemas.conform(pd.DataFrame(rows, columns=schemas.columns("tone_by_group")), "tone_by_group")
    table.attrs = {"by": by}
    return table


def _within(dates: pd.Series, since: str | pd.Timestamp | None, until: str | pd.Timestamp | None) -> pd.Series:
    """Which ``dates`` lie in the window, both ends included (NaT passes: undated rows are dropped elsewhere)."""
    dates = pd.to_datetime(dates)
    inside = pd.Series(True, index=dates.index)
    if since is not None:
        inside &= dates.ge(pd.Timestamp(since)) | dates.isna()
    if until is not None:
        inside &= dates.le(pd.Timestamp(until)) | dates.isna()
    return inside


def _check_column(table: pd.DataFrame, column: str) -> None:
    if column not in table:
        raise ConfigError(f"no column {column!r} in the table; columns are {', '.join(map(str, table.columns))}")
