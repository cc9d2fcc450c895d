"""Tests for newsframe.quotes: quotations, speaker attribution and share of voice."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from newsframe.actors import find_mentions, load_actors
from newsframe.load import load_articles
from newsframe.quotes import QUOTE_COLUMNS, find_quotes, share_of_voice

SEED = Path(__file__).parent / "fixtures" / "corpus" / "000_83ee76fa5dfcaf86.txt"
SMALL = """
actors:
  - {name: Vladimir Putin, type: person, aliases: [Putin]}
  - {name: Xi Jinping, type: person, aliases: [Xi]}
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
