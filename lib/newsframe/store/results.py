"""Corpus-level results remembered in the store: a table computed from a whole window of articles
(the names discovery offers, say) is read back when the same articles, arguments and code ask
for it again, as in the second report over an unchanged corpus."""

from __future__ import annotations

import hashlib
import inspect
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from newsframe.config import CACHE_DIR
from newsframe.files import write_atomic
from newsframe.store.pipeline import code_fingerprint, source_fingerprint

KEY_COLUMNS = ("article_id", "content_hash", "date")  # what an article's analysis can depend on
KEEP = 8  # results kept per function: the latest, by when they were written


def remembered(
    function: Callable[..., pd.DataFrame],
    articles: pd.DataFrame,
    *args: Any,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """``function(articles, *args, **kwargs)``, read from the store when it was computed before.

    The result is kept as Parquet under the store folder (``cache_dir``, the store's by default),
    named by a hash of ``function``'s module source, the extraction code's fingerprint, the
    articles' ``article_id``, ``content_hash`` and ``date`` (any other first table, such as
    ``sentences``, by all its content), and the arguments (tables by their content; ``progress``
    left out). A different
    window, an edited article, another dictionary or changed code is a new result. ``cache=False``
    just calls ``function``. The latest ``KEEP`` results of each function are kept. What ``attrs``
    JSON cannot hold (an articles table's load accounts) is not kept.

    >>> import tempfile
    >>> arts = pd.DataFrame({"article_id": ["a"], "content_hash": ["h"], "title": ["T"], "text": ["x"]})
    >>> calls = []
    >>> def lengths(articles, *, extra=0):
    ...     calls.append(1)
    ...     return articles.assign(n=articles["text"].str.len() + extra)[["article_id", "n"]]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = remembered(lengths, arts, extra=1, cache_dir=folder)
    ...     again = remembered(lengths, arts, extra=1, cache_dir=folder)
    >>> len(calls), again.equals(first)
    (1, True)
    """
    if not cache:
        return function(articles, *args, **kwargs)
    folder = (Path(cache_dir) if cache_dir is not None else CACHE_DIR / "store") / "results" / function.__name__
    path = folder / f"{result_key(function, articles, *args, **kwargs)}.parquet"
    if path.exists():
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError, pa.ArrowException):
            path.unlink(missing_ok=True)  # a damaged result is computed again
    result = function(articles, *args, **kwargs)
    kept = result.copy(deep=False)
    kept.attrs = {key: value for key, value in result.attrs.items() if _json_safe(value)}
    buffer = io.BytesIO()
    kept.to_parquet(buffer, index=False)  # dtypes and the attrs JSON can hold come back as they were
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(path, buffer.getvalue())
    for old in sorted(folder.glob("*.parquet"), key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)
    return result


def result_key(function: Callable[..., Any], articles: pd.DataFrame, *args: Any, **kwargs: Any) -> str:
    """The hash a result of ``function`` over ``articles`` with these arguments is kept under."""
    digest = hashlib.blake2b(digest_size=12)
    try:  # the whole module: its helpers shape the result too
        code = source_fingerprint(inspect.getsource(inspect.getmodule(function)))  # type: ignore[arg-type]
    except (OSError, TypeError):  # defined where no source is kept
        code = hashlib.blake2b(function.__code__.co_code).hexdigest()
    digest.update(f"{function.__module__}.{function.__qualname__} {code} ".encode())
    digest.update(code_fingerprint().encode())
    # an articles table by its keys (content_hash stands for the text); any other table whole
    keys = articles[[c for c in KEY_COLUMNS if c in articles]] if "content_hash" in articles else articles
    digest.update(pd.util.hash_pandas_object(keys, index=False).to_numpy().tobytes())
    shaping = {k: v for k, v in kwargs.items() if k != "progress"}  # a progress bar never shapes the result
    for name, value in [*enumerate(args), *sorted(shaping.items())]:
        digest.update(f"{name}=".encode() + _argument_bytes(value) + b"\x00")
    return digest.hexdigest()


def _json_safe(value: Any) -> bool:
    """Whether pandas can keep ``value`` of ``attrs`` in Parquet (as JSON); an articles table's load
    accounts, for one, it cannot."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _argument_bytes(value: Any) -> bytes:
    """An argument as bytes: a table by its content, anything else by its ``repr``."""
    if isinstance(value, pd.DataFrame):
        return value.to_csv(index=False).encode("utf-8")
    return repr(value).encode("utf-8")
