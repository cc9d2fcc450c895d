"""Tests for newsframe.sentiment.encoder: a sentence encoder read by a trained scorer. The real
encoders need PyTorch, which the test environment does not install; these tests use a small
deterministic encoder with the same interface (texts in, one vector per text out)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsframe.errors import ConfigError
from newsframe.sentiment import load_scorer, save_scorer, train_scorer, training
from newsframe.sentiment.encoder import MARKER, Encoder, embed, files_digest, load_encoder

LABELS_FILE = Path(__file__).parent / "fixtures" / "sentiment_labels.csv"
GOOD, BAD = ("good", "great", "wonderful", "happy", "success", "win"), ("bad", "terrible", "deadly", "disaster", "loss")
pytestmark = pytest.mark.slow  # trainings take seconds


def _words(texts: list[str]) -> np.ndarray:
    """A stand-in encoder: counts of a few positive and negative words, and whether a target is marked."""
    lowered = [t.lower() for t in texts]
    return np.array(
        [[sum(t.count(w) for w in GOOD), sum(t.count(w) for w in BAD), MARKER.lower() in t] for t in lowered]
    )


WORDS = Encoder(source="/nowhere/words-encoder", digest="d1", encode=_words)


def test_embed_marks_the_target_and_keeps_text_order():
    texts = pd.Series(["Praise Smith, a good man.", "Bad news."], index=[5, 9])
    spans = pd.DataFrame({"target_start": [7, pd.NA], "target_end": [12, pd.NA]}, dtype="Int64")
    vectors = embed(texts, WORDS, targets=spans)
    assert vectors.columns.tolist() == [f"embedding_{i}" for i in range(6)]
    # the marked text (good word, marker), then the words around the target (good word): unit length / sqrt(2)
    half = 2**-0.5
    assert vectors.round(3).to_numpy().tolist() == [
        [0.5, 0.0, 0.5, round(half, 3), 0.0, 0.0],
        [0.0, round(half, 3), 0.0, 0.0, round(half, 3), 0.0],  # no target: the text twice
    ]
    plain = embed(texts, WORDS)
    assert plain.round(3).to_numpy().tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    assert embed(texts.iloc[:0], WORDS).shape == (0, 0)


def test_a_scorer_trained_with_an_encoder_reads_its_embeddings_and_records_it():
    model = train_scorer(LABELS_FILE, name="mine", folds=3, n_boot=50, encoder=WORDS)
    assert model.metadata["encoder"] == {"source": "/nowhere/words-encoder", "digest": "d1"}
    assert "encoder" in model.metadata["features"]
    step = model.pipeline.named_steps["features"]
    assert step.transformer_weights["encoder"] == training.ENCODER_WEIGHT
    assert [name for name, _, _ in step.transformers][-1] == "encoder"
    scores = model.score(["A wonderful happy win.", "A deadly terrible disaster."])
    assert scores["mine_label"].tolist() == ["pos", "neg"]
    plain = train_scorer(LABELS_FILE, name="mine", folds=3, n_boot=50)
    assert (
        plain.metadata["encoder"] is None
        and "encoder" not in plain.pipeline.named_steps["features"].transformer_weights
    )


def test_a_saved_scorer_finds_its_encoder_again_or_says_where_it_was(tmp_path, monkeypatch):
    model = train_scorer(LABELS_FILE, name="mine", folds=3, n_boot=50, encoder=WORDS)
    loaded = load_scorer(save_scorer(model, tmp_path / "mine"))
    assert loaded.encoder is None and loaded.metadata["encoder"]["source"] == "/nowhere/words-encoder"
    with pytest.raises(ConfigError, match="/nowhere/words-encoder: no such encoder folder"):
        loaded.score(["A good day."])
    monkeypatch.setattr(training, "load_encoder", lambda source, digest: WORDS)
    assert loaded.score(["A wonderful happy win."])["mine_label"].tolist() == ["pos"]


def test_an_encoder_folder_changed_since_training_is_refused_before_any_kernel_starts(tmp_path):
    from newsframe.report.values import Kind, read_parameter

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"weights")
    encoder = Encoder(source=str(folder), digest=files_digest(folder), encode=_words)
    path = save_scorer(train_scorer(LABELS_FILE, name="mine", folds=3, n_boot=50, encoder=encoder), tmp_path / "mine")
    (folder / "model.safetensors").write_bytes(b"other weights")
    with pytest.raises(ConfigError, match="-p scorer: .*the encoder's files have changed"):
        read_parameter("scorer", str(path), Kind("str"))
    with pytest.raises(ConfigError, match="files have changed"):
        load_scorer(path).score(["A good day."])


def test_load_encoder_names_what_is_missing(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="no such encoder folder"):
        load_encoder(tmp_path / "absent")
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    with pytest.raises(ConfigError, match=r"pip install 'newsframe\[encoder\]'"):
        load_encoder(tmp_path)


def test_files_digest_follows_the_model_files(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "model.safetensors").write_bytes(b"weights")
    before = files_digest(tmp_path)
    (tmp_path / "notes.md").write_text("not a model file")
    assert files_digest(tmp_path) == before
    (tmp_path / "model.safetensors").write_bytes(b"other weights")
    assert files_digest(tmp_path) != before
