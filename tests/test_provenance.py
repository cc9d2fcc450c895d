"""Provenance: the corpus fingerprint and the block every overview ends with."""

from __future__ import annotations

from datetime import UTC, datetime

from newsframe import schemas
from newsframe.provenance import corpus_hash, library_versions, provenance


def test_corpus_hash_changes_with_content_not_order(tiny_articles):
    original = corpus_hash(tiny_articles)
    assert corpus_hash(tiny_articles.sample(frac=1, random_state=1)) == original
    edited = tiny_articles.assign(content_hash=tiny_articles["content_hash"].str.replace("a", "b"))
    assert corpus_hash(edited) != original
    assert corpus_hash(tiny_articles.iloc[1:]) != original


def test_library_versions_name_the_analysis_libraries():
    versions = library_versions()
    assert {"python", "pandas", "textblob", "newsframe"} <= set(versions)
    assert versions["newsframe"] != "not installed"


def test_provenance_block(tiny_articles):
    table = provenance(
        tiny_articles, corpus="tests/fixtures/corpus", parameters={"since": None}, started=datetime.now(UTC)
    ).set_index("field")["value"]
    assert table["articles"] == "6"
    assert table["dates"] == "2021-12-15 to 2022-03-14"
    assert table["corpus hash"] == corpus_hash(tiny_articles)
    assert table["parameters"] == "since=None"


def test_provenance_block_follows_its_schema(tiny_articles):
    table = provenance(tiny_articles.iloc[:0], corpus="x", parameters={}, started=datetime.now(UTC))
    assert table.dtypes.astype(str).to_dict() == schemas.dtypes("provenance")
    assert table.set_index("field").loc["dates", "value"] == "no dated articles"
