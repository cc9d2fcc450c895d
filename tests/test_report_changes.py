"""What changed since the previous run: run summaries and their comparison."""

from __future__ import annotations

import pandas as pd

from newsframe.report.changes import changes, previous_run, run_summary


def summary(actors: dict, words: dict, mean: float, low: float, high: float) -> dict:
    return {
        "articles": 100,
        "actors": actors,
        "words": words,
        "tone": {"score": "polarity", "mean": mean, "ci_low": low, "ci_high": high, "n": 100},
    }


BEFORE = summary({"Xi": 100, "Putin": 100, "Biden": 2}, {"oil": 400, "gas": 400, "flood": 5}, 0.10, 0.08, 0.12)


def by_topic(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["topic"], table["finding"], strict=True))


def test_new_actors_risers_fallers_and_a_tone_shift_are_found():
    now = summary(
        {"Xi": 40, "Putin": 200, "Biden": 3, "Jane Doe": 30, "Once": 1},
        {"oil": 400, "gas": 400, "flood": 120},
        -0.05,
        -0.07,
        -0.03,
    )
    found = by_topic(changes(now, BEFORE, previous_id="run-1"))
    assert list(found) == ["new actors", "actors up", "actors down", "words up", "words down", "tone shift"]
    assert found["new actors"] == "Mentioned now, not at all since the previous run (run-1): Jane Doe (30 mentions)."
    assert found["actors up"].startswith("Significantly more often since the previous run (run-1): Putin (200 mentions")
    assert found["actors down"].startswith("Significantly less often since the previous run (run-1): Xi (40 mentions")
    assert "flood (120 uses, 5 before)" in found["words up"]
    assert found["tone shift"].startswith("Mean polarity per article went down since the previous run (run-1): -0.05")


def test_small_or_overlapping_differences_are_no_change():
    now = summary({"Xi": 98, "Putin": 102, "Biden": 2}, {"oil": 410, "gas": 390, "flood": 6}, 0.11, 0.09, 0.13)
    assert by_topic(changes(now, BEFORE)) == {
        "changes": "No significant change since the previous run: same actors, words and tone."
    }


def test_the_previous_run_is_the_newest_ok_one_over_the_same_corpus():
    runs = [
        {"run_id": "4", "status": "ok", "corpus": {"path": "c"}, "summary": BEFORE},  # the current one
        {"run_id": "3", "status": "ok", "corpus": {"path": "other"}, "summary": BEFORE},
        {"run_id": "2", "status": "ok", "corpus": {"path": "c"}, "summary": None},  # made before summaries
        {"run_id": "1", "status": "ok", "corpus": {"path": "c"}, "summary": BEFORE},
    ]
    assert previous_run(runs, {"run_id": "4", "corpus": {"path": "c"}})["run_id"] == "1"
    assert previous_run(runs[:3], {"run_id": "4", "corpus": {"path": "c"}}) is None


def test_run_summary_leaves_out_repeats_metonyms_and_stopwords():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "duplicate_of": [None, None, "a"]})
    tables = {
        "mentions": pd.DataFrame(
            {
                "article_id": ["a", "b", "c", "a"],
                "actor": ["Xi", "Xi", "Xi", "China"],
                "kind": ["name"] * 3 + ["metonym"],
            }
        ),
        "terms": pd.DataFrame(
            {"article_id": ["a", "a", "c"], "term": ["oil", "the", "oil"], "n": 1, "count": [2, 9, 2]}
        ),
        "article_sentiment": pd.DataFrame({"article_id": ["a", "b", "c"], "polarity": [0.2, 0.4, 0.9]}),
    }
    result = run_summary(articles, tables)
    assert result["articles"] == 2
    assert result["actors"] == {"Xi": 2} and result["words"] == {"oil": 2}
    assert result["tone"]["mean"] == 0.3 and result["tone"]["n"] == 2


def with_stories(base: dict, stories: dict, least: int = 2) -> dict:
    return {**base, "stories": stories, "stories_min": least}


def test_stories_the_previous_run_did_not_have_are_new_largest_first():
    before = with_stories(BEFORE, {"s1": [4, "Old story", "2024-01-02"]})
    now = with_stories(
        BEFORE,
        {
            "s2": [5, "Flood hits <town>", "2024-02-01"],
            "s1": [4, "Old story", "2024-01-02"],
            "s3": [2, None, None],
        },
    )
    found = by_topic(changes(now, before, previous_id="run-1"))
    assert found == {
        "new stories": "New since the previous run (run-1): 2 stories of 2+ articles, largest first: "
        "“Flood hits <town>” (5 articles, from 2024-02-01); “untitled” (2 articles)."
    }


def test_stories_are_compared_only_above_the_previous_runs_smallest_kept_story():
    before = with_stories(BEFORE, {"s1": [9, "Big", None]}, least=3)
    now = with_stories(BEFORE, {"s1": [9, "Big", None], "s2": [3, "Grown", None], "s3": [2, "Small", None]})
    assert by_topic(changes(now, before))["new stories"].startswith(
        "New since the previous run: 1 story of 3+ articles, largest first: “Grown”"
    )


def test_no_new_story_counts_stories_among_what_did_not_change():
    before = with_stories(BEFORE, {"s1": [4, "Old story", None]})
    assert by_topic(changes(with_stories(BEFORE, {"s1": [5, "Old story", None]}), before)) == {
        "changes": "No significant change since the previous run: same actors, words, tone and stories."
    }
    # a summary written before stories were kept compares nothing about them
    assert "new stories" not in by_topic(changes(with_stories(BEFORE, {"s2": [2, "New", None]}), BEFORE))


def test_run_summary_keeps_the_largest_stories_and_their_smallest_size(monkeypatch):
    import newsframe.report.changes as module

    articles = pd.DataFrame(
        {
            "article_id": list("abcdefg"),
            "story_id": list("aaabbcd"),
            "title": [f"T{i}" for i in range(7)],
            "date": pd.to_datetime(["2024-01-03", "2024-01-01", "2024-01-02", None, None, None, None]),
            "duplicate_of": None,
        }
    )
    tables = {
        "mentions": pd.DataFrame(columns=["article_id", "actor", "kind"]),
        "terms": pd.DataFrame(columns=["article_id", "term", "n", "count"]),
        "article_sentiment": pd.DataFrame({"article_id": list("abcdefg"), "polarity": 0.0}),
    }
    result = run_summary(articles, tables)
    assert result["stories"] == {"a": [3, "T0", "2024-01-01"], "b": [2, "T1", None]}
    assert result["stories_min"] == 2
    monkeypatch.setattr(module, "SUMMARY_STORIES", 1)
    result = run_summary(articles, tables, unique="stories")
    assert result["stories"] == {"a": [3, "T0", "2024-01-01"]} and result["stories_min"] == 3
    assert result["articles"] == 4  # one article per story
