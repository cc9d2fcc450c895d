"""Tests for newsframe.quotes: quotations, speaker attribution and share of voice."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsframe.actors import find_mentions, load_actors
from newsframe.load import load_articles
from newsframe.quotes import (
    QUOTE_COLUMNS,
    find_quotes,
    lexicon,
    quote_spans,
    score_speakers,
    share_of_voice,
    summarise_scores,
)

SEED = Path(__file__).parent / "fixtures" / "corpus" / "000_83ee76fa5dfcaf86.txt"
LABELLED = Path(__file__).parent / "fixtures" / "labelled"
SMALL = """
actors:
  - {name: Vladimir Putin, type: person, aliases: [{alias: Putin, unique: true}]}
  - {name: Xi Jinping, type: person, aliases: [{alias: Xi, unique: true}]}
  - {name: Xinhua, type: organisation}
  - {name: Reuters, type: organisation, aliases: [Reuter]}
  - {name: China, type: country, aliases: [Chinese]}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("quotes") / "small.yml"
    path.write_text(SMALL, encoding="utf-8")
    return load_actors(path)


@pytest.fixture(scope="module")
def seed_quotes() -> pd.DataFrame:
    articles = load_articles(SEED)
    return find_quotes(articles, find_mentions(articles))


def speakers_of(text: str, aliases: pd.DataFrame) -> list[tuple[str, str | None, str | None]]:
    """(quoted text, speaker, how) of each quotation in ``text``."""
    found = quotes_of(text, aliases)
    return [
        (t, s if pd.notna(s) else None, h if pd.notna(h) else None)
        for t, s, h in zip(found["text"], found["speaker"], found["how"])
    ]


def quotes_of(text: str, aliases: pd.DataFrame, **options) -> pd.DataFrame:
    articles = pd.DataFrame(
        {"article_id": ["a"], "date": pd.to_datetime(["2021-12-15"]), "title": [""], "text": [text]}
    )
    return find_quotes(articles, find_mentions(articles, aliases), **options)


def test_seed_quotes_are_attributed(seed_quotes):
    speakers = dict(zip(seed_quotes["text"], seed_quotes["speaker"]))
    assert speakers["In February, we will finally be able to meet in person in Beijing"] == "Vladimir Putin"
    xi = "China-Russia ties have withstood all kinds of rigorous tests and are showing new vigor and vitality."
    assert speakers[xi] == "Xi Jinping"
    assert list(seed_quotes.columns) == QUOTE_COLUMNS


def test_seed_scare_quotes_are_left_out_and_offsets_point_at_the_text(seed_quotes):
    assert "model" not in set(seed_quotes["text"])
    body = load_articles(SEED).loc[0, "text"]
    for row in seed_quotes.itertuples():
        assert body[row.start : row.end] == row.text


def test_seed_unattributed_statement_has_no_speaker(seed_quotes):
    statement = seed_quotes[seed_quotes["text"].str.startswith("To better effectively")]
    assert statement["speaker"].isna().all()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We will meet in Beijing soon,” Putin said.", [("We will meet in Beijing soon", "Vladimir Putin")]),
        ("“We will meet in Beijing soon,” said Putin.", [("We will meet in Beijing soon", "Vladimir Putin")]),
        ('"We will meet in Beijing soon," Putin said.', [("We will meet in Beijing soon", "Vladimir Putin")]),
        ("Putin told Xi that “ties are at their best ever.”", [("ties are at their best ever.", "Vladimir Putin")]),
        ("An official told Reuter: “ties are at their best ever.”", [("ties are at their best ever.", None)]),
        ("According to Xinhua, “ties are at their best ever.”", [("ties are at their best ever.", "Xinhua")]),
        (
            "Xi was quoted by Xinhua as saying, “ties are at their best ever.”",
            [("ties are at their best ever.", "Xi Jinping")],
        ),
        ("He said: “ties are at their best ever.”", [("ties are at their best ever.", None)]),
        (
            "Putin said “ties are good. They will grow. We agree.”",
            [("ties are good. They will grow. We agree.", "Vladimir Putin")],
        ),
        (
            "Putin said “ties are good for us,” adding “and they will grow further.”",
            [("ties are good for us", "Vladimir Putin"), ("and they will grow further.", "Vladimir Putin")],
        ),
        ("Putin praised “model” ties.", []),
        (
            'Putin said "the talks went well.\n\n"We will meet again soon," he added.',
            [("the talks went well.", "Vladimir Putin"), ("We will meet again soon", "Vladimir Putin")],
        ),
        ("Xi met officials. “The ties are strong,” Putin said later.", [("The ties are strong", "Vladimir Putin")]),
    ],
    ids=[
        "curly-tail",
        "inverted-tail",
        "straight-quotes",
        "told-subject",
        "told-listener-not-speaker",
        "according-to",
        "was-quoted-as",
        "pronoun-unresolved",
        "spans-sentences",
        "continued-in-sentence",
        "scare-quote",
        "paragraph-continuation",
        "cue-after-not-before",
    ],
)
def test_quote_attribution(small, text, expected):
    found = quotes_of(text, small)
    assert [(t, s if pd.notna(s) else None) for t, s in zip(found["text"], found["speaker"])] == expected


