"""Run folders under a reports folder: the folder itself (newsframe's by its marker file, or left
alone), a new folder per run, its ``run.json``, the index of every run and the ``latest`` link
(rebuilt under a lock, as runs may share the folder), and zips."""

from __future__ import annotations

import json
import logging
import os
import secrets
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsframe.config import REPORTS_DIR
from newsframe.errors import ConfigError, NewsframeError
from newsframe.files import PARTIAL, atomic_path, file_lock, write_atomic
from newsframe.report.html import render_index

RUN_FILE = "run.json"
LOCK_FILE = ".newsframe-report.lock"
REPORTS_MARKER = ".newsframe-reports"  # in every reports folder newsframe made or adopted
ADOPTABLE = frozenset({"README.md", ".gitignore"})  # all a folder may hold to be adopted (the repository's reports/)

_MARKER_TEXT = (
    "This folder is a newsframe reports folder: `newsframe report` writes index.html, latest and one\n"
    "folder per run here. Without this file newsframe refuses to write into a folder that is not empty.\n"
)
_log = logging.getLogger(__name__)
_warned: set[str] = set()


def check_reports_dir(out: str | Path) -> Path:
    """``out`` if newsframe may write reports there, else ``ConfigError``; writes nothing.

    A folder is newsframe's when it holds the marker file ``.newsframe-reports`` (or the lock
    file of a newsframe from before the marker); a missing or empty folder, or one holding only
    ``README.md`` / ``.gitignore``, may be adopted. Anything else is someone else's folder.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()); _ = (out / "notes.txt").write_text("mine")
    >>> check_reports_dir(out / "new") == out / "new"
    True
    >>> check_reports_dir(out)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsframe.errors.ConfigError: reports folder ... is not a newsframe reports folder (no .newsframe-reports file) ...
    """
    out = Path(out)
    existing = next((folder for folder in (out, *out.parents) if folder.exists()), None)
    if existing is not None and not existing.is_dir():
        where = "" if existing == out else f": {existing}"
        raise ConfigError(f"reports folder {out}{where} is a file, not a folder; give --out a folder")
    if existing != out or (out / REPORTS_MARKER).exists() or (out / LOCK_FILE).exists():
        return out
    try:
        foreign = sorted(
            name
            for name in set(os.listdir(out)) - ADOPTABLE
            if not (name.startswith(f".{REPORTS_MARKER}.") and name.endswith(PARTIAL))
        )  # being claimed
    except OSError as error:
        raise ConfigError(f"cannot read the reports folder {out}: {error.strerror or error}") from None
    if foreign:
        raise ConfigError(
            f"reports folder {out} is not a newsframe reports folder (no {REPORTS_MARKER} file) "
            f"and holds {len(foreign)} other file(s), e.g. {foreign[0]!r}; give --out a new or empty "
            f"folder, or one newsframe made"
        )
    return out


