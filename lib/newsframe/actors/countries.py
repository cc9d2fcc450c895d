"""Country actors built from maintained sources, the layer under the packaged actor dictionary.

Every UN member state, the two UN observer states (Holy See, Palestine), Kosovo, Taiwan and the
former Serbia and Montenegro get an actor of type ``country`` whose aliases come from
``country_converter``'s country table (short and official names, ISO3 codes, UN membership) and
``countryinfo`` (English names, English alternative spellings, demonyms), never from a hand list.
Demonyms get their plural (``Zambian`` → ``Zambians``) unless they end like an invariable one
(``Swiss``, ``Chinese``, ``Danish``, ``Dutch``). A few hand entries stay, each for a reason the sources cannot know:
common short forms they lack (``Bosnia``), historical names (``Zaire``, ``Kampuchea``), aliases
two countries share (``Dominican``, ``Congolese``: dated or given to one), and exclusions for the
false friends of the new aliases (``guinea pig``, ``Georgia Power``, ``Michael Jordan``).

``with_countries`` puts these entries under a dictionary document: a YAML actor of the same
country keeps its name, type, roles and metonyms and gains the generated aliases it lacks (the
YAML extends, never loses); a generated alias that a YAML actor, role title or exclusion already
uses is left out (the YAML wins). ``country_entries`` is built once per process.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date as Date
from importlib.resources import files
from pathlib import Path

import pandas as pd
from countryinfo import CountryInfo

from newsframe import schemas

COUNTRY_TABLE = Path(str(files("country_converter").joinpath("country_data.tsv")))  # read, never imported
OTHER_STATES = ("VAT", "PSE", "XKX", "TWN")  # observers and partly recognised states, beside the UN members
# A former state the sources lack, whose name holds two current ones ("Serbia & Montenegro" is neither).
FORMER_STATES = ({"ISO3": "SCG", "name_short": "Serbia and Montenegro", "name_official": "Serbia and Montenegro"},)
# The actor names where the sources' short name is not the one the news uses (or abbreviates).
NAMES = {
    "TUR": "Turkey",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "BRN": "Brunei",
    "FSM": "Micronesia",
    "KNA": "Saint Kitts and Nevis",
    "LCA": "Saint Lucia",
    "VCT": "Saint Vincent and the Grenadines",
    "VAT": "Vatican",
    "STP": "Sao Tome and Principe",
}
# Short, historical and adjective forms the sources lack (each checked against the news corpora).
EXTRA_ALIASES = {
    "SCG": ["Serbia & Montenegro", "State Union of Serbia and Montenegro"],
    "BIH": ["Bosnia", "Bosnia-Hercegovina"],
    "COD": ["Zaire", "Zairean", "Zairian", "Zaireans", "DR Congo", "DRC", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"],
    "KHM": ["Kampuchea", "Kampuchean"],
    "LKA": ["Ceylon"],
    "BEN": ["Dahomey"],
    "BFA": ["Upper Volta"],
    "CZE": ["Czech Republic"],
    "KGZ": ["Kyrgyz"],
    "TJK": ["Tajik", "Tajiks"],
    "ISL": ["Icelandic"],
    "SUR": ["Surinamese"],
    "MDV": ["Maldivian"],
    "CPV": ["Cape Verdean"],
    "SVN": ["Slovenian", "Slovenians"],
    "VAT": ["Holy See", "Vatican City"],
    "ARG": ["Argentine", "Argentinian"],
    "UZB": ["Uzbek", "Uzbeks"],
    "KAZ": ["Kazakh", "Kazakhs"],
    "XKX": ["Kosovar", "Kosovars", "Kosovan"],
}
# Dated aliases: "Congo" and "Congolese" meant Congo-Brazzaville while the other Congo was Zaire.
ZAIRE_RENAMED = Date(1997, 5, 17)
DATED_ALIASES = {"COG": [{"alias": "Congo", "until": ZAIRE_RENAMED}, {"alias": "Congolese", "until": ZAIRE_RENAMED}]}
# An alias the sources give two countries goes to the one the news means, else to neither.
SHARED_ALIAS_OWNER = {"Dominican": "DOM", "Dominicans": "DOM"}
# Aliases that are mostly not the country in news text; left out.
LEFT_OUT = {"Central African", "Central Africans", "Congo", "Congolese", "Korea", "Korean", "Island"}
# Phrases holding a new alias that are not the country (exclusions, matched case-sensitively).
EXCLUSIONS = (
    # Guinea: the animal, the island, the gulf
    "Guinea pig",
    "Guinea pigs",
    "Guinea fowl",
    "New Guinea",
    "Gulf of Guinea",
    # Georgia: the US state and its companies
    "Georgia Power",
    "Georgia-Pacific",
    "Georgia Pacific",
    "Georgia Gulf",
    "Georgia Tech",
    "Georgia Public Service Commission",
    "University of Georgia",
    "Atlanta, Georgia",
    "Georgia Republican",
    "Georgia Democrat",
    "Georgia On My Mind",
    "Georgia on My Mind",
    "Georgian Bay",
    # Uruguay: the GATT round named after it
    "Uruguay Round",
    "Uruguay round",
    "Uruguay trade round",
    # Jordan and Chad: people
    "Michael Jordan",
    "Eddie Jordan",
    "Joe Jordan",
    "Jerry Jordan",
    "Vernon Jordan",
    "Chad Smith",
    "Chad Johnson",
    # places and bodies named after a country
    "Northern Ireland",
    "Niger Delta",
    "Niger River",
    "River Niger",
    "Benin City",
    "American Samoa",
    "Inner Mongolia",
    "Inner Mongolian",
)
_INVARIABLE = re.compile(r"(ese|sh|tch|nch|[aosyz])$")  # demonyms without a plural in -s
_CODE = re.compile(r"[A-Z]{2,3}")
_WORD = re.compile(r"[A-Za-z']+")


def country_entries() -> tuple[dict, ...]:
    """The generated countries, ISO3 order: ``name``, ``names`` (all the sources give), ``iso3``, ``aliases``.

    >>> zambia = next(e for e in country_entries() if e["name"] == "Zambia")
    >>> [a for a in zambia["aliases"] if a in ("Republic of Zambia", "Zambian", "Zambians")]
    ['Republic of Zambia', 'Zambian', 'Zambians']
    """
    return _entries()


def country_aliases() -> pd.DataFrame:
    """The generated countries as an ``aliases`` table (exclusions included), before any dictionary.

    >>> table = country_aliases()
    >>> table.loc[table["alias"].eq("Estonian"), ["actor", "type", "kind", "case"]].values.tolist()
    [['Estonia', 'country', 'name', 'exact']]
    """
    rows: list[tuple] = []
    for entry in country_entries():
        for alias in [entry["name"], *entry["aliases"]]:
            text, since, until = _alias_parts(alias)
            rows.append((entry["name"], "country", None, text, "name", "exact", since, until))
    rows += [(None, None, None, phrase, "exclusion", "exact", None, None) for phrase in EXCLUSIONS]
    table = pd.DataFrame(rows, columns=schemas.columns("aliases"))
    table = table.assign(since=pd.to_datetime(table["since"]), until=pd.to_datetime(table["until"]))
    return schemas.conform(table, "aliases")


def with_countries(document: dict) -> dict:
    """``document`` (a dictionary file as read) with the generated countries under its own actors.

    A country actor of the document named like a generated country (any of its names, e.g.
    ``Turkey`` for Türkiye) keeps its entry and gains the generated aliases it lacks; the other
    generated countries follow the document's actors. Generated aliases and exclusions that the
    document already gives to another actor, a role title or an exclusion are left out.

    >>> doc = with_countries({"actors": [{"name": "Turkey", "type": "country", "aliases": ["Turks"]}]})
    >>> turkey = doc["actors"][0]
    >>> turkey["aliases"][:3], "Türkiye" in turkey["aliases"], len(doc["actors"]) > 190
    (['Turks', 'Türkiye', 'Republic of Türkiye'], True, True)
    """
    own = list(document.get("actors") or [])
    taken = _taken(own, document)
    by_name = {e.get("name"): i for i, e in enumerate(own) if isinstance(e, dict) and e.get("type") == "country"}
    merged, added = list(own), []
    for entry in country_entries():
        target = next((by_name[n] for n in entry["names"] if n in by_name), None)
        owner = entry["name"] if target is None else own[target]["name"]
        fresh = [
            dict(a) if isinstance(a, dict) else a  # a copy: the cached entries stay as built
            for a in entry["aliases"]
            if _owner(taken, _alias_parts(a)[0], owner) == owner
        ]
        if target is None:
            if _owner(taken, entry["name"], owner) == owner:
                added.append({"name": entry["name"], "type": "country", "aliases": fresh})
            continue
        yaml_entry, aliases = dict(own[target]), own[target].get("aliases") or []
        if not isinstance(aliases, list):  # left as written: load_actors reports it
            continue
        present = {_alias_parts(a)[0] for a in [yaml_entry["name"], *aliases]}
        fresh = [entry["name"], *fresh] if _owner(taken, entry["name"], owner) == owner else fresh
        yaml_entry["aliases"] = [*aliases, *(a for a in _unique(fresh) if _alias_parts(a)[0] not in present)]
        merged[target] = yaml_entry
    exclusions = list(document.get("exclusions") or [])
    exclusions += [p for p in EXCLUSIONS if p not in exclusions and _owner(taken, p, None) is None]
    return {**document, "actors": merged + added, "exclusions": exclusions}


@functools.lru_cache(maxsize=1)
def _entries() -> tuple[dict, ...]:
    table = _country_table()
    info = _countryinfo_by_iso3()
    official_words = {w for name in table["name_official"] for w in _WORD.findall(name)}
    drafts = []
    for row in table.itertuples(index=False):
        record = info.get(row.ISO3, {})
        names = _unique(
            [NAMES.get(row.ISO3, row.name_short), row.name_short, row.name_official, record.get("name", "")]
        )
        names = [_strip_the(n) for n in names if n]
        aliases = names[1:] + _alt_spellings(record, names, official_words) + _demonyms(record, names)
        aliases += EXTRA_ALIASES.get(row.ISO3, [])
        aliases += [_undotted(a) for a in [*names, *aliases] if _undotted(a) != a]  # St. Lucia -> St Lucia
        aliases += [_ascii_fold(a) for a in [*names, *aliases] if _ascii_fold(a) != a]  # Côte -> Cote
        drafts.append(
            (row.ISO3, names, [a for a in _unique(aliases) if a not in LEFT_OUT and a != names[0] and "," not in a])
        )
    counts = Counter(alias for _, names, aliases in drafts for alias in _unique([names[0], *aliases]))
    entries = []
    for iso3, names, aliases in drafts:
        kept = [a for a in aliases if counts[a] == 1 or SHARED_ALIAS_OWNER.get(a) == iso3]
        entries.append(
            {"name": names[0], "names": tuple(names), "iso3": iso3, "aliases": (*kept, *DATED_ALIASES.get(iso3, []))}
        )
    return tuple(entries)


def _country_table() -> pd.DataFrame:
    with COUNTRY_TABLE.open(encoding="utf-8", newline="") as handle:
        table = pd.DataFrame(list(csv.DictReader(handle, delimiter="\t")))
    chosen = table["UNmember"].str.strip().ne("") | table["ISO3"].isin(OTHER_STATES)
    table = pd.concat([table.loc[chosen, ["ISO3", "name_short", "name_official"]], pd.DataFrame(FORMER_STATES)])
    return table.sort_values("ISO3", ignore_index=True)


def _countryinfo_by_iso3() -> dict[str, dict]:
    """countryinfo's record of each ISO3 code: it lists a few codes twice (Wales under GBR), so the
    record named as in country_converter wins, then the one with a demonym, then the first name."""
    table = _country_table()
    known = {iso3: {a, b} for iso3, a, b in table.itertuples(index=False)}
    chosen: dict[str, tuple[tuple[bool, bool], dict]] = {}
    records: list[dict] = [dict(record) for record in CountryInfo.all().values()]
    for record in sorted(records, key=lambda r: str(r.get("name"))):
        iso3 = str((record.get("ISO") or {}).get("alpha3"))
        if iso3 not in known:
            continue
        rank = (record.get("name") not in known[iso3], not record.get("demonym"))
        if iso3 not in chosen or rank < chosen[iso3][0]:
            chosen[iso3] = (rank, record)
    return {iso3: record for iso3, (_, record) in chosen.items()}


def _alt_spellings(record: dict, names: list[str], official_words: set[str]) -> list[str]:
    """English alternative spellings: ASCII, no code, no inverted ``Korea, Republic of``, and every word
    either a word of the country's names or of some country's official English name (``Republic``)."""
    own_words = {w for name in names for w in _WORD.findall(name)}
    kept = []
    for spelling in record.get("altSpellings") or []:
        spelling = _strip_the(spelling.strip())
        words = _WORD.findall(spelling)
        if (
            not spelling.isascii()
            or "," in spelling
            or _CODE.fullmatch(spelling)
            or not words
            or not own_words & set(words)
            or not set(words) <= own_words | official_words
        ):
            continue
        kept.append(spelling)
    return kept


def _demonyms(record: dict, names: list[str]) -> list[str]:
    """countryinfo's demonyms (``Antiguan,Barbudan``, ``Kittian and Nevisian`` are two) and their plurals."""
    singular = [d.strip() for part in str(record.get("demonym") or "").split(",") for d in part.split(" and ")]
    singular = [d for d in singular if d and d not in names and "/" not in d]  # not "Serbian/Montenegrin"
    return singular + [f"{d}s" for d in singular if not _INVARIABLE.search(d)]


