"""The loader: seed format, tables, every bad-input case, and the counts invariant."""

from __future__ import annotations

import json
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsframe import schemas
from newsframe.errors import ArticleError, ConfigError
from newsframe.load import ARTICLE_COLUMNS, load_articles, load_summary, parse_article, rejects
from newsframe.load.dates import FIRST_DAY, LAST_DAY
from newsframe.parallel import map_ordered

SEED_TITLE = "In a phone call with Xi, Putin praises’model’ Russia-China relations."


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# --- the seed article and the format ---------------------------------------------------------


def test_seed_article_loads_with_date_title_and_body(seed_article_path):
    articles = load_articles(seed_article_path)
    row = articles.iloc[0]
    assert len(articles) == 1
    assert row["date"] == pd.Timestamp("2021-12-15")
    assert row["title"] == SEED_TITLE
    assert row["text"].startswith("In a phone discussion with Chinese President Xi Jinping")
    assert row["text"].endswith("Russian President Vladimir Putin stated.")
    assert row["source"] == "000_83ee76fa5dfcaf86.txt"
    assert row["n_words"] == len(row["text"].split())


def test_tiny_corpus_columns_types_and_reconciliation(tiny_articles):
    assert list(tiny_articles.columns) == ARTICLE_COLUMNS
    assert str(tiny_articles["date"].dtype) == "datetime64[ns]"
    assert tiny_articles["article_id"].is_unique
    summary = dict(load_summary(tiny_articles).values)
    assert summary["inputs"] == 7
    assert summary["inputs"] == summary["articles"] + summary["rejected"] + summary["outside window"]
    assert rejects(tiny_articles)["path"].tolist() == ["006_bad-date.txt"]


def test_duplicates_point_at_the_first_identical_article(tiny_articles):
    by_source = tiny_articles.set_index("source")
    first, copy = by_source.loc["002_trade-talks.txt"], by_source.loc["003_trade-talks-copy.txt"]
    assert copy["duplicate_of"] == first["article_id"]
    assert pd.isna(first["duplicate_of"])
    assert tiny_articles["duplicate_of"].notna().sum() == 1


def test_undated_article_has_nat_and_headline(tiny_articles):
    row = tiny_articles.set_index("source").loc["005_undated-feature.txt"]
    assert pd.isna(row["date"])
    assert row["title"] == "Markets rally as inflation fears ease"


def test_article_ids_are_stable_across_copies_of_the_corpus(tmp_path, tiny_corpus_dir):
    import shutil

    copy = shutil.copytree(tiny_corpus_dir, tmp_path / "elsewhere")
    again = load_articles(copy)
    original = load_articles(tiny_corpus_dir)
    assert again["article_id"].tolist() == original["article_id"].tolist()
    assert again["content_hash"].tolist() == original["content_hash"].tolist()


@pytest.mark.parametrize(
    ("content", "date", "title", "body"),
    [
        ("date 2021-12-15 Title.\n\nBody.", "2021-12-15", "Title.", "Body."),
        ("   date 2021-12-15 Title.\n\nBody.", "2021-12-15", "Title.", "Body."),
        ("\n\n date 2021-12-15 Title.\n\nBody.", "2021-12-15", "Title.", "Body."),
        ("date 2021-12-15 Title.\r\n\r\nBody one.\r\n\r\nBody two.", "2021-12-15", "Title.", "Body one.\n\nBody two."),
        ("\ufeffdate 2021-12-15 Title.\n\nBody.", "2021-12-15", "Title.", "Body."),
        ("date 2021-1-5 Short date.\n\nBody.", "2021-01-05", "Short date.", "Body."),
        ("date 2021-12-15 Title.\nBody without blank line.", "2021-12-15", "Title.", "Body without blank line."),
        ("Date palms thrive in heat\n\nBody.", None, "Date palms thrive in heat", "Body."),
        ("Headline only, no date\n\nBody.", None, "Headline only, no date", "Body."),
        ("date 2021-12-15\n\nBody.", "2021-12-15", "", "Body."),
    ],
    ids=[
        "plain",
        "leading-spaces",
        "leading-blank-lines",
        "crlf",
        "bom",
        "unpadded-date",
        "no-blank-line",
        "date-word-headline",
        "no-date",
        "date-without-headline",
    ],
)
def test_parse_article_formats(content, date, title, body):
    when, got_title, got_body = parse_article(content.encode("utf-8"))
    assert pd.isna(when) if date is None else when == pd.Timestamp(date)
    assert got_title == title
    assert got_body == body


def test_bom_and_crlf_file_variants_load(tmp_path):
    write(tmp_path, "a.txt", b"\xef\xbb\xbfdate 2021-12-15 BOM title\r\n\r\nBody.\r\n")
    write(tmp_path, "b.txt", b"date 2021-12-16 CR title\r\rBody.\r")
    articles = load_articles(tmp_path)
    assert articles["title"].tolist() == ["BOM title", "CR title"]
    assert articles["text"].tolist() == ["Body.", "Body."]


