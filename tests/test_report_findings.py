"""The front page's findings: computed from the articles and their tables, dated or by section."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from newsframe import schemas
from newsframe.config import NOTEBOOKS_DIR
from newsframe.load.summary import Rejected
from newsframe.report.findings import findings
from newsframe.report.html import anchor
from newsframe.stats import bootstrap_difference_ci


def corpus(*, dates: list, sections: list[str], polarity: list[float], actors: list[list[str]], words: list[list[str]]):
    """An articles table (as load_articles gives it) and its analysed tables, built by hand."""
    ids = [f"a{i:03d}" for i in range(len(dates))]
    articles = schemas.conform(
        pd.DataFrame(
            {
                "article_id": ids,
                "date": pd.to_datetime(dates),
                "title": [f"Story {i}" for i in range(len(ids))],
                "text": ["Some text."] * len(ids),
                "source": [f"{s}/{i}.txt" for i, s in enumerate(sections)],
                "n_words": 400,
                "url": None,
                "content_hash": ids,
                "duplicate_of": None,
                "encoding": "utf-8",
            }
        ),
        "articles",
    )
    articles.attrs = {"inputs": len(ids), "rejects": Rejected(), "outside_window": 0}
    rows = [
        (a, s, "body", name, "person", name, "name", 0, 1)
        for a, names in zip(ids, actors)
        for s, name in enumerate(names)
    ]
    mentions = pd.DataFrame(rows, columns=schemas.columns("mentions"))
    rows = [(a, w, 1, 50) for a, ws in zip(ids, words, strict=True) for w in ws]
    terms = pd.DataFrame(rows, columns=["article_id", "term", "n", "count"])
    tables = {
        "article_sentiment": pd.DataFrame({"article_id": ids, "polarity": polarity}),
        "mentions": schemas.conform(mentions, "mentions"),
        "terms": schemas.conform(terms, "terms"),
        "quotes": schemas.empty("quotes"),
    }
    return articles, tables


def weekly(before: int, after: int, *, tone_after: float, seed: int = 0):
    """``before`` articles over eight weeks of 2024, then ``after`` in the following week, in which
    "Jane Doe" and the word "flood" appear and the tone is ``tone_after``."""
    rng = np.random.default_rng(seed)
    dates = [pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(d)) for d in rng.integers(0, 56, before)]
    dates += [pd.Timestamp("2024-02-26") + pd.Timedelta(days=int(d)) for d in rng.integers(0, 7, after)]
    polarity = list(rng.normal(0.1, 0.05, before)) + list(rng.normal(tone_after, 0.05, after))
    actors = [["John Roe", "Ann Poe"]] * before + [["Jane Doe", "Jane Doe", "John Roe"]] * after
    words = [["market", "rates", "bank"]] * before + [["flood", "market", "river"]] * after
    return corpus(dates=dates, sections=["news"] * len(dates), polarity=polarity, actors=actors, words=words)


def by_topic(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["topic"], table["finding"], strict=True))


def test_a_dated_corpus_compares_its_latest_period_with_the_ones_before():
    articles, tables = weekly(80, 30, tone_after=-0.3)
    table = findings(articles, tables, period="week")
    assert table.columns.tolist() == schemas.columns("findings")
    found = by_topic(table)
    assert list(found) == [
        "articles",
        "volume",
        "busiest period",
        "tone",
        "most mentioned",
        "rising actors",
        "rising words",
        "most quoted",
    ]
    assert found["articles"].startswith("110 articles analysed, of 110 inputs: 0 rejected")
    assert found["volume"].startswith("30 articles in the latest week (from 2024-02-26), against 10.0 per week")
    assert "significantly lower" in found["tone"]
    assert found["busiest period"].startswith("The busiest week began 2024-02-26 (30 articles, median 11)")
    assert "key words: flood, river" in found["busiest period"] and "key actors: Jane Doe" in found["busiest period"]
    assert found["rising actors"].startswith(
        "Rising in the latest week (from 2024-02-26): Jane Doe (60 mentions, 0 before"
    )
    assert "flood" in found["rising words"] and "market" not in found["rising words"]
    assert found["most quoted"].startswith("No dictionary actor is quoted (0 of 0 quotations")
    assert table.loc[table["topic"] == "tone", ["notebook", "section"]].values.tolist() == [
        ["02-sentiment", "How-does-the-tone-move-over-time?"]
    ]


def test_the_same_tone_is_no_significant_change():
    articles, tables = weekly(80, 30, tone_after=0.1)
    assert "no significant change" in by_topic(findings(articles, tables, period="week"))["tone"]


def test_an_isolated_far_off_article_is_not_the_latest_period():
    articles, tables = weekly(80, 30, tone_after=0.1)
    far, far_tables = corpus(
        dates=["2031-06-01"], sections=["news"], polarity=[0.0], actors=[["Jane Doe"]], words=[["flood"]]
    )
    far = far.assign(article_id="far")
    both = pd.concat([articles, far], ignore_index=True)
    both.attrs = {**articles.attrs, "inputs": len(both)}
    tables = {
        name: pd.concat([table, far_tables[name].assign(article_id="far")], ignore_index=True)
        for name, table in tables.items()
    }
    found = by_topic(findings(both, tables))  # period chosen from the dates: week, not year
    assert found["volume"].startswith("30 articles in the latest week (from 2024-02-26)")
    assert found["volume"].endswith("Not counted: 1 article(s) dated far from the rest (2031-06-01).")


def test_an_undated_corpus_is_compared_by_section():
    n = 40
    sections = ["sport"] * n + ["politics"] * n
    articles, tables = corpus(
        dates=[None] * 2 * n,
        sections=sections,
        polarity=[0.3] * n + [-0.1] * n,
        actors=[["Coach"]] * n + [["Minister"]] * n,
        words=[["match", "goal"]] * n + [["vote", "bill"]] * n,
    )
    found = by_topic(findings(articles, tables))
    assert "rising actors" not in found and "rising words" not in found
    assert found["volume"] == "Most articles have no date, so no trend. By section: politics 40 (50%), sport 40 (50%)."
    assert "most positive section sport +0.30" in found["tone"] and "most negative politics -0.10" in found["tone"]
    assert found["distinctive words"].startswith("Most distinctive word of each section: politics: bill, sport: goal")


def test_no_articles_leave_only_the_accounting():
    articles, tables = weekly(0, 0, tone_after=0.0)
    table = findings(articles, tables)
    assert table["topic"].tolist() == ["articles"]
    assert table["finding"].iloc[0].startswith("0 articles analysed, of 0 inputs")


def test_one_article_per_story_is_counted_and_said_when_asked():
    articles, tables = weekly(40, 10, tone_after=0.1)
    articles = articles.assign(
        story_id=articles["article_id"].where(articles.index % 5 != 1, articles["article_id"].shift()),
        duplicate_of=articles["article_id"].shift().where(articles.index == 1),
    )
    first = by_topic(findings(articles, tables))["articles"]
    assert first.startswith("49 articles analysed, of 50 inputs") and first.endswith("1 exact repeats left out.")
    per_story = by_topic(findings(articles, tables, unique="stories"))["articles"]
    assert per_story.startswith("40 articles analysed, of 50 inputs")
    assert per_story.endswith("1 exact repeats and 9 near-duplicates left out (one article per story).")


@pytest.mark.parametrize(("shift", "significant"), [(0.5, True), (0.0, False)])
def test_bootstrap_difference_interval_excludes_zero_only_for_a_real_shift(shift, significant):
    rng = np.random.default_rng(1)
    low, high = bootstrap_difference_ci(rng.normal(shift, 0.2, 60), rng.normal(0.0, 0.2, 60))
    assert (not low <= 0 <= high) is significant


def headings(notebook: str) -> set[str]:
    """The anchors of the second-level headings of a notebook."""
    cells = json.loads((NOTEBOOKS_DIR / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    lines = [line for cell in cells if cell["cell_type"] == "markdown" for line in "".join(cell["source"]).splitlines()]
    return {anchor(line[3:].strip()) for line in lines if line.startswith("## ")}


def test_every_finding_links_to_a_section_its_notebook_has():
    dated = findings(*weekly(80, 30, tone_after=0.1), period="week")
    articles, tables = corpus(
        dates=[None] * 20,
        sections=["a", "b"] * 10,
        polarity=[0.1] * 20,
        actors=[["X"]] * 20,
        words=[["w"]] * 20,
    )
    links = pd.concat([dated, findings(articles, tables)])[["notebook", "section"]].dropna().drop_duplicates()
    assert len(links) >= 8
    for notebook, section in links.values:
        assert section in headings(notebook), f"{notebook} has no section {section!r}"
