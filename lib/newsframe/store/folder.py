"""The store folder: a text layer (tables that do not depend on the actor dictionary) and one
actor layer per dictionary, updated together under one lock.

Layout::

    store.json, parts/, manifest/          the text layer: sentences, article_sentiment, terms
    actors/<dictionary>/store.json, ...    an actor layer: mentions, quotes (one per dictionary)

A change of actor dictionary therefore re-analyses only mentions and quotes (from the stored
sentences), and reports with different dictionaries share the text layer instead of rebuilding
it in turn. A change of extraction code rebuilds everything.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe.config import CACHE_DIR
from newsframe.errors import ConfigError, StoreError, check_choice
from newsframe.files import file_lock
from newsframe.store.engines import run_batches
from newsframe.store.layer import STORE_FORMAT, Layer, Location
from newsframe.store.pipeline import (
    ACTOR_TABLES,
    TABLES,
    TEXT_TABLES,
    code_fingerprint,
    enrich_actors,
    enrich_text,
    warm,
)

_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


class Store:
    """A store folder, read and filled for one actor dictionary (``aliases``)."""

    def __init__(self, folder: str | Path | None = None, *, aliases: pd.DataFrame) -> None:
        self.folder = Path(folder) if folder is not None else CACHE_DIR / "store"
        self.aliases = aliases
        self._manifests: dict[str, pd.DataFrame] = {}  # per layer, as the last update left it

    @functools.cached_property
    def fingerprint(self) -> str:
        """Hash of the extraction code, its libraries' versions, and the actor dictionary."""
        return _actor_fingerprint(self.aliases)

    @property
    def text(self) -> Layer:
        return Layer(self.folder, tables=TEXT_TABLES, fingerprint=f"{STORE_FORMAT} {code_fingerprint()}")

    @property
    def actors(self) -> Layer:
        return Layer(self.folder / "actors" / self.fingerprint, tables=ACTOR_TABLES, fingerprint=self.fingerprint)

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
        actors: bool = True,
    ) -> pd.DataFrame:
        """Enrich and write what the store lacks of the articles of ``batches`` (their text tables,
        their actor tables for this dictionary, or both), cut into batches of at most
        ``batch_size`` (default: as they come); return a summary. ``actors=False`` fills the text
        layer only (a reader of sentences and terms need not wait for mentions and quotes)."""
        layers = ("text", "actors") if actors else ("text",)
        with contextlib.ExitStack() as stack:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                stack.enter_context(file_lock(self.folder / ".lock"))
            except OSError as error:
                if error.errno not in _READ_ONLY:
                    raise
                return self._update_read_only(batches, layers=layers)
            if self.text.problem() is not None:
                shutil.rmtree(self.folder / "actors", ignore_errors=True)  # built on other code
            self._manifests.clear()
            opened = {layer: self.layer(layer).open() for layer in layers}
            known = {
                layer: set(zip(manifest["article_id"].tolist(), manifest["content_hash"].tolist(), strict=True))
                for layer, manifest in opened.items()
            }
            seen = {"articles": 0, "reused": 0}

            def missing() -> Iterator[pd.DataFrame]:
                for batch in batches:
                    keys = list(zip(batch["article_id"].tolist(), batch["content_hash"].tolist()))
                    seen["articles"] += len(keys)
                    if all(layer.issuperset(keys) for layer in known.values()):  # the usual case, in one pass
                        seen["reused"] += len(keys)
                        continue
                    needs = [tuple(layer for layer in known if key not in known[layer]) for key in keys]
                    seen["reused"] += sum(not need for need in needs)
                    for layer in known.values():
                        layer.update(keys)
                    for layers in dict.fromkeys(need for need in needs if need):
                        rows = batch.loc[[need == layers for need in needs]].reset_index(drop=True)
                        for chunk in chunks(rows, batch_size or len(batch)):
                            chunk.attrs = {"layers": layers}
                            yield chunk

            written = list(
                run_batches(
                    enrich_and_write,
                    missing(),
                    self,
                    engine=engine,
                    scheduler=scheduler,
                    n_jobs=n_jobs,
                    progress=progress,
                    total=total,
                    prepare=functools.partial(warm, self.aliases if actors else None),
                )
            )
        if not written:  # nothing new: the verified manifests are the layers' as they stand
            self._manifests.update(opened)
        summary = {
            "articles": seen["articles"],
            "enriched": seen["articles"] - seen["reused"],
            "reused": seen["reused"],
            "batches": len(written),
        }
        return pd.DataFrame([summary])

    def layer(self, name: str) -> Layer:
        """The ``"text"`` or ``"actors"`` layer."""
        return self.text if name == "text" else self.actors

    def read(
        self,
        table: str,
        articles: pd.DataFrame,
        *,
        columns: list[str] | None = None,
        where: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        """The rows of ``table`` for ``articles`` (their current content), in article order; only
        ``columns`` (and ``article_id``) when given, and only rows matching ``where`` (see ``Layer.read``)."""
        return self.read_all(articles, tables=[table], columns={table: columns}, where={table: where})[table]

    def read_all(
        self,
        articles: pd.DataFrame,
        *,
        tables: Sequence[str],
        columns: Mapping[str, list[str] | None] | None = None,
        where: Mapping[str, Mapping[str, Any] | None] | None = None,
    ) -> dict[str, pd.DataFrame]:
        """``read`` for each of ``tables`` (``columns`` and ``where`` by table), locating the
        articles once per layer."""
        located: dict[str, Location] = {}
        read = {}
        for table in tables:
            layer, location = self._reading(table, articles, located)
            read[table] = layer.read(
                table, location, columns=(columns or {}).get(table), where=(where or {}).get(table)
            )
        return read

    def read_parts(
        self,
        table: str,
        articles: pd.DataFrame,
        *,
        columns: list[str] | None = None,
        where: Mapping[str, Any] | None = None,
    ) -> Iterator[pd.DataFrame]:
        """The rows ``read`` gives, one stored part at a time (see ``Layer.read_parts``)."""
        layer, location = self._reading(table, articles, {})
        return layer.read_parts(table, location, columns=columns, where=where)

    def _reading(self, table: str, articles: pd.DataFrame, located: dict[str, Location]) -> tuple[Layer, Location]:
        """The layer holding ``table`` and where it has ``articles``, from ``located`` (by layer)
        when there; manifests are read once per ``Store``."""
        check_choice("table", table, TABLES)
        name = "text" if table in TEXT_TABLES else "actors"
        layer = self.layer(name)
        if name not in located:
            if name not in self._manifests:
                self._manifests[name] = layer.manifest()
            located[name] = layer.locate(articles, manifest=self._manifests[name])
        return layer, located[name]

    def _update_read_only(self, batches: Iterable[pd.DataFrame], *, layers: tuple[str, ...]) -> pd.DataFrame:
        """``update`` for a store that cannot be written: fine when it already holds every article."""
        known: set[tuple[str, str]] | None = None
        for layer in map(self.layer, layers):
            problem = layer.problem()
            if problem is not None:
                raise StoreError(
                    f"store {layer.folder} is read-only and not usable as it is ({problem}); use a writable --cache-dir"
                )
            manifest, damaged = layer.verified_manifest()
            if damaged:
                raise StoreError(f"store {layer.folder} is read-only and damaged: {next(iter(damaged.values()))}")
            stored = set(zip(manifest["article_id"], manifest["content_hash"]))
            known = stored if known is None else known & stored
        articles = lacking = 0
        for batch in batches:
            keys = list(zip(batch["article_id"].tolist(), batch["content_hash"].tolist()))
            articles += len(keys)
            lacking += sum(key not in (known or set()) for key in keys)
        if lacking:
            raise StoreError(
                f"store {self.folder} is read-only and lacks {lacking} of {articles} articles; "
                "use a writable --cache-dir"
            )
        return pd.DataFrame([{"articles": articles, "enriched": 0, "reused": articles, "batches": 0}])


def enrich_and_write(articles: pd.DataFrame, store: Store) -> int:
    """Enrich one batch for the layers named in ``articles.attrs["layers"]`` and write their
    parts; return the number of articles. Runs in a worker."""
    layers = articles.attrs.get("layers", ("text", "actors"))
    if "text" in layers:
        tables = enrich_text(articles)
        store.text.write_batch(tables, articles)
        sentences = tables["sentences"]
    else:
        sentences = store.text.read("sentences", store.text.locate(articles))
    if "actors" in layers:
        store.actors.write_batch(enrich_actors(articles, store.aliases, sentences=sentences), articles)
    return len(articles)


def chunks(articles: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    """``articles`` in consecutive batches of ``size`` rows (one empty batch for an empty table)."""
    check_batch_size(size)
    for start in range(0, max(len(articles), 1), size):
        yield articles.iloc[start : start + size].reset_index(drop=True)


def check_batch_size(size: int) -> None:
    """Raise ``ConfigError`` unless ``size`` is a usable number of articles per batch."""
    if size < 1:
        raise ConfigError(f"batch_size must be at least 1; got {size}")


def _actor_fingerprint(aliases: pd.DataFrame) -> str:
    digest = hashlib.blake2b(f"format {STORE_FORMAT} {code_fingerprint()}".encode(), digest_size=12)
    digest.update(aliases.to_csv(index=False).encode("utf-8"))
    return digest.hexdigest()
