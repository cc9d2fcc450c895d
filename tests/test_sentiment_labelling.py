"""Tests for newsframe.sentiment.labelling: the sample to hand-code and the labelling panel, driven
headless by clicking its buttons."""

from __future__ import annotations

import pandas as pd
import pytest

from newsframe.errors import ConfigError, LabelsError
from newsframe.sentiment.labelling import LabellingPanel, labelling_sample, read_progress
from newsframe.validation import read_labels

# Each sentence's stratum under TextBlob, VADER and news, from their scores (BANDS):
POSITIVE = [
    "It was a great and happy day for all.",
    "A wonderful, beautiful and joyful win.",
    "We love this excellent plan.",
]
NEGATIVE = [
    "It was a terrible, awful and sad loss.",
    "A horrible, deadly and tragic crash.",
    "They hate this bad, ugly plan.",
]
NEUTRAL = [
    "The minister spoke on Tuesday morning.",
    "The committee meets in the town hall.",
    "The train leaves at nine.",
]
# TextBlob reads "not bad" as positive and knows neither "war" nor "crisis"; VADER and news do.
DISAGREE = [
    "Not a bad result at all, they said.",
    "The war continued for another year.",
    "The crisis deepened over the summer.",
]


@pytest.fixture
def sentences() -> pd.DataFrame:
    texts = POSITIVE + NEGATIVE + NEUTRAL + DISAGREE + ["Too short.", POSITIVE[0]]
    return pd.DataFrame(
        {"article_id": [f"a{i // 3}" for i in range(len(texts))], "sentence": range(len(texts)), "text": texts}
    )


def test_sample_is_stratified_and_favours_disagreement(sentences):
    sample = labelling_sample(sentences, n=6, favour=0.5)
    assert sample["stratum"].value_counts().to_dict() == {"disagree": 3, "neg": 1, "neutral": 1, "pos": 1}
    assert set(sample.loc[sample["stratum"] == "disagree", "text"]) == set(DISAGREE)
    assert set(sample.loc[sample["stratum"] == "pos", "text"]) <= set(POSITIVE)
    # Three sentences in each stratum: each drawn agreed sentence stands for 3, each disagreement for 1.
    assert sample.groupby("stratum")["weight"].first().to_dict() == {
        "disagree": 1.0,
        "neg": 3.0,
        "neutral": 3.0,
        "pos": 3.0,
    }
    assert {"polarity", "vader_compound", "news", "article_id", "sentence"} <= set(sample.columns)
    pd.testing.assert_frame_equal(sample, labelling_sample(sentences, n=6, favour=0.5))


def test_sample_takes_everything_it_can_and_nothing_twice(sentences):
    sample = labelling_sample(sentences, n=100)
    assert len(sample) == 12 and sample["text"].is_unique  # the short sentence and the repeat are left out
    assert "Too short." not in set(sample["text"])
    # favour=0: agreed strata only while they last, then the rest.
    assert labelling_sample(sentences, n=9, favour=0.0)["stratum"].value_counts().to_dict() == {
        "neg": 3,
        "neutral": 3,
        "pos": 3,
    }
    empty = labelling_sample(sentences.iloc[:0], n=5)
    assert empty.empty and {"stratum", "weight", "news"} <= set(empty.columns)
    with pytest.raises(ConfigError, match="favour"):
        labelling_sample(sentences, favour=1.5)


def test_panel_saves_after_each_click_and_resumes(sentences, tmp_path):
    sample = labelling_sample(sentences, n=4)
    path = tmp_path / "labels" / "mine.csv"
    panel = LabellingPanel(sample, path)
    assert panel.position == 0 and not path.exists()
    assert sample["text"].iloc[0] in panel.sentence.value
    panel.buttons["pos"].click()
    assert read_progress(path)[["text", "label"]].values.tolist() == [[sample["text"].iloc[0], "pos"]]
    panel.buttons["skip"].click()
    assert panel.progress.value == 2 and "2 of 4 done; 1 labelled" in panel.status.value
    assert sample["text"].iloc[2] in panel.sentence.value

    # A new panel on the same file goes on with the third sentence.
    again = LabellingPanel(sample, path)
    assert again.position == 2 and again.progress.value == 2
    again.buttons["neg"].click()
    again.buttons["neutral"].click()
    assert again.position is None and all(button.disabled for button in again.buttons.values())
    assert "All 4 sentences done" in again.sentence.value
    again.buttons["pos"].click()  # nothing left: no row added
    saved = read_progress(path)
    assert saved["label"].tolist() == ["pos", "skip", "neg", "neutral"]
    assert saved["text"].tolist() == sample["text"].tolist()
    assert saved["stratum"].tolist() == sample["stratum"].tolist() and saved["labelled_at"].str.len().gt(0).all()

    # The file is a labels file: the skipped sentence is left out and counted.
    labels = read_labels(path)
    assert labels["label"].tolist() == ["pos", "neg", "neutral"] and labels.attrs["skipped"] == 1


def test_panel_keeps_labels_of_sentences_outside_the_sample(sentences, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("text,label\nAn earlier sentence.,neg\n", encoding="utf-8")
    panel = LabellingPanel(labelling_sample(sentences, n=2), path)
    panel.buttons["neutral"].click()
    assert read_progress(path)["text"].tolist()[0] == "An earlier sentence."
    assert len(read_progress(path)) == 2


def test_panel_refuses_a_file_it_did_not_write(sentences, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("text,label\nGood.,positive\n", encoding="utf-8")
    with pytest.raises(LabelsError, match="label must be one of") as caught:
        LabellingPanel(labelling_sample(sentences, n=2), path)
    assert caught.value.rows == [1]
    path.write_text("body,stance\nGood.,pos\n", encoding="utf-8")
    with pytest.raises(LabelsError, match="needs 'text' and 'label'"):
        read_progress(path)
    with pytest.raises(ConfigError, match="label must be one of"):
        LabellingPanel(labelling_sample(sentences, n=2), tmp_path / "new.csv").record("great")


def test_a_large_pool_is_sorted_into_strata_from_a_random_share_and_the_weights_cover_it():
    texts = [f"Sentence number {i} was {['great', 'awful', 'on Tuesday'][i % 3]} for all." for i in range(600)]
    sentences = pd.DataFrame({"article_id": "a", "sentence": range(600), "text": texts})
    sample = labelling_sample(sentences, n=20, candidates=120, seed=1)
    assert len(sample) == 20
    assert sample["weight"].sum() == pytest.approx(600)  # every sentence of the pool is represented
    assert labelling_sample(sentences, n=20, candidates=120, seed=1).equals(sample)  # reproducible
