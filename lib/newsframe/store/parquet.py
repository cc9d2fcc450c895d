"""The store folder: Parquet parts of enriched batches, their manifest, and the fingerprint check.

Layout of a store folder::

    store.json                     format, fingerprint of code and actors, creation time
    parts/<table>/<batch>.parquet  the rows of one batch of articles
    manifest/<batch>.parquet       article_id, content_hash, batch: written after the batch's parts,
                                   so a batch counts only once all of it is on disk, and an
                                   interrupted run keeps every batch it finished
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import shutil
import warnings
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsframe import schemas
from newsframe.config import CACHE_DIR
from newsframe.errors import ConfigError, StoreError, check_choice
from newsframe.files import file_lock, write_atomic
from newsframe.store.engines import run_batches
from newsframe.store.pipeline import SCHEMA_OF, TABLES, code_fingerprint, enrich

STORE_FORMAT = 2
CHECKSUM_COLUMNS = [f"checksum_{table}" for table in TABLES]  # of each part file, in every row of its batch
MANIFEST_COLUMNS = ["article_id", "content_hash", "batch", *CHECKSUM_COLUMNS]
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


class Store:
    """A store folder for one actor dictionary; ``update`` fills it, ``read`` reads it."""

    def __init__(self, folder: str | Path | None = None, *, aliases: pd.DataFrame) -> None:
        self.folder = Path(folder) if folder is not None else CACHE_DIR / "store"
        self.aliases = aliases

    @property
    def fingerprint(self) -> str:
        """Hash of the extraction code, its libraries' versions, and the actor dictionary."""
        digest = hashlib.blake2b(f"format {STORE_FORMAT} {code_fingerprint()}".encode(), digest_size=12)
        digest.update(self.aliases.to_csv(index=False).encode("utf-8"))
        return digest.hexdigest()

    def update(
        self,
        batches: Iterable[pd.DataFrame],
        *,
        engine: str = "local",
        scheduler: str | None = None,
        n_jobs: int | None = None,
        progress: bool | None = None,
        total: int | None = None,
        batch_size: int | None = None,
    ) -> pd.DataFrame:
        """Enrich and write the articles of ``batches`` that the store lacks, cut into batches of
        at most ``batch_size`` (default: as they come); return a summary."""
        with contextlib.ExitStack() as stack:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                stack.enter_context(file_lock(self.folder / ".lock"))
            except OSError as error:
                if error.errno not in _READ_ONLY:
                    raise
                return self._update_read_only(batches)
            manifest = self._open()
            known = set(zip(manifest["article_id"], manifest["content_hash"]))
            seen = {"articles": 0, "reused": 0}

            def missing() -> Iterator[pd.DataFrame]:
                for batch in batches:
                    keys = list(zip(batch["article_id"].tolist(), batch["content_hash"].tolist()))
                    new = [key not in known for key in keys]
                    seen["articles"] += len(keys)
                    seen["reused"] += len(keys) - sum(new)
                    known.update(keys)
                    if any(new):
                        yield from chunks(batch.loc[new].reset_index(drop=True), batch_size or len(batch))

            written = list(
                run_batches(
                    enrich_and_write,
                    missing(),
                    self.aliases,
                    str(self.folder),
                    engine=engine,
                    scheduler=scheduler,
                    n_jobs=n_jobs,
                    progress=progress,
                    total=total,
                )
            )
        return pd.DataFrame(
            [
                {
                    "articles": seen["articles"],
                    "enriched": seen["articles"] - seen["reused"],
                    "reused": seen["reused"],
                    "batches": len(written),
                }
            ]
        )

    def read(self, table: str, articles: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``table`` for ``articles`` (their current content), in article order."""
        check_choice("table", table, TABLES)
        manifest = read_manifest(self.folder)
        wanted = articles[["article_id", "content_hash"]].astype("string")
        located = wanted.merge(manifest.astype("string"), on=["article_id", "content_hash"], how="left")
        if located["batch"].isna().any():
            raise StoreError(
                f"{self.folder}: {int(located['batch'].isna().sum())} articles are not in the store; update it first"
            )
        frames = []
        expected = manifest.drop_duplicates("batch").set_index("batch")[f"checksum_{table}"]
        for batch, group in located.groupby("batch", sort=True):
            path = self.folder / "parts" / table / f"{batch}.parquet"
            data = path.read_bytes()
            if checksum(data) != expected[batch]:
                raise StoreError(
                    f"{path}: the part changed on disk after it was written (checksum differs); "
                    "run the analysis again to repair it"
                )
            ids = group["article_id"].tolist()
            frames.append(
                pq.read_table(io.BytesIO(data), filters=[("article_id", "in", ids)]).to_pandas(types_mapper=_types)
            )
        return in_order({table: frames}, articles)[table]

    def _open(self) -> pd.DataFrame:
        """The manifest of a usable store. A store of other code or actors, or without a readable
        ``store.json``, is rebuilt; a batch with a damaged or missing part is dropped (with a
        warning naming the part), so that its articles are enriched again."""
        meta_path = self.folder / "store.json"
        problem = self._meta_problem()
        if problem is None:
            manifest, damaged = self._verified_manifest()
            for batch, reason in damaged.items():
                warnings.warn(f"store {self.folder}: {reason}; rebuilding that batch", stacklevel=3)
                (self.folder / "manifest" / f"{batch}.parquet").unlink(missing_ok=True)
                for table in TABLES:
                    (self.folder / "parts" / table / f"{batch}.parquet").unlink(missing_ok=True)
            return manifest
        if problem != "new":
            warnings.warn(f"store {self.folder} is {problem}; rebuilding it", stacklevel=3)
        for child in ("parts", "manifest", "store.json"):
            target = self.folder / child
            shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        meta = {"format": STORE_FORMAT, "fingerprint": self.fingerprint, "created": datetime.now(UTC).isoformat()}
        write_atomic(meta_path, json.dumps(meta, indent=2))
        return read_manifest(self.folder)

    def _meta_problem(self) -> str | None:
        """Why the folder cannot be used as this store (``"new"`` for an empty folder), else None."""
        meta_path = self.folder / "store.json"
        if not meta_path.exists():
            others = [p for p in self.folder.iterdir() if p.name != ".lock"] if self.folder.is_dir() else []
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

    def _verified_manifest(self) -> tuple[pd.DataFrame, dict[str, str]]:
        """The manifest rows of the batches whose every part is present and has its checksum, and
        the other batches with what is wrong with each."""
        good, damaged = [], {}
        for path in sorted((self.folder / "manifest").glob("*.parquet")):
            batch = path.stem
            try:
                entries = pd.read_parquet(path).astype("string")
                if list(entries.columns) != MANIFEST_COLUMNS or entries.empty:
                    raise ValueError(f"columns {list(entries.columns)}")
            except (OSError, ValueError, pa.ArrowException) as error:
                damaged[batch] = f"manifest/{path.name} is unreadable ({type(error).__name__})"
                continue
            problems = [
                part_problem(
                    self.folder / "parts" / table / f"{batch}.parquet", str(entries[f"checksum_{table}"].iloc[0])
                )
                for table in TABLES
            ]
            found = [p for p in problems if p]
            if found:
                damaged[batch] = (
                    f"{len(found)} of {len(TABLES)} parts missing or damaged in batch {batch}: " + "; ".join(found)
                )
            else:
                good.append(entries)
        manifest = pd.concat(good, ignore_index=True) if good else _empty_manifest()
        return manifest, damaged

    def _update_read_only(self, batches: Iterable[pd.DataFrame]) -> pd.DataFrame:
        """``update`` for a store that cannot be written: fine when it already holds every article."""
        if self._meta_problem() is not None:
            raise StoreError(
                f"store {self.folder} is read-only and not usable as it is "
                f"({self._meta_problem()}); use a writable --cache-dir"
            )
        manifest, damaged = self._verified_manifest()
        if damaged:
            raise StoreError(f"store {self.folder} is read-only and damaged: {next(iter(damaged.values()))}")
        known = set(zip(manifest["article_id"], manifest["content_hash"]))
        articles = lacking = 0
        for batch in batches:
            keys = list(zip(batch["article_id"].tolist(), batch["content_hash"].tolist()))
            articles += len(keys)
            lacking += sum(key not in known for key in keys)
        if lacking:
            raise StoreError(
                f"store {self.folder} is read-only and lacks {lacking} of {articles} articles; "
                "use a writable --cache-dir"
            )
        return pd.DataFrame([{"articles": articles, "enriched": 0, "reused": articles, "batches": 0}])


def enrich_and_write(articles: pd.DataFrame, aliases: pd.DataFrame, folder: str) -> pd.DataFrame:
    """Enrich one batch and write its parts; return its manifest rows. Runs in a worker."""
    keys = articles[["article_id", "content_hash"]].astype("string")
    batch = hashlib.blake2b(
        "\n".join(keys["article_id"] + " " + keys["content_hash"]).encode(), digest_size=10
    ).hexdigest()
    sums = {
        f"checksum_{name}": write_parquet(table, Path(folder) / "parts" / name / f"{batch}.parquet")
        for name, table in enrich(articles, aliases).items()
    }
    entries = keys.assign(batch=batch, **sums).astype("string")
    write_parquet(entries, Path(folder) / "manifest" / f"{batch}.parquet")  # last: the batch is complete
    return entries


def chunks(articles: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    """``articles`` in consecutive batches of ``size`` rows (one empty batch for an empty table)."""
    check_batch_size(size)
    for start in range(0, max(len(articles), 1), size):
        yield articles.iloc[start : start + size].reset_index(drop=True)


def check_batch_size(size: int) -> None:
    """Raise ``ConfigError`` unless ``size`` is a usable number of articles per batch."""
    if size < 1:
        raise ConfigError(f"batch_size must be at least 1; got {size}")


def in_order(tables: dict[str, list[pd.DataFrame]], articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Concatenate each table's pieces and sort rows by the articles' order (then their own);
    a table without rows is its schema's typed empty table."""
    position = pd.Series(range(len(articles)), index=pd.Index(articles["article_id"].astype(str)))
    ordered = {}
    for name, frames in tables.items():
        frames = [f for f in frames if len(f.columns)]
        table = pd.concat(frames, ignore_index=True) if frames else schemas.empty(SCHEMA_OF[name])
        table = table[table["article_id"].astype(str).isin(position.index)]
        # a stable sort keeps each article's rows in the order the analysis produced them
        order = table.assign(_position=table["article_id"].astype(str).map(position))
        ordered[name] = order.sort_values("_position", kind="stable").drop(columns="_position").reset_index(drop=True)
    return ordered


def read_manifest(folder: Path) -> pd.DataFrame:
    """Every finished batch's ``article_id``, ``content_hash`` and ``batch``."""
    files = sorted((folder / "manifest").glob("*.parquet"))
    if not files:
        return _empty_manifest()
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True).astype("string")


def write_parquet(table: pd.DataFrame, path: Path) -> str:
    """Write ``table`` to ``path`` atomically (a reader never sees half a file); return the
    checksum of the bytes written."""
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    data = buffer.getvalue()
    write_atomic(path, data)
    return checksum(data)


def checksum(data: bytes) -> str:
    """The checksum a part file is verified with.

    >>> checksum(b"")
    'cae66941d9efbd404e4d88758ea67670'
    """
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def part_problem(path: Path, expected: str) -> str | None:
    """What is wrong with the part file at ``path`` (missing, or not the bytes written), else None."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return f"{path.parent.name}/{path.name} is missing"
    if checksum(data) != expected:
        return f"{path.parent.name}/{path.name} is damaged (checksum differs)"
    return None


def _empty_manifest() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in MANIFEST_COLUMNS})


def _types(arrow_type: pa.DataType):
    """Read strings back as pandas' ``string`` dtype, as the analyses produce them."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    return None
