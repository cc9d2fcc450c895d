"""Store layer: the analysed tables of a corpus, cached as Parquet and updated incrementally.

One entry point, ``analyse``, gives notebooks and reports the tables of a corpus: ``sentences``
(with sentiment scores), ``article_sentiment``, ``terms``, ``mentions`` and ``quotes``. Articles
are enriched in batches, on all local cores or on a Dask cluster, and each batch's tables are
written as Parquet parts. A re-run enriches only the articles whose ``(article_id,
content_hash)`` the store has not seen; the store as a whole is keyed on the extraction code and
the versions of the libraries behind it (``pipeline``) and on the actor dictionary, and rebuilt
when either changes or when it is found corrupt. Modules: ``pipeline`` (what is stored),
``parquet`` (the store folder), ``engines`` (where batches run), ``update`` (``analyse``, ``build``).
"""

from newsframe.errors import StoreError
from newsframe.store.engines import ENGINES
from newsframe.store.parquet import STORE_FORMAT, Store, enrich_and_write, write_parquet
from newsframe.store.pipeline import TABLES, TERM_ORDERS, code_fingerprint, enrich
from newsframe.store.update import READ_BATCHES, analyse, build

__all__ = [
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
    "write_parquet",
]
