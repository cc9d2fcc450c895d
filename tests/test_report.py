"""The report runner: run folders, run.json, index and latest, failure isolation, escaping,
self-contained HTML, interrupted and concurrent runs."""

from __future__ import annotations

import html
import json
import logging
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import nbformat
import pytest

from newsframe.errors import ConfigError
from newsframe.load import load_articles
from newsframe.periods import CHOICES as PERIOD_CHOICES
from newsframe.provenance import corpus_hash
from newsframe.report import (
    claim_reports_dir,
    find_notebooks,
    notebook_parameters,
    parameter_choices,
    parse_kind,
    parse_value,
    read_parameter,
    read_runs,
    render_html,
    render_index,
    report_header,
    resolve_date,
    resolve_window,
    run_report,
    update_index,
)
from newsframe.report.execute import unknown_parameter_warnings_dropped
from report_fixtures import TITLE_PAYLOAD, write_corpus, write_notebooks

TODAY = date(2024, 3, 31)
ACTORS = "lib/newsframe/data/actors.yml"  # the packaged dictionary, relative to the repository root


# --- inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7d", "2024-03-24"),
        ("0d", "2024-03-31"),
        ("4w", "2024-03-03"),
        ("3m", "2023-12-31"),
        ("1m", "2024-02-29"),
        ("1y", "2023-03-31"),
        ("2021-12-15", "2021-12-15"),
        (" 7D ", "2024-03-24"),
        (None, None),
        (date(2021, 1, 2), "2021-01-02"),
    ],
    ids=["days", "today", "weeks", "months", "month-end-clamped", "year", "iso", "spaces-and-case", "none", "date"],
)
def test_resolve_date(value, expected):
    assert resolve_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    "value",
    ["yesterday", "7", "d7", "2021-02-30", "2021/12/15", "-3d"],
    ids=["word", "no-unit", "unit-first", "impossible", "slashes", "negative"],
)
def test_resolve_date_rejects(value):
    with pytest.raises(ConfigError, match="7d, 4w, 3m"):
        resolve_date(value, today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10", 10),
        ("0.5", 0.5),
        ("true", True),
        ("null", None),
        ("[Xi, Putin]", ["Xi", "Putin"]),
        ("2021-12-15", "2021-12-15"),
        ("data/sample", "data/sample"),
        ("", None),
    ],
    ids=["int", "float", "bool", "null", "list", "date-stays-text", "path", "empty"],
)
def test_parse_value(text, expected):
    assert parse_value(text) == expected


def test_find_notebooks_by_any_name(tmp_path):
    folder = write_notebooks(tmp_path, slow=True)
    (folder / "scratch.ipynb").write_text("{}")
    assert [p.stem for p in find_notebooks(folder)] == ["01-table", "02-fail", "03-slow"]
    chosen = find_notebooks(folder, names=["slow", "01", "02-fail.ipynb", "01-table"])
    assert [p.stem for p in chosen] == ["03-slow", "01-table", "02-fail"]
    with pytest.raises(ConfigError, match="valid names: 01-table, 02-fail, 03-slow"):
        find_notebooks(folder, names=["sentiment"])


def test_notebook_parameters_reads_pep604_annotations_and_comments(tmp_path):
    folder = write_notebooks(tmp_path, failing=False)
    cell = nbformat.v4.new_code_cell("limit = 5  # most rows\nwords = ['a']", metadata={"tags": ["parameters"]})
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "05-untyped.ipynb")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), folder / "06-none.ipynb")
    table = notebook_parameters(find_notebooks(folder))
    assert table.columns.tolist() == ["notebook", "name", "type", "default", "help"]
    rows = {(r.notebook, r.name): (r.type, r.default, r.help) for r in table.itertuples()}
    assert rows[("01-table", "since")] == ("str | None", "None", "first day, YYYY-MM-DD")
    assert rows[("01-table", "corpus")] == ("str", '"data/sample"', "folder, file, glob or table of articles")
    assert rows[("05-untyped", "limit")] == ("int", "5", "most rows")
    assert rows[("05-untyped", "words")] == ("list", "['a']", "")
    assert "06-none" not in set(table["notebook"])


def test_unknown_parameter_is_refused_before_running(tmp_path):
    folder = write_notebooks(tmp_path / "nbs")
    with pytest.raises(ConfigError, match="declares the parameter.* nope"):
        run_report(
            corpus=write_corpus(tmp_path / "c"),
            notebooks_dir=folder,
            out=tmp_path / "r",
            parameters={"nope": 1},
            progress=False,
        )
    with pytest.raises(ConfigError, match=r"declares the parameter\(s\) actors"):
        run_report(
            corpus=write_corpus(tmp_path / "c"),
            notebooks_dir=folder,
            notebooks=["fail"],
            actors="actors.yml",
            out=tmp_path / "r",
            progress=False,
        )
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    ("articles", "parameters", "empty_note", "window"),
    [
        (0, {"since": "2099-01-01"}, True, "2099-01-01 to any date"),
        (0, {"article": "x"}, False, "(not a parameter of this notebook)"),
        (5, {"since": "2099-01-01"}, False, "2099-01-01 to any date"),
    ],
    ids=["empty-window", "empty-but-not-windowed", "articles"],
)
def test_header_escapes_and_says_when_the_window_is_empty(articles, parameters, empty_note, window):
    run = {
        "corpus": {
            "path": "<b>c</b>",
            "hash": "h",
            "articles": articles,
            "inputs": 9,
            "rejected": 0,
            "outside_window": 9 - articles,
        },
        "parameters": {"since": "2099-01-01", "until": None},
        "run_id": "r",
        "started": "s",
        "library_versions": {},
    }
    header = report_header(run, {"name": "<i>01</i>", "status": "ok", "error": None, "parameters": parameters})
    assert "<b>" not in header and "<i>" not in header and "&lt;b&gt;c&lt;/b&gt;" in header
    assert ("No articles in this window" in header) is empty_note
    assert window in header


