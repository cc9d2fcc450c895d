"""Read Reuters-21578 (SGML) and write its articles in newsframe's seed format.

Development helper for ``tools/build_sample.py`` and the benchmarks; not part of the package.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

_DOC = re.compile(r"<REUTERS(?P<attrs>[^>]*)>(?P<body>.*?)</REUTERS>", re.S)
_TAG = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
    for name in ("DATE", "TITLE", "DATELINE", "BODY", "PLACES", "PEOPLE", "ORGS", "TOPICS")
}
_D = re.compile(r"<D>(.*?)</D>")
_NEWID = re.compile(r'NEWID="(\d+)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SIGNOFF = re.compile(r"\s*\bReuter\s*$")


def read_reuters(folder: str | Path) -> Iterator[dict]:
    """Each article of the ``reut2-*.sgm`` files under ``folder`` as a dict.

    Keys: ``newid``, ``date`` (``YYYY-MM-DD``), ``title``, ``dateline``, ``body`` (paragraphs
    separated by blank lines, the ``Reuter`` sign-off removed), ``places``, ``people``, ``orgs``,
    ``topics`` (lists of tags). Articles without a body are included with an empty body.
    """
    for path in sorted(Path(folder).glob("reut2-*.sgm")):
        raw = path.read_text(encoding="latin-1")
        for match in _DOC.finditer(raw):
            doc = match.group("body")
            found = _NEWID.search(match.group("attrs"))
            if found is None:
                raise ValueError(f"{path.name}: a REUTERS element without NEWID")
            newid = int(found.group(1))
            # the day is what we need; a few stamps have malformed times ("605:12:19")
            stamp = datetime.strptime(_first(doc, "DATE").split()[0], "%d-%b-%Y")
            yield {
                "newid": newid,
                "date": stamp.strftime("%Y-%m-%d"),
                "title": _text(_first(doc, "TITLE")).replace("\n", " "),
                "dateline": _text(_first(doc, "DATELINE")).strip(" -"),
                "body": _paragraphs(_first(doc, "BODY")),
                **{key.lower(): _D.findall(_first(doc, key)) for key in ("PLACES", "PEOPLE", "ORGS", "TOPICS")},
            }


def to_seed_format(article: dict) -> str:
    """One article as newsframe's plain-text format: ``date YYYY-MM-DD Headline``, blank line, body."""
    return f"date {article['date']} {article['title']}\n\n{article['body']}\n"


def write_seed_files(articles, folder: str | Path) -> list[Path]:
    """Write articles with a body as ``reuters-<newid>.txt`` files into ``folder``; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        if article["body"] and article["title"]:
            path = folder / f"reuters-{article['newid']:05d}.txt"
            path.write_text(to_seed_format(article), encoding="utf-8")
            paths.append(path)
    return paths


def _first(doc: str, tag: str) -> str:
    found = _TAG[tag].search(doc)
    return found.group(1) if found else ""


def _text(raw: str) -> str:
    return _CONTROL.sub("", html.unescape(raw)).strip()


def _paragraphs(raw: str) -> str:
    """Reuters wraps lines at ~70 columns and starts each paragraph with an indent."""
    text = _SIGNOFF.sub("", _text(raw))
    paragraphs = re.split(r"\n\s{2,}", text)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
