"""The explorer's queries: a term, phrase or actor looked up in the stored tables, answered as DataFrames.

``Corpus`` holds the articles and their analysed tables in memory with a word index built once;
``search`` finds every occurrence (words matched as ``newsframe.kwic`` matches them, actors from
the mentions table), and the other functions turn those hits into the explorer's panels:
``timeline``, ``kwic_lines``, ``scored_sentences``, ``articles_of``, ``brief`` and ``drivers``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsframe.drivers import period_drivers
from newsframe.errors import ConfigError
from newsframe.explore.corpus import Corpus
from newsframe.sentiment import evidence
from newsframe.stats import bootstrap_mean_ci
from newsframe.text import find_phrase, phrase_pattern, raw_token_spans, raw_tokens

HIT_COLUMNS = ["article_id", "date", "title", "part", "sentence", "start", "end", "left", "match", "right"]
Z95 = 1.959963984540054
DETAILED = 500  # word hits given with their offsets and text; later ones only by sentence


def search(corpus: Corpus, query: str, *, kind: str = "auto") -> pd.DataFrame:
    """Every occurrence of ``query`` in the corpus, one row per hit with its sentence.

    ``kind`` is ``"words"`` (a word or phrase, ``*`` for any ending, matched as ``kwic`` matches),
    ``"actor"`` (the stored mentions of the actor it names) or ``"auto"`` (an actor when the query
    names one, else words). Returns ``article_id``, ``date``, ``title``, ``part``, ``sentence``,
    ``start`` / ``end`` (offsets in the title or body), ``left``, ``match`` and ``right`` (the rest
    of the sentence), in article order; ``.attrs["kind"]`` says which search ran. Past the first
    ``DETAILED`` word hits, only the sentence of each hit is given (offsets -1, text NA): counts,
    timelines and sentences use every hit, keyword in context shows the first ones.

    >>> from newsframe.explore.example import tiny
    >>> hits = search(tiny(), "oil price*")
    >>> hits[["article_id", "sentence", "left", "match", "right"]].values.tolist()
    [['a', 1, 'Crude', 'oil prices', 'fell.']]
    >>> search(tiny(), "NATO").attrs["kind"], len(search(tiny(), "NATO"))
    ('actor', 3)
    """
    if kind not in ("auto", "words", "actor"):
        raise ConfigError(f"kind must be one of auto, words, actor; got {kind!r}")
    actor = corpus.actor(query) if kind != "words" else None
    if kind == "actor" and actor is None:
        raise ConfigError(f"no actor called {query!r} is mentioned in this corpus")
    hits = _actor_hits(corpus, actor) if actor else _word_hits(corpus, query)
    hits.attrs["kind"] = "actor" if actor else "words"
    hits.attrs["query"] = actor or query
    return hits


def _word_hits(corpus: Corpus, query: str) -> pd.DataFrame:
    pattern = phrase_pattern(query)
    if not pattern:
        raise ConfigError(f"the search {query!r} holds no word")
    sentences = corpus.tables["sentences"]
    ids = corpus.candidates(pattern)
    if ids is not None:
        positions = [corpus._sentence_rows[i] for i in ids if i in corpus._sentence_rows]
        sentences = sentences.take(np.sort(np.concatenate(positions))) if positions else sentences.iloc[:0]
    first = pattern[0].rstrip("*")
    if first:
        lowered = corpus._lowered.loc[sentences.index]
        sentences = sentences.loc[lowered.str.contains(first, regex=False).fillna(False).astype(bool)]
    rows: list[tuple] = []
    columns = ["article_id", "sentence", "part", "start", "text"]
    # past the first hits only how many each sentence holds: a plain word is counted, not found
    word = pattern[0] if len(pattern) == 1 and not pattern[0].endswith("*") else None
    body_starts = corpus._body_starts
    for article_id, number, part, offset, text in zip(*(sentences[c].tolist() for c in columns), strict=True):
        if len(rows) >= DETAILED:  # past the first hits: where they are, not their text (faster)
            cut = max(0, body_starts[str(article_id)] - offset) if part == "body" else 0  # not in a dateline
            tokens = raw_tokens(text[cut:]) if cut else raw_tokens(text)
            found = tokens.count(word) if word else len(find_phrase(tokens, pattern))
            rows.extend([(article_id, part, number, -1, -1, pd.NA, pd.NA, pd.NA)] * found)
            continue
        spans, tokens = raw_token_spans(text)
        for i in find_phrase(tokens, pattern):
            start, end = spans[i][0], spans[i + len(pattern) - 1][1]
            left, right = _clean(text[:start]), _clean(text[end:])
            rows.append((article_id, part, number, offset + start, offset + end, left, text[start:end], right))
    hits = pd.DataFrame(rows, columns=["article_id", "part", "sentence", "start", "end", "left", "match", "right"])
    return _with_articles(corpus, _after_dateline(corpus, hits))


def no_hits() -> pd.DataFrame:
    """The hits of a search that found nothing: ``search``'s columns and types, no rows.

    >>> no_hits().columns.tolist() == HIT_COLUMNS
    True
    """
    empty = pd.DataFrame({c: pd.Series(dtype="string") for c in HIT_COLUMNS})
    types = {"date": "datetime64[ns]", "sentence": "int32", "start": "int64", "end": "int64"}
    return empty.astype(types)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _after_dateline(corpus: Corpus, hits: pd.DataFrame) -> pd.DataFrame:
    """Drop hits inside a body's dateline (``LONDON, March 2 -``), which ``kwic`` does not search."""
    body = hits["part"] == "body"
    if not body.any():
        return hits
    starts = hits["article_id"].astype(str).map(corpus._body_starts).fillna(0).to_numpy()
    inside = body & (hits["start"] >= 0) & (hits["start"].to_numpy() < starts)
    return hits.loc[~inside]


