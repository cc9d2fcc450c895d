"""Store layer: the analysed tables of a corpus, cached as Parquet and updated incrementally.

One entry point, ``analyse``, gives notebooks and reports the tables of a corpus: ``sentences``
(with sentiment scores), ``article_sentiment``, ``terms``, ``mentions`` and ``quotes``. Articles
are enriched in batches, on all local cores or on a Dask cluster, and each batch's tables are
written as Parquet parts. A re-run enriches only the articles whose ``(article_id,
content_hash)`` the store has not seen; the store as a whole is keyed on the analysis code (the
source of the analysis modules and the versions of the libraries behind them) and on the actor
dictionary, and rebuilt when either changes or when it is found corrupt.

Layout of a store folder::

    store.json                     format, fingerprint of code and actors, creation time
    parts/<table>/<batch>.parquet  the rows of one batch of articles
    manifest/<batch>.parquet       article_id, content_hash, batch: written after the batch's parts,
                                   so a batch counts only once all of it is on disk, and an
                                   interrupted run keeps every batch it finished
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import os
import shutil
import warnings
from collections.abc import Iterable, Iterator
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsframe import actors as actors_module
from newsframe import frequency, quotes, sentiment, text
from newsframe.actors import find_mentions, load_actors
from newsframe.config import CACHE_DIR
from newsframe.errors import ConfigError, NewsframeError, StoreError, check_choice
from newsframe.frequency import count_terms
from newsframe.load import iter_batches
from newsframe.parallel import fork_context, workers
from newsframe.progress import counter_bar
from newsframe.quotes import find_quotes
from newsframe.sentiment import score_articles, score_sentences
from newsframe.text import split_sentences

TABLES = ("sentences", "article_sentiment", "terms", "mentions", "quotes")
ENGINES = ("local", "dask")
STORE_FORMAT = 1
TERM_ORDERS = (1, 2, 3)
READ_BATCHES = 8
_LIBRARIES = ("textblob", "vaderSentiment", "sentencex", "stopwords", "simplemma", "pyahocorasick", "pandas", "pyarrow")


def enrich(articles: pd.DataFrame, aliases: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every analysed table of one batch of articles, in memory, keyed by table name.

    The single definition of what the store holds: ``sentences`` (``split_sentences`` with
    TextBlob and VADER scores), ``article_sentiment`` (``score_articles``), ``terms``
    (``count_terms`` of uni-, bi- and trigrams), ``mentions`` (``find_mentions``, metonyms
    included with ``kind`` ``"metonym"``: drop them for the default view) and ``quotes``
    (``find_quotes``, speakers from the mentions without metonyms).

    >>> from newsframe.load import load_articles
    >>> from newsframe.config import SEED_ARTICLE
    >>> tables = enrich(load_articles(SEED_ARTICLE), load_actors())
    >>> sorted(tables) == sorted(TABLES)
    True
    """
    sentences = split_sentences(articles, progress=False).pipe(score_sentences, n_jobs=1, progress=False)
    mentions = find_mentions(articles, aliases, sentences=sentences, metonyms=True, progress=False)
    named = mentions[mentions["kind"].ne("metonym")]
    return {
        "sentences": sentences,
        "article_sentiment": score_articles(articles, sentences=sentences, n_jobs=1, progress=False),
        "terms": count_terms(articles, n=TERM_ORDERS, progress=False),
        "mentions": mentions,
        "quotes": find_quotes(articles, named, sentences=sentences),
    }


def analyse(
    articles: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None = None,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    batch_size: int = 500,
    progress: bool | None = None,
) -> dict[str, pd.DataFrame]:
    """The analysed tables of ``articles``, from the store where it has them.

    Returns a dict of the tables in ``TABLES``, each restricted to ``articles`` and in their
    order. Articles the store has not seen (new, or changed since: a different
    ``content_hash``) are enriched in batches of ``batch_size`` on ``n_jobs`` processes
    (default: all cores) or, with ``engine="dask"``, on the Dask cluster at ``scheduler`` (a
    local cluster when None). ``cache=False`` computes everything afresh and writes nothing.
    ``aliases`` is the actor dictionary (``load_actors()``, the default).

    >>> from newsframe.load import load_articles
    >>> from newsframe.config import SEED_ARTICLE
    >>> tables = analyse(load_articles(SEED_ARTICLE), cache=False)
    >>> tables["sentences"]["part"].value_counts().to_dict()
    {'body': 16, 'title': 1}
    """
    check_choice("engine", engine, ENGINES)
    aliases = load_actors() if aliases is None else aliases
    batches = _chunks(articles, batch_size)
    options = {"engine": engine, "scheduler": scheduler, "n_jobs": n_jobs, "progress": progress,
               "total": len(articles)}
    if not cache:
        pieces: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
        for result in _map(enrich, batches, aliases, **options):
            for name, table in result.items():
                pieces[name].append(table)
        return _in_order(pieces, articles)
    store = Store(cache_dir, aliases=aliases)
    store.update(batches, **options)
    return {name: store.read(name, articles) for name in TABLES}


