"""`reader export`: stories of the library as Markdown files or one EPUB book.

    reader export [--url URL]... [--tag T] [--state S] [--query Q] [--source SOURCE]
                  --format markdown|epub --output PATH [--title TEXT]
    reader export --paper [--output FILE] [--tag T] ...

The criteria intersect (none: every bookmarked story). Markdown writes one
file per story into the folder PATH, or the one story into PATH when it
ends in `.md`; EPUB writes one book. `--paper` is today's paper: the unread
queue, newest first, as an EPUB titled "Reader — Thursday 3 December 2026",
written to `paper-2026-12-03.epub` in the current folder unless --output
says where. One summary line on stdout; one `reader: ...` line on stderr
and exit status 1 when nothing is selected, nothing selected is stored, or
the output cannot be written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import error_line, write_line
from reader.core.errors import BadURL
from reader.core.sanitize import clean_line

if TYPE_CHECKING:
    from reader.core.export import ExportReport, Selection
    from reader.library import Library

FORMATS = ("markdown", "epub")
STATES = ("unread", "read", "archived")
"""The bookmark states (reader.core.models.BOOKMARK_STATES), spelled here so
that building the parser imports no models."""


def export_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser of `reader export` (for command_parsers' table of parsers)."""
    parser = argparse.ArgumentParser(
        prog="reader export", description=_DESCRIPTION, epilog=_EPILOG, parents=[home]
    )
    _add_arguments(parser)
    return parser


def add_export_parser(subparsers: Any, home_parent: argparse.ArgumentParser) -> None:
    """Add `export` to an argparse sub-parsers object (`add_subparsers()`)."""
    parser = subparsers.add_parser(
        "export",
        parents=[home_parent],
        help="write stories as Markdown files or one EPUB book",
        description=_DESCRIPTION,
        epilog=_EPILOG,
    )
    _add_arguments(parser)


_DESCRIPTION = (
    "Write stories saved in the library as Markdown files (one per story, with "
    "front matter) or as one EPUB book for an e-reader. The criteria intersect; "
    "with none, every bookmarked story. Stories not saved for offline are skipped."
)
_EPILOG = (
    "today's paper: `reader export --paper` writes the unread queue, newest first, "
    "to paper-YYYY-MM-DD.epub. exit status: 0 stories written, 1 nothing selected, "
    "nothing saved for offline, or the output could not be written, 2 bad usage"
)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url",
        metavar="URL",
        action="append",
        default=[],
        dest="urls",
        help="this story (repeatable)",
    )
    parser.add_argument("--tag", metavar="TAG", help="bookmarks with this tag")
    parser.add_argument("--state", choices=STATES, help="bookmarks in this state")
    parser.add_argument("--query", metavar="WORDS", help="stories the library search finds")
    parser.add_argument(
        "--source",
        metavar="SOURCE",
        help="the stories of a source followed: its number, address or title",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="markdown: one file per story; epub: one book (required unless --paper)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="a folder for Markdown (or FILE.md for one story), a file for EPUB",
    )
    parser.add_argument("--title", metavar="TEXT", help="the book's title (EPUB)")
    parser.add_argument(
        "--paper",
        action="store_true",
        help="today's paper: the unread queue as an EPUB (paper-YYYY-MM-DD.epub)",
    )


def _usage_error(message: str) -> NoReturn:
    """Bad usage, as argparse reports it: the usage, the message, status 2."""
    home = argparse.ArgumentParser(add_help=False)
    export_parser(home).error(message)  # exits with status 2


def export(library: Library, ns: argparse.Namespace) -> int:
    """Run `reader export`; see the module's docstring."""
    if ns.paper and ns.format not in (None, "epub"):
        _usage_error("--paper writes an EPUB book: leave out --format or give --format epub")
    if not ns.paper and (ns.format is None or not ns.output):
        _usage_error("--format and --output are required (or --paper for today's paper)")
    if ns.output == "-":
        _usage_error(
            "--output names a file or a folder (`reader show URL --format markdown` "
            "prints one story)"
        )
    if ns.title is not None and ns.format == "markdown":
        _usage_error("--title names an EPUB book; Markdown files take their stories' titles")
    selection = _selection(library, ns)
    if selection is None:
        return EXIT_FAILED
    output = Path(ns.output).expanduser() if ns.output else None
    try:
        report = _run(library, ns, selection, output)
    except OSError as exc:
        error_line(ns.output or "output", exc.strerror or str(exc))
        return EXIT_FAILED
    write_line(clean_line(report.summary()))
    return EXIT_OK


def _run(
    library: Library, ns: argparse.Namespace, selection: Selection, output: Path | None
) -> ExportReport:
    title = clean_line(ns.title) or None
    if ns.paper:
        return library.export_paper(output, selection, title)
    assert output is not None
    if ns.format == "markdown":
        return library.export_markdown(selection, output)
    return library.export_epub(selection, output, title)


def _selection(library: Library, ns: argparse.Namespace) -> Selection | None:
    """The criteria of the command line; None (with a line on stderr) when an
    address or a source named is not one."""
    from reader.cli.sources import NotFollowed, find_source
    from reader.core.export import Selection
    from reader.core.urls import normalize_user_url

    urls: list[str] = []
    for given in ns.urls:
        try:
            urls.append(normalize_user_url(given))
        except BadURL as exc:
            error_line(given, str(exc))
            return None
    source = None
    if ns.source:
        try:
            source = find_source(library.news, ns.source).id
        except NotFollowed as exc:
            error_line(ns.source, str(exc))
            return None
    return Selection(
        urls=tuple(urls),
        tag=ns.tag.strip() or None if ns.tag else None,
        state=ns.state,
        query=ns.query.strip() or None if ns.query else None,
        source=source,
    )
