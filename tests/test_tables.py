"""Tables for people: newsframe.tables.show_table renders any table readable and escaped."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframe import schemas
from newsframe.tables import column_format, label, schema_formats, show_table, with_titles

_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_HEAD = re.compile(r'<th [^>]*class="col_heading[^"]*"[^>]*>(.*?)</th>', re.S)


def cells(page: str) -> list[str]:
    return _CELL.findall(page)


def heads(page: str) -> list[str]:
    return _HEAD.findall(page)


def column_css(page: str, position: int) -> str:
    """Every CSS declaration the page gives data cells of the column at ``position``."""
    return " ".join(re.findall(rf"td\.col{position}\s*\{{([^}}]*)\}}", page))


def test_numbers_are_rounded_to_what_they_mean():
    table = pd.DataFrame(
        {
            "polarity": [0.123456],
            "title_polarity": [-0.987654],
            "vader_compound": [0.33333],
            "ci_low": [0.011111],
            "p_value": [0.0000123456],
            "q_value": [0.5],
            "count": pd.array([1234567], dtype="int64"),
            "pct_articles": [12.3456],
            "share": [0.25],
            "g2": [1234.5678],
        }
    )
    assert cells(show_table(table).to_html()) == [
        "0.12", "-0.99", "0.33", "0.01", "1.23e-05", "5.00e-01", "1,234,567", "12.3", "25.0%", "1,234.6",
    ]  # fmt: skip


def test_dates_are_dates_and_missing_values_blank():
    table = pd.DataFrame(
        {
            "date": pd.to_datetime(["2021-01-02", None]),
            "sentence": pd.array([3, None], dtype="Int32"),
            "mean": [0.5, float("nan")],
            "title": pd.array(["Oil falls", None], dtype="string"),
            "few": pd.array([True, None], dtype="boolean"),
        }
    )
    page = show_table(table).to_html()
    assert cells(page) == ["2021-01-02", "3", "0.50", "Oil falls", "yes", "", "", "", "", ""]
    assert "nan" not in page.lower() and "&lt;NA&gt;" not in page and "None" not in page


def test_times_of_day_are_kept_where_there_are_some():
    table = pd.DataFrame({"date": pd.to_datetime(["2021-01-02 14:30", "2021-01-03 00:00"])})
    assert cells(show_table(table).to_html()) == ["2021-01-02 14:30", "2021-01-03 00:00"]


def test_no_row_numbers_but_a_named_index_is_a_column():
    page = show_table(pd.DataFrame({"term": ["oil", "gas"]}, index=[7, 9])).to_html()
    assert "row_heading" not in page and cells(page) == ["oil", "gas"]
    pivot = pd.DataFrame({"section": ["a", "b"], "term": ["share", "share"], "pct": [1.0, 2.0]}).pivot(
        index="section", columns="term", values="pct"
    )
    page = show_table(pivot).to_html()  # the terms are data: shown as they are, not as labels
    assert heads(page) == ["Section", "share"] and cells(page) == ["a", "1", "b", "2"]


def test_an_index_of_labels_is_kept_without_a_header():
    described = pd.Series([1.0, 2.0, 4.0]).describe().to_frame("words")
    page = show_table(described).to_html()
    assert heads(page) == ["", "Words"]
    assert cells(page)[:4] == ["count", "3", "mean", "2.33"]  # the count row in whole numbers


def test_column_labels_default_to_sentence_case_and_can_be_given():
    table = pd.DataFrame({"articles_mentioned": [1], "vader_compound": [0.1], "n": [2], "p_value": [0.1]})
    assert heads(show_table(table, columns={"n": "Sentences"}).to_html()) == [
        "Articles mentioned", "VADER compound", "Sentences", "p-value",
    ]  # fmt: skip
    assert label("share_of_voice") == "Share of voice"


def test_formats_can_be_overridden():
    table = pd.DataFrame({"mean": [0.12345], "count": [5], "sentence": [3]})
    page = show_table(table, formats={"mean": ".3f", "count": lambda v: f"{v} times", "sentence": "text"}).to_html()
    assert cells(page) == ["0.123", "5 times", "3"]


@pytest.mark.parametrize(
    "where",
    ["cell", "column", "caption", "index", "title"],
)
def test_article_text_never_becomes_markup(where):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    table = pd.DataFrame({"text": ["plain"], "article_id": ["a1"]})
    articles = None
    if where == "cell":
        table["text"] = attack
    elif where == "column":
        table = table.rename(columns={"text": attack})
    elif where == "index":
        table = table.set_index(pd.Index([attack], name="group"))
    elif where == "title":
        articles = pd.DataFrame({"article_id": ["a1"], "title": [attack], "source": ["s"]})
    page = show_table(table, caption=attack if where == "caption" else None, articles=articles).to_html()
    assert "<script" not in page and "<img" not in page
    assert html.escape(attack) in page


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=200), min_size=1, max_size=5))
def test_any_text_shows_whole_and_as_text(texts):
    table = pd.DataFrame({"quote": pd.array(texts, dtype="string")})
    shown = cells(show_table(table).to_html())
    assert [html.unescape(cell) for cell in shown] == texts
    assert not any("<" in cell for cell in shown)


def test_long_text_is_wrapped_never_cut():
    sentence = " ".join(["word"] * 120) + " END"
    table = pd.DataFrame({"article_id": ["a"], "sentence": [sentence], "polarity": [0.1]})
    page = show_table(table).to_html()
    assert sentence in cells(page)
    assert "overflow-wrap: anywhere" in column_css(page, 1) and "nowrap" not in column_css(page, 1)
    assert "text-align: right" in column_css(page, 2)


def test_kwic_is_aligned_on_the_keyword():
    table = schemas.conform(
        pd.DataFrame(
            {
                "article_id": ["a"], "title": ["t"], "date": [pd.NaT], "term": ["oil"], "part": ["body"],
                "sentence": [pd.NA], "start": [10], "end": [13], "left": ["prices of crude"], "match": ["oil"],
                "right": ["fell sharply"],
            }
        ),
        "kwic",
    )  # fmt: skip
    page = show_table(table[["title", "left", "match", "right"]]).to_html()
    assert heads(page) == ["Title", "Before", "Keyword", "After"]
    assert cells(page) == ["t", "prices of crude", "oil", "fell sharply"]
    assert "text-align: right" in column_css(page, 1)
    assert "font-weight: 700" in column_css(page, 2)
    assert "text-align: left" in column_css(page, 3)


def test_with_titles_replaces_article_ids_and_keeps_every_row():
    articles = pd.DataFrame(
        {"article_id": ["a1", "a2"], "title": ["Oil falls", "Gold rises"], "source": ["b/1.txt", "b/2.txt"]}
    )
    frame = pd.DataFrame({"rank": [1, 2, 3], "article_id": ["a2", "a1", "gone"], "polarity": [0.5, 0.2, 0.1]})
    shown = with_titles(frame, articles)
    assert shown.columns.tolist() == ["rank", "title", "source", "polarity"]
    assert shown["title"].tolist() == ["Gold rises", "Oil falls", "gone"]
    titled = frame.assign(title=["x", "y", "z"])
    assert with_titles(titled, articles).columns.tolist() == ["rank", "polarity", "title", "source"]
    assert with_titles(frame.drop(columns="article_id"), articles).equals(frame.drop(columns="article_id"))
    page = show_table(frame, articles=articles).to_html()
    assert "Gold rises" in page and "a2" not in cells(page)


def test_max_rows_says_what_is_left_out():
    page = show_table(pd.DataFrame({"term": list("abcde")}), max_rows=2, caption="Terms").to_html()
    assert cells(page) == ["a", "b"] and "Terms — first 2 of 5 rows" in page


def test_a_table_too_large_for_the_styler_says_how_much_it_shows():
    with pd.option_context("styler.render.max_elements", 6):
        page = show_table(pd.DataFrame({"term": list("abcde"), "count": range(5)})).to_html()
    assert cells(page) == ["a", "0", "b", "1", "c", "2"] and "first 3 of 5 rows" in page


def test_duplicate_column_names_are_refused():
    with pytest.raises(ValueError, match="term"):
        show_table(pd.DataFrame([[1, 2]], columns=["term", "term"]))


@pytest.mark.parametrize("name", sorted(schemas.SCHEMAS))
def test_every_schema_table_renders_empty_and_with_missing_values(name):
    empty = schemas.empty(name)
    page = show_table(empty).to_html()
    assert len(heads(page)) == len(empty.columns) and "no rows" in page
    blank = show_table(empty.reindex([0])).to_html()
    assert cells(blank) == [""] * len(empty.columns)


def test_schema_formats_follow_the_column_meaning():
    for name in schemas.SCHEMAS:
        for column, spec in schema_formats(name).items():
            dtype = schemas.dtypes(name)[column]
            if column in {"polarity", "mean", "ci_low", "ci_high", "vader_compound", "title_polarity"}:
                assert spec == ".2f", (name, column)
            elif column in {"p_value", "q_value"}:
                assert spec == ".2e", (name, column)
            elif dtype in {"int64", "Int64", "int32", "Int32"}:
                assert spec == ",d", (name, column)
            elif dtype.startswith("datetime"):
                assert spec == "date", (name, column)
    assert column_format(pd.Series([2021, 2022]), name="year") == "d"
