"""The Parquet store: incremental updates, rebuilds, identical results on every engine."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from newsframe import schemas
from newsframe.actors import load_actors
from newsframe.errors import ConfigError, StoreError
from newsframe.load import load_articles
from newsframe.store import TABLES, Store, analyse, build, code_fingerprint, enrich
from newsframe.store.pipeline import SCHEMA_OF


def assert_same(left: dict, right: dict) -> None:
    assert set(left) == set(right) == set(TABLES)
    for name in TABLES:
        pdt.assert_frame_equal(left[name], right[name], obj=name)


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


def test_reads_follow_the_articles_order_and_take_only_the_columns_asked_for(tmp_path, corpus, fresh):
    """Parts are stored by batch; a read returns rows in the order of the articles it is given
    (reversed here, so the batches interleave), each article's rows in their own order."""
    articles = load_articles(corpus)
    analyse(articles, cache_dir=tmp_path / "store", batch_size=2)
    backwards = articles.iloc[::-1].reset_index(drop=True)
    store = Store(tmp_path / "store", aliases=load_actors())
    for name in TABLES:
        got = store.read(name, backwards)
        expected = pd.concat(
            [fresh[name][fresh[name]["article_id"].eq(a)] for a in backwards["article_id"]], ignore_index=True
        )
        pdt.assert_frame_equal(got, expected, obj=name)
    some = store.read("sentences", articles.iloc[[3, 1]], columns=["polarity"])
    assert some.columns.tolist() == ["article_id", "polarity"]
    assert some["article_id"].unique().tolist() == articles["article_id"].iloc[[3, 1]].tolist()


def test_only_changed_and_new_articles_are_enriched(tmp_path, corpus):
    store_dir = tmp_path / "store"
    build(corpus, cache_dir=store_dir, batch_size=3)
    (corpus / "001_nato-summit.txt").write_text(
        "date 2022-01-10 NATO ministers meet.\n\nThe talks were a terrible failure, NATO said.", encoding="utf-8"
    )
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
    from newsframe.store import folder as parquet

    finished = []
    real = parquet.enrich_and_write

    def stop_after_two(articles, store):
        if len(finished) == 2:
            raise KeyboardInterrupt
        finished.append(real(articles, store))
        return finished[-1]

    monkeypatch.setattr(parquet, "enrich_and_write", stop_after_two)
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


def test_enrich_of_an_empty_batch_gives_typed_empty_tables():
    articles = schemas.empty("articles")
    tables = enrich(articles, load_actors())
    for name in TABLES:
        assert len(tables[name]) == 0, name
        assert tables[name].dtypes.astype(str).to_dict() == schemas.dtypes(SCHEMA_OF[name]), name


@pytest.mark.parametrize("cache", [True, False])
def test_analyse_of_no_articles_gives_typed_empty_tables(tmp_path, tiny_corpus_dir, cache):
    """An empty window (e.g. --since 2099-01-01) must give tables with every column, not just article_id."""
    articles = load_articles(tiny_corpus_dir, since="2099-01-01")
    assert len(articles) == 0
    tables = analyse(articles, cache=cache, cache_dir=tmp_path / "store")
    for name in TABLES:
        assert len(tables[name]) == 0, name
        assert tables[name].dtypes.astype(str).to_dict() == schemas.dtypes(SCHEMA_OF[name]), name


def test_stored_tables_keep_their_schema_dtypes(tmp_path, tiny_corpus_dir, fresh):
    tables = analyse(load_articles(tiny_corpus_dir), cache_dir=tmp_path / "store", batch_size=2)
    for name in TABLES:
        assert len(tables[name]) > 0, name
        assert tables[name].dtypes.astype(str).to_dict() == schemas.dtypes(SCHEMA_OF[name]), name
        assert fresh[name].dtypes.astype(str).to_dict() == schemas.dtypes(SCHEMA_OF[name]), name


