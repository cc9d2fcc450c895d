"""Every notebook, executed with Papermill over the tiny corpus, produces its figures and tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import papermill as pm
import pytest

from newsframe.config import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def execute(notebook: Path, out: Path, **parameters) -> dict:
    declared = pm.inspect_notebook(str(notebook))
    pm.execute_notebook(
        str(notebook),
        str(out),
        parameters={k: v for k, v in parameters.items() if k in declared},
        kernel_name="newsframe",
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def outputs(executed: dict) -> list[dict]:
    return [o for cell in executed["cells"] for o in cell.get("outputs", [])]


def text_of(executed: dict) -> str:
    parts = []
    for output in outputs(executed):
        parts.append("".join(output.get("text", "")))
        for kind in ("text/plain", "text/html", "text/markdown"):
            parts.append("".join(output.get("data", {}).get(kind, "")))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def executed(tmp_path_factory, tiny_corpus_dir, seed_article_path) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("notebooks")
    return {
        nb.stem: execute(nb, out / nb.name, corpus=str(tiny_corpus_dir), article=str(seed_article_path))
        for nb in NOTEBOOKS
    }


def test_notebooks_exist():
    assert [nb.name for nb in NOTEBOOKS][:1] == ["01-corpus-overview.ipynb"]


@pytest.mark.parametrize("name", [nb.stem for nb in NOTEBOOKS])
def test_notebook_runs_and_draws_figures(executed, name):
    result = executed[name]
    assert not [o for o in outputs(result) if o.get("output_type") == "error"]
    figures = [o for o in outputs(result) if "image/png" in o.get("data", {})]
    assert figures, f"{name} drew no figure"


@pytest.mark.parametrize("name", [nb.stem for nb in NOTEBOOKS])
def test_notebook_is_committed_clean_with_one_parameters_cell(name):
    notebook = json.loads((NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert not any(c.get("outputs") or c.get("execution_count") for c in code)
    assert sum("parameters" in c["metadata"].get("tags", []) for c in notebook["cells"]) == 1
    assert not any("\ndef " in "\n" + "".join(c["source"]) for c in code)
    declared = pm.inspect_notebook(str(NOTEBOOKS_DIR / f"{name}.ipynb"))
    # Papermill's inspection cannot read `str | None`; a parameter it misses is never injected.
    assert {"corpus", "since", "until"} <= set(declared) or "article" in declared


def test_overview_accounts_for_every_input(executed):
    text = text_of(executed["01-corpus-overview"])
    assert "006_bad-date.txt" in text and "impossible date" in text  # the rejects table
    assert "003_trade-talks-copy.txt" in text  # the duplicates table
    assert "corpus hash" in text  # the provenance block


def test_overview_of_an_empty_window_says_so(tmp_path, tiny_corpus_dir):
    result = execute(
        NOTEBOOKS_DIR / "01-corpus-overview.ipynb",
        tmp_path / "empty.ipynb",
        corpus=str(tiny_corpus_dir),
        since="2030-01-01",
    )
    assert not [o for o in outputs(result) if o.get("output_type") == "error"]
    assert "0 articles" in text_of(result)


@pytest.fixture(scope="session")
def executed_empty(tmp_path_factory, tiny_corpus_dir, seed_article_path) -> dict[str, dict]:
    """Every notebook over a window without articles (as `newsframe report --since 2099-01-01`)."""
    out = tmp_path_factory.mktemp("empty-window")
    return {
        nb.stem: execute(
            nb, out / nb.name, corpus=str(tiny_corpus_dir), article=str(seed_article_path), since="2099-01-01"
        )
        for nb in NOTEBOOKS
    }


@pytest.mark.parametrize("name", [nb.stem for nb in NOTEBOOKS])
def test_notebook_over_an_empty_window_runs_and_says_it_is_empty(executed_empty, name):
    result = executed_empty[name]
    errors = [o for o in outputs(result) if o.get("output_type") == "error"]
    assert not errors, errors[:1]
    declared = pm.inspect_notebook(str(NOTEBOOKS_DIR / f"{name}.ipynb"))
    if "since" in declared:
        assert "No articles" in text_of(result) or "0 articles" in text_of(result)


def test_every_notebook_counts_the_same_articles_and_says_how_it_chose(executed):
    # the tiny corpus: 6 articles read, one an exact repeat, so 5 counted everywhere (unique=True)
    for name in ("01-corpus-overview", "02-sentiment", "03-word-frequency", "04-actor-mentions"):
        assert "· 5 articles" in text_of(executed[name]), name
    assert "5 article(s) in the window" in text_of(executed["05-article-brief"])
    assert "Tracked terms:" in text_of(executed["03-word-frequency"])
    assert "Focus actors:" in text_of(executed["04-actor-mentions"])
    assert "chosen as asked" in text_of(executed["05-article-brief"])


def test_article_brief_of_an_article_that_matches_nothing_fails_naming_it(tmp_path, tiny_corpus_dir):
    with pytest.raises(pm.PapermillExecutionError) as failed:
        execute(
            NOTEBOOKS_DIR / "05-article-brief.ipynb",
            tmp_path / "missing.ipynb",
            corpus=str(tiny_corpus_dir),
            article="no such headline anywhere",
        )
    assert failed.value.ename == "ArticleNotFound"
    assert "no such headline anywhere" in failed.value.evalue and "\n" not in failed.value.evalue


@pytest.mark.parametrize("name", [nb.stem for nb in NOTEBOOKS])
def test_tables_show_no_row_numbers_or_missing_markers(executed, name):
    html = ["".join(o.get("data", {}).get("text/html", "")) for o in outputs(executed[name])]
    tables = [h for h in html if "<table" in h]
    assert tables, f"{name} showed no table"
    assert not [t for t in tables if "row_heading" in t or "&lt;NA&gt;" in t or ">None<" in t]


@pytest.mark.parametrize("name", [nb.stem for nb in NOTEBOOKS])
def test_prose_holds_no_latex(name):
    cells = json.loads((NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert not re.search(r"\$[^$\n]+\$|\\(frac|sum|sqrt|mathrm|text)\{", prose)  # reports render no MathJax
