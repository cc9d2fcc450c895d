"""Who said each quotation of one title or body: the speech cue around it and the subject it ties.

The cue is a speech verb (``data/speech.yml``) or ``according to``, looked for in the quotation's
own sentence: before it (``Putin told Xi: "…"``, the verb's subject is the speaker) or after it
(``"…," Putin said`` / ``"…," said Putin``); after a quotation that ends a sentence, in the next
sentence only when that one has no quotation of its own. A speaker candidate is a dictionary
mention, a run of capitalised words (``Dmitry Lukashov``, titles such as ``Treasury Secretary``
cut off), a pronoun or a role noun phrase (``the minister``, ``a BBC spokesman``). Pronouns and
definite role nouns resolve to the nearest preceding compatible person outside quotations (a
subject first), ``it`` and organisation nouns to the nearest organisation; a spokesman speaks for
the organisation named with him; other unnamed speakers (``one trader said``) give no speaker.
Demonyms, possessives and nouns that modify another (``the British actor``, ``Barclays' chief``,
``Wales coach``) and names after a preposition are never speakers. A quotation with no cue that
continues the previous one (the same or the next sentence) keeps its speaker.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import simplemma

from newsframe.quotes.candidates import _SPOKES_OF, Candidate, CandidateText, _parse_run, _patterns
from newsframe.quotes.lexicon import NAME_RUN, lexicon, places
from newsframe.quotes.marks import Span

TAIL_REACH = 70  # characters after a quotation within which its cue must start
NEXT_REACH = 30  # in the next sentence, the cue must open it ("Mr Lukashov continued.")


class Speaker(NamedTuple):
    """A resolved speaker: ``name`` as recorded, its ``type``, the dictionary ``actor`` (or None)
    and ``how`` it was found."""

    name: str
    type: str
    actor: str | None
    how: str


UNNAMED = Speaker("", "", None, "unnamed")  # the subject is someone the text does not name


class TextSpeakers(CandidateText):
    """Attribution within one title or body: ``text``, its dictionary ``mentions`` (sorted
    ``(start, end, actor, type, alias, kind)``), its quotation ``spans`` and sentence ``starts``."""

    def __init__(self, text: str, mentions: list[tuple], spans: list[Span], starts: np.ndarray) -> None:
        super().__init__(text, mentions, spans)
        self.starts = starts
        self._names: dict[str, list[tuple[int, str, str]]] | None = None

    # --- the quotation loop ------------------------------------------------------------------
    def speakers(self) -> list[tuple[Speaker | None, str | None]]:
        """``(speaker, cue)`` for each span (speaker None when nothing ties one)."""
        found: list[tuple[Speaker | None, str | None]] = []
        for index, span in enumerate(self.spans):
            previous = self.spans[index - 1] if index else None
            result = self._lead(span, previous)
            if result is None:
                result = self._tail(span, index, next_sentence=False)
            if result is None and previous is not None and found and found[-1][0] is not None:
                if span.continues or self._adjacent(previous, span):
                    before = found[-1][0]
                    result = (before if before is UNNAMED else before._replace(how="continued"), "continued")
            if result is None and not span.continues:
                result = self._tail(span, index, next_sentence=True)
            found.append(result if result is not None else (None, None))
        return [(None, None) if s is None or s.how == "unnamed" else (s, c) for s, c in found]

    def _sentence(self, at: int) -> int:
        return max(int(np.searchsorted(self.starts, at, side="right")) - 1, 0)

    def _sentence_end(self, at: int) -> int:
        number = self._sentence(at) + 1
        return int(self.starts[number]) if number < len(self.starts) else len(self.text)

    def _paragraph_start(self, at: int) -> int:
        found = self.text.rfind("\n\n", 0, at)
        return 0 if found < 0 else found + 2

    def _paragraph_end(self, at: int) -> int:
        found = self.text.find("\n\n", at)
        return len(self.text) if found < 0 else found

    def _adjacent(self, previous: Span, span: Span) -> bool:
        closed = previous.closed if previous.closed >= 0 else previous.end
        return self._sentence(span.opened) <= self._sentence(closed) + 1

    # --- cues --------------------------------------------------------------------------------
    def _lead(self, span: Span, previous: Span | None) -> tuple[Speaker, str] | None:
        """A cue before the quotation, in its sentence: its subject (or what follows ``according to``)."""
        begin = max(self._sentence_start(span.opened), self._paragraph_start(span.opened))
        if previous is not None:
            begin = max(begin, (previous.closed if previous.closed >= 0 else previous.end) + 1)
        if begin >= span.opened:
            return None
        cue_pattern = _patterns()[0]
        cues = list(cue_pattern.finditer(self.text, begin, span.opened))
        if not cues:
            return None
        cue = cues[-1]
        if cue.lastgroup == "according":
            chosen = self._according(cue.end(), span.opened)
        elif cue.lastgroup == "passive":
            chosen = self._passive(cue)
            if chosen is None:
                chosen = self._last(self.candidates(begin, cue.start()))
        else:
            chosen = self._subject_before(begin, cue.start())
            if chosen is None and self._inverts(cue) and not self.text[begin : cue.start()].strip(" \t\n,.—–-"):
                chosen = self._inverted(cue.end(), span.opened)  # "…," said Karen Thomson, "…"
        return self._resolved(chosen, cue)

    def _subject_before(self, begin: int, at: int) -> Candidate | None:
        """The subject of a verb at ``at``; ``X, from the group Y, said`` skips the apposition."""
        lead = self.text[begin:at].rstrip()
        candidates = self.candidates(begin, at)
        if lead.endswith(","):
            opening = lead.rfind(",", 0, len(lead) - 1)
            if opening > 0:
                chosen = self._last([c for c in candidates if c.end <= begin + opening])
                if chosen is not None and chosen.kind in ("name", "mention"):
                    return chosen
        return self._last(candidates)

    @staticmethod
    def _inverts(cue: re.Match) -> bool:
        verb = cue.group().lower()
        return cue.lastgroup == "verb" and verb not in lexicon().listener_verbs and not verb.endswith("ing")

    def _sentence_start(self, at: int) -> int:
        return int(self.starts[self._sentence(at)]) if len(self.starts) else 0

    def _tail(self, span: Span, index: int, *, next_sentence: bool) -> tuple[Speaker, str] | None:
        """A cue after the quotation: in the rest of its sentence, or in the next sentence when the
        quotation ends its own and the next one holds no quotation."""
        if span.closed < 0:
            return None
        begin = span.closed + 1
        stop = min(self._sentence_end(span.closed), self._paragraph_end(begin))
        following = self.spans[index + 1].opened if index + 1 < len(self.spans) else len(self.text)
        if next_sentence != (not self.text[begin:stop].strip(" \t\n.,;:!?")):
            return None
        if next_sentence:
            # the quotation ends its sentence: the next sentence, if it quotes nothing itself
            begin = stop
            stop = min(self._sentence_end(begin), self._paragraph_end(begin) if begin < len(self.text) else begin)
            if following < stop:
                return None
        stop = min(stop, following)
        if stop <= begin:
            return None
        cue_pattern = _patterns()[0]
        cue = cue_pattern.search(self.text, begin, stop)
        reach = NEXT_REACH if next_sentence else TAIL_REACH
        if cue is None or cue.start() - begin > reach or (next_sentence and cue.lastgroup == "according"):
            return None
        if cue.lastgroup == "passive":
            chosen = self._passive(cue) or self._first(self.candidates(begin, cue.start()))  # "…," Xi was quoted
        elif cue.lastgroup == "according":
            chosen = self._according(cue.end(), stop)
        else:
            chosen = self._first(self.candidates(begin, cue.start()))
            if chosen is None and self._inverts(cue) and not self.text[begin : cue.start()].strip(" \t\n,.—–-"):
                chosen = self._inverted(cue.end(), stop)
        return self._resolved(chosen, cue)

    def _according(self, begin: int, stop: int) -> Candidate | None:
        """``according to Xinhua``: the first name after the cue (after its preposition, of course)."""
        for candidate in self.candidates(begin, stop):
            if not candidate.modifier and candidate.kind != "pronoun":
                return candidate
        return None

    def _passive(self, cue: re.Match) -> Candidate | None:
        """``the paper quoted Geoff Dixon as saying``: the name between; ``Xi was quoted by Xinhua as
        saying``: None (the subject before is the speaker)."""
        if re.search(r"\b(?:was|were|is|are|been|being)\s+$", self.text[max(0, cue.start() - 12) : cue.start()]):
            return None
        inside = self.candidates(cue.start() + len("quoted"), cue.end())
        return self._first(inside, after_cue=True)

    def _inverted(self, begin: int, stop: int) -> Candidate | None:
        """``said LSE chief executive Clara Furse`` / ``said RNID director, Guido Gybels``."""
        match = re.compile(r"[,.;:()“”\"]|\s(?:who|which|as|after|before|when|while|adding|in|on)\s").search(
            self.text, begin, stop
        )
        end = match.start() if match else stop
        chosen = self._first(self.candidates(begin, end), after_cue=True)
        if chosen is None and match and self.text[match.start()] == "," and self._ends_in_role(begin, end):
            again = re.compile(r"[,.;:()“”\"]").search(self.text, match.end(), stop)
            chosen = self._first(self.candidates(match.end(), again.start() if again else stop), after_cue=True)
        return chosen

    def _ends_in_role(self, begin: int, end: int) -> bool:
        words = self.text[begin:end].split()
        role_words = lexicon().person_roles
        return bool(words) and words[-1].lower().rstrip("s") in role_words | {words[-1].lower()}

    # --- choosing the subject ------------------------------------------------------------------
    @staticmethod
    def _usable(candidate: Candidate) -> bool:
        return not candidate.modifier and not candidate.after_preposition

    def _last(self, candidates: list[Candidate]) -> Candidate | None:
        """The subject before a verb: the nearest usable candidate, role nouns in apposition skipped."""
        for candidate in reversed(candidates):
            if not self._usable(candidate):
                continue
            if candidate.kind == "role" and self.text[max(0, candidate.start - 8) : candidate.start].rstrip().endswith(
                ","
            ):
                before = [c for c in candidates if c.end <= candidate.start and c.kind in ("name", "mention")]
                if before and self.text[before[-1].end : candidate.start].strip() == ",":
                    continue
            return candidate
        return None

    def _first(self, candidates: list[Candidate], *, after_cue: bool = False) -> Candidate | None:
        """The subject after a quotation (its first usable candidate); after a cue, a person first."""
        usable = [c for c in candidates if self._usable(c)]
        if usable and usable[0].kind == "role" and len(usable) > 1 and usable[1].kind in ("name", "mention"):
            if self.text[usable[0].end : usable[1].start].strip() in (",", "") and usable[1].type == "person":
                usable = usable[1:]  # "the play's organiser in Uganda, Sarah Mukasa, told"
        if after_cue:
            people = [c for c in usable if c.type == "person"]
            usable = people or usable
        return usable[0] if usable else None

    # --- candidates ------------------------------------------------------------------------------
    def _resolved(self, chosen: Candidate | None, cue: re.Match) -> tuple[Speaker, str] | None:
        if chosen is None:
            return None
        cue_text = " ".join(cue.group().split()[:1]) if cue.lastgroup != "according" else "according to"
        if cue.lastgroup == "passive":
            cue_text = "quoted as " + cue.group().split()[-1]
        speaker = self._speaker(chosen)
        if speaker is None:
            return None
        if cue.lastgroup == "according" and speaker is not UNNAMED:
            speaker = speaker._replace(how="according to")
        return speaker, cue_text

    def _speaker(self, chosen: Candidate) -> Speaker | None:
        if chosen.kind == "mention":
            how = "role noun" if chosen.type == "role" else "name"
            return Speaker(str(chosen.actor), str(chosen.type), chosen.actor, how)
        if chosen.kind == "name":
            return Speaker(self._canonical(str(chosen.name), chosen.start), str(chosen.type), None, "name")
        if chosen.kind == "pronoun":
            found = self._antecedent(chosen.start, chosen.gender)
            return found._replace(how="pronoun") if found and found.how != "unnamed" else UNNAMED
        if chosen.name is not None and (chosen.type == "organisation" or not chosen.definite or chosen.gender != "any"):
            return self._organisation_named(chosen.name)
        if not chosen.definite:
            return UNNAMED
        noun = self.text[chosen.start : chosen.end].split()[-1].lower()
        if noun.rstrip("s") in lexicon().spokes_roles or noun in lexicon().spokes_roles:
            spoken_for = self._spokes_before(chosen.start, noun)
            return spoken_for or UNNAMED
        found = self._antecedent(chosen.start, chosen.gender)
        return found._replace(how="role noun") if found and found.how != "unnamed" else UNNAMED

    def _organisation_named(self, name: str) -> Speaker:
        for _, _, actor, kind_type, alias, _ in self.mentions:
            if alias == name or actor == name:
                return Speaker(actor, kind_type, actor, "role noun")
        return Speaker(name, "organisation", None, "role noun")

    def _spokes_before(self, at: int, noun: str) -> Speaker | None:
        """The organisation of an earlier ``a spokeswoman for X`` / ``an X spokeswoman``."""
        pattern = re.compile(
            rf"(?P<org1>[A-Z][\w’'&-]*(?:[ ][A-Z][\w’'&-]*)*)(?:[’']s?)?\s+{noun}"
            rf"|{noun}{_SPOKES_OF}(?P<org2>[A-Z][\w’'&-]*(?:[ ](?:of[ ])?[A-Z][\w’'&-]*)*)"
        )
        last = None
        for match in pattern.finditer(self.text, 0, at):
            last = match
        if last is None:
            return None
        name = last.group("org1") or last.group("org2")
        words = name.split()
        while words and words[0].lower() in lexicon().stop:
            words = words[1:]
        return self._organisation_named(" ".join(words)) if words else None

    def _antecedent(self, at: int, gender: str | None) -> Speaker | None:
        """The nearest compatible person (or organisation) before ``at`` outside quotations: the first
        in its sentence (a subject), going back sentence by sentence past sentences whose subject is
        itself a compatible pronoun (``He said …``)."""
        before = self._everyone(at)
        if gender in ("organisation", "plural"):
            wanted = [c for c in before if c.kind == "pronoun" or c.type not in ("person", "country")]
        else:
            wanted = [
                c for c in before if (c.kind == "pronoun" or c.type == "person") and _compatible(c.gender, gender)
            ]
        if not any(c.kind != "pronoun" for c in wanted):
            return None
        chosen = None
        sentence = self._sentence(at)
        for number in range(sentence, max(sentence - 4, -1), -1):
            low = int(self.starts[number]) if len(self.starts) else 0
            high = int(self.starts[number + 1]) if number + 1 < len(self.starts) else len(self.text)
            subjects = [c for c in wanted if low <= c.start < high and self._usable(c)]
            if gender in ("male", "female") and len(subjects) > 1 and _genderless(subjects[0]):
                # "As well as Spider-Man, Lee co-created": a name known to be a he or she comes first
                subjects = sorted(subjects, key=_genderless)
            if subjects and subjects[0].kind != "pronoun":
                chosen = subjects[0]
                break
        if chosen is None:
            chosen = [c for c in wanted if c.kind != "pronoun"][-1]
        if chosen.kind == "role":  # "an executive spokeswoman insisted … she said", "the seventh seed"
            named = self._named_role(chosen, wanted)
            return self._speaker(named) if named is not None else self._speaker(chosen)
        if chosen.kind == "mention":
            return Speaker(str(chosen.actor), str(chosen.type), chosen.actor, "pronoun")
        return Speaker(self._canonical(str(chosen.name), chosen.start), str(chosen.type), None, "pronoun")

    def _named_role(self, role: Candidate, candidates: list[Candidate]) -> Candidate | None:
        """The person a role noun is equated with: ``the British director is Matthew Warchus``,
        ``the director, Matthew Warchus,``."""
        after = [c for c in candidates if c.start >= role.end and c.kind == "name" and c.type == "person"]
        if after and self.text[role.end : after[0].start].strip() in ("is", "was", ","):
            return after[0]
        return None

    def _everyone(self, at: int) -> list[Candidate]:
        """Candidates in the sentence of ``at`` (before it) and the three before, outside quotations; a
        lone surname takes the gender of its full name."""
        people = []
        sentence = self._sentence(at)
        begin = int(self.starts[max(sentence - 3, 0)]) if len(self.starts) else 0
        for c in self.candidates(min(begin, at), at):
            full = self._full_name(str(c.name), c.start) if c.kind == "name" else None
            if full is not None:
                people.append(c._replace(type="person", gender=full[1]))
            elif c.kind in ("mention", "role", "pronoun") or c.gender is not None or c.type == "organisation":
                people.append(c)
            elif _unknown_name(str(c.name)):
                people.append(c._replace(gender="any"))  # "Edu", "JF Sullivan": a name, not words or a place
        return people

    def _full_names(self) -> dict[str, list[tuple[int, str, str]]]:
        """Last word -> ``(offset, full person's name ending with it, its gender)`` in text order."""
        if self._names is None:
            self._names = {}
            for match in NAME_RUN.finditer(self.text):
                if " " not in match.group():
                    continue
                parsed = _parse_run(match.group())
                if parsed is not None and " " in parsed[1] and parsed[3] is not None and parsed[4] == "person":
                    self._names.setdefault(parsed[1].split()[-1], []).append((match.start(), parsed[1], parsed[3]))
        return self._names

    def _full_name(self, name: str, at: int) -> tuple[str, str] | None:
        """The full name a shorter one at ``at`` stands for: the last before it, else the first after."""
        found = self._full_names().get(name.split()[-1], [])
        earlier = [(full, gender) for start, full, gender in found if start < at and len(full) > len(name)]
        later = [(full, gender) for start, full, gender in found if start >= at and len(full) > len(name)]
        return earlier[-1] if earlier else (later[0] if later else None)

    def _canonical(self, name: str, at: int) -> str:
        """The fullest form of a person's name in the text: ``Lukashov`` -> ``Dmitry Lukashov``."""
        full = self._full_name(name, at)
        return full[0] if full is not None else name


def _genderless(candidate: Candidate) -> bool:
    return candidate.kind == "name" and candidate.gender == "any"


def _unknown_name(name: str) -> bool:
    """A name of unknown gender that still reads as someone's: initials and a surname (``JF Sullivan``,
    ``J. Smith``), or a last word that is no English word, and no place (``Edu``; not ``Chairman``,
    ``New York``)."""
    words = name.split()
    if name.lower() in places():
        return False
    if len(words) > 1 and _INITIALS.fullmatch(words[0]) and words[0].rstrip(".").lower() not in _country_codes():
        return True
    return not simplemma.is_known(words[-1].lower(), lang="en")


_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """Two- and three-letter country codes (``US``, ``UK`` is GB's alias), never someone's initials."""
    import pycountry

    codes = {c.alpha_2.lower() for c in pycountry.countries} | {c.alpha_3.lower() for c in pycountry.countries}
    return frozenset(codes | {"uk", "eu", "un"})


def _compatible(have: str | None, want: str | None) -> bool:
    return want in (None, "any") or have in (None, "any") or have == want
