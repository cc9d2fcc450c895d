"""The Parquet store: incremental updates, rebuilds, identical results on every engine."""

from __future__ import annotations

import json
import shutil
import warnings

import pandas as pd
import pandas.testing as pdt
import pytest

from newsframe.actors import load_actors
from newsframe.errors import ConfigError
from newsframe.load import load_articles
from newsframe.store import TABLES, Store, analyse, build, enrich


def assert_same(left: dict, right: dict) -> None:
    assert set(left) == set(right) == set(TABLES)
    for name in TABLES:
        pdt.assert_frame_equal(left[name], right[name], check_dtype=False, obj=name)


@pytest.fixture
def corpus(tmp_path, tiny_corpus_dir):
    return shutil.copytree(tiny_corpus_dir, tmp_path / "corpus")


@pytest.fixture(scope="module")
def fresh(tiny_corpus_dir):
    """The tables computed without any store, the reference for every other path."""
    return analyse(load_articles(tiny_corpus_dir), cache=False, batch_size=2)


def test_store_matches_fresh_computation_and_reuses_everything_next_time(tmp_path, corpus, fresh):
    articles = load_articles(corpus)
    first = analyse(articles, cache_dir=tmp_path / "store", batch_size=2, n_jobs=2)
    assert_same(first, fresh)
    summary = Store(tmp_path / "store", aliases=load_actors()).update([articles])
    assert summary.loc[0, ["articles", "enriched", "reused"]].tolist() == [6, 0, 6]
    assert_same(analyse(articles, cache_dir=tmp_path / "store", batch_size=2), fresh)


def test_only_changed_and_new_articles_are_enriched(tmp_path, corpus):
    store_dir = tmp_path / "store"
    build(corpus, cache_dir=store_dir, batch_size=3)
    (corpus / "001_nato-summit.txt").write_text(
        "date 2022-01-10 NATO ministers meet.\n\nThe talks were a terrible failure, NATO said.", encoding="utf-8")
    (corpus / "007_new.txt").write_text("date 2022-04-01 New article.\n\nRussia and China met.", encoding="utf-8")
    summary = build(corpus, cache_dir=store_dir, batch_size=3)
    assert summary.loc[0, ["articles", "enriched", "reused"]].tolist() == [7, 2, 5]
    articles = load_articles(corpus)
    tables = analyse(articles, cache_dir=store_dir)
    changed = articles.loc[articles["source"].eq("001_nato-summit.txt"), "article_id"].item()
    sentences = tables["sentences"][tables["sentences"]["article_id"].eq(changed)]
    assert sentences["text"].tolist() == ["NATO ministers meet.", "The talks were a terrible failure, NATO said."]
    assert_same(tables, analyse(articles, cache=False))


def test_store_of_other_code_or_actors_is_rebuilt(tmp_path, corpus):
    store_dir = tmp_path / "store"
    build(corpus, cache_dir=store_dir)
    meta = json.loads((store_dir / "store.json").read_text())
    (store_dir / "store.json").write_text(json.dumps(meta | {"fingerprint": "other"}))
    with pytest.warns(UserWarning, match="other analysis code or another actor dictionary"):
        summary = build(corpus, cache_dir=store_dir)
    assert summary.loc[0, "enriched"] == 6


def test_corrupt_store_is_rebuilt(tmp_path, corpus):
    store_dir = tmp_path / "store"
    build(corpus, cache_dir=store_dir)
    next((store_dir / "manifest").glob("*.parquet")).write_bytes(b"garbage")
    with pytest.warns(UserWarning, match="unreadable"):
        summary = build(corpus, cache_dir=store_dir)
    assert summary.loc[0, "enriched"] == 6
    part = next((store_dir / "parts" / "terms").glob("*.parquet"))
    part.unlink()
    with pytest.warns(UserWarning, match="parts missing"):
        assert build(corpus, cache_dir=store_dir).loc[0, "enriched"] == 6


def test_another_actor_dictionary_gets_its_own_fingerprint(tmp_path):
    extra = tmp_path / "extra.yml"
    extra.write_text("actors:\n  - name: Jane Example\n    type: person\n    aliases: [Example]\n")
    default = Store(tmp_path, aliases=load_actors())
    extended = Store(tmp_path, aliases=load_actors(extend=extra))
    assert default.fingerprint != extended.fingerprint


def test_an_interrupted_update_keeps_the_batches_it_finished(monkeypatch, tmp_path, corpus):
    from newsframe import store

    finished = []
    real = store.enrich_and_write

    def stop_after_two(articles, aliases, folder):
        if len(finished) == 2:
            raise KeyboardInterrupt
        finished.append(real(articles, aliases, folder))
        return finished[-1]

    monkeypatch.setattr(store, "enrich_and_write", stop_after_two)
    with pytest.raises(KeyboardInterrupt):
        build(corpus, cache_dir=tmp_path / "store", batch_size=2, n_jobs=1)
    monkeypatch.undo()
    summary = build(corpus, cache_dir=tmp_path / "store", batch_size=2)
    assert summary.loc[0, ["articles", "enriched", "reused"]].tolist() == [6, 2, 4]


def test_writes_leave_no_temporary_files(tmp_path, corpus):
    build(corpus, cache_dir=tmp_path / "store", batch_size=2)
    assert not [p for p in (tmp_path / "store").rglob("*") if p.name.endswith(".tmp")]


def test_dask_engine_gives_identical_tables(tmp_path, tiny_corpus_dir, fresh):
    pytest.importorskip("distributed")
    articles = load_articles(tiny_corpus_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # distributed's own start-up chatter
        tables = analyse(articles, engine="dask", n_jobs=2, cache_dir=tmp_path / "store", batch_size=2)
    assert_same(tables, fresh)


def test_enrich_of_an_empty_batch_gives_empty_tables():
    empty = load_articles.__wrapped__ if hasattr(load_articles, "__wrapped__") else None
    articles = pd.DataFrame({c: pd.Series(dtype="string") for c in ("article_id", "title", "text", "content_hash")})
    articles = articles.assign(date=pd.Series(dtype="datetime64[ns]"))
    tables = enrich(articles, load_actors())
    assert all(len(tables[name]) == 0 for name in TABLES) and empty is None


def test_bad_options_name_valid_values(tiny_articles):
    with pytest.raises(ConfigError, match="'local', 'dask'"):
        analyse(tiny_articles, engine="spark")
    with pytest.raises(ConfigError, match="batch_size"):
        analyse(tiny_articles, batch_size=0, cache=False)


def test_build_rejects_a_batch_size_below_one(tiny_corpus_dir, tmp_path):
    with pytest.raises(ConfigError, match="batch_size must be at least 1; got 0"):
        build(tiny_corpus_dir, cache_dir=tmp_path / "store", batch_size=0)
