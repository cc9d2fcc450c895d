"""Property tests of the loader over generated inputs (issue #12): arbitrary bytes in every kind of
file, arbitrary JSON values, arbitrary file-system entries. Whatever they hold, a load raises
nothing but ``ArticleError`` (and that only with ``errors="raise"``), and inputs = articles +
rejected + outside window.

Derandomized (the same examples on every run) and slow: about 20,000 generated files and records
in all, skipped by ``make test-fast``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsframe.errors import ArticleError
from newsframe.load import load_articles, load_summary, rejects

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("NEWSFRAME_PROPERTY_SCALE", "100"))  # x3 to x5 examples per test
COUNT = os.environ.get("NEWSFRAME_PROPERTY_COUNT")  # a file to add each load's inputs to (to measure)


def examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check(source: str | Path, *, since: str | None = None, tally: bool = True, both: bool = True) -> pd.DataFrame:
    """Load ``source`` (``both``: also with ``errors="raise"``); only ``ArticleError`` may come out,
    and the counts reconcile."""
    articles = load_articles(source, since=since)
    counts = dict(load_summary(articles).values)
    if COUNT and tally:
        with open(COUNT, "a") as out:
            out.write(f"{os.environ.get('PYTEST_CURRENT_TEST', '').split(' ')[0]} {counts['inputs']}\n")
    assert counts["inputs"] == counts["articles"] + counts["rejected"] + counts["outside window"]
    assert articles["article_id"].is_unique and len(articles.attrs["rejects"]) == counts["rejected"]
    if not both:
        return articles
    try:
        raised = load_articles(source, errors="raise", since=since)
    except ArticleError as error:
        assert error.reason and counts["rejected"]
    else:
        assert counts["rejected"] == 0 and len(raised) == len(articles)
    return articles


def scratch(tmp_path: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=tmp_path))


# --- arbitrary bytes, as every kind of file ----------------------------------------------------

KINDS = ("a.txt", "b", "c.csv", "d.jsonl", "e.json", "f.ndjson", "g.parquet")
text_like = st.text(max_size=300)
blobs = st.one_of(
    st.binary(max_size=600),
    text_like.map(lambda t: t.encode("utf-8")),
    text_like.map(lambda t: t.encode("cp1252", errors="ignore")),
    st.tuples(
        st.sampled_from(["date 2021-12-15 ", "date 2263-01-01 ", "date 1600-1-1 ", "text,date\n", "text\n"]), text_like
    ).map(lambda p: (p[0] + p[1]).encode("utf-8")),
)


@given(contents=st.lists(blobs, min_size=2, max_size=7))
@examples(EXAMPLES * 5)
def test_arbitrary_bytes_in_every_kind_of_file(tmp_path, contents):
    folder = scratch(tmp_path)
    for i, blob in enumerate(contents):
        for kind in KINDS:
            (folder / f"{i}{kind}").write_bytes(blob)
    articles = check(folder)
    accounted = set(articles["source"].str.split("#").str[0]) | set(rejects(articles)["path"])
    # a table's own `source` column may name its rows otherwise: only the files without one must show
    assert {f"{i}{kind}" for i in range(len(contents)) for kind in ("a.txt", "b")} <= accounted
    shutil.rmtree(folder)


# --- arbitrary JSON values ---------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["2021-12-15", "2263-01-01", "1500-06-01T10:00:00Z", "not a date", "", " "]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
CANONICAL = ["text", "title", "id", "date", "source", "url"]
rows = st.one_of(
    values,
    st.dictionaries(st.sampled_from(CANONICAL + ["section", "tags"]), values, max_size=7),
    st.fixed_dictionaries({"text": st.text(min_size=1, max_size=40)}, optional={k: values for k in CANONICAL[1:]}),
)
junk = st.one_of(
    st.sampled_from(
        ['{"text": "Broken \\ud800 escape"}', '{"text": ', "[[[[", "NaN", '{"text": "x"} trailing', "", "null"]
    ),
    st.text(max_size=30).map(lambda t: t.replace("\n", " ")),
)


@given(items=st.lists(rows, min_size=1, max_size=12), bad_lines=st.lists(junk, max_size=3))
@examples(EXAMPLES * 4)
def test_arbitrary_json_values(tmp_path, items, bad_lines):
    """Each generated value three times: a line of a JSON Lines file, an item of a JSON array, a JSON file."""
    folder = scratch(tmp_path)
    (folder / "lines.jsonl").write_text("\n".join([json.dumps(v) for v in items] + bad_lines), encoding="utf-8")
    (folder / "array.json").write_text(json.dumps(items), encoding="utf-8")
    for i, item in enumerate(items):
        (folder / f"{i}.json").write_text(json.dumps(item), encoding="utf-8")
    articles = check(folder, since="1990-01-01")
    assert articles.attrs["inputs"] >= len(items) + 2
    shutil.rmtree(folder)


# --- arbitrary file-system entries ---------------------------------------------------------------

NAMES = [
    "a",
    "b.txt",
    "c.txt",
    "d.txt",
    "e.text",
    "f",
    "README",
    "LICENSE.txt",
    ".hidden",
    "g.md",
    "h.pdf",
]  # no tables: one input each
BAD_NAME = b"caf\xe9.txt"
entry = st.tuples(
    st.sampled_from(
        ["file", "empty", "folder", "link-in", "link-folder", "link-out", "link-broken", "loop", "fifo", "bad-name"]
    ),
    st.lists(st.sampled_from(["x", "y", "z"]), max_size=2),  # the folder it goes in
    st.sampled_from(NAMES),
    st.binary(max_size=60) | st.just(b"date 2021-12-15 Title\n\nBody."),
)


def build(root: Path, outside: Path, spec: list[tuple[str, list[str], str, bytes]]) -> None:
    """Make the entries of ``spec`` under ``root`` (skipping names already taken)."""
    made: list[Path] = []
    for kind, parts, name, content in spec:
        folder = root.joinpath(*parts)
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        if os.path.lexists(path):
            continue
        if kind == "file":
            path.write_bytes(content)
        elif kind == "empty":
            path.write_bytes(b"")
        elif kind == "folder":
            path.mkdir()
        elif kind == "link-in" and made:
            path.symlink_to(made[len(made) // 2])
        elif kind == "link-folder":
            path.symlink_to(root.joinpath(*parts[:1]), target_is_directory=True)
        elif kind == "link-out":
            path.symlink_to(outside)
        elif kind == "link-broken":
            path.symlink_to(root / "missing")
        elif kind == "loop":
            path.symlink_to(path)
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "bad-name":
            with open(os.path.join(os.fsencode(folder), BAD_NAME), "wb") as handle:
                handle.write(content)
        made.append(path)


def expected_inputs(root: Path) -> int:
    """Every entry but a real folder counts once, a symbolic link to a folder included."""
    count = 0
    for _, folders, files in os.walk(root):
        count += len(files) + sum(os.path.islink(os.path.join(_, f)) for f in folders)
    return count


@given(spec=st.lists(entry, min_size=8, max_size=30))
@examples(EXAMPLES * 3)
@pytest.mark.timeout(300)
def test_arbitrary_file_system_entries(tmp_path, spec):
    base = scratch(tmp_path)
    root, outside = base / "corpus", base / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\n\nOutside the corpus.", encoding="utf-8")
    build(root, outside, spec)
    articles = check(root)
    assert articles.attrs["inputs"] == expected_inputs(root)
    assert not any(source.startswith("outside") for source in articles["source"])
    globbed = check(str(root / "**" / "*.txt"), tally=False, both=False)
    assert globbed.attrs["inputs"] <= articles.attrs["inputs"]
    shutil.rmtree(base)