def test_fingerprint_covers_extraction_code_only():
    from newsframe.store.pipeline import EXTRACTION_MODULES

    assert code_fingerprint() == code_fingerprint()
    for module in EXTRACTION_MODULES:
        assert importlib.import_module(module).__file__
    drawing = ("plotting", "presentation", "report", "tone", "analysis", "counting", "discovery", "kwic", "corpus")
    assert not [m for m in EXTRACTION_MODULES if any(word in m for word in drawing)]


def test_fingerprint_changes_with_the_code_not_its_docstrings(monkeypatch):
    from newsframe.store import pipeline

    before = pipeline.code_fingerprint()
    source = Path(pipeline.__file__).read_text(encoding="utf-8")
    reads = {}

    def read_with(changed: str):
        real_open = open

        def fake_open(file, *args, **kwargs):
            if str(file) == pipeline.__file__:
                import io

                reads[file] = True
                return io.StringIO(changed)
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", fake_open)
        pipeline.code_fingerprint.cache_clear()
        try:
            return pipeline.code_fingerprint()
        finally:
            monkeypatch.undo()
            pipeline.code_fingerprint.cache_clear()

    reworded = source.replace("Every analysed table of one batch", "All the analysed tables of a batch")
    assert reworded != source
    assert read_with(reworded + "\n# a comment\n") == before
    assert read_with(source.replace("TERM_ORDERS = (1, 2, 3)", "TERM_ORDERS = (1, 2)")) != before
    assert reads


def test_bad_options_name_valid_values(tiny_articles):
    with pytest.raises(ConfigError, match="'local', 'dask'"):
        analyse(tiny_articles, engine="spark")
    with pytest.raises(ConfigError, match="batch_size"):
        analyse(tiny_articles, batch_size=0, cache=False)


def test_build_rejects_a_batch_size_below_one(tiny_corpus_dir, tmp_path):
    with pytest.raises(ConfigError, match="batch_size must be at least 1; got 0"):
        build(tiny_corpus_dir, cache_dir=tmp_path / "store", batch_size=0)


# --- damage is detected, never returned as data ------------------------------------------------


def _damage(path, how: str) -> None:
    data = path.read_bytes()
    if how == "flip":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
    elif how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(b"not parquet at all" * 10)


DAMAGES = [("terms", how) for how in ("truncate", "empty", "garbage")] + [(table, "flip") for table in TABLES]


@pytest.mark.parametrize(("table", "how"), DAMAGES)
def test_a_damaged_part_is_rebuilt_alone_and_results_equal_a_clean_build(tmp_path, corpus, fresh, table, how):
    store_dir = tmp_path / "store"
    build(corpus, cache_dir=store_dir, batch_size=2)  # three batches of two articles
    parts = sorted(store_dir.rglob(f"parts/{table}/*.parquet"))
    assert len(parts) == 3
    damaged = parts[1]
    _damage(damaged, how)
    with pytest.warns(UserWarning, match=rf"{table}/{damaged.name} is (damaged|missing)"):
        summary = build(corpus, cache_dir=store_dir, batch_size=2)
    assert summary.loc[0, ["articles", "enriched", "reused"]].tolist() == [6, 2, 4]
    assert_same(analyse(load_articles(corpus), cache_dir=store_dir), fresh)


def test_a_part_damaged_after_the_update_is_never_read_as_data(tmp_path, corpus):
    store_dir = tmp_path / "store"
    articles = load_articles(corpus)
    analyse(articles, cache_dir=store_dir)
    store = Store(store_dir, aliases=load_actors())
    part = next(store_dir.rglob("parts/mentions/*.parquet"))
    _damage(part, "flip")
    with pytest.raises(StoreError, match="checksum differs"):
        store.read("mentions", articles)


def _settle(folder: Path) -> None:
    """Date every file under ``folder`` an hour back, as a store written earlier would be."""
    for path in folder.rglob("*.parquet"):
        stamp = path.stat().st_mtime_ns - 3_600 * 10**9
        os.utime(path, ns=(stamp, stamp))


