"""Tests for newsframe.actors.discovery: names the dictionary does not cover."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from actors_fixtures import articles_of, small_aliases
from newsframe import schemas
from newsframe.actors import discover_names


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> pd.DataFrame:
    return small_aliases(tmp_path_factory.mktemp("actors"))


def test_discovery_finds_uncovered_names_only(small):
    arts = articles_of(
        "Bundesbank chief Poehl met Xi. The talks began.",
        "Poehl said the Bundesbank and China agree. The end.",
        "In Bonn, Poehl spoke.",
    )
    found = discover_names(arts, small)
    assert found["name"].tolist() == ["Poehl", "Bundesbank"]
    assert found.loc[0, ["mentions", "articles"]].tolist() == [3, 3]


def test_discovery_drops_sentence_openers_written_in_lower_case_elsewhere(small):
    arts = articles_of("Markets fell. Poehl spoke.", "The markets rose. Poehl spoke.")
    assert discover_names(arts, small)["name"].tolist() == ["Poehl"]


def test_discovery_drops_words_that_mostly_open_sentences(small):
    # "However" is never written in lower case here, but always opens a sentence;
    # "Poehl" opens one of its three sentences and stays
    arts = articles_of(
        "However, rates fell. Poehl spoke. “We agree.” However, Poehl left.",
        "Markets rose: However it ended. Then Poehl smiled.",
    )
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
                ents = (
                    [SimpleNamespace(text="Deutsche Bundesbank", start_char=start, end_char=start + 19, label_="ORG")]
                    if start >= 0
                    else []
                )
                yield SimpleNamespace(ents=ents)

    arts = articles_of("The Deutsche Bundesbank acted.", "Deutsche Bundesbank again.")
    assert discover_names(arts, small, nlp=FakeNLP())["name"].tolist() == ["Deutsche Bundesbank"]


@pytest.mark.parametrize("top_n", [50, None], ids=["top", "all"])
def test_found_names_follow_their_schema(small, top_n):
    found = discover_names(articles_of("Poehl met Xi.", "Then Poehl left."), small, top_n=top_n)
    assert found["name"].tolist() == ["Poehl"]
    assert found.dtypes.astype(str).to_dict() == schemas.dtypes("discovered_names")


@pytest.mark.parametrize(
    "texts",
    [(), ("Xi met the Chinese.",), ("Poehl spoke.",)],
    ids=["no-articles", "only-known-names", "below-min-articles"],
)
def test_nothing_found_gives_the_typed_table(small, texts):
    found = discover_names(articles_of(*texts), small)
    assert found.empty
    assert found.dtypes.astype(str).to_dict() == schemas.dtypes("discovered_names")


# --- issue 14, item 4: discovery worth reading -----------------------------------------------------


def test_names_are_told_apart_as_people_organisations_and_places(small):
    arts = articles_of(
        "Michael Howard met the Bundesrat Council in Leeds. Yukos shares fell.",
        "Later Michael Howard visited Leeds and the Bundesrat Council. Yukos shares rose later.",
    )
    found = discover_names(arts, small).set_index("name")["kind"].to_dict()
    assert found == {
        "Michael Howard": "person",
        "Bundesrat Council": "organisation",
        "Leeds": "place",
        "Yukos": "name",
    }


def test_calendar_words_role_titles_and_demonyms_are_not_names(small):
    arts = articles_of(
        "On Monday in March the Prime Minister spoke to European leaders. Poehl agreed at Christmas.",
        "On Monday in March the Prime Minister met European bankers. Poehl agreed at Christmas.",
    )
    assert discover_names(arts, small)["name"].tolist() == ["Poehl"]


def test_table_rows_are_not_names(small):
    table = "Shr 1.20 dlrs vs 1.10 dlrs\nNet 12.3 mln vs 11.1 mln\nRevs 80.1 mln vs 75.0 mln\n"
    arts = articles_of(table + "Poehl said profits rose.", table + "Poehl said sales fell.")
    assert discover_names(arts, small)["name"].tolist() == ["Poehl"]


def test_a_lone_surname_counts_for_the_full_name_in_the_same_article(small):
    arts = articles_of(
        "Michael Howard spoke. Howard said more. Howard left.",
        "Michael Howard arrived.",
        "Howard Stern joked.",  # another Howard: stays apart
    )
    found = discover_names(arts, small).set_index("name")
    assert found.loc["Michael Howard", ["mentions", "articles"]].tolist() == [4, 2]
    assert "Howard" not in found.index


def test_default_lists_every_name_in_two_articles_and_kinds_filter(small):
    names = [f"Zorg{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(60)]
    arts = articles_of(" ".join(f"{n} rose." for n in names), " ".join(f"{n} fell." for n in names))
    assert len(discover_names(arts, small)) == 60
    assert len(discover_names(arts, small, top_n=10)) == 10
    assert discover_names(arts, small, kinds=("person",)).empty