def test_min_words_keeps_short_quotes_when_asked(small):
    found = quotes_of("Putin praised “model” ties.", small, min_words=1)
    assert found["text"].tolist() == ["model"]


def test_quote_sentence_is_where_it_opens(small):
    found = quotes_of("Xi arrived. Then Putin said “ties are good. They will grow.”", small)
    assert found["sentence"].tolist() == [1]


def test_share_of_voice():
    mentions = pd.DataFrame(
        {"article_id": ["a", "a", "b", "b"], "actor": ["Putin", "Xi", "Putin", "Xi"], "type": ["person"] * 4}
    )
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "b"],
            "speaker": ["Putin", "Putin", "Xi", None],
            "speaker_type": ["person", "person", "person", None],
        }
    )
    table = share_of_voice(quotes, mentions).set_index("actor")
    assert table.loc["Putin", ["mentions", "quotes", "articles_quoted"]].tolist() == [2, 2, 1]
    assert table.loc["Putin", "share_of_voice"] == pytest.approx(1.0)
    assert table.loc["Xi", "pct_of_quotes"] == pytest.approx(100 / 3)


def test_empty_input_gives_empty_tables(small):
    found = quotes_of("No quotes here.", small)
    assert found.empty and list(found.columns) == QUOTE_COLUMNS
    assert share_of_voice(
        found, find_mentions(pd.DataFrame({"article_id": ["a"], "title": [""], "text": ["x"]}), small)
    ).empty


# --- issue 14, item 3: one test per bullet ---------------------------------------------------------


def test_any_named_person_or_organisation_can_speak(small):
    text = (
        "“Prices will fall soon,” said Dmitry Lukashov, an analyst at Aton. "
        "Clara Furse said: “We are delighted with the listing.” "
        "“We will appeal the ruling,” a Xinhua spokesman said."
    )
    found = quotes_of(text, small)
    assert found["speaker"].tolist() == ["Dmitry Lukashov", "Clara Furse", "Xinhua"]
    assert found["actor"].isna().tolist() == [True, True, False]
    assert found["speaker_type"].tolist() == ["person", "person", "organisation"]


def test_pronouns_and_role_nouns_resolve_to_the_nearest_compatible_person(small):
    text = (
        "Hilary Swank won the award. The prize was presented by Clint Eastwood. “I am so happy to be here,” she said. "
        "Gordon Brown arrived later. “The economy is strong and growing,” the chancellor told reporters."
    )
    assert speakers_of(text, small) == [
        ("I am so happy to be here", "Hilary Swank", "pronoun"),
        ("The economy is strong and growing", "Gordon Brown", "role noun"),
    ]


def test_he_or_she_prefers_a_name_known_to_be_a_person(small):
    text = (
        "Stan Lee sued Marvel. As well as Spider-Man, Lee co-created the Hulk. “I am gratified,” he said. "
        "JF Sullivan, spokesman for software firm Sendmail said mail mattered. “It is key,” he said."
    )
    assert [speaker for _, speaker, _ in speakers_of(text, small)] == ["Stan Lee", "JF Sullivan"]


def test_a_role_noun_equated_with_a_name_is_that_person(small):
    text = "The musical's British director is Matthew Warchus. “It will be a hybrid of text and music,” he said."
    assert speakers_of(text, small) == [("It will be a hybrid of text and music", "Matthew Warchus", "pronoun")]


def test_unnamed_speakers_give_no_speaker(small):
    assert speakers_of("“It is a good investment bet,” one Bombay trader said.", small) == [
        ("It is a good investment bet", None, None)
    ]


def test_demonyms_and_nouns_in_descriptions_are_never_speakers(small):
    # "Chinese" is an alias of China, but only describes the actor; "Barclays'" describes the chief
    text = (
        "Jackie Chan arrived in London. “I love this city very much,” the Chinese actor said. "
        "Barclays' chief John Varley said the bank had “caught the winds of growth”."
    )
    assert speakers_of(text, small) == [
        ("I love this city very much", "Jackie Chan", "role noun"),
        ("caught the winds of growth", "John Varley", "name"),
    ]


def test_the_subject_of_the_speech_verb_speaks_not_its_object(small):
    text = (
        "Putin told Xi: “Relations are at their best ever.” "
        "Xi said that working with Putin was “one of the greatest experiences of my life”."
    )
    assert [s for _, s, _ in speakers_of(text, small)] == ["Vladimir Putin", "Xi Jinping"]


