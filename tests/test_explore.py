"""The explorer: its queries over the tiny corpus's stored tables, its widgets (text escaped), the
`newsframe explore` server, the report's note instead of the notebook, and Voilà in headless Chromium."""

from __future__ import annotations

import importlib
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsframe.errors import ConfigError
from newsframe.explore import (
    Corpus,
    Explorer,
    articles_of,
    brief,
    drivers,
    kwic_lines,
    scored_sentences,
    search,
    timeline,
    wilson,
)
from newsframe.explore.serve import voila_command, write_notebook
from newsframe.kwic import kwic
from newsframe.load import load_articles
from newsframe.store import analyse
from report_fixtures import BODY_PAYLOAD, write_corpus

ROOT = Path(__file__).resolve().parent.parent
search_module = importlib.import_module("newsframe.explore.search")  # the package's `search` is the function


@pytest.fixture(scope="module")
def stored(_tiny_articles):
    """The tiny corpus (exact repeats left out) and its analysed tables, computed once."""
    articles = _tiny_articles.loc[_tiny_articles["duplicate_of"].isna()].reset_index(drop=True)
    return articles, analyse(articles, cache=False, n_jobs=1, progress=False)


@pytest.fixture
def corpus(stored) -> Corpus:
    articles, tables = stored
    return Corpus(articles.copy(), {name: table.copy() for name, table in tables.items()}, period="month")


@pytest.mark.parametrize("phrase", ["Russia", "NATO", "trade talks", "minist*", "Putin", "China"])
def test_word_search_finds_what_kwic_finds(corpus, phrase):
    found = search(corpus, phrase, kind="words")
    expected = kwic(corpus.articles, phrase)
    assert len(expected), f"the tiny corpus should hold {phrase!r}"
    assert sorted(zip(found["article_id"], found["part"], found["start"], strict=True)) == sorted(
        zip(expected["article_id"], expected["part"], expected["start"], strict=True)
    )
    assert (found["match"].str.lower().str.split().str[0].str.startswith(phrase.lower().split()[0].rstrip("*"))).all()


def test_hits_point_at_their_sentence(corpus):
    found = search(corpus, "Russia", kind="words")
    sentences = corpus.tables["sentences"].set_index(["article_id", "sentence"])["text"]
    for hit in found.itertuples(index=False):
        text = sentences[(hit.article_id, hit.sentence)]
        assert "".join(f"{hit.left}{hit.match}{hit.right}".split()) == "".join(text.split())


def test_hits_past_the_detailed_ones_keep_their_sentence_only(corpus, monkeypatch):
    full = search(corpus, "Russia", kind="words")
    monkeypatch.setattr(search_module, "DETAILED", 2)
    cut = search(corpus, "Russia", kind="words")
    assert len(full) > 3
    assert cut[["article_id", "sentence"]].values.tolist() == full[["article_id", "sentence"]].values.tolist()
    assert cut["match"].notna().sum() >= 2 and cut["match"].isna().any()
    assert len(kwic_lines(cut)) == cut["match"].notna().sum()


@pytest.mark.parametrize("word", ["moscow", "mosc*"])
def test_hits_past_the_detailed_ones_skip_datelines_as_kwic_does(monkeypatch, word):
    body = "MOSCOW, March 2 (Reuters) - Moscow said talks would go on. Officials in Moscow agreed."
    articles = pd.DataFrame(
        {
            "article_id": pd.Series(["a", "b"], dtype="string"),
            "date": pd.to_datetime(["2021-03-02", "2021-03-03"]),
            "title": pd.Series(["Talks", "Moscow talks"], dtype="string"),
            "text": pd.Series([body, "Talks in Moscow. " + body], dtype="string"),
            "content_hash": pd.Series(["ha", "hb"], dtype="string"),
        }
    )
    corpus = Corpus(articles, analyse(articles, cache=False, n_jobs=1, progress=False), period="day")
    full = search(corpus, word, kind="words")
    assert len(full) == len(kwic(articles, word)) == 7  # not the leading dateline, which kwic skips
    monkeypatch.setattr(search_module, "DETAILED", 0)
    cut = search(corpus, word, kind="words")
    assert (
        cut[["article_id", "part", "sentence"]].values.tolist()
        == full[["article_id", "part", "sentence"]].values.tolist()
    )


def test_actor_search_gives_the_stored_mentions(corpus):
    mentions = corpus.tables["mentions"].query("kind != 'metonym'")
    actor = mentions["actor"].value_counts().index[0]
    found = search(corpus, actor.upper())
    assert found.attrs["kind"] == "actor" and found.attrs["query"] == actor
    assert len(found) == (mentions["actor"] == actor).sum()
    assert (found["match"].str.len() > 0).all()


def test_bad_searches_fail_naming_the_query(corpus):
    with pytest.raises(ConfigError, match="no actor called 'Nobody Atall'"):
        search(corpus, "Nobody Atall", kind="actor")
    with pytest.raises(ConfigError, match="holds no word"):
        search(corpus, " ... ")
    with pytest.raises(ConfigError, match="kind must be"):
        search(corpus, "oil", kind="both")


