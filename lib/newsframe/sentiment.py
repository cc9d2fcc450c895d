"""Sentiment: TextBlob scores per sentence and article, VADER as a second opinion, the words
behind each score, and timelines with bootstrap confidence intervals.

TextBlob (pattern's lexicon) is the named method; every TextBlob number here is exactly
``TextBlob(text).sentiment`` for the text it belongs to. VADER (compound, pos, neu, neg) runs on
the same sentences so the two lexicons can be compared. Scoring is spread over processes in
order-preserving chunks, so parallel and serial results are identical.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Literal, get_args

import numpy as np
import pandas as pd
from textblob.en import sentiment as pattern_sentiment

from newsframe.errors import ConfigError, check_choice
from newsframe.periods import PERIODS, Period, period_range, to_periods
from newsframe.parallel import fork_context, workers
from newsframe.progress import counter_bar
from newsframe.text import split_sentences

Scorer = Literal["textblob", "vader"]
SCORERS: tuple[str, ...] = get_args(Scorer)
SCORE_COLUMNS = {
    "textblob": ["polarity", "subjectivity"],
    "vader": ["vader_compound", "vader_pos", "vader_neu", "vader_neg"],
}
# The one number per scorer that timelines, rankings and validation use (both lie in [-1, 1]).
MAIN_COLUMN = {"textblob": "polarity", "vader": "vader_compound"}
# Below this many characters a process pool costs more than it saves.
PARALLEL_MIN_CHARS = 200_000

_vader = None


def score_column(scorer: Scorer) -> str:
    """The main score column of a scorer: ``polarity`` (TextBlob) or ``vader_compound``.

    >>> score_column("vader")
    'vader_compound'
    """
    check_choice("scorer", scorer, SCORERS)
    return MAIN_COLUMN[scorer]


def check_scorers(scorers: Iterable[str] | str) -> tuple[str, ...]:
    """Check scorer names (one or several) and return them in canonical order.

    >>> check_scorers(["vader", "textblob"])
    ('textblob', 'vader')
    """
    scorers = (scorers,) if isinstance(scorers, str) else tuple(scorers)
    if not scorers:
        raise ConfigError(f"scorers must name at least one of {', '.join(map(repr, SCORERS))}")
    for scorer in scorers:
        check_choice("scorer", scorer, SCORERS)
    return tuple(s for s in SCORERS if s in scorers)


def correlation(a: pd.Series, b: pd.Series, *, method: Literal["pearson", "spearman"]) -> float:
    """Correlation of two score columns; NaN with fewer than 3 rows or a constant column.

    >>> correlation(pd.Series([0.1, 0.2, 0.4]), pd.Series([1, 2, 3]), method="spearman")
    1.0
    """
    check_choice("method", method, ("pearson", "spearman"))
    if len(a) < 3 or a.nunique() < 2 or b.nunique() < 2:
        return np.nan
    return float(a.corr(b, method=method))


def score_texts(
    texts: Sequence[str] | pd.Series,
    *,
    scorers: Iterable[Scorer] = SCORERS,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Score each text with the chosen scorers; one row per text, in input order.

    Returns ``polarity``, ``subjectivity`` (``TextBlob(text).sentiment``) and/or
    ``vader_compound``, ``vader_pos``, ``vader_neu``, ``vader_neg`` (VADER's
    ``polarity_scores``), indexed like ``texts``. Missing texts get NaN. ``n_jobs`` processes
    (default: all available cores) share the work when the input is large; results do not
    depend on ``n_jobs``.

    >>> score_texts(["A good deal.", None], scorers=["textblob"]).round(2).values.tolist()
    [[0.7, 0.6], [nan, nan]]
    """
    scorers = check_scorers(scorers)
    n_jobs = workers(n_jobs)
    texts = pd.Series(texts, dtype=object) if not isinstance(texts, pd.Series) else texts
    columns = [c for s in scorers for c in SCORE_COLUMNS[s]]
    present = texts.notna()
    todo = texts[present].astype(str).tolist()
    rows = _score_all(todo, scorers, n_jobs, progress)
    scored = pd.DataFrame(rows, columns=columns, index=texts.index[present.to_numpy()], dtype="float64")
    return scored.reindex(texts.index)


