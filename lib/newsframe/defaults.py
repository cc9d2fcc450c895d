"""Choices derived from the corpus, so that a notebook fits any corpus without tuning: which
articles count (the one duplicates policy), which actors, terms and article to show when the
user named none, and finding the article the user did name. Each choice made for the user comes
with ``how`` it was made, a sentence the notebook can print."""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from newsframe.actors.dictionary import UNRESOLVED
from newsframe.corpus import is_undated
from newsframe.errors import ArticleNotFound, ConfigError
from newsframe.frequency.analysis import date_split, keyness, keyness_by_group, term_frequencies
from newsframe.periods import PeriodChoice
from newsframe.stats import SIGNIFICANT
from newsframe.stories import add_stories, first_of_stories
from newsframe.text import stopword_set

# Frequent in news whatever the story: never a key term (besides the stopwords).
NEWS_WORDS = (
    *("said", "says", "say", "told", "mr", "mrs", "ms", "reuter", "reuters", "also", "will", "can", "may", "might"),
    *("must", "new", "one", "two", "first", "last", "year", "years", "week", "per", "cent", "percent", "pct"),
    *("million", "billion", "mln", "dlrs"),
)
NEWS_STOPWORDS = stopword_set(NEWS_WORDS)  # the stopwords plus NEWS_WORDS: never a word worth showing
_LETTER = re.compile(r"[^\W\d_]")
_SHOWN = 5  # matches listed when a title search is ambiguous
PROSE_WORDS = 8  # shorter sentences (list items, results, captions) do not count as discussing an actor


class KeyTerms(NamedTuple):
    """Terms chosen from the corpus, and how."""

    terms: list[str]
    how: str


class PickedArticle(NamedTuple):
    """An article chosen from the corpus, and how."""

    article_id: str
    how: str


