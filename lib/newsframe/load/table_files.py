"""Table files read into rows: CSV, JSON Lines, JSON (an array of objects, or one object) and Parquet,
each row a dict of its values numbered from 1, a record that is not a row rejected with its reason."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from newsframe.errors import ArticleError
from newsframe.load.reading import UTF8, decode, open_regular

TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".json", ".parquet"})
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # an escaped UTF-16 surrogate, maybe one without its pair
_JSON_KINDS = ((dict, "an object"), (list, "an array"), (str, "a string"), (bool, "a boolean"), (type(None), "null"))


@dataclass
class Table:
    """A table file's columns, its rows (record number and values) or rejected records, and its encoding."""

    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, Any]] | ArticleError] = field(default_factory=list)
    encoding: str = UTF8


DELIMITERS = ",;\t|"  # a CSV export's delimiter: the one its header line uses most (comma when none)


def csv_delimiter(text: str) -> str:
    """The delimiter of a CSV text, read from its header line: spreadsheet exports in many locales
    use ``;``, others a tab or ``|``.

    >>> csv_delimiter("id;headline;body\\n1;a,b;c"), csv_delimiter("text\\nOne."), csv_delimiter("a\\tb\\n")
    (';', ',', '\\t')
    """
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def read_table_file(path: str, relative: str, *, encoding: str | None = None) -> Table:
    """The rows of the table file ``path``; ``ArticleError`` naming ``relative`` when it cannot be
    read as a table of its kind (by suffix) at all.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "news.json"
    >>> _ = path.write_text('[{"text": "One."}, 2]', encoding="utf-8")
    >>> table = read_table_file(str(path), "news.json")
    >>> table.columns, table.rows[0], table.rows[1].reason
    (['text'], (1, {'text': 'One.'}), 'holds a number, not an object')
    """
    kind = relative.rpartition(".")[2].lower()
    with open_regular(path, relative) as handle:
        try:
            if kind == "parquet":
                return _frame_table(pd.read_parquet(handle), UTF8)
            if kind == "csv" and encoding is None:
                sep = csv_delimiter(handle.read(4096).decode("utf-8", "replace"))
                handle.seek(0)
                try:  # straight from the file: no copy of a large table's text
                    return _frame_table(
                        pd.read_csv(handle, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig"), UTF8
                    )
                except UnicodeDecodeError:
                    handle.seek(0)
            text, used = decode(handle.read(), path=relative, encoding=encoding)
            if kind == "csv":
                table = pd.read_csv(io.StringIO(text), sep=csv_delimiter(text), dtype=str, keep_default_na=False)
                return _frame_table(table, used)
            return _json_table(text, used, relative=relative, lines=kind != "json")
        except ArticleError:
            raise
        except Exception as error:  # any parser failure becomes a rejection naming the file
            raise ArticleError(relative, f"cannot be read as a {kind} table: {error}") from None


def _frame_table(frame: pd.DataFrame, encoding: str) -> Table:
    columns = [str(column) for column in frame.columns]
    records = frame.set_axis(columns, axis=1).to_dict("records")
    return Table(columns, [(row, values) for row, values in enumerate(records, start=1)], encoding)


def _json_table(text: str, encoding: str, *, relative: str, lines: bool) -> Table:
    if lines:
        values = [_json_line(line) for line in text.split("\n") if line.strip()]
        if values and all(isinstance(value, ArticleError) for value in values):
            raise ArticleError(relative, f"cannot be read as a jsonl table: line 1: {values[0].reason}")
    else:
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise ArticleError(relative, f"cannot be read as a json table: {_json_error(error)}") from None
        if not isinstance(document, dict | list):
            raise ArticleError(relative, f"holds {_json_kind(document)}, not an object or an array of objects")
        values = [document] if isinstance(document, dict) else document
    table = Table(encoding=encoding)
    check = bool(_SURROGATE.search(text))  # rare: look for unpaired surrogates only then
    for record, value in enumerate(values, start=1):
        reason = value.reason if isinstance(value, ArticleError) else _not_a_row(value, check)
        if reason:
            table.rows.append(ArticleError(relative, reason, record=record))
        else:
            table.rows.append((record, value))
            table.columns += [key for key in value if key not in table.columns]
    return table


def _json_line(line: str) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError) as error:
        return ArticleError("", f"not valid JSON: {_json_error(error)}")


def _not_a_row(value: Any, check_surrogates: bool) -> str | None:
    if not isinstance(value, dict):
        return f"holds {_json_kind(value)}, not an object"
    if check_surrogates:
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return "holds an unpaired surrogate escape (\\ud800 to \\udfff), which is not text"
    return None


def _json_kind(value: Any) -> str:
    return next((name for kind, name in _JSON_KINDS if isinstance(value, kind)), "a number")


def _json_error(error: Exception) -> str:
    return "nested too deeply" if isinstance(error, RecursionError) else str(error)
