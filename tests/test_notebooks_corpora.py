"""Every notebook over corpora nobody tuned it to: no cell errors, and nothing in any output
names the bundled sample (its path, its seed article, the actors and terms it used to default to)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from test_notebooks import NOTEBOOKS, execute, outputs, text_of

pytestmark = pytest.mark.slow

# What a report about another corpus must never show: the bundled sample's path and seed article,
# and the defaults that came from it.
SAMPLE_MARKS = ["data/sample", "000_83ee76fa5dfcaf86", "Ronald Reagan", "James Baker", "Putin", "Xi Jinping", "Reagan"]

STORIES = [
    (
        "Harbour repairs begin in Millbrook",
        "Work began on Monday to repair the Millbrook harbour wall. "
        "“We expect the work to take three months,” the harbour master said. France and Germany sent engineers.",
    ),
    (
        "Millbrook orchestra plays to a full hall",
        "The Millbrook orchestra played to a full hall on Friday. "
        "The conductor said the season had been the best in a decade. Tickets sold out within hours.",
    ),
    (
        "Flood warning for the river valley",
        "Forecasters issued a flood warning for the river valley after "
        "two days of heavy rain. Germany offered pumps, and the council opened three shelters.",
    ),
    (
        "School library reopens after repairs",
        "The school library reopened on Tuesday after a year of repairs. "
        "“Children can read here again,” the head teacher said. The council paid for new shelves.",
    ),
    (
        "Bakery wins a national prize",
        "A family bakery in Millbrook won a national prize for its rye bread. "
        "The owners said they would hire two more bakers. France sent a delegation of judges.",
    ),
    (
        "Bridge closed for inspection",
        "The old rail bridge was closed for an inspection on Wednesday. "
        "Engineers found cracks in two supports, and the council said repairs would start soon.",
    ),
]


def _text_file(folder: Path, name: str, title: str, body: str, day: date | None) -> None:
    head = f"date {day:%Y-%m-%d} {title}" if day else title
    (folder / name).write_text(f"{head}\n\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, dict]:
    """Each awkward corpus: its path and the parameters to run the notebooks with."""
    root = tmp_path_factory.mktemp("corpora")
    made: dict[str, dict] = {}

    empty = root / "empty-folder"
    empty.mkdir()
    made["empty folder"] = {"corpus": str(empty)}

    window = root / "window"
    window.mkdir()
    for i, (title, body) in enumerate(STORIES):
        _text_file(window, f"{i:02d}.txt", title, body, date(2023, 3, 1) + timedelta(days=3 * i))
    made["empty window"] = {"corpus": str(window), "since": "2099-01-01"}

    rejected = root / "rejected.csv"
    rejected.write_text("id,headline,published\n1,No body here,2023-01-01\n2,Nor here,2023-01-02\n", encoding="utf-8")
    made["all rows rejected"] = {"corpus": str(rejected)}

    undated = root / "undated"
    for i, (title, body) in enumerate(STORIES * 2):
        section = undated / ("business", "politics", "sport")[i % 3]
        section.mkdir(parents=True, exist_ok=True)
        _text_file(section, f"{i:03d}.txt", title, body, None)
    made["undated sections"] = {"corpus": str(undated)}

    eight = root / "eight-days"
    eight.mkdir()
    for i in range(8):
        title, body = STORIES[i % len(STORIES)]
        _text_file(eight, f"{i:02d}.txt", title, body, date(2024, 5, 6) + timedelta(days=i))
    made["eight days"] = {"corpus": str(eight)}

    span = root / "thirty-years"
    span.mkdir()
    for i in range(12):
        title, body = STORIES[i % len(STORIES)]
        _text_file(span, f"{i:02d}.txt", title, body, date(2019, 1, 15) + timedelta(days=45 * i))
    _text_file(span, "old.txt", "An old story from the archive", STORIES[0][1], date(1991, 6, 3))
    made["thirty years"] = {"corpus": str(span)}

    jsonl = root / "export.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for i, (title, body) in enumerate(STORIES):
            paragraphs = [sentence.strip() + "." for sentence in body.split(". ") if sentence.strip(". ")]
            day = date(2022, 9, 1) + timedelta(days=10 * i)
            out.write(json.dumps({"id": f"x{i}", "title": title, "date": f"{day:%Y-%m-%d}", "text": paragraphs}) + "\n")
    made["jsonl list text"] = {"corpus": str(jsonl)}
    return made


CASES = [
    (corpus, nb.stem)
    for corpus in (
        "empty window",
        "empty folder",
        "all rows rejected",
        "undated sections",
        "eight days",
        "thirty years",
        "jsonl list text",
    )
    for nb in NOTEBOOKS
]


# What each report must say over each corpus: (corpus, notebook number) -> texts in its outputs;
# the number "*" means every notebook.
SAYS = {
    ("empty window", "*"): ["No articles"],
    ("empty folder", "*"): ["No articles"],
    ("all rows rejected", "01"): ["Every input was rejected", "no text column"],
    ("all rows rejected", "*"): ["No articles"],
    **{("undated sections", n): ["No timeline", "politics", "period: none"] for n in ("01", "02", "03", "04")},
    ("undated sections", "05"): ["chosen"],
    **{("eight days", n): ["period: day"] for n in ("01", "02", "03", "04")},
    **{("thirty years", n): ["period: year"] for n in ("01", "02", "03", "04")},
    **{(corpus, "05"): ["chosen"] for corpus in ("eight days", "thirty years", "jsonl list text")},
}


@pytest.mark.parametrize(("corpus", "notebook"), CASES)
def test_notebook_fits_the_users_corpus(corpora, tmp_path, corpus, notebook):
    path = next(nb for nb in NOTEBOOKS if nb.stem == notebook)
    result = execute(path, tmp_path / path.name, **corpora[corpus])
    errors = [o for o in outputs(result) if o.get("output_type") == "error"]
    assert not errors, (errors[0].get("ename"), errors[0].get("evalue"))
    shown = text_of(result)
    named = [mark for mark in SAMPLE_MARKS if mark in shown]
    assert not named, f"{notebook} over {corpus} names the bundled sample: {named}"
    expected = SAYS.get((corpus, notebook[:2]), []) + SAYS.get((corpus, "*"), [])
    missing = [text for text in expected if text not in shown]
    assert not missing, f"{notebook} over {corpus} does not say {missing}"
