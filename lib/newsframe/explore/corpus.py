"""The explorer's corpus in memory: the articles and their stored tables, with the indexes every
search reads (stored word -> articles, article -> its sentences and words, the actors' names), built
once when the explorer opens; and ``open_corpus``, which loads a corpus and reads its tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from newsframe.periods import Period, PeriodChoice, period_axis, period_start, resolve_period
from newsframe.text import body_start
from newsframe.text.tokens import _normalise


@dataclass
class Corpus:
    """The articles and their stored tables (``sentences``, ``article_sentiment``, ``terms`` and
    optionally ``mentions``), with an index from each stored word to the articles that use it.
    ``period`` (``"auto"``: from the dates) is resolved once into ``unit``, the timelines' period."""

    articles: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    period: PeriodChoice = "auto"
    unit: Period = field(init=False)
    _words: dict[str, np.ndarray] = field(init=False, repr=False)
    _vocabulary: np.ndarray = field(init=False, repr=False)
    _actors: dict[str, str] = field(init=False, repr=False)
    _lowered: pd.Series = field(init=False, repr=False)
    _unigrams: pd.DataFrame = field(init=False, repr=False)
    _rows_of: dict = field(init=False, repr=False)
    _dated: pd.DataFrame = field(init=False, repr=False)
    _sentences: pd.DataFrame = field(init=False, repr=False)
    _info: pd.DataFrame = field(init=False, repr=False)
    _tone: pd.DataFrame = field(init=False, repr=False)
    _order: pd.Series = field(init=False, repr=False)
    _texts: pd.Series = field(init=False, repr=False)
    _body_starts: dict[str, int] = field(init=False, repr=False)
    _sentence_rows: dict = field(init=False, repr=False)
    _mentions: pd.DataFrame = field(init=False, repr=False)
    _axis: pd.DatetimeIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.articles = self.articles.reset_index(drop=True)
        sentences = self.tables["sentences"].reset_index(drop=True)
        self.tables = {**self.tables, "sentences": sentences}
        # searched text, as the tokeniser sees it: normalised once here, not at every search
        self._lowered = sentences["text"].map(_normalise, na_action="ignore").str.lower()
        # article ids as str once, for the merges of every search
        self._sentences = sentences.astype({"article_id": str})
        info = [c for c in ("article_id", "date", "title", "source") if c in self.articles]
        self._info = self.articles[info].astype({"article_id": str})
        self._tone = self.tables["article_sentiment"].astype({"article_id": str})
        self._order = pd.Series(self._info.index, index=self._info["article_id"])
        self._texts = self.articles["text"]
        # where each body's story starts (after its dateline, which searches skip), by article id
        texts = self._texts.tolist()
        ids = self._info["article_id"].tolist()
        self._body_starts = {i: body_start(t) if isinstance(t, str) else 0 for i, t in zip(ids, texts, strict=True)}
        self._sentence_rows = self._sentences.groupby("article_id", sort=False).indices  # article -> its sentences
        self.unit = resolve_period(self.period, self.articles["date"])
        dated = self.articles.loc[self.articles["date"].notna(), ["article_id", "date"]]
        dated = dated.assign(article_id=dated["article_id"].astype(str))
        self._dated = dated.assign(start=period_start(dated["date"], period=self.unit))
        self._axis = period_axis(dated["date"], period=self.unit)
        words = self.tables["terms"].loc[self.tables["terms"]["n"] == 1].reset_index(drop=True)
        self._unigrams = words
        self._rows_of = words.groupby("article_id", sort=False).indices  # article -> its rows of words
        ids = words["article_id"].to_numpy(dtype=object)
        self._words = {term: ids[rows] for term, rows in words.groupby("term", sort=True).indices.items()}
        self._vocabulary = np.array(sorted(self._words), dtype=object)
        mentions = self.tables.get("mentions")
        if mentions is None:
            mentions = pd.DataFrame({c: pd.Series(dtype="string") for c in ("article_id", "actor", "alias", "kind")})
        self._mentions = mentions.loc[mentions["kind"] != "metonym"].astype({"article_id": str})
        mentions = self._mentions
        pairs = mentions[["actor", "alias"]].dropna().drop_duplicates()
        self._actors = {str(alias).casefold(): str(actor) for actor, alias in pairs.itertuples(index=False)}
        self._actors.update({str(actor).casefold(): str(actor) for actor in pairs["actor"].unique()})

    @property
    def mentions(self) -> pd.DataFrame:
        """The actor mentions without metonyms (a capital standing for its country), article ids as str."""
        return self._mentions

    def sentences_of(self, ids: Iterable[str]) -> pd.DataFrame:
        """The stored sentences of the articles ``ids`` (article ids as str), in corpus order.

        >>> from newsframe.explore.example import tiny
        >>> tiny().sentences_of(["c"])["text"].tolist()
        ['NATO summit', 'Leaders praised NATO.', 'Oil output rose.']
        """
        positions = [self._sentence_rows[i] for i in ids if i in self._sentence_rows]
        return self._sentences.take(np.sort(np.concatenate(positions))) if positions else self._sentences.iloc[:0]

    def actor(self, query: str) -> str | None:
        """The actor ``query`` names (its name or an alias, any case), or None.

        >>> from newsframe.explore.example import tiny
        >>> corpus = tiny()
        >>> corpus.actor("nato"), corpus.actor("oil")
        ('NATO', None)
        """
        return self._actors.get(query.strip().casefold()) or None

    def candidates(self, pattern: tuple[str, ...]) -> set[str] | None:
        """The articles that use every stored word of ``pattern`` (None: no word of it is stored,
        such as stopwords and numbers, so every article is a candidate).

        >>> from newsframe.explore.example import tiny
        >>> sorted(tiny().candidates(("oil", "prices")))
        ['a']
        """
        found: set[str] | None = None
        for word in pattern:
            if word.endswith("*"):
                prefix = word[:-1]
                left = np.searchsorted(self._vocabulary, prefix, side="left")
                right = np.searchsorted(self._vocabulary, prefix + "\U0010ffff", side="left")
                if right == left and not prefix:
                    continue
                ids = {i for term in self._vocabulary[left:right] for i in self._words[term]}
            elif word in self._words:
                ids = set(self._words[word])
            else:
                continue
            found = ids if found is None else found & ids
        return found


def open_corpus(
    corpus: str | Path,
    *,
    since: str | None = None,
    until: str | None = None,
    actors: str | None = None,
    cache: bool = True,
    progress: bool | None = False,
) -> Corpus:
    """Load a corpus (exact repeats left out, as every notebook counts it) and read its tables
    from the store, analysing only what the store lacks: the explorer's one slow step."""
    from newsframe.actors import load_actors
    from newsframe.config import corpus_path
    from newsframe.defaults import unique_articles
    from newsframe.load import load_articles
    from newsframe.report import resolve_window
    from newsframe.store import analyse

    first, last = resolve_window(since, until)
    articles = unique_articles(load_articles(corpus_path(str(corpus)), since=first, until=last, progress=progress))
    aliases = load_actors(extend=[] if actors is None else [corpus_path(actors)])
    tables = analyse(articles, aliases=aliases, cache=cache, progress=progress)
    return Corpus(articles, tables)
