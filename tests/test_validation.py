"""Tests for newsframe.validation: reading hand-coded labels and scoring the scorers on them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from newsframe.errors import ConfigError
from newsframe.validation import LabelsError, accuracy, macro_f1, read_labels, score_labels, validate

LABELS_FILE = Path(__file__).parent / "fixtures" / "sentiment_labels.csv"  # 36 sentences, 12 per class

# TextBlob / VADER main scores of these texts: 0.8 / 0.62, -1.0 / -0.66, 0 / 0, 0.35 / 0.43
# ("not bad" reads as positive to both), 0.22 / 0 ("rose slightly": TextBlob only).
LABELLED = """text,label
A great day.,pos
A terrible loss.,neg
The minister spoke.,neutral
Not a bad result.,neg
Prices rose slightly.,neutral
"""
SCORED = """text,score
A great day.,2
A terrible loss.,-2
The minister spoke.,0
Prices rose slightly.,1
"An awful, awful war.",-1
"""


@pytest.fixture
def write_csv(tmp_path):
    def write(content: str, name: str = "labels.csv"):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


def test_validate_labels_per_scorer(write_csv):
    report = validate(read_labels(write_csv(LABELLED)))
    assert report.columns.tolist() == ["scorer", "n", "accuracy", "macro_f1", "macro_f1_low", "macro_f1_high", "how"]
    assert report["how"].tolist() == ["cut at ±0.05", "cut at ±0.05"]
    textblob, vader = report.set_index("scorer").loc[["textblob", "vader"]].to_dict("records")
    # textblob predicts pos, neg, neutral, pos, pos: 3 of 5 right
    assert textblob["n"] == 5 and textblob["accuracy"] == pytest.approx(0.6)
    # pos: P 1/3 R 1 -> 0.5; neg: P 1 R 1/2 -> 2/3; neutral: P 1 R 1/2 -> 2/3
    assert textblob["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 2 / 3) / 3)
    # vader predicts pos, neg, neutral, pos, neutral: 4 of 5 right
    assert vader["accuracy"] == pytest.approx(0.8)
    assert vader["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)


def test_validate_scores_by_correlation(write_csv):
    labels = read_labels(write_csv(SCORED))
    report = validate(labels, scorers=["textblob"])
    assert report.columns.tolist() == ["scorer", "n", "pearson", "spearman", "how"]
    polarity = [0.8, -1.0, 0.0, 0.216667, -1.0]
    row = report.iloc[0]
    assert row["pearson"] == pytest.approx(stats.pearsonr(labels["score"], polarity)[0], abs=1e-5)
    assert row["spearman"] == pytest.approx(stats.spearmanr(labels["score"], polarity)[0])


def test_score_labels_shows_each_prediction(write_csv):
    scored = score_labels(read_labels(write_csv(LABELLED)), neutral=0.3)
    assert scored["textblob_label"].tolist() == ["pos", "neg", "neutral", "pos", "neutral"]
    assert scored["vader_label"].tolist() == ["pos", "neg", "neutral", "pos", "neutral"]
    assert {"polarity", "vader_compound", "label", "text"} <= set(scored.columns)


def test_both_label_and_score_columns_give_all_metrics(write_csv):
    path = write_csv("text,label,score\nA great day.,pos,1\nA terrible loss.,neg,-1\nThe minister spoke.,neutral,0\n")
    report = validate(read_labels(path), scorers="vader")
    assert report.columns.tolist() == [
        "scorer",
        "n",
        "accuracy",
        "macro_f1",
        "macro_f1_low",
        "macro_f1_high",
        "pearson",
        "spearman",
        "how",
    ]
    assert report.loc[0, "accuracy"] == 1.0


def test_read_labels_normalises_labels_and_headers(write_csv):
    labels = read_labels(write_csv("Text, Label\nGood.,  POS \nBad.,Neg\n"))
    assert labels.columns.tolist() == ["text", "label"]
    assert labels["label"].tolist() == ["pos", "neg"]


@pytest.mark.parametrize(
    "content, reason, rows",
    [
        ("body,label\nGood.,pos\n", "needs a 'text' column", []),
        ("text,stance\nGood.,pos\n", "needs a 'text' column", []),
        (
            "text,label\nGood.,pos\nBad.,negative\nMeh.,?\n",
            "label must be one of pos, neg, neutral \\(or skip\\)",
            [2, 3],
        ),
        ("text,score\nGood.,1\nBad.,very\n", "score must be a number", [2]),
        ("text,label\nGood.,pos\n ,neg\n", "empty text", [2]),
    ],
    ids=["no_text_column", "no_label_or_score", "unknown_label", "non_numeric_score", "empty_text"],
)
def test_read_labels_rejects_bad_files(write_csv, content, reason, rows):
    path = write_csv(content)
    with pytest.raises(LabelsError, match=reason) as caught:
        read_labels(path)
    assert caught.value.rows == rows
    assert str(path) in str(caught.value)


def test_read_labels_missing_file(tmp_path):
    with pytest.raises(LabelsError, match="cannot be read"):
        read_labels(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    "truth, predicted, expected_accuracy, expected_f1",
    [
        (["pos", "neg"], ["pos", "neg"], 1.0, 1.0),
        (["pos", "neg"], ["neg", "pos"], 0.0, 0.0),
        (["pos", "pos", "neg", "neutral"], ["pos", "neg", "neg", "neutral"], 0.75, 7 / 9),
        (["pos", "pos"], ["pos", "neutral"], 0.5, (2 / 3 + 0.0) / 2),  # predicted-only class counts as 0
        ([], [], np.nan, np.nan),
    ],
    ids=["perfect", "all_wrong", "mixed", "predicted_only_class", "empty"],
)
def test_metrics(truth, predicted, expected_accuracy, expected_f1):
    truth, predicted = pd.Series(truth, dtype="string"), pd.Series(predicted, dtype="string")
    assert accuracy(truth, predicted) == pytest.approx(expected_accuracy, nan_ok=True)
    assert macro_f1(truth, predicted) == pytest.approx(expected_f1, nan_ok=True)


def test_bad_neutral_band():
    with pytest.raises(ConfigError, match="neutral"):
        score_labels(pd.DataFrame({"text": ["Good."], "label": ["pos"]}), neutral=1.5)


@pytest.mark.parametrize(
    "header, columns",
    [
        ("text,label", {"text": "string", "label": "string"}),
        ("text,score", {"text": "string", "score": "float64"}),
        ("text,label,score", {"text": "string", "label": "string", "score": "float64"}),
    ],
    ids=["labels", "scores", "both"],
)
def test_files_without_rows_give_typed_empty_tables(write_csv, header, columns):
    labels = read_labels(write_csv(header + "\n"))
    assert labels.empty and labels.dtypes.astype(str).to_dict() == columns
    scored = score_labels(labels)
    added = {"polarity": "float64", "textblob_label": "string", "vader_compound": "float64", "vader_label": "string"}
    assert scored.empty and list(scored.dtypes.astype(str).items()) == list({**columns, **added}.items())
    report = validate(labels)
    assert report["scorer"].tolist() == ["textblob", "vader"] and report["n"].tolist() == [0, 0]
    assert report.drop(columns=["scorer", "n", "how"]).isna().all(axis=None)


def test_skipped_rows_are_left_out_and_counted(write_csv):
    labels = read_labels(
        write_csv("text,label,stratum\nA great day.,pos,pos\nHm.,skip,disagree\nA sad loss.,NEG,neg\n")
    )
    assert labels["text"].tolist() == ["A great day.", "A sad loss."] and labels.attrs["skipped"] == 1
    assert labels.columns.tolist() == ["text", "label"]
    assert read_labels(write_csv(LABELLED)).attrs["skipped"] == 0


def test_macro_f1_interval_brackets_the_figure(write_csv):
    labels = read_labels(write_csv("text,label\n" + LABELLED.split("\n", 1)[1] * 8))
    row = validate(labels, scorers=["vader"], n_boot=300).iloc[0]
    assert row["macro_f1_low"] <= row["macro_f1"] <= row["macro_f1_high"] and row["macro_f1_low"] < row["macro_f1_high"]


@pytest.fixture(scope="module")
def trained():
    from newsframe.sentiment import train_scorer

    return train_scorer(LABELS_FILE, name="mine", folds=3, n_boot=100)


@pytest.mark.slow
def test_trained_scorer_side_by_side_cross_validated_on_its_own_labels(trained):
    labels = read_labels(LABELS_FILE)
    report = validate(labels, scorers=["textblob", "vader", "news", trained]).set_index("scorer")
    assert report.index.tolist() == ["textblob", "vader", "news", "mine"]
    assert report.loc["mine", "how"] == "cross-validated"
    # On its training labels the scorer is judged by its out-of-fold predictions, not by refitting them.
    assert report.loc["mine", "macro_f1"] == pytest.approx(trained.metadata["cv_macro_f1"])
    scored = score_labels(labels, scorers=[trained])
    assert scored["mine_label"].tolist() == trained.metadata["cv_predicted"]
    assert scored.attrs["cross_validated"] == ["mine"]


@pytest.mark.slow
def test_trained_scorer_on_other_labels_uses_its_own_predictions(write_csv, trained):
    labels = read_labels(write_csv(LABELLED))
    report = validate(labels, scorers=[trained])
    assert report["how"].tolist() == ["own labels"]
    predicted = trained.score(labels["text"])["mine_label"]
    assert report.loc[0, "accuracy"] == pytest.approx(accuracy(labels["label"], predicted))
    scores = read_labels(write_csv(SCORED))
    assert validate(scores, scorers=[trained]).columns.tolist() == ["scorer", "n", "pearson", "spearman", "how"]
