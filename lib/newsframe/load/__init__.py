"""Load layer: article files and tables become the ``articles`` table.

Every input record either becomes an article or a rejection with its reason; nothing is
dropped silently. ``load_summary(articles)`` reconciles the counts and ``rejects(articles)``
lists the rejections.

Modules: ``batches`` (``load_articles``, ``iter_batches``), ``discover`` (the inputs a source
names, odd ones rejected before anything is opened), ``inputs`` (reading a run of inputs),
``reading`` (a file's bytes, size limit and encoding), ``text_files`` (the seed format),
``table_files`` (CSV / JSON Lines / JSON / Parquet files into rows), ``tables`` (rows into
article records), ``dates`` (table dates and the range newsframe can hold), ``assemble`` (the
articles table), ``identity`` (ids and content hashes), ``summary`` (rejects and counts). The
constants re-exported here are read in the module that defines them (``PARALLEL_MIN_FILES`` in
``newsframe.load.batches``): change them there.
"""

from newsframe.load.assemble import ARTICLE_COLUMNS
from newsframe.load.batches import CHUNK_FILES, ERRORS, MAX_BYTES, PARALLEL_MIN_FILES, iter_batches, load_articles
from newsframe.load.identity import article_id, content_hash
from newsframe.load.summary import REJECT_COLUMNS, load_summary, rejects
from newsframe.load.tables import TABLE_SUFFIXES
from newsframe.load.text_files import TEXT_SUFFIXES, parse_article

__all__ = [
    "ARTICLE_COLUMNS",
    "CHUNK_FILES",
    "ERRORS",
    "MAX_BYTES",
    "PARALLEL_MIN_FILES",
    "REJECT_COLUMNS",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "article_id",
    "content_hash",
    "iter_batches",
    "load_articles",
    "load_summary",
    "parse_article",
    "rejects",
]