SCRIPT = "<script>alert(1)</script>"


def test_header_escapes_hostile_parameters_and_errors():
    run = {
        "corpus": {
            "path": f"javascript:{SCRIPT}",
            "hash": "h",
            "articles": 1,
            "inputs": 1,
            "rejected": 0,
            "outside_window": 0,
        },
        "parameters": {"since": None, "until": None},
        "run_id": "r",
        "started": "s",
        "library_versions": {},
    }
    header = report_header(
        run,
        {
            "name": "01",
            "status": "failed",
            "parameters": {"actors": SCRIPT},
            "error": {"type": "ValueError", "message": SCRIPT, "cell": 2},
        },
    )
    assert "<script" not in header and header.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert "This notebook failed" in header


def _hostile_run(out: Path, run_id: str) -> dict:
    """A run.json whose corpus path, window, notebook name and file name carry markup and URLs."""
    (out / run_id).mkdir(parents=True)
    record = {
        "run_id": run_id,
        "status": SCRIPT,
        "started": SCRIPT,
        "seconds": 1.0,
        "corpus": {"path": f"javascript:{SCRIPT}", "articles": SCRIPT},
        "parameters": {"since": SCRIPT, "until": "javascript:alert(1)", "extra": {"top": SCRIPT}},
        "notebooks": [
            {"name": SCRIPT, "status": "ok", "html": "javascript:alert(1)"},
            {"name": '"><img src=x onerror=alert(1)>', "status": '" onclick="alert(1)', "html": None},
        ],
    }
    (out / run_id / "run.json").write_text(json.dumps(record))
    return record


def test_index_escapes_run_values_and_keeps_links_relative(tmp_path):
    claim_reports_dir(tmp_path)
    record = _hostile_run(tmp_path, "2024-01-01T000000.000000Z-aaaa")
    update_index(tmp_path)
    for index in ((tmp_path / "index.html").read_text(), render_index([record], link_prefix="")):
        assert "<script" not in index.lower() and "<img" not in index and 'onclick="' not in index
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index  # shown, as text
        assert "javascript:&lt;script&gt;" in index and "&lt;img src=x onerror=alert(1)&gt;" in index
        assert 'href="javascript:' not in index and "javascript%3Aalert%281%29" in index
        assert "Content-Security-Policy" in index and "default-src 'none'" in index
        assert index.count("<a ") == 1 and index.endswith("</html>\n")


def test_importing_report_leaves_other_libraries_loggers_alone():
    code = """if True:
        import logging
        import nbconvert, papermill, traitlets  # the libraries whose loggers the runner could touch

        def state():
            named = logging.root.manager.loggerDict.items()
            loggers = {"": logging.getLogger(), **{n: log for n, log in named if isinstance(log, logging.Logger)}}
            return {name: (list(logger.filters), logger.level, list(logger.handlers), logger.propagate, logger.disabled)
                    for name, logger in loggers.items()}

        before = state()
        import newsframe.report
        after = state()
        assert {name: after[name] for name in before} == before
        assert not [name for name, (filters, *_) in after.items() if filters]
        assert logging.getLogger("papermill").filters == []
    """
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_unknown_parameter_warning_is_dropped_only_while_a_notebook_runs(caplog):
    papermill_logger = logging.getLogger("papermill")
    before = list(papermill_logger.filters)
    with caplog.at_level(logging.WARNING, logger="papermill"):
        with unknown_parameter_warnings_dropped(), unknown_parameter_warnings_dropped():  # two notebooks at once
            papermill_logger.warning("Passed unknown parameter: since")
            papermill_logger.warning("something else")
        assert papermill_logger.filters == before
        papermill_logger.warning("Passed unknown parameter: until")
    assert [r.getMessage() for r in caplog.records] == ["something else", "Passed unknown parameter: until"]


# --- one real run: an ok notebook and a failing one, over the payload corpus --------------


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    corpus = write_corpus(root / "corpus")
    run = run_report(
        corpus=corpus,
        notebooks_dir=write_notebooks(root / "nbs"),
        out=root / "reports",
        jobs=2,
        actors=ACTORS,
        parameters={"top": 3, "names": "Vladimir Putin"},
        progress=False,
    )
    return run, corpus