def score_sentences(
    sentences: pd.DataFrame,
    *,
    scorers: Iterable[Scorer] = SCORERS,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The sentences table with each sentence's scores added.

    Takes the ``sentences`` table of :func:`newsframe.text.split_sentences` and returns it with
    ``polarity``, ``subjectivity`` (TextBlob, exactly ``TextBlob(text).sentiment``) and
    ``vader_compound``, ``vader_pos``, ``vader_neu``, ``vader_neg`` (VADER) for the chosen
    ``scorers``. Parallel over ``n_jobs`` processes (default: all cores) for large tables.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["Talks fail"],
    ...                      "text": ["The deal is good. It is a terrible loss."]})
    >>> scored = split_sentences(arts).pipe(score_sentences)
    >>> scored[["part", "polarity", "vader_compound"]].round(2).values.tolist()
    [['title', -0.5, -0.54], ['body', 0.7, 0.44], ['body', -1.0, -0.66]]
    """
    scores = score_texts(sentences["text"], scorers=scorers, n_jobs=n_jobs, progress=progress)
    return sentences.assign(**{c: scores[c] for c in scores})


def score_articles(
    articles: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    scorers: Iterable[Scorer] = SCORERS,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Article-level scores: whole body, headline, and a length-weighted mean of sentences.

    Takes an articles table (``article_id``, ``title``, ``text``) and, optionally, its scored
    sentences (from :func:`score_sentences`; computed here when not given). Returns one row per
    article: ``article_id``; ``n_sentences`` (body sentences). With TextBlob: ``polarity``,
    ``subjectivity`` (``TextBlob(text).sentiment`` of the whole body ``text``);
    ``title_polarity``, ``title_subjectivity`` (the headline, NaN when there is none; read
    from the sentences' title rows where they have them);
    ``sign_differs`` (headline and body of opposite sign: one > 0, the other < 0; NA without
    a headline or body score); ``weighted_polarity``, ``weighted_subjectivity``. With VADER:
    ``vader_compound`` (length-weighted mean of body sentences, because VADER's compound
    saturates towards ±1 on long texts), ``title_vader_compound``, ``vader_sign_differs``.

    Length-weighted score of an article: ``sum(w_i * s_i) / sum(w_i)`` over its body sentences
    ``i``, where ``s_i`` is the sentence score and ``w_i`` its number of whitespace-separated
    words. Unlike the whole-text score, which averages only the words TextBlob knows, sentences
    without any sentiment word count (as 0) in proportion to their length.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["Talks fail"],
    ...                      "text": ["The deal is good. It is a terrible, terrible loss."]})
    >>> row = score_articles(arts, scorers=["textblob"]).iloc[0]
    >>> print(f"{row.polarity:.3f} {row.weighted_polarity:.3f} {row.title_polarity} {row.sign_differs}")
    -0.433 -0.320 -0.5 False
    """
    scorers = check_scorers(scorers)
    if sentences is None:
        sentences = score_sentences(
            split_sentences(articles, progress=progress), scorers=scorers, n_jobs=n_jobs, progress=progress
        )
    missing = [c for s in scorers for c in SCORE_COLUMNS[s] if c not in sentences]
    if missing:
        raise ConfigError(f"sentences lack the score columns {missing}; pass them through score_sentences first")

    out = articles[["article_id"]].reset_index(drop=True)
    body = sentences[sentences["part"] == "body"]
    weights = body["text"].str.count(r"\S+").astype("float64")
    grouped = body.assign(_w=weights).groupby("article_id", sort=False)
    out["n_sentences"] = out["article_id"].map(grouped.size()).fillna(0).astype("int64")
    title = articles["title"].where(articles["title"].fillna("").str.strip() != "").reset_index(drop=True)
    has_title = title.notna().to_numpy()

    def weighted(column: str) -> pd.Series:
        sums = body.assign(_ws=weights * body[column], _w=weights).groupby("article_id")[["_ws", "_w"]].sum()
        return out["article_id"].map(sums["_ws"] / sums["_w"]).astype("float64")

    head = _headline_scores(title, out["article_id"], sentences, scorers=scorers, n_jobs=n_jobs, progress=progress)
    if "textblob" in scorers:
        whole = score_texts(articles["text"].reset_index(drop=True), scorers=["textblob"], n_jobs=n_jobs,
                            progress=progress)
        out["polarity"] = whole["polarity"]
        out["subjectivity"] = whole["subjectivity"]
        out["title_polarity"] = head["polarity"]
        out["title_subjectivity"] = head["subjectivity"]
        out["sign_differs"] = _opposite(out["title_polarity"], out["polarity"], has_title)
        out["weighted_polarity"] = weighted("polarity")
        out["weighted_subjectivity"] = weighted("subjectivity")
    if "vader" in scorers:
        out["vader_compound"] = weighted("vader_compound")
        out["title_vader_compound"] = head["vader_compound"]
        out["vader_sign_differs"] = _opposite(out["title_vader_compound"], out["vader_compound"], has_title)
    return out.astype({"article_id": "string"})


