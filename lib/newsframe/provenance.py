"""Provenance: what went into a result, so a figure can be traced to its corpus and code."""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata

import pandas as pd

from newsframe import schemas

PACKAGES = (
    "newsframe",
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "textblob",
    "vaderSentiment",
    "sentencex",
    "pyahocorasick",
    "networkx",
    "scipy",
    "papermill",
    "nbconvert",
)


def corpus_hash(articles: pd.DataFrame) -> str:
    """A 16-hex-digit fingerprint of a corpus: equal when the same articles have the same content.

    Independent of row order; changes when any article is added, removed or edited.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "content_hash": ["1", "2"]})
    >>> corpus_hash(arts) == corpus_hash(arts.iloc[::-1])
    True
    """
    digest = hashlib.blake2b(digest_size=8)
    for pair in sorted(zip(articles["article_id"], articles["content_hash"], strict=True)):
        digest.update("\t".join(pair).encode("utf-8") + b"\n")
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Python's version and those of the libraries behind the numbers.

    >>> "pandas" in library_versions()
    True
    """
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def provenance(
    articles: pd.DataFrame, *, corpus: str, parameters: Mapping[str, object], started: datetime
) -> pd.DataFrame:
    """A two-column table (``field``, ``value``) saying what a notebook's results came from.

    Covers the corpus path, article count and date range, the corpus hash, the parameters,
    the library versions and the run time since ``started``.

    >>> arts = pd.DataFrame({"article_id": ["a"], "content_hash": ["1"], "date": [pd.NaT]})
    >>> table = provenance(arts, corpus="x", parameters={"since": None},
    ...                    started=datetime.now(UTC))
    >>> table["field"].tolist()[:3]
    ['corpus', 'articles', 'corpus hash']
    """
    dates = articles["date"].dropna()
    span = f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "no dated articles"
    finished = datetime.now(UTC)
    rows = {
        "corpus": corpus,
        "articles": f"{len(articles):,}",
        "corpus hash": corpus_hash(articles),
        "dates": span,
        "parameters": ", ".join(f"{k}={v!r}" for k, v in parameters.items()),
        "libraries": ", ".join(f"{k} {v}" for k, v in library_versions().items()),
        "run at": f"{started:%Y-%m-%d %H:%M:%S %Z}",
        "run time": f"{(finished - started).total_seconds():.1f} s",
    }
    return schemas.conform(pd.DataFrame({"field": list(rows), "value": list(rows.values())}), "provenance")
