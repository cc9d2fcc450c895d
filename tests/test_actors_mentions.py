"""Tests for newsframe.actors.mentions: finding actor mentions in the seed article and by rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from actors_fixtures import articles_of, small_aliases
from newsframe import schemas
from newsframe.actors import MENTION_COLUMNS, find_mentions
from newsframe.load import load_articles
from newsframe.text import split_sentences

SEED = Path(__file__).parent / "fixtures" / "corpus" / "000_83ee76fa5dfcaf86.txt"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> pd.DataFrame:
    return small_aliases(tmp_path_factory.mktemp("actors"))


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return load_articles(SEED)


@pytest.fixture(scope="module")
def seed_mentions(seed) -> pd.DataFrame:
    return find_mentions(seed)


# --- the seed article ---------------------------------------------------------------------


def test_seed_mentions_cover_the_expected_actors(seed_mentions):
    expected = {
        "Vladimir Putin",
        "Xi Jinping",
        "Joe Biden",
        "Russia",
        "China",
        "United States",
        "United Kingdom",
        "Canada",
        "Australia",
        "G7",
        "Xinhua",
    }
    assert expected <= set(seed_mentions["actor"])
    assert list(seed_mentions.columns) == MENTION_COLUMNS


def test_seed_xi_never_inside_xinjiang(seed, seed_mentions):
    body = seed.loc[0, "text"]
    xinjiang = [i for i in range(len(body)) if body.startswith("Xinjiang", i)]
    assert len(xinjiang) == 2
    hits = seed_mentions.query("part == 'body'")
    assert not any(((hits["start"] <= i) & (hits["end"] > i)).any() for i in xinjiang)


def test_seed_mentions_point_at_their_alias_and_sentence(seed, seed_mentions):
    sentences = split_sentences(seed).set_index(["article_id", "sentence"])
    for row in seed_mentions.itertuples():
        source = seed.loc[0, "title" if row.part == "title" else "text"]
        assert source[row.start : row.end] == row.alias
        sentence = sentences.loc[(row.article_id, row.sentence)]
        assert sentence["part"] == row.part and sentence["start"] <= row.start < sentence["end"]


def test_seed_role_before_name_counts_the_person_once(seed_mentions):
    # "Russian President Vladimir Putin": one Putin mention, no Russia, no separate role mention
    last = seed_mentions[seed_mentions["sentence"] == seed_mentions["sentence"].max()]
    assert last["actor"].tolist() == ["Vladimir Putin"]
    assert last["alias"].tolist() == ["Vladimir Putin"]


# --- matching rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia’s plan", [("Russia", "Russia")]),
        ("Russia's plan", [("Russia", "Russia")]),
        ("the Russia-China ties", [("Russia", "Russia"), ("China", "China")]),
        ("Xi visited Xinjiang", [("Xi Jinping", "Xi")]),
        ("Xinjiang and Xiamen", []),
        ("the US said", [("United States", "US")]),
        ("tell us more", []),
        ("the U.S. said", [("United States", "U.S.")]),
        ("U.S.-led talks", [("United States", "U.S.")]),
        ("a Russian diplomat", [("Russia", "Russian")]),
        ("Nato and NATO and nato", [("NATO", "Nato"), ("NATO", "NATO"), ("NATO", "nato")]),
        ("paid with American Express", []),
        ("Xi\nJinping spoke", [("Xi Jinping", "Xi\nJinping")]),
        ("(China)", [("China", "China")]),
        ("Chinas", []),
        ("the US President American Express card", [("Joe Biden", "US President")]),
    ],
    ids=[
        "curly-possessive",
        "straight-possessive",
        "hyphen-compound",
        "xi-not-xinjiang",
        "prefix-only",
        "US-capitals",
        "us-pronoun",
        "U.S.-dotted",
        "U.S.-hyphen",
        "demonym",
        "case-ignore-alias",
        "exclusion",
        "newline-inside-alias",
        "brackets",
        "no-suffix-match",
        "role-before-exclusion",
    ],
)
def test_matching_rules(small, text, expected):
    found = find_mentions(articles_of(text), small)
    assert list(zip(found["actor"], found["alias"], strict=True)) == expected


def test_capital_titles_match_capital_aliases(small):
    found = find_mentions(articles_of("Body.", title="RUSSIA AND CHINA TALK"), small)
    assert found.query("part == 'title'")["actor"].tolist() == ["Russia", "China"]


def test_lower_case_title_does_not_match_exact_aliases(small):
    found = find_mentions(articles_of("Body.", title="russia and china talk"), small)
    assert found.empty


@pytest.mark.parametrize(
    "date, actor, kind_type",
    [
        ("2021-12-15", "Joe Biden", "person"),
        ("1987-03-01", "Ronald Reagan", "person"),
        ("1995-06-01", "US President", "role"),
        (None, "US President", "role"),
    ],
    ids=["2021-biden", "1987-reagan", "no-holder-known", "undated-article"],
)
def test_roles_resolve_by_article_date(small, date, actor, kind_type):
    found = find_mentions(articles_of("The US President spoke.", date=date), small)
    assert found[["actor", "type", "alias", "kind"]].values.tolist() == [[actor, kind_type, "US President", "role"]]


def test_default_dictionary_resolves_roles(seed):
    arts = articles_of("The Russian President and the U.S. President met.", date="1987-05-01")
    assert find_mentions(arts)["actor"].tolist() == ["Russian President", "Ronald Reagan"]
    arts = articles_of("The Russian President and the U.S. President met.", date="2021-12-15")
    assert find_mentions(arts)["actor"].tolist() == ["Vladimir Putin", "Joe Biden"]


def test_role_before_a_different_name_is_left_to_the_name(small):
    found = find_mentions(articles_of("US President Ronald Reagan spoke."), small)
    assert found["actor"].tolist() == ["Ronald Reagan"]


def test_metonyms_are_opt_in(small):
    arts = articles_of("The Kremlin and the White House disagreed.")
    assert find_mentions(arts, small).empty
    found = find_mentions(arts, small, metonyms=True)
    assert found[["actor", "kind"]].values.tolist() == [["Russia", "metonym"], ["United States", "metonym"]]


def test_dated_metonyms_in_default_dictionary():
    text = "Moscow said no."
    assert find_mentions(articles_of(text, date="1987-01-01"), metonyms=True)["actor"].tolist() == ["Soviet Union"]
    assert find_mentions(articles_of(text, date="2021-01-01"), metonyms=True)["actor"].tolist() == ["Russia"]


def test_empty_articles_give_an_empty_mentions_table(small):
    found = find_mentions(articles_of("")[:0], small)
    assert found.empty and list(found.columns) == MENTION_COLUMNS


@pytest.mark.parametrize("texts", [(), ("Nobody here.",)], ids=["no-articles", "no-mention"])
def test_no_mention_gives_the_typed_mentions_table(small, texts):
    found = find_mentions(articles_of(*texts), small)
    assert found.empty
    assert found.dtypes.astype(str).to_dict() == schemas.dtypes("mentions")
