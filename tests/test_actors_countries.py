"""Tests for newsframe.actors.countries: country actors built from country_converter and countryinfo."""

from __future__ import annotations

import csv
import time

import pandas as pd
import pytest
import yaml

from actors_fixtures import write
from newsframe import schemas
from newsframe.actors import find_mentions, load_actors
from newsframe.actors.countries import COUNTRY_TABLE, country_aliases, country_entries, with_countries
from newsframe.config import ACTORS_FILE


@pytest.fixture(scope="module")
def aliases() -> pd.DataFrame:
    return load_actors()


def _un_members() -> list[dict]:
    with COUNTRY_TABLE.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row["UNmember"].strip()]


def _mentions(text: str, aliases: pd.DataFrame, *, date: str | None = "2024-06-01") -> list[tuple[str, str]]:
    articles = pd.DataFrame({"article_id": ["a"], "date": pd.to_datetime([date]), "title": [""], "text": [text]})
    found = find_mentions(articles, aliases)
    return [(row.actor, row.alias) for row in found.itertuples()]


def test_every_un_member_state_is_a_country_actor(aliases):
    members = _un_members()
    assert len(members) == 193  # the source's own count of UN member states
    countries = aliases[aliases["type"].eq("country")]
    actor_of = dict(zip(countries["alias"], countries["actor"]))
    found = {row["ISO3"]: actor_of.get(row["name_short"], actor_of.get(row["name_official"])) for row in members}
    assert [iso3 for iso3, actor in found.items() if actor is None] == []
    assert len(set(found.values())) == 193  # one actor each
    actors = set(countries["actor"])
    for state in ["Zambia", "Estonia", "Moldova", "Burkina Faso", "Eswatini", "North Macedonia", "Lesotho"]:
        assert state in actors


def test_new_aliases_match_in_a_sentence(aliases):
    found = _mentions("Zambian officials met Estonia's envoy and two Malawians in the Republic of Moldova.", aliases)
    assert found == [
        ("Zambia", "Zambian"),
        ("Estonia", "Estonia"),
        ("Malawi", "Malawians"),
        ("Moldova", "Republic of Moldova"),
    ]


