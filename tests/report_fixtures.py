"""Tiny notebooks and a hostile corpus for the report tests (test_report, test_cli, test_browser).

The notebooks follow the project's notebook rules (imports, one `parameters` cell) but are the
tests' own, so the runner is tested without depending on the real report notebooks.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SEED = Path(__file__).parent / "fixtures" / "corpus" / "000_83ee76fa5dfcaf86.txt"
TITLE_PAYLOAD = "<script>document.title='pwned';window.__pwned=1</script>"
BODY_PAYLOAD = "<img src=x onerror=\"window.__pwned=1;document.title='pwned'\">"
KERNEL = {"name": "newsframe", "display_name": "newsframe", "language": "python"}
PARAMETERS = """corpus: str = "data/sample"  # folder, file, glob or table of articles
since: str | None = None  # first day, YYYY-MM-DD
until: str | None = None  # last day, YYYY-MM-DD"""


def _notebook(*cells) -> nbformat.NotebookNode:
    return new_notebook(cells=list(cells), metadata={"kernelspec": KERNEL})


def _parameters(extra: str = "") -> nbformat.NotebookNode:
    return new_code_cell(PARAMETERS + extra, metadata={"tags": ["parameters"]})


def write_corpus(folder: Path) -> Path:
    """The seed article plus one whose title and body are HTML/script payloads."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    (folder / "payload.txt").write_text(
        f"date 2021-12-16 {TITLE_PAYLOAD}\n\n{BODY_PAYLOAD} The body <b>is</b> plain text.\n", encoding="utf-8"
    )
    return folder


def write_notebooks(folder: Path, *, failing: bool = True, slow: bool = False) -> Path:
    """``01-table`` (a table of titles and bodies, printed titles, one labelled figure, and a
    library's warning and a line on stderr, which belong in the run log), and optionally
    ``02-fail`` (raises ValueError) and ``03-slow`` (sleeps for a minute)."""
    folder.mkdir(parents=True, exist_ok=True)
    table = _notebook(
        new_markdown_cell("# Titles and bodies"),
        new_code_cell(
            "import matplotlib.pyplot as plt\nfrom newsframe.config import ROOT\n"
            "from newsframe.load import load_articles\nfrom newsframe.plotting import corpus_label, label"
        ),
        _parameters(
            "\nactors: str | None = None  # actors file\ntop: int = 10  # rows shown"
            "\nperiod: str = 'month'  # a period\nnames: list = ['Xi']  # actors to follow"
            "\ncolumns: dict | None = None  # the corpus's own column names"
        ),
        new_code_cell(
            "articles = load_articles(ROOT / corpus, since=since, until=until, columns=columns)\n"
            "articles[['title', 'text']].head(top)"
        ),
        new_code_cell("print(articles['title'].tolist(), top, actors)"),
        new_code_cell(
            "fig, ax = plt.subplots()\nax.bar(range(len(articles)), articles['n_words'])\n"
            "label(ax, title='Words per article', xlabel='article', ylabel='words',\n"
            "      corpus=corpus_label(articles, corpus=corpus))\nplt.show()"
        ),
        new_code_cell(
            "import sys, warnings\nwarnings.warn('LIBRARY-NOTICE: this will change', FutureWarning)\n"
            "print('STDERR-NOTICE', file=sys.stderr)\nprint(names, period)"
        ),
    )
    nbformat.write(table, folder / "01-table.ipynb")
    if failing:
        fail = _notebook(
            new_code_cell("import math"), _parameters(), new_code_cell("raise ValueError('boom <b>not bold</b>')")
        )
        nbformat.write(fail, folder / "02-fail.ipynb")
    if slow:
        slow_nb = _notebook(new_code_cell("import time"), _parameters(), new_code_cell("time.sleep(60)"))
        nbformat.write(slow_nb, folder / "03-slow.ipynb")
    return folder
