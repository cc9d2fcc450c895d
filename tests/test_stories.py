"""Story clusters: near-duplicates grouped into stories, and ``unique="stories"``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframe import schemas
from newsframe.defaults import unique_articles
from newsframe.errors import ConfigError
from newsframe.load import load_articles
from newsframe.stories import SHINGLE, add_stories, find_stories, first_of_stories, shingles, story_sizes

FIXTURES = Path(__file__).parent / "fixtures" / "stories"

OIL = (
    "LONDON, March 2 - Oil prices rose sharply on Monday after the producers' cartel agreed to cut output by "
    "one million barrels a day from April, traders said. Brent crude for May delivery climbed 1.20 dlrs to "
    "18.40 dlrs a barrel, its highest level for three months, while West Texas Intermediate gained 1.05 dlrs. "
    "Analysts said the cut was larger than the market had expected and that prices could rise further if "
    "members kept to their quotas, which several of them had exceeded last year."
)
# same topic, different report: shares words, not passages
OIL_OTHER = (
    "Oil prices fell on Tuesday as traders doubted that the producers would keep to the output cut agreed "
    "last week. Brent crude for May delivery lost 80 cents to 17.60 dlrs a barrel and West Texas "
    "Intermediate fell 65 cents. Stocks in consuming countries remain high, one analyst said, and demand "
    "is weak after a mild winter in Europe and North America."
)
GOLD = (
    "Gold was steady in quiet trading in Zurich, where dealers said the market lacked direction ahead of "
    "United States employment figures due on Friday. It was fixed at 405.50 dlrs an ounce."
)


def frame(texts, *, dates=None, titles=None, duplicate_of=None, ids=None) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame(
        {
            "article_id": ids or [f"a{i}" for i in range(n)],
            "date": pd.to_datetime(dates if dates is not None else ["1987-03-02"] * n),
            "title": titles or [""] * n,
            "text": texts,
            "duplicate_of": pd.array(duplicate_of or [None] * n, dtype="string"),
        }
    )


def story_of(stories: pd.DataFrame) -> dict[str, str]:
    return dict(zip(stories["article_id"], stories["story_id"], strict=True))


# --- clustering --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "edited",
    [
        OIL.replace("LONDON, March 2 - ", ""),  # dateline dropped
        OIL + " The cartel meets again in June.",  # updated with a sentence
        OIL.replace("sharply", "steeply").replace("three months", "four months"),  # words changed
        OIL[: OIL.index(" Analysts")],  # shortened by its last paragraph
    ],
    ids=["dateline", "sentence-added", "words-changed", "shortened"],
)
def test_edited_copies_join_the_story(edited):
    stories = find_stories(frame([OIL, GOLD, edited]))
    assert story_of(stories) == {"a0": "a0", "a1": "a1", "a2": "a0"}
    assert stories["story_size"].tolist() == [2, 1, 2]
    assert stories.loc[2, "similarity"] >= stories.attrs["threshold"]


def test_different_reports_on_one_topic_stay_apart():
    stories = find_stories(frame([OIL, OIL_OTHER, GOLD]))
    assert stories["story_id"].tolist() == ["a0", "a1", "a2"]
    assert stories["story_size"].tolist() == [1, 1, 1]


def test_real_versions_of_one_report_cluster_and_another_report_does_not():
    arts = load_articles(str(FIXTURES / "*.txt"), progress=False)  # not the README
    stories = find_stories(arts)
    by_source = dict(zip(arts["source"], stories["story_id"], strict=True))
    assert by_source["hewitt-falls-to-dent.txt"] == by_source["hewitt-falls-to-dent-in-adelaide.txt"]
    assert by_source["dent-continues-adelaide-progress.txt"] not in {
        by_source["hewitt-falls-to-dent.txt"],
    }
    # undated: the first in table order leads the story
    assert (
        by_source["hewitt-falls-to-dent.txt"]
        == arts.set_index("source").loc["hewitt-falls-to-dent-in-adelaide.txt", "article_id"]
    )


def test_story_id_is_the_earliest_article_that_is_not_a_repeat():
    arts = frame(
        [OIL + " More later.", OIL, OIL + " More later."],
        dates=["1987-03-03", "1987-03-02", "1987-03-01"],
        duplicate_of=[None, None, "a0"],  # a2 repeats a0 but is dated earlier: never the first
    )
    stories = find_stories(arts)
    assert stories["story_id"].tolist() == ["a1", "a1", "a1"]
    assert stories["story_size"].tolist() == [3, 3, 3]


def test_exact_repeats_land_in_their_originals_story_without_comparing():
    # the repeat's text is not compared (a loader sets duplicate_of only for identical texts)
    arts = frame([OIL, GOLD, "anything"], duplicate_of=[None, None, "a1"])
    stories = find_stories(arts)
    assert story_of(stories) == {"a0": "a0", "a1": "a1", "a2": "a1"}
    assert stories.loc[2, "similarity"] == 1.0


def test_repeat_of_an_article_not_in_the_table_is_compared_on_its_text():
    arts = frame([OIL, OIL + " Update."], duplicate_of=["gone", None])
    assert find_stories(arts)["story_id"].tolist() == ["a0", "a0"]


def test_short_texts_are_their_own_story_unless_exact_repeats():
    short = " ".join(["word"] * (SHINGLE - 1))
    arts = frame([short, short, short], duplicate_of=[None, None, "a0"])
    stories = find_stories(arts)
    assert stories["story_id"].tolist() == ["a0", "a1", "a0"]
    assert shingles(short) == set()


def test_dated_articles_far_apart_are_not_linked_unless_asked():
    arts = frame([OIL, OIL + " Again."], dates=["1987-03-02", "1987-03-20"])
    assert find_stories(arts)["story_id"].tolist() == ["a0", "a1"]
    assert find_stories(arts, within_days=None)["story_id"].tolist() == ["a0", "a0"]
    undated = frame([OIL, OIL + " Again."], dates=["1987-03-02", None])
    assert find_stories(undated)["story_id"].tolist() == ["a0", "a0"]


def test_empty_table_gives_typed_empty_table():
    stories = find_stories(frame([]))
    assert stories.empty
    assert stories.dtypes.astype(str).to_dict() == schemas.dtypes("stories")
    assert stories.attrs["pairs"] == 0


def test_one_article_is_its_own_story():
    stories = find_stories(frame([OIL]))
    assert stories.values.tolist() == [["a0", "a0", 1, 1.0]]
    assert stories.dtypes.astype(str).to_dict() == schemas.dtypes("stories")


def test_missing_text_counts_as_empty():
    arts = frame([OIL, None, None])
    assert find_stories(arts)["story_id"].tolist() == ["a0", "a1", "a2"]


def test_deterministic_and_independent_of_row_order_when_dated():
    texts = [OIL, OIL + " Update one.", OIL_OTHER, OIL_OTHER + " Update.", GOLD]
    arts = frame(texts, dates=[f"1987-03-0{i + 1}" for i in range(5)])
    first = find_stories(arts)
    assert first.equals(find_stories(arts))
    shuffled = find_stories(arts.sample(frac=1, random_state=3))
    assert story_of(shuffled) == story_of(first) == {"a0": "a0", "a1": "a0", "a2": "a2", "a3": "a2", "a4": "a4"}


@pytest.mark.parametrize(
    "options",
    [{"threshold": 0}, {"threshold": 1.5}, {"shingle": 0}, {"num_perm": 4}, {"within_days": -1}],
)
def test_bad_options_raise_config_error(options):
    with pytest.raises(ConfigError):
        find_stories(frame([OIL]), **options)


def test_table_without_text_is_refused():
    with pytest.raises(KeyError, match="text"):
        find_stories(pd.DataFrame({"article_id": ["a"]}))


# --- the articles table and summaries ----------------------------------------------------------------------


def test_add_stories_pipes_and_replaces_its_columns():
    arts = frame([OIL, OIL + " More.", GOLD])
    arts.attrs = {"root": "/corpus"}
    added = arts.pipe(add_stories)
    assert added.columns.tolist() == [*arts.columns, "story_id", "story_size", "similarity"]
    assert added["story_id"].tolist() == ["a0", "a0", "a2"]
    assert added.attrs["root"] == "/corpus" and added.attrs["stories"]["threshold"] > 0
    again = added.pipe(add_stories, threshold=1.0)
    assert again.columns.tolist() == added.columns.tolist()
    assert again["story_id"].tolist() == ["a0", "a1", "a2"]


def test_add_stories_takes_stories_computed_before_and_refuses_another_tables():
    arts = frame([OIL, OIL + " More.", GOLD])
    stories = find_stories(arts)
    assert arts.pipe(add_stories, stories=stories).equals(arts.pipe(add_stories))
    with pytest.raises(ConfigError, match="not of these articles"):
        arts.iloc[::-1].pipe(add_stories, stories=stories)
    with pytest.raises(ConfigError, match="not both"):
        arts.pipe(add_stories, stories=stories, threshold=0.5)


def test_story_sizes_lists_multi_article_stories_largest_first():
    arts = frame(
        [OIL, OIL + " One.", OIL + " Two.", GOLD, GOLD + " Later.", OIL_OTHER],
        titles=["Oil up", "Oil up 2", "Oil up 3", "Gold", "Gold 2", "Oil down"],
    )
    sizes = story_sizes(arts)
    assert sizes[["story_id", "title", "articles"]].values.tolist() == [["a0", "Oil up", 3], ["a3", "Gold", 2]]
    assert sizes.dtypes.astype(str).to_dict() == schemas.dtypes("story_sizes")
    assert len(story_sizes(arts, min_size=1)) == 3
    assert story_sizes(frame([])).dtypes.astype(str).to_dict() == schemas.dtypes("story_sizes")


def test_first_of_stories_prefers_the_lead_then_originals():
    arts = frame(["x", "y", "z", "w"], duplicate_of=["a1", None, None, None])
    arts["story_id"] = pd.array(["s", "s", "a2", None], dtype="string")
    # no row is "s": a1 (not a repeat) leads, though a0 comes first; a2 leads its own; a3 is alone
    assert first_of_stories(arts)["article_id"].tolist() == ["a1", "a2", "a3"]


# --- unique="stories" --------------------------------------------------------------------------------------


def test_unique_stories_keeps_one_article_per_story():
    arts = frame([OIL, GOLD, OIL + " More.", OIL], duplicate_of=[None, None, None, "a0"])
    arts.attrs = {"root": "/corpus"}
    kept = unique_articles(arts, unique="stories")
    assert kept["article_id"].tolist() == ["a0", "a1"]
    assert kept.index.tolist() == [0, 1]
    assert kept.attrs["duplicates_left_out"] == 2
    assert kept.attrs["near_duplicates_left_out"] == 1
    assert kept.attrs["root"] == "/corpus"
    assert "story_id" in kept


def test_unique_stories_uses_an_existing_story_id():
    arts = frame([OIL, GOLD, "z"]).assign(story_id=["a1", "a1", "a2"])
    kept = unique_articles(arts, unique="stories")
    assert kept["article_id"].tolist() == ["a1", "a2"]


def test_unique_stories_takes_stories_already_computed_and_checks_they_fit(monkeypatch):
    import newsframe.stories

    arts = frame([OIL, GOLD, OIL + " More."])
    stories = find_stories(arts)
    monkeypatch.setattr(newsframe.stories, "find_stories", lambda *a, **k: pytest.fail("computed again"))
    kept = unique_articles(arts, unique="stories", stories=stories)
    assert kept["article_id"].tolist() == ["a0", "a1"]
    with pytest.raises(ConfigError, match="not of these articles"):
        unique_articles(arts.iloc[:2], unique="stories", stories=stories)


def test_unique_stories_of_an_empty_table():
    kept = unique_articles(frame([]), unique="stories")
    assert kept.empty and kept.attrs["duplicates_left_out"] == 0


@pytest.mark.parametrize("unique", ["story", "yes", None, 2])
def test_unique_refuses_other_values_naming_the_allowed_ones(unique):
    with pytest.raises(ConfigError, match="True or False, or 'stories'"):
        unique_articles(frame([OIL]), unique=unique)


# --- properties --------------------------------------------------------------------------------------------

BASES = [OIL, OIL_OTHER, GOLD]
EDITS = st.tuples(
    st.integers(0, len(BASES) - 1),  # which report
    st.sampled_from(["", " An update.", " More details were not given.", "CUT"]),
    st.one_of(st.none(), st.integers(1, 12)),  # day of March 1987, or undated
)


@settings(max_examples=25, deadline=None)
@given(st.lists(EDITS, max_size=12))
def test_every_article_gets_one_story_led_by_a_member(edits):
    texts = [BASES[b][: len(BASES[b]) // 2] if e == "CUT" else BASES[b] + e for b, e, _ in edits]
    dates = [None if d is None else f"1987-03-{d:02d}" for _, _, d in edits]
    arts = frame(texts, dates=dates)
    stories = find_stories(arts)
    assert stories["article_id"].tolist() == arts["article_id"].tolist()
    assert stories["story_id"].notna().all()
    led = dict(zip(stories["article_id"], stories["story_id"], strict=True))
    for story, members in stories.groupby("story_id")["article_id"]:
        assert story in set(members)  # the story_id is one of its own articles
        assert led[story] == story
        assert (stories.loc[members.index, "story_size"] == len(members)).all()
    assert stories["similarity"].between(0, 1).all()
    # a story never mixes different reports: the edits keep at most half of a base
    base_of = {f"a{i}": b for i, (b, _, _) in enumerate(edits)}
    assert all(base_of[a] == base_of[s] for a, s in led.items())


def test_time_zone_aware_dates_are_compared_in_utc():
    arts = frame([OIL, OIL + " Again."]).assign(
        date=pd.to_datetime(["1987-03-02 23:00", "1987-03-06 01:00"]).tz_localize("Europe/London")
    )
    assert find_stories(arts)["story_id"].tolist() == ["a0", "a1"]  # 3 days 2 hours apart
    assert find_stories(arts, within_days=3.5)["story_id"].tolist() == ["a0", "a0"]
