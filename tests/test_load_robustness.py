"""Nothing a user's files can hold breaks a load (issue #12): every input becomes an article or a
rejection with its reason, and inputs = articles + rejected + outside window."""

from __future__ import annotations

import json
import os
import re
import socket
import stat
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframe.errors import ArticleError, ConfigError
from newsframe.load import iter_batches, load_articles, load_summary, parse_article, rejects
from newsframe.load.dates import FIRST_DAY, LAST_DAY

OUT_OF_RANGE = "is outside the range newsframe can hold (1677-09-22 to 2262-04-11)"


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def jsonl(folder: Path, name: str, rows: list) -> Path:
    return write(folder, name, "\n".join(json.dumps(row) for row in rows) + "\n")


def reasons(articles: pd.DataFrame) -> dict[tuple[str, int | None], str]:
    """Each rejection's (path, record) and reason."""
    table = rejects(articles)
    return {
        (p, None if pd.isna(r) else int(r)): why
        for p, r, why in zip(table["path"], table["record"], table["reason"], strict=True)
    }


def reconciles(articles: pd.DataFrame) -> bool:
    counts = dict(load_summary(articles).values)
    return counts["inputs"] == counts["articles"] + counts["rejected"] + counts["outside window"]


# --- 1. dates outside what datetime64[ns] can hold ------------------------------------------


@pytest.mark.parametrize("day", ["2263-01-01", "1600-01-01", "1677-09-21", "9999-12-31"])
def test_text_header_date_outside_the_range_is_rejected_naming_it(tmp_path, day):
    write(tmp_path, "far.txt", f"date {day} A date too far\n\nBody.")
    write(tmp_path, "near.txt", "date 2021-12-15 A date\n\nBody.")
    articles = load_articles(tmp_path)
    assert articles["source"].tolist() == ["near.txt"]
    assert reasons(articles) == {("far.txt", None): f"date {day} {OUT_OF_RANGE}"}
    assert reconciles(articles)
    with pytest.raises(ArticleError, match=f"far.txt: date {day} is outside the range"):
        load_articles(tmp_path, errors="raise")


@given(day=st.dates(max_value=FIRST_DAY - timedelta(days=1)) | st.dates(min_value=LAST_DAY + timedelta(days=1)))
@settings(max_examples=100, deadline=None)
def test_every_header_date_outside_the_range_is_a_reject_naming_it(day):
    with pytest.raises(ArticleError, match=f"date {day.isoformat()} {re.escape(OUT_OF_RANGE)}"):
        parse_article(f"date {day.isoformat()} Title\n\nBody.".encode())


def test_the_first_and_last_days_of_the_range_load(tmp_path):
    write(tmp_path, "a.txt", "date 1677-09-22 First day\n\nBody.")
    write(tmp_path, "b.txt", "date 2262-04-11 Last day\n\nBody.")
    articles = load_articles(tmp_path)
    assert articles["date"].tolist() == [pd.Timestamp("1677-09-22"), pd.Timestamp("2262-04-11")]
    assert rejects(articles).empty


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_dates_outside_the_range_are_rejected_per_record(tmp_path, suffix):
    rows = pd.DataFrame(
        {"text": ["Fine.", "Too late.", "Too early."], "date": ["2021-12-15", "2263-01-01", "1500-06-01T10:00:00Z"]}
    )
    path = tmp_path / f"news{suffix}"
    if suffix == ".csv":
        rows.to_csv(path, index=False)
    elif suffix == ".jsonl":
        jsonl(tmp_path, path.name, rows.to_dict("records"))
    else:
        rows.to_parquet(path)
    articles = load_articles(tmp_path)
    assert articles["text"].tolist() == ["Fine."]
    assert reasons(articles) == {
        (path.name, 2): f"date 2263-01-01 {OUT_OF_RANGE}",
        (path.name, 3): f"date 1500-06-01T10:00:00Z {OUT_OF_RANGE}",
    }
    assert reconciles(articles)


