"""Term counts, frequencies, keyness and trends."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from newsframe import plotting, schemas
from newsframe.errors import ConfigError
from newsframe.frequency import (
    count_phrases,
    count_terms,
    date_split,
    keyness,
    term_frequencies,
    term_trends,
    with_period,
    without_words,
    word_cloud,
)
from newsframe.frequency import terms as term_counting
from newsframe.frequency.analysis import keyness_by_group
from newsframe.text import body_start, raw_tokens, stopword_set


def articles(*texts: str, dates=None, titles=None, **columns) -> pd.DataFrame:
    ids = [f"a{i}" for i in range(len(texts))]
    return pd.DataFrame(
        {
            "article_id": ids,
            "title": titles or [""] * len(texts),
            "text": list(texts),
            "date": pd.to_datetime(dates or [None] * len(texts)),
            **columns,
        }
    )


@pytest.fixture
def seed(tiny_articles):
    return tiny_articles.loc[tiny_articles["source"].str.startswith("000_")]


def test_terms_table_columns_and_types():
    terms = count_terms(articles("Oil prices rose. Oil fell."))
    assert terms.columns.tolist() == ["article_id", "term", "n", "count"]
    assert dict(zip(terms["term"], terms["count"], strict=True)) == {"oil": 2, "prices": 1, "rose": 1, "fell": 1}
    assert (terms["n"] == 1).all()


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Chinese President Xi Jinping on Wednesday", {"xi jinping", "president xi"}, {"jinping wednesday"}),
        ("G7 foreign ministers reviewed", {"g7 foreign", "foreign ministers"}, set()),
        ("democracy and human rights", {"human rights"}, {"democracy human"}),
        ("in Hong Kong, Xinjiang", {"hong kong"}, {"kong xinjiang"}),
        ("Russia’s threats", {"russia threats"}, {"russia’s threats", "russia's threats"}),
        ("the 2014 Winter Olympics", {"winter olympics"}, {"2014 winter"}),
    ],
    ids=["names", "alphanumeric", "stopword-boundary", "punctuation-boundary", "possessive", "number-boundary"],
)
def test_bigrams_respect_boundaries(text, present, absent):
    bigrams = set(count_terms(articles(text), n=2)["term"])
    assert present <= bigrams
    assert not (absent & bigrams)


def test_headline_and_body_do_not_join_into_ngrams():
    terms = count_terms(articles("Markets rallied.", titles=["Oil falls"]), n=2)
    assert set(terms["term"]) == {"oil falls", "markets rallied"}


def test_dateline_is_not_counted():
    terms = count_terms(articles("WASHINGTON, March 2 - Oil rose."))
    assert set(terms["term"]) == {"oil", "rose"}


def test_stopwords_extend_or_disable_per_call():
    text = "Reuters said the oil price rose"
    default = set(count_terms(articles(text))["term"])
    assert "the" not in default and {"said", "reuters"} <= default  # news words are not stopwords
    extended = set(count_terms(articles(text), stopwords=stopword_set(["Reuters", "said"]))["term"])
    assert extended == {"oil", "price", "rose"}
    assert {"the", "said"} <= set(count_terms(articles(text), stopwords=())["term"])


def test_news_bigrams_survive_the_default_stopwords():
    text = "The United States said new sanctions cost $2 billion, a call the states rejected."
    bigrams = set(count_terms(articles(text), n=2)["term"])
    assert {"united states", "states said", "said new", "new sanctions", "sanctions cost"} <= bigrams
    assert not {"the united", "a call"} & bigrams


def reference_count_terms(arts: pd.DataFrame, orders, stopwords) -> pd.DataFrame:
    """The plain per-article loop that ``count_terms`` must agree with: raw tokens, a term or None
    per token, a Counter of n-grams per order."""
    rows = []
    for article_id, title, text in zip(arts["article_id"], arts["title"], arts["text"], strict=True):
        tokens = raw_tokens(title) + [""] + raw_tokens(text[body_start(text) :])
        terms = [t if t and t not in stopwords and any(c.isalpha() for c in t) else None for t in tokens]
        for order in orders:
            grams = Counter(" ".join(g) for g in zip(*(terms[i:] for i in range(order)), strict=False) if all(g))
            rows += [(article_id, term, order, count) for term, count in grams.items()]
    return pd.DataFrame(rows, columns=["article_id", "term", "n", "count"]).astype(
        {"article_id": "string", "term": "string", "n": "int8", "count": "int64"}
    )


EDGE_TEXTS = [
    "WASHINGTON, March 2 - The U.S. and Russia’s “model” ties rose 3.5% in 2021, said Mr. O'Brien.",
    "Xi Jinping, Xi Jinping; xi\u00a0jinping\u2028Xi\tJinping - G7 state\u2011sponsored 12-year-old plans",
    "“We won’t go,” she said.\n\n“It’s over.” praises’model’ (Reuters) -- ... !!",
    "",
    "café naïve Zürich ΟΔΟΣ Σ ½ ² Ⅻ İstanbul X x",
]


@pytest.mark.parametrize("orders", [(1,), (2,), (1, 2, 3)], ids=["unigrams", "bigrams", "up-to-trigrams"])
def test_count_terms_agrees_with_a_plain_loop(tiny_articles, orders, monkeypatch):
    edge = articles(*EDGE_TEXTS, titles=["Oil falls", "", "Xi’s day", "Only a title", "X"])
    arts = pd.concat([tiny_articles[["article_id", "title", "text"]], edge], ignore_index=True)
    stop = stopword_set()
    expected = reference_count_terms(arts, orders, stop)
    pd.testing.assert_frame_equal(count_terms(arts, n=orders), expected)
    monkeypatch.setattr(term_counting, "_BATCH_CHARACTERS", 200)  # many small batches: same table
    pd.testing.assert_frame_equal(count_terms(arts, n=orders), expected)


def test_numbers_kept_only_when_asked():
    text = "G7 cut 3.5% of 2,000 barrels"
    assert set(count_terms(articles(text))["term"]) == {"g7", "cut", "barrels"}
    assert {"3.5%", "2,000"} <= set(count_terms(articles(text), numbers=True)["term"])


def test_lemmatize_maps_to_dictionary_forms():
    terms = count_terms(articles("Ministers met. The minister meets countries."), lemmatize=True)
    counts = dict(zip(terms["term"], terms["count"], strict=True))
    assert counts["minister"] == 2 and counts["country"] == 1 and "ministers" not in counts


def test_several_orders_and_bad_orders():
    terms = count_terms(articles("crude oil price spike"), n=(1, 3))
    assert set(terms["n"]) == {1, 3}
    assert "crude oil price" in set(terms["term"])
    for bad in (0, (1, 9), (), 1.5):
        with pytest.raises(ConfigError, match="n-gram order"):
            count_terms(articles("x"), n=bad)


def test_empty_articles_give_empty_tables():
    empty = articles()
    assert count_terms(empty).columns.tolist() == ["article_id", "term", "n", "count"]
    assert count_terms(empty).empty and term_frequencies(count_terms(empty)).empty


def test_seed_top_bigrams_include_xi_jinping(seed):
    top = term_frequencies(count_terms(seed, n=2), top_n=10)
    assert "xi jinping" in set(top["term"])
    assert top["count"].is_monotonic_decreasing
    assert top.iloc[0]["count"] == 2  # president vladimir / vladimir putin occur twice


def test_seed_keeps_news_terms(seed):
    terms = set(count_terms(seed, n=(1, 2))["term"])
    assert {"russia-china", "g7", "xinjiang", "human rights", "foreign ministers", "u.s."} - {"u.s."} <= terms
    assert not {"s", "russia’s", "russia's"} & terms


def test_term_frequencies_totals_docs_and_groups():
    arts = articles("Oil oil trade.", "Oil.", "Trade trade trade.", source=["x", "x", "y"])
    terms = count_terms(arts)
    overall = term_frequencies(terms)
    assert overall.values.tolist() == [["trade", 1, 4, 2], ["oil", 1, 3, 2]]
    grouped = term_frequencies(terms, arts, by="source", top_n=1)
    assert grouped.values.tolist() == [["x", "oil", 1, 3, 2], ["y", "trade", 1, 3, 1]]
    assert term_frequencies(terms, min_count=4)["term"].tolist() == ["trade"]
    with pytest.raises(ConfigError, match="needs the articles"):
        term_frequencies(terms, by="source")


def test_with_period_gives_period_starts():
    arts = articles("a", "b", "c", dates=["2021-12-15", "2021-12-19", None])
    assert with_period(arts, period="week")["period"].tolist()[:2] == [pd.Timestamp("2021-12-13")] * 2
    assert with_period(arts, period="month")["period"].iloc[0] == pd.Timestamp("2021-12-01")
    assert pd.isna(with_period(arts)["period"].iloc[2])
    with pytest.raises(ConfigError, match="'day', 'week', 'month'"):
        with_period(arts, period="fortnight")


def test_keyness_matches_scipy_log_likelihood():
    arts = articles("x", "y", "z", "w", source=["p", "p", "q", "q"])
    terms = pd.DataFrame(
        {
            "article_id": ["a0", "a1", "a2", "a3", "a0", "a2", "a3"],
            "term": ["oil"] * 4 + ["trade"] * 3,
            "n": 1,
            "count": [9, 8, 1, 1, 3, 9, 9],
        }
    )
    # two articles and 20 words a side: below the default sizes, so allowed explicitly
    table = keyness(terms, arts, by="source", target="p", min_count=1, min_articles=1, min_words=1).set_index("term")
    for term, (a, b) in {"oil": (17, 2), "trade": (3, 18)}.items():
        observed = np.array([[a, 20 - a], [b, 20 - b]])
        expected_g2 = chi2_contingency(observed, correction=False, lambda_="log-likelihood")[0]
        assert abs(table.loc[term, "g2"]) == pytest.approx(expected_g2)
        assert table.loc[term, "log_ratio"] == pytest.approx(np.log2(a / b))
    assert table.loc["oil", "g2"] > 0 > table.loc["trade", "g2"]
    assert table.index.tolist() == ["oil", "trade"]
    assert table.loc["oil", "p_value"] < 0.001


def test_keyness_min_count_reference_and_zero_counts():
    arts = articles("x", "y", "z", source=["p", "q", "r"])
    terms = pd.DataFrame(
        {"article_id": ["a0", "a0", "a1", "a2"], "term": ["oil", "gold", "gold", "oil"], "n": 1, "count": [6, 1, 5, 50]}
    )
    small = {"min_articles": 1, "min_words": 1}  # one article a side: allowed explicitly
    table = keyness(terms, arts, by="source", target="p", reference="q", min_count=2, **small).set_index("term")
    assert table.loc["oil", "count_reference"] == 0  # the q article only, r left out
    assert table.loc["oil", "log_ratio"] == pytest.approx(np.log2((6 / 7) / (0.5 / 5)))
    assert "gold" in table.index
    assert (
        "gold"
        not in keyness(terms, arts, by="source", target="p", reference="q", min_count=7, **small)["term"].tolist()
    )


def test_keyness_errors_name_the_problem():
    arts = articles("x", source=["p"])
    terms = count_terms(arts)
    with pytest.raises(ConfigError, match="values present: 'p'"):
        keyness(terms, arts, by="source", target="nope")
    with pytest.raises(ConfigError, match="no other articles"):
        keyness(terms, arts, by="source", target="p")


def test_term_trends_have_every_period_and_rates():
    arts = articles("Oil rose.", "Oil and trade. Oil.", "Trade.", dates=["2021-01-05", "2021-03-02", None])
    trends = term_trends(count_phrases(arts, ["oil", "trade"]), arts, period="month")
    assert trends.columns.tolist() == ["period", "term", "count", "articles", "words", "per_1000_words", "gap"]
    oil = trends.loc[trends["term"] == "oil"].set_index("period")
    assert oil.index.tolist() == pd.to_datetime(["2021-01-01", "2021-02-01", "2021-03-01"]).tolist()
    assert oil["count"].tolist() == [1, 0, 2]
    assert oil["words"].tolist() == [2, 0, 4]
    assert oil["per_1000_words"].iloc[0] == pytest.approx(500)
    assert np.isnan(oil["per_1000_words"].iloc[1])  # no articles that month: no rate, but a row
    trade = trends.loc[trends["term"] == "trade"]
    assert trade["count"].tolist() == [0, 0, 1]  # the undated mention is left out ...
    assert trends.attrs["undated_articles"] == 1  # ... and reported


def test_term_trends_select_adds_absent_terms_as_zero():
    arts = articles("Oil rose.", dates=["2021-01-05"])
    trends = term_trends(count_terms(arts), arts, period="day", select=["gold", "oil"])
    assert trends[["term", "count"]].values.tolist() == [["gold", 0], ["oil", 1]]


def test_term_trends_without_dated_articles_is_empty():
    arts = articles("Oil rose.")
    trends = term_trends(count_terms(arts), arts)
    assert trends.empty and trends.attrs["undated_articles"] == 1


def test_count_phrases_counts_phrases_with_stopwords_and_wildcards():
    arts = articles("The Bank of England met. Negotiators negotiated.", "Nothing here.")
    table = count_phrases(arts, ["bank of england", "negotiat*"])
    assert table.values.tolist() == [["a0", "bank of england", 3, 1], ["a0", "negotiat*", 1, 2]]


def test_word_cloud_draws(tmp_path):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    word_cloud(pd.DataFrame({"term": ["oil", "trade"], "count": [5, 3]}), ax=ax)
    assert ax.images
    plt.close(fig)
    assert word_cloud is plotting.word_cloud  # drawn by newsframe.plotting, still importable from here


def test_inputs_are_not_modified():
    arts = articles("Oil rose.", dates=["2021-01-05"])
    before = arts.copy()
    terms = count_terms(arts)
    term_trends(terms, arts)
    keyness(terms, articles("a", "b", source=["p", "q"]), by="source", target="p", min_count=1)
    pd.testing.assert_frame_equal(arts, before)


@pytest.mark.parametrize("words", [["said"], ["Reuters", "minister"], ["xi"], []], ids=["said", "two", "xi", "none"])
def test_without_words_equals_counting_with_them_as_stopwords(tiny_articles, words):
    counted = count_terms(tiny_articles, n=(1, 2, 3), stopwords=stopword_set(words))
    filtered = without_words(count_terms(tiny_articles, n=(1, 2, 3)), words)
    pd.testing.assert_frame_equal(filtered.reset_index(drop=True), counted.reset_index(drop=True))


EMPTY_ARTICLES = schemas.empty("articles")
EMPTY_TERMS = schemas.empty("terms")
TWO_SOURCES = articles("x", "y", source=["p", "q"])


@pytest.mark.parametrize(
    ("schema", "call"),
    [
        ("terms", lambda: count_terms(EMPTY_ARTICLES, n=(1, 2))),
        ("terms", lambda: count_terms(pd.DataFrame({"article_id": [], "title": [], "text": []}))),
        ("terms", lambda: count_terms(articles("The and of, 2021."))),
        ("terms", lambda: count_phrases(EMPTY_ARTICLES, ["oil"])),
        ("terms", lambda: count_phrases(articles("No match."), ["oil"])),
        ("terms", lambda: without_words(EMPTY_TERMS, ["oil"])),
        ("terms", lambda: without_words(pd.DataFrame(columns=schemas.columns("terms")), ["oil"])),
        ("term_frequencies", lambda: term_frequencies(EMPTY_TERMS)),
        ("term_frequencies", lambda: term_frequencies(pd.DataFrame(columns=schemas.columns("terms")))),
        ("keyness", lambda: keyness(EMPTY_TERMS, TWO_SOURCES, by="source", target="p")),
        ("keyness", lambda: keyness(count_terms(TWO_SOURCES), TWO_SOURCES, by="source", target="p", min_count=9)),
        ("term_trends", lambda: term_trends(EMPTY_TERMS, EMPTY_ARTICLES)),
        ("term_trends", lambda: term_trends(EMPTY_TERMS, articles("Oil.", dates=["2021-01-05"]))),
    ],
    ids=[
        "count_terms",
        "count_terms_untyped",
        "count_terms_no_terms",
        "count_phrases",
        "count_phrases_no_match",
        "without_words",
        "without_words_untyped",
        "term_frequencies",
        "term_frequencies_untyped",
        "keyness",
        "keyness_below_min_count",
        "term_trends",
        "term_trends_no_terms",
    ],
)
def test_empty_results_have_the_schema_columns_and_types(schema, call):
    result = call()
    assert result.empty
    assert list(result.dtypes.astype(str).items()) == list(schemas.empty(schema).dtypes.astype(str).items())


def test_empty_grouped_frequencies_put_the_group_columns_first():
    result = term_frequencies(EMPTY_TERMS, EMPTY_ARTICLES, by=["source", "date"])
    expected = {"source": "string", "date": "datetime64[ns]", **schemas.dtypes("term_frequencies")}
    assert result.empty and list(result.dtypes.astype(str).items()) == list(expected.items())


@pytest.mark.parametrize("period", ["day", "week", "month", "quarter", "year"])
def test_term_trends_periods_are_typed_like_the_schema(period):
    arts = articles("Oil rose.", "Oil fell.", dates=["2020-11-30", "2021-02-03"])
    trends = term_trends(count_terms(arts), arts, period=period, select=["oil"])
    assert list(trends.dtypes.astype(str).items()) == list(schemas.dtypes("term_trends").items())
    assert trends["count"].sum() == 2 and trends["period"].is_monotonic_increasing


# --- issue 13: keyness refuses small comparisons and corrects for many terms ---------------------


def sized(target: int, reference: int, *, words: int = 400) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``target`` + ``reference`` articles (source p / q) of ``words`` word occurrences each."""
    n = target + reference
    arts = articles(*["x"] * n, source=["p"] * target + ["q"] * reference)
    rows = []
    for i, article in enumerate(arts["article_id"]):
        rows += [(article, "market", words - 60), (article, "oil" if i < target else "gold", 40), (article, "bank", 20)]
        rows += [(article, "oil price", 5)]
    terms = pd.DataFrame(rows, columns=["article_id", "term", "count"])
    return terms.assign(n=terms["term"].str.count(" ") + 1)[["article_id", "term", "n", "count"]], arts