def _actor_hits(corpus: Corpus, actor: str) -> pd.DataFrame:
    mentions = corpus.mentions
    mentions = mentions.loc[mentions["actor"] == actor, ["article_id", "part", "sentence", "start", "end"]]
    sentences = corpus.sentences_of(mentions["article_id"].unique())[["article_id", "sentence", "start", "text"]]
    joined = mentions.merge(sentences.rename(columns={"start": "offset"}), on=["article_id", "sentence"], how="left")
    rows = []
    for row in joined.itertuples(index=False):
        text, a, b = str(row.text), int(row.start) - int(row.offset), int(row.end) - int(row.offset)
        rows.append(
            (row.article_id, row.part, row.sentence, row.start, row.end, _clean(text[:a]), text[a:b], _clean(text[b:]))
        )
    hits = pd.DataFrame(rows, columns=["article_id", "part", "sentence", "start", "end", "left", "match", "right"])
    return _with_articles(corpus, hits)


def _with_articles(corpus: Corpus, hits: pd.DataFrame) -> pd.DataFrame:
    order = corpus._order
    hits = hits.assign(article_id=hits["article_id"].astype(str)).merge(
        corpus._info[["article_id", "date", "title"]], on="article_id"
    )
    hits = hits.assign(_order=hits["article_id"].map(order)).sort_values(["_order", "sentence", "start"], kind="stable")
    types = {"article_id": "string", "sentence": "int32", "start": "int64", "end": "int64"}
    return hits[HIT_COLUMNS].astype(types).reset_index(drop=True)


