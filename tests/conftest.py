"""Shared fixtures: the tiny corpus (the seed article and a few short articles) and its load."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

# The Parquet store of analysed tables goes to a throw-away folder, never the checkout's .cache;
# set before newsframe is imported, and inherited by the kernels that run the notebooks.
os.environ["NEWSFRAME_CACHE"] = tempfile.mkdtemp(prefix="newsframe-test-cache-")

FIXTURES = Path(__file__).parent / "fixtures"
TINY_CORPUS = FIXTURES / "corpus"
SEED_NAME = "000_83ee76fa5dfcaf86.txt"


@pytest.fixture(scope="session")
def tiny_corpus_dir() -> Path:
    """Seven files: the seed article, four dated articles (one a duplicate), one undated
    article and one file whose date line is impossible (rejected)."""
    return TINY_CORPUS


@pytest.fixture(scope="session")
def seed_article_path() -> Path:
    return TINY_CORPUS / SEED_NAME


@pytest.fixture(scope="session")
def _tiny_articles() -> pd.DataFrame:
    from newsframe.load import load_articles

    return load_articles(TINY_CORPUS)


@pytest.fixture
def tiny_articles(_tiny_articles: pd.DataFrame) -> pd.DataFrame:
    """The loaded tiny corpus (a fresh copy for each test, so no test can alter another's)."""
    articles = _tiny_articles.copy()
    articles.attrs = dict(_tiny_articles.attrs)
    return articles
