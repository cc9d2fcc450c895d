"""Word frequency: term counts, n-grams, keyness and term trends on a real date axis.

``terms`` counts words, n-grams and chosen phrases into the long terms table (``article_id``,
``term``, ``n``, ``count``); ``analysis`` computes frequencies, keyness and trends from it, so a
corpus is tokenised once; ``grouping`` sums it per group of articles piece by piece, for a table
read from the store part by part. Every public name is importable from ``newsframe.frequency``
(``word_cloud`` lives in ``newsframe.plotting``). Method and caveats:
``docs/word-frequency.md``; measured speed: ``benchmarks/README.md``.
"""

from newsframe.frequency.analysis import (
    date_split,
    keyness,
    keyness_by_group,
    keyness_of_counts,
    term_frequencies,
    term_trends,
    with_period,
    without_words,
)
from newsframe.frequency.grouping import group_term_counts
from newsframe.frequency.terms import TERM_COLUMNS, count_phrases, count_terms
from newsframe.plotting import word_cloud

__all__ = [
    "keyness_by_group",
    "TERM_COLUMNS",
    "count_phrases",
    "count_terms",
    "date_split",
    "group_term_counts",
    "keyness",
    "keyness_of_counts",
    "term_frequencies",
    "term_trends",
    "with_period",
    "without_words",
    "word_cloud",
]
