"""Store layer: the analysed tables of a corpus, cached as Parquet and updated incrementally.

One entry point, ``analyse``, gives notebooks and reports the tables of a corpus: ``sentences``
(with sentiment scores), ``article_sentiment``, ``terms``, ``mentions`` and ``quotes``. Articles
are enriched in batches, on all local cores or on a Dask cluster, and each batch's tables are
written as Parquet parts. A re-run enriches only the articles whose ``(article_id,
content_hash)`` the store has not seen. Tables that do not depend on the actor dictionary are
kept apart from those that do (one actor layer per dictionary), each layer keyed on the
extraction code and the versions of the libraries behind it, and damaged parts are found by
their checksums and rebuilt. Modules: ``pipeline`` (what is stored), ``layer`` (one folder of
parts and manifests), ``folder`` (the store: its layers, updated under one lock), ``engines``
(where batches run), ``update`` (``analyse``, ``read_parts``: a table part by part, ``build``),
``results`` (corpus-level results remembered: ``remembered``).
"""

from newsframe.errors import StoreError
from newsframe.store.engines import ENGINES
from newsframe.store.folder import Store, enrich_and_write
from newsframe.store.layer import STORE_FORMAT
from newsframe.store.parts import write_parquet
from newsframe.store.pipeline import ACTOR_TABLES, TABLES, TERM_ORDERS, TEXT_TABLES, code_fingerprint, enrich
from newsframe.store.results import remembered
from newsframe.store.update import READ_BATCHES, analyse, build, read_parts

__all__ = [
    "ACTOR_TABLES",
    "TEXT_TABLES",
    "ENGINES",
    "READ_BATCHES",
    "STORE_FORMAT",
    "TABLES",
    "TERM_ORDERS",
    "Store",
    "StoreError",
    "analyse",
    "build",
    "code_fingerprint",
    "enrich",
    "enrich_and_write",
    "read_parts",
    "remembered",
    "write_parquet",
]
