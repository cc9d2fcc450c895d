"""Tests for newsframe.actors.mentions: finding actor mentions in the seed article and by rule."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from actors_fixtures import articles_of, small_aliases
from newsframe import schemas
from newsframe.actors import MENTION_COLUMNS, find_mentions, load_actors
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


# --- disambiguation the way news is written (issue #14) --------------------------------------


@pytest.fixture(scope="module")
def default() -> pd.DataFrame:
    return load_actors()


def actors_in(default, text, *, title="", date=None, metonyms=False):
    found = find_mentions(articles_of(text, title=title, date=date), default, metonyms=metonyms)
    return list(zip(found["actor"], found["alias"], strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr Brown said taxes would rise.", []),
        (
            "Chancellor Gordon Brown spoke. Later Mr Brown said taxes would rise.",
            [("Gordon Brown", "Gordon Brown"), ("Gordon Brown", "Brown")],
        ),
        ("Mr Brown said so. Gordon Brown agreed.", [("Gordon Brown", "Gordon Brown")]),
        ("Cameron said the film was done.", []),
        ("David Cameron spoke. Cameron said no.", [("David Cameron", "David Cameron"), ("David Cameron", "Cameron")]),
        ("Putin said no.", [("Vladimir Putin", "Putin")]),
        ("Ms Merkel met President Putin.", [("Angela Merkel", "Merkel"), ("Vladimir Putin", "Putin")]),
    ],
    ids=[
        "surname-alone",
        "surname-after-full-name",
        "only-after-not-before",
        "ambiguous-surname-alone",
        "ambiguous-after-full-name",
        "unique-surname",
        "honorifics-of-unique-surnames",
    ],
)
def test_surnames_count_after_the_full_name_or_when_unique(default, text, expected):
    assert actors_in(default, text) == expected


def test_a_headline_surname_is_read_with_its_article(default):
    found = find_mentions(articles_of("Chancellor Gordon Brown said so.", title="Brown defends budget"), default)
    assert found[["part", "actor", "alias"]].values.tolist() == [
        ["title", "Gordon Brown", "Brown"],
        ["body", "Gordon Brown", "Gordon Brown"],
    ]


@pytest.mark.parametrize(
    "text, date, expected",
    [
        ("President Bush spoke.", "2004-06-01", [("George W. Bush", "Bush")]),
        ("President Bush spoke.", "1990-06-01", [("George H. W. Bush", "Bush")]),
        ("President Bush spoke.", None, [("George W. Bush", "Bush")]),  # undated: read as recent
        (
            "George Bush spoke. Bush left.",
            "2004-06-01",
            [("George W. Bush", "George Bush"), ("George W. Bush", "Bush")],
        ),
        ("George Bush spoke.", "1987-06-01", [("George H. W. Bush", "George Bush")]),
        ("Treasury Secretary Baker said no.", "1987-03-01", [("James Baker", "Baker")]),
        ("Howard Baker said no. Baker left.", "1987-03-01", [("Howard Baker", "Howard Baker")]),
    ],
    ids=["2004-w", "1990-father", "undated", "dated-full-name", "1987-father", "role-then-surname", "other-baker"],
)
def test_titles_pick_the_person_by_the_article_date(default, text, date, expected):
    assert actors_in(default, text, date=date) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Liberal Democrats and the Democrats.", []),
        ("The African National Congress met.", []),
        ("As Chinese Xinhua reported.", [("China", "Chinese"), ("Xinhua", "Xinhua")]),
        ("Cameron Diaz starred.", []),
        ("Peace in Northern Ireland.", []),
        ("It flew Japan Airlines to Shell Canada.", []),
        ("The UK Independence Party and the Muslim Council of Britain.", []),
        ("Big US firms and General Motors of the US.", [("United States", "US"), ("United States", "US")]),
        ("Cash-strapped US airlines.", [("United States", "US")]),
        ("The deal with <Mitsui and Co USA Inc> was signed.", []),
        ("Officials in Mexico City said so.", []),
    ],
    ids=[
        "liberal-democrats",
        "anc",
        "neighbouring-aliases",
        "other-first-name",
        "northern-ireland",
        "companies",
        "party-and-council",
        "sentence-initial-adjective",
        "hyphenated-adjective",
        "reuters-company-brackets",
        "metonym-blocks-when-off",
    ],
)
def test_longer_names_win(default, text, expected):
    assert actors_in(default, text, date="2005-01-01") == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("AMERICAN EXPRESS RAISES DIVIDEND", []),
        ("AMERICAN REALTY <ARB> RIGHTS OVERSUBSCRIBED", []),
        ("EQUIPMENT CO OF AMERICA <ECOA> 4TH QTR NET", []),
        ("JAPAN AIRLINES ORDERS JETS", []),
        ("JAPAN CUTS RATES, U.S. WATCHES", [("Japan", "JAPAN"), ("United States", "U.S.")]),
    ],
    ids=["exclusion", "ticker", "ticker-after-of", "company-word", "countries"],
)
def test_capitals_headlines_do_not_turn_companies_into_countries(default, title, expected):
    assert actors_in(default, "", title=title, date="1987-04-01") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Members of Congress disagreed.", []),
        ("The U.S. budget went to Congress.", [("United States", "U.S."), ("US Congress", "Congress")]),
        ("Reagan asked Congress for money.", [("Ronald Reagan", "Reagan"), ("US Congress", "Congress")]),
    ],
    ids=["no-context", "its-country-before", "an-actor-of-its-country-before"],
)
def test_ambiguous_organisations_count_in_their_country_context(default, text, expected):
    assert actors_in(default, text, date="1987-04-01") == expected


# --- the hand-labelled sample (tests/fixtures/labelled/mentions.csv) ---------------------------

LABELS = Path(__file__).parent / "fixtures" / "labelled" / "mentions.csv"


@pytest.fixture(scope="module")
def labels() -> pd.DataFrame:
    return pd.read_csv(LABELS, dtype=str, keep_default_na=False)


def test_labelled_sample_is_well_formed(labels):
    assert labels.columns.tolist() == [
        "corpus", "source", "date", "part", "start", "end", "alias", "actor", "label", "context",
    ]  # fmt: skip
    assert len(labels) >= 300
    assert set(labels["corpus"]) == {"bbc", "reuters"} and set(labels["label"]) == {"right", "wrong"}
    assert set(labels["part"]) <= {"title", "body"}
    assert not labels.duplicated(["corpus", "source", "part", "start", "actor"]).any()
    ends = labels["start"].astype(int) + labels["alias"].str.len()
    assert ends.equals(labels["end"].astype(int))
    assert all(f"[[{alias}]]" in context for alias, context in zip(labels["alias"], labels["context"], strict=True))


def test_labelled_sample_precision_on_its_excerpts(default, labels):
    # each excerpt read as a short article: precision of what the code finds at the labelled spot
    before = [context.split(f"[[{alias}]]", 1)[0] for alias, context in zip(labels["alias"], labels["context"])]
    texts = [context.replace("[[", "", 1).replace("]]", "", 1) for context in labels["context"]]
    title = labels["part"].eq("title")
    articles = pd.DataFrame(
        {
            "article_id": [str(i) for i in range(len(labels))],
            "date": pd.to_datetime(labels["date"].replace("", None)),
            "title": [t if is_title else "" for t, is_title in zip(texts, title)],
            "text": [t if not is_title else "" for t, is_title in zip(texts, title)],
        }
    )
    found = find_mentions(articles, default)
    spots = set(zip(found["article_id"], found["start"], found["actor"]))
    hit = pd.Series([(str(i), len(b), a) in spots for i, (b, a) in enumerate(zip(before, labels["actor"]))])
    right, wrong = (hit & labels["label"].eq("right")).sum(), (hit & labels["label"].eq("wrong")).sum()
    assert right / (right + wrong) >= 0.97
    assert right >= 300


@settings(max_examples=500, deadline=None)
@given(st.text())
@example("Xi_Jinping’s İzmir ½ 3rd")
def test_normalised_text_keeps_word_characters_and_length(text):
    from newsframe.actors.mentions import _normalise

    lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    assert _normalise(text) == re.sub(r"[\W_]", " ", lowered)
    assert len(_normalise(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("The utility serves 4,000 customers in southwest Georgia and north Florida.", 0),
        ("The company asked the Georgia Public Service Commission to approve the rates in Georgia.", 0),
        ("Customers of Georgia Power in Cobb County will pay more, Georgia officials said.", 0),
        ("Floods in the Soviet republic of Georgia killed 100 people, the daily said.", 1),
        ("Georgia's economy is fragile, Mr Shevardnadze's successor said in Tbilisi.", 1),
        ("England meet Samoa, France, Italy and Georgia in the sevens.", 1),  # no US cue: the country
        ("Florida's champion beat Irakli Labadze of the Republic of Georgia in straight sets.", 1),
    ],
)
def test_georgia_is_the_country_unless_the_article_is_set_in_the_us(text, counted):
    """The US state shares the country's name: an article naming another state, a county or an
    institution of the state, and nothing of the Caucasus, means the state."""
    found = find_mentions(articles_of(text))
    assert int(found["actor"].eq("Georgia").sum()) == counted


def test_a_surname_resolved_by_its_title_places_the_organisations_after_it():
    """Undated, ``President Bush`` is the latest president of that name, and ``Congress`` then the
    US Congress: the country is known from him."""
    arts = articles_of("President Bush spoke to Congress.")
    arts["date"] = pd.NaT
    assert find_mentions(arts)["actor"].tolist() == ["George W. Bush", "US Congress"]
