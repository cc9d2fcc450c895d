"""Tests for newsframe.actors: dictionary, mentions, counts, co-occurrence, sentiment, discovery."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from newsframe.actors import (  # noqa: E402
    ActorDictionaryError, MENTION_COLUMNS, actor_sentences, actor_sentiment, cooccurrence, count_mentions,
    discover_names, draw_network, find_mentions, load_actors,
)
from newsframe.errors import ConfigError  # noqa: E402
from newsframe.load import load_articles  # noqa: E402
from newsframe.text import split_sentences  # noqa: E402

SEED = Path(__file__).parent / "fixtures" / "corpus" / "000_83ee76fa5dfcaf86.txt"

SMALL = """
roles:
  US President: [US President, U.S. President]
actors:
  - {name: United States, type: country, aliases: [US, U.S., American], metonyms: [White House]}
  - {name: Russia, type: country, aliases: [Russian], metonyms: [Kremlin]}
  - {name: China, type: country, aliases: [Chinese]}
  - {name: Xi Jinping, type: person, aliases: [Xi]}
  - {name: NATO, type: organisation, aliases: [{alias: nato, case: ignore}]}
  - name: Ronald Reagan
    type: person
    aliases: [Reagan]
    roles: [{role: US President, since: 1981-01-20, until: 1989-01-20}]
  - name: Joe Biden
    type: person
    aliases: [Biden]
    roles: [{role: US President, since: 2021-01-20, until: 2025-01-20}]