def timeline(corpus: Corpus, hits: pd.DataFrame, *, score: str = "polarity", n_boot: int = 500) -> pd.DataFrame:
    """Per period of the corpus (``corpus.unit``, from its first dated article to its last):
    ``articles`` (dated articles), ``mentioning`` (those with a hit), ``share`` with a 95% Wilson
    interval (``share_low`` / ``share_high``), ``sentences`` (the hits' sentences) and ``tone``,
    the mean ``score`` of those sentences with a 95% bootstrap interval resampling articles
    (``tone_low`` / ``tone_high``; NaN below two articles). Empty when no article has a date.

    >>> from newsframe.explore.example import tiny
    >>> line = timeline(tiny(), search(tiny(), "NATO"))
    >>> line[["period", "articles", "mentioning", "share", "sentences", "tone"]].values.tolist()
    [[Timestamp('2021-01-01 00:00:00'), 2, 1, 0.5, 1, 0.7], [Timestamp('2021-02-01 00:00:00'), 1, 1, 1.0, 2, 0.0]]
    """
    dated, axis = corpus._dated, corpus._axis
    if dated.empty:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "period" else "float64") for c in TIMELINE})
    starts = dated["start"]
    found = dated["article_id"].isin(set(hits["article_id"].astype(str))).to_numpy()
    articles = starts.value_counts().reindex(axis, fill_value=0).to_numpy()
    mentioning = starts[found].value_counts().reindex(axis, fill_value=0).to_numpy()
    low, high = wilson(mentioning, articles)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(articles > 0, mentioning / np.maximum(articles, 1), np.nan)
    scored = (
        hits[["article_id", "sentence"]]
        .drop_duplicates()
        .astype({"article_id": str})
        .merge(_scores(corpus, score, hits), on=["article_id", "sentence"])
        .merge(dated[["article_id", "start"]], on="article_id")
    )
    groups = dict(list(scored.groupby("start")))
    tone = []
    for start in axis:
        rows = groups.get(start)
        if rows is None or rows.empty:
            tone.append((0, np.nan, np.nan, np.nan))
            continue
        values, ids = rows[score].to_numpy(dtype=float), rows["article_id"].to_numpy()
        interval = (np.nan, np.nan)
        if len(set(ids)) >= 2:
            interval = bootstrap_mean_ci(values, groups=ids, n_boot=n_boot, seed=[0, int(start.value) % 2**63])
        tone.append((len(values), float(values.mean()), *interval))
    sentences, mean, tone_low, tone_high = (np.array(column) for column in zip(*tone, strict=True))
    return pd.DataFrame(
        {
            "period": axis,
            "articles": articles.astype("int64"),
            "mentioning": mentioning.astype("int64"),
            "share": share,
            "share_low": low,
            "share_high": high,
            "sentences": sentences.astype("int64"),
            "tone": mean,
            "tone_low": tone_low,
            "tone_high": tone_high,
        }
    )


TIMELINE = ["period", "articles", "mentioning", "share", "share_low", "share_high", "sentences", "tone"]
TIMELINE += ["tone_low", "tone_high"]