def unique_articles(
    articles: pd.DataFrame, *, unique: bool | str = True, stories: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The articles every analysis counts: without exact repeats (rows whose ``duplicate_of`` is
    set) when ``unique`` is True, all of them when False, one article per story when
    ``"stories"``. The one duplicates policy of the notebooks; ``.attrs["duplicates_left_out"]``
    says how many rows were dropped.

    ``unique="stories"`` groups near-duplicates (wire copy republished with small edits, updated
    versions) with ``newsframe.stories`` unless the table already has a ``story_id`` column, and
    keeps each story's first article (the one whose ``article_id`` is the ``story_id``, else the
    earliest that is not an exact repeat, ties in table order); the result carries the story
    columns, and ``.attrs["near_duplicates_left_out"]`` counts the dropped rows that were not
    exact repeats. ``stories`` is a ``find_stories`` result already computed for these articles
    (``remembered``, so that notebooks share one).

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "duplicate_of": [None, "a"]})
    >>> kept = unique_articles(arts)
    >>> kept["article_id"].tolist(), kept.attrs["duplicates_left_out"]
    (['a'], 1)
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "story_id": ["a", "a", "c"], "duplicate_of": None})
    >>> kept = unique_articles(arts, unique="stories")
    >>> kept["article_id"].tolist(), kept.attrs["duplicates_left_out"], kept.attrs["near_duplicates_left_out"]
    (['a', 'c'], 1, 1)
    """
    if unique != "stories" and (isinstance(unique, str) or unique not in (True, False)):
        raise ConfigError(f"unique must be True or False, or 'stories' (one article per story); got {unique!r}")
    if unique == "stories":
        articles = articles if "story_id" in articles else add_stories(articles, stories=stories)
        kept = first_of_stories(articles)
    else:
        repeated = articles["duplicate_of"].notna() if unique and "duplicate_of" in articles else None
        kept = articles if repeated is None else articles.loc[~repeated]
    result = kept.reset_index(drop=True)
    result.attrs = {**articles.attrs, "duplicates_left_out": len(articles) - len(kept)}
    if unique == "stories":
        repeats = (
            articles["duplicate_of"].notna().sum() - kept["duplicate_of"].notna().sum() if "duplicate_of" in kept else 0
        )
        result.attrs["near_duplicates_left_out"] = len(articles) - len(kept) - int(repeats)
    return result


def top_actors(mentions: pd.DataFrame, *, n: int = 4) -> list[str]:
    """The ``n`` most mentioned actors (ties: in more articles, then by name); roles whose holder
    is unknown (type ``role``) are not actors and are left out.

    >>> ments = pd.DataFrame({"article_id": ["a", "a", "b", "b"], "actor": ["China", "Russia", "Russia", "NATO"],
    ...                       "type": ["country", "country", "country", "organisation"]})
    >>> top_actors(ments, n=2)
    ['Russia', 'China']
    """
    known = mentions.loc[mentions["type"].ne(UNRESOLVED).fillna(True)] if "type" in mentions else mentions
    counts = known.groupby("actor").agg(mentions=("article_id", "size"), articles=("article_id", "nunique"))
    counts = counts.reset_index().sort_values(["mentions", "articles", "actor"], ascending=[False, False, True])
    return [str(actor) for actor in counts["actor"].head(n)]


def key_terms(
    terms: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    n: int = 3,
    period: PeriodChoice = "auto",
    min_count: int = 5,
) -> KeyTerms:
    """``n`` words worth following over time, and ``how`` they were chosen.

    When the articles are dated and the latest ``period`` can be compared with the earlier
    articles (``keyness`` does not refuse it), the words most distinctive of the latest period
    (largest positive G² with ``q_value < 0.05``); when they are mostly undated, the most
    distinctive word of each section (``keyness_by_group``), from the sections that differ most;
    otherwise (one period or one section, too few articles or words, fewer than ``n`` significant
    words) the most frequent words. Only single
    words of ``terms`` count, of the given articles, never stopwords, numbers or ``NEWS_WORDS``.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "date": pd.to_datetime(["2021-01-05", "2021-01-05"])})
    >>> terms = pd.DataFrame({"article_id": ["a", "a", "b", "b"], "term": ["oil", "said", "oil", "trade"],
    ...                       "n": 1, "count": [3, 9, 2, 1]})
    >>> chosen = key_terms(terms, arts, n=2)
    >>> chosen.terms, chosen.how
    (['oil', 'trade'], 'the 2 most frequent words of the 2 articles (all dated articles fall in one day)')
    """
    ids = set(articles["article_id"].astype(str))
    words = terms.loc[(terms["n"] == 1) & terms["article_id"].astype(str).isin(ids)]
    content = words["term"].map(_is_content_word).astype(bool)
    reason = "the articles are mostly undated"
    if is_undated(articles):
        if "section" in articles or "source" in articles:
            by_section = keyness_by_group(words.loc[content], articles, top_n=1, min_count=min_count)
            best = by_section.loc[by_section["q_value"] < SIGNIFICANT].sort_values("g2", ascending=False, kind="stable")
            reason = f"the articles are mostly undated and only {len(best)} section(s) have a significant word"
            if len(best) >= n:
                chosen = best.head(n)
                how = (
                    f"the most distinctive word of each of the {n} sections that differ most from the rest "
                    f"({', '.join(f'{t}: {g}' for t, g in zip(chosen['term'], chosen['group'], strict=True))}; "
                    "keyness G², q < 0.05), as the articles are mostly undated"
                )
                return KeyTerms([str(t) for t in chosen["term"]], how)
    else:
        split = date_split(articles, period=period)
        chosen = split.attrs["period"]
        reason = f"all dated articles fall in one {chosen}"
        if set(split["split"].dropna()) == {"after", "before"}:
            key = keyness(words, split, by="split", target="after", min_count=min_count)
            reason = f"the latest {chosen} cannot be compared with the earlier articles: {key.attrs['note']}"
            if not key.attrs["note"]:
                key = key.loc[key["term"].map(_is_content_word).astype(bool)]
                significant = key.loc[(key["g2"] > 0) & (key["q_value"] < SIGNIFICANT), "term"]
                reason = f"only {len(significant)} words are significantly more frequent in the latest {chosen}"
                if len(significant) >= n:
                    how = (
                        f"the {n} words most distinctive of the latest {chosen} (articles from "
                        f"{split.attrs['split_at']:%Y-%m-%d}, {key.attrs['target_articles']:,} articles) against the "
                        f"{key.attrs['reference_articles']:,} earlier ones (keyness G², q < 0.05)"
                    )
                    return KeyTerms([str(t) for t in significant.head(n)], how)
    frequent = [str(t) for t in term_frequencies(words.loc[content])["term"].head(n)]
    return KeyTerms(frequent, f"the {len(frequent)} most frequent words of the {len(ids):,} articles ({reason})")


def pick_article(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame | None = None,
    *,
    sentences: pd.DataFrame | None = None,
) -> PickedArticle:
    """The most discussed article of the window, and ``how`` it was picked.

    Articles are ranked by the actors they discuss (distinct actors mentioned in at least two
    sentences, counting only sentences of ``PROSE_WORDS`` words or more when ``sentences`` is
    given, so that a table of results or a list of names is not "discussion"), then by quotes
    (when ``quotes`` is given), then by actor mentions, then by length (``n_words``), then by
    order. Exact repeats (``duplicate_of`` set) are never picked. Raises ``ArticleNotFound``
    when there is no article.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "n_words": [100, 300]})
    >>> ments = pd.DataFrame({"article_id": ["b", "b", "a", "a"], "sentence": [0, 1, 0, 1],
    ...                       "actor": ["Xi", "Putin", "Xi", "Xi"]})
    >>> pick_article(arts, ments).how
    'the most discussed of the 2 articles: 1 actor(s) discussed in two or more sentences, 2 actor mentions, 100 words'
    """
    pool = articles.loc[articles["duplicate_of"].isna()] if "duplicate_of" in articles else articles
    if pool.empty:
        raise ArticleNotFound("the most discussed article", "there are no articles to pick from")
    ids = pool["article_id"].astype(str)
    mentions = mentions.assign(article_id=mentions["article_id"].astype(str))
    table = pd.DataFrame(
        {
            "article_id": ids.to_numpy(),
            "discussed": ids.map(_discussed(mentions, sentences)).fillna(0).astype(int).to_numpy(),
            "quotes": ids.map(quotes["article_id"].astype(str).value_counts()).fillna(0).astype(int).to_numpy()
            if quotes is not None
            else 0,
            "mentions": ids.map(mentions.groupby("article_id").size()).fillna(0).astype(int).to_numpy(),
            "words": (pool["n_words"] if "n_words" in pool else pool["text"].fillna("").str.split().str.len())
            .fillna(0)
            .astype(int)
            .to_numpy(),
        }
    )
    best = table.sort_values(["discussed", "quotes", "mentions", "words"], ascending=False, kind="stable").iloc[0]
    quoted = f", {best['quotes']:,} quote(s)" if quotes is not None else ""
    if best["mentions"] == 0:
        how = (
            f"no article mentions an actor: the longest of the {len(table):,} articles{quoted}, {best['words']:,} words"
        )
    else:
        how = (
            f"the most discussed of the {len(table):,} articles: {best['discussed']:,} actor(s) discussed in two "
            f"or more sentences{quoted}, {best['mentions']:,} actor mentions, {best['words']:,} words"
        )
    return PickedArticle(str(best["article_id"]), how)


def _discussed(mentions: pd.DataFrame, sentences: pd.DataFrame | None) -> pd.Series:
    """Per article_id, the distinct actors mentioned in at least two (prose) sentences."""
    if "sentence" not in mentions:
        return pd.Series(dtype="int64")
    if sentences is not None:
        words = sentences["text"].fillna("").str.split().str.len()
        prose = sentences.loc[words >= PROSE_WORDS, ["article_id", "sentence"]]
        mentions = mentions.merge(prose.astype({"article_id": str}), on=["article_id", "sentence"])
    spread = mentions.groupby(["article_id", "actor"])["sentence"].nunique()
    return spread[spread >= 2].groupby(level="article_id").size()


def find_article(articles: pd.DataFrame, query: str) -> str:
    """The ``article_id`` of the article ``query`` names: its article_id, its ``source`` (as
    reports show it, relative to the corpus root, or any path ending with it), or a piece of its
    title (case-insensitive; an exact repeat of a matching article does not count twice). Raises
    ``ArticleNotFound`` (one line naming the query; up to 5 candidates when several titles match).

    >>> arts = pd.DataFrame({"article_id": ["a1", "b2"], "source": ["business/001.txt", "tech/002.txt"],
    ...                      "title": ["Oil prices rise", "New phone"]})
    >>> find_article(arts, "b2"), find_article(arts, "data/bbc/business/001.txt"), find_article(arts, "PHONE")
    ('b2', 'a1', 'b2')
    """
    text = str(query).strip()
    ids = articles["article_id"].astype(str)
    if text in set(ids):
        return text
    path = text.replace("\\", "/").removeprefix("./")
    if "source" in articles:
        sources = articles["source"].astype(str)
        ends = [len(s) if path == s or path.endswith("/" + s) else 0 for s in sources]
        if max(ends, default=0):
            return str(ids.iloc[ends.index(max(ends))])  # the longest source the path ends with
    titles = articles["title"].astype("string").fillna("") if "title" in articles else pd.Series("", index=ids.index)
    hits = articles.loc[titles.str.lower().str.contains(text.lower(), regex=False).to_numpy()] if text else articles[:0]
    if "duplicate_of" in hits:
        hits = hits.loc[~hits["duplicate_of"].astype(str).isin(set(hits["article_id"].astype(str)))]
    if len(hits) == 1:
        return str(hits["article_id"].iloc[0])
    if hits.empty:
        raise ArticleNotFound(
            text, f"no article has this article_id, source or a title containing it ({len(articles):,} searched)"
        )
    shown = "; ".join(
        f"{row.title!s} ({row.source if 'source' in hits else row.article_id})"
        for row in hits.head(_SHOWN).itertuples()
    )
    more = f"; and {len(hits) - _SHOWN} more" if len(hits) > _SHOWN else ""
    raise ArticleNotFound(
        text,
        f"{len(hits)} titles contain it: {shown}{more}. Give more of the title, the article_id or the source",
        matches=[str(i) for i in hits["article_id"]],
    )


def _is_content_word(term: object) -> bool:
    text = str(term)
    return len(text) > 1 and bool(_LETTER.search(text)) and text not in NEWS_STOPWORDS