exclusions: [American Express]
"""


def articles_of(*texts: str, title: str = "", date: str | None = "2021-12-15") -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({
        "article_id": [f"a{i}" for i in range(n)], "date": pd.to_datetime([date] * n),
        "title": [title] * n, "text": list(texts),
    })


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("actors") / "small.yml"
    path.write_text(SMALL, encoding="utf-8")
    return load_actors(path)


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return load_articles(SEED)


@pytest.fixture(scope="module")
def seed_mentions(seed) -> pd.DataFrame:
    return find_mentions(seed)


def write(tmp_path: Path, text: str, name: str = "actors.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- the seed article ---------------------------------------------------------------------


def test_seed_mentions_cover_the_expected_actors(seed_mentions):
    expected = {"Vladimir Putin", "Xi Jinping", "Joe Biden", "Russia", "China", "United States",
                "United Kingdom", "Canada", "Australia", "G7", "Xinhua"}
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
        assert source[row.start:row.end] == row.alias
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
    ids=["curly-possessive", "straight-possessive", "hyphen-compound", "xi-not-xinjiang", "prefix-only",
         "US-capitals", "us-pronoun", "U.S.-dotted", "U.S.-hyphen", "demonym", "case-ignore-alias", "exclusion",
         "newline-inside-alias", "brackets", "no-suffix-match", "role-before-exclusion"],
)
def test_matching_rules(small, text, expected):
    found = find_mentions(articles_of(text), small)
    assert list(zip(found["actor"], found["alias"])) == expected


def test_capital_titles_match_capital_aliases(small):
    found = find_mentions(articles_of("Body.", title="RUSSIA AND CHINA TALK"), small)
    assert found.query("part == 'title'")["actor"].tolist() == ["Russia", "China"]


def test_lower_case_title_does_not_match_exact_aliases(small):
    found = find_mentions(articles_of("Body.", title="russia and china talk"), small)
    assert found.empty


@pytest.mark.parametrize(
    "date, actor, kind_type",
    [("2021-12-15", "Joe Biden", "person"), ("1987-03-01", "Ronald Reagan", "person"),
     ("1995-06-01", "US President", "role"), (None, "US President", "role")],
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


# --- the dictionary file ------------------------------------------------------------------


def test_default_dictionary_covers_states_organisations_and_leaders():
    actors = set(load_actors()["actor"].dropna())
    for name in ["United States", "Russia", "China", "United Kingdom", "France", "Japan", "West Germany",
                 "United Nations", "NATO", "European Union", "G7", "G20", "IOC", "WHO", "IMF", "World Bank",
                 "OPEC", "GATT", "WTO", "Ronald Reagan", "Yasuhiro Nakasone", "Margaret Thatcher", "Helmut Kohl",
                 "James Baker", "Paul Volcker", "Gerhard Stoltenberg"]:
        assert name in actors, name


def test_user_file_extends_overrides_and_drops(tmp_path, small):
    base = write(tmp_path, SMALL, "base.yml")
    user = write(tmp_path, """
        drop: [NATO]
        actors:
          - {name: China, type: country, aliases: [PRC]}
          - {name: Xinhua, type: organisation, country: China}
        """, "user.yml")
    table = load_actors(base, extend=user)
    assert "NATO" not in set(table["actor"])
    assert set(table.query("actor == 'China'")["alias"]) == {"China", "PRC"}
    assert "Xinhua" in set(table["actor"])


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("actors: [{name: X}]", "actors[0] (X): type must be one of"),
        ("actors: [{type: person}]", "actors[0]: missing `name`"),
        ("actors: [{name: X, type: person, aliases: [1]}]", "an alias must be a non-empty string"),
        ("actors: [{name: X, type: person, colour: red}]", "unknown keys ['colour']"),
        ("actors: [{name: X, type: person, roles: [{role: Boss}]}]", "unknown role 'Boss'"),
        ("roles: {Boss: [Boss]}\nactors: [{name: X, type: person, roles: [{role: Boss, since: soon}]}]",
         "cannot read 'soon' as a date"),
        ("roles: {Boss: [Boss]}\nactors: [{name: X, type: person, roles: [{role: Boss, since: 2020-13-01}]}]",
         "month must be in 1..12"),
        ("roles: {Boss: [Boss]}\nactors: [{name: X, type: person, roles: [{role: Boss, since: 2020-01-01, "
         "until: 2019-01-01}]}]", "ends (2019-01-01) before it starts"),
        ("actors: [{name: X, type: person, aliases: [Ex]}, {name: Y, type: person, aliases: [Ex]}]",
         "alias 'Ex' belongs to several actors"),
        ("roles: {Boss: [Boss]}\nactors:\n  - {name: X, type: person, roles: [{role: Boss, since: 2000-01-01}]}\n"
         "  - {name: Y, type: person, roles: [{role: Boss, since: 2010-01-01}]}", "on overlapping dates"),
        ("actors: [{name: X, type: person, aliases: [{alias: Ex, case: loud}]}]", "an alias is a string or"),
        ("actors: [oops", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ("people: []", "unknown top-level keys"),
        ("drop: [X]", "`drop` only makes sense"),
    ],
    ids=["no-type", "no-name", "bad-alias", "unknown-key", "unknown-role", "bad-date", "impossible-date", "backwards-dates",
         "shared-alias", "overlapping-role", "bad-case", "bad-yaml", "not-a-mapping", "unknown-top-level",
         "drop-in-base"],
)
def test_invalid_dictionary_names_file_and_entry(tmp_path, content, fragment):
    path = write(tmp_path, content)
    with pytest.raises(ActorDictionaryError) as error:
        load_actors(path)
    assert str(path) in str(error.value) and fragment in str(error.value)
    assert isinstance(error.value, ConfigError)


def test_yaml_is_loaded_safely(tmp_path):
    path = write(tmp_path, "actors: !!python/object/apply:os.system ['echo pwned']")
    with pytest.raises(ActorDictionaryError, match="not valid YAML"):
        load_actors(path)


def test_role_holders_on_disjoint_dates_may_share_titles(small):
    titles = small.query("alias == 'US President' and type == 'person'")
    assert sorted(titles["actor"]) == ["Joe Biden", "Ronald Reagan"]


# --- counts, co-occurrence, sentiment -----------------------------------------------------

MENTIONS = pd.DataFrame({
    "article_id": ["a", "a", "a", "a", "b", "b", "c"],
    "sentence": [1, 1, 2, 2, 1, 1, 1],
    "actor": ["Russia", "China", "Russia", "China", "Russia", "Xi Jinping", "China"],
    "type": ["country", "country", "country", "country", "country", "person", "country"],
})
ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c", "d"],
                         "date": pd.to_datetime(["2021-01-05", "2021-01-20", "2021-02-02", None])})


def test_count_mentions_overall():
    counts = count_mentions(MENTIONS, ARTICLES).set_index("actor")
    assert counts.loc["Russia", ["mentions", "articles"]].tolist() == [3, 2]
    assert counts.loc["Russia", "pct_articles"] == pytest.approx(50.0)


def test_count_mentions_by_period_uses_articles_of_that_period():
    counts = count_mentions(MENTIONS, ARTICLES, period="month")
    china = counts.query("actor == 'China'").set_index("period")
    assert china.loc[pd.Timestamp("2021-01-01"), "pct_articles"] == pytest.approx(50.0)
    assert china.loc[pd.Timestamp("2021-02-01"), "pct_articles"] == pytest.approx(100.0)
    assert len(counts) == counts["actor"].nunique() * 2  # every actor in every month, zeros included


def test_count_mentions_rejects_bad_period():
    with pytest.raises(ConfigError, match="'day', 'week', 'month'"):
        count_mentions(MENTIONS, ARTICLES, period="fortnight")


@pytest.mark.parametrize(
    "level, expected",
    [("sentence", [["China", "Russia", 2, 1], ["Russia", "Xi Jinping", 1, 1]]),
     ("article", [["China", "Russia", 1, 1], ["Russia", "Xi Jinping", 1, 1]])],
    ids=["sentence", "article"],
)
def test_cooccurrence_levels(level, expected):
    assert cooccurrence(MENTIONS, level=level).values.tolist() == expected


def test_cooccurrence_min_weight_and_bad_level():
    assert cooccurrence(MENTIONS, min_weight=2)[["source", "target"]].values.tolist() == [["China", "Russia"]]
    with pytest.raises(ConfigError, match="'sentence', 'article'"):
        cooccurrence(MENTIONS, level="paragraph")


def test_draw_network_filters_by_weight():
    edges = cooccurrence(MENTIONS)
    fig, ax = plt.subplots()
    assert sorted(draw_network(edges, ax=ax, min_weight=2).nodes) == ["China", "Russia"]
    assert draw_network(edges, ax=ax, min_weight=5).number_of_nodes() == 0
    assert sorted(draw_network(edges, ax=ax, max_nodes=2).nodes) == ["China", "Russia"]
    plt.close(fig)


SCORED = pd.DataFrame({
    "article_id": ["a", "a", "b", "c"], "sentence": [1, 2, 1, 1],
    "text": ["one", "two", "three", "four"], "polarity": [0.5, -0.1, 0.2, 0.0],
})


def test_actor_sentences_join_on_article_and_sentence():
    evidence = actor_sentences(MENTIONS, SCORED)
    russia = evidence.query("actor == 'Russia'")
    assert russia[["article_id", "sentence", "text", "polarity"]].values.tolist() == [
        ["a", 1, "one", 0.5], ["a", 2, "two", -0.1], ["b", 1, "three", 0.2]]


def test_actor_sentiment_mean_and_interval():
    summary = actor_sentiment(actor_sentences(MENTIONS, SCORED)).set_index("actor")
    russia = summary.loc["Russia"]
    assert russia["sentences"] == 3 and russia["mean"] == pytest.approx(0.2)
    assert russia["ci_low"] < 0.2 < russia["ci_high"]
    assert pd.isna(summary.loc["Xi Jinping", "ci_low"])  # one sentence: no interval


def test_actor_sentiment_by_period_and_errors():
    evidence = actor_sentences(MENTIONS, SCORED)
    by_month = actor_sentiment(evidence, articles=ARTICLES, period="month")
    assert set(by_month.query("actor == 'China'")["period"].astype(str)) == {"2021-01-01", "2021-02-01"}
    with pytest.raises(ConfigError, match="polarity"):
        actor_sentiment(evidence, score="happiness")
    with pytest.raises(ConfigError, match="articles"):
        actor_sentiment(evidence, period="month")


# --- discovery ----------------------------------------------------------------------------


def test_discovery_finds_uncovered_names_only(small):
    arts = articles_of("Bundesbank chief Poehl met Xi. The talks began.",
                       "Poehl said the Bundesbank and China agree. The end.",
                       "In Bonn, Poehl spoke.")
    found = discover_names(arts, small)
    assert found["name"].tolist() == ["Poehl", "Bundesbank"]
    assert found.loc[0, ["mentions", "articles"]].tolist() == [3, 3]


def test_discovery_drops_sentence_openers_written_in_lower_case_elsewhere(small):
    arts = articles_of("Markets fell. Poehl spoke.", "The markets rose. Poehl spoke.")
    assert discover_names(arts, small)["name"].tolist() == ["Poehl"]


def test_discovery_drops_words_that_mostly_open_sentences(small):
    # "However" is never written in lower case here, but always opens a sentence;
    # "Poehl" opens one of its three sentences and stays
    arts = articles_of("However, rates fell. Poehl spoke. “We agree.” However, Poehl left.",
                       "Markets rose: However it ended. Then Poehl smiled.")
    assert discover_names(arts, small)["name"].tolist() == ["Poehl"]


def test_discovery_cuts_honorifics_and_drops_them_alone(small):
    arts = articles_of("Talks with Mr Poehl went on. Mr said nothing.", "He met Mr. Poehl. Sen Poehl agreed.")
    found = discover_names(arts, small)
    assert found["name"].tolist() == ["Poehl"]
    assert found.loc[0, "mentions"] == 3


def test_discovery_uses_an_optional_ner_pipeline(small):
    class FakeNLP:
        def pipe(self, texts):
            for text in texts:
                start = text.find("Deutsche Bundesbank")
                ents = [SimpleNamespace(text="Deutsche Bundesbank", start_char=start, end_char=start + 19,
                                        label_="ORG")] if start >= 0 else []
                yield SimpleNamespace(ents=ents)

    arts = articles_of("The Deutsche Bundesbank acted.", "Deutsche Bundesbank again.")
    assert discover_names(arts, small, nlp=FakeNLP())["name"].tolist() == ["Deutsche Bundesbank"]
