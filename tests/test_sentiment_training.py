"""Tests for newsframe.sentiment.training: training your own scorer, saving and loading it safely,
and using it wherever a scorer name goes."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from newsframe.errors import ConfigError, LabelsError
from newsframe.sentiment import (
    TrainedScorer,
    bootstrap_macro_f1,
    load_scorer,
    resolve_scorer,
    save_scorer,
    score_articles,
    score_column,
    score_sentences,
    score_texts,
    train_scorer,
    with_scorer,
)
from newsframe.text import split_sentences
from newsframe.validation import read_labels

LABELS_FILE = Path(__file__).parent / "fixtures" / "sentiment_labels.csv"  # 36 sentences, 12 per class
pytestmark = pytest.mark.slow  # each training takes seconds (the lexicon scorers load, scikit-learn imports)


@pytest.fixture(scope="module")
def model() -> TrainedScorer:
    return train_scorer(LABELS_FILE, name="mine", folds=3, n_boot=200)


def test_training_records_its_metadata(model):
    meta = model.metadata
    assert meta["n"] == 36 and meta["classes"] == {"neg": 12, "neutral": 12, "pos": 12}
    assert meta["cv_folds"] == 3 and len(meta["cv_predicted"]) == 36
    truth = read_labels(LABELS_FILE)["label"].to_numpy(dtype=object)
    # The reported CV figure is the macro-F1 of the stored out-of-fold predictions.
    assert meta["cv_macro_f1"] == pytest.approx(f1_score(truth, meta["cv_predicted"], average="macro"))
    low, high = meta["cv_interval"]
    assert low <= meta["cv_macro_f1"] <= high
    assert len(meta["labels_file_sha256"]) == 64 and len(meta["labels_sha256"]) == 64
    assert {"scikit-learn", "skops", "numpy"} <= set(meta["versions"])
    assert meta["labels_source"] == str(LABELS_FILE)


def test_trained_scorer_learns_the_fixture(model):
    # Well above chance (1/3) on sentences it never saw in training.
    assert model.metadata["cv_macro_f1"] > 0.5
    scores = model.score(["A wonderful, happy success for everyone.", "A terrible, deadly disaster.", None])
    assert scores["mine_label"].tolist()[:2] == ["pos", "neg"] and scores["mine_label"].isna().tolist()[2]
    assert scores["mine"].iloc[0] > 0 > scores["mine"].iloc[1] and np.isnan(scores["mine"].iloc[2])
    assert scores["mine"].iloc[:2].between(-1, 1).all()


def test_training_refuses_too_few_labels():
    labels = pd.DataFrame({"text": ["Good.", "Bad.", "Fine."], "label": ["pos", "neg", "pos"]})
    with pytest.raises(LabelsError, match="at least two classes with 5 or more"):
        train_scorer(labels)
    with pytest.raises(LabelsError, match="label must be one of"):
        train_scorer(pd.DataFrame({"text": ["Good."] * 6, "label": ["positive"] * 6}))
    with pytest.raises(ConfigError, match="identifier"):
        train_scorer(LABELS_FILE, name="my scorer")


def test_save_and_load_round_trip(model, tmp_path):
    path = save_scorer(model, tmp_path / "mine")
    assert path.name == "mine.skops"
    loaded = load_scorer(path)
    assert loaded.name == "mine" and loaded.metadata == model.metadata
    texts = ["Talks collapsed in bitter failure.", "The meeting is on Monday."]
    pd.testing.assert_frame_equal(loaded.score(texts), model.score(texts))


def test_load_refuses_pickles_and_untrusted_types(model, tmp_path):
    pickled = tmp_path / "mine.pkl"
    pickled.write_bytes(pickle.dumps(model.pipeline))
    with pytest.raises(ConfigError, match="does not load pickle"):
        load_scorer(pickled)
    with pytest.raises(ConfigError, match="no such scorer"):
        load_scorer(tmp_path / "absent.skops")
    (tmp_path / "broken.skops").write_text("not a zip")
    with pytest.raises(ConfigError, match="cannot be read as a skops file"):
        load_scorer(tmp_path / "broken.skops")
    # A file that names a type outside scikit-learn's and numpy's is refused before anything in it runs.
    path = save_scorer(model, tmp_path / "mine")
    hostile = tmp_path / "hostile.skops"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "schema.json":
                data = data.replace(b'"LogisticRegression"', b'"Popen"').replace(
                    b'"sklearn.linear_model._logistic"', b'"subprocess"'
                )
            target.writestr(item, data)
    with pytest.raises(ConfigError, match="subprocess.Popen") as refused:
        load_scorer(hostile)
    # The scipy B-spline of the lexicon scores is the one type beyond skops's defaults a scorer may hold.
    assert "BSpline" not in str(refused.value)


def test_trained_scorer_goes_where_a_scorer_name_goes(model):
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "title": ["Great win", ""],
            "text": ["A happy success. The vote is on Monday.", "An awful loss."],
        }
    )
    sentences = split_sentences(articles)
    scored = score_sentences(sentences, scorers=["vader", model])
    assert scored.columns.tolist() == [
        *sentences.columns,
        "vader_compound",
        "vader_pos",
        "vader_neu",
        "vader_neg",
        "mine",
        "mine_label",
    ]
    # The built-in columns are exactly those of scoring without the model.
    pd.testing.assert_frame_equal(
        scored.drop(columns=["mine", "mine_label"]), score_sentences(sentences, scorers=["vader"])
    )
    assert score_column(model) == "mine"
    # On top of sentences already scored (as the store keeps them), like afinn and news.
    stored = score_sentences(sentences)
    by_article = score_articles(articles, sentences=stored, scorers=["textblob", model])
    assert {"mine", "title_mine", "mine_sign_differs", "polarity"} <= set(by_article.columns)
    assert by_article["title_mine"].isna().tolist() == [False, True]
    alone = score_articles(articles, scorers=[model])
    assert alone.columns.tolist() == ["article_id", "n_sentences", "mine", "title_mine", "mine_sign_differs"]
    pd.testing.assert_series_equal(alone["mine"], by_article["mine"])
    texts = score_texts(articles["text"], scorers=[model])
    assert texts.columns.tolist() == ["mine", "mine_label"]


def test_a_trained_scorer_may_not_take_a_built_in_name(model):
    clash = TrainedScorer(name="polarity", pipeline=model.pipeline)
    with pytest.raises(ConfigError, match="built-in"):
        score_texts(["Good."], scorers=["textblob", clash])


@pytest.mark.parametrize("seed", [0, 1])
def test_bootstrap_interval_of_macro_f1(seed):
    rng = np.random.default_rng(seed)
    truth = rng.choice(["neg", "neutral", "pos"], size=300)
    predicted = np.where(rng.random(300) < 0.7, truth, rng.choice(["neg", "neutral", "pos"], size=300))
    low, high = bootstrap_macro_f1(truth, predicted, n_boot=500, seed=seed)
    point = f1_score(truth, predicted, average="macro")
    assert low < point < high and high - low < 0.2
    assert np.isnan(bootstrap_macro_f1(truth[:1], predicted[:1])).all()  # no interval from one text


def test_resolve_scorer_takes_names_and_model_files(model, tmp_path):
    assert resolve_scorer("vader") == "vader" and resolve_scorer(model) is model
    path = save_scorer(model, tmp_path / "mine.skops")
    assert resolve_scorer(str(path)).metadata == model.metadata
    with pytest.raises(ConfigError, match="neither one of"):
        resolve_scorer("vadr")


def test_report_run_trains_saves_and_compares_a_scorer(tmp_path, tiny_corpus_dir):
    from newsframe.report import run_report

    labels = tmp_path / "labels" / "mine.csv"
    labels.parent.mkdir()
    labels.write_bytes(LABELS_FILE.read_bytes())
    run = run_report(
        corpus=tiny_corpus_dir,
        notebooks=["label-and-validate"],
        out=tmp_path / "reports",
        parameters={"labels": str(labels), "folds": 3},
        cache=False,
        progress=False,
    )
    assert run.record["status"] == "ok", run.record
    page = (run.path / "06-label-and-validate.html").read_text(encoding="utf-8")
    assert "cross-validated" in page and "my_scorer" in page
    model = load_scorer(labels.with_suffix(".skops"))
    assert model.metadata["n"] == 36 and model.metadata["labels_file_sha256"] is not None


def test_with_scorer_puts_a_trained_scorer_on_top_of_stored_tables(model):
    articles = pd.DataFrame(
        {"article_id": ["a", "b"], "title": ["Great win", "Sad loss"], "text": ["A happy day.", "A bad day."]}
    )
    stored = score_sentences(split_sentences(articles))
    stored_scores = score_articles(articles, sentences=stored)
    sentences, scores = with_scorer(articles, stored, stored_scores, model)
    assert sentences.columns.tolist() == [*stored.columns, "mine", "mine_label"]
    assert scores.columns.tolist() == [*stored_scores.columns, "mine", "title_mine", "mine_sign_differs"]
    pd.testing.assert_frame_equal(scores[stored_scores.columns], stored_scores)
    same = with_scorer(articles, stored, stored_scores, "textblob")
    assert same[0] is stored and same[1] is stored_scores


# Labels toward a target: the same words praise one person and attack the other, so only the
# target's span tells the label.
PEOPLE = ["Smith", "Jones", "Brown", "Patel", "Garcia", "Nowak", "Okafor", "Rossi", "Larsen", "Dubois"]
PRAISE = ["praised", "thanked", "admired", "applauded", "celebrated"]
BLAME = ["attacked", "blamed", "mocked", "condemned", "insulted"]


def targeted_labels() -> pd.DataFrame:
    rows = []
    for i, first in enumerate(PEOPLE):
        second = PEOPLE[(i + 3) % len(PEOPLE)]
        good, bad = PRAISE[i % 5], BLAME[(i + 2) % 5]
        text = f"{first} {good} the plan, but critics {bad} {second} bitterly."
        rows.append((text, "pos", 0, len(first)))
        rows.append((text, "neg", text.rindex(second), text.rindex(second) + len(second)))
        met = f"{first} met {second} in the capital on Monday."
        rows.append((met, "neutral", 0, len(first)))
    return pd.DataFrame(rows, columns=["text", "label", "target_start", "target_end"])


@pytest.fixture(scope="module")
def targeted_model() -> TrainedScorer:
    return train_scorer(targeted_labels(), name="toward", folds=3, n_boot=100)


def test_targets_train_a_target_aware_scorer(targeted_model):
    labels = targeted_labels()
    meta = targeted_model.metadata
    assert targeted_model.targeted and meta["targeted"] and meta["targets"] == len(labels)
    assert "target" in meta["features"]
    # Target-free, the pos and neg rows are the same texts: the target-aware scorer is far better.
    plain = train_scorer(labels[["text", "label"]], folds=3, n_boot=100)
    assert not plain.targeted and plain.metadata["targets"] == 0
    assert meta["cv_macro_f1"] > plain.metadata["cv_macro_f1"] + 0.2
    text = "Garcia thanked the plan, but critics blamed Rossi bitterly."
    spans = pd.DataFrame({"target_start": [0, text.index("Rossi")], "target_end": [6, text.index("Rossi") + 5]})
    scored = targeted_model.score([text, text], targets=spans)
    assert scored["toward_label"].tolist() == ["pos", "neg"]


def test_a_target_aware_scorer_scores_texts_without_targets(targeted_model):
    # As in score_texts: no spans, each text read as having no target; NA spans likewise.
    texts = ["Smith met Jones in the capital on Monday.", None]
    without = targeted_model.score(texts)
    na = pd.DataFrame({"target_start": pd.array([pd.NA, pd.NA], dtype="Int64"), "target_end": [None, None]})
    pd.testing.assert_frame_equal(targeted_model.score(texts, targets=na), without)
    assert without["toward_label"].notna().tolist() == [True, False]
    assert score_texts(texts, scorers=[targeted_model])["toward"].equals(without["toward"])


def test_a_target_aware_scorer_survives_saving(targeted_model, tmp_path):
    loaded = load_scorer(save_scorer(targeted_model, tmp_path / "toward"))
    assert loaded.targeted
    labels = targeted_labels().head(6)
    pd.testing.assert_frame_equal(
        loaded.score(labels["text"], targets=labels[["target_start", "target_end"]]),
        targeted_model.score(labels["text"], targets=labels[["target_start", "target_end"]]),
    )


def test_targets_are_read_from_a_labels_file_with_skipped_rows(tmp_path):
    labels = targeted_labels()
    skipped = pd.DataFrame({"text": ["Unclear."], "label": ["skip"], "target_start": [""], "target_end": [""]})
    path = tmp_path / "labels.csv"
    pd.concat([skipped, labels.astype({"target_start": str, "target_end": str})]).to_csv(path, index=False)
    model = train_scorer(path, folds=3, n_boot=50)
    assert model.targeted and model.metadata["n"] == len(labels) and model.metadata["targets"] == len(labels)


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("target_start", 5, "0 <= start < end"),
        ("target_end", 500, "0 <= start < end"),
        ("target_start", "x", "whole numbers"),
        ("target_start", 1.5, "whole numbers"),
        ("target_start", None, "or both empty"),
    ],
    ids=["start after end", "past the text", "not a number", "not whole", "one of the two missing"],
)
def test_bad_targets_are_named_by_row(column, value, message):
    labels = targeted_labels().astype(object)
    labels.loc[0, column] = value  # the first row: Smith, 0 to 5
    with pytest.raises(LabelsError, match=message) as error:
        train_scorer(labels, folds=3, n_boot=50)
    assert error.value.rows == [1]


def test_targets_need_both_columns():
    with pytest.raises(LabelsError, match="need both target_start and target_end; found only target_start"):
        train_scorer(targeted_labels().drop(columns="target_end"), folds=3, n_boot=50)