def test_a_cue_comes_from_the_next_sentence_only_when_it_quotes_nothing(small):
    alone = speakers_of("“Growth will be slower next year.” Mark Carney said the bank would wait.", small)
    assert alone == [("Growth will be slower next year.", "Mark Carney", "name")]
    taken = speakers_of(
        "Putin arrived. “Growth will be slower next year.” Mark Carney said: “Rates will stay on hold.”", small
    )
    assert [s for _, s, _ in taken] == [None, "Mark Carney"]


def test_quote_marks_pair_across_paragraphs_and_lost_breaks(small):
    # newswire: a paragraph left open continues in the next one opening with a mark; a mark that opens
    # inside an open quote (a lost paragraph break) starts its continuation; nothing between two quotes
    # is taken for a quote
    text = (
        'Putin said: "We agree on much. "Talks will go on next week.\n\n'
        '"We meet again in spring," he added. Xi said it was "a very good meeting" for both sides.'
    )
    assert speakers_of(text, small) == [
        ("We agree on much.", "Vladimir Putin", "name"),
        ("Talks will go on next week.", "Vladimir Putin", "continued"),
        ("We meet again in spring", "Vladimir Putin", "pronoun"),
        ("a very good meeting", "Xi Jinping", "name"),
    ]


@pytest.mark.parametrize("verb", ["stressed", "confirmed", "denied", "warned", "insisted", "added"])
def test_speech_verbs_are_data(small, verb):
    assert verb in lexicon().verbs
    assert speakers_of(f"“We will not sign the deal today,” Putin {verb}.", small) == [
        ("We will not sign the deal today", "Vladimir Putin", "name")
    ]


def test_role_nouns_are_data():
    words = lexicon()
    assert {"minister", "spokesman", "actor", "chancellor"} <= words.person_roles
    assert {"company", "ministry", "magazine"} <= words.organisation_roles


def test_each_quote_records_how_its_speaker_was_found(small):
    text = (
        "Xi met reporters. “Ties are strong,” he said. “They will grow.” "
        "According to Xinhua, “talks went well today.” “We agree on trade,” Putin said."
    )
    found = quotes_of(text, small)
    assert found["how"].tolist() == ["pronoun", "continued", "according to", "name"]
    assert set(found["how"]) <= {"name", "pronoun", "role noun", "according to", "continued"}


@given(st.text(alphabet='ab “”"\n.,', max_size=60))
def test_quote_spans_never_hold_a_mark_and_never_overlap(text):
    spans = quote_spans(text)
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert not any(mark in text[span.start : span.end] for mark in '“”"')
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_share_of_voice_counts_dictionary_actors_only():
    mentions = pd.DataFrame({"article_id": ["a", "a"], "actor": ["Putin", "Xi"], "type": ["person"] * 2})
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "a"],
            "speaker": ["Putin", "Dmitry Lukashov", "Putin"],
            "speaker_type": ["person"] * 3,
            "actor": ["Putin", None, "Putin"],
        }
    )
    table = share_of_voice(quotes, mentions).set_index("actor")
    assert table.index.tolist() == ["Putin", "Xi"]
    assert table.loc["Putin", "pct_of_quotes"] == pytest.approx(100.0)


# --- the hand-labelled BBC sample (tests/fixtures/labelled, MIT-licensed excerpts) -----------------


@pytest.fixture(scope="module")
def labelled_found() -> pd.DataFrame:
    articles = pd.read_csv(LABELLED / "quotes_bbc_articles.csv", keep_default_na=False).assign(date=pd.NaT)
    return find_quotes(articles, find_mentions(articles, load_actors(), progress=False))


@pytest.fixture(scope="module", params=["quotes_bbc.csv", "quotes_bbc_heldout2.csv"])
def labelled_scores(request, labelled_found) -> pd.DataFrame:
    """The development sample (rules tuned on it) and the second held-out sample (labelled blind;
    its first run is in docs/actors.md), each held to the issue's targets."""
    labels = pd.read_csv(LABELLED / request.param, keep_default_na=False)
    return summarise_scores(score_speakers(labelled_found, labels, load_actors())).set_index("how")


def test_labelled_sample_is_large_enough():
    labels = pd.read_csv(LABELLED / "quotes_bbc.csv", keep_default_na=False)
    assert labels["speaker"].ne("not a quote").sum() >= 200
    assert labels["speaker"].str.len().gt(0).all()


def test_attribution_meets_its_targets_on_the_labelled_sample(labelled_scores):
    overall = labelled_scores.loc["all"]
    assert overall["precision"] >= 0.85
    assert overall["coverage"] >= 0.70