T1 = "the target has 1 article (fewer than 5)"
R2 = "the reference has 2 articles (fewer than 5)"
W600 = "the {} has 600 words (fewer than 1,000)"


@pytest.mark.parametrize(
    ("target", "reference", "words", "options", "note"),
    [
        (1, 309, 400, {}, f"refused: {T1}; the target has 400 words (fewer than 1,000)"),
        (5, 5, 400, {}, ""),
        (5, 2, 400, {}, f"refused: {R2}; the reference has 800 words (fewer than 1,000)"),
        (6, 6, 100, {}, f"refused: {W600.format('target')}; {W600.format('reference')}"),
        (1, 1, 400, {"min_articles": 1, "min_words": 400}, ""),
        (2, 9, 400, {"min_articles": 3, "min_words": 800}, "refused: the target has 2 articles (fewer than 3)"),
        (6, 6, 100, {"unit": "mention"}, "refused: the target has 600 mentions (fewer than 1,000); "
                                         "the reference has 600 mentions (fewer than 1,000)"),
    ],
    ids=["one-article", "enough", "small-reference", "few-words", "lowered", "min-articles", "mentions"],
)  # fmt: skip
def test_keyness_refuses_small_comparisons(target, reference, words, options, note):
    terms, arts = sized(target, reference, words=words)
    table = keyness(terms, arts, by="source", target="p", **options)
    assert table.attrs["note"] == note
    assert table.attrs["target_articles"] == target and table.attrs["reference_articles"] == reference
    assert table.attrs["target_words"] == target * words  # the lowest n-gram order: single words
    assert table.empty == bool(note)
    assert list(table.dtypes.astype(str).items()) == list(schemas.dtypes("keyness").items())


