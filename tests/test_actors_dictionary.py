"""Tests for newsframe.actors.dictionary: loading, extending and checking actor dictionaries."""

from __future__ import annotations

import tracemalloc

import pandas as pd
import pytest

from actors_fixtures import SMALL, small_aliases, write
from newsframe.actors import ActorDictionaryError, dictionary, load_actors
from newsframe.errors import ConfigError


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> pd.DataFrame:
    return small_aliases(tmp_path_factory.mktemp("actors"))


def test_default_dictionary_covers_states_organisations_and_leaders():
    actors = set(load_actors()["actor"].dropna())
    for name in [
        "United States",
        "Russia",
        "China",
        "United Kingdom",
        "France",
        "Japan",
        "West Germany",
        "United Nations",
        "NATO",
        "European Union",
        "G7",
        "G20",
        "IOC",
        "WHO",
        "IMF",
        "World Bank",
        "OPEC",
        "GATT",
        "WTO",
        "Ronald Reagan",
        "Yasuhiro Nakasone",
        "Margaret Thatcher",
        "Helmut Kohl",
        "James Baker",
        "Paul Volcker",
        "Gerhard Stoltenberg",
    ]:
        assert name in actors, name


def test_user_file_extends_overrides_and_drops(tmp_path, small):
    base = write(tmp_path, SMALL, "base.yml")
    user = write(
        tmp_path,
        """
        drop: [NATO]
        actors:
          - {name: China, type: country, aliases: [PRC]}
          - {name: Xinhua, type: organisation, country: China}
        """,
        "user.yml",
    )
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
        (
            "roles: {Boss: [Boss]}\nactors: [{name: X, type: person, roles: [{role: Boss, since: soon}]}]",
            "cannot read 'soon' as a date",
        ),
        (
            "roles: {Boss: [Boss]}\nactors: [{name: X, type: person, roles: [{role: Boss, since: 2020-13-01}]}]",
            "month must be in 1..12",
        ),
        (
            "roles: {Boss: [Boss]}\nactors: [{name: X, type: person, roles: [{role: Boss, since: 2020-01-01, "
            "until: 2019-01-01}]}]",
            "ends (2019-01-01) before it starts",
        ),
        (
            "actors: [{name: X, type: organisation, aliases: [Ex]}, {name: Y, type: organisation, aliases: [Ex]}]",
            "alias 'Ex' belongs to several actors",
        ),
        (
            "actors: [{name: X Y, type: person, aliases: [Ex]}, {name: Z, type: group, aliases: [Ex]}]",
            "alias 'Ex' belongs to several actors",
        ),
        ("actors: [{name: X, type: person, aliases: [{alias: Ex, unique: maybe}]}]", "`unique` (true or false)"),
        (
            "roles: {Boss: [Boss]}\nactors:\n  - {name: X, type: person, roles: [{role: Boss, since: 2000-01-01}]}\n"
            "  - {name: Y, type: person, roles: [{role: Boss, since: 2010-01-01}]}",
            "on overlapping dates",
        ),
        ("actors: [{name: X, type: person, aliases: [{alias: Ex, case: loud}]}]", "an alias is a string or"),
        ("actors: [oops", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ("people: []", "unknown top-level keys"),
        ("drop: [X]", "`drop` only makes sense"),
    ],
    ids=[
        "no-type",
        "no-name",
        "bad-alias",
        "unknown-key",
        "unknown-role",
        "bad-date",
        "impossible-date",
        "backwards-dates",
        "shared-alias",
        "shared-ambiguous-and-unique",
        "bad-unique",
        "overlapping-role",
        "bad-case",
        "bad-yaml",
        "not-a-mapping",
        "unknown-top-level",
        "drop-in-base",
    ],
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


# --- ambiguous aliases (issue #14) --------------------------------------------------------


def test_one_word_person_aliases_are_ambiguous_unless_marked_unique(tmp_path):
    path = write(
        tmp_path,
        """
        actors:
          - {name: Gordon Brown, type: person, aliases: [Brown, Mr Gordon Brown, {alias: Gordo, unique: true}]}
          - {name: Suharto, type: person}
          - {name: US Congress, type: organisation, aliases: [{alias: Congress, unique: false}, Hill]}
          - {name: Japan, type: country, aliases: [Japanese]}
        """,
    )
    kinds = dict(zip(load_actors(path)["alias"], load_actors(path)["kind"], strict=True))
    assert kinds == {
        "Gordon Brown": "name",
        "Brown": "ambiguous",
        "Mr Gordon Brown": "name",
        "Gordo": "name",
        "Suharto": "name",  # the name itself is always unique
        "US Congress": "name",
        "Congress": "ambiguous",
        "Hill": "name",
        "Japan": "name",
        "Japanese": "name",
    }


