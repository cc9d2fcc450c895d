"""Analyses of a terms table: frequencies per group, keyness of one group against another, and
term trends on a real date axis. Takes the terms table of ``newsframe.frequency.terms``; counts
nothing in the text itself except the words per period that trends divide by."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsframe import schemas
from newsframe.corpus import group_labels
from newsframe.errors import ConfigError, check_choice
from newsframe.frequency.terms import require_columns
from newsframe.periods import (
    CHOICES,
    PeriodChoice,
    core_span,
    count_undated,
    mark_gaps,
    period_axis,
    period_start,
    resolve_period,
)
from newsframe.stats import chi2_sf_1df, fdr_bh, g2_2x2
from newsframe.text import iter_articles, word_count

MIN_ARTICLES = 5  # keyness: fewest articles on each side of a comparison
MIN_WORDS = 1_000  # keyness: fewest words on each side


def without_words(terms: pd.DataFrame, words: Iterable[str]) -> pd.DataFrame:
    """The terms table without every term that contains one of ``words`` (any case).

    Because n-grams never span a stopword, this is exactly the table ``count_terms`` gives with
    ``words`` added to its stopwords: it lets a stored terms table (``newsframe.store``) take a
    notebook's extra stopwords without counting again.

    >>> terms = pd.DataFrame({"article_id": ["a"] * 3, "term": ["oil", "reuters said", "oil prices"],
    ...                       "n": [1, 2, 2], "count": [2, 1, 1]})
    >>> without_words(terms, ["Reuters"])["term"].tolist()
    ['oil', 'oil prices']
    """
    if terms.empty:
        return schemas.conform(terms, "terms")
    dropped = {word.lower() for word in words}
    if not dropped:
        return terms
    keep = [not dropped.intersection(term.split(" ")) for term in terms["term"]]
    return terms.loc[keep].reset_index(drop=True)


def term_frequencies(
    terms: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    by: str | Sequence[str] = (),
    min_count: int = 1,
    top_n: int | None = None,
) -> pd.DataFrame:
    """Total and document frequency of each term, overall or per group of articles.

    Takes a terms table (from ``count_terms``) and returns ``*by``, ``term``, ``n``, ``count``
    (occurrences) and ``docs`` (articles containing the term), most frequent first within each
    group (ties: more articles first, then first appearance). ``by`` names columns of ``articles``
    (``source``, or ``period`` from ``with_period``); ``top_n`` keeps the first rows per group.

    >>> terms = pd.DataFrame({"article_id": ["a", "a", "b"], "term": ["oil", "trade", "oil"],
    ...                       "n": [1, 1, 1], "count": [2, 1, 3]})
    >>> term_frequencies(terms).values.tolist()
    [['oil', 1, 5, 2], ['trade', 1, 1, 1]]
    """
    keys = [by] if isinstance(by, str) else list(by)
    if keys:
        if articles is None:
            raise ConfigError("term_frequencies(by=...) needs the articles table for the grouping columns")
        require_columns(articles, ["article_id", *keys], "articles")
        terms = terms.merge(articles[["article_id", *keys]], on="article_id", how="left")
    table = (
        terms.groupby([*keys, "term", "n"], sort=False, dropna=False)
        .agg(count=("count", "sum"), docs=("article_id", "nunique"))
        .reset_index()
    )
    table = table.loc[table["count"] >= min_count]
    # Stable sort: ties stay in order of first appearance, as in quanteda's textstat_frequency.
    table = table.sort_values([*keys, "count", "docs"], ascending=[True] * len(keys) + [False, False], kind="stable")
    if top_n is not None:
        table = table.groupby(keys, sort=False, dropna=False).head(top_n) if keys else table.head(top_n)
    table = table.reset_index(drop=True)
    if table.empty:
        table = table.astype(schemas.dtypes("term_frequencies"))
    return table


def with_period(articles: pd.DataFrame, *, period: PeriodChoice = "month") -> pd.DataFrame:
    """Add a ``period`` column: the first day of each article's day, week (Monday), month,
    quarter or year (``"auto"``: see ``periods.choose_period``; the period used is in
    ``.attrs["period"]``). Undated articles get ``NaT``.

    >>> arts = pd.DataFrame({"date": pd.to_datetime(["2021-12-15", None])})
    >>> with_period(arts, period="week")["period"].tolist()
    [Timestamp('2021-12-13 00:00:00'), NaT]
    """
    chosen = resolve_period(period, articles["date"])
    result = articles.assign(period=period_start(articles["date"], period=chosen))
    result.attrs = {**articles.attrs, "period": chosen}
    return result


def date_split(articles: pd.DataFrame, *, at: str | None = None, period: PeriodChoice = "month") -> pd.DataFrame:
    """Add a ``split`` column for keyness over time: ``"after"`` for articles dated on or after
    ``at`` (default: the first day of the latest ``period`` of ``periods.core_span``, so that
    one isolated far-off article is not the "latest period"), ``"before"`` for earlier ones,
    NA for undated articles. The day used is in ``.attrs["split_at"]`` (NaT without dates), the
    period in ``.attrs["period"]``.

    >>> arts = pd.DataFrame({"date": pd.to_datetime(["2021-11-02", "2021-12-15", None])})
    >>> split = date_split(arts)
    >>> split["split"].tolist(), split.attrs["split_at"]
    (['before', 'after', <NA>], Timestamp('2021-12-01 00:00:00'))
    """
    chosen = resolve_period(period, articles["date"])
    if at is not None:
        try:
            cut = pd.Timestamp(at)
        except ValueError:
            raise ConfigError(f"cannot read {at!r} as a date (expected YYYY-MM-DD)") from None
    else:  # the latest period of the core of the dates: not one isolated far-off article's
        cut = period_start(pd.Series([core_span(articles["date"])[1]]), period=chosen).iloc[0]
    after = articles["date"].ge(cut)
    split = pd.Series(np.where(after, "after", "before"), index=articles.index, dtype="string")
    result = articles.assign(split=split.mask(articles["date"].isna() | pd.isna(cut)))
    result.attrs = {**articles.attrs, "split_at": cut, "period": chosen}
    return result


def keyness(
    terms: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str,
    target: object,
    reference: object | None = None,
    min_count: int = 5,
    min_articles: int = MIN_ARTICLES,
    min_words: int = MIN_WORDS,
    unit: str = "word",
) -> pd.DataFrame:
    """Distinctive terms of one group of articles against another, by log-likelihood (G²).

    The target is the articles whose column ``by`` equals ``target`` (``by="section"`` works
    without such a column, see ``corpus.section_of``); the reference those equal to
    ``reference``, or by default every other article with a value in ``by``. Returns ``term``,
    ``n``, ``count_target``, ``count_reference``, ``g2`` (signed: positive when the term is
    relatively more frequent in the target), ``p_value`` (chi-squared, 1 degree of freedom),
    ``q_value`` (the p-value corrected for the number of terms in the table by
    Benjamini–Hochberg, ``stats.fdr_bh``: read ``q_value < 0.05`` as significant), ``log_ratio``
    (effect size: log2 of the ratio of relative frequencies, a zero count taken as 0.5, so +1
    means twice as frequent), for terms with at least ``min_count`` occurrences in both groups
    together, sorted by ``g2`` (most distinctive of the target first). Each n-gram order is
    compared against the totals of its own order.

    A comparison where either side has fewer than ``min_articles`` articles or ``min_words``
    words (occurrences of the terms table's lowest n-gram order, stopwords not counted) is
    refused: the table is empty and ``.attrs["note"]`` says why (``""`` otherwise; ``unit`` names
    what the terms table counts in that note: ``"word"``, or ``"mention"`` for actors). The sizes
    compared are in ``.attrs`` (``target_articles``, ``reference_articles``, ``target_words``,
    ``reference_words``).

    >>> arts = pd.DataFrame({"article_id": list("abcd"), "source": ["x", "x", "y", "y"]})
    >>> terms = pd.DataFrame({"article_id": list("abcd") * 2, "n": 1,
    ...                       "term": ["oil"] * 4 + ["trade"] * 4, "count": [9, 8, 1, 1, 1, 2, 9, 9]})
    >>> table = keyness(terms, arts, by="source", target="x", min_articles=2, min_words=10)
    >>> table[["term", "g2"]].round(2).values.tolist(), (table["q_value"] < 0.001).tolist()
    ([['oil', 25.44], ['trade', -25.44]], [True, True])
    >>> keyness(terms, arts, by="source", target="x", min_words=10).attrs["note"]
    'refused: the target has 2 articles (fewer than 5); the reference has 2 articles (fewer than 5)'
    """
    require_columns(articles, ["article_id"], "articles")
    groups = articles[by] if by in articles else group_labels(articles, by)
    in_target = groups.eq(target).fillna(False).astype(bool)
    if not in_target.any():
        values = ", ".join(map(repr, groups.dropna().unique()[:20]))
        raise ConfigError(f"no articles with {by} == {target!r}; values present: {values or 'none'}")
    in_reference = groups.notna() & ~in_target if reference is None else groups.eq(reference).fillna(False)
    in_reference = in_reference.astype(bool)
    if not in_reference.any():
        raise ConfigError(
            f"no reference articles with {by} == {reference!r}"
            if reference is not None
            else f"no other articles than {by} == {target!r} to compare with"
        )
    side = pd.Series(
        np.where(in_target, "target", np.where(in_reference, "reference", np.array(None, dtype=object))),
        index=articles["article_id"],
    )
    # Grouped by keys rather than on a copy of the terms table with a side column: over a large
    # corpus that table has tens of millions of rows.
    codes = np.append(np.select([side.eq("target"), side.eq("reference")], [0, 1], -1), -1).astype("int8")
    positions = article_positions(terms["article_id"], side.index)
    sides = pd.Categorical.from_codes(codes[positions], ["target", "reference"])
    summed = terms["count"].groupby([terms["term"], terms["n"], sides], observed=True).sum()
    counts = (
        summed.unstack(-1, fill_value=0)
        .reindex(columns=["target", "reference"], fill_value=0)
        .set_axis(["count_target", "count_reference"], axis=1)
        .rename_axis(["term", "n"])
        .reset_index()
    )
    return keyness_of_counts(
        counts,
        target_articles=int(in_target.sum()),
        reference_articles=int(in_reference.sum()),
        min_count=min_count,
        min_articles=min_articles,
        min_words=min_words,
        unit=unit,
    )


def keyness_of_counts(
    counts: pd.DataFrame,
    *,
    target_articles: int,
    reference_articles: int,
    min_count: int = 5,
    min_articles: int = MIN_ARTICLES,
    min_words: int = MIN_WORDS,
    unit: str = "word",
) -> pd.DataFrame:
    """``keyness`` of terms already counted on each side: ``counts`` has ``term``, ``n``,
    ``count_target`` and ``count_reference`` (one row per term and order), the sides have
    ``target_articles`` and ``reference_articles`` articles. For counts summed part by part
    (``group_term_counts``) from a terms table too large to hold whole; the other options and
    the result are those of ``keyness``.

    >>> counts = pd.DataFrame({"term": ["oil", "trade"], "n": 1, "count_target": [17, 3], "count_reference": [2, 18]})
    >>> keyness_of_counts(counts, target_articles=2, reference_articles=2, min_articles=2, min_words=10)[
    ...     "g2"].round(2).tolist()
    [25.44, -25.44]
    """
    sizes = {"target_articles": target_articles, "reference_articles": reference_articles}
    sizes.update(_words(counts))
    note = _refusal(sizes, min_articles=min_articles, min_words=min_words, unit=unit)
    table = schemas.empty("keyness") if note else _score(counts, min_count=min_count)
    table.attrs = {"note": note, **sizes}
    return table


def article_positions(ids: pd.Series, of: pd.Index | pd.Series) -> np.ndarray:
    """The position in ``of`` of each article id of ``ids``, -1 where it is not there. Computed
    in Arrow: through pandas, tens of millions of ids (a terms table) each became a Python string.

    >>> article_positions(pd.Series(["b", "x", "a"]), pd.Index(["a", "b"])).tolist()
    [1, -1, 0]
    """
    found = pa.array(ids.astype("string"))
    values = pa.array(pd.Series(of).astype("string")).cast(found.type)
    return pc.index_in(found, value_set=values).fill_null(-1).to_numpy(zero_copy_only=False)


def keyness_by_group(
    terms: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str = "section",
    top_n: int = 10,
    min_count: int = 5,
    min_articles: int = MIN_ARTICLES,
    min_words: int = MIN_WORDS,
    unit: str = "word",
) -> pd.DataFrame:
    """The ``top_n`` most distinctive terms of every group (by default every section) against
    all the other groups together: ``keyness`` once per group, positive ``g2`` only.

    Returns ``group`` then the columns of ``keyness``, groups in order, most distinctive first.
    A group whose comparison is refused (too few articles or words on either side) has no rows;
    ``.attrs["notes"]`` maps it to the reason.

    >>> arts = pd.DataFrame({"article_id": list("abcd"), "source": ["x/1.txt", "x/2.txt", "y/3.txt", "y/4.txt"]})
    >>> terms = pd.DataFrame({"article_id": list("abcd") * 2, "n": 1,
    ...                       "term": ["oil"] * 4 + ["trade"] * 4, "count": [9, 8, 1, 1, 1, 2, 9, 9]})
    >>> keyness_by_group(terms, arts, min_articles=2, min_words=10)[["group", "term"]].values.tolist()
    [['x', 'oil'], ['y', 'trade']]
    """
    require_columns(articles, ["article_id"], "articles")
    labels = pd.Series(group_labels(articles, by).to_numpy(), index=articles["article_id"].astype("string"))
    names, codes = np.unique(labels.dropna().to_numpy(str), return_inverse=True)
    of_article = np.full(len(labels) + 1, -1)  # the last: articles not in the table
    of_article[np.flatnonzero(labels.notna().to_numpy())] = codes
    groups = pd.Categorical.from_codes(of_article[article_positions(terms["article_id"], labels.index)], names)
    per_group = terms["count"].groupby([groups, terms["term"], terms["n"]], observed=True).sum()
    per_group.index = per_group.index.set_names(["group", "term", "n"])
    total = per_group.groupby(level=["term", "n"]).sum()
    articles_per_group = labels.dropna().value_counts()
    parts, notes = [], {}
    for group in sorted(articles_per_group.index):
        in_group = per_group.xs(group, level="group") if group in per_group.index else total.iloc[:0]
        target = in_group.reindex(total.index, fill_value=0)
        counts = pd.DataFrame({"count_target": target, "count_reference": total - target}).reset_index()
        n_target = int(articles_per_group[group])
        sizes = {"target_articles": n_target, "reference_articles": int(articles_per_group.sum()) - n_target}
        sizes.update(_words(counts))
        note = _refusal(sizes, min_articles=min_articles, min_words=min_words, unit=unit)
        if note:
            notes[group] = note
            continue
        table = _score(counts, min_count=min_count)
        parts.append(table.loc[table["g2"] > 0].head(top_n).assign(group=group))
    result = pd.concat(parts, ignore_index=True) if parts else schemas.empty("keyness_by_group")
    result = schemas.conform(result, "keyness_by_group")
    result.attrs = {"by": by, "notes": notes}
    return result


def _words(counts: pd.DataFrame) -> dict[str, int]:
    """Occurrences on each side of the lowest n-gram order: the words a comparison rests on."""
    lowest = counts.loc[counts["n"] == counts["n"].min()] if len(counts) else counts
    return {
        "target_words": int(lowest["count_target"].sum()),
        "reference_words": int(lowest["count_reference"].sum()),
    }


def _refusal(sizes: dict[str, int], *, min_articles: int, min_words: int, unit: str = "word") -> str:
    """Why a comparison of these sizes is refused ("" when it is not); ``unit`` names what ``terms``
    counts (``"word"``, or ``"mention"`` for actors)."""
    reasons = []
    for side in ("target", "reference"):
        n_articles, n_words = sizes[f"{side}_articles"], sizes[f"{side}_words"]
        if n_articles < min_articles:
            plural = "article" if n_articles == 1 else "articles"
            reasons.append(f"the {side} has {n_articles} {plural} (fewer than {min_articles})")
        if n_words < min_words:
            reasons.append(f"the {side} has {n_words:,} {unit}{'' if n_words == 1 else 's'} (fewer than {min_words:,})")
    return f"refused: {'; '.join(reasons)}" if reasons else ""


def _score(counts: pd.DataFrame, *, min_count: int) -> pd.DataFrame:
    """The keyness table of ``term``, ``n``, ``count_target``, ``count_reference`` counts."""
    size = counts.groupby("n")[["count_target", "count_reference"]].transform("sum")
    a, b = counts["count_target"].to_numpy(float), counts["count_reference"].to_numpy(float)
    n1, n2 = size["count_target"].to_numpy(float), size["count_reference"].to_numpy(float)
    g2 = g2_2x2(a, b, n1, n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log2((np.where(a > 0, a, 0.5) / n1) / (np.where(b > 0, b, 0.5) / n2))
    table = counts.assign(g2=np.sign(log_ratio) * g2, p_value=chi2_sf_1df(g2), log_ratio=log_ratio)
    table = table.loc[(a + b) >= min_count]
    table = table.assign(q_value=fdr_bh(table["p_value"].to_numpy()))  # over the terms tested
    table = table.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return schemas.conform(table, "keyness")


def term_trends(
    terms: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    period: PeriodChoice = "month",
    select: Iterable[str] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Counts and rates per 1,000 words of terms over time.

    Takes a terms table (``count_terms`` or ``count_phrases``) and the articles it came from.
    Returns ``period`` (first day of each day, week, month, quarter or year, or ``"auto"``, from
    the first to the last dated article, empty periods inside included), ``term``, ``count``,
    ``articles`` (dated articles in the period), ``words`` (their word tokens, headline and body,
    see ``newsframe.text.word_count``), ``per_1000_words`` (NaN where the period has no words)
    and ``gap`` (a run of 4+ empty periods, see ``newsframe.periods``). ``select`` limits and
    orders the terms (absent ones get zero counts). Undated articles are left out; their number
    is in ``.attrs["undated"]`` (also ``.attrs["undated_articles"]``, its former name), the
    period used in ``.attrs["period"]``.

    >>> from newsframe.frequency.terms import count_terms
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "title": ["", ""],
    ...                      "date": pd.to_datetime(["2021-01-05", "2021-03-02"]),
    ...                      "text": ["Oil prices rose.", "Oil and trade."]})
    >>> term_trends(count_terms(arts), arts, select=["oil"])[["period", "count", "per_1000_words"]]
          period  count  per_1000_words
    0 2021-01-01      1      333.333333
    1 2021-02-01      0             NaN
    2 2021-03-01      1      333.333333
    """
    check_choice("period", period, CHOICES)
    chosen = resolve_period(period, articles["date"])
    columns = schemas.columns("term_trends")
    axis = period_axis(articles["date"], period=chosen)
    wanted = list(dict.fromkeys(select)) if select is not None else list(dict.fromkeys(terms["term"]))
    if axis.empty or not wanted:
        table = schemas.empty("term_trends")
    else:
        dated = with_period(articles.loc[articles["date"].notna()], period=chosen)
        lengths = [
            word_count(title, text) for _, title, text in iter_articles(dated, progress=progress, desc="counting words")
        ]
        per_period = (
            dated.assign(words=lengths).groupby("period").agg(articles=("article_id", "size"), words=("words", "sum"))
        )
        per_period = per_period.reindex(axis, fill_value=0).rename_axis("period")
        per_period = per_period.assign(gap=mark_gaps(per_period["articles"].eq(0)))
        counts = (
            terms.loc[terms["term"].isin(wanted)]
            .merge(dated[["article_id", "period"]], on="article_id")
            .groupby(["period", "term"])["count"]
            .sum()
        )
        grid = pd.MultiIndex.from_product([axis, wanted], names=["period", "term"])
        table = counts.reindex(grid, fill_value=0).reset_index().join(per_period, on="period")
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = 1000 * table["count"] / table["words"].where(table["words"] > 0)
        table = schemas.conform(table.assign(per_1000_words=rate.astype("float64"))[columns], "term_trends")
    undated = count_undated(articles)
    table.attrs = {"undated": undated, "undated_articles": undated, "period": chosen}
    return table
