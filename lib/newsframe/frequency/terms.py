"""Term counting: the long **terms** table of each article's words, n-grams or chosen phrases.

One row per article and term, columns ``article_id``, ``term``, ``n`` (n-gram order) and
``count`` (the ``terms`` schema): the table the store keeps, from which frequencies, keyness and
trends (``newsframe.frequency.analysis``) are computed, so a corpus is tokenised once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import simplemma

from newsframe import schemas
from newsframe.errors import ConfigError
from newsframe.progress import counter_bar
from newsframe.text import (
    body_start,
    encode_tokens,
    find_phrase,
    iter_articles,
    may_contain,
    phrase_patterns,
    raw_tokens,
    stopword_set,
)

TERM_COLUMNS = schemas.columns("terms")
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
    vocabulary = _Vocabulary(stopword_set() if stopwords is None else stopwords, numbers=numbers, lemmatize=lemmatize)
    parts = []
    # Advanced by hand: the work happens batch by batch, after the texts are read.
    with counter_bar(total=len(articles), desc="counting terms", unit="article", progress=progress) as bar:
        for first, texts in _text_batches(articles):
            codes, text = encode_tokens(texts, vocabulary)
            terms = pa.array(vocabulary.terms, type=pa.large_string())
            for article, *counted in _count_ngrams(codes, text, orders, terms):
                parts.append((first + article, *counted))
            bar.update(len(texts) // 2)
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
    patterns = phrase_patterns(phrases, allow_empty=True)
    rows: dict[str, list] = {column: [] for column in TERM_COLUMNS}
    tokenised = _article_tokens(articles, progress=progress, desc="counting phrases", only=list(patterns.values()))
    for article_id, tokens in tokenised:
        for phrase, pattern in patterns.items():
            found = len(find_phrase(tokens, pattern))
            if found:
                for column, value in zip(TERM_COLUMNS, (article_id, phrase, len(pattern), found), strict=True):
                    rows[column].append(value)
    return _terms_table(rows)


def require_columns(table: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    """Raise ``ConfigError`` naming the ``columns`` that ``table`` (called ``name``) lacks.

    >>> require_columns(pd.DataFrame({"article_id": []}), ["article_id"], "articles")
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ConfigError(f"{name} table lacks column(s) {', '.join(missing)}")


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


def _text_batches(articles: pd.DataFrame) -> Iterator[tuple[int, list[str]]]:
    """Headline and body (after any dateline) of each article, in batches of about
    ``_BATCH_CHARACTERS``: ``(index of the batch's first article, [title, body, title, body, ...])``."""
    require_columns(articles, ["article_id", "title", "text"], "articles")
    first, size = 0, 0
    texts: list[str] = []
    for index, (_, title, text) in enumerate(iter_articles(articles)):
        body = text[body_start(text) :]
        texts += (title, body)
        size += len(title) + len(body)
        if size >= _BATCH_CHARACTERS:
            yield first, texts
            first, texts, size = index + 1, [], 0
    if texts:
        yield first, texts


def _count_ngrams(codes: np.ndarray, text: np.ndarray, orders: list[int], terms: pa.Array) -> Iterator[tuple]:
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
            strings = pc.binary_join_element_wise(
                strings.take(unique // len(terms)), terms.take(unique % len(terms)), _SPACE
            )
        if order in orders:
            present = grams >= 0
            # Sorting beats hashing here: the keys come grouped by article.
            keys, first, counts = np.unique(
                article[: len(grams)][present] * len(strings) + grams[present], return_index=True, return_counts=True
            )
            by_first = np.argsort(first)
            keys, counts = keys[by_first], counts[by_first]
            yield keys // len(strings), order, keys % len(strings), counts, None if order == 1 else strings


def _terms_from_parts(parts: list, article_ids: pd.Series, vocabulary: list[str]) -> pd.DataFrame:
    """The terms table, article by article (unigrams, then bigrams, ...), from counted parts."""
    if not parts:
        return schemas.empty("terms")
    dictionaries, offsets, size = [pa.array(vocabulary, type=pa.large_string())], [], len(vocabulary)
    for *_, strings in parts:
        offsets.append(0 if strings is None else size)
        if strings is not None:
            dictionaries.append(strings)
            size += len(strings)
    article = np.concatenate([part[0] for part in parts])
    order = np.argsort(article, kind="stable")
    term = np.concatenate([part[2] + offset for part, offset in zip(parts, offsets, strict=True)])[order]
    return pd.DataFrame(
        {
            "article_id": article_ids.astype("string").array.take(article[order]),
            "term": pd.array(pa.concat_arrays(dictionaries).take(term), dtype="string"),
            "n": np.concatenate([np.full(len(part[0]), part[1], dtype=np.int8) for part in parts])[order],
            "count": np.concatenate([part[3] for part in parts]).astype(np.int64)[order],
        }
    )


def _article_tokens(
    articles: pd.DataFrame, *, progress: bool | None, desc: str, only: list[tuple[str, ...]] | None = None
) -> Iterator[tuple[str, list[str]]]:
    """(article_id, raw tokens of headline, boundary, body after any dateline) per article; with
    ``only`` (phrase patterns), just the articles that may contain one of them."""
    require_columns(articles, ["article_id", "title", "text"], "articles")
    for article_id, title, text in iter_articles(articles, progress=progress, desc=desc):
        if only is None or may_contain(f"{title}\n{text}", only):
            yield article_id, raw_tokens(title) + [""] + raw_tokens(text[body_start(text) :])


def _orders(n: int | Sequence[int]) -> list[int]:
    orders: list = list(n) if isinstance(n, (list, tuple, range)) else [n]
    if not orders or any(not isinstance(o, int) or isinstance(o, bool) or not 1 <= o <= 8 for o in orders):
        raise ConfigError(f"n must be an n-gram order from 1 to 8 or a list of them; got {n!r}")
    return sorted(set(orders))


def _terms_table(rows: dict[str, list]) -> pd.DataFrame:
    return schemas.conform(pd.DataFrame(rows, columns=TERM_COLUMNS), "terms")
