"""Command-line entry points: `reader [SOURCE]` opens the app, subcommands script it.

    reader [SOURCE] [--demo] [--offline] [--measure COLUMNS] [--home DIR]
    reader extract SOURCE... [--base-url URL] [--format text|markdown|json]
    reader bookmarks list [--tag TAG] [--state S] [--query FILTER] [--format text|json]
    reader bookmarks add URL [--tag TAG]... [--note TEXT] [--title TEXT] [--no-fetch]
    reader bookmarks mark unread|read|archived|fav|unfav URL...
    reader bookmarks rm URL
    reader bookmarks export [--format netscape|json] [-o FILE]
    reader bookmarks import FILE [--fetch]      (Pocket, Instapaper, Omnivore, wallabag,
                                                 Raindrop, URL lists, browsers; - for stdin)
    reader search QUERY... [--limit N] [--format text|json]
    reader fetch URL... [--depth 0|1] [--max N]
    reader cache stats [--format text|json]
    reader cache purge --older-than AGE        (AGE: 12h, 30d, 2w)
    reader sources list [--tag TAG] [--format text|json]
    reader sources add URL [--tag TAG]... [--page | --list HEADING] [--title TEXT]
    reader sources rm SOURCE                   (SOURCE: its number, address or title)
    reader sources tag SOURCE [+TAG|-TAG]...
    reader sources rename SOURCE TITLE
    reader sources import FILE                 (OPML or newsboat's urls; - for stdin)
    reader sources export [-o FILE]            (OPML 2.0)
    reader refresh [--source SOURCE]... [--tag TAG] [--force]
    reader items [--unread] [--source SOURCE] [--tag TAG] [--limit N] [--format text|json]
    reader show URL [--format text|markdown|json]
    reader export [--url URL]... [--tag T] [--state S] [--query Q] [--source SOURCE]
                  --format markdown|epub --output PATH [--title TEXT]
    reader export --paper [--output FILE]      (today's paper: the unread queue as an EPUB)

Every subcommand takes `--home DIR` (the same as READER_HOME=DIR), before or
after its name. A file called like a subcommand opens with `reader ./search`.

Exit status (reader/cli/exit_status.py):
    0    success
    1    a source or an operation failed: one line `reader: WHAT: reason` on
         stderr for each failure (other sources are still processed; `reader
         fetch` counts failures alike on one line, and with no network says
         so once); `reader search` found nothing (as grep)
    2    bad usage (argparse prints the usage and the problem)
    130  interrupted (Ctrl-C)
A pipe closed early (`| head -1`) ends the command quietly with 0; a
stdout that cannot be written (closed, full) is one line `reader: standard
output: reason` and 1; a closed stdin reads as "standard input is closed".
Nothing ever prints a traceback, and everything that came from a page or a
file is stripped of terminal control sequences before it is printed.

This module only chooses between the app and a subcommand: starting the app
imports as little as possible, so the subcommands' modules (their parsers,
their commands) are imported only when one of them runs.

    app_parser.py, app_start.py   `reader [SOURCE]`: its options; start the app
    command_parsers.py            the parsers of the subcommands
    extract.py                    `reader extract`
    library_commands.py           runs the library commands (all but extract)
    bookmarks.py, search.py,      one module per command group
    bookmark_import.py, export.py,
    fetch.py, cache.py,
    sources.py, refresh.py,
    items.py, show.py
    output.py, progress.py        stdout, JSON lines, error lines, -o FILE; fetch's progress bar
    streams.py                    closed, full or narrow standard streams, without tracebacks
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from reader.cli.app_parser import app_parser
from reader.cli.app_start import launch
from reader.cli.exit_status import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK

SUBCOMMANDS = (
    "extract",
    "bookmarks",
    "search",
    "fetch",
    "cache",
    "sources",
    "refresh",
    "items",
    "show",
    "export",
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        home, rest = _leading_home(args)
        if rest and rest[0] in SUBCOMMANDS:
            return _subcommand(rest[0], rest[1:], home)
        return launch(app_parser().parse_args(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK


def _subcommand(name: str, args: list[str], home: str | None) -> int:
    """Run a subcommand with its standard streams made safe to fail
    (reader/cli/streams.py): a stdout that cannot be written is one line and
    exit status 1, a pipe closed early is quiet, never a traceback."""
    from reader.cli.streams import StdoutError, finish_stdout, prepare_streams, silence_stdout

    prepare_streams()
    try:
        try:
            status = _run_subcommand(name, args, home)
        except SystemExit:  # argparse: --help, bad usage (its own status)
            try:
                finish_stdout()
            except OSError:
                silence_stdout()
            raise
        finish_stdout()
    except StdoutError as exc:
        silence_stdout()
        from reader.cli.output import error_line

        error_line("standard output", exc.strerror or str(exc))
        return EXIT_FAILED
    except BrokenPipeError:
        silence_stdout()
        return EXIT_OK
    return status


def _leading_home(args: list[str]) -> tuple[str | None, list[str]]:
    """`reader --home DIR COMMAND ...`: the home given before a subcommand."""
    if len(args) >= 3 and args[0] == "--home" and args[2] in SUBCOMMANDS:
        return args[1], args[2:]
    if len(args) >= 2 and args[0].startswith("--home=") and args[1] in SUBCOMMANDS:
        return args[0].split("=", 1)[1], args[1:]
    return None, args


def _run_subcommand(name: str, args: list[str], home: str | None) -> int:
    if name == "extract":
        from reader.cli.extract import run_extract

        return run_extract(args)
    from reader.cli.library_commands import run_library_command

    return run_library_command(name, args, home)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final
    flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
