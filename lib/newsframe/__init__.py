"""newsframe: sentiment, word frequency and actor mentions for your own news articles.

The modules follow the data flow: ``load`` (files to the articles table), ``text`` (sentences,
tokens), the analyses (``frequency``, ``sentiment``, ``actors``, ``quotes``), ``store`` (cached
Parquet tables) and ``report`` (Papermill runs to HTML).
"""

from newsframe.load import load_articles, load_summary, rejects

__version__ = "0.1.0"
__all__ = ["load_articles", "load_summary", "rejects", "__version__"]
