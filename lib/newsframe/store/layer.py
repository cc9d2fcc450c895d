"""One layer of the store: a folder of Parquet parts and their batch manifests, checked against
a fingerprint (the code and data it was made with) and each part's checksum.

Layout of a layer folder::

    store.json                     format, fingerprint, creation time
    parts/<table>/<batch>.parquet  the rows of one batch of articles
    manifest/<batch>.parquet       article_id, content_hash, batch and each part's checksum:
                                   written after the batch's parts, so a batch counts only once
                                   all of it is on disk, and an interrupted run keeps every batch
                                   it finished
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import warnings
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsframe import schemas
from newsframe.errors import StoreError
from newsframe.files import write_atomic
from newsframe.memory import release_arrow_memory
from newsframe.store.parts import arrow, part_problem, verified_bytes, write_parquet
from newsframe.store.pipeline import SCHEMA_OF

STORE_FORMAT = 3
KEY_COLUMNS = ["article_id", "content_hash", "batch"]


@dataclass(frozen=True)
class Order:
    """The order of an articles table: its ids, and each id's place."""

    ids: pa.Array
    rank: dict[str, int]

    @classmethod
    def of(cls, articles: pd.DataFrame) -> Order:
        ids = articles["article_id"].astype(str).tolist()
        return cls(ids=pa.array(ids, pa.string()), rank=dict(zip(ids, range(len(ids)), strict=True)))


@dataclass(frozen=True)
class Location:
    """Where a layer holds the current content of some ``articles`` (``Layer.locate``): the batches
    to read with the ids asked of each, in batch order; each batch's checksums; and the batches
    that also hold other articles (filtered when read)."""

    groups: list[tuple[str, pd.Series]]
    checksums: pd.DataFrame
    partial: frozenset[str]
    articles: pd.DataFrame = field(repr=False)

    @functools.cached_property
    def order(self) -> Order:
        """The order to return rows in (made only for a read that sorts)."""
        return Order.of(self.articles)