def claim_reports_dir(out: str | Path) -> Path:
    """``out`` after ``check_reports_dir``, created if missing and with newsframe's marker file.

    >>> import tempfile
    >>> out = claim_reports_dir(Path(tempfile.mkdtemp()) / "reports")
    >>> sorted(path.name for path in out.iterdir())
    ['.newsframe-reports']
    """
    out = check_reports_dir(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not (out / REPORTS_MARKER).exists():
            write_atomic(out / REPORTS_MARKER, _MARKER_TEXT)
    except OSError as error:
        if isinstance(error, NewsframeError):  # the disk is full: already says so in one line
            raise
        raise ConfigError(f"cannot write the reports folder {out}: {error.strerror or error}") from None
    return out


def new_run_dir(out: str | Path) -> Path:
    """Create ``out/<run-id>``: UTC time to the microsecond (so ids sort by time) plus a random tag.

    ``out`` is claimed first (see ``claim_reports_dir``).

    >>> import tempfile
    >>> run_dir = new_run_dir(tempfile.mkdtemp())
    >>> run_dir.is_dir(), len(run_dir.name), run_dir.name[10], run_dir.name[-5]
    (True, 30, 'T', '-')
    """
    out = claim_reports_dir(out)
    while True:
        run_id = f"{datetime.now(UTC):%Y-%m-%dT%H%M%S.%fZ}-{secrets.token_hex(2)}"
        try:
            (out / run_id).mkdir()
            return out / run_id
        except FileExistsError:
            continue


def write_record(run_dir: str | Path, record: dict[str, Any]) -> None:
    """Write a run's record as its ``run.json``, atomically (readers never see half of it).

    >>> import tempfile
    >>> run_dir = Path(tempfile.mkdtemp())
    >>> write_record(run_dir, {"run_id": run_dir.name, "status": "ok", "notebooks": []})
    >>> json.loads((run_dir / RUN_FILE).read_text())["status"]
    'ok'
    """
    write_atomic(Path(run_dir) / RUN_FILE, json.dumps(record, indent=2, default=str))


def read_runs(out: str | Path = REPORTS_DIR) -> list[dict]:
    """The ``run.json`` records of every run under ``out``, newest first.

    A ``run.json`` that cannot be read is listed with status ``"unreadable"``; one that is not
    newsframe's (not a JSON object, or its ``run_id`` is not its folder's name) is left out with
    a warning on the ``newsframe.report`` logger.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> for run_id in ("2024-01-01T000000.000000Z-aaaa", "2024-01-02T000000.000000Z-bbbb"):
    ...     (out / run_id).mkdir(); write_record(out / run_id, {"run_id": run_id, "status": "ok"})
    >>> [run["run_id"][-4:] for run in read_runs(out)]
    ['bbbb', 'aaaa']
    """
    records = []
    for path in sorted(Path(out).glob(f"*/{RUN_FILE}"), reverse=True):
        if path.parent.is_symlink():  # `latest`
            continue
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            records.append({"run_id": path.parent.name, "status": "unreadable", "error": str(error), "notebooks": []})
            continue
        if isinstance(record, dict) and record.get("run_id") == path.parent.name:
            records.append(record)
        else:
            _warn_once(
                f"{path} is not a newsframe run; ignored (a run.json of newsframe is a JSON object whose "
                f"run_id is its folder's name)"
            )
    return records


def update_index(out: str | Path = REPORTS_DIR) -> Path:
    """Rewrite ``out/index.html`` from every run's ``run.json`` and point ``out/latest`` at the
    newest successful run; holds a lock so concurrent runs take turns.

    ``out`` is claimed first (see ``claim_reports_dir``): newsframe writes ``index.html`` and
    ``latest`` only in its own folder. A ``latest`` that is not a link is left alone, with a warning.

    >>> import os, tempfile
    >>> out = claim_reports_dir(tempfile.mkdtemp()); (out / "r1").mkdir()
    >>> write_record(out / "r1", {"run_id": "r1", "status": "ok", "notebooks": []})
    >>> update_index(out).name, os.readlink(out / "latest")
    ('index.html', 'r1')
    """
    out = claim_reports_dir(out)
    with file_lock(out / LOCK_FILE):
        runs = read_runs(out)
        write_atomic(out / "index.html", render_index(runs))
        newest_ok = next((r["run_id"] for r in runs if r.get("status") == "ok"), None)
        latest = out / "latest"
        if newest_ok and (latest.is_symlink() or not latest.exists()):
            with atomic_path(latest) as link:
                link.unlink(missing_ok=True)  # left by a killed process that had the same pid
                link.symlink_to(newest_ok, target_is_directory=True)
        elif newest_ok:
            _warn_once(
                f"{latest} is not a link newsframe made; left as it is (remove it to get the link to the "
                f"newest successful run)"
            )
    return out / "index.html"


def zip_run(run_dir: str | Path) -> Path:
    """Pack a run folder into ``<run-id>.zip`` beside it, for sending; returns the zip's path.

    >>> import tempfile
    >>> run_dir = Path(tempfile.mkdtemp()) / "r1"; run_dir.mkdir(); _ = (run_dir / "01-x.html").write_text("x")
    >>> zipfile.ZipFile(zip_run(run_dir)).namelist()
    ['r1/01-x.html']
    """
    run_dir = Path(run_dir)
    target = run_dir.with_name(f"{run_dir.name}.zip")
    with atomic_path(target) as temporary, zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(run_dir.iterdir()):
            if path.is_file() and PARTIAL not in path.name:
                archive.write(path, f"{run_dir.name}/{path.name}")
    return target


def _warn_once(message: str) -> None:
    # update_index runs at the start and the end of every run: say each thing once per process
    if message not in _warned:
        _warned.add(message)
        _log.warning(message)
