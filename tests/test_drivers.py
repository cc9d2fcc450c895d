"""What drove this: the biggest spike of a timeline, and what is key in one period."""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.drivers import period_drivers, spike


def test_spike_is_the_biggest_excess_and_weighs_means_by_their_articles():
    weeks = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"])
    counts = pd.DataFrame({"period": weeks, "articles": [10, 11, 40, 9]})
    assert spike(counts, value="articles") == pd.Timestamp("2024-01-15")
    tone = pd.DataFrame({"period": weeks, "mean": [0.1, 0.9, -0.3, 0.1], "articles": [100, 2, 100, 100]})
    assert spike(tone, value="mean", weight="articles") == pd.Timestamp("2024-01-15")  # not the 2-article week
    assert spike(tone.assign(mean=np.nan), value="mean") is None


def test_period_drivers_find_the_words_actors_and_articles_of_a_week():
    rows, mentions, terms, scores = [], [], [], []
    for i in range(60):
        week = pd.Timestamp("2024-01-01") + pd.Timedelta(weeks=i % 6)
        hot = week == pd.Timestamp("2024-01-22")
        article = f"a{i:02d}"
        rows.append((article, week + pd.Timedelta(days=2), f"Story {i}"))
        for s, actor in enumerate(["Jane Doe"] * 8 if hot else ["John Roe"] * 8):
            mentions.append((article, s, "body", actor, "person", actor, "name", 0, 1))
        terms += [(article, "flood" if hot else "market", 1, 60), (article, "river" if hot else "rates", 1, 40)]
        scores.append((article, -0.5 - i / 100 if hot else 0.1 + i / 1000))
    articles = pd.DataFrame(rows, columns=["article_id", "date", "title"])
    tables = {
        "mentions": pd.DataFrame(mentions, columns=schemas.columns("mentions")),
        "terms": pd.DataFrame(terms, columns=["article_id", "term", "n", "count"]),
        "article_sentiment": pd.DataFrame(scores, columns=["article_id", "polarity"]),
    }
    found = period_drivers(articles, tables, start="2024-01-22", period="week", top_n=4)
    assert found["terms"]["term"].tolist() == ["flood", "river"]
    assert (found["terms"]["q_value"] < 0.05).all()
    assert found["actors"]["term"].tolist() == ["Jane Doe"]
    extreme = found["articles"]
    assert extreme.columns.tolist() == ["article_id", "title", "date", "polarity"]
    assert extreme["article_id"].tolist() == ["a57", "a51", "a03", "a09"]  # two most negative, then most positive
    refused = period_drivers(articles.head(8), tables, start="2024-01-22", period="week")
    assert refused["terms"].empty and "refused" in refused["terms"].attrs["note"]
    pieces = [tables["terms"].iloc[i : i + 40] for i in range(0, len(tables["terms"]), 40)]  # 20 articles each
    streamed = period_drivers(articles, {**tables, "terms": iter(pieces)}, start="2024-01-22", period="week", top_n=4)
    for key, table in found.items():
        pd.testing.assert_frame_equal(streamed[key], table)
        assert streamed[key].attrs == table.attrs


def test_period_drivers_without_mentions_say_so():
    articles = pd.DataFrame(
        {"article_id": ["a", "b"], "date": pd.to_datetime(["2024-01-01", "2024-01-08"]), "title": ["x", "y"]}
    )
    tables = {
        "terms": pd.DataFrame({"article_id": ["a", "b"], "term": ["oil", "gas"], "n": 1, "count": [3, 3]}),
        "article_sentiment": pd.DataFrame({"article_id": ["a", "b"], "polarity": [0.1, -0.2]}),
    }
    found = period_drivers(articles, tables, start="2024-01-08", period="week")
    assert found["actors"].empty and found["actors"].attrs["note"] == "not made: no mentions table was given"
    assert found["articles"]["article_id"].tolist() == ["b"]
