"""Word frequency: term counts, n-grams, keyness and term trends on a real date axis.

Every function takes and returns tidy tables. The central one is the long **terms** table of
``count_terms``: one row per article and term, columns ``article_id``, ``term``, ``n`` (n-gram
order) and ``count``. Frequencies, keyness and trends are computed from it, so a corpus is
tokenised once. Method, caveats and measured speed: ``docs/word-frequency.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import simplemma
from scipy.stats import chi2

from newsframe.errors import ConfigError, NewsframeError, check_choice
from newsframe.periods import PERIODS, Period, period_range, period_start
from newsframe.progress import progress_bar
from newsframe.text import (
    body_start, encode_tokens, find_phrase, phrase_patterns, raw_tokens, stopword_set, word_count,
)

TERM_COLUMNS = ["article_id", "term", "n", "count"]
_BATCH_CHARACTERS = 20_000_000  # text tokenised at once: fast array work, bounded memory
_SPACE = pa.scalar(" ", pa.large_string())


def count_terms(
    articles: pd.DataFrame,
    *,
    n: int | Sequence[int] = 1,
    stopwords: Collection[str] | None = None,
    numbers: bool = False,
    lemmatize: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Count the terms (words and n-grams) of each article's headline and body.

    Takes an articles table (``article_id``, ``title``, ``text``) and returns the long terms
    table: ``article_id``, ``term`` (lower case, n-gram words joined by a space), ``n`` (n-gram
    order) and ``count``, one row per article and term that occurs, in article order.

    ``n`` is an order or several (``n=(1, 2)``). N-grams never cross punctuation, stopwords or
    dropped numbers, so ``Xi Jinping on Wednesday`` gives ``xi jinping`` but no ``jinping
    wednesday``. ``stopwords`` defaults to ``stopword_set()`` (the ``stopwords`` package's
    174-word English list, which keeps news words such as ``said`` and ``states``); extend it with
    ``stopword_set(["said"])`` or pass ``()`` to keep every word.
    ``numbers=False`` drops tokens without a letter (``2021``, ``3.5%``; ``G7`` stays).
    ``lemmatize=True`` maps words to their dictionary form with simplemma (``ministers`` ->
    ``minister``).

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["G7 ministers meet"],
    ...                      "text": ["Foreign ministers met Xi Jinping on Wednesday."]})
    >>> count_terms(arts, n=2)["term"].tolist()
    ['g7 ministers', 'ministers meet', 'foreign ministers', 'ministers met', 'met xi', 'xi jinping']
    """
    orders = _orders(n)
    vocabulary = _Vocabulary(stopword_set() if stopwords is None else stopwords, numbers=numbers,
                             lemmatize=lemmatize)
    parts = []
    # A tqdm bar advanced by hand: the work happens batch by batch, after the texts are read.
    bar = progress_bar((), total=len(articles), desc="counting terms", unit="article", progress=progress)
    for first, texts in _text_batches(articles):
        codes, text = encode_tokens(texts, vocabulary)
        terms = pa.array(vocabulary.terms, type=pa.large_string())
        for article, *counted in _count_ngrams(codes, text, orders, terms):
            parts.append((first + article, *counted))
        bar.update(len(texts) // 2)
    bar.close()
    return _terms_from_parts(parts, articles["article_id"], vocabulary.terms)


def count_phrases(articles: pd.DataFrame, phrases: Iterable[str], *, progress: bool | None = None) -> pd.DataFrame:
    """Count occurrences of chosen words or phrases, stopwords included (``bank of england``).

    Matching is case-insensitive on tokens, never across punctuation; a trailing ``*`` matches
    any ending (``negotiat*``). Returns the terms table (``article_id``, ``term`` as given,
    ``n`` words in the phrase, ``count``), only for articles where the phrase occurs, so it
    feeds ``term_trends`` and ``term_frequencies`` like ``count_terms`` output.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": [""],
    ...                      "text": ["The Bank of England held rates. The bank said no."]})
    >>> count_phrases(arts, ["Bank of England", "bank"]).values.tolist()
    [['a', 'Bank of England', 3, 1], ['a', 'bank', 1, 2]]
    """
    patterns = phrase_patterns(phrases)
    rows: dict[str, list] = {column: [] for column in TERM_COLUMNS}
    for article_id, tokens in _article_tokens(articles, progress=progress, desc="counting phrases"):
        for phrase, pattern in patterns.items():
            found = len(find_phrase(tokens, pattern))
            if found:
                for column, value in zip(TERM_COLUMNS, (article_id, phrase, len(pattern), found)):
                    rows[column].append(value)
    return _terms_table(rows)


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
    dropped = {word.lower() for word in words}
    if not dropped or terms.empty:
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
        _require(articles, ["article_id", *keys], "articles")
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
    return table.reset_index(drop=True)


def with_period(articles: pd.DataFrame, *, period: Period = "month") -> pd.DataFrame:
    """Add a ``period`` column: the first day of each article's day, week (Monday) or month.

    Undated articles get ``NaT``.

    >>> arts = pd.DataFrame({"date": pd.to_datetime(["2021-12-15", None])})
    >>> with_period(arts, period="week")["period"].tolist()
    [Timestamp('2021-12-13 00:00:00'), NaT]
    """
    return articles.assign(period=period_start(articles["date"], period=period))


def date_split(articles: pd.DataFrame, *, at: str | None = None, period: Period = "month") -> pd.DataFrame:
    """Add a ``split`` column for keyness over time: ``"after"`` for articles dated on or after
    ``at`` (default: the first day of the latest ``period``), ``"before"`` for earlier ones,
    NA for undated articles. The day used is in ``.attrs["split_at"]`` (NaT without dates).

    >>> arts = pd.DataFrame({"date": pd.to_datetime(["2021-11-02", "2021-12-15", None])})
    >>> split = date_split(arts)
    >>> split["split"].tolist(), split.attrs["split_at"]
    (['before', 'after', <NA>], Timestamp('2021-12-01 00:00:00'))
    """
    check_choice("period", period, PERIODS)
    if at is not None:
        try:
            cut = pd.Timestamp(at)
        except ValueError:
            raise ConfigError(f"cannot read {at!r} as a date (expected YYYY-MM-DD)") from None
    else:
        cut = with_period(articles, period=period)["period"].max()
    after = articles["date"].ge(cut)
    split = pd.Series(np.where(after, "after", "before"), index=articles.index, dtype="string")
    result = articles.assign(split=split.mask(articles["date"].isna() | pd.isna(cut)))
    result.attrs = {**articles.attrs, "split_at": cut}
    return result


def keyness(
    terms: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str,
    target: object,
    reference: object | None = None,
    min_count: int = 5,
) -> pd.DataFrame:
    """Distinctive terms of one group of articles against another, by log-likelihood (G²).

    The target is the articles whose column ``by`` equals ``target``; the reference those
    equal to ``reference``, or by default every other article with a value in ``by``. Returns
    ``term``, ``n``, ``count_target``, ``count_reference``, ``g2`` (signed: positive when the
    term is relatively more frequent in the target), ``p_value`` (chi-squared, 1 degree of
    freedom), ``log_ratio`` (effect size: log2 of the ratio of relative frequencies, a zero count
    taken as 0.5, so +1 means twice as frequent), for terms with at least ``min_count``
    occurrences in both groups together, sorted by ``g2`` (most distinctive of the target
    first). Each n-gram order is compared against the totals of its own order.

    >>> arts = pd.DataFrame({"article_id": list("abcd"), "source": ["x", "x", "y", "y"]})
    >>> terms = pd.DataFrame({"article_id": list("abcd") * 2, "n": 1,
    ...                       "term": ["oil"] * 4 + ["trade"] * 4, "count": [9, 8, 1, 1, 1, 2, 9, 9]})
    >>> keyness(terms, arts, by="source", target="x", min_count=1)[["term", "g2"]].round(2).values.tolist()
    [['oil', 25.44], ['trade', -25.44]]
    """
    _require(articles, ["article_id", by], "articles")
    groups = articles[by]
    in_target = groups.eq(target).fillna(False).astype(bool)
    if not in_target.any():
        values = ", ".join(map(repr, groups.dropna().unique()[:20]))
        raise ConfigError(f"no articles with {by} == {target!r}; values present: {values or 'none'}")
    in_reference = groups.notna() & ~in_target if reference is None else groups.eq(reference).fillna(False)
    if not in_reference.astype(bool).any():
        raise ConfigError(f"no reference articles with {by} == {reference!r}" if reference is not None
                          else f"no other articles than {by} == {target!r} to compare with")
    side = pd.Series(np.where(in_target, "target", np.where(in_reference, "reference", None)),
                     index=articles["article_id"])
    counts = (
        terms.assign(side=terms["article_id"].map(side)).dropna(subset=["side"])
        .pivot_table(index=["term", "n"], columns="side", values="count", aggfunc="sum", fill_value=0)
        .reindex(columns=["target", "reference"], fill_value=0)
        .rename(columns={"target": "count_target", "reference": "count_reference"})
        .reset_index().rename_axis(columns=None)
    )
    size = counts.groupby("n")[["count_target", "count_reference"]].transform("sum")
    a, b = counts["count_target"].to_numpy(float), counts["count_reference"].to_numpy(float)
    n1, n2 = size["count_target"].to_numpy(float), size["count_reference"].to_numpy(float)
    g2 = _log_likelihood(a, b, n1, n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log2((np.where(a > 0, a, 0.5) / n1) / (np.where(b > 0, b, 0.5) / n2))
    table = counts.assign(g2=np.sign(log_ratio) * g2, p_value=chi2.sf(g2, 1), log_ratio=log_ratio)
    table = table.loc[(a + b) >= min_count]
    return table.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def term_trends(
    terms: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    period: Period = "month",
    select: Iterable[str] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Counts and rates per 1,000 words of terms over time, every period present.

    Takes a terms table (``count_terms`` or ``count_phrases``) and the articles it came from.
    Returns ``period`` (first day of each day, week or month from the first to the last dated
    article, including periods without articles), ``term``, ``count``, ``articles`` (dated
    articles in the period), ``words`` (their word tokens, headline and body, see
    ``newsframe.text.word_count``) and ``per_1000_words`` (NaN where the period has no words).
    ``select`` limits and orders the terms (absent ones get zero counts). Undated articles are
    left out; their number is in ``.attrs["undated_articles"]``.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "title": ["", ""],
    ...                      "date": pd.to_datetime(["2021-01-05", "2021-03-02"]),
    ...                      "text": ["Oil prices rose.", "Oil and trade."]})
    >>> term_trends(count_terms(arts), arts, select=["oil"])[["period", "count", "per_1000_words"]]
          period  count  per_1000_words
    0 2021-01-01      1      333.333333
    1 2021-02-01      0             NaN
    2 2021-03-01      1      333.333333
    """
    check_choice("period", period, PERIODS)
    dated = with_period(articles.loc[articles["date"].notna()], period=period)
    wanted = list(dict.fromkeys(select)) if select is not None else list(dict.fromkeys(terms["term"]))
    columns = ["period", "term", "count", "articles", "words", "per_1000_words"]
    if dated.empty or not wanted:
        table = pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            columns, ["datetime64[ns]", "string", "int64", "int64", "int64", "float64"])})
    else:
        lengths = [word_count(t, x) for t, x in progress_bar(
            zip(dated["title"].fillna(""), dated["text"].fillna("")), total=len(dated), desc="counting words",
            unit="article", progress=progress)]
        per_period = (dated.assign(words=lengths).groupby("period")
                      .agg(articles=("article_id", "size"), words=("words", "sum")))
        axis = period_range(dated["period"].min(), dated["period"].max(), period=period).start_time
        per_period = per_period.reindex(axis, fill_value=0).rename_axis("period")
        counts = (terms.loc[terms["term"].isin(wanted)]
                  .merge(dated[["article_id", "period"]], on="article_id")
                  .groupby(["period", "term"])["count"].sum())
        grid = pd.MultiIndex.from_product([axis, wanted], names=["period", "term"])
        table = (counts.reindex(grid, fill_value=0).reset_index()
                 .join(per_period, on="period"))
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = 1000 * table["count"] / table["words"].where(table["words"] > 0)
        table = table.assign(per_1000_words=rate.astype("float64"))[columns]
        table = table.astype({"term": "string", "count": "int64", "articles": "int64", "words": "int64"})
    table.attrs = {"undated_articles": int(articles["date"].isna().sum()), "period": period}
    return table


def word_cloud(frequencies: pd.DataFrame, *, ax, max_words: int = 100):
    """Draw a word cloud of a ``term`` / ``count`` table (``term_frequencies``) on ``ax``.

    Needs the optional ``wordcloud`` package (``pip install newsframe[extras]``). Sizes show
    counts only roughly; read the numbers from the bar chart or the table.
    """
    try:
        from wordcloud import WordCloud
    except ImportError:
        raise NewsframeError("word clouds need the optional 'wordcloud' package: pip install newsframe[extras]") from None
    weights = dict(zip(frequencies["term"], frequencies["count"]))
    if weights:
        cloud = WordCloud(width=900, height=450, background_color="white", max_words=max_words,
                          random_state=0).generate_from_frequencies(weights)
        ax.imshow(cloud, interpolation="bilinear")
    ax.set_axis_off()
    return ax


# --- helpers ------------------------------------------------------------------------------


class _Vocabulary(dict):
    """Raw token -> term code, or -1 where an n-gram must break (punctuation, stopword, number);
    ``terms[code]`` is the term. Each distinct token is looked at once per call."""

    def __init__(self, stopwords: Collection[str], *, numbers: bool, lemmatize: bool) -> None:
        super().__init__(dict.fromkeys([""] + [word.lower() for word in stopwords], -1))
        self.numbers = numbers
        self.lemma: Callable[[str], str] | None = _lemmatizer() if lemmatize else None
        self.terms: list[str] = []
        self._codes: dict[str, int] = {}  # term -> code: the lemmas of several tokens share one

    def __missing__(self, token: str) -> int:
        code = -1
        if self.numbers or token.isalpha() or _has_letter(token):
            term = token if self.lemma is None else self.lemma(token)
            code = self._codes.setdefault(term, len(self.terms))
            if code == len(self.terms):
                self.terms.append(term)
        self[token] = code
        return code


def _has_letter(token: str) -> bool:
    return any(map(str.isalpha, token))


def _lemmatizer() -> Callable[[str], str]:
    return lambda token: simplemma.lemmatize(token, lang="en").lower()


def _text_batches(articles: pd.DataFrame):
    """Headline and body (after any dateline) of each article, in batches of about
    ``_BATCH_CHARACTERS``: ``(index of the batch's first article, [title, body, title, body, ...])``."""
    _require(articles, ["article_id", "title", "text"], "articles")
    first, texts, size = 0, [], 0
    for index, (title, text) in enumerate(zip(articles["title"].fillna("").tolist(),
                                              articles["text"].fillna("").tolist())):
        body = text[body_start(text):]
        texts += (title, body)
        size += len(title) + len(body)
        if size >= _BATCH_CHARACTERS:
            yield first, texts
            first, texts, size = index + 1, [], 0
    if texts:
        yield first, texts


def _count_ngrams(codes: np.ndarray, text: np.ndarray, orders: list[int], terms: pa.Array):
    """Count the n-grams of a token sequence: per order, ``(article, order, gram, count, grams)``
    with rows in article order and, within an article, in order of first occurrence; ``gram``
    indexes ``grams``, the n-gram strings (None for unigrams: their codes index the vocabulary).

    ``codes`` are term codes (-1 breaks n-grams) and ``text`` the index of each token's text,
    two per article (headline, body). An n-gram of order k is coded from the code of its first
    k - 1 words and its last word, so each order costs a few array passes over the tokens and
    strings are built once per distinct n-gram.
    """
    article = text // 2
    grams, strings = codes, terms
    for order in range(1, max(orders) + 1):
        if order > 1:
            shift = order - 1
            last = codes[shift:]
            valid = (grams[:-1] >= 0) & (last >= 0) & (text[shift:] == text[:-shift])
            found, unique = pd.factorize(grams[:-1][valid] * len(terms) + last[valid])
            grams = np.full(len(last), -1, dtype=np.int64)
            grams[valid] = found
            strings = pc.binary_join_element_wise(strings.take(unique // len(terms)),
                                                  terms.take(unique % len(terms)), _SPACE)
        if order in orders:
            present = grams >= 0
            # Sorting beats hashing here: the keys come grouped by article.
            keys, first, counts = np.unique(article[:len(grams)][present] * len(strings) + grams[present],
                                            return_index=True, return_counts=True)
            by_first = np.argsort(first)
            keys, counts = keys[by_first], counts[by_first]
            yield keys // len(strings), order, keys % len(strings), counts, None if order == 1 else strings


def _terms_from_parts(parts: list, article_ids: pd.Series, vocabulary: list[str]) -> pd.DataFrame:
    """The terms table, article by article (unigrams, then bigrams, ...), from counted parts."""
    if not parts:
        return _terms_table({column: [] for column in TERM_COLUMNS})
    dictionaries, offsets, size = [pa.array(vocabulary, type=pa.large_string())], [], len(vocabulary)
    for *_, strings in parts:
        offsets.append(0 if strings is None else size)
        if strings is not None:
            dictionaries.append(strings)
            size += len(strings)
    article = np.concatenate([part[0] for part in parts])
    order = np.argsort(article, kind="stable")
    term = np.concatenate([part[2] + offset for part, offset in zip(parts, offsets)])[order]
    return pd.DataFrame({
        "article_id": article_ids.astype("string").array.take(article[order]),
        "term": pd.array(pa.concat_arrays(dictionaries).take(term), dtype="string"),
        "n": np.concatenate([np.full(len(part[0]), part[1], dtype=np.int8) for part in parts])[order],
        "count": np.concatenate([part[3] for part in parts]).astype(np.int64)[order],
    })


def _article_tokens(articles: pd.DataFrame, *, progress: bool | None, desc: str):
    """(article_id, raw tokens of headline, boundary, body after any dateline) per article."""
    _require(articles, ["article_id", "title", "text"], "articles")
    rows = zip(articles["article_id"], articles["title"].fillna(""), articles["text"].fillna(""))
    for article_id, title, text in progress_bar(rows, total=len(articles), desc=desc, unit="article",
                                                progress=progress):
        yield article_id, raw_tokens(title) + [""] + raw_tokens(text[body_start(text):])


def _orders(n: int | Sequence[int]) -> list[int]:
    orders = list(n) if isinstance(n, (list, tuple, range)) else [n]
    if not orders or any(not isinstance(o, int) or isinstance(o, bool) or not 1 <= o <= 8 for o in orders):
        raise ConfigError(f"n must be an n-gram order from 1 to 8 or a list of them; got {n!r}")
    return sorted(set(orders))


def _terms_table(rows: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TERM_COLUMNS).astype(
        {"article_id": "string", "term": "string", "n": "int8", "count": "int64"})


def _log_likelihood(a: np.ndarray, b: np.ndarray, n1: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Dunning's G² of the 2x2 table: the term (``a`` of ``n1`` tokens, ``b`` of ``n2``) against
    all other terms, in target and reference (as quanteda, without Yates' correction)."""
    observed = np.stack([a, n1 - a, b, n2 - b])
    total, term = n1 + n2, a + b
    expected = np.stack([n1 * term, n1 * (total - term), n2 * term, n2 * (total - term)]) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        parts = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return np.maximum(2 * parts.sum(axis=0), 0.0)


def _require(table: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ConfigError(f"{name} table lacks column(s) {', '.join(missing)}")


__all__ = ["count_terms", "count_phrases", "term_frequencies", "with_period", "date_split", "keyness",
           "term_trends", "word_cloud", "TERM_COLUMNS"]