def test_official_historical_and_accent_free_names(aliases):
    found = _mentions("Upper Volta, Kampuchea, Cote d'Ivoire and Côte d'Ivoire, the Kyrgyz Republic.", aliases)
    assert found == [
        ("Burkina Faso", "Upper Volta"),
        ("Cambodia", "Kampuchea"),
        ("Côte d'Ivoire", "Cote d'Ivoire"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        ("Kyrgyzstan", "Kyrgyz Republic"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The guinea pig and the Guinea pigs ate the turkey off the fine china.",
        "Nigeria's oil comes from the Niger Delta.",
        "Miners in Papua New Guinea and the island of New Guinea, and ships in the Gulf of Guinea.",
        "Violence in Northern Ireland.",
        "Michael Jordan and Eddie Jordan met Chad Smith.",
        "Georgia Power and Georgia-Pacific, based in Atlanta, Georgia, and a Georgia Republican.",
        "Inner Mongolia and American Samoa.",
        "Korea and the Korean peninsula.",
        "Talks in the Uruguay Round of the GATT.",
    ],
)
def test_false_friends_are_not_the_country(aliases, text):
    wrong = {"Guinea", "Turkey", "China", "Niger", "Ireland", "Jordan", "Chad", "Georgia", "Mongolia", "Samoa"}
    wrong |= {"United States", "South Korea", "North Korea", "Uruguay"}
    assert {actor for actor, _ in _mentions(text, aliases)} & wrong == set()


def test_look_alike_names_keep_their_own_country(aliases):
    text = (
        "Nigeria and Niger; Sudan and South Sudan; Dominica and the Dominican Republic, a Dominican; "
        "Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea; North Korea and South Korea; "
        "Ireland and Northern Ireland. Serbia & Montenegro beat Serbia."
    )
    actors = [actor for actor, _ in _mentions(text, aliases)]
    assert actors == [
        "Nigeria",
        "Niger",
        "Sudan",
        "South Sudan",
        "Dominica",
        "Dominican Republic",
        "Dominican Republic",
        "Guinea",
        "Guinea-Bissau",
        "Equatorial Guinea",
        "Papua New Guinea",
        "North Korea",
        "South Korea",
        "Ireland",
        "Serbia and Montenegro",
        "Serbia",
    ]


def test_congo_is_dated_and_zaire_is_the_democratic_republic(aliases):
    text = "Congo and Zaire signed; the Congolese minister left."
    assert _mentions(text, aliases, date="1987-03-01") == [
        ("Republic of the Congo", "Congo"),
        ("Democratic Republic of the Congo", "Zaire"),
        ("Republic of the Congo", "Congolese"),
    ]
    assert _mentions(text, aliases, date="2005-03-01") == [("Democratic Republic of the Congo", "Zaire")]
    assert _mentions(text, aliases, date=None) == [("Democratic Republic of the Congo", "Zaire")]


def test_yaml_countries_keep_their_names_aliases_roles_and_metonyms(aliases, tmp_path):
    # the packaged dictionary read from another path: the YAML alone, without generated countries
    yaml_only = load_actors(path=write(tmp_path, ACTORS_FILE.read_text(encoding="utf-8")))
    for actor in ["United States", "United Kingdom", "Russia", "Soviet Union", "West Germany", "Turkey", "China"]:
        before = yaml_only[yaml_only["actor"].eq(actor)]
        after = aliases[aliases["actor"].eq(actor)]
        assert len(before) > 0
        assert set(before.astype(str).itertuples(index=False)) <= set(after.astype(str).itertuples(index=False))
    turkey = set(aliases.loc[aliases["actor"].eq("Turkey"), "alias"])
    assert {"Turks", "Ankara", "Türkiye", "Republic of Turkey"} <= turkey
    assert "Türkiye" not in set(aliases["actor"])  # the generated name maps to the YAML one
    moscow = aliases[aliases["alias"].eq("Moscow")]
    assert set(moscow["actor"]) == {"Russia", "Soviet Union"}  # dated metonyms untouched


def test_generated_aliases_yield_to_the_document():
    document = {
        "actors": [
            {"name": "Chad Smith", "type": "person", "aliases": ["Chad"]},
            {"name": "Zambia", "type": "country", "aliases": ["Zambians"], "metonyms": ["Lusaka"]},
        ],
        "exclusions": ["Estonian Air"],
    }
    merged = with_countries(document)
    names = [entry["name"] for entry in merged["actors"]]
    assert names[:2] == ["Chad Smith", "Zambia"] and "Chad" not in names  # the document holds "Chad"
    zambia = merged["actors"][1]
    assert zambia["aliases"][0] == "Zambians" and zambia["metonyms"] == ["Lusaka"]
    assert zambia["aliases"].count("Zambians") == 1 and "Zambian" in zambia["aliases"]
    assert merged["exclusions"][0] == "Estonian Air" and "Guinea pig" in merged["exclusions"]
    assert document["actors"][1]["aliases"] == ["Zambians"]  # the input is not changed


def test_user_files_drop_and_replace_generated_countries(tmp_path):
    extend = write(
        tmp_path,
        "drop: [Georgia]\nactors:\n  - name: Jordan\n    type: country\n    aliases: [Jordanian]\n",
        "mine.yml",
    )
    table = load_actors(extend=extend)
    assert "Georgia" not in set(table["actor"])
    assert set(table.loc[table["actor"].eq("Jordan"), "alias"]) == {"Jordan", "Jordanian"}


def test_other_dictionaries_get_no_generated_countries(tmp_path):
    path = write(tmp_path, "actors:\n  - name: Zambia\n    type: country\n", "own.yml")
    assert load_actors(path=path)["alias"].tolist() == ["Zambia"]


def test_the_built_table_conforms_to_the_aliases_schema():
    table = country_aliases()
    assert list(table.columns) == schemas.columns("aliases")
    assert table.dtypes.astype(str).to_dict() == schemas.dtypes("aliases")
    assert table["kind"].isin(["name", "exclusion"]).all()
    assert table["alias"].notna().all() and table["alias"].str.strip().eq(table["alias"]).all()
    assert not table[table["kind"].eq("name")].duplicated(["actor", "alias"]).any()
    shared = table[table["kind"].eq("name")].groupby("alias")["actor"].nunique()
    assert shared.max() == 1  # no alias names two generated countries


def test_entries_are_deterministic_and_in_iso3_order():
    entries = country_entries()
    assert [e["iso3"] for e in entries] == sorted(e["iso3"] for e in entries)
    assert entries == country_entries()
    assert all(isinstance(e["aliases"], tuple) for e in entries)  # the cached entries cannot be changed in place


def test_load_actors_stays_fast(aliases):
    """Measured, not asserted: the time is printed for the record (pytest -s)."""
    document = yaml.safe_load(ACTORS_FILE.read_text(encoding="utf-8"))
    start = time.perf_counter()
    with_countries(document)
    merge = time.perf_counter() - start
    start = time.perf_counter()
    table = load_actors()
    print(f"with_countries {merge * 1000:.1f} ms, load_actors {(time.perf_counter() - start) * 1000:.0f} ms")
    assert table.equals(aliases)  # and it gives the same table every time
