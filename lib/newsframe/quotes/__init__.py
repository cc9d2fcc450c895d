"""Quotes: direct quotations, who said them and how that was found, and each actor's share of voice.

``marks`` pairs quotation marks, ``speakers`` ties each quotation to its speaker through speech
cues (word lists in ``data/speech.yml``, read by ``lexicon``), ``find`` builds the ``quotes`` table,
``voice`` counts share of voice and ``scoring`` measures attribution against hand labels. The
package takes a ``mentions`` table as an argument (``newsframe.actors.find_mentions``) and imports
no analysis.
"""

from newsframe.quotes.find import QUOTE_COLUMNS, find_quotes
from newsframe.quotes.lexicon import lexicon
from newsframe.quotes.marks import quote_spans
from newsframe.quotes.scoring import score_speakers, summarise_scores
from newsframe.quotes.voice import share_of_voice

__all__ = [
    "QUOTE_COLUMNS",
    "find_quotes",
    "lexicon",
    "quote_spans",
    "score_speakers",
    "share_of_voice",
    "summarise_scores",
]