def test_a_search_that_finds_nothing_gives_empty_typed_panels(corpus):
    found = search(corpus, "zeppelin", kind="words")
    assert found.empty and found["date"].dtype == "datetime64[ns]"
    line = timeline(corpus, found)
    assert (line["mentioning"] == 0).all() and line["tone"].isna().all()
    assert kwic_lines(found).empty and scored_sentences(corpus, found).empty and articles_of(corpus, found).empty


def test_timeline_counts_articles_and_shares_with_intervals(corpus):
    found = search(corpus, "Russia", kind="words")
    line = timeline(corpus, found)
    dated = corpus.articles.dropna(subset=["date"])
    assert line["articles"].sum() == len(dated)
    assert line["mentioning"].sum() == dated["article_id"].isin(found["article_id"]).sum()
    shown = line.dropna(subset=["share"])
    assert np.allclose(shown["share"], shown["mentioning"] / shown["articles"])
    assert (shown["share_low"] <= shown["share"]).all() and (shown["share"] <= shown["share_high"]).all()
    assert line["sentences"].sum() == len(found[["article_id", "sentence"]].drop_duplicates().merge(dated))
    assert line["period"].is_monotonic_increasing and line["period"].dt.day.eq(1).all()


def test_an_undated_corpus_has_no_timeline(stored):
    articles, tables = stored
    undated = Corpus(articles.assign(date=pd.NaT), tables)
    line = timeline(undated, search(undated, "Russia", kind="words"))
    assert line.empty and "share_high" in line


def test_wilson_interval_bounds():
    low, high = wilson(np.array([0, 10, 3]), np.array([10, 10, 0]))
    assert low[0] == 0 and 0 < high[0] < 0.35 and np.isclose(high[1], 1) and 0.65 < low[1] < 1
    assert np.isnan(low[2]) and np.isnan(high[2])


def test_kwic_lines_keep_the_window(corpus):
    lines = kwic_lines(search(corpus, "Russia", kind="words"), window=3, limit=4)
    assert len(lines) == 4
    assert lines["left"].str.split().str.len().max() <= 3 and lines["right"].str.split().str.len().max() <= 3


def test_sentences_come_strongest_first_with_the_words_behind_them(corpus):
    found = scored_sentences(corpus, search(corpus, "Russia", kind="words"), limit=50)
    assert found["polarity"].abs().is_monotonic_decreasing
    scored = found.loc[found["polarity"].ne(0)]
    assert len(scored) and (scored["words"].str.len() > 0).all()
    first = scored.iloc[0]
    word = first["words"].split(" (")[0]
    assert word.split()[0] in first["text"].lower()


def test_articles_and_their_briefs(corpus):
    found = search(corpus, "Russia", kind="words")
    listed = articles_of(corpus, found)
    assert listed["hits"].sum() == len(found) and listed["hits"].is_monotonic_decreasing
    one = brief(corpus, listed["article_id"].iloc[0], hits=found)
    marked = set(found.loc[found["article_id"] == listed["article_id"].iloc[0], "sentence"])
    assert set(one["sentences"].loc[one["sentences"]["hit"], "sentence"]) == marked
    assert len(one["article"]) == 1
    with pytest.raises(ConfigError, match="no article with article_id 'nope'"):
        brief(corpus, "nope")


def test_drivers_of_a_search_read_only_its_articles(corpus):
    found = search(corpus, "Russia", kind="words")
    start = timeline(corpus, found).query("mentioning > 0")["period"].iloc[0]
    result = drivers(corpus, start, hits=found)
    assert set(result["articles"]["article_id"]) <= set(found["article_id"])
    assert set(result) == {"terms", "actors", "articles"}


def test_explorer_fills_every_panel_and_escapes_article_text(tmp_path):
    articles = load_articles(write_corpus(tmp_path / "corpus"))
    explorer = Explorer(Corpus(articles, analyse(articles, cache=False, n_jobs=1, progress=False)), name="<hostile>")
    seconds = explorer.search("plain")
    assert seconds > 0 and "answered in" in explorer.status.value
    assert explorer.figure.value.startswith("<svg") and "plain" in explorer.figure.value
    assert "plain" in explorer.kwic.value and "<b>is</b>" not in explorer.kwic.value
    assert "&lt;b&gt;is&lt;/b&gt;" in explorer.kwic.value
    panels = [explorer.kwic.value, explorer.sentences.value, explorer.brief.value, explorer.drivers.value]
    assert not any(BODY_PAYLOAD in panel or "<img" in panel or "<script" in panel for panel in panels)
    assert explorer.articles.options and explorer.brief.value
    explorer.search("<script>")
    assert "<script>" not in explorer.status.value


def test_explorer_shows_a_bad_search_instead_of_raising(corpus):
    explorer = Explorer(corpus, name="tiny")
    explorer.search("Nobody Atall", kind="actor")
    assert "Cannot search" in explorer.status.value and "Nobody Atall" in explorer.status.value