def test_parquet_timestamp_column_outside_the_range_is_rejected(tmp_path):
    # A Parquet timestamp column in microseconds holds years Pandas' nanoseconds cannot.
    table = pa.table(
        {
            "text": ["Fine.", "Too late."],
            "date": pa.array([pd.Timestamp("2021-12-15").to_pydatetime(), pd.Timestamp("2263-01-01").to_pydatetime()]),
        }
    )
    pq.write_table(table.cast(pa.schema([("text", pa.string()), ("date", pa.timestamp("us"))])), tmp_path / "n.parquet")
    articles = load_articles(tmp_path)
    assert articles["date"].tolist() == [pd.Timestamp("2021-12-15")]
    assert reasons(articles) == {("n.parquet", 2): f"date 2263-01-01 00:00:00 {OUT_OF_RANGE}"}


# --- 2. lists and objects in table fields ----------------------------------------------------


def test_jsonl_list_of_strings_in_text_is_joined_with_blank_lines(tmp_path):
    jsonl(tmp_path, "news.jsonl", [{"text": ["First paragraph.", "Second paragraph."], "title": "Lists"}])
    articles = load_articles(tmp_path)
    assert articles["text"].tolist() == ["First paragraph.\n\nSecond paragraph."]
    assert articles["n_words"].tolist() == [4]


@pytest.mark.parametrize(
    ("row", "field", "kind"),
    [
        ({"text": {"body": "Nested."}}, "text", "an object"),
        ({"text": ["Fine.", 3]}, "text", "a list"),
        ({"text": "Fine.", "title": ["A", "B"]}, "title", "a list"),
        ({"text": "Fine.", "title": {"main": "A"}}, "title", "an object"),
        ({"text": "Fine.", "id": [1, 2]}, "id", "a list"),
        ({"text": "Fine.", "date": {"year": 2021}}, "date", "an object"),
        ({"text": "Fine.", "date": ["2021-12-15"]}, "date", "a list"),
        ({"text": "Fine.", "url": ["http://a", "http://b"]}, "url", "a list"),
    ],
)
def test_jsonl_non_scalar_field_is_a_reject_naming_the_field(tmp_path, row, field, kind):
    jsonl(tmp_path, "news.jsonl", [{"text": "Good row."}, row])
    articles = load_articles(tmp_path)
    assert articles["text"].tolist() == ["Good row."]
    [(where, reason)] = reasons(articles).items()
    assert where == ("news.jsonl", 2)
    assert f"field {field!r}" in reason and kind in reason
    assert reconciles(articles)


def test_parquet_list_and_struct_columns(tmp_path):
    table = pa.table(
        {
            "text": pa.array([["One.", "Two."], ["Three."], ["Four."]], type=pa.list_(pa.string())),
            "title": pa.array([{"main": "A"}, {"main": "B"}, None], type=pa.struct([("main", pa.string())])),
        }
    )
    pq.write_table(table, tmp_path / "news.parquet")
    articles = load_articles(tmp_path)
    assert articles["text"].tolist() == ["Four."]
    assert set(reasons(articles)) == {("news.parquet", 1), ("news.parquet", 2)}
    assert all("field 'title'" in reason for reason in reasons(articles).values())
    pq.write_table(table.drop_columns(["title"]), tmp_path / "news.parquet")
    assert load_articles(tmp_path)["text"].tolist() == ["One.\n\nTwo.", "Three.", "Four."]


# --- 3. .json files ----------------------------------------------------------------------------


def test_json_array_of_objects_loads_like_jsonl(tmp_path):
    rows = [{"id": "a", "text": "Body a.", "title": "A"}, {"id": "b", "text": "Body b.", "title": "B"}]
    write(tmp_path, "one/news.json", json.dumps(rows, indent=2))
    jsonl(tmp_path, "two/news.jsonl", rows)
    articles = load_articles(tmp_path)
    assert articles["source"].tolist() == ["one/news.json#1", "one/news.json#2", "two/news.jsonl#1", "two/news.jsonl#2"]
    assert articles["title"].tolist() == ["A", "B", "A", "B"]
    assert articles["duplicate_of"].notna().tolist() == [False, False, True, True]


