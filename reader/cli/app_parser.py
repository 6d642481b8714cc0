"""The options of `reader [SOURCE]`, the command that opens the app."""

from __future__ import annotations

import argparse

from reader import __version__


def app_parser() -> argparse.ArgumentParser:
    """The parser of `reader [SOURCE] [--demo] [--offline] [--measure N] [--home DIR]`;
    its epilog lists the subcommands (their parsers are built only when one runs)."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A calm terminal news reader.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "subcommands (run `reader COMMAND --help` for details):\n"
            "  extract SOURCE...     print the clean article of pages or files\n"
            "  bookmarks ACTION      list, add, rm, export, import bookmarks\n"
            "  search QUERY...       search saved stories and bookmarks\n"
            "  fetch URL...          save stories (and their linked stories) for offline\n"
            "  cache stats|purge     what the library holds; delete old pages\n"
            "  sources ACTION        list, add, rm, tag, rename, import, export sources\n"
            "  refresh               bring the sources' new stories, saved for offline\n"
            "  items                 the stories the sources brought, newest first\n"
            "  show URL              print a saved story, without the network\n"
            "\n"
            "exit status: 0 ok, 1 something failed (one `reader: ...` line each on\n"
            "stderr) or `search` found nothing, 2 bad usage, 130 interrupted"
        ),
    )
    parser.add_argument("source", nargs="?", help="a URL or an HTML file (.html or .html.gz)")
    parser.add_argument("--demo", action="store_true", help="open the bundled sample news site")
    parser.add_argument(
        "--home", metavar="DIR", help="keep all data and settings under DIR (or set READER_HOME)"
    )
    parser.add_argument(
        "--offline", action="store_true", help="never use the network: read saved pages only"
    )
    parser.add_argument(
        "--measure",
        type=_measure,
        default=None,
        metavar="COLUMNS",
        help="width of the text column, 40-200 (default 80)",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _measure(value: str) -> int:
    try:
        columns = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 40 <= columns <= 200:
        raise argparse.ArgumentTypeError("must be between 40 and 200")
    return columns