def test_parts_verified_and_unchanged_since_are_not_hashed_again(monkeypatch, tmp_path, corpus, fresh):
    from newsframe.store import parts

    store_dir = tmp_path / "store"
    articles = load_articles(corpus)
    analyse(articles, cache_dir=store_dir, batch_size=2)
    _settle(store_dir)
    hashed = []
    monkeypatch.setattr(
        parts,
        "checksum",
        lambda data: hashed.append(len(data)) or parts.hashlib.blake2b(data, digest_size=16).hexdigest(),
    )
    assert_same(analyse(articles, cache_dir=store_dir, batch_size=2), fresh)
    stored = len(list(store_dir.rglob("parts/*/*.parquet")))
    assert len(hashed) == stored  # each part hashed once, when the update checks the store
    hashed.clear()
    assert_same(analyse(articles, cache_dir=store_dir, batch_size=2), fresh)
    assert hashed == []


@pytest.mark.parametrize("settled", [True, False])
def test_a_part_replaced_or_rewritten_after_it_was_verified_is_caught(tmp_path, corpus, settled):
    """Same size, different bytes: replaced by another file (a new inode), or rewritten in place
    within the few milliseconds a modification time cannot tell apart from the check."""
    store_dir = tmp_path / "store"
    articles = load_articles(corpus)
    analyse(articles, cache_dir=store_dir)
    if settled:
        _settle(store_dir)
    store = Store(store_dir, aliases=load_actors())
    store.read("mentions", articles)  # verified
    part = next(store_dir.rglob("parts/mentions/*.parquet"))
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    if settled:
        other = part.with_suffix(".tmp")
        other.write_bytes(bytes(data))
        stamp = part.stat().st_mtime_ns
        os.utime(other, ns=(stamp, stamp))
        other.replace(part)
    else:  # a modification time as coarse as the clock: the same time as before
        stamp = part.stat().st_mtime_ns
        part.write_bytes(bytes(data))
        os.utime(part, ns=(stamp, stamp))
    with pytest.raises(StoreError, match="checksum differs"):
        store.read("mentions", articles)


def test_an_unreadable_batch_manifest_rebuilds_only_that_batch(tmp_path, corpus):
    store_dir = tmp_path / "store"
    build(corpus, cache_dir=store_dir, batch_size=2)
    sorted((store_dir / "manifest").glob("*.parquet"))[0].write_bytes(b"garbage")
    with pytest.warns(UserWarning, match="unreadable"):
        summary = build(corpus, cache_dir=store_dir, batch_size=2)
    assert summary.loc[0, ["enriched", "reused"]].tolist() == [2, 4]


def test_a_complete_store_on_read_only_storage_can_be_read(monkeypatch, tmp_path, corpus, fresh):
    import errno

    from newsframe.store import folder, layer, parts

    store_dir = tmp_path / "store"
    articles = load_articles(corpus)
    analyse(articles, cache_dir=store_dir)
    before = {p: p.stat().st_mtime_ns for p in store_dir.rglob("*")}

    def read_only(path, *args):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(folder, "file_lock", read_only)
    monkeypatch.setattr(layer, "write_atomic", read_only)
    monkeypatch.setattr(parts, "write_atomic", read_only)
    assert_same(analyse(articles, cache_dir=store_dir), fresh)
    assert {p: p.stat().st_mtime_ns for p in store_dir.rglob("*")} == before
    (corpus / "007_new.txt").write_text("date 2022-04-01 New article.\n\nRussia and China met.", encoding="utf-8")
    with pytest.raises(StoreError, match="read-only and lacks 1 of 7 articles"):
        analyse(load_articles(corpus), cache_dir=store_dir)


