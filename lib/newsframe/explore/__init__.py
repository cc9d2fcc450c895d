"""Explore a corpus interactively: search a term, phrase or actor and see its timeline, keyword in
context, scored sentences, articles and what drove a period (``corpus``: the tables in memory and
their indexes; ``search``: the queries; ``figure``: the timeline; ``widgets``: the ``Explorer`` for
JupyterLab and Voilà; ``serve``: ``newsframe explore``)."""

from newsframe.explore.corpus import Corpus, open_corpus
from newsframe.explore.figure import timeline_png, timeline_svg
from newsframe.explore.search import (
    articles_of,
    brief,
    drivers,
    kwic_lines,
    no_hits,
    scored_sentences,
    search,
    timeline,
    wilson,
)
from newsframe.explore.widgets import Explorer

__all__ = [
    "Corpus",
    "Explorer",
    "open_corpus",
    "timeline_png",
    "timeline_svg",
    "articles_of",
    "brief",
    "drivers",
    "kwic_lines",
    "no_hits",
    "scored_sentences",
    "search",
    "timeline",
    "wilson",
]