class Layer:
    """The parts of ``tables`` in ``folder``, valid for ``fingerprint``."""

    def __init__(self, folder: Path, *, tables: tuple[str, ...], fingerprint: str) -> None:
        self.folder = folder
        self.tables = tables
        self.fingerprint = fingerprint

    @property
    def manifest_columns(self) -> list[str]:
        return [*KEY_COLUMNS, *(f"checksum_{table}" for table in self.tables)]

    def problem(self) -> str | None:
        """Why the folder cannot be used as this layer (``"new"`` when there is nothing yet), else None."""
        meta_path = self.folder / "store.json"
        if not meta_path.exists():
            # the lock, and results remembered before any table was stored, make no store
            entries = self.folder.iterdir() if self.folder.is_dir() else iter(())
            others = [p for p in entries if p.name not in (".lock", "results")]
            return "not a newsframe store (no store.json)" if others else "new"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            return f"unreadable ({type(error).__name__}: {error})"
        if (
            not isinstance(meta, dict)
            or meta.get("format") != STORE_FORMAT
            or meta.get("fingerprint") != self.fingerprint
        ):
            return "made by other analysis code or another actor dictionary"
        return None

    def open(self) -> pd.DataFrame:
        """The manifest of the usable layer. A layer of other code or data, or without a readable
        ``store.json``, is rebuilt (emptied); a batch with a damaged or missing part is dropped, with
        a warning naming the part, so that its articles are enriched again."""
        problem = self.problem()
        if problem is None:
            manifest, damaged = self.verified_manifest()
            for batch, reason in damaged.items():
                warnings.warn(f"store {self.folder}: {reason}; rebuilding that batch", stacklevel=4)
                (self.folder / "manifest" / f"{batch}.parquet").unlink(missing_ok=True)
                for table in self.tables:
                    (self.folder / "parts" / table / f"{batch}.parquet").unlink(missing_ok=True)
            return manifest
        if problem != "new":
            warnings.warn(f"store {self.folder} is {problem}; rebuilding it", stacklevel=4)
        self.clear()
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {"format": STORE_FORMAT, "fingerprint": self.fingerprint, "created": datetime.now(UTC).isoformat()}
        write_atomic(self.folder / "store.json", json.dumps(meta, indent=2))
        return self.empty_manifest()

    def clear(self) -> None:
        """Remove the layer's files (other entries of its folder are left alone)."""
        for child in ("parts", "manifest", "store.json"):
            target = self.folder / child
            shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)

    def verified_manifest(self) -> tuple[pd.DataFrame, dict[str, str]]:
        """The manifest rows of the batches whose every part is present and has its checksum, and
        the other batches with what is wrong with each."""

        def check(path: Path) -> tuple[str, pa.Table | None, str | None]:
            batch = path.stem
            try:
                entries = pq.ParquetFile(path).read(use_threads=False)
                if entries.column_names != self.manifest_columns or not entries.num_rows:
                    raise ValueError(f"columns {entries.column_names}")
            except (OSError, ValueError, pa.ArrowException) as error:
                return batch, None, f"manifest/{path.name} is unreadable ({type(error).__name__})"
            problems = [
                part_problem(
                    self.folder / "parts" / table / f"{batch}.parquet", str(entries[f"checksum_{table}"][0].as_py())
                )
                for table in self.tables
            ]
            found = [p for p in problems if p]
            if found:
                summary = f"{len(found)} of {len(self.tables)} parts missing or damaged in batch {batch}"
                return batch, None, f"{summary}: " + "; ".join(found)
            return batch, entries, None

        paths = sorted((self.folder / "manifest").glob("*.parquet"))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # hashing releases the GIL
            checked = list(pool.map(check, paths))
        good = [entries for _, entries, _ in checked if entries is not None]
        damaged = {batch: problem for batch, _, problem in checked if problem is not None}
        if not good:
            return self.empty_manifest(), damaged
        return pa.concat_tables(good).to_pandas(types_mapper=pandas_types).astype("string"), damaged

    def manifest(self) -> pd.DataFrame:
        """Every finished batch's keys and checksums, unverified."""
        files = sorted((self.folder / "manifest").glob("*.parquet"))
        if not files:
            return self.empty_manifest()
        joined = pa.concat_tables(pq.ParquetFile(f).read() for f in files)
        return joined.to_pandas(types_mapper=pandas_types).astype("string")

    def empty_manifest(self) -> pd.DataFrame:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in self.manifest_columns})

    def write_batch(self, tables: dict[str, pd.DataFrame], keys: pd.DataFrame) -> pd.DataFrame:
        """Write one batch's parts, then its manifest (``keys``: ``article_id``, ``content_hash``)."""
        keys = keys[["article_id", "content_hash"]].astype("string")
        batch = batch_id(keys)
        sums = {
            f"checksum_{name}": write_parquet(tables[name], self.folder / "parts" / name / f"{batch}.parquet")
            for name in self.tables
        }
        entries = keys.assign(batch=batch, **sums).astype("string")
        write_parquet(entries, self.folder / "manifest" / f"{batch}.parquet")  # last: the batch is complete
        return entries

    def locate(self, articles: pd.DataFrame, *, manifest: pd.DataFrame | None = None) -> Location:
        """Where this layer holds the current content of ``articles``, to read any of its tables with;
        ``manifest`` is this layer's (read from disk when None). Raise ``StoreError`` when it lacks some."""
        manifest = self.manifest() if manifest is None else manifest
        wanted = articles[["article_id", "content_hash"]].astype("string")
        located = wanted.merge(manifest[KEY_COLUMNS], on=["article_id", "content_hash"], how="left")
        if located["batch"].isna().any():
            raise StoreError(
                f"{self.folder}: {int(located['batch'].isna().sum())} articles are not in the store; update it first"
            )
        asked = located["batch"].value_counts()
        stored = manifest["batch"].value_counts()
        return Location(
            groups=list(located.groupby("batch", sort=True)["article_id"]),
            checksums=manifest.drop_duplicates("batch").set_index("batch"),
            partial=frozenset(asked.index[asked.to_numpy() < stored.reindex(asked.index).to_numpy()]),
            articles=articles,
        )

    def read(
        self,
        table: str,
        location: Location,
        *,
        columns: list[str] | None = None,
        where: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        """The rows of ``table`` for the articles at ``location`` (``locate``), in article order;
        only ``columns`` (``article_id`` always comes along) when given, and only the rows whose
        columns equal the values of ``where`` (``{"n": 1}``), filtered part by part so that the rest
        is never held whole."""
        pieces = list(self._parts(table, location, columns=columns, where=where))
        return _in_article_order(pieces, location.order, table=table, columns=_with_id(columns))

    def read_parts(
        self,
        table: str,
        location: Location,
        *,
        columns: list[str] | None = None,
        where: Mapping[str, Any] | None = None,
    ) -> Iterator[pd.DataFrame]:
        """The rows ``read`` gives, one stored part (a batch of articles) at a time, in the order of
        the parts rather than of the articles: only a few parts are in memory at once, so that a
        table too large to hold whole can be summed part by part. Parts without rows are skipped."""
        for part in self._parts(table, location, columns=columns, where=where):
            if len(part):
                yield part.to_pandas(types_mapper=pandas_types)
        release_arrow_memory()

    def _parts(
        self,
        table: str,
        location: Location,
        *,
        columns: list[str] | None,
        where: Mapping[str, Any] | None,
    ) -> Iterator[pa.Table]:
        """The checked parts of ``table`` at ``location`` (their articles' rows only, ``where`` applied,
        ``columns`` and ``article_id`` kept), as Arrow, in the order of the batches. Hashing and
        decoding release the GIL: parts are read on threads, one per core, each a part ahead."""
        columns = _with_id(columns)
        read = None if columns is None else list(dict.fromkeys([*columns, *(where or {})]))

        def read_part(batch: str, ids: pd.Series) -> pa.Table:
            path = self.folder / "parts" / table / f"{batch}.parquet"
            data = verified_bytes(path, location.checksums.at[batch, f"checksum_{table}"])
            if data is None:
                raise StoreError(
                    f"{path}: the part changed on disk after it was written (checksum differs); "
                    "run the analysis again to repair it"
                )
            part = pq.ParquetFile(pa.BufferReader(data)).read(columns=read, use_threads=False)
            if batch in location.partial:  # the batch also holds articles not asked for, or their older content
                part = part.filter(pc.is_in(part["article_id"], value_set=pa.array(ids.tolist(), pa.string())))
            for column, value in (where or {}).items():
                part = part.filter(pc.equal(part[column], value))
            return part if columns is None else part.select(columns)

        groups = location.groups
        workers = min(len(groups), os.cpu_count() or 1) or 1
        with ThreadPoolExecutor(max_workers=workers) as pool:
            ahead: deque[Future[pa.Table]] = deque()
            for group in groups:
                ahead.append(pool.submit(read_part, *group))
                if len(ahead) > workers:
                    yield ahead.popleft().result()
            while ahead:
                yield ahead.popleft().result()


def _with_id(columns: list[str] | None) -> list[str] | None:
    """``columns`` with ``article_id`` first (every read keeps it); None: all columns."""
    return None if columns is None else list(dict.fromkeys(["article_id", *columns]))


def _in_article_order(pieces: list[pa.Table], order: Order, *, table: str, columns: list[str] | None) -> pd.DataFrame:
    """Arrow parts as one pandas table, rows sorted by the articles' ``order`` (a stable sort keeps each
    article's rows in the order the analysis produced them)."""
    if not pieces or not sum(len(piece) for piece in pieces):
        empty = schemas.empty(SCHEMA_OF[table])
        return empty if columns is None else empty[columns]
    ranked = sorted(
        (piece for piece in pieces if len(piece)), key=lambda piece: order.rank[piece["article_id"][0].as_py()]
    )
    joined = pa.concat_tables(ranked, promote_options="default")
    position = pc.index_in(joined["article_id"], value_set=order.ids).to_numpy()
    if len(position) > 1 and (position[1:] < position[:-1]).any():  # batches interleave: sort the rows
        joined = joined.take(np.argsort(position, kind="stable"))
    return joined.to_pandas(types_mapper=pandas_types)


def batch_id(keys: pd.DataFrame) -> str:
    """A batch's name: a hash of its articles' keys."""
    joined = "\n".join(keys["article_id"] + " " + keys["content_hash"])
    return hashlib.blake2b(joined.encode(), digest_size=10).hexdigest()


def in_order(tables: dict[str, list[pd.DataFrame]], articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each table's pieces (as the analyses return them) as one table, sorted as a store read sorts
    them (see ``_in_article_order``); a table without rows is its schema's typed empty table."""
    order = Order.of(articles)
    return {
        name: _in_article_order([arrow(frame) for frame in frames if len(frame)], order, table=name, columns=None)
        for name, frames in tables.items()
    }


def pandas_types(arrow_type: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    """Read strings back as pandas' ``string`` dtype, as the analyses produce them."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    return None