def _taken(actors: list, document: dict) -> dict[str, str | None]:
    """Every alias text the document uses -> its actor (None for role titles and exclusions); an alias
    matched in any case (``case: ignore``) takes every casing of itself, stored as ``\0`` + lower case."""
    taken: dict[str, str | None] = {}
    for entry in actors:
        if not isinstance(entry, dict):
            continue
        for alias in [entry.get("name"), *(entry.get("aliases") or []), *(entry.get("metonyms") or [])]:
            if alias is not None:
                text = _alias_parts(alias)[0]
                ignore = isinstance(alias, dict) and alias.get("case") == "ignore"
                taken.setdefault("\0" + text.lower() if ignore else text, entry.get("name"))
    roles = document.get("roles") or {}
    for titles in roles.values() if isinstance(roles, dict) else []:
        for title in titles or []:
            taken.setdefault(str(title), None)
    for phrase in document.get("exclusions") or []:
        taken.setdefault(str(phrase), None)
    return taken


def _owner(taken: dict[str, str | None], text: str, default: str | None) -> str | None:
    """The actor that already holds ``text`` (None: a role title or exclusion), else ``default``."""
    if text in taken:
        return taken[text]
    return taken.get("\0" + text.lower(), default)


def _alias_parts(alias) -> tuple[str, Date | None, Date | None]:
    if isinstance(alias, dict):
        return str(alias.get("alias")), alias.get("since"), alias.get("until")
    return str(alias), None, None


def _strip_the(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " else name


def _undotted(alias: str) -> str:
    return alias.replace("St. ", "St ") if isinstance(alias, str) else alias


def _unique(values: Iterable) -> list:
    seen: list = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
