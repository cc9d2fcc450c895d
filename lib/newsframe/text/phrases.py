"""Stopwords and search phrases: what to leave out of counts, and how a phrase matches tokens."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from stopwords import LANGUAGE_MAPPING, get_stopwords

from newsframe.errors import ConfigError
from newsframe.text.tokens import _WORDS, _normalise, raw_tokens  # noqa: F401 (raw_tokens: doctest)


@lru_cache(maxsize=8)
def _stopwords(language: str) -> frozenset[str]:
    if language not in LANGUAGE_MAPPING and language not in LANGUAGE_MAPPING.values():
        raise ConfigError(
            f"no stopword list for language {language!r}; valid values: "
            f"{', '.join(map(repr, sorted(LANGUAGE_MAPPING)))} or the names they stand for"
        )
    # The package's files end with an empty line, read as the word "".
    return frozenset(word.replace("\u2019", "'").lower() for word in get_stopwords(language) if word)


def stopword_set(extra: Iterable[str] = (), *, language: str = "en") -> frozenset[str]:
    """Stopwords from the ``stopwords`` package (for English the classic Snowball-derived list of
    174 words, like quanteda's default), plus ``extra`` words (any case). ``language`` is a code
    such as ``"de"`` or a name such as ``"german"``; raises ``ConfigError`` for others.

    >>> words = stopword_set(["Reuters"])
    >>> "the" in words, "reuters" in words, "oil" in words, "states" in words, len(stopword_set())
    (True, True, False, False, 174)
    """
    return _stopwords(language) | {word.lower() for word in extra}


def phrase_pattern(phrase: str) -> tuple[str, ...]:
    """The lower-cased tokens of a search phrase; a trailing ``*`` on a word matches any ending.

    >>> phrase_pattern("Human Rights")
    ('human', 'rights')
    >>> phrase_pattern("negotiat*")
    ('negotiat*',)
    """
    words = [word[:-1] if word.endswith("*") else word for word in phrase.split()]
    tokens = [_WORDS.findall(_normalise(word).lower()) for word in words]
    stars = [word.endswith("*") for word in phrase.split()]
    pattern: list[str] = []
    for found, star in zip(tokens, stars):
        pattern.extend(found)
        if star and found:
            pattern[-1] += "*"
    return tuple(pattern)


def phrase_patterns(phrases: str | Iterable[str], *, allow_empty: bool = False) -> dict[str, tuple[str, ...]]:
    """``phrase_pattern`` of one phrase or several, keyed by the phrase as given.

    Raises ``ConfigError`` for a phrase without a word, and for no phrases at all unless
    ``allow_empty`` (then ``{}``: searching for nothing finds nothing).

    >>> phrase_patterns(["oil", "Bank of England"])
    {'oil': ('oil',), 'Bank of England': ('bank', 'of', 'england')}
    >>> phrase_patterns([], allow_empty=True)
    {}
    """
    if isinstance(phrases, str):
        phrases = [phrases]
    patterns = {phrase: phrase_pattern(phrase) for phrase in phrases}
    empty = [phrase for phrase, pattern in patterns.items() if not pattern]
    if empty or not (patterns or allow_empty):
        raise ConfigError(f"phrases must each contain at least one word; got {empty or list(patterns)!r}")
    return patterns


def may_contain(text: str, patterns: Iterable[tuple[str, ...]]) -> bool:
    """False when ``text`` cannot hold any of ``patterns`` (their first word is nowhere in it):
    a cheap test that lets a search skip tokenising most texts.

    >>> may_contain("Crude oil rose", [("oil",)]), may_contain("Gold rose", [("oil",), ("negotiat*",)])
    (True, False)
    """
    lowered = _normalise(text).lower()
    return any(pattern[0].rstrip("*") in lowered for pattern in patterns if pattern)


def find_phrase(tokens: list[str], pattern: tuple[str, ...]) -> list[int]:
    """Indices in ``tokens`` (from ``raw_tokens``) where ``pattern`` (from ``phrase_pattern``)
    starts; phrases never match across punctuation.

    >>> tokens = raw_tokens("Human rights, human. Rights; human rights groups")
    >>> find_phrase(tokens, phrase_pattern("human rights"))
    [0, 7]
    >>> find_phrase(raw_tokens("Talks: negotiators negotiated"), ("negotiat*",))
    [2, 3]
    """
    if not pattern:
        return []
    tests = [_token_test(word) for word in pattern]
    first, size = tests[0], len(pattern)
    starts = [i for i, token in enumerate(tokens) if first(token)]
    return [i for i in starts if i + size <= len(tokens) and all(t(tokens[i + k]) for k, t in enumerate(tests))]


def _token_test(word: str):
    if word.endswith("*"):
        prefix = word[:-1]
        return lambda token: bool(token) and token.startswith(prefix)
    return word.__eq__
