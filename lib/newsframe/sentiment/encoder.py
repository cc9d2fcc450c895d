"""A pretrained sentence encoder, read by a trained scorer beside its n-grams and lexicon scores.

Optional: it needs sentence-transformers (``pip install 'newsframe[encoder]'``, which brings PyTorch)
and a sentence-transformers model saved in a folder on your machine (such as all-MiniLM-L6-v2);
newsframe downloads nothing. A scorer trained with an encoder records the folder and a digest of
its files, and reads texts with the same model wherever it is used.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from newsframe.errors import ConfigError

# What stands in for the target in the text the encoder reads (a target-aware scorer's target), and the
# words either side of the target in the second text it reads; both chosen on other draws than the
# reported ones (docs/sentiment.md, "With a pretrained encoder").
MARKER = "[TARGET]"
WINDOW = 8
_MODEL_FILES = ("*.safetensors", "*.bin", "*.json", "*.txt", "*.model")


@dataclass(frozen=True)
class Encoder:
    """A sentence encoder: its ``source`` (the model folder), a ``digest`` of its files, and
    ``encode``, which turns a list of texts into an array with one row per text."""

    source: str
    digest: str
    encode: Callable[[list[str]], np.ndarray] = field(repr=False, compare=False)


def load_encoder(source: str | Path, *, digest: str | None = None) -> Encoder:
    """The sentence-transformers model saved in the folder ``source``, run on the CPU (loaded, and
    its files hashed, once per process). ``ConfigError`` when the folder or sentence-transformers is
    missing, or, given the ``digest`` a scorer recorded, when the folder's files differ."""
    return _loaded(str(check_encoder(source, digest)))


def check_encoder(source: str | Path, digest: str | None = None) -> Path:
    """The folder ``source``, resolved, when an encoder can be loaded from it (and its files have
    ``digest``, when given), without loading it; else ``ConfigError`` saying what is missing."""
    folder = Path(source).expanduser()
    if not folder.is_dir():
        raise ConfigError(
            f"{folder}: no such encoder folder (a sentence-transformers model saved on this machine; "
            "newsframe downloads nothing)"
        )
    if digest is not None and _digest_of(str(folder.resolve())) != digest:
        raise ConfigError(f"{folder}: the encoder's files have changed since the scorer was trained; train it again")
    if importlib.util.find_spec("sentence_transformers") is None:
        raise ConfigError("reading texts with an encoder needs sentence-transformers: pip install 'newsframe[encoder]'")
    return folder.resolve()


@functools.lru_cache(maxsize=2)
def _loaded(folder: str) -> Encoder:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder: never ask the model hub
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(folder, device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts, batch_size=64, show_progress_bar=False, convert_to_numpy=True))

    return Encoder(source=folder, digest=_digest_of(folder), encode=encode)


@functools.lru_cache(maxsize=4)
def _digest_of(folder: str) -> str:
    """``files_digest`` of a model folder, once per process (a model is read once per process too)."""
    return files_digest(Path(folder))


def files_digest(folder: Path) -> str:
    """SHA-256 over the model's files (weights, configuration, vocabulary), by relative path.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "config.json").write_text("{}")
    ...     files_digest(Path(d))[:12]
    '2024ccc5210c'
    """
    digest = hashlib.sha256()
    paths = sorted({p for pattern in _MODEL_FILES for p in folder.rglob(pattern) if p.is_file()})
    for path in paths:
        digest.update(f"{path.relative_to(folder).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def embed(texts: pd.Series, encoder: Encoder, *, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """``encoder``'s embeddings of each text, as columns ``embedding_0``, ``embedding_1``, ... in text
    order. Without ``targets``: the text's. With them (``target_start``, ``target_end``; NA for
    none): the text with its target replaced by ``[TARGET]``, and the ``WINDOW`` words either side
    of the target with the target (the whole text when there is none), side by side. Each
    embedding is scaled to unit length and divided by the square root of their number.

    >>> fake = Encoder("fake", "0", lambda texts: np.array([[len(t), t.count(MARKER)] for t in texts], float))
    >>> embed(pd.Series(["Praise Smith."]), fake).round(3).values.tolist()
    [[1.0, 0.0]]
    >>> spans = pd.DataFrame({"target_start": [7], "target_end": [12]})
    >>> embed(pd.Series(["Praise Smith."]), fake, targets=spans).round(3).values.tolist()
    [[0.706, 0.044, 0.707, 0.0]]
    """
    texts = texts.astype(str).reset_index(drop=True)
    if not len(texts):
        return pd.DataFrame(index=pd.RangeIndex(0))
    if targets is None:
        readings = [texts.tolist()]
    else:
        spans = list(
            zip(
                targets["target_start"].reset_index(drop=True),
                targets["target_end"].reset_index(drop=True),
                strict=True,
            )
        )
        marked = [
            text if pd.isna(a) else f"{text[: int(a)]}{MARKER}{text[int(b) :]}" for text, (a, b) in zip(texts, spans)
        ]
        around = [text if pd.isna(a) else _window(text, int(a), int(b)) for text, (a, b) in zip(texts, spans)]
        readings = [marked, around]
    blocks = []
    for reading in readings:
        vectors = np.asarray(encoder.encode(reading), dtype=float).reshape(len(texts), -1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        blocks.append(np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0) / np.sqrt(len(readings)))
    joined = np.hstack(blocks)
    return pd.DataFrame(joined, columns=[f"embedding_{i}" for i in range(joined.shape[1])])


def _window(text: str, start: int, end: int) -> str:
    """The target and up to ``WINDOW`` words either side of it.

    >>> _window("one two three four five six seven eight nine ten eleven Smith said so", 56, 61)
    'four five six seven eight nine ten eleven Smith said so'
    """
    before, after = text[:start].split()[-WINDOW:], text[end:].split()[:WINDOW]
    return " ".join([*before, text[start:end], *after])