def evidence(table: pd.DataFrame) -> pd.DataFrame:
    """The words behind each TextBlob score: one row per assessed word or phrase.

    Takes any table with ``text`` (sentences, or articles for whole-body scores) and returns its
    key columns (``article_id``, ``sentence`` and ``part`` when present), ``words`` (the phrase
    TextBlob scored, e.g. ``"not very good"``), ``polarity``, ``subjectivity`` (of that phrase)
    and ``label`` (TextBlob's tag such as ``"mood"`` or ``"irony"``, else NA). A text's polarity
    is the mean of its phrases' polarity (0 when it has none).

    >>> evidence(pd.DataFrame({"article_id": ["a"], "text": ["Not a good day, a sad loss!"]}))
      article_id     words  polarity  subjectivity label
    0          a  not good    -0.350           0.6  <NA>
    1          a     sad !    -0.625           1.0  <NA>
    """
    keys = [c for c in ("article_id", "sentence", "part") if c in table]
    rows = []
    for key, text in zip(table[keys].itertuples(index=False), table["text"]):
        if pd.isna(text):
            continue
        # TextBlob(text).sentiment_assessments, which would score the text twice.
        for words, polarity, subjectivity, label in pattern_sentiment(str(text)).assessments:
            rows.append((*key, " ".join(words), polarity, subjectivity, label))
    out = pd.DataFrame(rows, columns=[*keys, "words", "polarity", "subjectivity", "label"])
    return out.astype({"words": "string", "polarity": "float64", "subjectivity": "float64", "label": "string"})


def extremes(scores: pd.DataFrame, articles: pd.DataFrame, *, column: str = "polarity", n: int = 5) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative rows, with headline and date.

    Takes scored sentences or article scores (``article_id``, ``column``) and an articles table
    (``article_id``, ``title``, ``date``). Only articles in ``articles`` count, so pass a
    filtered articles table to rank within a period or a single article. Returns ``side``
    (``"positive"`` / ``"negative"``), ``rank`` (1 = most extreme), ``article_id``,
    ``sentence`` and ``text`` (when ranking sentences), ``date``, ``title`` and ``column``.
    Scores of exactly 0 are neither side.

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
    return out[["side", "rank", *keys, "date", "title", column, *extra]].astype({"side": "string", "rank": "int64"})


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
    return pd.DataFrame({
        "n": [len(both)],
        "pearson": [correlation(tb, vd, method="pearson")],
        "spearman": [correlation(tb, vd, method="spearman")],
        "sign_differs": [(tb * vd < 0).mean() if len(both) else np.nan],
    })


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
    return out.loc[order].reset_index(drop=True)


