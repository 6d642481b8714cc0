"""Command-line entry points: `reader [SOURCE]` opens the app, subcommands script it.

Exit status: 0 success, 1 a source or an operation failed (one line on
stderr each), 2 bad usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from reader import __version__
from reader.core.errors import ReaderError
from reader.core.sanitize import clean_line

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

SUBCOMMANDS = ("extract",)


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A calm terminal news reader.",
        epilog=(
            "Subcommands: reader extract SOURCE... [--format text|markdown|json]. "
            "Run `reader extract --help` for details."
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


def _extract_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader extract",
        description="Print the clean article of each SOURCE (a URL, a file, or - for stdin).",
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE")
    parser.add_argument("--base-url", help="address of the page, for files and stdin")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="json prints one object per line, in order (default: text)",
    )
    return parser


def _measure(value: str) -> int:
    try:
        columns = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 40 <= columns <= 200:
        raise argparse.ArgumentTypeError("must be between 40 and 200")
    return columns


def error_line(what: str, message: str, stream: TextIO | None = None) -> None:
    """Print one sanitized error line on stderr."""
    stream = stream or sys.stderr
    print(f"reader: {clean_line(what)}: {clean_line(message)}", file=stream)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            return _run_subcommand(args[0], args[1:])
        return _run_app(_app_parser().parse_args(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def _run_subcommand(name: str, args: list[str]) -> int:
    if name == "extract":
        return _extract(_extract_parser().parse_args(args))
    raise AssertionError(name)  # pragma: no cover


def _run_app(ns: argparse.Namespace) -> int:
    from reader.core.paths import resolve_paths
    from reader.library import Library
    from reader.ui.app import run_app

    library = Library(paths=resolve_paths(ns.home), offline=ns.offline)
    options = {"measure": ns.measure} if ns.measure else {}
    if ns.demo:
        from reader.demo.server import DemoServer

        with DemoServer() as server:
            return run_app(server.lead_url, library=library, **options)
    return run_app(ns.source, library=library, **options)


def _extract(ns: argparse.Namespace) -> int:
    return asyncio.run(_extract_all(ns))


async def _extract_all(ns: argparse.Namespace) -> int:
    from reader.library import Library

    library = Library(use_store=False)
    status = EXIT_OK
    first = True
    try:
        for source in ns.sources:
            try:
                reading = await library.open(source, base_url=ns.base_url)
            except ReaderError as exc:
                error_line(source, str(exc))
                status = EXIT_FAILED
                continue
            article = reading.article
            if ns.format == "json":
                sys.stdout.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
            else:
                if not first:
                    sys.stdout.write("\f\n")
                body = article.markdown if ns.format == "markdown" else article.text
                heading = f"# {article.title}" if ns.format == "markdown" else article.title
                sys.stdout.write(f"{heading}\n\n{body}\n" if article.title else f"{body}\n")
            sys.stdout.flush()
            first = False
    finally:
        await library.close()
    return status