def test_explorer_opens_on_the_most_mentioned_actor_with_a_static_snapshot(corpus):
    explorer = Explorer(corpus, name="tiny")
    top = corpus.mentions["actor"].value_counts().index[0]
    assert explorer.hits.attrs == {"kind": "actor", "query": top}
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # the live explorer where widgets run
    assert "<table" in bundle["text/html"] and "data:image/png;base64," in bundle["text/html"]
    assert bundle["image/png"].startswith("iVBOR")  # base64 of a PNG


def test_explorer_of_an_empty_window_says_so(stored):
    articles, tables = stored
    empty = Corpus(articles.iloc[:0], {name: table.iloc[:0] for name, table in tables.items()})
    explorer = Explorer(empty, name="tiny")
    assert "0 articles" in explorer.snapshot() and "No articles" in explorer.snapshot()
    explorer.search("Russia")
    assert "0 hits in 0 of 0 articles" in explorer.status.value


def test_server_binds_localhost_behind_a_token(tmp_path):
    command = voila_command(tmp_path / "explore.ipynb", port=8899, token="t0k")
    assert "--Voila.ip=127.0.0.1" in command and "--token=t0k" in command and "--no-browser" in command
    notebook = json.loads(write_notebook(tmp_path, {"corpus": "/my news", "query": "oil"}).read_text())
    injected = [c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert 'corpus = "/my news"' in "".join(injected[0]["source"])


def test_cli_parses_explore():
    from newsframe.cli import build_parser

    args = build_parser().parse_args(["explore", "--corpus", "news", "--port", "8899", "--query", "oil"])
    assert (args.command, args.corpus, args.port, args.query) == ("explore", "news", 8899, "oil")


def test_reports_list_the_explorer_instead_of_running_it():
    from newsframe.report.html import render_front_page
    from newsframe.report.parameters import find_notebooks, is_interactive

    assert [p.stem for p in find_notebooks() if is_interactive(p)] == ["07-explore"]
    assert not any(is_interactive(p) for p in find_notebooks() if p.stem != "07-explore")
    page = render_front_page(
        {
            "run_id": "r1",
            "status": "ok",
            "corpus": {"path": "news", "articles": 3},
            "parameters": {},
            "notebooks": [],
            "interactive": [{"name": "07-explore", "command": "newsframe explore --corpus '<my news>'"}],
        }
    )
    assert "<code>newsframe explore --corpus &#39;&lt;my news&gt;&#39;</code>" in page
    assert "notebooks/07-explore.ipynb" in page


# ---- Voilà in headless Chromium -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SERVER_START = 240  # seconds for the store, Voilà and the notebook's first cells on a busy machine


@pytest.fixture(scope="module")
def served(tmp_path_factory, tiny_corpus_dir):
    """`newsframe explore` over the tiny corpus on a free port; always stopped afterwards."""
    if not (CHROMIUM and Path(CHROMEDRIVER).exists()):
        pytest.skip("headless Chromium is needed: `apt-get install -y chromium chromium-driver`")
    pytest.importorskip("voila", reason="voila is needed: `pip install voila`")
    from newsframe.explore.serve import free_port

    log = tmp_path_factory.mktemp("explore") / "server.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsframe.cli",
            "explore",
            "--corpus",
            str(tiny_corpus_dir),
            "--port",
            str(free_port()),
        ],
        stdout=subprocess.PIPE,
        stderr=log.open("wb"),
        start_new_session=True,  # its own process group: Voilà and its kernel are stopped with it
        cwd=ROOT,
    )
    try:
        yield _url(process)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _url(process: subprocess.Popen) -> str:
    """The URL the server prints, read within SERVER_START seconds."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + SERVER_START
    while time.monotonic() < deadline:
        if selector.select(timeout=1):
            line = process.stdout.readline().decode()
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
            if found:
                return found.group(0)
            if not line and process.poll() is not None:
                break
    pytest.fail(f"newsframe explore printed no URL within {SERVER_START} s (exit status {process.poll()})")


@pytest.mark.slow
def test_voila_explorer_answers_a_search_in_the_browser(served, tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1300,1100",
                 f"--user-data-dir={tmp_path / 'profile'}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(SERVER_START)
        driver.get(served)
        box = WebDriverWait(driver, SERVER_START).until(lambda d: d.find_element(By.CSS_SELECTOR, ".nf-search input"))
        WebDriverWait(driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, ".nf-timeline svg"))
        box.clear()  # it holds the first search: the most mentioned actor
        box.send_keys("ministers\n")

        def answered(d):
            if "ministers" not in d.find_element(By.CSS_SELECTOR, ".nf-status").text:
                return False
            figure = d.find_element(By.CSS_SELECTOR, ".nf-timeline svg")
            drawn = figure.size["width"] > 0 and "ministers" in figure.get_attribute("innerHTML")
            matches = [td.text for td in d.find_elements(By.CSS_SELECTOR, ".nf-kwic td.nf-match")]
            return drawn and matches

        matches = WebDriverWait(driver, 60).until(answered)
        assert {m.lower() for m in matches} == {"ministers"}
        assert driver.execute_script("return window.__pwned === undefined")
    finally:
        driver.quit()