def test_keyness_q_values_are_benjamini_hochberg_over_the_terms_tested():
    from newsframe.stats import fdr_bh

    terms, arts = sized(6, 8)
    table = keyness(terms, arts, by="source", target="p", min_count=1)
    assert table.columns.tolist() == schemas.columns("keyness")
    np.testing.assert_allclose(table["q_value"], fdr_bh(table["p_value"].to_numpy()))
    assert (table["q_value"] >= table["p_value"]).all()
    assert table.iloc[0]["term"] == "oil" and table.iloc[-1]["term"] == "gold"


def test_keyness_by_section_without_a_section_column():
    terms, arts = sized(5, 5)
    arts = arts.assign(source=[f"{'energy' if i < 5 else 'metals'}/{i}.txt" for i in range(10)])
    table = keyness(terms, arts, by="section", target="energy")
    assert table.iloc[0]["term"] == "oil" and table.attrs["note"] == ""


def test_keyness_by_group_gives_each_groups_top_terms():
    terms, arts = sized(5, 6)
    arts = arts.assign(source=[f"{'energy' if i < 5 else 'metals'}/{i}.txt" for i in range(11)])
    table = keyness_by_group(terms, arts, top_n=1)
    assert table[["group", "term"]].values.tolist() == [["energy", "oil"], ["metals", "gold"]]
    assert (table["g2"] > 0).all() and table.attrs == {"by": "section", "notes": {}}
    assert list(table.dtypes.astype(str).items()) == list(schemas.dtypes("keyness_by_group").items())
    alone = keyness(terms, arts, by="section", target="metals")
    pd.testing.assert_frame_equal(
        table.iloc[[1]].drop(columns="group").reset_index(drop=True), alone.head(1), check_dtype=True
    )