def test_json_single_object_is_one_article(tmp_path):
    write(tmp_path, "story.json", json.dumps({"text": "One story.", "date": "2021-12-15"}))
    articles = load_articles(tmp_path)
    assert articles["text"].tolist() == ["One story."]
    assert articles["date"].tolist() == [pd.Timestamp("2021-12-15")]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("42", "holds a number"),
        ('"just text"', "holds a string"),
        ("null", "holds null"),
        ("[]", "no rows"),
        ("{not json", "cannot be read as a json table"),
        (b"\xff\xfe\x00garbage", "cannot be read"),
    ],
)
def test_json_that_is_not_articles_is_rejected(tmp_path, content, reason):
    write(tmp_path, "odd.json", content)
    articles = load_articles(tmp_path)
    [((path, record), why)] = reasons(articles).items()
    assert path == "odd.json" and record is None and reason in why
    assert reconciles(articles)


def test_json_array_items_that_are_not_objects_are_rejected_per_record(tmp_path):
    write(tmp_path, "mixed.json", json.dumps([{"text": "Fine."}, 3, ["a"], "text", None]))
    articles = load_articles(tmp_path)
    assert len(articles) == 1
    assert sorted(reasons(articles)) == [("mixed.json", 2), ("mixed.json", 3), ("mixed.json", 4), ("mixed.json", 5)]
    assert articles.attrs["inputs"] == 5


def test_jsonl_lines_that_are_not_objects_are_rejected_per_record(tmp_path):
    write(tmp_path, "news.jsonl", '{"text": "Fine."}\n[1, 2]\n"text"\n{broken\n\n{"text": "Also fine."}\n')
    articles = load_articles(tmp_path)
    assert articles["text"].tolist() == ["Fine.", "Also fine."]
    assert sorted(reasons(articles)) == [("news.jsonl", 2), ("news.jsonl", 3), ("news.jsonl", 4)]
    assert reconciles(articles)


def test_empty_tables_are_rejected_not_dropped(tmp_path):
    write(tmp_path, "header-only.csv", "text,title\n")
    write(tmp_path, "blank.jsonl", "\n\n")
    articles = load_articles(tmp_path)
    assert {path: why for (path, _), why in reasons(articles).items()} == {
        "header-only.csv": "no rows",
        "blank.jsonl": "no rows",
    }
    assert articles.attrs["inputs"] == 2


def test_unpaired_surrogate_escapes_in_json_are_rejected(tmp_path):
    write(
        tmp_path, "news.jsonl", '{"text": "Fine."}\n{"text": "Broken \\ud800 text."}\n{"text": "x", "tag": "\\udfff"}\n'
    )
    articles = load_articles(tmp_path)
    assert articles["text"].tolist() == ["Fine."]
    assert sorted(reasons(articles)) == [("news.jsonl", 2), ("news.jsonl", 3)]


# --- 4. file names, special files, symlinks, size ----------------------------------------------


def test_file_name_that_is_not_utf8_is_rejected_and_never_opened(tmp_path):
    write(tmp_path, "good.txt", "Good\n\nBody.")
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Readable\n\nBut the name is not UTF-8.")
    os.mkdir(os.path.join(folder, b"d\xe9p\xf4t"))
    with open(os.path.join(folder, b"d\xe9p\xf4t", b"inside.txt"), "wb") as handle:
        handle.write(b"Inside\n\nA folder whose name is not UTF-8.")
    articles = load_articles(tmp_path)
    assert articles["source"].tolist() == ["good.txt"]
    found = reasons(articles)
    assert set(found) == {("caf\\xe9.txt", None), ("d\\xe9p\\xf4t", None)}
    assert "file name is not valid UTF-8" in found[("caf\\xe9.txt", None)]
    assert "folder name is not valid UTF-8" in found[("d\\xe9p\\xf4t", None)]
    rejects(articles).to_parquet(tmp_path.parent / "rejects.parquet")  # every path is storable text


@pytest.mark.timeout(20)
def test_fifo_is_rejected_and_never_opened(tmp_path):
    write(tmp_path, "good.txt", "Good\n\nBody.")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.csv")
    articles = load_articles(tmp_path)  # opening a FIFO for reading waits for a writer: forever
    assert articles["source"].tolist() == ["good.txt"]
    assert {p: why for (p, _), why in reasons(articles).items()} == {
        "pipe.csv": "not a regular file (a named pipe); not opened",
        "pipe.txt": "not a regular file (a named pipe); not opened",
    }
    single = load_articles(tmp_path / "pipe.txt")
    assert reasons(single) == {("pipe.txt", None): "not a regular file (a named pipe); not opened"}