def wilson(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 95% Wilson score interval of a proportion (NaN where there are no trials).

    >>> low, high = wilson(np.array([5, 0]), np.array([10, 0]))
    >>> [round(float(x), 3) for x in (low[0], high[0])], bool(np.isnan(low[1]))
    ([0.237, 0.763], True)
    """
    k, n = np.asarray(successes, dtype=float), np.asarray(trials, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
        half = Z95 * np.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2)) / (1 + Z95**2 / n)
    low, high = centre - half, centre + half
    empty = n <= 0
    return np.where(empty, np.nan, np.clip(low, 0, 1)), np.where(empty, np.nan, np.clip(high, 0, 1))


def kwic_lines(hits: pd.DataFrame, *, window: int = 8, limit: int | None = 200) -> pd.DataFrame:
    """Keyword-in-context lines: ``date``, ``title``, ``left`` (the ``window`` words before the
    match, within its sentence), ``match``, ``right`` (the words after) and ``article_id``, the
    first ``limit`` hits in article order (None: all).

    >>> from newsframe.explore.example import tiny
    >>> kwic_lines(search(tiny(), "nato"), window=2)[["left", "match", "right"]].values.tolist()
    [['', 'NATO', 'met in'], ['', 'NATO', 'summit'], ['Leaders praised', 'NATO', '.']]
    """
    shown = hits.loc[hits["match"].notna()]
    shown = shown if limit is None else shown.head(limit)
    left = shown["left"].astype(str).str.split().map(lambda words: " ".join(words[-window:]) if window else "")
    right = shown["right"].astype(str).str.split().map(lambda words: " ".join(words[:window]) if window else "")
    out = shown[["date", "title", "match", "article_id"]].assign(left=left, right=right)
    return out[["date", "title", "left", "match", "right", "article_id"]].reset_index(drop=True)


def _scores(corpus: Corpus, score: str, hits: pd.DataFrame) -> pd.DataFrame:
    sentences = corpus.sentences_of(hits["article_id"].astype(str).unique())
    if score not in sentences:
        raise ConfigError(f"the sentences table has no score {score!r}; it has {', '.join(sentences.columns)}")
    return sentences[["article_id", "sentence", score]]


def scored_sentences(
    corpus: Corpus, hits: pd.DataFrame, *, score: str = "polarity", limit: int = 30, words: bool = True
) -> pd.DataFrame:
    """The sentences that hold a hit with their scores, the most strongly scored first: ``date``,
    ``title``, ``text``, ``polarity``, ``vader_compound``, ``words`` (the phrases TextBlob scored in
    the sentence, each with its polarity: the words behind the score; filled for the first
    ``limit`` rows only when ``words``) and ``article_id``, ``sentence``.

    >>> from newsframe.explore.example import tiny
    >>> found = scored_sentences(tiny(), search(tiny(), "oil"))
    >>> found[["text", "polarity", "words"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Crude oil prices fell.', -0.7, 'crude (-0.70)'], ['Oil output rose.', 0.6, 'rose (+0.60)'],
     ['Oil falls', 0.0, '']]
    """
    keys = hits[["article_id", "sentence"]].drop_duplicates().astype({"article_id": str})
    columns = ["article_id", "sentence", "text", "polarity", "vader_compound"]
    sentences = corpus.sentences_of(keys["article_id"].unique())[list(dict.fromkeys([*columns, score]))]
    rows = keys.merge(sentences, on=["article_id", "sentence"])
    titles = corpus._info[["article_id", "date", "title"]]
    rows = rows.merge(titles, on="article_id")
    strength = rows[score].abs().fillna(-1)
    rows = rows.assign(_strength=strength).sort_values("_strength", ascending=False, kind="stable").head(limit)
    said = pd.Series("", index=rows.index, dtype="string")
    if words and len(rows):
        found = evidence(rows[["article_id", "sentence", "text"]])
        if len(found):
            text = found["words"] + " (" + found["polarity"].map("{:+.2f}".format) + ")"
            joined = text.groupby([found["article_id"], found["sentence"]]).agg("; ".join)
            said = pd.Series(
                [joined.get((a, s), "") for a, s in zip(rows["article_id"], rows["sentence"], strict=True)],
                index=rows.index,
                dtype="string",
            )
    rows = rows.assign(words=said)
    order = ["date", "title", "text", "polarity", "vader_compound", "words", "article_id", "sentence"]
    if score not in order:
        order.insert(3, score)
    return rows[order].reset_index(drop=True)


def articles_of(corpus: Corpus, hits: pd.DataFrame, *, score: str = "polarity") -> pd.DataFrame:
    """The articles with a hit, most hits first: ``article_id``, ``date``, ``title``, ``source``,
    ``hits`` and the article's ``score`` (``article_sentiment``).

    >>> from newsframe.explore.example import tiny
    >>> articles_of(tiny(), search(tiny(), "nato"))[["title", "hits"]].values.tolist()
    [['NATO summit', 2], ['Oil falls', 1]]
    """
    counts = hits["article_id"].astype(str).value_counts().rename("hits").rename_axis("article_id").reset_index()
    info = corpus._info
    tone = corpus._tone[["article_id", score]]
    out = counts.merge(info, on="article_id").merge(tone, on="article_id", how="left")
    out = out.sort_values(["hits", "date"], ascending=[False, True], kind="stable")
    return out[["article_id", "date", "title", "source", "hits", score]].reset_index(drop=True)


def brief(corpus: Corpus, article_id: str, *, hits: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """One article in brief: ``article`` (one row: ``date``, ``title``, ``source``, ``n_words``,
    ``polarity``, ``vader_compound``), ``sentences`` (each with its scores and ``hit``: whether
    it holds one of ``hits``) and ``actors`` (``actor``, ``type``, ``mentions``, most first).

    >>> from newsframe.explore.example import tiny
    >>> one = brief(tiny(), "c", hits=search(tiny(), "oil"))
    >>> one["sentences"][["text", "hit"]].values.tolist()
    [['NATO summit', False], ['Leaders praised NATO.', False], ['Oil output rose.', True]]
    >>> one["actors"].values.tolist()
    [['NATO', 'organisation', 2]]
    """
    ids = corpus.articles["article_id"].astype(str)
    if not (ids == str(article_id)).any():
        raise ConfigError(f"no article with article_id {article_id!r} in this corpus")
    row = corpus.articles.loc[ids == str(article_id)]
    columns = [c for c in ("article_id", "date", "title", "source", "n_words") if c in row]
    scores = corpus.tables["article_sentiment"][["article_id", "polarity", "vader_compound"]].astype(
        {"article_id": str}
    )
    article = row[columns].astype({"article_id": str}).merge(scores, on="article_id", how="left")
    own = corpus.sentences_of([str(article_id)])
    own = own[["sentence", "part", "text", "polarity", "vader_compound"]].reset_index(drop=True)
    marked = set() if hits is None else set(hits.loc[hits["article_id"].astype(str) == str(article_id), "sentence"])
    own = own.assign(hit=own["sentence"].isin(marked))
    mentions = corpus.mentions
    mine = mentions.loc[mentions["article_id"] == str(article_id)]
    if "type" not in mine:
        mine = mine.assign(type=pd.Series(dtype="string"))
    actors = mine.groupby(["actor", "type"]).size().rename("mentions").reset_index()
    actors = actors.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return {"article": article.reset_index(drop=True), "sentences": own, "actors": actors}


def drivers(
    corpus: Corpus,
    start: str | pd.Timestamp,
    *,
    hits: pd.DataFrame | None = None,
    score: str = "polarity",
    top_n: int = 8,
) -> dict[str, pd.DataFrame]:
    """What drove the period that begins on ``start`` (``period_drivers``): the key ``terms`` and
    ``actors`` of the period against the rest of the window, and its extreme ``articles``. With
    ``hits``, among the articles of the search only (what marks its coverage in that period
    against its coverage in the others); else over the whole corpus.

    >>> from newsframe.explore.example import tiny
    >>> found = drivers(tiny(), "2021-02-01", hits=search(tiny(), "NATO"))
    >>> found["articles"]["title"].tolist(), found["terms"].attrs["note"][:7]
    (['NATO summit'], 'refused')
    """
    articles, tables = corpus.articles, corpus.tables
    if hits is not None:
        ids = hits["article_id"].astype(str).unique()
        articles = articles.loc[articles["article_id"].astype(str).isin(ids)]
        rows = [corpus._rows_of[i] for i in ids if i in corpus._rows_of]
        terms = corpus._unigrams.take(np.concatenate(rows)) if rows else corpus._unigrams.iloc[:0]
        tables = {
            "terms": terms,
            "mentions": corpus.mentions.loc[corpus.mentions["article_id"].isin(ids)],
            "article_sentiment": tables["article_sentiment"],
        }
    return period_drivers(articles, tables, start=start, period=corpus.unit, score=score, top_n=top_n)