def test_run_folder_holds_notebooks_html_and_run_json(finished):
    run, corpus = finished
    names = sorted(p.name for p in run.path.iterdir())
    assert names == [
        "01-table.html",
        "01-table.ipynb",
        "02-fail.html",
        "02-fail.ipynb",
        "index.html",
        "run.json",
        "run.log",
    ]
    record = json.loads((run.path / "run.json").read_text())
    assert record == run.record
    assert record["status"] == "failed"
    assert [(n["name"], n["status"]) for n in record["notebooks"]] == [("01-table", "ok"), ("02-fail", "failed")]
    assert record["corpus"]["hash"] == corpus_hash(load_articles(corpus))
    assert record["corpus"]["articles"] == 2 and record["corpus"]["inputs"] == 2
    assert record["library_versions"]["papermill"]
    assert record["seconds"] > 0 and record["started"] < record["ended"]


def test_run_leaves_papermills_logger_as_it_was(finished):
    assert not [f for f in logging.getLogger("papermill").filters if type(f).__name__ == "_DropUnknownParameterWarning"]


def test_each_notebook_gets_only_the_parameters_it_declares(finished):
    run, corpus = finished
    table, fail = run.record["notebooks"]
    assert table["parameters"] == {
        "corpus": str(corpus),
        "since": None,
        "until": None,
        "actors": ACTORS,
        "top": 3,
        "names": ["Vladimir Putin"],
    }
    assert fail["parameters"] == {"corpus": str(corpus), "since": None, "until": None}
    injected = nbformat.read(run.path / "01-table.ipynb", as_version=4).metadata.papermill.parameters
    assert injected["top"] == 3 and injected["names"] == ["Vladimir Putin"]
    assert run.record["parameters"]["extra"] == {"top": 3, "names": ["Vladimir Putin"]}


def test_failed_notebook_is_isolated_and_explained(finished):
    run, _ = finished
    error = run.record["notebooks"][1]["error"]
    assert error["type"] == "ValueError" and error["message"] == "boom <b>not bold</b>" and error["cell"] == 4
    page = (run.path / "02-fail.html").read_text()
    assert "This notebook failed" in page
    assert "Traceback" in page and "boom &lt;b&gt;not bold&lt;/b&gt;" in page
    assert "<b>not bold</b>" not in page
    assert 'class="k">raise</span>' in page  # the failing cell's code is shown ...
    assert "math" not in page.split("</header>")[1]  # ... the others stay hidden
    notes = run.notebooks()
    assert notes.loc[1, "error"] == "ValueError: boom <b>not bold</b> in cell [4]"


def test_html_is_self_contained_and_script_free(finished):
    run, _ = finished
    page = (run.path / "01-table.html").read_text()
    assert "<script" not in page.lower()
    for attribute in ("src=", "href="):
        assert f'{attribute}"http' not in page and f"{attribute}'http" not in page and f"{attribute}http" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count('src="data:image/png;base64,') == 1  # the one figure, embedded


def test_article_text_is_escaped_in_tables_and_printed_output(finished):
    run, _ = finished
    body = (run.path / "01-table.html").read_text().split("</header>", 1)[1]
    assert TITLE_PAYLOAD not in body and "<img src=x" not in body
    assert "&lt;script&gt;document.title=" in body  # printed, as text
    assert "&lt;img src=x onerror=" in body  # in the DataFrame, as text


def test_header_names_corpus_window_and_provenance(finished):
    run, corpus = finished
    header = (run.path / "01-table.html").read_text().split("</header>", 1)[0]
    for fact in (
        str(corpus),
        run.record["corpus"]["hash"],
        "all dates",
        "2 in window",
        run.path.name,
        "papermill 2",
        "01-table · ok",
        "top=3",
    ):
        assert fact in header


def test_code_is_hidden_unless_asked(finished):
    run, _ = finished
    hidden = (run.path / "01-table.html").read_text()
    shown = render_html(nbformat.read(run.path / "01-table.ipynb", as_version=4), with_code=True)
    assert "load_articles" not in hidden and "load_articles" in shown


def test_index_lists_the_run_and_latest_skips_failed_runs(finished):
    run, _ = finished
    out = run.path.parent
    index = (out / "index.html").read_text()
    assert f'href="{run.path.name}/01-table.html"' in index and f'href="{run.path.name}/02-fail.html"' in index
    assert "<script" not in index
    assert not (out / "latest").exists()
    assert (run.path / "index.html").read_text().count('href="01-table.html"') == 1


def test_kernel_that_cannot_start_fails_that_notebook_only(tmp_path):
    run = run_report(
        corpus=write_corpus(tmp_path / "c"),
        notebooks_dir=write_notebooks(tmp_path / "nbs"),
        notebooks=["fail"],
        out=tmp_path / "r",
        kernel="no-such-kernel",
        progress=False,
    )
    entry = run.record["notebooks"][0]
    assert run.record["status"] == "failed" and entry["status"] == "failed"
    assert entry["error"]["type"] == "NoSuchKernel" and entry["ipynb"] == "02-fail.ipynb"
    assert "NoSuchKernel" in (run.path / entry["html"]).read_text()


