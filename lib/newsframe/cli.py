"""The ``newsframe`` console command: ``newsframe report`` runs the notebooks into a run folder;
``newsframe store`` brings the Parquet store of analysed tables up to date with a corpus;
``newsframe explore`` serves the explorer as a local web page.

Exit status: 0 when every notebook succeeded, 1 when one failed, 2 for bad options, 130 when
interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from datetime import date as Date
from pathlib import Path

from newsframe.config import BATCH_SIZE, NOTEBOOKS_DIR, REPORTS_DIR, ROOT
from newsframe.errors import NewsframeError
from newsframe.report import find_notebooks, notebook_parameters, parameter_choices, run_report


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``newsframe`` command (sub-commands ``report``, ``store`` and ``explore``)."""
    parser = argparse.ArgumentParser(
        prog="newsframe",
        description="Sentiment, word frequency and actor mentions for your own news articles, as shareable reports.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser(
        "report",
        help="run the report notebooks and render shareable HTML",
        description="Run the report notebooks with Papermill into OUT/<run-id>/ (executed notebooks, "
        "self-contained HTML, run.json) and update OUT/index.html and OUT/latest.",
        epilog="Relative paths are read from the current directory; the defaults are the repository's.",
    )
    report.add_argument(
        "--corpus",
        metavar="PATH",
        help="folder, file, glob or table of articles (default: the repository's data/sample)",
    )
    report.add_argument("--since", metavar="DATE", help="first day: YYYY-MM-DD or a relative window (7d, 4w, 3m, 1y)")
    report.add_argument("--until", metavar="DATE", help="last day: YYYY-MM-DD or a relative window (7d, 4w, 3m, 1y)")
    report.add_argument("--actors", metavar="FILE", help="actors file, passed to notebooks with an `actors` parameter")
    report.add_argument(
        "--columns",
        metavar="NAME=COLUMN,...",
        help="a table corpus's own column names, e.g. text=body,date=published,title=headline "
        "(names: id, text, title, date, source, url)",
    )
    report.add_argument(
        "--encoding",
        metavar="NAME",
        help="decode every file of the corpus as this encoding (e.g. cp1252), in the runner and in the notebooks "
        "(default: UTF-8, else the encoding detected per file)",
    )
    report.add_argument(
        "--notebooks",
        nargs="+",
        metavar="NAME",
        help="run only these notebooks (02-sentiment, 02 or sentiment); default: all",
    )
    report.add_argument(
        "--notebooks-dir",
        type=Path,
        default=NOTEBOOKS_DIR,
        metavar="DIR",
        help="folder of NN-name.ipynb notebooks (default: the repository's notebooks/)",
    )
    report.add_argument(
        "--out",
        type=Path,
        default=REPORTS_DIR,
        metavar="DIR",
        help="reports folder (default: the repository's reports/)",
    )
    report.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="notebooks run at once (default: 1)")
    report.add_argument("--with-code", action="store_true", help="show code cells in the HTML (hidden by default)")
    report.add_argument("--kernel", "-k", metavar="NAME", help="Jupyter kernel (default: each notebook's own)")
    report.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="notebook parameter, VALUE read as the type the notebook declares: text as it is, a list as one "
        "item, items separated by commas or [a, b], numbers, true/false, null",
    )
    report.add_argument("--zip", action="store_true", help="also pack the run folder into OUT/<run-id>.zip")
    report.add_argument("--list", action="store_true", help="print each notebook's parameters and exit")
    report.add_argument(
        "--today",
        type=Date.fromisoformat,
        metavar="DATE",
        help="the day relative windows count back from (default: today)",
    )
    report.add_argument(
        "--no-cache",
        action="store_true",
        help="compute every analysis afresh instead of reading the Parquet store (sets `cache` to false)",
    )
    report.add_argument("--no-progress", action="store_true", help="no progress bars")

    store = commands.add_parser(
        "store",
        help="bring the Parquet store of analysed tables up to date with a corpus",
        description="Analyse the articles of a corpus that the store has not seen (new or changed ones), "
        "batch by batch, on all local cores or on a Dask cluster, and write their tables as Parquet. "
        "The notebooks then read the store.",
    )
    store.add_argument(
        "--corpus",
        metavar="PATH",
        default=None,
        help="folder, file, glob or table of articles (default: the repository's data/sample)",
    )
    store.add_argument("--actors", metavar="FILE", help="actors file extending the packaged actors.yml")
    store.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="store folder (default: $NEWSFRAME_CACHE/store, else .cache/newsframe/store)",
    )
    store.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes, or a Dask cluster (default: local)",
    )
    store.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)",
    )
    store.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: all cores)")
    store.add_argument(
        "--batch-size", type=int, default=BATCH_SIZE, metavar="N", help=f"articles per batch (default: {BATCH_SIZE:,})"
    )
    store.add_argument(
        "--encoding",
        metavar="NAME",
        help="decode every file of the corpus as this encoding (e.g. cp1252); a file it cannot decode is rejected "
        "(default: UTF-8, else the encoding detected per file)",
    )

    explore = commands.add_parser(
        "explore",
        help="serve the explorer (search a term or actor: timeline, keyword in context, sentences) as a local web page",
        description="Fill the store for a corpus, then serve notebook 07's explorer with Voila on 127.0.0.1 only, "
        "behind a token, and print its URL. Ctrl-C stops it.",
    )
    explore.add_argument(
        "--corpus", metavar="PATH", default=None, help="folder, file, glob or table of articles (default: data/sample)"
    )
    explore.add_argument("--port", type=int, metavar="N", help="port on 127.0.0.1 (default: a free one)")
    explore.add_argument("--query", metavar="TEXT", help="a first search: word, phrase or actor")
    explore.add_argument("--actors", metavar="FILE", help="actors file extending the packaged actors.yml")
    explore.add_argument("--since", metavar="WHEN", help="first day: YYYY-MM-DD, or 7d, 4w, 3m, 1y before today")
    explore.add_argument("--until", metavar="WHEN", help="last day: YYYY-MM-DD, or 7d, 4w, 3m, 1y before today")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` ends a run as cleanly as Ctrl-C
    command = {"report": _report, "store": _store, "explore": _explore}[args.command]
    try:
        return command(args)
    except NewsframeError as error:
        print(f"newsframe {args.command}: {' '.join(str(error).split())}", file=sys.stderr)  # one line
        return 2
    except KeyboardInterrupt:
        print(f"newsframe {args.command}: interrupted; {_INTERRUPTED[args.command]}", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


_INTERRUPTED = {
    "report": "the run is marked incomplete in its run.json",
    "store": "batches written so far are kept",
    "explore": "the explorer is stopped",
}


def _report(args: argparse.Namespace) -> int:
    if args.list:
        table = notebook_parameters(find_notebooks(args.notebooks_dir, names=args.notebooks))
        for notebook, rows in table.groupby("notebook", sort=False):
            print(f"{notebook}:")
            for row in rows.itertuples():
                choices = parameter_choices(row.name, row.type)
                line = f"  {row.name}: {row.type or '?'} = {row.default}" + (f"  # {row.help}" if row.help else "")
                print(line + (f" [one of: {', '.join(map(str, choices))}]" if choices else ""))
        return 0
    run = run_report(
        corpus="data/sample" if args.corpus is None else _from_cwd(args.corpus),
        since=args.since,
        until=args.until,
        actors=None if args.actors is None else _from_cwd(args.actors),
        notebooks=args.notebooks,
        notebooks_dir=args.notebooks_dir,
        out=args.out,
        jobs=args.jobs,
        with_code=args.with_code,
        kernel=args.kernel,
        columns=args.columns,
        encoding=args.encoding,
        parameters=dict(args.parameter),
        cache=not args.no_cache,
        zip=args.zip,
        today=args.today,
        progress=not args.no_progress,
    )
    for row in run.notebooks().itertuples():
        line = f"{row.status:>10}  {row.notebook}" + (f": {row.error}" if row.error else "")
        print(line, file=sys.stdout if row.status == "ok" else sys.stderr)
    print(f"report {run.record['status']}: {run.path}")
    return 0 if run.ok else 1


def _store(args: argparse.Namespace) -> int:
    from newsframe.config import SAMPLE_DIR
    from newsframe.load.reading import check_encoding
    from newsframe.store import build

    check_encoding(args.encoding)  # a misspelt name fails now, not after the store is opened
    summary = build(
        SAMPLE_DIR if args.corpus is None else Path(args.corpus),
        actors=args.actors,
        cache_dir=args.cache_dir,
        engine=args.engine,
        scheduler=args.scheduler,
        n_jobs=args.jobs,
        batch_size=args.batch_size,
        progress=True,
        # only when given: `build` passes it to the loader (see newsframe.load.load_articles)
        encoding=args.encoding,
    )
    row = summary.iloc[0]
    print(
        f"{row['articles']:,} articles: {row['enriched']:,} analysed now, {row['reused']:,} from the store "
        f"({row['batches']:,} new batches)"
    )
    return 0


def _explore(args: argparse.Namespace) -> int:
    from newsframe.explore.serve import serve

    return serve(
        "data/sample" if args.corpus is None else _from_cwd(args.corpus),
        port=args.port,
        query=args.query,
        actors=None if args.actors is None else _from_cwd(args.actors),
        since=args.since,
        until=args.until,
    )


def _from_cwd(path: str) -> str:
    """A path given on the command line, read from the current directory; shown relative to the
    repository root when inside it (the notebooks resolve relative paths against the root)."""
    absolute = Path(path).expanduser().resolve()
    return absolute.relative_to(ROOT).as_posix() if absolute.is_relative_to(ROOT) else str(absolute)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


if __name__ == "__main__":
    sys.exit(main())
