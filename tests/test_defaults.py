"""Choices derived from the corpus: the duplicates policy, focus actors, key terms, the article
to show, and finding the article a user named."""

from __future__ import annotations

import pandas as pd
import pytest

from newsframe.actors import find_mentions
from newsframe.defaults import (
    NEWS_WORDS,
    find_article,
    key_terms,
    pick_article,
    top_actors,
    unique_articles,
)
from newsframe.errors import ArticleNotFound, ConfigError, NewsframeError
from newsframe.text import split_sentences

# --- the duplicates policy ------------------------------------------------------------------------

ARTS = pd.DataFrame(
    {
        "article_id": ["a", "b", "c"],
        "duplicate_of": [None, "a", None],
        "title": ["Oil", "Oil", "Gas"],
    },
    index=[10, 11, 12],
)
ARTS.attrs = {"root": "/corpus"}


@pytest.mark.parametrize(
    ("unique", "articles", "expected", "left_out"),
    [
        (True, ARTS, ["a", "c"], 1),
        (False, ARTS, ["a", "b", "c"], 0),
        (True, ARTS.drop(columns="duplicate_of"), ["a", "b", "c"], 0),
        (True, ARTS.iloc[:0], [], 0),
    ],
    ids=["unique", "all", "no-duplicate-column", "empty"],
)
def test_unique_articles(unique, articles, expected, left_out):
    kept = unique_articles(articles, unique=unique)
    assert kept["article_id"].tolist() == expected
    assert kept.index.tolist() == list(range(len(expected)))
    assert kept.attrs["duplicates_left_out"] == left_out
    assert kept.attrs["root"] == "/corpus"


@pytest.mark.parametrize("unique", ["story", "yes", None, 2])
def test_unique_articles_refuses_other_policies(unique):
    with pytest.raises(ConfigError, match="True or False"):
        unique_articles(ARTS, unique=unique)


# --- focus actors ------------------------------------------------------------------------------------


def mentions_of(*rows: tuple[str, str, str]) -> pd.DataFrame:
    ids, actors, types = zip(*rows, strict=True) if rows else ((), (), ())
    return pd.DataFrame({"article_id": list(ids), "actor": list(actors), "type": list(types)})


@pytest.mark.parametrize(
    ("mentions", "n", "expected"),
    [
        (mentions_of(("a", "X", "person"), ("a", "X", "person"), ("b", "Y", "person")), 4, ["X", "Y"]),
        # equal mentions: in more articles first, then by name
        (mentions_of(("a", "X", "person"), ("a", "X", "person"), ("a", "Y", "person"), ("b", "Y", "person")), 4,
         ["Y", "X"]),
        (mentions_of(("a", "B", "person"), ("a", "A", "person")), 4, ["A", "B"]),
        (mentions_of(("a", "X", "person"), ("a", "Y", "person"), ("a", "Y", "person")), 1, ["Y"]),
        (mentions_of(("a", "US President", "role"), ("b", "US President", "role"), ("a", "X", "person")), 4,
         ["X"]),  # a role without a known holder is not an actor
        (mentions_of(), 4, []),
    ],
    ids=["by-mentions", "tie-articles", "tie-name", "n", "role", "none"],
)  # fmt: skip
def test_top_actors(mentions, n, expected):
    assert top_actors(mentions, n=n) == expected


# --- key terms ---------------------------------------------------------------------------------------