# --- index, latest and concurrency without kernels ----------------------------------------


def _fake_run(out: Path, run_id: str, status: str) -> None:
    (out / run_id).mkdir(parents=True)
    record = {
        "run_id": run_id,
        "status": status,
        "notebooks": [{"name": "01-x", "status": status, "html": "01-x.html"}],
    }
    (out / run_id / "run.json").write_text(json.dumps(record))


def test_latest_points_to_newest_successful_run(tmp_path):
    claim_reports_dir(tmp_path)
    _fake_run(tmp_path, "2024-01-01T000000.000000Z-aaaa", "ok")
    _fake_run(tmp_path, "2024-01-02T000000.000000Z-bbbb", "ok")
    _fake_run(tmp_path, "2024-01-03T000000.000000Z-cccc", "failed")
    _fake_run(tmp_path, "2024-01-04T000000.000000Z-dddd", "incomplete")
    (tmp_path / "2024-01-05T000000.000000Z-eeee").mkdir()
    (tmp_path / "2024-01-05T000000.000000Z-eeee" / "run.json").write_text("{trunc")
    update_index(tmp_path)
    assert os.readlink(tmp_path / "latest") == "2024-01-02T000000.000000Z-bbbb"
    assert [r["status"] for r in read_runs(tmp_path)] == ["unreadable", "incomplete", "failed", "ok", "ok"]
    index = (tmp_path / "index.html").read_text()
    assert index.index("eeee") < index.index("dddd") < index.index("aaaa")


def _add_runs_and_index(out: Path, tag: str) -> None:
    for i in range(15):
        _fake_run(out, f"2024-01-01T0000{i:02d}.000000Z-{tag}", "ok")
        update_index(out)


def test_concurrent_index_updates_leave_a_complete_index(tmp_path):
    claim_reports_dir(tmp_path)
    fork = multiprocessing.get_context("fork")  # separate processes without paying the imports again
    writers = [fork.Process(target=_add_runs_and_index, args=(tmp_path, tag)) for tag in ("aaaa", "bbbb", "cccc")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [w.exitcode for w in writers] == [0, 0, 0]
    index = (tmp_path / "index.html").read_text()
    assert index.count("<tr class=") == 45 and index.endswith("</html>\n")
    assert os.readlink(tmp_path / "latest") == "2024-01-01T000014.000000Z-cccc"
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".*.partial"))


# --- whole runs through the command: concurrent, empty window, interrupted -----------------


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsframe.cli", "report", "--no-progress", *args]


