"""A rendered report opened in headless Chromium: no script from article text runs, article text
is shown as text, every figure loads, and nothing is fetched from the network."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsframe.report import run_report
from report_fixtures import TITLE_PAYLOAD, write_corpus, write_notebooks

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
INSTALL = (
    "headless Chromium is needed for this test: `apt-get install -y chromium chromium-driver` (Debian) "
    "and `pip install selenium` (in the dev extra)"
)

webdriver = pytest.importorskip("selenium.webdriver", reason=INSTALL)
if not CHROMIUM or not Path(CHROMEDRIVER).exists():
    pytest.skip(INSTALL, allow_module_level=True)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    # The system chromedriver: Selenium must not look for or download one.
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    run = run_report(
        corpus=write_corpus(root / "corpus"),
        notebooks_dir=write_notebooks(root / "nbs", failing=False),
        out=root / "reports",
        progress=False,
    )
    assert run.ok
    return run.path / "01-table.html"


def test_article_payloads_do_not_run_and_figures_load(browser, report):
    browser.get(report.as_uri())
    assert browser.title == "01-table"
    assert browser.execute_script("return window.__pwned === undefined")
    assert TITLE_PAYLOAD in browser.execute_script("return document.body.innerText")  # shown, as text
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.src.slice(0, 22)])"
    )
    assert images and all(complete and width > 0 for complete, width, _ in images), images
    assert {src for *_, src in images} == {"data:image/png;base64,"}
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert fetched == []


def test_index_opens_without_scripts(browser, report):
    browser.get((report.parent.parent / "index.html").as_uri())
    assert browser.title == "newsframe reports"
    links = browser.execute_script("return Array.from(document.links).map(a => a.href)")
    assert links == [(report.parent / "01-table.html").as_uri()]


def test_front_page_gives_the_findings_and_links_only_to_this_runs_pages(browser, report):
    browser.get((report.parent / "index.html").as_uri())
    assert browser.title.startswith("newsframe report: ")
    findings = browser.execute_script(
        "return Array.from(document.querySelectorAll('.nf-findings li')).map(li => li.innerText)"
    )
    assert len(findings) >= 3 and "articles analysed, of" in findings[0], findings
    assert browser.execute_script("return window.__pwned === undefined")
    links = browser.execute_script("return Array.from(document.links).map(a => a.href)")
    assert links == [(report.parent / "01-table.html").as_uri()]  # findings of notebooks not in this run: no link
    assert browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)") == []