def test_a_full_disk_leaves_no_partial_file_and_says_so(monkeypatch, tmp_path, corpus):
    import errno

    from newsframe.errors import DiskFullError

    store_dir = tmp_path / "store"
    real = Path.write_bytes
    written = []

    def fills_up(self, data):
        if "parts" in self.parts and len(written) >= 2:
            real(self, data[: len(data) // 3])  # part of it reaches the disk, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(self)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", fills_up)
    with pytest.raises(DiskFullError, match="the disk is full"):
        build(corpus, cache_dir=store_dir, batch_size=2, n_jobs=1)
    monkeypatch.undo()
    files = [p for p in store_dir.rglob("*") if p.is_file()]
    assert not [p for p in files if ".partial" in p.name or p.name.endswith(".tmp")]
    finished = [p for p in files if "parts" in p.parts]
    assert len(finished) == len(written) == 2  # only the parts written whole carry a final name
    assert all(len(pd.read_parquet(p).columns) for p in finished)
    summary = build(corpus, cache_dir=store_dir, batch_size=2)  # the next run completes the store
    assert summary.loc[0, "enriched"] == 6


def test_another_dictionary_reanalyses_only_mentions_and_quotes(tmp_path, corpus, fresh):
    """Text tables are shared by every dictionary; each dictionary keeps its own mentions and quotes,
    so reports alternating between dictionaries rebuild nothing."""
    store_dir = tmp_path / "store"
    extra = tmp_path / "extra.yml"
    extra.write_text("actors:\n  - name: Jane Example\n    type: person\n    aliases: [NATO ministers]\n")
    build(corpus, cache_dir=store_dir)
    text_parts = {p: p.read_bytes() for p in (store_dir / "parts").rglob("*.parquet")}
    summary = build(corpus, cache_dir=store_dir, actors=extra)
    assert summary.loc[0, ["articles", "enriched"]].tolist() == [6, 6]
    assert {p: p.read_bytes() for p in (store_dir / "parts").rglob("*.parquet")} == text_parts
    assert len(list((store_dir / "actors").iterdir())) == 2
    for actors in (None, extra, None):  # alternating: everything is already there
        assert build(corpus, cache_dir=store_dir, actors=actors).loc[0, "enriched"] == 0
    articles = load_articles(corpus)
    extended = analyse(articles, cache_dir=store_dir, aliases=load_actors(extend=extra))
    assert "Jane Example" in set(extended["mentions"]["actor"])
    assert_same(extended, analyse(articles, cache=False, aliases=load_actors(extend=extra)))
    assert_same(analyse(articles, cache_dir=store_dir), fresh)


@pytest.mark.parametrize("cache", [True, False])
def test_text_tables_alone_leave_mentions_and_quotes_unbuilt(tmp_path, corpus, fresh, cache):
    articles = load_articles(corpus)
    text = analyse(articles, tables=["sentences", "terms"], cache=cache, cache_dir=tmp_path / "store")
    assert sorted(text) == ["sentences", "terms"]
    for name in text:
        pdt.assert_frame_equal(text[name], fresh[name], obj=name)
    assert not (tmp_path / "store" / "actors").exists()  # no actor layer was built (or, uncached, no store)
    if cache:  # the actor tables come later, from the stored sentences
        assert_same(analyse(articles, cache_dir=tmp_path / "store"), fresh)


@pytest.mark.parametrize("cache", [True, False])
def test_where_reads_only_the_matching_rows(tmp_path, corpus, fresh, cache):
    articles = load_articles(corpus)
    words = analyse(articles, tables=["terms"], where={"terms": {"n": 1}}, cache=cache, cache_dir=tmp_path / "s")
    expected = fresh["terms"].loc[fresh["terms"]["n"] == 1].reset_index(drop=True)
    assert 0 < len(expected) < len(fresh["terms"])
    pdt.assert_frame_equal(words["terms"], expected)


def test_where_names_unknown_columns(tiny_articles):
    with pytest.raises(ConfigError, match="table 'terms' has no column 'size'"):
        analyse(tiny_articles, tables=["terms"], where={"terms": {"size": 1}}, cache=False)


def test_analyse_names_the_valid_tables(tiny_articles):
    with pytest.raises(ConfigError, match="'sentences', 'article_sentiment', 'terms', 'mentions', 'quotes'"):
        analyse(tiny_articles, tables=["mention"], cache=False)


def test_remembered_results_come_back_only_for_the_same_articles_arguments_and_code(tmp_path, tiny_corpus_dir):
    from newsframe.actors import discover_names
    from newsframe.store import remembered

    calls = []

    def counted(articles, aliases, **options):
        calls.append(len(articles))
        return discover_names(articles, aliases, **options)

    articles = load_articles(tiny_corpus_dir)
    aliases = load_actors()
    direct = discover_names(articles, aliases, min_articles=1)
    first = remembered(counted, articles, aliases, min_articles=1, cache_dir=tmp_path)
    again = remembered(counted, articles, aliases, min_articles=1, cache_dir=tmp_path)
    pdt.assert_frame_equal(first, direct)
    pdt.assert_frame_equal(again, direct)
    assert len(calls) == 1
    edited = articles.assign(content_hash=articles["content_hash"].where(articles.index > 0, "changed"))
    remembered(counted, edited, aliases, min_articles=1, cache_dir=tmp_path)  # an article changed
    remembered(counted, articles.iloc[1:], aliases, min_articles=1, cache_dir=tmp_path)  # another window
    remembered(counted, articles, aliases.iloc[1:], min_articles=1, cache_dir=tmp_path)  # another dictionary
    remembered(counted, articles, aliases, min_articles=2, cache_dir=tmp_path)  # another option
    assert len(calls) == 5
    remembered(counted, articles, aliases, min_articles=1, cache=False, cache_dir=tmp_path)
    assert len(calls) == 6
    kept = list((tmp_path / "results" / "counted").glob("*.parquet"))
    assert len(kept) == 5
    for path in kept:
        path.write_bytes(b"not parquet")  # damaged: computed again, not an error
    pdt.assert_frame_equal(remembered(counted, articles, aliases, min_articles=1, cache_dir=tmp_path), direct)
    assert len(calls) == 7


def test_results_remembered_first_do_not_make_the_store_look_foreign(tmp_path, tiny_corpus_dir):
    from newsframe.store import remembered

    articles = load_articles(tiny_corpus_dir)
    remembered(lambda arts: arts[["article_id"]], articles, cache_dir=tmp_path)  # before any table is stored
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "not a newsframe store ...; rebuilding it" would fail here
        tables = analyse(articles, cache_dir=tmp_path, tables=["sentences"])
    assert len(tables["sentences"])
    assert list((tmp_path / "results").iterdir())


@pytest.mark.parametrize("cache", [True, False])
def test_read_parts_gives_the_rows_of_a_read_piece_by_piece(tmp_path, corpus, fresh, cache):
    from newsframe.store import read_parts

    articles = load_articles(corpus)
    pieces = list(
        read_parts(
            "terms",
            articles,
            where={"n": 1},
            columns=["term", "count"],
            cache=cache,
            cache_dir=tmp_path / "s",
            batch_size=2,
        )
    )
    expected = fresh["terms"].loc[fresh["terms"]["n"] == 1, ["article_id", "term", "count"]]
    assert len(pieces) == (3 if cache else 1)  # one per stored batch of two articles; uncached, the whole table
    for piece in pieces:  # each article's rows whole in one piece
        assert all(
            len(set(piece["article_id"]) & set(other["article_id"])) == 0 for other in pieces if other is not piece
        )
    ranked = {article: i for i, article in enumerate(articles["article_id"])}
    joined = pd.concat(pieces).sort_values("article_id", key=lambda ids: ids.map(ranked), kind="stable")
    pdt.assert_frame_equal(joined.reset_index(drop=True), expected.reset_index(drop=True))


def test_read_parts_checks_each_part_and_names_the_table(tmp_path, corpus):
    from newsframe.store import read_parts

    articles = load_articles(corpus)
    with pytest.raises(ConfigError, match="table"):
        list(read_parts("words", articles, cache_dir=tmp_path / "s"))
    list(read_parts("sentences", articles, cache_dir=tmp_path / "s", batch_size=2))
    part = next((tmp_path / "s" / "parts" / "sentences").glob("*.parquet"))
    part.write_bytes(part.read_bytes() + b"x")
    layer = Store(tmp_path / "s", aliases=load_actors()).text
    with pytest.raises(StoreError, match="checksum differs"):
        list(layer.read_parts("sentences", layer.locate(articles)))
