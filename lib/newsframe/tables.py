"""Any of the project's tables as a readable, escaped HTML table for notebooks and reports.

``show_table`` returns a pandas ``Styler`` (it renders in Jupyter and in nbconvert HTML) with one
house style: no row numbers, human column names, numbers rounded to what they mean, dates as dates,
empty cells blank, long text wrapped and never cut, keyword-in-context rows aligned on the keyword.
Every cell and header is HTML-escaped here, so article text shows as text and never runs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from newsframe import schemas

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

Format = str | Callable[[Any], str]

# Column names the default "Sentence case" would get wrong or leave vague.
LABELS: dict[str, str] = {
    "article_id": "Article",
    "n_words": "Words",
    "n_sentences": "Sentences",
    "docs": "Articles",
    "pct_articles": "% of articles",
    "pct_of_quotes": "% of quotes",
    "share": "Share of articles",
    "title_polarity": "Headline polarity",
    "title_subjectivity": "Headline subjectivity",
    "title_vader_compound": "Headline VADER compound",
    "g2": "G²",
    "p_value": "p-value",
    "q_value": "q-value",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "count_target": "Count (target)",
    "count_reference": "Count (reference)",
    "per_1000_words": "Per 1,000 words",
    "left": "Before",
    "match": "Keyword",
    "right": "After",
}
_WORDS = {"vader": "VADER", "ci": "CI", "id": "ID", "url": "URL", "pmi": "PMI", "kwic": "KWIC"}

# Float columns by what they mean: scores and their intervals to 2 decimals, tests in scientific
# notation, shares as percentages; anything else falls back on the dtype (see ``column_format``).
_TWO_DECIMALS = re.compile(
    r"(^|_)(polarity|subjectivity|compound|pos|neu|neg|mean|ci_low|ci_high|pearson|spearman|log_ratio|pmi|gap"
    r"|share_of_voice|per_1000_words)$"
)
_SCIENTIFIC = re.compile(r"(^|_)[pq](_value)?$")
_ONE_DECIMAL = re.compile(r"^(pct_.*|g2|expected)$")
_FRACTION = re.compile(r"^(share|sign_differs)$")
_PLAIN_INTEGER = re.compile(r"(^|_)year$")
# Text shown whole and wrapped; other text columns wrap when their values run long.
_LONG_TEXT = {"text", "sentence", "quote", "words", "example", "reason", "title", "value", "left", "right"}
_LONG = 60
_SHORT = 40
_CSS = [
    {
        "selector": "",
        "props": "border-collapse: collapse; table-layout: auto; margin: 0.5em 0 1.5em; "
        "font-size: 12.5px; line-height: 1.35; font-variant-numeric: tabular-nums;",
    },
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: 600; padding: 0 0 0.4em;"},
    {
        "selector": "th",
        "props": "text-align: left; vertical-align: bottom; padding: 0.3em 0.6em; "
        "border-bottom: 1px solid rgba(127, 127, 127, 0.8); white-space: nowrap; font-weight: 600;",
    },
    {
        "selector": "td",
        "props": "text-align: left; vertical-align: top; padding: 0.25em 0.6em; "
        "border-bottom: 1px solid rgba(127, 127, 127, 0.2); white-space: normal;",
    },
    {"selector": "tbody tr:nth-child(even)", "props": "background: rgba(127, 127, 127, 0.07);"},
    {"selector": "tbody tr:hover", "props": "background: rgba(66, 133, 244, 0.1);"},
]


def show_table(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, Format] | None = None,
    caption: str | None = None,
    articles: pd.DataFrame | None = None,
    max_rows: int | None = None,
) -> Styler:
    """``frame`` as a readable HTML table (a pandas ``Styler``): display it, or leave it last in a cell.

    ``columns`` relabels columns (``{"n": "Sentences"}``; other columns get ``LABELS`` or
    ``snake_case`` as "Snake case"); ``formats`` overrides a column's format with a format spec
    (``".3f"``, ``",d"``, ``".1%"``), ``"date"``, ``"text"`` or a function of the value (see
    ``column_format`` for the defaults). With ``articles``, ``article_id`` is shown as the
    article's title and source (``with_titles``). A named index (a pivot's) becomes the first
    column; a plain row number is left out. ``max_rows`` shows the first rows only and says so in
    the caption (as does a table larger than pandas' ``styler.render.max_elements`` cells).
    Cells and labels are HTML-escaped; missing values are blank.

    >>> table = pd.DataFrame({"term": ["<b>oil</b>"], "count": [12345], "p_value": [0.000012]})
    >>> page = show_table(table, caption="Terms").to_html()
    >>> "&lt;b&gt;oil&lt;/b&gt;" in page, "12,345" in page, "1.20e-05" in page, ">p-value<" in page
    (True, True, True, True)
    """
    # a pivot's columns are values (terms, actors, sections): shown as they are, not relabelled
    verbatim = set(frame.columns) if frame.columns.name is not None else set()
    shown = _flatten(frame)
    if articles is not None:
        shown = with_titles(shown, articles)
    total = len(shown)
    # pandas' Styler cuts a table past styler.render.max_elements cells without a word: say so instead
    fits = pd.get_option("styler.render.max_elements") // max(len(shown.columns), 1)
    max_rows = fits if max_rows is None and total > fits else max_rows
    if max_rows is not None and total > max_rows:
        shown = shown.head(max_rows)
        caption = f"{caption + ' — ' if caption else ''}first {max_rows:,} of {total:,} rows"
    elif total == 0:
        caption = f"{caption + ' — ' if caption else ''}no rows"
    duplicated = shown.columns[shown.columns.duplicated()].tolist()
    if duplicated:
        raise ValueError(f"show_table: column name(s) appear twice: {', '.join(map(str, duplicated))}")
    given = dict(columns or {})
    styler = shown.style
    styler.hide(axis="index")
    heads = [given[c] if c in given else _as_text(c, "date") if c in verbatim else label(c) for c in shown.columns]
    styler.relabel_index([html.escape(head) for head in heads], axis=1)
    chosen = dict(formats or {})
    styler.format(
        {
            c: _formatter(chosen.get(c) or column_format(shown[c], name="" if c in verbatim else c))
            for c in shown.columns
        },
        na_rep="",
    )
    if "" in shown.columns and (shown[""] == "count").any():  # describe()'s count row: a whole number
        numeric = [c for c in shown.columns if pd.api.types.is_float_dtype(shown[c].dtype) and c not in chosen]
        styler.format(_formatter(",.0f"), subset=(shown.index[shown[""] == "count"], numeric), na_rep="")
    styler.set_table_styles(_CSS)
    styler.set_table_styles(_column_css(shown), overwrite=False)
    if caption:
        styler.set_caption(html.escape(caption))
    return styler


def with_titles(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``article_id`` replaced by the article's ``title`` and ``source`` (those it lacks).

    Rows whose article is not in ``articles`` keep their id as the title, so no row loses its
    reference; a frame without ``article_id`` is returned as it is.

    >>> arts = pd.DataFrame({"article_id": ["a1"], "title": ["Oil falls"], "source": ["business/001.txt"]})
    >>> with_titles(pd.DataFrame({"article_id": ["a1", "zz"], "polarity": [0.5, 0.1]}), arts).values.tolist()
    [['Oil falls', 'business/001.txt', 0.5], ['zz', <NA>, 0.1]]
    """
    if "article_id" not in frame.columns:
        return frame
    if "article_id" not in articles.columns:
        raise KeyError("with_titles: the articles table lacks column article_id")
    wanted = [c for c in ("title", "source") if c in articles.columns and c not in frame.columns]
    meta = articles[["article_id", *wanted]].drop_duplicates("article_id").astype({"article_id": "string"})
    meta = meta.astype({c: "string" for c in wanted})
    merged = frame.astype({"article_id": "string"}).merge(meta, on="article_id", how="left")
    if "title" in wanted:
        merged["title"] = merged["title"].fillna(merged["article_id"])
    order = [c for c in frame.columns if c != "article_id"]
    if "title" in order:  # the source next to the title the frame already has
        order[order.index("title") + 1 : order.index("title") + 1] = wanted
    else:
        at = list(frame.columns).index("article_id")
        order[at:at] = wanted
    return merged[order]


def label(column: object) -> str:
    """The default human label of a column: ``LABELS``, else ``snake_case`` as "Snake case".

    >>> label("vader_compound"), label("count_target"), label("articles_mentioned")
    ('VADER compound', 'Count (target)', 'Articles mentioned')
    """
    name = str(column)
    if name in LABELS:
        return LABELS[name]
    words = [_WORDS.get(w.lower(), w) for w in name.replace("_", " ").split()]
    if words and words[0] == words[0].lower():
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def column_format(values: pd.Series, *, name: object = None) -> Format:
    """The format ``show_table`` gives a column by default, from its name and dtype.

    Scores, means and intervals (``polarity``, ``*_polarity``, ``vader_compound``, ``mean``,
    ``ci_low``, ``ci_high``, ...) get 2 decimals, ``p_value`` / ``q_value`` scientific notation,
    ``pct_*``, ``g2`` and ``expected`` 1 decimal, shares (``share``) a percentage, whole numbers
    thousands separators, dates ``YYYY-MM-DD`` (with the time where there is one), true/false
    ``yes`` / ``no``, and other floats 2 decimals.

    >>> column_format(pd.Series([0.123]), name="title_polarity"), column_format(pd.Series([3]), name="count")
    ('.2f', ',d')
    >>> column_format(pd.Series(pd.to_datetime(["2021-01-02"])), name="date")
    'date'
    """
    key = str(values.name if name is None else name)
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "yesno"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        times = values.dropna()
        return "datetime" if len(times) and (times != times.dt.normalize()).any() else "date"
    if pd.api.types.is_integer_dtype(dtype):
        return "d" if _PLAIN_INTEGER.search(key) else ",d"
    if pd.api.types.is_float_dtype(dtype):
        if _SCIENTIFIC.search(key):
            return ".2e"
        if _FRACTION.match(key):
            return ".1%"
        if _ONE_DECIMAL.match(key):
            return ",.1f"
        if _TWO_DECIMALS.search(key):
            return ".2f"
        whole = values.dropna()
        return ",.0f" if len(whole) and (whole == whole.round()).all() else ",.2f"
    return "text"


def schema_formats(table: str) -> dict[str, Format]:
    """The default format of each column of a schema table (what ``show_table`` infers for it).

    >>> schema_formats("keyness")["q_value"], schema_formats("timeline")["period"]
    ('.2e', 'date')
    """
    return {name: column_format(series, name=name) for name, series in schemas.empty(table).items()}


def _formatter(spec: Format) -> Callable[[Any], str]:
    """A cell formatter for ``spec`` whose output is always escaped HTML."""
    if callable(spec):
        return lambda value: html.escape(str(spec(value)))
    return lambda value: html.escape(_format_value(value, spec))


def _format_value(value: Any, spec: str) -> str:
    if spec == "yesno" and (pd.api.types.is_bool(value) or pd.api.types.is_integer(value)):
        return "yes" if value else "no"
    if spec in {"date", "datetime", "text", "yesno"}:
        return _as_text(value, spec)
    try:
        return format(value, spec)
    except (TypeError, ValueError):
        return _as_text(value, "text")  # a stray value of another type in the column: shown, not lost


def _as_text(value: Any, spec: str) -> str:
    """A value of any type as text: how an object column (a transposed row, say) shows each cell."""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d %H:%M}" if spec == "datetime" or value != value.normalize() else f"{value:%Y-%m-%d}"
    if pd.api.types.is_bool(value):
        return "yes" if value else "no"
    if pd.api.types.is_integer(value):
        return f"{value:,}"
    if pd.api.types.is_float(value):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return str(value)


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """A meaningful index as leading columns, flat string column labels, no columns' name."""
    shown = frame
    if any(n is not None for n in frame.index.names):
        shown = frame.reset_index()
    elif frame.index.nlevels == 1 and not pd.api.types.is_numeric_dtype(frame.index.dtype):
        shown = frame.reset_index(names=[""])  # an unnamed index of labels, e.g. describe()'s count / mean / std
    if isinstance(shown.columns, pd.MultiIndex):
        shown = shown.set_axis([" · ".join(str(p) for p in c if str(p)) for c in shown.columns], axis=1)
    return shown.rename_axis(columns=None)