def corpus(before: int, after: int, *, words: int = 300, hot: str = "pipeline") -> tuple[pd.DataFrame, pd.DataFrame]:
    """``before`` articles in January and ``after`` in March 2021, each with ``words`` occurrences
    of common words; the March articles also say ``hot`` often."""
    n = before + after
    ids = [f"a{i}" for i in range(n)]
    dates = ["2021-01-10"] * before + ["2021-03-10"] * after
    articles = pd.DataFrame({"article_id": ids, "date": pd.to_datetime(dates), "n_words": words})
    rows = []
    for i, article in enumerate(ids):
        rows += [(article, "market", words // 2), (article, "said", words // 2), (article, "2021", 9)]
        rows += [(article, "bank", 3), (article, "pipeline" if hot != "pipeline" else "trade", 2)]
        if i >= before:
            rows += [(article, hot, 40), (article, "leak", 20), (article, "valve", 15)]
    terms = pd.DataFrame(rows, columns=["article_id", "term", "count"]).assign(n=1)
    return terms[["article_id", "term", "n", "count"]], articles


def test_key_terms_are_distinctive_words_of_the_latest_period():
    terms, articles = corpus(12, 6)
    chosen = key_terms(terms, articles, n=3, period="month")
    assert chosen.terms == ["pipeline", "leak", "valve"]
    assert chosen.how == (
        "the 3 words most distinctive of the latest month (articles from 2021-03-01, 6 articles) "
        "against the 12 earlier ones (keyness G², q < 0.05)"
    )


@pytest.mark.parametrize(
    ("before", "after", "undate", "period", "reason"),
    [
        (12, 1, False, "month", "refused: the target has 1 article (fewer than 5)"),
        (12, 6, True, "month", "the articles are mostly undated"),
        (0, 6, False, "month", "all dated articles fall in one month"),
        (12, 6, False, "year", "all dated articles fall in one year"),
    ],
    ids=["one-latest-article", "undated", "one-period", "one-year"],
)
def test_key_terms_fall_back_to_frequent_words(before, after, undate, period, reason):
    terms, articles = corpus(before, after)
    if undate:
        articles = articles.assign(date=pd.NaT)
    chosen = key_terms(terms, articles, n=2, period=period)
    assert chosen.terms == ["market", "pipeline" if after * 40 > (before + after) * 3 else "bank"]
    assert chosen.how.startswith(f"the 2 most frequent words of the {before + after} articles (")
    assert reason in chosen.how


def test_key_terms_skip_stopwords_numbers_and_news_words():
    terms = pd.DataFrame(
        {
            "article_id": ["a"] * 6,
            "term": ["said", "2021", "the", "x", "reuters", "oil"],
            "n": 1,
            "count": [50, 40, 30, 20, 10, 1],
        }
    )
    chosen = key_terms(terms, pd.DataFrame({"article_id": ["a"], "date": pd.to_datetime([None])}), n=3)
    assert chosen.terms == ["oil"]
    assert {"said", "reuters", "will"} <= set(NEWS_WORDS)


def test_key_terms_use_single_words_of_the_given_articles_only():
    terms, articles = corpus(0, 6)
    extra = pd.DataFrame({"article_id": ["zz", "a0"], "term": ["ghost", "oil leak"], "n": [1, 2], "count": [999, 999]})
    chosen = key_terms(pd.concat([terms, extra], ignore_index=True), articles, n=1)
    assert chosen.terms == ["market"]


def test_key_terms_with_too_few_significant_words_fall_back():
    terms, articles = corpus(12, 6)
    chosen = key_terms(terms, articles, n=10, period="month")
    assert "only 3 words are significantly more frequent in the latest month" in chosen.how
    assert chosen.terms[0] == "market"


# --- the article to show ------------------------------------------------------------------------------


def test_pick_article_most_mentions_then_quotes_then_length():
    articles = pd.DataFrame(
        {"article_id": ["a", "b", "c", "d"], "n_words": [100, 900, 300, 50], "duplicate_of": [None, None, None, "c"]}
    )
    mentions = pd.DataFrame(
        {"article_id": ["a", "a", "c", "c", "d", "d", "d"], "actor": ["X", "Y", "X", "X"] + ["X"] * 3}
    )
    assert pick_article(articles, mentions).article_id == "c"  # a and c tie; c is longer; d repeats c
    quotes = pd.DataFrame({"article_id": ["a"]})
    picked = pick_article(articles, mentions, quotes)
    assert picked.article_id == "a"  # the tie broken by quotes
    assert picked.how == (
        "the most discussed of the 3 articles: 0 actor(s) discussed in two or more sentences, 1 quote(s), "
        "2 actor mentions, 100 words"
    )


def test_pick_article_prefers_actors_discussed_in_prose_to_a_list_of_names():
    results = "\n\n".join(f"{i} Player {i} ({country})" for i, country in enumerate(["US", "France", "Spain", "US"]))
    articles = pd.DataFrame(
        {
            "article_id": ["list", "story"],
            "title": ["Seeds for the open", "Summit talks"],
            "text": [
                results + "\n\nFrance and Spain will meet in the final after a long and difficult season.",
                "France and Spain met at the summit on Monday to discuss trade and fishing quotas. "
                "Spain said later that France had agreed to most of what it had asked for in the talks.",
            ],
            "n_words": [40, 35],
        }
    )
    sentences = split_sentences(articles)
    mentions = find_mentions(articles, sentences=sentences)
    assert mentions.groupby("article_id").size()["list"] > mentions.groupby("article_id").size()["story"]
    assert pick_article(articles, mentions).article_id == "list"  # every line counts as a sentence
    picked = pick_article(articles, mentions, sentences=sentences)
    assert picked.article_id == "story"
    assert "2 actor(s) discussed in two or more sentences" in picked.how


def test_pick_article_without_mentions_takes_the_longest():
    articles = pd.DataFrame({"article_id": ["a", "b"], "text": ["one two", "one two three"]})
    picked = pick_article(articles, pd.DataFrame({"article_id": [], "actor": []}))
    assert picked == ("b", "no article mentions an actor: the longest of the 2 articles, 3 words")


def test_pick_article_of_no_articles():
    with pytest.raises(ArticleNotFound, match="no articles"):
        pick_article(pd.DataFrame({"article_id": []}), pd.DataFrame({"article_id": [], "actor": []}))


# --- finding the article a user named -------------------------------------------------------------

LIBRARY = pd.DataFrame(
    {
        "article_id": ["id1", "id2", "id3", "id4", "id5", "id6", "id7", "id8"],
        "source": ["business/001.txt", "001.txt", "tech/002.txt", "tech/003.txt", "a.txt", "b.txt", "c.txt", "d.txt"],
        "title": ["Oil prices rise", "Root file", "New phone", "New phone", "Trade A", "Trade B", "Trade C", "Trade D"],
        "duplicate_of": [None, None, None, "id3", None, None, None, None],
    }
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("id2", "id2"),
        ("business/001.txt", "id1"),
        ("001.txt", "id2"),
        ("/home/me/bbc/business/001.txt", "id1"),  # ends with the longer source, not just 001.txt
        ("data/corpus/001.txt", "id2"),
        ("./tech/002.txt", "id3"),
        ("tech\\002.txt", "id3"),
        ("oil PRICES", "id1"),
        ("phone", "id3"),  # id4 repeats id3: one article
        ("  Root  ", "id2"),
    ],
    ids=[
        "id",
        "source",
        "root-source",
        "absolute",
        "relative-to-repo",
        "dot",
        "backslash",
        "title",
        "repeat",
        "spaces",
    ],
)
def test_find_article(query, expected):
    assert find_article(LIBRARY, query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("pipeline", r"^'pipeline': no article has this article_id, source or a title containing it \(8 searched\)$"),
        ("", r"^'': no article"),
        ("trade", r"^'trade': 4 titles contain it: Trade A \(a.txt\); Trade B \(b.txt\); .*Trade D \(d.txt\)\. Give"),
        ("e", r"^'e': 7 titles contain it: .*; and 2 more\. Give more of the title, the article_id or the source$"),
    ],
    ids=["none", "empty", "several", "more-than-five"],
)
def test_find_article_errors_are_one_line(query, message):
    with pytest.raises(ArticleNotFound, match=message) as raised:
        find_article(LIBRARY, query)
    assert isinstance(raised.value, NewsframeError)
    assert "\n" not in str(raised.value)
    assert raised.value.query == query