def build(
    source: str | Path,
    *,
    actors: str | Path | None = None,
    cache_dir: str | Path | None = None,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    batch_size: int = 500,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Bring the store up to date with a corpus read straight from ``source``, batch by batch.

    Memory grows with ``batch_size``, not with the corpus: the corpus is never whole in memory
    (files are read ``READ_BATCHES`` batches at a time).
    ``actors`` is a dictionary file extending the default ``data/actors.yml``.
    Returns a one-row summary: ``articles``, ``enriched`` (analysed now), ``reused`` (found in
    the store), ``batches`` (written now).
    """
    check_choice("engine", engine, ENGINES)
    store = Store(cache_dir, aliases=load_actors(extend=[] if actors is None else [actors]))
    _check_batch_size(batch_size)
    # Files are read READ_BATCHES batches at a time (fewer, larger reads make an unchanged re-run
    # cheaper); only the articles the store lacks are cut into batches of batch_size.
    batches = iter_batches(source, batch_size=READ_BATCHES * batch_size, progress=False)
    return store.update(batches, engine=engine, scheduler=scheduler, n_jobs=n_jobs, progress=progress,
                        batch_size=batch_size)


class Store:
    """A store folder for one actor dictionary; ``update`` fills it, ``read`` reads it."""

    def __init__(self, folder: str | Path | None = None, *, aliases: pd.DataFrame) -> None:
        self.folder = Path(folder) if folder is not None else CACHE_DIR / "store"
        self.aliases = aliases

    @property
    def fingerprint(self) -> str:
        """Hash of the analysis code, its libraries' versions, and the actor dictionary."""
        digest = hashlib.blake2b(f"format {STORE_FORMAT}".encode(), digest_size=12)
        for module in (text, sentiment, frequency, actors_module, quotes):
            digest.update(Path(module.__file__).read_bytes())
        digest.update(Path(__file__).read_bytes())
        for name in _LIBRARIES:
            with contextlib.suppress(metadata.PackageNotFoundError):
                digest.update(f"{name} {metadata.version(name)}".encode())
        digest.update(self.aliases.to_csv(index=False).encode("utf-8"))
        return digest.hexdigest()

    def update(self, batches: Iterable[pd.DataFrame], *, engine: str = "local", scheduler: str | None = None,
               n_jobs: int | None = None, progress: bool | None = None, total: int | None = None,
               batch_size: int | None = None) -> pd.DataFrame:
        """Enrich and write the articles of ``batches`` that the store lacks, cut into batches of
        at most ``batch_size`` (default: as they come); return a summary."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock():
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
                        yield from _chunks(batch.loc[new].reset_index(drop=True), batch_size or len(batch))

            written = list(_map(enrich_and_write, missing(), self.aliases, str(self.folder), engine=engine,
                                scheduler=scheduler, n_jobs=n_jobs, progress=progress, total=total))
        return pd.DataFrame([{"articles": seen["articles"], "enriched": seen["articles"] - seen["reused"],
                              "reused": seen["reused"], "batches": len(written)}])

    def read(self, table: str, articles: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``table`` for ``articles`` (their current content), in article order."""
        check_choice("table", table, TABLES)
        manifest = _read_manifest(self.folder)
        wanted = articles[["article_id", "content_hash"]].astype("string")
        located = wanted.merge(manifest.astype("string"), on=["article_id", "content_hash"], how="left")
        if located["batch"].isna().any():
            raise StoreError(f"{self.folder}: {int(located['batch'].isna().sum())} articles are not in the store; "
                             "update it first")
        frames = []
        for batch, group in located.groupby("batch", sort=True):
            path = self.folder / "parts" / table / f"{batch}.parquet"
            ids = group["article_id"].tolist()
            frames.append(pq.read_table(path, filters=[("article_id", "in", ids)]).to_pandas(types_mapper=_types))
        return _in_order({table: frames}, articles)[table]

    def _open(self) -> pd.DataFrame:
        """The manifest of a usable store; a store of other code or actors, or a corrupt one, is rebuilt."""
        meta_path = self.folder / "store.json"
        fingerprint = self.fingerprint
        problem = None
        if meta_path.exists():
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                if meta.get("format") != STORE_FORMAT or meta.get("fingerprint") != fingerprint:
                    problem = "made by other analysis code or another actor dictionary"
                else:
                    manifest = _read_manifest(self.folder)
                    missing = [p for p in _part_paths(self.folder, manifest) if not p.exists()]
                    if list(manifest.columns) != ["article_id", "content_hash", "batch"] or missing:
                        problem = f"incomplete ({len(missing)} parts missing)"
                    else:
                        return manifest
            except (OSError, ValueError, pa.ArrowException) as error:
                problem = f"unreadable ({type(error).__name__}: {error})"
        elif any(p.name != ".lock" for p in self.folder.iterdir()):
            problem = "not a newsframe store (no store.json)"
        if problem:
            warnings.warn(f"store {self.folder} is {problem}; rebuilding it", stacklevel=3)
        for child in ("parts", "manifest", "store.json"):
            target = self.folder / child
            shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        meta = {"format": STORE_FORMAT, "fingerprint": fingerprint, "created": datetime.now(timezone.utc).isoformat()}
        _write_text(json.dumps(meta, indent=2), meta_path)
        return _read_manifest(self.folder)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """One writer at a time per store folder (other processes wait)."""
        with open(self.folder / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


# --- running batches -----------------------------------------------------------------------


def enrich_and_write(articles: pd.DataFrame, aliases: pd.DataFrame, folder: str) -> pd.DataFrame:
    """Enrich one batch and write its parts; return its manifest rows. Runs in a worker."""
    keys = articles[["article_id", "content_hash"]].astype("string")
    batch = hashlib.blake2b("\n".join(keys["article_id"] + " " + keys["content_hash"]).encode(),
                            digest_size=10).hexdigest()
    for name, table in enrich(articles, aliases).items():
        _write_parquet(table, Path(folder) / "parts" / name / f"{batch}.parquet")
    entries = keys.assign(batch=batch).astype("string")
    _write_parquet(entries, Path(folder) / "manifest" / f"{batch}.parquet")  # last: the batch is complete
    return entries


def _map(function, batches: Iterable[pd.DataFrame], *args, engine: str, scheduler: str | None,
         n_jobs: int | None, progress: bool | None, total: int | None) -> Iterator:
    """``function(batch, *args)`` for each batch, in batch order. At most two batches per worker
    are in flight, so only a few are in memory at once; a single batch, or ``n_jobs=1``, runs in
    this process."""
    batches = iter(batches)
    head = list(itertools.islice(batches, 2))
    with counter_bar(total=total, desc="enriching", unit="article", progress=progress) as bar:
        if engine == "local" and (len(head) < 2 or workers(n_jobs) == 1):
            for batch in itertools.chain(head, batches):
                yield function(batch, *args)
                bar.update(len(batch))
            return
        with _executor(engine, scheduler=scheduler, n_jobs=n_jobs) as (executor, count):
            window: deque[tuple[int, Future]] = deque()
            for batch in itertools.chain(head, batches):
                window.append((len(batch), executor.submit(function, batch, *args)))
                if len(window) >= 2 * count:
                    size, future = window.popleft()
                    yield future.result()
                    bar.update(size)
            while window:
                size, future = window.popleft()
                yield future.result()
                bar.update(size)


@contextlib.contextmanager
def _executor(engine: str, *, scheduler: str | None, n_jobs: int | None) -> Iterator[tuple[Executor, int]]:
    count = workers(n_jobs)
    if engine == "local":
        with ProcessPoolExecutor(max_workers=count, mp_context=fork_context()) as executor:
            yield executor, count
        return
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                                       dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(scheduler))
            count = max(len(client.scheduler_info()["workers"]), 1)
        yield client.get_executor(pure=False), count


def _check_batch_size(size: int) -> None:
    if size < 1:
        raise ConfigError(f"batch_size must be at least 1; got {size}")


def _chunks(articles: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    _check_batch_size(size)
    for start in range(0, max(len(articles), 1), size):
        yield articles.iloc[start:start + size].reset_index(drop=True)


# --- files -----------------------------------------------------------------------------------


def _in_order(tables: dict[str, list[pd.DataFrame]], articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Concatenate each table's pieces and sort rows by the articles' order (then their own)."""
    position = pd.Series(range(len(articles)), index=pd.Index(articles["article_id"].astype(str)))
    ordered = {}
    for name, frames in tables.items():
        frames = [f for f in frames if len(f.columns)]
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"article_id": []})
        table = table[table["article_id"].astype(str).isin(position.index)]
        # a stable sort keeps each article's rows in the order the analysis produced them
        order = table.assign(_position=table["article_id"].astype(str).map(position))
        ordered[name] = order.sort_values("_position", kind="stable").drop(columns="_position").reset_index(drop=True)
    return ordered


def _read_manifest(folder: Path) -> pd.DataFrame:
    """Every finished batch's ``article_id``, ``content_hash`` and ``batch``."""
    files = sorted((folder / "manifest").glob("*.parquet"))
    if not files:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in ("article_id", "content_hash", "batch")})
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True).astype("string")


def _part_paths(folder: Path, manifest: pd.DataFrame) -> list[Path]:
    return [folder / "parts" / t / f"{b}.parquet" for b in manifest["batch"].unique() for t in TABLES]


def _types(arrow_type: pa.DataType):
    """Read strings back as pandas' ``string`` dtype, as the analyses produce them."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    return None


def _write_parquet(table: pd.DataFrame, path: Path) -> None:
    """Write, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table.to_parquet(temporary, index=False)
    os.replace(temporary, path)


def _write_text(content: str, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, path)