def timeline(
    scores: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    column: str = "polarity",
    period: Period = "month",
    since: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    min_count: int = 5,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean score per day, week or month with a bootstrap confidence interval.

    Takes article scores (or scored sentences) with ``article_id`` and ``column``, and the
    articles table for ``date``. Returns one row per period from the first to the last (or from
    ``since`` to ``until`` when given), empty periods included: ``period`` (first day;
    weeks start on Monday), ``n`` (scored rows), ``mean``, ``ci_low`` / ``ci_high`` (percentile
    bootstrap of the mean with ``n_boot`` resamples; NaN below 2 rows) and ``few``
    (``n < min_count``: read such periods with care). The bootstrap is seeded per period, so
    results are reproducible and a period's interval does not change with the window. Rows
    without a date or score are left out with a warning.

    >>> arts = pd.DataFrame({"article_id": list("abc"),
    ...                      "date": pd.to_datetime(["2021-01-05", "2021-01-20", "2021-03-02"])})
    >>> scores = pd.DataFrame({"article_id": list("abc"), "polarity": [0.1, 0.3, -0.2]})
    >>> timeline(scores, arts, min_count=2)[["period", "n", "mean", "few"]].to_string(index=False)
    '    period  n  mean   few\\n2021-01-01  2   0.2 False\\n2021-02-01  0   NaN  True\\n2021-03-01  1  -0.2  True'
    """
    check_choice("period", period, PERIODS)
    _check_column(scores, column)
    if not 0 < confidence < 1:
        raise ConfigError(f"confidence must lie between 0 and 1; got {confidence!r}")
    dated = scores[["article_id", column]].astype({"article_id": "string"}).merge(
        articles[["article_id", "date"]].astype({"article_id": "string"}), on="article_id", how="left"
    )
    usable = dated[column].notna() & dated["date"].notna()
    if not usable.all():
        warnings.warn(f"timeline: {int((~usable).sum())} of {len(dated)} rows without a date or score left out",
                      stacklevel=2)
    dated = dated[usable]
    periods = to_periods(dated["date"], period=period)
    ends = [p.start_time for p in (periods.min(), periods.max()) if not pd.isna(p)]
    ends += [pd.Timestamp(d) for d in (since, until) if d is not None]
    columns = ["period", "n", "mean", "ci_low", "ci_high", "few"]
    if not ends:
        return pd.DataFrame({c: [] for c in columns}).astype(
            {"period": "datetime64[ns]", "n": "int64", "mean": "float64", "ci_low": "float64",
             "ci_high": "float64", "few": "bool"})
    span = period_range(min(ends), max(ends), period=period)
    values = dict(list(dated[column].groupby(periods.to_numpy())))
    alpha = (1 - confidence) / 2
    rows = []
    for p in span:
        v = values.get(p, pd.Series(dtype="float64")).to_numpy(dtype="float64")
        low = high = np.nan
        if len(v) >= 2:
            # Seeded by the period itself, so the interval does not depend on the window.
            rng = np.random.default_rng([seed, p.ordinal % 2**63])
            means = v[rng.integers(0, len(v), size=(n_boot, len(v)))].mean(axis=1)
            low, high = np.quantile(means, [alpha, 1 - alpha])
        rows.append((p.start_time, len(v), v.mean() if len(v) else np.nan, low, high, len(v) < min_count))
    return pd.DataFrame(rows, columns=columns)


def _score_all(texts: list[str], scorers: tuple[str, ...], n_jobs: int, progress: bool | None) -> list[tuple]:
    """Score texts in order-preserving chunks, serially or in a process pool."""
    if not texts:
        return []
    parallel = n_jobs > 1 and sum(map(len, texts)) >= PARALLEL_MIN_CHARS
    size = max(1, math.ceil(len(texts) / (n_jobs * 8 if parallel else 20)))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    bar = counter_bar(total=len(texts), desc="sentiment", unit="text", progress=progress)
    rows: list[tuple] = []
    _warm(scorers)  # loaded once here; forked workers inherit the lexicons
    with bar:
        if parallel:
            with ProcessPoolExecutor(n_jobs, mp_context=fork_context(), initializer=_warm, initargs=(scorers,)) as pool:
                for chunk_rows in pool.map(partial(_score_chunk, scorers=scorers), chunks):
                    rows.extend(chunk_rows)
                    bar.update(len(chunk_rows))
        else:
            for chunk in chunks:
                rows.extend(_score_chunk(chunk, scorers=scorers))
                bar.update(len(chunk))
    return rows


def _score_chunk(texts: list[str], *, scorers: tuple[str, ...]) -> list[tuple]:
    vader = _vader_analyzer() if "vader" in scorers else None
    rows = []
    for text in texts:
        row: tuple = ()
        if "textblob" in scorers:
            # What TextBlob(text).sentiment returns, without the namedtuple class that
            # PatternAnalyzer builds on every call (a large share of its time).
            row += tuple(pattern_sentiment(text))
        if vader is not None:
            v = vader.polarity_scores(text)
            row += (v["compound"], v["pos"], v["neu"], v["neg"])
        rows.append(row)
    return rows


def _warm(scorers: tuple[str, ...]) -> None:
    """Load the lexicons (TextBlob loads its own lazily on first use)."""
    if "textblob" in scorers:
        pattern_sentiment("good")
    if "vader" in scorers:
        _vader_analyzer()


def _vader_analyzer():
    global _vader
    if _vader is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _vader = SentimentIntensityAnalyzer()
    return _vader


def _headline_scores(title: pd.Series, ids: pd.Series, sentences: pd.DataFrame, *, scorers: tuple[str, ...],
                     n_jobs: int | None, progress: bool | None) -> pd.DataFrame:
    """Scores of each headline in ``title`` (NaN where there is none): taken from the sentences'
    title rows, which hold the stripped headline (the same score: both scorers split on
    whitespace), and computed for headlines those rows lack."""
    columns = [c for s in scorers for c in SCORE_COLUMNS[s]]
    rows = sentences[sentences["part"] == "title"].drop_duplicates("article_id").set_index("article_id")
    present = title.notna()
    head = pd.DataFrame({c: ids.map(rows[c]).astype("float64").where(present) for c in columns})
    lacking = present & ~ids.isin(rows.index)
    if lacking.any():
        head.loc[lacking, columns] = score_texts(title[lacking], scorers=scorers, n_jobs=n_jobs,
                                                 progress=progress)[columns]
    return head


def _check_column(table: pd.DataFrame, column: str) -> None:
    if column not in table:
        raise ConfigError(f"no column {column!r} in the table; columns are {', '.join(map(str, table.columns))}")


def _opposite(title: pd.Series, body: pd.Series, has_title: np.ndarray) -> pd.Series:
    known = has_title & body.notna().to_numpy()
    return pd.Series(title * body < 0, dtype="boolean").where(known, pd.NA)
