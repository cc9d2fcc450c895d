"""Sentiment scores of texts, sentences and articles (TextBlob and VADER), and the words behind them.

This module computes the tables the store keeps (scored sentences, article scores); reading them
over time or against each other is ``newsframe.sentiment.tone``. Every TextBlob number here is
exactly ``TextBlob(text).sentiment`` for the text it belongs to; VADER (compound, pos, neu, neg)
runs on the same texts as a second opinion; AFINN and the recommended ``news`` score
(``newsframe.sentiment.lexicons``) are there on request. Scoring is spread over processes in
order-preserving chunks, so parallel and serial results are identical.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, get_args

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.errors import ConfigError, check_choice
from newsframe.parallel import map_ordered, process_pool, workers
from newsframe.progress import counter_bar
from newsframe.sentiment import lexicons
from newsframe.text import split_sentences

if TYPE_CHECKING:
    from newsframe.sentiment.training import TrainedScorer

Scorer = Literal["textblob", "vader", "afinn", "news"]
# Every scorer, in the order of their columns in a score table. AFINN and the recommended
# "news" score come from newsframe.sentiment.lexicons (docs/scorers.md).
ALL_SCORERS: tuple[Scorer, ...] = get_args(Scorer)
# The scorers the store keeps: the default of the scoring functions and of validation.
SCORERS: tuple[Scorer, ...] = ("textblob", "vader")
SCORE_COLUMNS = {
    "textblob": ["polarity", "subjectivity"],
    "vader": ["vader_compound", "vader_pos", "vader_neu", "vader_neg"],
    "afinn": ["afinn"],
    "news": ["news"],
}
# The one number per scorer that timelines, rankings and validation use (all lie in [-1, 1]).
MAIN_COLUMN = {"textblob": "polarity", "vader": "vader_compound", "afinn": "afinn", "news": "news"}
# A scorer is one of the names above or a trained model (newsframe.sentiment.training), which the
# store never keeps: it is applied on top of the stored scores when asked for.
AnyScorer: TypeAlias = "Scorer | str | TrainedScorer"
# Below this many characters a process pool costs more than it saves.
PARALLEL_MIN_CHARS = 200_000


def score_column(scorer: AnyScorer) -> str:
    """The main score column of a scorer: ``polarity`` (TextBlob), ``vader_compound``, ``afinn``, ``news``
    or a trained scorer's name.

    >>> score_column("vader"), score_column("news")
    ('vader_compound', 'news')
    """
    if not isinstance(scorer, str):
        return scorer.name
    check_choice("scorer", scorer, ALL_SCORERS)
    return MAIN_COLUMN[scorer]


def split_scorers(scorers: Iterable[AnyScorer] | AnyScorer) -> tuple[tuple[Scorer, ...], tuple[TrainedScorer, ...]]:
    """Scorer names (checked, in canonical order) and trained scorers, apart.

    >>> split_scorers(["news", "textblob"])
    (('textblob', 'news'), ())
    """
    scorers = (scorers,) if isinstance(scorers, str) or not isinstance(scorers, Iterable) else tuple(scorers)
    models = tuple(s for s in scorers if not isinstance(s, str))
    for model in models:
        if not hasattr(model, "pipeline") or not str(getattr(model, "name", "")).isidentifier():
            known = ", ".join(map(repr, ALL_SCORERS))
            raise ConfigError(f"a scorer is one of {known} or a trained scorer; got {model!r}")
    names = [s for s in scorers if isinstance(s, str)]
    clash = [m.name for m in models if m.name in names or m.name in MAIN_COLUMN.values()]
    if clash:
        raise ConfigError(f"a trained scorer may not be named like a built-in scorer or its column: {clash}")
    return (check_scorers(names) if names or not models else ()), models


def check_scorers(scorers: Iterable[str] | str) -> tuple[Scorer, ...]:
    """Check scorer names (one or several) and return them in canonical order.

    >>> check_scorers(["news", "vader", "textblob"])
    ('textblob', 'vader', 'news')
    """
    scorers = (scorers,) if isinstance(scorers, str) else tuple(scorers)
    if not scorers:
        raise ConfigError(f"scorers must name at least one of {', '.join(map(repr, ALL_SCORERS))}")
    for scorer in scorers:
        check_choice("scorer", scorer, ALL_SCORERS)
    return tuple(s for s in ALL_SCORERS if s in scorers)


def score_texts(
    texts: Sequence[str | None] | pd.Series,
    *,
    scorers: Iterable[AnyScorer] = SCORERS,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Score each text with the chosen scorers; one row per text, in input order.

    Returns ``polarity``, ``subjectivity`` (``TextBlob(text).sentiment``) and/or
    ``vader_compound``, ``vader_pos``, ``vader_neu``, ``vader_neg`` (VADER's
    ``polarity_scores``) and/or ``afinn``, ``news`` (``newsframe.sentiment.lexicons``), and for a
    trained scorer ``<name>`` and ``<name>_label`` (``newsframe.sentiment.training``), indexed
    like ``texts``. Missing texts get NaN. ``n_jobs`` processes (default: all available cores)
    share the work when the input is large; results do not depend on ``n_jobs``.

    >>> score_texts(["A good deal.", None], scorers=["textblob"]).round(2).values.tolist()
    [[0.7, 0.6], [nan, nan]]
    """
    chosen, models = split_scorers(scorers)
    jobs = workers(n_jobs)
    texts = pd.Series(texts, dtype=object) if not isinstance(texts, pd.Series) else texts
    columns = [c for s in chosen for c in SCORE_COLUMNS[s]]
    present = texts.notna()
    todo = texts[present].astype(str).tolist() if chosen else []
    rows = _score_all(todo, chosen, jobs, progress)
    scored = pd.DataFrame(rows, columns=columns, index=texts.index[present.to_numpy()], dtype="float64")
    scored = scored.reindex(texts.index)
    for model in models:
        applied = model.score(texts, n_jobs=n_jobs)
        scored = scored.assign(**{c: applied[c] for c in applied})
    return scored