def test_two_runs_at_once_into_one_folder(tmp_path):
    corpus, nbs, out = write_corpus(tmp_path / "c"), write_notebooks(tmp_path / "nbs", failing=False), tmp_path / "r"
    common = ["--corpus", str(corpus), "--notebooks-dir", str(nbs), "--out", str(out)]
    first = subprocess.Popen(_command(*common, "--zip"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(
        _command(*common, "--since", "2099-01-01"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    for _, err in results:  # what cron would mail: no kernel or library warnings, all in run.log
        assert "warning" not in err.lower() and "NOTICE" not in err, err
    runs = read_runs(out)
    assert len(runs) == 2 and {r["status"] for r in runs} == {"ok"}
    assert os.readlink(out / "latest") == runs[0]["run_id"]
    for run in runs:
        assert sorted(p.name for p in (out / run["run_id"]).iterdir()) == [
            "01-table.html",
            "01-table.ipynb",
            "index.html",
            "run.json",
            "run.log",
        ]
    index = (out / "index.html").read_text()
    assert all(f"{r['run_id']}/01-table.html" in index for r in runs)
    empty = next(r for r in runs if r["corpus"]["articles"] == 0)
    assert "No articles in this window" in (out / empty["run_id"] / "01-table.html").read_text()
    zipped = next(r for r in runs if r["corpus"]["articles"] == 2)["run_id"]
    with zipfile.ZipFile(out / f"{zipped}.zip") as archive:
        assert sorted(archive.namelist()) == [
            f"{zipped}/{n}" for n in ["01-table.html", "01-table.ipynb", "index.html", "run.json", "run.log"]
        ]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["terminated", "killed"])
def test_interrupted_run_is_marked_incomplete_without_html(tmp_path, signum):
    nbs = write_notebooks(tmp_path / "nbs", failing=False, slow=True)
    out = tmp_path / "r"
    process = subprocess.Popen(
        _command(
            "--corpus",
            str(write_corpus(tmp_path / "c")),
            "--notebooks-dir",
            str(nbs),
            "--out",
            str(out),
            "--notebooks",
            "slow",
            "table",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob("*/03-slow.partial.ipynb")):  # papermill has started the slow notebook
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.2)
    time.sleep(1)
    process.send_signal(signum)
    process.wait(timeout=60)
    assert process.returncode == (130 if signum == signal.SIGTERM else -signal.SIGKILL)
    (run,) = read_runs(out)
    assert run["status"] == "incomplete"
    assert [n["status"] for n in run["notebooks"]] == [
        "incomplete" if signum == signal.SIGTERM else "running",
        "incomplete" if signum == signal.SIGTERM else "pending",
    ]
    run_dir = out / run["run_id"]
    assert not (run_dir / "03-slow.html").exists() and not (run_dir / "01-table.html").exists()
    assert not list(run_dir.glob(".*.partial"))
    assert "incomplete" in (out / "index.html").read_text()
    assert not (out / "latest").exists()


# --- issue 12: a reports folder is ours or left alone; foreign run.json files are skipped ---------


def test_run_refuses_a_folder_it_did_not_make_before_writing(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("my own page")
    os.symlink("elsewhere", out / "latest")
    with pytest.raises(ConfigError, match=r"is not a newsframe reports folder \(no .newsframe-reports"):
        run_report(
            corpus=write_corpus(tmp_path / "c"),
            notebooks_dir=write_notebooks(tmp_path / "nbs"),
            out=out,
            progress=False,
        )
    with pytest.raises(ConfigError, match="is not a newsframe reports folder"):
        update_index(out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "latest"]
    assert (out / "index.html").read_text() == "my own page" and os.readlink(out / "latest") == "elsewhere"


@pytest.mark.parametrize(
    "entries",
    [
        None,
        [],
        ["README.md"],
        ["README.md", ".gitignore"],
        [".newsframe-report.lock", "index.html", "latest"],
        ["..newsframe-reports.123.456.partial"],
    ],
    ids=[
        "missing",
        "empty",
        "repository-reports",
        "readme-and-gitignore",
        "made-before-the-marker",
        "another-run-is-claiming-it",
    ],
)
def test_empty_readme_only_and_older_reports_folders_are_adopted(tmp_path, entries):
    out = tmp_path / "reports"
    if entries is not None:
        out.mkdir()
        for name in entries:
            (out / name).write_text("kept")
    update_index(out)
    assert (out / ".newsframe-reports").is_file() and (out / "index.html").is_file()
    for name in set(entries or []) - {"index.html", "latest"}:
        assert (out / name).read_text() == "kept"
    (out / "notes.txt").write_text("the user's, in a folder that is now newsframe's")
    update_index(out)  # the marker, not the contents, says whose folder it is


def test_repository_reports_folder_holds_only_what_a_reports_folder_may_adopt():
    tracked = subprocess.run(
        ["git", "ls-files", "reports"], cwd=Path(__file__).parents[1], capture_output=True, text=True, check=False
    )
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    assert tracked.stdout.split() == ["reports/README.md"]


def test_run_json_that_is_not_newsframes_is_skipped_with_a_warning(tmp_path, caplog):
    update_index(tmp_path)
    _fake_run(tmp_path, "2024-01-01T000000.000000Z-aaaa", "ok")
    foreign = {
        "list": "[1, 2]",
        "text": '"a string"',
        "number": "3",
        "no-run-id": '{"status": "ok"}',
        "other-run-id": '{"run_id": "../../elsewhere", "status": "ok", "notebooks": []}',
    }
    for name, text in foreign.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "run.json").write_text(text)
    odd = "2024-01-02T000000.000000Z-bbbb"  # ours by its run_id, but with values of the wrong kind
    (tmp_path / odd).mkdir()
    (tmp_path / odd / "run.json").write_text(
        json.dumps(
            {
                "run_id": odd,
                "status": ["ok"],
                "started": 5,
                "seconds": "long",
                "corpus": "c",
                "parameters": [1],
                "notebooks": [7, {"name": 3, "status": None, "html": 5}, {"name": "01-x", "html": "01-x.html"}],
            }
        )
    )
    with caplog.at_level(logging.WARNING, logger="newsframe.report"):
        update_index(tmp_path)
    assert [r["run_id"] for r in read_runs(tmp_path)] == [odd, "2024-01-01T000000.000000Z-aaaa"]
    index = (tmp_path / "index.html").read_text()
    assert index.count("<tr class=") == 2 and "elsewhere" not in index
    assert f'href="{odd}/01-x.html"' in index
    assert os.readlink(tmp_path / "latest") == "2024-01-01T000000.000000Z-aaaa"
    warned = "\n".join(r.getMessage() for r in caplog.records)
    assert all(f"{tmp_path / name / 'run.json'}" in warned for name in foreign), warned
    assert "not a newsframe run; ignored" in warned


def test_latest_that_is_not_a_link_is_left_alone(tmp_path, caplog):
    update_index(tmp_path)
    _fake_run(tmp_path, "2024-01-01T000000.000000Z-aaaa", "ok")
    (tmp_path / "latest").mkdir()
    (tmp_path / "latest" / "keep.txt").write_text("mine")
    with caplog.at_level(logging.WARNING, logger="newsframe.report"):
        update_index(tmp_path)
    assert (tmp_path / "latest" / "keep.txt").read_text() == "mine"
    assert "is not a link" in caplog.text


def _quick_notebook(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("corpus = 'data/sample'", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("1 + 1"),
        ],
        metadata={"kernelspec": {"name": "newsframe", "display_name": "newsframe", "language": "python"}},
    )
    nbformat.write(nb, folder / "01-quick.ipynb")
    return folder


def test_notebooks_on_threads_start_in_their_folder_and_leave_the_working_directory_alone(tmp_path):
    """Papermill's ``cwd`` changes the working directory of the whole process; with notebooks on
    threads (``jobs=2``) the changes raced and the process could end up in the notebooks' folder."""
    import os

    folder = tmp_path / "nbs"
    folder.mkdir()
    for number in range(1, 5):
        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell("corpus = 'data/sample'", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("import os, time\ntime.sleep(0.5)\nprint('CWD=' + os.getcwd())"),
            ],
            metadata={"kernelspec": {"name": "newsframe", "display_name": "newsframe", "language": "python"}},
        )
        nbformat.write(nb, folder / f"0{number}-where.ipynb")
    before = os.getcwd()
    out = tmp_path / "r"
    run_report(corpus=write_corpus(tmp_path / "c"), notebooks_dir=folder, out=out, jobs=2, progress=False)
    assert os.getcwd() == before
    (run,) = read_runs(out)
    assert [n["status"] for n in run["notebooks"]] == ["ok"] * 4
    for entry in run["notebooks"]:
        printed = (out / run["run_id"] / entry["ipynb"]).read_text(encoding="utf-8")
        assert f"CWD={folder}" in printed


def test_interrupt_while_rendering_marks_the_notebook_incomplete(tmp_path, monkeypatch):
    import newsframe.report.execute as execute

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(execute, "render_html", interrupted)
    out = tmp_path / "r"
    with pytest.raises(KeyboardInterrupt):
        run_report(
            corpus=write_corpus(tmp_path / "c"),
            notebooks_dir=_quick_notebook(tmp_path / "nbs"),
            out=out,
            progress=False,
        )
    (run,) = read_runs(out)
    assert run["status"] == "incomplete" and run["interrupted"] == "KeyboardInterrupt"
    assert [(n["name"], n["status"], n["html"]) for n in run["notebooks"]] == [("01-quick", "incomplete", None)]
    assert not (out / run["run_id"] / "01-quick.html").exists()


# --- issue 13: everything checked before a kernel starts; lists; windows; columns; the store; run.log ---------


def _no_kernel(monkeypatch):
    import newsframe.report.execute as execute

    def started(*args, **kwargs):
        raise AssertionError("a notebook was executed")

    monkeypatch.setattr(execute, "execute_notebook", started)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"parameters": {"period": "mnth"}}, "-p period: 'mnth' is not one of day, week, month, quarter, year, auto"),
        ({"parameters": {"top": "ten"}}, "-p top: expected a whole number (int, as 01-table declares it), got 'ten'"),
        ({"parameters": {"top": 2.5}}, "-p top: expected a whole number"),
        ({"parameters": {"top": "[1, 2"}}, "-p top: cannot read '[1, 2' as YAML"),
        ({"parameters": {"names": 3}}, "-p names: expected a list"),
        ({"parameters": {"tpo": 3}}, "declares the parameter(s) tpo; valid names: names, period, top (see"),
        ({"parameters": {"columns": "text=body"}}, "use --columns instead of -p columns"),
        ({"actors": "no/such/actors.yml"}, "no/such/actors.yml: cannot be read"),
        ({"actors": "BAD"}, "not valid YAML"),
        ({"columns": "text"}, "--columns: expected NAME=COLUMN pairs"),
        ({"columns": "txt=body"}, "--columns: 'txt' is not one of id, text, title, date, source, url"),
        ({"columns": "text=body", "notebooks": None}, "--columns cannot reach 02-fail"),
        ({"since": "2024-03-01", "until": "5w"}, "the window is empty: since 2024-03-01 is after until 2024-02-25"),
    ],
    ids=[
        "choice",
        "int-text",
        "int-float",
        "not-yaml",
        "list",
        "unknown-name",
        "has-an-option",
        "missing-actors",
        "bad-actors",
        "columns-format",
        "columns-name",
        "columns-not-declared",
        "empty-window",
    ],
)
def test_every_value_is_checked_before_any_kernel_starts(tmp_path, monkeypatch, options, message):
    _no_kernel(monkeypatch)
    if options.get("actors") == "BAD":
        options["actors"] = tmp_path / "actors.yml"
        options["actors"].write_text("actors:\n  - [open\n")
    arguments = {"notebooks": ["table"], **options}
    with pytest.raises(ConfigError) as raised:
        run_report(
            corpus=write_corpus(tmp_path / "c"),
            notebooks_dir=write_notebooks(tmp_path / "nbs"),
            out=tmp_path / "r",
            today=TODAY,
            progress=False,
            **arguments,
        )
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    ("annotation", "text", "expected"),
    [
        ("list", "Vladimir Putin", ["Vladimir Putin"]),
        ("list", "oil, trade", ["oil", "trade"]),
        ("list", "[Xi, Putin]", ["Xi", "Putin"]),
        ("list", "[]", []),
        ("list[int]", "1, 2", [1, 2]),
        ("str", "0012345", "0012345"),
        ("str", "2021-12-15", "2021-12-15"),
        ("str", "null", "null"),
        ("Optional[str]", "null", None),
        ("str | None", "", None),
        ("int", "7", 7),
        ("float", "1", 1.0),
        ("bool", "false", False),
        ("dict | None", "text=body, date=published", {"text": "body", "date": "published"}),
        ("", "[1, 2]", [1, 2]),
        ("Literal['a', 'b']", "b", "b"),
    ],
)
def test_text_values_are_read_as_the_declared_type(annotation, text, expected):
    assert read_parameter("x", text, parse_kind(annotation)) == expected


