"""Actor mentions: who is in the news, with whom, how often, and in what tone.

``dictionary`` reads the actor YAML files into the ``aliases`` table (``countries`` adds every
country, built from maintained data); ``mentions`` finds every alias in titles and bodies and
``context`` keeps the ones the article's context supports (the ``mentions`` table the store
keeps); ``counting`` aggregates mentions into counts, co-occurrence pairs and actor-targeted
sentiment; ``discovery`` proposes names the dictionary lacks; ``presentation`` draws the network
and highlights mentions in HTML. Every public name is re-exported here:
``from newsframe.actors import find_mentions``.
"""

from newsframe.actors.counting import (
    LEVELS,
    actor_sentences,
    actor_sentiment,
    cooccurrence,
    count_mentions,
    mentions_as_terms,
)
from newsframe.actors.countries import country_aliases, country_entries, with_countries
from newsframe.actors.dictionary import ALIAS_COLUMNS, AMBIGUOUS, CASES, TYPES, UNRESOLVED, load_actors
from newsframe.actors.discovery import OPENER_SHARE, discover_names
from newsframe.actors.mentions import MENTION_COLUMNS, find_mentions
from newsframe.actors.presentation import draw_network, highlight_html
from newsframe.errors import ActorDictionaryError

__all__ = [
    "ALIAS_COLUMNS",
    "AMBIGUOUS",
    "CASES",
    "LEVELS",
    "MENTION_COLUMNS",
    "OPENER_SHARE",
    "TYPES",
    "UNRESOLVED",
    "ActorDictionaryError",
    "actor_sentences",
    "actor_sentiment",
    "cooccurrence",
    "country_aliases",
    "country_entries",
    "count_mentions",
    "discover_names",
    "draw_network",
    "find_mentions",
    "highlight_html",
    "load_actors",
    "mentions_as_terms",
    "with_countries",
]