def test_find_article_lists_the_matching_ids():
    with pytest.raises(ArticleNotFound) as raised:
        find_article(LIBRARY, "trade")
    assert raised.value.matches == ["id5", "id6", "id7", "id8"]


def test_find_article_without_source_or_title_columns():
    articles = pd.DataFrame({"article_id": ["x"]})
    assert find_article(articles, "x") == "x"
    with pytest.raises(ArticleNotFound):
        find_article(articles, "y")


def test_key_terms_of_an_undated_corpus_are_the_words_of_its_sections():
    rows, sources = [], []
    for section, word in (("sport", "match"), ("politics", "election"), ("tech", "phone"), ("film", "actor")):
        for i in range(6):
            article = f"{section}{i}"
            sources.append(f"{section}/{i}.txt")
            rows += [(article, word, 30), (article, "people", 10), (article, "world", 10), (article, f"x{i}", 200)]
    terms = pd.DataFrame(rows, columns=["article_id", "term", "count"]).assign(n=1)
    articles = pd.DataFrame({"article_id": [s.replace("/", "").removesuffix(".txt") for s in sources]})
    articles = articles.assign(source=sources, date=pd.NaT)
    chosen = key_terms(terms[["article_id", "term", "n", "count"]], articles, n=3)
    assert set(chosen.terms) < {"match", "election", "phone", "actor"} and len(chosen.terms) == 3
    assert "most distinctive word of each of the 3 sections" in chosen.how and "people" not in chosen.terms