def test_keyness_by_group_leaves_refused_groups_out_with_a_note():
    terms, arts = sized(5, 7)
    sections = ["energy"] * 5 + ["metals"] * 6 + ["tech"]
    arts = arts.assign(section=sections)
    table = keyness_by_group(terms, arts, by="section")
    assert set(table["group"]) == {"energy", "metals"}
    assert table.attrs["notes"] == {
        "tech": "refused: the target has 1 article (fewer than 5); the target has 400 words (fewer than 1,000)"
    }


@pytest.mark.parametrize(
    "call",
    [
        lambda: keyness_by_group(EMPTY_TERMS, EMPTY_ARTICLES),
        lambda: keyness_by_group(EMPTY_TERMS, articles("x", "y", source=["p/1.txt", "q/2.txt"])),
        lambda: keyness_by_group(count_terms(TWO_SOURCES), TWO_SOURCES, by="source"),
    ],
    ids=["nothing", "no-terms", "all-refused"],
)
def test_keyness_by_group_empty_is_typed(call):
    table = call()
    assert table.empty
    assert list(table.dtypes.astype(str).items()) == list(schemas.dtypes("keyness_by_group").items())


# --- issue 13: periods, gaps and undated articles in trends -----------------------------------------


def test_term_trends_auto_period_gaps_and_undated():
    dates = ["2021-01-05", "2021-02-02", "2021-08-30", None]
    arts = articles("Oil rose.", "Oil fell.", "Oil.", "Oil!", dates=dates)
    trends = term_trends(count_terms(arts), arts, period="auto", select=["oil"])
    assert trends.attrs == {"undated": 1, "undated_articles": 1, "period": "week"}
    assert trends["count"].sum() == 3
    # weeks from 4 January to 30 August: data in weeks 0, 4 and 34; three empty weeks, then 29
    assert trends["count"].tolist() == [1, 0, 0, 0, 1] + [0] * 29 + [1]
    assert trends["gap"].tolist() == [False] * 5 + [True] * 29 + [False]
    monthly = term_trends(count_terms(arts), arts, period="month", select=["oil"])
    assert monthly["gap"].tolist() == [False, False, True, True, True, True, True, False]
    assert monthly["count"].tolist() == [1, 1, 0, 0, 0, 0, 0, 1]