@pytest.mark.timeout(20)
def test_socket_and_device_files_are_rejected(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "s.txt"))
    except OSError:
        pytest.skip("cannot bind a Unix socket here")
    try:
        expected = {"s.txt": "not a regular file (a socket); not opened"}
        try:
            os.mknod(folder / "zero.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero's numbers
            expected["zero.txt"] = "not a regular file (a character device); not opened"
        except PermissionError:
            pass  # creating device files needs root
        articles = load_articles(folder)
        assert {p: why for (p, _), why in reasons(articles).items()} == expected
    finally:
        server.close()


def test_symlinks_inside_the_corpus_are_followed_outside_rejected(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    write(corpus, "real.txt", "Real\n\nBody.")
    write(outside, "secret.txt", "Secret\n\nNot part of the corpus.")
    (corpus / "alias.txt").symlink_to(corpus / "real.txt")
    (corpus / "escape.txt").symlink_to(outside / "secret.txt")
    (corpus / "relative-escape.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    (corpus / "dangling.txt").symlink_to(corpus / "missing.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "out-folder").symlink_to(outside, target_is_directory=True)
    articles = load_articles(corpus)
    assert articles["source"].tolist() == ["alias.txt", "real.txt"]
    found = reasons(articles)
    assert set(found) == {
        ("escape.txt", None),
        ("relative-escape.txt", None),
        ("dangling.txt", None),
        ("zero.txt", None),
        ("out-folder", None),
    }
    for name in ("escape.txt", "relative-escape.txt", "zero.txt", "out-folder"):
        assert "points outside the corpus" in found[(name, None)]
    assert "broken symbolic link" in found[("dangling.txt", None)]
    assert reconciles(articles) and articles.attrs["inputs"] == 7


def test_symlinked_folders_are_read_once_and_counted(tmp_path):
    corpus = tmp_path / "corpus"
    for i in range(3):
        write(corpus, f"a/{i}.txt", f"Article {i}\n\nBody {i}.")
    (corpus / "a" / "loop").symlink_to(corpus / "a", target_is_directory=True)  # a cycle
    (corpus / "again").symlink_to(Path("a"), target_is_directory=True)  # the same folder twice
    (corpus / "a" / "up").symlink_to(Path(".."), target_is_directory=True)  # back to the root
    articles = load_articles(corpus)
    assert articles["source"].tolist() == ["a/0.txt", "a/1.txt", "a/2.txt"]
    found = reasons(articles)
    assert set(found) == {("a/loop", None), ("again", None), ("a/up", None)}
    assert "loop" in found[("a/loop", None)] and "loop" in found[("a/up", None)]
    assert "read under its own name" in found[("again", None)]
    assert articles.attrs["inputs"] == 6 and reconciles(articles)


def test_glob_over_a_symlink_loop_does_not_multiply_inputs(tmp_path):
    corpus = tmp_path / "corpus"
    for i in range(37):
        write(corpus, f"{i:02d}.txt", f"Article {i}\n\nBody {i}.")
    (corpus / "self").symlink_to(Path("."), target_is_directory=True)
    articles = load_articles(str(corpus / "**" / "*.txt"))
    assert len(articles) == 37
    assert set(reasons(articles)) == {("self", None)}
    assert articles.attrs["inputs"] == 38


def test_glob_with_a_symlink_pointing_outside(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    write(corpus, "in.txt", "In\n\nBody.")
    write(outside, "out.txt", "Out\n\nBody.")
    (corpus / "link.txt").symlink_to(outside / "out.txt")
    articles = load_articles(str(corpus / "*.txt"))
    assert articles["source"].tolist() == ["in.txt"]
    assert "points outside the corpus" in reasons(articles)[("link.txt", None)]


def test_glob_keeps_its_matching_rules(tmp_path):
    write(tmp_path, "a/one.txt", "One\n\nBody.")
    write(tmp_path, "a/b/two.txt", "Two\n\nBody.")
    write(tmp_path, "a/.hidden.txt", "Hidden\n\nBody.")
    write(tmp_path, "a/.git/three.txt", "Three\n\nBody.")
    write(tmp_path, "top.txt", "Top\n\nBody.")
    write(tmp_path, "a/skip.md", "Not matched.")
    assert load_articles(str(tmp_path / "**" / "*.txt"))["source"].tolist() == ["a/b/two.txt", "a/one.txt", "top.txt"]
    assert load_articles(str(tmp_path / "a" / "*.txt"))["source"].tolist() == ["one.txt"]
    assert load_articles(str(tmp_path / "a" / "**"))["source"].tolist() == ["b/two.txt", "one.txt"]
    assert load_articles(str(tmp_path / "*" / "o*.txt"))["source"].tolist() == ["a/one.txt"]
    assert load_articles(str(tmp_path / "a" / ".*.txt"))["source"].tolist() == []  # hidden: rejected, counted
    assert len(rejects(load_articles(str(tmp_path / "a" / ".*.txt")))) == 1


def test_a_file_named_as_the_source_follows_its_link_anywhere(tmp_path):
    write(tmp_path, "archive/2021.txt", "Archived\n\nBody.")
    (tmp_path / "latest").mkdir()
    (tmp_path / "latest" / "news.txt").symlink_to(tmp_path / "archive" / "2021.txt")
    (tmp_path / "latest" / "gone.txt").symlink_to(tmp_path / "archive" / "missing.txt")
    assert load_articles(tmp_path / "latest" / "news.txt")["title"].tolist() == ["Archived"]
    gone = load_articles(tmp_path / "latest" / "gone.txt")
    assert "broken symbolic link" in reasons(gone)[("gone.txt", None)]


def test_folder_that_cannot_be_listed_is_rejected_and_counted(tmp_path, monkeypatch):
    from newsframe.load import discover

    write(tmp_path, "open/a.txt", "A\n\nBody.")
    write(tmp_path, "locked/b.txt", "B\n\nBody.")
    scandir = os.scandir

    def refuse(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(discover.os, "scandir", refuse)
    articles = load_articles(tmp_path)
    assert articles["source"].tolist() == ["open/a.txt"]
    assert reasons(articles) == {("locked", None): "folder cannot be read: Permission denied"}


def test_size_limit_reads_at_most_max_bytes_plus_one(tmp_path, monkeypatch):
    from newsframe.load import reading

    with open("/dev/zero", "rb") as handle:  # reports size 0, never ends
        assert len(reading.read_limited(handle, max_bytes=1000)) == 1001
    # a file that grows after its size was taken is still cut at the limit
    write(tmp_path, "grows.txt", "Grows\n\n" + "word " * 1000)
    real_fstat = os.fstat
    monkeypatch.setattr(reading.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:])))
    articles = load_articles(tmp_path, max_bytes=1000)
    assert "larger than the limit of 1,000 bytes" in reasons(articles)[("grows.txt", None)]


# --- 5. encodings ------------------------------------------------------------------------------

CP1252_ARTICLE = (
    "date 2021-12-15 Café prices rise\n\nThe café on the corner raised prices. A naïve buyer paid 5 € for crème brûlée."
)


def test_text_file_in_cp1252_is_decoded_and_its_encoding_recorded(tmp_path):
    write(tmp_path, "cafe.txt", CP1252_ARTICLE.encode("cp1252"))
    write(tmp_path, "plain.txt", "Plain\n\nBody.")
    articles = load_articles(tmp_path)
    assert rejects(articles).empty
    cafe = articles.set_index("source").loc["cafe.txt"]
    assert cafe["title"] == "Café prices rise"
    assert "5 € for crème brûlée" in cafe["text"]
    assert cafe["encoding"] == "cp1252"
    assert articles.set_index("source").loc["plain.txt", "encoding"] == "utf-8"
    assert str(articles["encoding"].dtype) == "string"


def test_csv_with_a_few_latin1_bytes_loads_every_row(tmp_path):
    rows = ["text,title"] + [f"Plain row number {i}.,Row {i}" for i in range(20)] + ["Le café était fermé.,Café"]
    write(tmp_path, "news.csv", "\n".join(rows).encode("latin-1"))
    articles = load_articles(tmp_path)
    assert rejects(articles).empty and len(articles) == 21
    assert articles["title"].iloc[-1] == "Café" and articles["text"].iloc[-1] == "Le café était fermé."
    assert articles["encoding"].nunique() == 1 and articles["encoding"].iloc[0] != "utf-8"


def test_large_csv_with_a_latin1_byte_far_into_it_loads_every_row(tmp_path):
    rows = [f"Row number {i} of a long table.,Row {i}" for i in range(3_000)]  # past the first chunk pandas decodes
    write(tmp_path, "news.csv", "\n".join(["text,title", *rows, "Le café était fermé.,Café"]).encode("cp1252"))
    articles = load_articles(tmp_path)
    assert len(articles) == 3_001 and rejects(articles).empty
    assert articles["title"].iloc[-1] == "Café" and set(articles["encoding"]) == {"cp1252"}


def test_jsonl_in_latin1_loads(tmp_path):
    write(
        tmp_path, "news.jsonl", '{"text": "Le café était fermé pour la journée.", "title": "Café"}\n'.encode("latin-1")
    )
    articles = load_articles(tmp_path)
    assert articles["title"].tolist() == ["Café"]


def test_utf16_with_bom_loads(tmp_path):
    write(tmp_path, "wide.txt", "date 2021-12-15 Wide\n\nSixteen bits a character.".encode("utf-16"))
    articles = load_articles(tmp_path)
    assert articles["title"].tolist() == ["Wide"] and articles["encoding"].tolist() == ["utf-16"]


def test_forced_encoding_decodes_every_file_with_it(tmp_path):
    write(tmp_path, "cafe.txt", CP1252_ARTICLE.encode("cp1252"))
    write(tmp_path, "news.csv", "text,title\nLe café.,Café\n".encode("latin-1"))
    articles = load_articles(tmp_path, encoding="latin-1")
    assert articles["encoding"].tolist() == ["iso8859-1", "iso8859-1"]
    assert articles["title"].tolist() == ["Café prices rise", "Café"]
    batches = list(iter_batches(tmp_path, encoding="latin-1", batch_size=1))
    assert [b["encoding"].tolist() for b in batches] == [["iso8859-1"], ["iso8859-1"]]


def test_forced_encoding_that_cannot_decode_a_file_rejects_it(tmp_path):
    write(tmp_path, "cafe.txt", b"date 2021-12-15 Caf\xe9 title\n\nBody.")
    write(tmp_path, "news.csv", "text\nLe café.\n".encode("latin-1"))
    write(tmp_path, "fine.txt", "Fine\n\nBody.")
    articles = load_articles(tmp_path, encoding="utf-8")
    assert articles["source"].tolist() == ["fine.txt"]
    assert reasons(articles) == {
        ("cafe.txt", None): "cannot be decoded as utf-8: byte 0xe9 at offset 19",
        ("news.csv", None): "cannot be decoded as utf-8: byte 0xe9 at offset 11",
    }
    with pytest.raises(ArticleError, match="cafe.txt: cannot be decoded as utf-8"):
        load_articles(tmp_path, encoding="utf-8", errors="raise")


def test_forced_encoding_that_decodes_to_unpaired_surrogates_rejects_the_file(tmp_path):
    write(tmp_path, "escaped.txt", b"Title\n\nBody with \\ud800 in it.")
    articles = load_articles(tmp_path, encoding="unicode_escape")
    assert "unpaired surrogate" in reasons(articles)[("escaped.txt", None)]


@pytest.mark.parametrize("encoding", ["klingon", "base64", 5])
def test_unknown_encoding_is_a_config_error(tmp_path, encoding):
    with pytest.raises(ConfigError, match="encoding"):
        load_articles(tmp_path, encoding=encoding)


@pytest.mark.slow  # imports the store and the report runner
def test_cli_store_takes_an_encoding(monkeypatch, tmp_path):
    import newsframe.store
    from newsframe.cli import build_parser, main

    assert build_parser().parse_args(["store", "--encoding", "cp1252"]).encoding == "cp1252"
    assert build_parser().parse_args(["store"]).encoding is None
    seen = {}

    def build(source, **options):
        seen.update(options, source=source)
        return pd.DataFrame({"articles": [0], "enriched": [0], "reused": [0], "batches": [0]})

    monkeypatch.setattr(newsframe.store, "build", build)
    assert main(["store", "--corpus", str(tmp_path), "--encoding", "cp1252"]) == 0
    assert seen["encoding"] == "cp1252"
    assert main(["store", "--corpus", str(tmp_path), "--encoding", "klingon"]) == 2  # before building anything
    seen.clear()
    assert main(["store", "--corpus", str(tmp_path)]) == 0 and seen["encoding"] is None  # the loader detects it


# --- 6. identifiers and order --------------------------------------------------------------------


def two_numbered_tables(folder: Path) -> None:
    write(folder, "a.csv", "id,text\n1,Putin met Xi in Moscow.\n2,Biden spoke in Washington.\n")
    write(folder, "b.csv", "id,text\n1,Trade talks resumed in Geneva.\n2,Markets rallied in London.\n")


def test_ids_colliding_across_files_get_distinct_article_ids(tmp_path):
    two_numbered_tables(tmp_path)
    articles = load_articles(tmp_path)
    assert articles["article_id"].is_unique and len(articles) == 4
    assert articles["article_id"].tolist() == load_articles(tmp_path)["article_id"].tolist()  # still stable


def test_repeated_id_within_one_file_is_rejected(tmp_path):
    write(tmp_path, "a.csv", "id,text\n1,First.\n2,Second.\n1,First again.\n")
    articles = load_articles(tmp_path)
    assert articles["text"].tolist() == ["First.", "Second."]
    assert reasons(articles) == {("a.csv", 3): "id '1' repeats record 1 of this file"}


@pytest.mark.slow
def test_store_analyse_survives_colliding_ids(tmp_path):
    from newsframe.store import analyse

    two_numbered_tables(tmp_path / "corpus")
    write(tmp_path / "corpus", "c.csv", "id,text\n1,Putin met Xi in Moscow.\n")  # same id and text again
    articles = load_articles(tmp_path / "corpus")
    for options in ({"cache": False}, {"cache_dir": tmp_path / "store"}):
        tables = analyse(articles, n_jobs=1, progress=False, **options)
        assert set(tables["sentences"]["article_id"]) == set(articles["article_id"])


def test_table_rows_keep_their_file_order(tmp_path):
    write(tmp_path, "news.csv", "text\n" + "".join(f"Row {i}.\n" for i in range(1, 13)))
    write(tmp_path, "a.txt", "A\n\nBody.")
    write(tmp_path, "z.txt", "Z\n\nBody.")
    articles = load_articles(tmp_path)
    assert articles["source"].tolist() == ["a.txt"] + [f"news.csv#{i}" for i in range(1, 13)] + ["z.txt"]
    sourced = pd.DataFrame({"text": ["One.", "Two.", "Three."], "source": ["Reuters", "AP", "BBC"]})
    sourced.to_parquet(tmp_path / "own.parquet")
    assert load_articles(tmp_path / "own.parquet")["source"].tolist() == ["Reuters", "AP", "BBC"]


# --- 7. files that are not articles ------------------------------------------------------------

NOT_ARTICLES = ["LICENSE", "README", "COPYING", "NOTICE", "AUTHORS", "CHANGELOG", "readme.md", "license", "Licence.txt"]


def test_readme_and_licence_files_are_not_articles(tmp_path):
    for name in NOT_ARTICLES:
        write(tmp_path, name, "Some Project\n\nPermission is hereby granted, free of charge, to any person.")
    write(tmp_path, "news/readme-of-the-week.txt", "Readme of the week\n\nAn article, despite its name.")
    articles = load_articles(tmp_path)
    assert articles["source"].tolist() == ["news/readme-of-the-week.txt"]
    found = reasons(articles)
    assert set(found) == {(name, None) for name in NOT_ARTICLES}
    assert all(why.startswith("not an article") for why in found.values())
