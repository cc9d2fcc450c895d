"""Keyword in context and collocations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from newsframe import schemas
from newsframe.errors import ConfigError
from newsframe.kwic import KWIC_COLUMNS, collocations, kwic
from newsframe.text import body_start, find_phrase, phrase_pattern, raw_token_spans


def articles(*texts: str, titles=None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "title": titles or [""] * len(texts),
            "date": pd.to_datetime(["2021-12-15"] * len(texts)),
            "text": list(texts),
        }
    )


def test_kwic_columns_and_context_words():
    arts = articles("One two three four oil five six seven eight.", titles=["Oil news"])
    table = kwic(arts, "oil", window=2)
    assert table.columns.tolist() == KWIC_COLUMNS
    assert table[["part", "left", "match", "right"]].values.tolist() == [
        ["title", "", "Oil", "news"],
        ["body", "three four", "oil", "five six"],
    ]
    body = table.iloc[1]
    assert arts.loc[0, "text"][body["start"] : body["end"]] == "oil"
    assert table["date"].iloc[0] == pd.Timestamp("2021-12-15")
    assert table["sentence"].isna().all()


@pytest.mark.parametrize(
    ("text", "phrase", "matches"),
    [
        ("Human rights groups and human rights law", "human rights", ["Human rights", "human rights"]),
        ("human, rights", "human rights", []),
        ("Russia’s envoy", "russia", ["Russia"]),
        ("the U.S. and US", "U.S.", ["U.S."]),
        ("Negotiators negotiated", "negotiat*", ["Negotiators", "negotiated"]),
        ("WASHINGTON, March 2 - Talks in Washington", "washington", ["Washington"]),
    ],
    ids=["phrase", "not-across-punctuation", "possessive", "abbreviation", "wildcard", "dateline-skipped"],
)
def test_kwic_matches(text, phrase, matches):
    assert kwic(articles(text), phrase)["match"].tolist() == matches


def test_kwic_window_at_edges_and_zero():
    table = kwic(articles("Oil, said OPEC."), "oil", window=5)
    assert table[["left", "right"]].values.tolist() == [["", ", said OPEC."]]
    table = kwic(articles("Crude oil rose."), "oil", window=0)
    assert table[["left", "match", "right"]].values.tolist() == [["", "oil", ""]]


def test_kwic_sentence_mode_uses_split_sentences_numbering():
    arts = articles("Prices eased. OPEC said oil output rose.\n\nOil fell again.", titles=["Oil falls"])
    table = kwic(arts, "oil", mode="sentence")
    assert table[["part", "sentence", "left", "match", "right"]].values.tolist() == [
        ["title", 0, "", "Oil", "falls"],
        ["body", 2, "OPEC said", "oil", "output rose."],
        ["body", 3, "", "Oil", "fell again."],
    ]


def test_kwic_several_terms_and_text_is_data_not_markup():
    arts = articles("<script>alert(1)</script> oil and <b>trade</b>")
    table = kwic(arts, ["trade", "oil"], window=3)
    assert table["term"].tolist() == ["trade", "oil"]  # grouped in the order asked for
    assert "</script>" in table["left"].iloc[1]  # returned verbatim; pandas escapes it in HTML
    assert "&lt;/script&gt;" in table.to_html() and "</script>" not in table.to_html()


def test_kwic_empty_and_bad_options():
    assert kwic(articles(), "oil").columns.tolist() == KWIC_COLUMNS
    assert kwic(articles("No match."), "oil").empty
    with pytest.raises(ConfigError, match="'words', 'sentence'"):
        kwic(articles("x"), "oil", mode="paragraph")
    with pytest.raises(ConfigError, match="at least one word"):
        kwic(articles("x"), "--")


def test_collocations_rank_and_filter():
    arts = articles(
        "Crude oil prices rose.", "Crude oil output fell.", "Gold prices rose sharply.", "Oil prices again."
    )
    table = collocations(arts, "oil", window=1, min_count=2)
    assert table.columns.tolist() == [
        "term",
        "collocate",
        "count",
        "collocate_count",
        "expected",
        "pmi",
        "g2",
        "p_value",
    ]
    # both are next to "oil" twice, but "crude" never occurs anywhere else and "prices" does once more:
    # "crude" is the more exclusive partner, so it has the larger G² and comes first
    assert table["collocate"].tolist() == ["crude", "prices"]
    assert table["g2"].iloc[0] > table["g2"].iloc[1]
    assert (table["count"] >= 2).all()
    assert collocations(arts, "oil", window=1, min_count=3).empty


def test_collocation_statistics_match_the_2x2_table():
    arts = articles("Crude oil prices rose.", "Crude oil output fell.", "Gold prices rose sharply.")
    row = collocations(arts, "oil", window=1, min_count=2).set_index("collocate").loc["crude"]
    # 12 word positions; windows around the two "oil" hold 4 positions, 2 of them "crude"
    n, r1, c1, o11 = 12, 4, 2, 2
    assert row["expected"] == pytest.approx(r1 * c1 / n)
    assert row["pmi"] == pytest.approx(np.log2(o11 / (r1 * c1 / n)))
    table = np.array([[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]])
    assert row["g2"] == pytest.approx(chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])


def test_collocations_skip_stopwords_and_sort_by_pmi():
    arts = articles("the oil and the gas", "the oil and the gas", "the gas", "coal mines opened near the town")
    table = collocations(arts, "oil", window=3, min_count=1, measure="pmi")
    assert table["collocate"].tolist() == ["gas"]
    with pytest.raises(ConfigError, match="'g2', 'pmi'"):
        collocations(arts, "oil", measure="dice")


def test_seed_kwic_and_collocations(tiny_articles):
    seed = tiny_articles.loc[tiny_articles["source"].str.startswith("000_")]
    table = kwic(seed, "Xi Jinping")
    assert table["match"].tolist() == ["Xi Jinping"]
    assert table["left"].iloc[0].endswith("Chinese President")
    assert "putin" in collocations(seed, "vladimir", window=1, min_count=2)["collocate"].tolist()


NO_ARTICLES = schemas.empty("articles")


@pytest.mark.parametrize(
    ("schema", "call"),
    [
        ("kwic", lambda: kwic(NO_ARTICLES, "oil")),
        ("kwic", lambda: kwic(NO_ARTICLES, ["oil", "gas"], mode="sentence")),
        ("kwic", lambda: kwic(articles("No match."), "oil")),
        ("kwic", lambda: kwic(pd.DataFrame({"article_id": [], "title": [], "text": []}), "oil")),
        ("collocations", lambda: collocations(NO_ARTICLES, "oil")),
        ("collocations", lambda: collocations(articles("No match."), "oil")),
        ("collocations", lambda: collocations(articles("Oil, the oil."), "oil", min_count=1)),
    ],
    ids=[
        "kwic",
        "kwic_sentence_mode",
        "kwic_no_match",
        "kwic_untyped_no_date",
        "collocations",
        "collocations_no_match",
        "collocations_stopwords_only",
    ],
)
def test_empty_results_have_the_schema_columns_and_types(schema, call):
    result = call()
    assert result.empty
    assert list(result.dtypes.astype(str).items()) == list(schemas.empty(schema).dtypes.astype(str).items())


def test_kwic_keeps_the_time_of_day():
    arts = articles("Oil rose.").assign(date=pd.to_datetime(["2021-12-15 14:30"]))
    assert kwic(arts, "oil")["date"].tolist() == [pd.Timestamp("2021-12-15 14:30")]


def test_no_phrases_find_nothing():
    arts = articles("Crude oil prices rose.")
    assert kwic(arts, []).columns.tolist() == KWIC_COLUMNS and kwic(arts, []).empty
    table = collocations(arts, [], min_count=1)
    assert table.empty and table.dtypes.to_dict() == schemas.dtypes("collocations")


def test_collocations_of_several_phrases_equal_one_call_each():
    arts = articles(
        "Crude oil prices rose as OPEC cut oil output.",
        "Gold prices fell; crude oil prices rose again.",
        "Negotiators negotiated oil prices all week.",
        titles=["Oil prices up", "Markets", "Talks"],
    )
    phrases = ["oil", "prices", "negotiat*", "crude oil"]
    together = collocations(arts, phrases, window=2, min_count=1)
    one_each = pd.concat([collocations(arts, p, window=2, min_count=1) for p in phrases], ignore_index=True)
    pd.testing.assert_frame_equal(together, one_each)
    assert together["term"].unique().tolist() == ["oil", "prices", "negotiat*", "crude oil"]


@pytest.mark.parametrize("phrase", ["oil", "Oil prices", "negotiat*", "U.S.", "Russia’s", "rose again"])
def test_kwic_skips_only_texts_that_cannot_match(phrase):
    # the cheap first-word test must never hide a match the tokeniser finds
    texts = ["OIL prices rose.", "Russia's oil", "The U.S. negotiated", "Prices rose. Again, oil.", "No match here."]
    arts = articles(*texts, titles=["Russia’s OIL", "", "US talks", "", "Oil Prices Rose Again"])
    expected = sum(  # every match of the tokeniser, no text skipped
        len(find_phrase(raw_token_spans(content, body_start(content) if part else 0)[1], phrase_pattern(phrase)))
        for title, text in zip(arts["title"], arts["text"], strict=True)
        for part, content in enumerate((title, text))
    )
    assert len(kwic(arts, phrase)) == expected > 0