def test_actors_may_share_an_ambiguous_alias(tmp_path):
    path = write(
        tmp_path,
        """
        actors:
          - {name: George H. W. Bush, type: person, aliases: [Bush]}
          - {name: George W. Bush, type: person, aliases: [Bush]}
        """,
    )
    bush = load_actors(path).query("alias == 'Bush'")
    assert sorted(bush["actor"]) == ["George H. W. Bush", "George W. Bush"]
    assert set(bush["kind"]) == {"ambiguous"}


def test_default_dictionary_marks_surnames():
    aliases = load_actors()
    kind = aliases.set_index(["actor", "alias"])["kind"]
    assert kind[("Gordon Brown", "Brown")] == "ambiguous"
    assert kind[("David Cameron", "Cameron")] == "ambiguous"
    assert kind[("James Baker", "Baker")] == "ambiguous"
    assert kind[("Democratic Party", "Democrats")] == "ambiguous"
    assert kind[("Vladimir Putin", "Putin")] == "name"
    assert set(aliases.query("alias == 'Bush'")["actor"]) == {"George H. W. Bush", "George W. Bush"}


# --- alias bombs (issue #12) ----------------------------------------------------------------


def alias_bomb(levels: int = 9, *, mapping: bool = False) -> str:
    """A "billion laughs" dictionary: each anchor holds ten aliases of the one before.

    The anchors sit in the actor's ``roles`` and its ``aliases`` point at the last one, so an
    unguarded loader walks (and reprs, in its error message) 10**levels strings.
    """
    anchors = ["&l0 [" + ", ".join(['"lol"'] * 10) + "]"]
    for level in range(1, levels):
        refs = [f"k{i}: *l{level - 1}" for i in range(10)] if mapping else [f"*l{level - 1}"] * 10
        anchors.append(f"&l{level} " + ("{" if mapping else "[") + ", ".join(refs) + ("}" if mapping else "]"))
    return (
        "actors:\n  - roles: [" + ", ".join(anchors) + "]\n"
        f"    name: Bomb\n    type: person\n    aliases: *l{levels - 1}\n"
    )


@pytest.mark.parametrize("mapping", [False, True], ids=["lists", "mappings"])
def test_alias_bomb_is_refused_before_it_expands(tmp_path, mapping):
    path = write(tmp_path, alias_bomb(9, mapping=mapping))
    tracemalloc.start()
    try:
        with pytest.raises(ActorDictionaryError) as error:
            load_actors(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(error.value)
    assert str(path) in message and "aliases" in message and "1,000,000" in message
    assert len(message) < 500  # the error names the problem; it does not print the expansion
    assert peak < 50 * 2**20


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    path = write(tmp_path, "actors: &self [*self]\n")
    with pytest.raises(ActorDictionaryError, match="refers to a node that contains it") as error:
        load_actors(path)
    assert str(path) in str(error.value)


HARMLESS_ALIASES = """
    roles:
      US President: [US President, U.S. President]
    actors:
      - &country {name: Russia, type: country, aliases: [Russian]}
      - {<<: *country, name: China, aliases: [Chinese]}
      - name: Joe Biden
        type: person
        roles: [{role: US President, since: &inauguration 2021-01-20, until: 2025-01-20}]
      - name: Donald Trump
        type: person
        roles: [{role: US President, since: 2017-01-20, until: *inauguration}]
    """


def test_harmless_anchors_and_aliases_load(tmp_path):
    aliases = load_actors(write(tmp_path, HARMLESS_ALIASES))
    china = aliases.query("actor == 'China'")
    assert china["type"].tolist() == ["country", "country"] and china["alias"].tolist() == ["China", "Chinese"]
    trump = aliases.query("actor == 'Donald Trump' and kind == 'role'")
    assert trump["until"].unique().tolist() == [pd.Timestamp("2021-01-20")]


def test_the_limit_counts_only_the_nodes_aliases_add(tmp_path, monkeypatch):
    monkeypatch.setattr(dictionary, "MAX_ALIAS_NODES", 2)
    with pytest.raises(ActorDictionaryError, match="over the limit of 2 nodes added by aliases"):
        load_actors(write(tmp_path, HARMLESS_ALIASES))
    assert len(load_actors(write(tmp_path, SMALL, "small.yml"))) > 2  # no alias: as big as it is written