def _column_css(frame: pd.DataFrame) -> dict[str, list[dict[str, str]]]:
    """Per-column alignment and wrapping: numbers right, text left, long text wrapped, KWIC on its keyword."""
    css: dict[str, list[dict[str, str]]] = {}
    kwic = {"left", "match", "right"} <= set(frame.columns)
    for column in frame.columns:
        values = frame[column]
        if kwic and column in {"left", "match", "right"}:
            props = {
                "left": "text-align: right; padding-right: 0.25em; min-width: 16em; max-width: 28em;",
                "match": "text-align: center; font-weight: 700; padding: 0.25em 0.2em; white-space: nowrap;",
                "right": "text-align: left; padding-left: 0.25em; min-width: 16em; max-width: 28em;",
            }[column]
        elif pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            props = "text-align: right; white-space: nowrap;"
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            props = "white-space: nowrap;"
        elif column in _LONG_TEXT or _longest(values) > _LONG:
            width = "12em; max-width: 24em" if column == "title" else "20em; max-width: 44em"
            props = f"min-width: {width}; overflow-wrap: anywhere;"
        elif _longest(values) <= _SHORT:
            props = "white-space: nowrap;"  # names, paths and labels on one line
        else:
            props = "min-width: 8em; overflow-wrap: anywhere;"
        css[column] = [{"selector": "td", "props": props}]
        if "text-align: right" in props:
            css[column].append({"selector": "th", "props": "text-align: right;"})
    return css


def _longest(values: pd.Series) -> int:
    texts = values.dropna()
    return int(texts.astype(str).str.len().max()) if len(texts) else 0
