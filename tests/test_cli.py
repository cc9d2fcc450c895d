"""The `newsframe` command: options reach the runner as documented, errors exit 2 with a message.

Whole runs through the command are in test_report.py (concurrent and interrupted runs)."""

from __future__ import annotations

from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import newsframe.cli as cli
from newsframe.config import ROOT
from newsframe.report import Run
from report_fixtures import write_notebooks


def test_console_script_is_installed():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "newsframe"]
    assert script.value == "newsframe.cli:main"


def test_list_prints_each_notebooks_parameters(tmp_path, capsys):
    folder = write_notebooks(tmp_path)
    assert cli.main(["report", "--list", "--notebooks-dir", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == "01-table:"
    assert "  since: str | None = None  # first day, YYYY-MM-DD" in printed
    assert "  top: int = 10  # rows shown" in printed
    assert "  period: str = 'month'  # a period [one of: day, week, month, quarter, year, auto]" in printed
    assert printed.index("02-fail:") > printed.index("top: int")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--notebooks", "nope"], "valid names: 01-table, 02-fail"),
        (["--since", "last week"], "relative window"),
        (["-p", "nope", "1"], "declares the parameter(s) nope"),
        (["--jobs", "0"], "jobs must be at least 1"),
        (["--corpus", "no/such/folder"], "no such file, folder or glob"),
    ],
    ids=["unknown-notebook", "bad-date", "unknown-parameter", "no-jobs", "missing-corpus"],
)
def test_bad_options_exit_2_with_a_message(tmp_path, capsys, arguments, message):
    folder = write_notebooks(tmp_path / "nbs")
    code = cli.main(
        ["report", "--no-progress", "--notebooks-dir", str(folder), "--out", str(tmp_path / "r"), *arguments]
    )
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def _fake_run(status: str, error: dict | None = None):
    calls = {}

    def run_report(**options):
        calls.update(options)
        notebook = {
            "name": "01-table",
            "status": status,
            "seconds": 1.0,
            "error": error,
            "ipynb": "01-table.ipynb",
            "html": "01-table.html",
        }
        return Run(Path("/tmp/run"), {"status": status, "notebooks": [notebook]})

    return calls, run_report


def test_options_reach_the_runner(monkeypatch, tmp_path, capsys):
    calls, fake = _fake_run("ok")
    monkeypatch.setattr(cli, "run_report", fake)
    monkeypatch.chdir(tmp_path)
    code = cli.main(
        [
            "report",
            "--corpus",
            "mine",
            "--since",
            "4w",
            "--until",
            "2024-03-30",
            "--actors",
            str(ROOT / "data" / "actors.yml"),
            "--columns",
            "text=body,date=published",
            "--notebooks",
            "02",
            "sentiment",
            "--jobs",
            "2",
            "--with-code",
            "-k",
            "newsframe",
            "-p",
            "top",
            "5",
            "-p",
            "names",
            "[Xi, Putin]",
            "--zip",
            "--today",
            "2024-03-31",
            "--no-progress",
        ]
    )
    assert code == 0
    assert calls == {
        "corpus": str(tmp_path / "mine"),
        "since": "4w",
        "until": "2024-03-30",
        "actors": "data/actors.yml",
        "columns": "text=body,date=published",
        "encoding": None,
        "notebooks": ["02", "sentiment"],
        "notebooks_dir": cli.NOTEBOOKS_DIR,
        "out": cli.REPORTS_DIR,
        "jobs": 2,
        "with_code": True,
        "kernel": "newsframe",
        "parameters": {"top": "5", "names": "[Xi, Putin]"},  # text: read as each notebook declares it
        "cache": True,
        "zip": True,
        "today": date(2024, 3, 31),
        "progress": False,
    }
    assert "report ok: /tmp/run" in capsys.readouterr().out


def test_defaults_are_the_repositorys(monkeypatch):
    calls, fake = _fake_run("ok")
    monkeypatch.setattr(cli, "run_report", fake)
    assert cli.main(["report"]) == 0
    assert calls["corpus"] == "data/sample" and calls["out"] == ROOT / "reports"
    assert calls["notebooks_dir"] == ROOT / "notebooks" and calls["jobs"] == 1 and calls["with_code"] is False


def test_failed_notebook_exits_1_and_says_why(monkeypatch, capsys):
    _, fake = _fake_run("failed", {"type": "ValueError", "message": "boom", "cell": 4})
    monkeypatch.setattr(cli, "run_report", fake)
    assert cli.main(["report"]) == 1
    captured = capsys.readouterr()
    assert "failed  01-table: ValueError: boom in cell [4]" in captured.err
    assert "report failed: /tmp/run" in captured.out


def test_interrupt_exits_130(monkeypatch, capsys):
    def interrupted(**options):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_report", interrupted)
    assert cli.main(["report"]) == 130
    assert "marked incomplete" in capsys.readouterr().err


def test_no_cache_sets_the_cache_parameter_false(monkeypatch):
    calls, fake = _fake_run("ok")
    monkeypatch.setattr(cli, "run_report", fake)
    assert cli.main(["report", "--no-cache", "-p", "top", "3"]) == 0
    assert calls["parameters"] == {"top": "3"} and calls["cache"] is False


def test_store_command_analyses_then_reuses(tmp_path, tiny_corpus_dir, capsys):
    arguments = ["store", "--corpus", str(tiny_corpus_dir), "--cache-dir", str(tmp_path / "store")]
    assert cli.main(arguments) == 0
    assert "6 articles: 6 analysed now, 0 from the store" in capsys.readouterr().out
    assert cli.main(arguments) == 0
    assert "6 articles: 0 analysed now, 6 from the store (0 new batches)" in capsys.readouterr().out