def score_sentences(
    sentences: pd.DataFrame,
    *,
    scorers: Iterable[AnyScorer] = SCORERS,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The sentences table with each sentence's scores added.

    Takes the ``sentences`` table of :func:`newsframe.text.split_sentences` and returns it with
    ``polarity``, ``subjectivity`` (TextBlob, exactly ``TextBlob(text).sentiment``) and
    ``vader_compound``, ``vader_pos``, ``vader_neu``, ``vader_neg`` (VADER) for the chosen
    ``scorers``; a trained scorer adds ``<name>`` and ``<name>_label``, also on top of sentences
    already scored (from the store). Parallel over ``n_jobs`` processes (default: all cores) for
    large tables.

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
    scorers: Iterable[AnyScorer] = SCORERS,
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
    The columns and their types are the ``article_sentiment`` schema's (``newsframe.schemas``).
    With AFINN or news (not in the store), the same three as VADER's: ``afinn`` / ``news``
    (float64, length-weighted), ``title_afinn`` / ``title_news`` (float64),
    ``afinn_sign_differs`` / ``news_sign_differs`` (boolean); likewise for a trained scorer, whose
    sentence scores are computed on top of ``sentences`` when they lack them.

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
    chosen, models = split_scorers(scorers)
    if sentences is None:
        sentences = score_sentences(
            split_sentences(articles, progress=progress), scorers=(*chosen, *models), n_jobs=n_jobs, progress=progress
        )
    lacking = [m for m in models if m.name not in sentences]
    if lacking:
        sentences = score_sentences(sentences, scorers=lacking, n_jobs=n_jobs, progress=progress)
    missing = [c for s in chosen for c in SCORE_COLUMNS[s] if c not in sentences]
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

    head = _headline_scores(
        title, out["article_id"], sentences, scorers=(*chosen, *models), n_jobs=n_jobs, progress=progress
    )
    if "textblob" in chosen:
        whole = score_texts(
            articles["text"].reset_index(drop=True), scorers=["textblob"], n_jobs=n_jobs, progress=progress
        )
        out["polarity"] = whole["polarity"]
        out["subjectivity"] = whole["subjectivity"]
        out["title_polarity"] = head["polarity"]
        out["title_subjectivity"] = head["subjectivity"]
        out["sign_differs"] = _opposite(out["title_polarity"], out["polarity"], has_title)
        out["weighted_polarity"] = weighted("polarity")
        out["weighted_subjectivity"] = weighted("subjectivity")
    if "vader" in chosen:
        out["vader_compound"] = weighted("vader_compound")
        out["title_vader_compound"] = head["vader_compound"]
        out["vader_sign_differs"] = _opposite(out["title_vader_compound"], out["vader_compound"], has_title)
    for column in [*(MAIN_COLUMN[s] for s in ("afinn", "news") if s in chosen), *(m.name for m in models)]:
        out[column] = weighted(column)
        out[f"title_{column}"] = head[column]
        out[f"{column}_sign_differs"] = _opposite(out[f"title_{column}"], out[column], has_title)
    schema = schemas.dtypes("article_sentiment")
    return out.astype({column: schema[column] for column in out if column in schema})


def evidence(table: pd.DataFrame) -> pd.DataFrame:
    """The words behind each TextBlob score: one row per assessed word or phrase.

    Takes any table with ``text`` (sentences, or articles for whole-body scores) and returns its
    key columns (``article_id``, ``sentence`` and ``part`` when present), ``words`` (the phrase
    TextBlob scored, e.g. ``"not very good"``), ``polarity``, ``subjectivity`` (of that phrase)
    and ``label`` (TextBlob's tag such as ``"mood"`` or ``"irony"``, else NA). A text's polarity
    is the mean of its phrases' polarity (0 when it has none). The columns have the types of the
    ``evidence`` schema, also with nothing to show.

    >>> evidence(pd.DataFrame({"article_id": ["a"], "text": ["Not a good day, a sad loss!"]}))
      article_id     words  polarity  subjectivity label
    0          a  not good    -0.350           0.6  <NA>
    1          a     sad !    -0.625           1.0  <NA>
    """
    from newsframe.sentiment.engine import assessments  # loads TextBlob's lexicon: kept off import

    keys = [c for c in ("article_id", "sentence", "part") if c in table]
    columns = [*keys, "words", "polarity", "subjectivity", "label"]
    rows = []
    for key, text in zip(table[keys].itertuples(index=False), table["text"], strict=True):
        if pd.isna(text):
            continue
        # TextBlob(text).sentiment_assessments, which would score the text twice.
        for words, polarity, subjectivity, label in assessments(str(text)):
            rows.append((*key, " ".join(words), polarity, subjectivity, label))
    out = pd.DataFrame(rows, columns=columns) if rows else schemas.empty("evidence")[columns]
    return out.astype({c: t for c, t in schemas.dtypes("evidence").items() if c in columns})


def _score_all(texts: list[str], scorers: tuple[str, ...], n_jobs: int, progress: bool | None) -> list[tuple]:
    """Score texts in order-preserving chunks, serially or in a process pool."""
    if not texts:
        return []
    parallel = n_jobs > 1 and sum(map(len, texts)) >= PARALLEL_MIN_CHARS
    size = max(1, math.ceil(len(texts) / (n_jobs * 8 if parallel else 20)))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    rows: list[tuple] = []
    _warm(scorers)  # loaded once here; forked workers inherit the lexicons
    with (
        counter_bar(total=len(texts), desc="sentiment", unit="text", progress=progress) as bar,
        process_pool(n_jobs if parallel else 1, initializer=_warm, initargs=(scorers,)) as pool,
    ):
        for chunk_rows in map_ordered(_score_chunk, chunks, scorers, executor=pool):
            rows.extend(chunk_rows)
            bar.update(len(chunk_rows))
    return rows


def _score_chunk(texts: list[str], scorers: tuple[str, ...]) -> list[tuple]:
    from newsframe.sentiment import engine  # imports textblob (nltk, scipy): only when scoring

    vader_scores = _vader_scores() if "vader" in scorers else None
    rows = []
    for text in texts:
        row: tuple = ()
        if "textblob" in scorers:
            # Exactly TextBlob(text).sentiment, by newsframe's own faster engine.
            row += engine.sentiment(text)
        if vader_scores is not None:
            # Exactly VADER's polarity_scores(text) (compound, pos, neu, neg), by newsframe's own engine.
            row += vader_scores(text)
        if "afinn" in scorers:
            row += (lexicons.afinn(text),)
        if "news" in scorers:
            row += (lexicons.news(text),)
        rows.append(row)
    return rows


def _warm(scorers: tuple[str, ...]) -> None:
    """Load the lexicons (TextBlob loads its own lazily on first use)."""
    if "textblob" in scorers:
        from newsframe.sentiment import engine

        engine.warm()
    if "vader" in scorers:
        _vader_scores()
    if "afinn" in scorers or "news" in scorers:
        lexicons.warm()


def _vader_scores() -> Any:
    """newsframe.sentiment.vader's ``scores``, its lexicon loaded."""
    from newsframe.sentiment import vader

    vader.warm()
    return vader.scores


def _headline_scores(
    title: pd.Series,
    ids: pd.Series,
    sentences: pd.DataFrame,
    *,
    scorers: tuple[AnyScorer, ...],
    n_jobs: int | None,
    progress: bool | None,
) -> pd.DataFrame:
    """Scores of each headline in ``title`` (NaN where there is none): taken from the sentences'
    title rows, which hold the stripped headline (the same score: both scorers split on
    whitespace), and computed for headlines those rows lack."""
    columns = [c for s in scorers for c in (SCORE_COLUMNS[s] if isinstance(s, str) else [s.name])]
    rows = sentences[sentences["part"] == "title"].drop_duplicates("article_id").set_index("article_id")
    present = title.notna()
    head = pd.DataFrame({c: ids.map(rows[c]).astype("float64").where(present) for c in columns})
    lacking = present & ~ids.isin(rows.index)
    if lacking.any():
        head.loc[lacking, columns] = score_texts(title[lacking], scorers=scorers, n_jobs=n_jobs, progress=progress)[
            columns
        ]
    return head


def _opposite(title: pd.Series, body: pd.Series, has_title: np.ndarray) -> pd.Series:
    known = has_title & body.notna().to_numpy()
    return pd.Series(title * body < 0, dtype="boolean").where(known, pd.NA)