def test_literal_annotations_and_the_registry_give_the_choices():
    with pytest.raises(ConfigError, match="-p x: 'c' is not one of a, b"):
        read_parameter("x", "c", parse_kind("Literal['a', 'b']"))
    with pytest.raises(ConfigError, match="-p scorers: 'vadr' is not one of textblob, vader"):
        read_parameter("scorers", "textblob, vadr", parse_kind("list"))
    assert read_parameter("level", "article", parse_kind("str")) == "article"
    assert parameter_choices("period") == (*PERIOD_CHOICES,)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("4w", None, ("2024-03-03", None)),
        ("3m", "7d", ("2023-12-31", "2024-03-24")),
        (None, "2024-01-01", (None, "2024-01-01")),
        (date(2024, 1, 2), "0d", ("2024-01-02", "2024-03-31")),
    ],
)
def test_resolve_window(since, until, expected):
    assert resolve_window(since, until, today=TODAY) == expected


def test_notebooks_can_resolve_windows_without_importing_the_runner():
    code = """if True:
        import sys
        from newsframe.report import resolve_window
        since, until = resolve_window("4w", None)
        heavy = sorted({"papermill", "nbconvert", "nbformat"} & set(sys.modules))
        assert not heavy, heavy
        assert since and until is None
        from newsframe.report import run_report, Run, parse_columns  # the rest on first use
    """
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_every_public_name_resolves():
    import newsframe.report as report

    assert all(getattr(report, name) is not None for name in report.__all__)
    with pytest.raises(AttributeError):
        report.no_such_name  # noqa: B018


