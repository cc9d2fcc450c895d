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

import newsframe.report  # noqa: E402, F401  (before any test imports nbformat: see newsframe.report.startup)

# `make test-fast` runs `pytest -m "not slow"`. Slow: whole modules that run notebooks, kernels, a
# browser, real reports or build stores (paths from the repository root; a folder covers its
# doctests), and single tests that take over about a second.
SLOW_MODULES = (
    "tests/test_notebooks.py",  # every notebook through Papermill
    "tests/test_browser.py",  # a rendered report in headless Chromium
    "tests/test_report.py",  # real report runs
    "tests/test_cli.py",  # the command line running reports
    "tests/test_store.py",  # builds stores, one of them on a Dask cluster
    "tests/test_packaging.py",  # builds and installs a wheel
    "lib/newsframe/store/",  # doctests that build stores
    "lib/newsframe/drivers.py",  # a doctest that analyses the sample
    "lib/newsframe/report/findings.py",  # a doctest that analyses the sample
    "tests/test_explore.py",  # the explorer over a store, and Voilà in headless Chromium
)
SLOW_TESTS = frozenset(
    {
        "test_files_in_equals_loaded_plus_rejected",  # hypothesis: 60 folders written and loaded
        "test_parse_article_round_trips_generated_articles",  # hypothesis: 300 generated articles
        "test_workers_exit_when_their_parent_is_killed",  # waits for orphaned workers to exit
    }
)


def _relative(path: Path, config: pytest.Config) -> str:
    return path.relative_to(config.rootpath).as_posix() if path.is_relative_to(config.rootpath) else ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _relative(item.path, config).startswith(SLOW_MODULES) or getattr(item, "originalname", "") in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under exactly ``-m "not slow"``, do not even import the slow modules (seconds of imports)."""
    if " ".join(config.option.markexpr.split()) == "not slow" and _relative(collection_path, config) in SLOW_MODULES:
        return True
    return None


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
