"""Speaker candidates in a title or body: dictionary mentions, name runs, pronouns and role nouns.

``CandidateText`` finds them in any stretch of a text outside its quotations, each with what the
attribution needs to know: its kind, type, gender and whether it only describes another noun
(a possessive, a demonym, ``Wales`` in ``Wales coach``) or follows a preposition.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

import simplemma

from newsframe.quotes.lexicon import KEEP_TITLES, NAME_RUN, first_names, lexicon, person_gender, places, word_pattern
from newsframe.quotes.marks import Span

_PREPOSITIONS = r"of|at|for|from|with|to|by|on|in|about|against|including|like|than|between|over|under|into"
_AFTER_PREPOSITION = re.compile(rf"\b(?:{_PREPOSITIONS})\s+(?:the\s+|its\s+|his\s+|her\s+)?$", re.I)
_AFTER_PREPOSITION_LIST = re.compile(
    rf"\b(?:{_PREPOSITIONS})\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*(?:,\s+[A-Z][\w’'-]*)*\s+(?:and|or)\s+$"
)
_POSSESSIVE = re.compile(r"[’']s?$")
_ORG_WORDS = frozenset(
    "council party bank group ltd plc inc corp association office agency institute union federation commission "
    "committee board company trust university society department ministry club fc united news times post "
    "magazine league authority foundation corporation studios records network channel service services".split()
)
_SPOKES_OF = r"\s+(?:for|of|at|from)\s+(?:the\s+)?"
_SPOKES_FOR = re.compile(_SPOKES_OF + r"(?P<org>[A-Z][\w’'&-]*(?:[ ](?:of[ ]|&[ ])?[A-Z][\w’'&-]*)*)")


class Candidate(NamedTuple):
    """A possible speaker in the text: a dictionary ``mention``, a ``name`` run, a ``pronoun`` or a
    ``role`` noun phrase (``definite`` for ``the``/``his``; ``name`` is the organisation a role
    speaks for, if any)."""

    start: int
    end: int
    kind: str
    name: str | None
    type: str | None
    actor: str | None
    gender: str | None
    definite: bool = False
    modifier: bool = False  # possessive, demonym or a noun modifying the next one
    after_preposition: bool = False


class _Phrase(NamedTuple):
    start: int
    end: int
    det: str
    mods_start: int
    mods_end: int
    noun: str


_WORD = re.compile(r"[\w’'&.-]+")
_DETERMINERS = frozenset("the a an one its his her their two".split())


def _role_phrases(nouns: re.Pattern, text: str, begin: int, end: int) -> list[_Phrase]:
    """``the prime minister``, ``a BBC spokesman``: a role noun and the nearest determiner at most
    four words before it (found noun first: role nouns are rarer than determiners)."""
    found: list[_Phrase] = []
    last_end = begin
    for match in nouns.finditer(text, begin, end):
        low = max(last_end, match.start() - 60)
        words = list(_WORD.finditer(text, low, match.start()))[-5:]
        for number in range(len(words) - 1, -1, -1):
            word = words[number]
            if word.group().lower() in _DETERMINERS:
                between = text[word.end() : match.start()]
                if "," in between or "\n" in between or ". " in between:
                    break
                mods_start = words[number + 1].start() if number + 1 < len(words) else match.start()
                found.append(_Phrase(word.start(), match.end(), word.group(), mods_start, match.start(), match.group()))
                last_end = match.end()
                break
    return found


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    words = lexicon()
    verbs = word_pattern(words.verbs)
    cue = re.compile(
        r"\b(?P<passive>quoted\b[^“”\"]{1,80}?\bas\s+(?:saying|stating|telling|adding))"
        r"|\b(?P<according>[Aa]ccording\s+to)\b"
        rf"|\b(?P<verb>{verbs})\b"
    )
    roles = word_pattern(words.person_roles | words.organisation_roles)
    role = re.compile(rf"\b(?P<noun>{roles})(?:s|es)?\b")
    stop = word_pattern(words.stop | words.verbs)
    modifies = re.compile(rf"(?:[’']s?)?\s+(?:(?!(?:{stop})\b)[a-z-]+\s+){{0,2}}(?:{roles})(?:s|es)?\b")
    return cue, role, modifies


class CandidateText:
    """The candidates of one ``text`` given its dictionary ``mentions`` (sorted ``(start, end, actor,
    type, alias, kind)``) and quotation ``spans``; scans are cached by stretch."""

    def __init__(self, text: str, mentions: list[tuple], spans: list[Span]) -> None:
        self.text = text
        self.mentions = mentions
        self.mention_starts = [m[0] for m in mentions]
        self.spans = spans
        self._quoted = [(s.opened, s.closed if s.closed >= 0 else s.end) for s in spans]
        self._openings = [opened for opened, _ in self._quoted]
        self._scanned: dict[tuple[int, int], list[Candidate]] = {}
        self._seconds: set[str] | None = None

    def candidates(self, begin: int, end: int) -> list[Candidate]:
        """Speaker candidates within ``text[begin:end]``, in order, outside quotations."""
        key = (begin, end)
        if key not in self._scanned:
            self._scanned[key] = [c for a, b in self._outside_quotes(begin, end) for c in self._scan(a, b)]
        return self._scanned[key]

    def _outside_quotes(self, begin: int, end: int) -> list[tuple[int, int]]:
        """The stretches of ``text[begin:end]`` outside quotations (quotation marks included in them)."""
        stretches = []
        at = begin
        for opened, closed in self._quoted:
            if closed < at:
                continue
            if opened >= end:
                break
            if opened > at:
                stretches.append((at, opened))
            at = max(at, closed + 1)
        if at < end:
            stretches.append((at, end))
        return stretches

    def _scan(self, begin: int, end: int) -> list[Candidate]:
        """Speaker candidates in ``text[begin:end]``, found afresh."""
        if end <= begin:
            return []
        text = self.text
        words = lexicon()
        _, role_pattern, modifies = _patterns()
        found: list[Candidate] = []
        taken = bytearray(end - begin)  # 1 where a mention or role phrase is
        low = bisect.bisect_left(self.mention_starts, begin)
        for start, stop, actor, kind_type, alias, _ in self.mentions[low:]:
            if start >= end:
                break
            if stop > end:
                continue
            demonym = kind_type == "country" and alias != actor and not alias.isupper()
            found.append(
                Candidate(
                    start,
                    stop,
                    "mention",
                    actor,
                    kind_type,
                    actor,
                    _gender_of(actor) if kind_type == "person" else "organisation",
                    modifier=demonym or self._modifies(stop, modifies),
                    after_preposition=self._after_preposition(start),
                )
            )
            taken[start - begin : stop - begin] = b"\x01" * (stop - start)
        inside = self._inside_quote
        for phrase in _role_phrases(role_pattern, text, begin, end):
            if (
                inside(phrase.start)
                or 1 in taken[phrase.start - begin : phrase.mods_start - begin]
                or 1 in taken[phrase.mods_end - begin : phrase.end - begin]
            ):
                continue  # a mention may describe the role ("a Xinhua spokesman"), not be part of it
            noun = phrase.noun.lower()
            det = phrase.det.lower()
            organisation = self._organisation_in(phrase.mods_start, phrase.mods_end, found)
            if organisation is None:
                after = _SPOKES_FOR.match(text, phrase.end, end)
                if after and noun in words.spokes_roles:
                    organisation = after.group("org")
            if self._followed_by_name(phrase.end):
                continue  # a title before a name: "the minister John Smith"
            kind_type = (
                "organisation" if noun in words.organisation_roles and noun not in words.person_roles else "person"
            )
            gender = (
                "female"
                if noun.endswith(("woman", "ess"))
                else ("organisation" if kind_type == "organisation" else "any")
            )
            found = [c for c in found if not (phrase.start <= c.start and c.end <= phrase.end)]
            found.append(
                Candidate(
                    phrase.start,
                    phrase.end,
                    "role",
                    organisation,
                    kind_type,
                    None,
                    gender,
                    definite=det in ("the", "his", "her", "its", "their", "two"),
                    after_preposition=self._after_preposition(phrase.start),
                )
            )
            taken[phrase.start - begin : phrase.end - begin] = b"\x01" * (phrase.end - phrase.start)
        stop = words.stop
        for match in NAME_RUN.finditer(text, begin, end):
            run = match.group()
            if (
                (" " not in run and run.lower() in stop)
                or inside(match.start())
                or 1 in taken[match.start() - begin : match.end() - begin]
            ):
                continue
            candidate = self._name(match.start(), match.end(), modifies)
            if candidate is not None:
                found.append(candidate)
        for match in re.finditer(r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey)\b", text[begin:end]):
            start = begin + match.start()
            kind = words.pronouns[match.group().lower()]
            found.append(Candidate(start, start + len(match.group()), "pronoun", None, None, None, kind))
        found = [c for c in found if not self._inside_quote(c.start)]
        return sorted(found, key=lambda c: c.start)

    def _name(self, start: int, end: int, modifies: re.Pattern) -> Candidate | None:
        """A run of capitalised words as a candidate: openers, stop words and titles cut off."""
        parsed = _parse_run(self.text[start:end])
        if parsed is None:
            return None
        lead, name, honorific, gender, kind_type, possessive, raw_end = parsed
        offset = start + lead
        possessive = possessive or self.text[end : end + 2] in ("'s", "’s")
        lower = name.lower()
        if honorific is None and lower in places() and not self._speaks(end):
            return None  # "Bombay", but "Mr Prescott" and "Prescott said" are people
        before = self.text[max(0, offset - 8) : offset].rstrip()
        opens = (not before and offset < 8) or (bool(before) and before[-1] in '.!?:"”“\n')
        if (
            " " not in name
            and opens
            and simplemma.is_known(lower, lang="en")
            and not self._speaks(end)
            and name not in self._second_words()
        ):
            return None  # "Speaking", "Asked" opening a sentence (but "Keys said" names Keys)
        return Candidate(
            offset,
            offset + len(name),
            "name",
            name,
            kind_type,
            None,
            gender if kind_type == "person" else "organisation",
            modifier=possessive or self._modifies(start + raw_end, modifies),
            after_preposition=self._after_preposition(offset),
        )

    def _second_words(self) -> set[str]:
        """Capitalised words that follow another in the text (``Swank`` in ``Hilary Swank``)."""
        if self._seconds is None:
            self._seconds = set(re.findall(r"[A-Z][\w’'-]+ ([A-Z][\w’'-]+)", self.text))
        return self._seconds

    def _speaks(self, end: int) -> bool:
        """Whether a speech verb follows ``end`` (``Keys said``, ``Cook, 45, said``)."""
        after = re.match(r"(?:,[^,.]{0,40},)?\s+(?:\w+ly\s+)?([a-z]+)", self.text[end : end + 60])
        return after is not None and after.group(1) in lexicon().verbs

    def _modifies(self, end: int, modifies: re.Pattern) -> bool:
        return bool(modifies.match(self.text, end, min(end + 60, len(self.text)))) or self.text[end : end + 2] in (
            "'s",
            "’s",
            "' ",
            "’ ",
        )

    def _after_preposition(self, start: int) -> bool:
        """After ``of``, ``with the``, ... or in a list after one (``of Rain Man and Tootsie``)."""
        return bool(_AFTER_PREPOSITION.search(self.text, max(0, start - 25), start)) or bool(
            _AFTER_PREPOSITION_LIST.search(self.text, max(0, start - 60), start)
        )

    def _followed_by_name(self, end: int) -> bool:
        after = self.text[end : end + 40]
        match = re.match(r",?\s+([A-Z][\w’'-]+)", after)
        return (
            match is not None
            and match.group(1).lower() not in lexicon().stop
            and person_gender(match.group(1)) is None
            and (bool(re.match(r",?\s+[A-Z][\w’'-]+\s+[A-Z]", after)) or not after.startswith(","))
        )

    def _organisation_in(self, begin: int, end: int, found: list[Candidate]) -> str | None:
        for candidate in found:
            if begin <= candidate.start and candidate.end <= end and candidate.type not in ("person", "country"):
                return candidate.name
        run = NAME_RUN.search(self.text, begin, end)
        if run:
            name = _POSSESSIVE.sub("", run.group())
            if name.lower() not in places() and name.lower() not in lexicon().stop:
                return name
        return None

    def _inside_quote(self, at: int) -> bool:
        number = bisect.bisect_left(self._openings, at) - 1
        return number >= 0 and at < self._quoted[number][1]

    # --- resolution ----------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _parse_run(raw: str) -> tuple[int, str, str | None, str | None, str, bool, int] | None:
    """What a run of capitalised words says, whatever its context: ``(offset of the name in the run,
    name, honorific, gender, type, possessive, end of the run proper)``; None when no name is left.

    >>> _parse_run("Treasury Under Secretary John Taylor")[1:5]
    ('John Taylor', 'Secretary', 'male', 'person')
    >>> _parse_run("Labour's Paul Flynn")[:2], _parse_run("Mr Lukashov")[1:4]
    ((9, 'Paul Flynn'), ('Lukashov', 'Mr', 'male'))
    """
    words = lexicon()
    parts = raw.split(" ")
    if any(re.search(r"-[a-z]", word) for word in parts):
        return None  # an adjective: "Bafta-winning", "London-based"
    for number, word in enumerate(parts[:-1]):  # "Labour's Paul Flynn" -> "Paul Flynn"
        if word.endswith(("'s", "’s")):
            skip = len(" ".join(parts[: number + 1])) + 1
            rest = _parse_run(raw[skip:])
            return None if rest is None else (rest[0] + skip, *rest[1:6], rest[6] + skip)
    possessive = bool(_POSSESSIVE.search(raw))
    if possessive and raw[-2:-1] in "’'":
        raw = _POSSESSIVE.sub("", raw)
        parts = raw.split(" ")
    for number, word in enumerate(parts[1:-1], start=1):  # "Richard Yamarone of Argus Research"
        if word in ("of", "for", "the") and person_gender(" ".join(parts[:number])) is not None:
            parts = parts[:number]
            raw = " ".join(parts)
            break
    cut = 0  # titles before the name: "Treasury Under Secretary John Taylor" -> "John Taylor"
    for number, word in enumerate(parts[:-1]):
        lower = word.lower().rstrip(".")
        if lower in words.person_roles or (lower in words.honorifics and lower not in KEEP_TITLES):
            cut = number + 1
    honorific = parts[cut - 1] if cut and parts[cut - 1].lower().rstrip(".") in words.honorifics else None
    while cut < len(parts) and parts[cut].lower() in words.stop:
        cut += 1
    if cut >= len(parts):
        return None
    if len(parts) - cut >= 3 and parts[cut].lower() not in first_names() and parts[cut + 1].lower() in first_names():
        cut += 1  # "Farmer Geoff Brooks" -> "Geoff Brooks"
    last = len(parts)
    while last - cut > 1 and parts[last - 1].lower() in words.person_roles:  # "Tom McCabe MSP"
        last -= 1
    if last < len(parts) and person_gender(" ".join(parts[cut:last])) is None:
        return None  # a title, not a name: "Scottish Finance Minister"
    if parts[cut:last] and " ".join(parts[cut:last]).lower().rstrip("s") in words.person_roles:
        return None  # "MPs"
    name = " ".join(parts[cut:last])
    lower = name.lower()
    if lower in words.stop or lower in words.pronouns:
        return None
    gender = person_gender(f"{honorific} {name}" if honorific else name)
    kind_type = "organisation" if _organisation_like(name) and gender is None else "person"
    lead = len(" ".join(parts[:cut])) + (1 if cut else 0)
    return lead, name, honorific, gender, kind_type, possessive, len(raw)


@lru_cache(maxsize=4096)
def _gender_of(name: str) -> str:
    return person_gender(name) or "any"


def _organisation_like(name: str) -> bool:
    words = name.split()
    return (len(name) > 1 and name.isupper()) or any(w.lower() in _ORG_WORDS for w in words)