def test_columns_reach_the_loader_the_notebooks_and_run_json(tmp_path):
    table = tmp_path / "news.csv"
    table.write_text(
        "headline,body,published\nOil prices rise,Oil rose again on Monday.,2021-03-01\n"
        "Trade talks,Talks on trade resumed.,2021-03-02\n",
        encoding="utf-8",
    )
    run = run_report(
        corpus=table,
        columns="text=body, title=headline,date=published",
        notebooks=["table"],
        notebooks_dir=write_notebooks(tmp_path / "nbs"),
        out=tmp_path / "r",
        progress=False,
    )
    mapping = {"text": "body", "title": "headline", "date": "published"}
    assert run.ok, run.notebooks()
    assert (
        run.record["parameters"]["columns"] == mapping
        and run.record["notebooks"][0]["parameters"]["columns"] == mapping
    )
    assert run.record["corpus"]["articles"] == 2 and run.record["corpus"]["rejected"] == 0
    assert "Oil prices rise" in (run.path / "01-table.html").read_text()


def test_store_is_filled_once_before_the_notebooks_start(finished):
    run, _ = finished
    store = run.record["store"]
    assert store["articles"] == 2 and store["enriched"] + store["reused"] == 2 and store["error"] is None
    assert all(n["started"] >= store["ended"] for n in run.record["notebooks"])


def test_run_log_takes_warnings_and_stderr_out_of_the_html(finished):
    run, _ = finished
    assert run.record["log"] == "run.log"
    page = (run.path / "01-table.html").read_text()
    for text in ("LIBRARY-NOTICE", "STDERR-NOTICE", "FutureWarning", "UserWarning", "WARNING", "Warning:"):
        assert text not in page, text
    assert "[&#39;Vladimir Putin&#39;] month" in page or "['Vladimir Putin'] month" in page
    log = (run.path / "run.log").read_text()
    assert "01-table, cell [" in log and "LIBRARY-NOTICE" in log and "STDERR-NOTICE" in log
    executed = (run.path / "01-table.ipynb").read_text()
    assert "LIBRARY-NOTICE" in executed  # the executed notebook keeps everything


def _report_command(tmp_path: Path, *args: str) -> dict:
    environment = {**os.environ, "NEWSFRAME_CACHE": str(tmp_path / "cache")}
    command = _command("--notebooks-dir", str(tmp_path / "nbs"), "--out", str(tmp_path / "r"), *args)
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=environment, cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # 02-fail fails, by design
    assert "warning" not in result.stderr.lower(), result.stderr
    return read_runs(tmp_path / "r")[0]