# --- bad input ------------------------------------------------------------------------------

BAD_FILES = {
    "empty": (b"", "empty file"),
    "whitespace-only": (b"  \n\n \r\n", "empty file"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    # A few Latin-1 bytes now decode (tests/test_load_robustness.py); bytes no encoding fits do not.
    "undecodable": (
        b"date 2021-12-15 Title\n\n" + bytes(range(0x80, 0x100)),
        "not valid UTF-8 (byte 0x80 at offset 23) and no other encoding fits",
    ),
    "impossible-date": (b"date 2021-13-45 Title\n\nBody.", "impossible date '2021-13-45'"),
    "impossible-day": (b"date 2021-02-30 Title\n\nBody.", "impossible date '2021-02-30'"),
    "header-no-body": (b"date 2021-12-15 Title only\n\n\n", "header line with no body"),
    "headline-no-body": (b"Just a headline", "header line with no body"),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_file_is_rejected_with_reason_and_counted(tmp_path, case):
    content, reason = BAD_FILES[case]
    write(tmp_path, "good.txt", "date 2021-12-15 Fine\n\nA body.")
    write(tmp_path, f"{case}.txt", content)
    articles = load_articles(tmp_path)
    table = rejects(articles)
    assert articles["source"].tolist() == ["good.txt"]
    assert table["path"].tolist() == [f"{case}.txt"]
    assert reason in table.loc[0, "reason"]
    assert articles.attrs["inputs"] == len(articles) + len(table)


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_file_raises_naming_file_and_reason(tmp_path, case):
    content, reason = BAD_FILES[case]
    write(tmp_path, f"{case}.txt", content)
    with pytest.raises(ArticleError) as caught:
        load_articles(tmp_path, errors="raise")
    assert caught.value.path == f"{case}.txt"
    assert reason in str(caught.value) and f"{case}.txt" in str(caught.value)


def test_file_over_size_limit_is_rejected(tmp_path):
    write(tmp_path, "big.txt", "date 2021-12-15 Big\n\n" + "word " * 1000)
    articles = load_articles(tmp_path, max_bytes=1000)
    assert len(articles) == 0
    assert "larger than the limit of 1,000 bytes" in rejects(articles).loc[0, "reason"]


def test_very_long_line_loads_intact(tmp_path):
    body = "word " * 200_000  # one 1 MB line
    write(tmp_path, "long.txt", "date 2021-12-15 Long\n\n" + body)
    articles = load_articles(tmp_path)
    assert articles.loc[0, "n_words"] == 200_000


def test_unsupported_and_hidden_files_are_rejected_not_skipped(tmp_path):
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    write(tmp_path, ".DS_Store", b"\x00\x01")
    write(tmp_path, "sub/ok.txt", "Headline\n\nBody.")
    articles = load_articles(tmp_path)
    assert articles["source"].tolist() == ["sub/ok.txt"]
    assert set(rejects(articles)["path"]) == {"notes.pdf", ".DS_Store"}
    assert articles.attrs["inputs"] == 3


def test_glob_source(tmp_path):
    write(tmp_path, "a/one.txt", "One\n\nBody.")
    write(tmp_path, "b/two.txt", "Two\n\nBody.")
    write(tmp_path, "b/skip.md", "not matched by the glob")
    articles = load_articles(str(tmp_path / "**" / "*.txt"))
    assert articles["title"].tolist() == ["One", "Two"]
    assert articles["source"].tolist() == ["a/one.txt", "b/two.txt"]


def test_missing_source_raises_config_error(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_articles(tmp_path / "nowhere")


def test_invalid_errors_option_lists_valid_values(tmp_path):
    with pytest.raises(ConfigError, match="'collect', 'raise'"):
        load_articles(tmp_path, errors="ignore")


# --- the window ------------------------------------------------------------------------------


def test_since_until_window_counts_what_it_leaves_out(tiny_corpus_dir):
    articles = load_articles(tiny_corpus_dir, since="2022-01-01", until="2022-02-03")
    assert articles["date"].dt.strftime("%Y-%m-%d").tolist() == ["2022-01-10", "2022-02-03", "2022-02-03"]
    summary = dict(load_summary(articles).values)
    assert summary["outside window"] == 3  # seed (2021), G7 (March) and the undated article
    assert summary["inputs"] == summary["articles"] + summary["rejected"] + summary["outside window"]


def test_bad_window_date_is_a_config_error(tiny_corpus_dir):
    with pytest.raises(ConfigError, match="as a date"):
        load_articles(tiny_corpus_dir, since="last tuesday")


# --- tables ----------------------------------------------------------------------------------


def test_csv_with_column_mapping_keeps_metadata(tmp_path):
    frame = pd.DataFrame(
        {
            "body": ["First body.", "Second body."],
            "headline": ["One", "Two"],
            "published": ["2021-12-15", "2021-12-16T10:00:00Z"],
            "section": ["world", "business"],
        }
    )
    frame.to_csv(tmp_path / "news.csv", index=False)
    articles = load_articles(tmp_path / "news.csv", columns={"text": "body", "title": "headline", "date": "published"})
    assert articles["title"].tolist() == ["One", "Two"]
    assert articles["date"].tolist() == [pd.Timestamp("2021-12-15"), pd.Timestamp("2021-12-16 10:00")]
    assert articles["section"].tolist() == ["world", "business"]
    assert articles["source"].tolist() == ["news.csv#1", "news.csv#2"]


def test_csv_missing_text_column_is_rejected_naming_the_columns(tmp_path):
    pd.DataFrame({"headline": ["One"]}).to_csv(tmp_path / "news.csv", index=False)
    articles = load_articles(tmp_path)
    reason = rejects(articles).loc[0, "reason"]
    assert "no text column 'text'" in reason and "headline" in reason
    with pytest.raises(ArticleError, match="news.csv: no text column"):
        load_articles(tmp_path, errors="raise")


def test_table_rows_with_empty_text_or_bad_date_are_rejected_per_record(tmp_path):
    rows = [
        {"id": "x1", "text": "Fine.", "date": "2021-12-15"},
        {"id": "x2", "text": "", "date": "2021-12-15"},
        {"id": "x3", "text": "Dated badly.", "date": "not a date"},
    ]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    articles = load_articles(tmp_path)
    table = rejects(articles)
    assert len(articles) == 1
    assert table["record"].tolist() == [2, 3]
    assert table["reason"].tolist() == ["empty text", "unparseable date 'not a date'"]
    assert articles.attrs["inputs"] == 3


def test_parquet_with_ids_and_sources(tmp_path):
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "text": ["Body a.", "Body b."],
            "source": ["Reuters", "AP"],
            "date": pd.to_datetime(["2021-01-01", "2021-01-02"]),
        }
    )
    frame.to_parquet(tmp_path / "news.parquet")
    articles = load_articles(tmp_path / "news.parquet")
    assert articles["source"].tolist() == ["Reuters", "AP"]  # the table's own order (issue 12), not sorted
    again = load_articles(tmp_path / "news.parquet")
    assert articles["article_id"].tolist() == again["article_id"].tolist()


def test_unreadable_table_is_rejected(tmp_path):
    write(tmp_path, "broken.parquet", b"not parquet at all")
    articles = load_articles(tmp_path)
    assert "cannot be read as a parquet table" in rejects(articles).loc[0, "reason"]


# --- property tests --------------------------------------------------------------------------


@given(st.binary(max_size=2000))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_parse_article_never_crashes_on_arbitrary_bytes(data):
    try:
        when, title, body = parse_article(data)
    except ArticleError as error:
        assert error.reason
    else:
        assert body and body == body.strip()
        assert "\r" not in title + body
        assert pd.isna(when) or isinstance(when, pd.Timestamp)


header_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1).map(str.strip)
body_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"), min_size=1
).map(str.strip)


