"""Which dictionary hits in one article are mentions: the context rules run after matching.

``find_mentions`` finds every alias in one pass; this module then reads each hit the way news is
written. Longer names win: an alias inside a longer capitalised name that is not itself an alias
(``Liberal Democrats``, ``Northern Ireland``, ``Shell Canada``, ``Cameron Diaz``), a country or
organisation starting a company or party name (``Japan Airlines``, ``UK Independence Party``),
a name inside Reuters' ``<company>`` brackets or just before a ``<TICKER>`` is not a mention.
An ambiguous alias (``kind`` ``ambiguous``: a surname such as ``Brown``, or ``Congress``) counts
only for an actor introduced earlier in the article by an unambiguous alias (the headline may
lean on the whole article); else when a title before it (``President Bush``, ``Treasury
Secretary Baker``) is held by one of its actors on the article's date (in an undated article,
read as recent: by the one of its actors who held it last); else, for an organisation, when its
country was mentioned earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from newsframe.actors.dictionary import AMBIGUOUS, UNRESOLVED

# capitalised words that may stand before a name without making a longer one: sentence openers,
# titles and honorifics, and US state names ("a Texas Democrat")
_FUNCTION = """a about after against all also although among an and another any are as at because before being
besides between both but by can could despite did do does during each either even every ex except few following
for former from had has have he her his how however if in including into is it its last late many may meanwhile
might more most much must my neither new next no nor not now of on once one only or other our outside over own
per since so some such than that the their then there these they this those though through thus to too under
unlike until upon was we were what when where whether which while who whose why will with within without would
yet you your""".split()
_TITLES = """mr mrs ms miss dr sir dame lady lord prof president vice prime minister chancellor premier secretary
senator sen rep representative congressman congresswoman gov governor gen general adm admiral col colonel lt
capt captain sgt maj king queen prince princess sheikh emir pope cardinal archbishop bishop rev father chairman
chairwoman chief deputy acting shadow speaker leader justice judge ambassador envoy commissioner mayor mp mep
foreign finance defence defense trade treasury home interior health energy agriculture commerce labour labor
state tory democrat republican baroness baron viscount duke herr madame monsieur signor senor mainland
administration government cabinet doctrine yesterday today monday tuesday wednesday thursday friday saturday
sunday""".split()
_STATES = """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada hampshire jersey york carolina dakota ohio oklahoma oregon
pennsylvania rhode island tennessee texas utah vermont virginia washington wisconsin wyoming""".split()
_NOT_NAME = frozenset(_FUNCTION + _TITLES + _STATES)
# words that end a company, party or association name
_ORG_WORDS = frozenset(
    """party airlines airline airways lines inc corp corporation co company ltd limited plc ag sa nv bancorp
    bancshares holdings industries association federation union society institute foundation league club realty
    petroleum telecom motors express""".split()
)
# honorifics that name a role (they resolve a surname through the roles held on the article's date)
_ROLE_WORDS = ("vice president", "prime minister", "president", "chancellor", "premier", "secretary", "chairman")

# names of the form "Council of Britain" (but "General Motors of the US" is where the company is)
_OF_ORG = frozenset(
    "association council federation society institute union church university college museum league foundation".split()
)
_WORD = re.compile(r"[A-Z][\w’'.&]*(?:-[A-Z][\w’'.&]*)*")  # "Cash-strapped" is no name
_WORDS_AFTER = re.compile(r"(?: [A-Z][\w’'.&-]*){1,4}")
_TITLE_BEFORE = re.compile(r"((?:[A-Z][a-z]+ ){1,2})$")
_TICKER_AFTER = re.compile(r"(?: [A-Z][\w.&-]*){0,3} <[A-Z.]{1,8}>")


# A country named like a US state is the state in an article that names another state (New York and
# Washington aside: world news names them too), a county, a city or institution of the state or its
# abbreviation, and nothing of the country's own region: "southwest Georgia and north Florida".
_US_STATE_NAMES = (
    *"Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho".split(),
    *"Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota".split(),
    *"Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas".split(),
    *"Utah Vermont Virginia Wisconsin Wyoming Carolina Dakota".split(),
    *("New Hampshire", "New Jersey", "New Mexico", "Rhode Island"),
)
_STATE_NAMESAKES = {
    "Georgia": (
        re.compile(
            rf"\b(?:{'|'.join(_US_STATE_NAMES)}|Atlanta|Savannah|Macon|DeKalb|Ga\.|[A-Z][a-z]+ County|Georgia Power"
            r"|Public Service Commission|[Gg]overnor of Georgia|Georgia [Ll]egislature)\b"
        ),
        re.compile(
            r"\b(?:Tbilisi|Soviet|Caucas\w*|Abkhaz\w*|Ossetia\w*|Shevardnadze|Saakashvili|Gamsakhurdia|Ivanishvili"
            r"|Armenia\w*|Azerbaijan\w*|Russia\w*|Moscow|Kremlin|Black Sea|Chechnya|Ukrain\w*|Republic of Georgia)\b"
        ),
    )
}


def the_us_state(actor: str, title: str, body: str) -> bool:
    """Whether ``actor``, a country named like a US state, is the state in this article (see above).

    >>> the_us_state("Georgia", "Rates", "Customers in southwest Georgia and north Florida will pay more.")
    True
    >>> the_us_state("Georgia", "Floods", "Floods hit Georgia and Florida, the Soviet daily said.")
    False
    >>> the_us_state("France", "Trade", "Texas ships beef to France.")
    False
    """
    cues = _STATE_NAMESAKES.get(actor)
    if cues is None:
        return False
    text = f"{title}\n{body}"
    american, abroad = cues
    return american.search(text) is not None and abroad.search(text) is None


def role_holders(aliases: pd.DataFrame) -> dict[str, list[tuple[str, Any, Any]]]:
    """Actor -> ``(title in lower case, since, until)`` of each role title it holds.

    >>> from newsframe.actors import load_actors
    >>> role_holders(load_actors())["Ronald Reagan"][0]
    ('us president', Timestamp('1981-01-20 00:00:00'), Timestamp('1989-01-20 00:00:00'))
    """
    held = aliases[aliases["kind"].eq("role") & aliases["type"].ne(UNRESOLVED) & aliases["actor"].notna()]
    holders: dict[str, list[tuple[str, Any, Any]]] = {}
    for actor, title, since, until in zip(held["actor"], held["alias"], held["since"], held["until"], strict=True):
        holders.setdefault(actor, []).append(
            (title.lower(), None if pd.isna(since) else since, None if pd.isna(until) else until)
        )
    return holders


def in_longer_name(
    text: str, start: int, end: int, row: tuple, *, capitals: bool, starts: set[int], ends: set[int]
) -> bool:
    """Whether the hit is part of a longer name that is not an alias (so not a mention of ``row``'s actor).

    ``starts`` and ``ends`` hold the offsets of the hits in ``text``: a neighbouring alias
    (``US Congress``) does not make a longer name. In ``capitals`` (a headline in capitals) only
    company names (brackets, tickers, words such as ``CORP``) are recognised.

    >>> row = ("Democratic Party", "organisation", "United States", "Democrats", "ambiguous")
    >>> in_longer_name("The Liberal Democrats won.", 12, 21, row, capitals=False, starts={12}, ends={21})
    True
    >>> in_longer_name("The Democrats won.", 4, 13, row, capitals=False, starts={4}, ends={13})
    False
    """
    firm = row[1] in ("country", "organisation")
    if text.find("<", 0, start) >= 0 and _in_brackets(text, start):
        return True
    if firm and text[end : end + 1] == " " and (_TICKER_AFTER.match(text, end) or _org_after(text, end)):
        return True
    if row[1] == "country" and text.endswith((" of ", " of the "), max(0, start - 8), start):
        word = _word_before(text, start - (3 if text.endswith(" of ", 0, start) else 7))
        if word and word.lower() in _OF_ORG:  # the Muslim Council of Britain
            return True
    if capitals or " " in row[3] or row[4] not in ("name", AMBIGUOUS, "metonym"):
        return False
    word = None if row[3].isupper() else _word_before(text, start)  # "Big US firms", "Overall UK exports"
    if word and start - 1 not in ends and _joins(word):
        return True
    if row[1] == "person" and text[end : end + 1] == " " and end + 1 not in starts:
        after = _WORDS_AFTER.match(text, end)
        return bool(after and _joins(after.group().split()[0]))
    return False


def _word_before(text: str, index: int) -> str | None:
    """The capitalised word that ends one space before ``index``, if any."""
    if index < 2 or text[index - 1] != " " or text[index - 2].isspace():
        return None
    word = text[max(0, index - 40) : index - 1].rsplit(None, 1)[-1]
    return word if _WORD.fullmatch(word) else None


def _joins(word: str) -> bool:
    """A capitalised word next to an alias that makes it part of a longer name."""
    if word.endswith((".", "’s", "'s", ",")) or word.isupper() and len(word) > 1:
        return False  # an abbreviation or sentence end, a possessive, an acronym (UK, BBC)
    return word.lower() not in _NOT_NAME


def _org_after(text: str, end: int) -> bool:
    after = _WORDS_AFTER.match(text, end)
    return bool(after and any(w.lower().strip(".,") in _ORG_WORDS for w in after.group().split()))


def _in_brackets(text: str, start: int) -> bool:
    opened = text.rfind("<", 0, start)
    return opened >= 0 and text.rfind(">", 0, start) < opened and text.find(">", start) >= 0


def resolve_article(parts: Sequence[list[tuple]], when: Any, holders: dict) -> list[list[tuple]]:
    """The mentions among each part's hits ``(start, end, rows, text)``, parts in reading order (title first).

    Returns, per part, ``(start, end, row)`` with the one alias row each kept hit stands for.
    ``holders`` is ``role_holders(aliases)``.

    >>> full = ("Gordon Brown", "person", "United Kingdom", "Gordon Brown", "name")
    >>> brown = ("Gordon Brown", "person", "United Kingdom", "Brown", "ambiguous")
    >>> body = "Mr Brown came. Gordon Brown spoke. Mr Brown left."
    >>> hits = [(3, 8, [brown], body), (15, 27, [full], body), (38, 43, [brown], body)]
    >>> [[(start, row[3]) for start, _, row in part] for part in resolve_article([[], hits], None, {})]
    [[], [(15, 'Gordon Brown'), (38, 'Brown')]]
    """
    introduced: dict[str, int] = {}  # actor -> order of its latest unambiguous mention
    countries: set[str] = set()  # countries mentioned, or of the actors mentioned
    resolved: list[list[tuple]] = [[] for _ in parts]
    deferred = []
    order = 0
    for number, hits in enumerate(parts):
        previous: tuple | None = None
        for start, end, rows, text in hits:
            order += 1
            row = rows[0] if rows[0][4] != AMBIGUOUS else None
            if row is None:
                row = _by_title(text, start, rows, when, holders, previous)
            if row is None and number == 0 and len(parts) > 1:
                deferred.append((len(resolved[0]), start, end, rows))
                resolved[0].append((start, end, None))
                continue
            if row is None:
                row = _by_context(rows, introduced, countries)
            if row is not None:
                introduced[row[0]] = order
                countries.add(row[0] if row[1] == "country" else row[2])
                resolved[number].append((start, end, row))
                previous = (end, row)
    for index, start, end, rows in deferred:  # a headline is read with its article
        resolved[0][index] = (start, end, _by_context(rows, introduced, countries))
    return [[hit for hit in part if hit[2] is not None] for part in resolved]


def _by_context(rows: list[tuple], introduced: dict[str, int], countries: set[str]) -> tuple | None:
    """The candidate introduced last, else an organisation of a country mentioned before (itself or
    through an actor of that country)."""
    known = [r for r in rows if r[0] in introduced]
    if known:
        return max(known, key=lambda r: introduced[r[0]])
    return next((r for r in rows if r[1] == "organisation" and r[2] in countries), None)


def _by_title(text: str, start: int, rows: list[tuple], when: Any, holders: dict, previous) -> tuple | None:
    """The candidate named by the title before the hit: a role mention, or an honorific held on ``when``
    (when None, by the candidate who held it last)."""
    if previous is not None and previous[1][4] == "role" and not text[previous[0] : start].strip():
        return next((r for r in rows if r[0] == previous[1][0]), None)
    found = _TITLE_BEFORE.search(text, max(0, start - 30), start)
    if found is None:
        return None
    title = found.group(1).strip().lower()
    word = next((w for w in _ROLE_WORDS if title.endswith(w)), None)
    if word is None:
        return None
    if when is None:  # undated: read as recent, the title names the candidate who held it last
        tenures = [
            (pd.Timestamp.min if since is None else since, r)
            for r in rows
            for held, since, _ in holders.get(r[0], [])
            if word in held
        ]
        return max(tenures, key=lambda tenure: tenure[0])[1] if tenures else None
    holding = [
        r
        for r in rows
        if any(
            word in held and (since is None or since <= when) and (until is None or when < until)
            for held, since, until in holders.get(r[0], [])
        )
    ]
    return holding[0] if len({r[0] for r in holding}) == 1 else None