def test_with_period_and_date_split_report_the_period_used():
    arts = articles("a", "b", "c", dates=["2021-01-04", "2021-04-02", None])
    assert with_period(arts, period="auto").attrs["period"] == "week"
    split = date_split(arts, period="auto")
    assert split.attrs["period"] == "week" and split.attrs["split_at"] == pd.Timestamp("2021-03-29")
    assert split["split"].tolist() == ["before", "after", pd.NA]


def test_count_phrases_of_no_phrases_is_an_empty_terms_table():
    arts = pd.DataFrame({"article_id": ["a"], "title": ["Oil"], "text": ["Oil rose."]})
    table = count_phrases(arts, [])
    assert table.empty and table.dtypes.to_dict() == schemas.dtypes("terms")


# --- issue 16: term counts summed per group, piece by piece --------------------------------------


def test_group_term_counts_sum_pieces_as_the_whole_table():
    from newsframe.frequency.grouping import group_term_counts

    arts = articles(
        "Oil prices rose. Oil traders said oil supply fell.",
        "The oil market and gas market moved.",
        "Gas prices fell as traders sold gas.",
        "Traders said nothing.",
        dates=["2024-01-01", "2024-01-02", "2024-01-09", None],
    )
    terms = count_terms(arts, n=[1, 2])
    groups = pd.Series(["w1", "w1", "w2", None], index=arts["article_id"])
    whole = group_term_counts(terms, groups, n=1)
    pieces = [terms.loc[terms["article_id"] == article] for article in ["a2", "a0", "a3", "a1"]]
    pd.testing.assert_frame_equal(group_term_counts(iter(pieces), groups, n=1), whole)
    single = terms.loc[terms["n"] == 1].assign(group=lambda t: t["article_id"].map(groups)).dropna(subset=["group"])
    expected = single.groupby(["group", "term", "n"], as_index=False).agg(
        count=("count", "sum"), articles=("article_id", "nunique")
    )
    pd.testing.assert_frame_equal(whole, expected.astype(whole.dtypes.to_dict()))
    assert whole.loc[(whole["group"] == "w1") & (whole["term"] == "oil"), ["count", "articles"]].values.tolist() == [
        [4, 2]
    ]
    assert group_term_counts(iter([]), groups).empty


def test_keyness_of_counts_equals_keyness_of_the_rows():
    from newsframe.frequency.analysis import keyness_of_counts

    arts = articles(*(["oil oil trade"] * 6 + ["trade trade oil"] * 6), source=["p"] * 6 + ["q"] * 6)
    terms = count_terms(arts)
    expected = keyness(terms, arts, by="source", target="p", min_count=1, min_words=10)
    side = terms["article_id"].map(dict(zip(arts["article_id"], arts["source"], strict=True)))
    counts = (
        terms.assign(side=side)
        .pivot_table(index=["term", "n"], columns="side", values="count", aggfunc="sum", fill_value=0)
        .set_axis(["count_target", "count_reference"], axis=1)
        .reset_index()
    )
    found = keyness_of_counts(counts, target_articles=6, reference_articles=6, min_count=1, min_words=10)
    pd.testing.assert_frame_equal(found, expected)
    assert found.attrs == expected.attrs and len(found)