def test_store_command_reports_bad_input_with_exit_2(tmp_path, capsys):
    assert cli.main(["store", "--corpus", str(tmp_path / "missing"), "--cache-dir", str(tmp_path / "s")]) == 2
    assert "newsframe store: no such file" in capsys.readouterr().err


# --- issue 12: nothing a user's files or options can do ends in a traceback or an overwrite ---------


def _one_line_exit_2(capsys, arguments: list[str]) -> str:
    """Run the command, check it exits 2 with exactly one line on stderr and no traceback; return that line."""
    code = cli.main(arguments)
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.splitlines()) == 1 and err.endswith("\n") and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(
    "value",
    ["[1, 2", "{top: 1", "a: b: c", "'open", "!!python/object/apply:os.system [ls]"],
    ids=["open-list", "open-mapping", "nested-colon", "open-quote", "python-tag"],
)
def test_unparsable_parameter_value_exits_2_in_one_line(tmp_path, capsys, value):
    folder = write_notebooks(tmp_path / "nbs")
    line = _one_line_exit_2(
        capsys, ["report", "--notebooks-dir", str(folder), "--out", str(tmp_path / "r"), "-p", "top", value]
    )
    assert line.startswith("newsframe report: -p top: cannot read ") and "as YAML" in line
    assert not (tmp_path / "r").exists()


def test_out_that_is_a_file_exits_2_in_one_line(tmp_path, capsys):
    folder, target = write_notebooks(tmp_path / "nbs"), tmp_path / "notes.txt"
    target.write_text("mine")
    line = _one_line_exit_2(capsys, ["report", "--notebooks-dir", str(folder), "--out", str(target)])
    assert "is a file, not a folder" in line and str(target) in line
    line = _one_line_exit_2(capsys, ["report", "--notebooks-dir", str(folder), "--out", str(target / "below")])
    assert "is a file, not a folder" in line
    assert target.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["nbs", "notes.txt"]


def test_out_folder_that_is_not_a_reports_folder_is_refused_untouched(tmp_path, capsys):
    folder, out = write_notebooks(tmp_path / "nbs"), tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("my own page")
    (out / "latest").write_text("my own notes")
    line = _one_line_exit_2(capsys, ["report", "--notebooks-dir", str(folder), "--out", str(out)])
    assert "is not a newsframe reports folder" in line and ".newsframe-reports" in line
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "latest"]
    assert (out / "index.html").read_text() == "my own page" and (out / "latest").read_text() == "my own notes"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        ("corpus", "--corpus"),
        ("since", "--since"),
        ("until", "--until"),
        ("actors", "--actors"),
        ("cache", "--no-cache"),
    ],
)
def test_parameters_that_have_an_option_are_refused_with_p(tmp_path, capsys, name, option):
    folder = write_notebooks(tmp_path / "nbs")
    line = _one_line_exit_2(
        capsys, ["report", "--notebooks-dir", str(folder), "--out", str(tmp_path / "r"), "-p", name, "2021-01-01"]
    )
    assert f"use {option} instead of -p {name}" in line
    assert not (tmp_path / "r").exists()


# --- issue 13: every value checked before a kernel starts, in one line -----------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-p", "period", "mnth"], "-p period: 'mnth' is not one of day, week, month, quarter, year, auto"),
        (["-p", "top", "ten"], "-p top: expected a whole number (int, as 01-table declares it), got 'ten'"),
        (["-p", "tpo", "3"], "declares the parameter(s) tpo; valid names: names, period, top"),
        (["--actors", "missing.yml"], "missing.yml: cannot be read: No such file or directory"),
        (["--columns", "text:body"], "--columns: expected NAME=COLUMN pairs separated by commas"),
        (["--columns", "text=body", "--notebooks", "table", "fail"], "--columns cannot reach 02-fail"),
        (["--since", "2024-03-01", "--until", "2024-02-01"], "the window is empty"),
        (["--encoding", "no-such-codec"], "no-such-codec"),
        (["--encoding", "cp1252"], "--encoding cannot reach 01-table"),
    ],
    ids=[
        "choice",
        "type",
        "unknown-name",
        "actors-file",
        "columns-format",
        "columns-not-declared",
        "empty-window",
        "unknown-encoding",
        "encoding-not-declared",
    ],
)
def test_bad_values_exit_2_in_one_line_before_any_kernel(tmp_path, capsys, monkeypatch, arguments, message):
    import newsframe.report.execute as execute

    def started(*args, **kwargs):
        raise AssertionError("a notebook was executed")

    monkeypatch.setattr(execute, "execute_notebook", started)
    monkeypatch.chdir(tmp_path)
    folder = write_notebooks(tmp_path / "nbs")
    options = ["--notebooks-dir", str(folder), "--out", str(tmp_path / "r")]
    line = _one_line_exit_2(capsys, ["report", *options, *arguments])
    assert message in line
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Vladimir Putin", ["Vladimir Putin"]), ("oil, trade", ["oil", "trade"]), ("[Xi, Putin]", ["Xi", "Putin"])],
)
def test_list_parameters_take_one_value_or_a_comma_list(tmp_path, monkeypatch, value, expected):
    from newsframe.report import find_notebooks, plan_parameters

    calls, fake = _fake_run("ok")
    monkeypatch.setattr(cli, "run_report", fake)
    folder = write_notebooks(tmp_path)
    assert cli.main(["report", "--notebooks-dir", str(folder), "-p", "names", value]) == 0
    (path,) = find_notebooks(folder, names=["table"])
    assert plan_parameters([path], given={}, extra=calls["parameters"])[path]["names"] == expected
