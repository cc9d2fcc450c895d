"""Tests for newsframe.sentiment.targeted: the clause around a mention, and scoring actor mentions
by clause or sentence in the shape actors.actor_sentiment takes."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsframe import schemas
from newsframe.actors import actor_sentences, actor_sentiment, find_mentions
from newsframe.errors import ConfigError
from newsframe.sentiment import score_sentences, score_texts, targeted
from newsframe.sentiment.targeted import CLAUSE_COLUMNS, clause_span, score_mentions
from newsframe.text import split_sentences, with_sentence_text


def clause(text: str, mention: str, *, min_words: int = 0, occurrence: int = 0) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(mention, start + 1)
    low, high = clause_span(text, start, start + len(mention), min_words=min_words)
    return text[low:high]


@pytest.mark.parametrize(
    "text",
    [
        "Critics attacked Smith; the board cheered.",
        "Critics attacked Smith: the board cheered.",
        "Critics attacked Smith — the board cheered.",
        "Critics attacked Smith – the board cheered.",
        "Critics attacked Smith - the board cheered.",
        "Critics attacked Smith -- the board cheered.",
        'Critics attacked Smith "the board cheered".',
        "Critics attacked Smith “the board cheered”.",
        "Critics attacked Smith ”the board cheered”.",
        "Critics attacked Smith but the board cheered.",
        "Critics attacked Smith, but the board cheered.",
        "Critics attacked Smith while the board cheered.",
        "Critics attacked Smith although the board cheered.",
        "Critics attacked Smith though the board cheered.",
        "Critics attacked Smith whereas the board cheered.",
        "Critics attacked Smith; however, the board cheered.",
        "Critics attacked Smith However the board cheered.",
    ],
    ids=[
        "semicolon",
        "colon",
        "em dash",
        "en dash",
        "spaced hyphen",
        "double hyphen",
        "straight quote",
        "curly quote",
        "closing quote",
        "but",
        "comma but",
        "while",
        "although",
        "though",
        "whereas",
        "however",
        "capital However",
    ],
)
def test_each_boundary_ends_the_clause(text):
    assert clause(text, "Smith") == "Critics attacked Smith"
    assert "board" not in clause(text, "Critics")


@pytest.mark.parametrize(
    "text",
    [
        "Critics attacked Smith, and the board cheered.",
        "Critics attacked Smith (the board cheered).",
        "Critics attacked Smith yet the board cheered.",
        "Critics attacked Smith-the board cheered.",
    ],
    ids=["comma", "bracket", "yet", "unspaced hyphen"],
)
def test_commas_brackets_yet_and_hyphens_are_no_boundaries(text):
    assert clause(text, "Smith") == text


def test_the_clause_after_a_boundary_starts_after_it():
    text = "The board cheered, but critics attacked Smith."
    assert clause(text, "Smith") == "critics attacked Smith."
    assert clause("The board cheered: “critics attacked Smith”.", "Smith") == "critics attacked Smith"


def test_but_cases():
    text = "Jones praised the plan but Smith called it a disaster."
    assert clause(text, "Jones") == "Jones praised the plan"
    assert clause(text, "Smith") == "Smith called it a disaster."
    # A word only counts whole: "butter", "Butler" and "meanwhile" are no boundaries.
    assert clause("Smith sold butter meanwhile to Butler.", "Smith") == "Smith sold butter meanwhile to Butler."
    assert clause("But Smith won.", "Smith") == "Smith won."


def test_mention_at_the_start_and_at_the_end():
    text = "Smith won; everyone cheered for Jones"
    assert clause(text, "Smith") == "Smith won"
    assert clause(text, "Jones") == "everyone cheered for Jones"
    low, high = clause_span(text, 0, len(text))
    assert (low, high) == (0, len(text))


def test_boundaries_inside_the_mention_are_ignored():
    text = "Analysts say Smith: Jones and Co. did well; overall."
    start = text.index("Smith")
    low, high = clause_span(text, start, text.index(" and"))
    assert text[low:high] == "Analysts say Smith: Jones and Co. did well"


def test_short_clauses_take_in_the_next_then_the_previous():
    text = "Smith: the chairman said the deal was a disaster; the board agreed."
    assert clause(text, "Smith") == "Smith"
    assert clause(text, "Smith", min_words=2) == "Smith: the chairman said the deal was a disaster"
    assert clause(text, "Smith", min_words=9) == text
    # At the end of a sentence there is no next clause: the previous ones join.
    assert clause("The deal was a disaster: Smith.", "Smith", min_words=3) == "The deal was a disaster: Smith."


def test_fallback_is_the_whole_sentence():
    text = "Smith; Jones."
    assert clause(text, "Smith", min_words=5) == text
    assert clause_span("   ", 1, 1) == (0, 3)  # all white space: nothing to strip to
    assert clause_span("a: ;b", 2, 2) == (0, 5)  # an empty mention between two boundaries


def test_span_outside_the_text_is_an_error():
    with pytest.raises(ValueError, match=r"outside a text of 5 characters"):
        clause_span("Smith", 2, 9)
    with pytest.raises(ValueError, match="outside"):
        clause_span("Smith", 3, 2)


@given(st.text(alphabet='ab ,;:—"“()butwhile-', max_size=40), st.data())
def test_the_clause_always_holds_the_mention(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    min_words = data.draw(st.integers(0, 4))
    low, high = clause_span(text, start, end, min_words=min_words)
    assert 0 <= low <= high <= len(text)
    mention = text[start:end].strip()
    assert mention in text[low:high]
    assert high > low or not text  # never empty
    if mention:
        assert text[low:high][:1] not in " ," or low == start  # stripped, up to the mention
        assert text[low:high][-1:] not in " ," or high == end


ARTICLES = pd.DataFrame(
    {
        "article_id": ["a", "b"],
        "title": ["Talks in Brussels", "Summit"],
        "text": [
            "Critics attacked Russia bitterly, but China praised the wonderful plan. Russia and Russia met.",
            "China spoke.",
        ],
        "date": pd.to_datetime(["2021-01-05", "2021-02-01"]),
    }
)


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = score_sentences(split_sentences(ARTICLES))
    return find_mentions(ARTICLES, sentences=sentences), sentences


def test_score_mentions_has_the_columns_of_actor_sentences_and_feeds_actor_sentiment(tables):
    mentions, sentences = tables
    scored = score_mentions(mentions, sentences)
    evidence = actor_sentences(mentions, sentences)
    assert list(scored.columns) == [*evidence.columns, *CLAUSE_COLUMNS, "news"]
    pd.testing.assert_frame_equal(scored[evidence.columns], evidence)
    assert scored.attrs == {"unit": "clause", "score": "news"}
    tone = actor_sentiment(scored, score="news").set_index("actor")
    assert tone.loc["Russia", "sentences"] == 2 and tone.loc["China", "articles"] == 2


def test_sentences_without_text_take_it_from_the_articles(tables):
    mentions, sentences = tables
    with_text = score_mentions(mentions, sentences)
    without = score_mentions(mentions, sentences.drop(columns="text"), articles=ARTICLES)
    assert "text" not in without
    pd.testing.assert_frame_equal(with_sentence_text(without, ARTICLES)[with_text.columns], with_text)


@pytest.mark.parametrize("without_text", [False, True])
def test_clauses_cut_a_few_articles_at_a_time_give_the_same_evidence(monkeypatch, tables, without_text):
    mentions, sentences = tables
    given = (sentences.drop(columns="text"), {"articles": ARTICLES}) if without_text else (sentences, {})
    whole = score_mentions(mentions, given[0], **given[1])
    monkeypatch.setattr(targeted, "CHUNK_ARTICLES", 1)  # every article apart, mentions shuffled across them
    shuffled = mentions.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(score_mentions(shuffled, given[0], **given[1]), whole)
    assert whole["article_id"].nunique() > 1


def test_clauses_are_scored_apart(tables):
    mentions, sentences = tables
    scored = score_mentions(mentions, sentences).set_index(["actor", "article_id", "sentence"])
    russia, china = scored.loc[("Russia", "a", 1)], scored.loc[("China", "a", 1)]
    assert russia["clause"] == "Critics attacked Russia bitterly"
    assert china["clause"] == "China praised the wonderful plan."
    assert russia["text"][russia["clause_start"] : russia["clause_end"]] == russia["clause"]
    expected = score_texts([russia["clause"], china["clause"]], scorers=["news"])["news"].tolist()
    assert [russia["news"], china["news"]] == expected
    assert russia["news"] < 0 < china["news"]
    # Two mentions in one clause: one clause, scored once, and the mentions counted.
    twice = scored.loc[("Russia", "a", 2)]
    assert twice["mentions"] == 2 and twice["clause"] == "Russia and Russia met."


def test_several_clauses_of_one_actor_are_averaged():
    sentences = pd.DataFrame(
        {
            "article_id": ["a"],
            "sentence": [0],
            "start": [0],
            "text": ["Smith won a great victory, but critics say Smith failed badly."],
        }
    )
    text = sentences["text"][0]
    starts = [text.index("Smith"), text.rindex("Smith")]
    mentions = pd.DataFrame(
        {
            "article_id": ["a", "a"],
            "sentence": [0, 0],
            "actor": ["Smith"] * 2,
            "type": ["person"] * 2,
            "start": starts,
            "end": [s + 5 for s in starts],
        }
    )
    row = score_mentions(mentions, sentences).iloc[0]
    parts = ["Smith won a great victory", "critics say Smith failed badly."]  # the comma before "but" left out
    assert row["clause"] == " … ".join(parts) and row["mentions"] == 2
    assert row["news"] == pytest.approx(score_texts(parts, scorers=["news"])["news"].mean())
    assert (row["clause_start"], row["clause_end"]) == (0, len(text))


def test_sentence_unit_scores_the_whole_sentence(tables):
    mentions, sentences = tables
    scored = score_mentions(mentions, sentences, unit="sentence", scorer="textblob")
    assert (scored["clause"] == scored["text"]).all() and scored["unit"].eq("sentence").all()
    # the sentence's own TextBlob score, recomputed: replaces the column of that name
    assert scored["polarity"].tolist() == actor_sentences(mentions, sentences)["polarity"].tolist()


def test_offsets_are_into_the_article_part_not_the_sentence(tables):
    mentions, sentences = tables
    body = mentions[(mentions["article_id"] == "a") & (mentions["sentence"] == 2)]
    assert (body["start"] > 60).all()  # the second body sentence starts well into the text
    scored = score_mentions(mentions, sentences)
    row = scored[(scored["actor"] == "Russia") & (scored["sentence"] == 2)].iloc[0]
    assert row["clause_start"] == 0


def test_empty_tables_are_typed():
    out = score_mentions(schemas.empty("mentions"), schemas.empty("sentences"))
    assert out.empty
    assert out.dtypes.astype(str).to_dict() == {
        **schemas.dtypes("actor_sentences"),
        **{c: t for c, t in schemas.dtypes("sentences").items() if c not in ("article_id", "sentence")},
        **CLAUSE_COLUMNS,
        "news": "float64",
    }


def test_bad_input_is_named(tables):
    mentions, sentences = tables
    with pytest.raises(ConfigError, match="unit must be one of"):
        score_mentions(mentions, sentences, unit="word")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"mentions with \['end', 'start'\]"):
        score_mentions(mentions.drop(columns=["start", "end"]), sentences)
    with pytest.raises(ConfigError, match="scorer must be one of"):
        score_mentions(mentions, sentences, scorer="bert")


def test_layering_sentiment_does_not_import_actors_nor_actors_sentiment():
    code = (
        "import sys, newsframe.sentiment.targeted, newsframe.sentiment;"
        "assert not [m for m in sys.modules if m.startswith('newsframe.actors')], 'sentiment imports actors'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    code = "import sys, newsframe.actors; assert 'newsframe.sentiment' not in sys.modules, 'actors imports sentiment'"
    subprocess.run([sys.executable, "-c", code], check=True)