@given(
    title=header_text.filter(lambda t: t and not t.lower().startswith("date")),
    body=body_text.filter(bool),
    day=st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),  # the days newsframe can hold (issue 12)
    indent=st.sampled_from(["", " ", "   ", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
@settings(max_examples=300)
def test_parse_article_round_trips_generated_articles(title, body, day, indent, newline):
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    raw = f"{indent}date {day.isoformat()} {title}{newline}{newline}{body.replace(chr(10), newline)}"
    when, got_title, got_body = parse_article(raw.encode("utf-8"))
    assert when == pd.Timestamp(day)
    assert got_title == title
    assert got_body == body.strip()


@given(st.lists(st.binary(max_size=300), max_size=8))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_files_in_equals_loaded_plus_rejected(tmp_path_factory, blobs):
    folder = tmp_path_factory.mktemp("blobs")
    for i, blob in enumerate(blobs):
        write(folder, f"{i}.txt", blob)
    articles = load_articles(folder)
    assert len(articles) + len(rejects(articles)) == len(blobs) == articles.attrs["inputs"]


def test_batches_add_up_to_the_whole_load(tiny_corpus_dir):
    from newsframe.load import iter_batches

    whole = load_articles(tiny_corpus_dir)
    batches = list(iter_batches(tiny_corpus_dir, batch_size=3))
    assert [b.attrs["inputs"] for b in batches] == [3, 3, 1]
    joined = pd.concat(batches, ignore_index=True)
    assert joined["article_id"].tolist() == whole["article_id"].tolist()
    assert joined["duplicate_of"].fillna("").tolist() == whole["duplicate_of"].fillna("").tolist()
    assert sum(len(b.attrs["rejects"]) for b in batches) == len(rejects(whole)) == 1


def test_rejects_ride_along_uncopied(tmp_path):
    """pandas deep-copies ``attrs`` on every operation: the rejections must not be copied with them,
    or each column access grows with the number of rejects (issue 16)."""
    for i in range(3):
        write(tmp_path, f"{i}.txt", f"date 2024-01-0{i + 1} Title {i}.\n\nBody {i}.".encode())
    for i in range(50):
        write(tmp_path, f"bad{i}.pdf", b"%PDF")
    articles = load_articles(tmp_path)
    handle = articles.attrs["rejects"]
    derived = [articles["title"], articles.loc[articles["n_words"] > 0], articles.copy(deep=True), articles.head(1)]
    assert all(table.attrs["rejects"] is handle for table in derived)
    assert len(rejects(articles)) == len(rejects(derived[1])) == 50
    assert rejects(articles)["path"].str.endswith(".pdf").all()
    restored = pickle.loads(pickle.dumps(articles))
    assert rejects(restored).equals(rejects(articles))


@pytest.fixture
def pools_used(monkeypatch):
    """Force the parallel path (any number of files, 3 per task) and record the executor of every
    ``map_ordered`` call the loader makes: a process pool means the files were read in workers."""
    from newsframe.load import batches

    used = []

    def spy(*args, executor, **kwargs):
        used.append(executor)
        return map_ordered(*args, executor=executor, **kwargs)

    monkeypatch.setattr(batches, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(batches, "CHUNK_FILES", 3)
    monkeypatch.setattr(batches, "map_ordered", spy)
    return used


@pytest.mark.parametrize("errors", ["collect", "raise"])
def test_parallel_load_equals_serial_load(tmp_path, tiny_corpus_dir, errors, pools_used):
    import shutil

    from newsframe.load import iter_batches

    for copy in range(4):  # 28 files in 4 folders, one bad file in each
        shutil.copytree(tiny_corpus_dir, tmp_path / f"copy{copy}")
    if errors == "raise":
        with pytest.raises(ArticleError, match="copy0/006_bad-date.txt: impossible date"):
            load_articles(tmp_path, errors="raise", n_jobs=2)
        assert len(pools_used) == 1 and isinstance(pools_used[0], ProcessPoolExecutor)  # read in worker processes
        return
    serial = load_articles(tmp_path, n_jobs=1)
    parallel = load_articles(tmp_path, n_jobs=2)
    assert pools_used[0] is None and isinstance(pools_used[1], ProcessPoolExecutor)
    pd.testing.assert_frame_equal(parallel, serial)
    assert parallel.attrs == serial.attrs
    batches = list(iter_batches(tmp_path, batch_size=10, n_jobs=2))
    assert [len(b.attrs["rejects"]) for b in batches] == [1, 1, 2]
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), serial)


# --- typed outputs ---------------------------------------------------------------------------


def test_empty_folder_gives_typed_empty_tables(tmp_path):
    articles = load_articles(tmp_path)
    pd.testing.assert_frame_equal(articles, schemas.empty("articles"))
    pd.testing.assert_frame_equal(rejects(articles), schemas.empty("rejects"))
    summary = load_summary(articles)
    assert summary.dtypes.astype(str).to_dict() == schemas.dtypes("load_summary")
    assert summary["count"].tolist() == [0, 0, 0, 0, 0]


def test_rejects_and_summary_follow_their_schemas(tiny_articles):
    assert tiny_articles[ARTICLE_COLUMNS].dtypes.astype(str).to_dict() == schemas.dtypes("articles")
    assert rejects(tiny_articles).dtypes.astype(str).to_dict() == schemas.dtypes("rejects")
    assert load_summary(tiny_articles).dtypes.astype(str).to_dict() == schemas.dtypes("load_summary")


@pytest.mark.parametrize(("sep", "encoding"), [(";", "utf-8"), (";", "cp1252"), ("\t", "utf-8"), ("|", "utf-8")])
def test_csv_exports_with_other_delimiters_are_read(tmp_path, sep, encoding):
    rows = [
        "id;headline;published;body",
        '1;Café reopens;2024-03-01;"It reopened, she said; ""glad""."',
        "2;Rates;x;Held.",
    ]
    (tmp_path / "export.csv").write_bytes("\n".join(r.replace(";", sep) for r in rows).encode(encoding))
    loaded = load_articles(tmp_path / "export.csv", columns={"text": "body", "date": "published", "title": "headline"})
    assert loaded["title"].tolist() == ["Café reopens"]
    assert loaded["text"].tolist() == ['It reopened, she said; "glad".'.replace(";", sep)]
    assert rejects(loaded)["reason"].tolist() == ["unparseable date 'x'"]