def test_store_cold_warm_and_no_cache(tmp_path):
    write_corpus(tmp_path / "c")
    write_notebooks(tmp_path / "nbs")
    options = ["--corpus", "c", "--notebooks", "fail"]  # a corpus relative to the current directory
    skipped = _report_command(tmp_path, *options, "--no-cache")
    assert skipped["store"] is None and not (tmp_path / "cache").exists()
    assert skipped["corpus"]["path"] == str(tmp_path / "c") and skipped["corpus"]["articles"] == 2
    cold = _report_command(tmp_path, *options)
    assert (cold["store"]["enriched"], cold["store"]["reused"]) == (2, 0)
    warm = _report_command(tmp_path, *options)
    assert (warm["store"]["enriched"], warm["store"]["reused"]) == (0, 2)


def test_front_page_gives_the_runs_findings_and_notebook_pages_their_contents(finished):
    run, _ = finished
    assert run.record["findings_error"] is None
    topics = [finding["topic"] for finding in run.record["findings"]]
    assert topics[:2] == ["articles", "volume"] and "most mentioned" in topics
    page = (run.path / "index.html").read_text()
    assert "<h2>Findings</h2>" in page and "<script" not in page
    first = run.record["findings"][0]["finding"]
    assert html.escape(first, quote=False) in page
    assert 'href="01-corpus-overview' not in page  # only notebooks of this run are linked


@pytest.mark.parametrize(
    ("unique", "counted"),
    [(None, "exact repeats left out"), (False, "every copy counted"), ("stories", "one article per story")],
)
def test_front_page_says_how_its_findings_count_articles(unique, counted):
    from newsframe.report.html import render_front_page

    extra = {} if unique is None else {"unique": unique}
    run = {"run_id": "r", "status": "ok", "corpus": {"path": "c"}, "parameters": {"extra": extra},
           "findings": [{"topic": "volume", "finding": "3 articles"}], "notebooks": []}  # fmt: skip
    assert f"as the notebooks ({counted});" in render_front_page(run)


def test_header_lists_the_sections_as_links():
    run = {
        "corpus": {"path": "c", "hash": "h", "articles": 1, "inputs": 1, "rejected": 0, "outside_window": 0},
        "parameters": {},
        "run_id": "r",
        "started": "s",
        "library_versions": {},
    }
    entry = {"name": "03", "status": "ok", "error": None, "parameters": {}}
    header = report_header(run, entry, contents=["Top words", "What is <new>?"])
    assert '<a href="#Top-words">Top words</a>' in header
    assert '<a href="#What-is-%3Cnew%3E%3F">What is &lt;new&gt;?</a>' in header


def test_a_second_run_over_the_corpus_says_what_changed_since_the_first(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    notebooks = write_notebooks(tmp_path / "nbs")
    options = {"notebooks_dir": notebooks, "out": tmp_path / "reports", "notebooks": ["01-table"], "progress": False}
    first = run_report(corpus=corpus, **options)
    assert first.record["summary"]["articles"] > 0
    assert not {"changes", "new actors"} & {f["topic"] for f in first.record["findings"]}
    second = run_report(corpus=corpus, **options)
    assert second.record["findings"][0] == {
        "topic": "changes",
        "finding": f"No significant change since the previous run ({first.path.name}): "
        "same actors, words, tone and stories.",
        "notebook": None,
        "section": None,
    }
    assert "No significant change since the previous run" in (second.path / "index.html").read_text()


def test_a_story_republished_since_the_last_run_is_a_new_story(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    notebooks = write_notebooks(tmp_path / "nbs")
    options = {"notebooks_dir": notebooks, "out": tmp_path / "reports", "notebooks": ["01-table"], "progress": False}
    first = run_report(corpus=corpus, **options)
    assert first.record["summary"]["stories"] == {} and first.record["summary"]["stories_min"] == 2
    body = "Flood water rose through the old town on Monday as the river broke its banks, officials said. " * 3
    (corpus / "flood-1.txt").write_text(f"date 2021-12-17 River floods town.\n\n{body}\n", encoding="utf-8")
    (corpus / "flood-2.txt").write_text(f"date 2021-12-17 Town flooded.\n\n{body} More to follow.\n", encoding="utf-8")
    second = run_report(corpus=corpus, **options)
    found = {f["topic"]: f["finding"] for f in second.record["findings"]}
    assert found["new stories"] == (
        f"New since the previous run ({first.path.name}): 1 story of 2+ articles, largest first: "
        "“River floods town.” (2 articles, from 2021-12-17)."
    )
    assert "River floods town." in (second.path / "index.html").read_text()


def test_report_uses_a_trained_scorer_and_refuses_a_missing_one(tmp_path, tiny_corpus_dir):
    from newsframe.sentiment import save_scorer, train_scorer

    labels = Path(__file__).parent / "fixtures" / "sentiment_labels.csv"
    path = save_scorer(train_scorer(labels, name="mine", folds=3, n_boot=100), tmp_path / "mine.skops")
    options = {"corpus": tiny_corpus_dir, "notebooks": ["sentiment"], "out": tmp_path / "reports", "progress": False}
    run = run_report(**options, parameters={"scorer": str(path)}, cache=False)
    assert run.record["status"] == "ok"
    assert "main score: mine" in (run.path / "02-sentiment.html").read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match="no such scorer file"):
        run_report(**options, parameters={"scorer": str(tmp_path / "absent.skops")})
