"""Command-line entry points: `reader [SOURCE]` opens the app, subcommands script it.

    reader [SOURCE] [--demo] [--offline] [--measure COLUMNS] [--home DIR]
    reader extract SOURCE... [--base-url URL] [--format text|markdown|json]
    reader bookmarks list [--tag TAG] [--format text|json]
    reader bookmarks add URL [--tag TAG]... [--note TEXT] [--title TEXT]
    reader bookmarks rm URL
    reader bookmarks export [--format netscape|json] [-o FILE]
    reader bookmarks import FILE
    reader search QUERY... [--limit N] [--format text|json]
    reader fetch URL... [--depth 0|1] [--max N]
    reader cache stats [--format text|json]
    reader cache purge --older-than AGE        (AGE: 12h, 30d, 2w)

Every subcommand takes `--home DIR` (the same as READER_HOME=DIR), before or
after its name. A file called like a subcommand opens with `reader ./search`.

Exit status:
    0    success
    1    a source or an operation failed: one line `reader: WHAT: reason` on
         stderr for each failure (other sources are still processed)
    2    bad usage (argparse prints the usage and the problem)
    130  interrupted (Ctrl-C)
Nothing ever prints a traceback, and everything that came from a page or a
file is stripped of terminal control sequences before it is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader import __version__
from reader.core.errors import BadURL, ReaderError
from reader.core.sanitize import clean_line, strip_controls

if TYPE_CHECKING:
    from reader.core.models import Bookmark
    from reader.core.records import SaveProgress, SearchHit, SnippetPart
    from reader.library import Library

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: In the app, a page just read is stored after this many seconds: its first
#: paint goes first (see `Library.store_delay`).
APP_STORE_DELAY = 0.25

SUBCOMMANDS = ("extract", "bookmarks", "search", "fetch", "cache")

_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_DURATION = re.compile(r"^\s*(\d{1,6})\s*([hdw])\s*$", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def _app_parser() -> argparse.ArgumentParser:
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
            "\n"
            "exit status: 0 ok, 1 something failed (one `reader: ...` line each on\n"
            "stderr), 2 bad usage, 130 interrupted"
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


def _home_option() -> argparse.ArgumentParser:
    """`--home DIR` for every subcommand parser (SUPPRESS: a nested parser does
    not overwrite a value given at an outer level)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep all data and settings under DIR (or set READER_HOME)",
    )
    return parent


def _library_parser(name: str) -> argparse.ArgumentParser:
    """The parser of one library subcommand: bookmarks, search, fetch or cache."""
    home = _home_option()
    if name == "bookmarks":
        parser = argparse.ArgumentParser(
            prog="reader bookmarks",
            description="List, add, remove, export and import bookmarks.",
            parents=[home],
        )
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        listing = actions.add_parser(
            "list", parents=[home], help="one line per bookmark: date, title, address, tags"
        )
        listing.add_argument("--tag", metavar="TAG", help="only bookmarks with this tag")
        listing.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="json prints one object per line (default: text)",
        )
        add = actions.add_parser(
            "add",
            parents=[home],
            help="bookmark an address (its title is filled in when it is read)",
        )
        add.add_argument("url", metavar="URL")
        add.add_argument(
            "--tag", metavar="TAG", action="append", default=[], help="a tag (repeatable)"
        )
        add.add_argument("--note", metavar="TEXT", default="", help="a note")
        add.add_argument("--title", metavar="TEXT", default="", help="the title to show")
        remove = actions.add_parser("rm", parents=[home], help="remove a bookmark")
        remove.add_argument("url", metavar="URL")
        export = actions.add_parser(
            "export", parents=[home], help="write all bookmarks as Netscape HTML or JSON"
        )
        export.add_argument(
            "--format",
            choices=("netscape", "json"),
            default="netscape",
            help="netscape: the HTML browsers, buku and shiori import (default)",
        )
        export.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
        )
        imp = actions.add_parser(
            "import",
            parents=[home],
            help="add bookmarks from a browser's HTML export or a JSON export",
        )
        imp.add_argument("file", metavar="FILE", help="the file, or - for standard input")
        return parser
    if name == "search":
        parser = argparse.ArgumentParser(
            prog="reader search",
            description="Search the saved stories and the bookmarks, best matches first.",
            parents=[home],
        )
        parser.add_argument("query", nargs="+", metavar="QUERY")
        parser.add_argument(
            "--limit", type=_positive, default=20, metavar="N", help="at most N results (20)"
        )
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="json prints one object per line (default: text)",
        )
        return parser
    if name == "fetch":
        from reader.core.settings import SaveLimits

        parser = argparse.ArgumentParser(
            prog="reader fetch",
            description=(
                "Save each URL for offline reading; with --depth 1 also the stories "
                "its link lists point to (related, read also, popular, ...)."
            ),
            parents=[home],
        )
        parser.add_argument("urls", nargs="+", metavar="URL")
        parser.add_argument(
            "--depth",
            type=int,
            choices=(0, 1),
            default=0,
            help="1: also save the linked stories (default 0)",
        )
        parser.add_argument(
            "--max",
            type=_positive,
            default=None,
            metavar="N",
            help=f"at most N linked stories per URL (default {SaveLimits().max_pages})",
        )
        return parser
    if name == "cache":
        parser = argparse.ArgumentParser(
            prog="reader cache",
            description="What the library holds, and deleting old saved pages.",
            parents=[home],
        )
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        stats = actions.add_parser("stats", parents=[home], help="counts, sizes, oldest page")
        stats.add_argument("--format", choices=("text", "json"), default="text")
        purge = actions.add_parser(
            "purge", parents=[home], help="delete pages not read for a while (never bookmarked)"
        )
        purge.add_argument(
            "--older-than",
            type=_duration,
            required=True,
            metavar="AGE",
            help="pages not read or saved within AGE: 12h, 30d, 2w",
        )
        return parser
    raise AssertionError(name)  # pragma: no cover


def _measure(value: str) -> int:
    try:
        columns = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 40 <= columns <= 200:
        raise argparse.ArgumentTypeError("must be between 40 and 200")
    return columns


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _duration(value: str) -> timedelta:
    """ "12h", "30d", "2w" as a timedelta."""
    match = _DURATION.match(value)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"not an age: {value!r} (a number and h, d or w, like 12h, 30d or 2w)"
        )
    count, unit = int(match.group(1)), match.group(2).lower()
    return timedelta(**{_UNITS[unit]: count})


def error_line(what: str, message: str, stream: TextIO | None = None) -> None:
    """Print one sanitized error line on stderr."""
    stream = stream or sys.stderr
    what = clean_line(what)
    if len(what) > 200:
        what = what[:199] + "…"
    print(f"reader: {what}: {clean_line(message)}", file=stream)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        home, rest = _leading_home(args)
        if rest and rest[0] in SUBCOMMANDS:
            return _run_subcommand(rest[0], rest[1:], home)
        return _run_app(_app_parser().parse_args(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK


def _leading_home(args: list[str]) -> tuple[str | None, list[str]]:
    """`reader --home DIR COMMAND ...`: the home given before a subcommand."""
    if len(args) >= 3 and args[0] == "--home" and args[2] in SUBCOMMANDS:
        return args[1], args[2:]
    if len(args) >= 2 and args[0].startswith("--home=") and args[1] in SUBCOMMANDS:
        return args[0].split("=", 1)[1], args[1:]
    return None, args


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final
    flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _run_subcommand(name: str, args: list[str], home: str | None = None) -> int:
    if name == "extract":
        return _extract(_extract_parser().parse_args(args))
    ns = _library_parser(name).parse_args(args)
    home = getattr(ns, "home", None) or home
    command = _COMMANDS[(name, getattr(ns, "action", None))]
    from reader.config import load_config
    from reader.core.paths import resolve_paths
    from reader.library import Library

    paths = resolve_paths(home)
    config, problems = load_config(paths.config_file)
    for problem in problems:
        error_line("warning", problem)
    library = Library(config.settings, paths)
    try:
        return command(library, ns)
    except ReaderError as exc:
        error_line(name, str(exc))
        return EXIT_FAILED
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        error_line(name, exc.strerror or str(exc))
        return EXIT_FAILED
    except Exception as exc:  # a bug: still one line, never a traceback
        error_line(name, f"unexpected error ({type(exc).__name__}: {exc})")
        return EXIT_FAILED
    finally:
        for notice in library.notices:
            error_line("warning", notice)
        asyncio.run(library.close())


def _run_app(ns: argparse.Namespace) -> int:
    # Start-up allocates a great many objects that live as long as the app
    # (modules, styles, widgets); collecting garbage among them only slows
    # the first paint. The app freezes them and turns collection back on
    # once the first screen is painted (and, whatever happens, so does this).
    gc.disable()
    try:
        return _start_app(ns)
    finally:
        gc.enable()


def _start_app(ns: argparse.Namespace) -> int:
    from dataclasses import replace

    from reader.config import load_config
    from reader.core.paths import resolve_paths
    from reader.library import Library
    from reader.ui.app import run_app

    paths = resolve_paths(ns.home)
    config, problems = load_config(paths.config_file)
    if ns.measure:
        config = replace(config, measure=ns.measure)
    library = Library(config.settings, paths, offline=ns.offline, store_delay=APP_STORE_DELAY)
    try:
        library.store  # noqa: B018 - open it now, so a damaged file is reported at start
    except ReaderError as exc:
        problems = [*problems, f"The library cannot be used: {exc}"]
    if ns.demo:
        from reader.demo.server import DemoServer

        with DemoServer() as server:
            return run_app(server.lead_url, library=library, config=config, problems=problems)
    return run_app(ns.source, library=library, config=config, problems=problems)


# -- output helpers -----------------------------------------------------------------


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _json_line(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _date(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d") if moment else "----------"


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def _size(count: int) -> str:
    size = float(count)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{count} bytes"  # pragma: no cover


def _short(url: str) -> str:
    """host/path of an address, for progress lines."""
    from reader.core.urls import host_of, shorten

    host = host_of(url)
    if not host:
        return shorten(url, 60)
    path = url.split(host, 1)[-1] if host in url else ""
    return shorten(host + path, 60)


def _user_url(text: str) -> str:
    from reader.core.urls import normalize_user_url

    return normalize_user_url(text)


# -- bookmarks ----------------------------------------------------------------------


def _bookmark_json(bookmark: Bookmark) -> dict[str, object]:
    return {
        "url": strip_controls(bookmark.url),
        "title": clean_line(bookmark.title),
        "tags": [clean_line(tag) for tag in bookmark.tags],
        "note": strip_controls(bookmark.note),
        "created": _iso(bookmark.created),
        "updated": _iso(bookmark.updated),
    }


def _bookmarks_list(library: Library, ns: argparse.Namespace) -> int:
    bookmarks = library.bookmarks(tag=ns.tag.lower() if ns.tag else None)
    for bookmark in bookmarks:
        if ns.format == "json":
            _json_line(_bookmark_json(bookmark))
            continue
        fields = [_date(bookmark.created), clean_line(bookmark.title) or "(untitled)"]
        fields.append(clean_line(bookmark.url))
        if bookmark.tags:
            fields.append(" ".join(f"#{clean_line(tag)}" for tag in bookmark.tags))
        _out("  ".join(fields))
    return EXIT_OK


def _bookmarks_add(library: Library, ns: argparse.Namespace) -> int:
    try:
        url = _user_url(ns.url)
    except BadURL as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    before = library.bookmark(url)
    bookmark = library.add_bookmark(url, clean_line(ns.title), ns.tag, strip_controls(ns.note))
    verb = "Updated bookmark" if before is not None else "Bookmarked"
    title = clean_line(bookmark.title)
    _out(f"{verb}: {clean_line(bookmark.url)}" + (f" ({title})" if title else ""))
    return EXIT_OK


def _bookmarks_rm(library: Library, ns: argparse.Namespace) -> int:
    try:
        url = _user_url(ns.url)
    except BadURL:
        url = ns.url
    removed = library.remove_bookmark(url)
    if removed is None:
        error_line(ns.url, "not bookmarked")
        return EXIT_FAILED
    _out(f"Removed bookmark: {clean_line(removed.url)}")
    return EXIT_OK


def _bookmarks_export(library: Library, ns: argparse.Namespace) -> int:
    from reader.store.exchange import export_json, export_netscape

    bookmarks = library.bookmarks()
    text = export_json(bookmarks) + "\n" if ns.format == "json" else export_netscape(bookmarks)
    if not ns.output or ns.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(ns.output)
    try:
        _write_atomically(target, text)
    except OSError as exc:
        error_line(ns.output, exc.strerror or str(exc))
        return EXIT_FAILED
    noun = "bookmark" if len(bookmarks) == 1 else "bookmarks"
    _out(f"Exported {len(bookmarks)} {noun} to {clean_line(str(target))}")
    return EXIT_OK


def _write_atomically(target: Path, text: str) -> None:
    """Write `text` to `target` so that a reader never sees half a file."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        Path(temp).chmod(_file_mode(target))
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode a new file would get (the existing file's, if there is one)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def _bookmarks_import(library: Library, ns: argparse.Namespace) -> int:
    from reader.store.exchange import import_bookmarks, import_parsed, parse_bookmarks

    try:
        if ns.file == "-":
            result = import_parsed(library, parse_bookmarks(sys.stdin.read()))
        else:
            result = import_bookmarks(library, ns.file)
    except ReaderError as exc:
        error_line(ns.file, str(exc))
        return EXIT_FAILED
    _out(result.summary())
    return EXIT_OK


# -- search ---------------------------------------------------------------------------


def _marked(parts: Sequence[SnippetPart], bold: bool) -> str:
    """A highlighted title or snippet as one line; matches in bold on a terminal."""
    out = []
    for part in parts:
        text = _WHITESPACE.sub(" ", strip_controls(part.text))
        out.append(f"{_BOLD}{text}{_RESET}" if bold and part.match and text.strip() else text)
    return "".join(out).strip()


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "url": strip_controls(hit.url),
        "title": clean_line(hit.title_text),
        "snippet": clean_line("".join(part.text for part in hit.snippet)),
        "site": clean_line(hit.site),
        "saved": hit.saved,
        "bookmarked": hit.bookmarked,
        "tags": [clean_line(tag) for tag in hit.tags],
    }


def _search(library: Library, ns: argparse.Namespace) -> int:
    query = " ".join(ns.query)
    hits = library.search(query, ns.limit)
    if ns.format == "json":
        for hit in hits:
            _json_line(_hit_json(hit))
        return EXIT_OK
    if not hits:
        print(f"No matches for {clean_line(query)!r}.", file=sys.stderr)
        return EXIT_OK
    bold = _stdout_is_tty()
    for number, hit in enumerate(hits, 1):
        if number > 1:
            _out()
        _out(f"{number}. {_marked(hit.title, bold) or '(untitled)'}")
        facts = [clean_line(hit.url)]
        if hit.site:
            facts.append(clean_line(hit.site))
        facts.extend(
            word for word, on in (("saved", hit.saved), ("bookmarked", hit.bookmarked)) if on
        )
        if hit.tags:
            facts.append(" ".join(f"#{clean_line(tag)}" for tag in hit.tags))
        _out("   " + " · ".join(facts))
        snippet = _marked(hit.snippet, bold)
        if snippet:
            _out(f"   {snippet}")
    return EXIT_OK


# -- fetch ----------------------------------------------------------------------------


def _fetch(library: Library, ns: argparse.Namespace) -> int:
    return asyncio.run(_fetch_all(library, ns))


async def _fetch_all(library: Library, ns: argparse.Namespace) -> int:
    from reader.cli_progress import Progress

    progress = Progress(sys.stderr)
    total = len(ns.urls)
    done = saved = already = failed = 0

    def fail(what: str, reason: str) -> None:
        nonlocal failed
        failed += 1
        progress.message(f"reader: {clean_line(what)}: {clean_line(reason)}")

    def linked(base_done: int, base_total: int) -> Callable[[SaveProgress], None]:
        def report(step: SaveProgress) -> None:
            if not step.ok:
                fail(step.url, step.message)
            done, total = base_done + step.done, base_total + step.total
            progress.update(done, total, _short(step.url), ok=step.ok)

        return report

    try:
        for source in ns.urls:
            try:
                url = _user_url(source)
                reading = await library.open(url, refresh=True)
            except ReaderError as exc:
                done += 1
                fail(source, str(exc))
                progress.update(done, total, _short(source), ok=False)
                continue
            done += 1
            saved += 1
            progress.update(done, total, _short(reading.page.url))
            if ns.depth < 1:
                continue
            summary = await library.save_linked(
                reading.article, limit=ns.max, progress=linked(done, total)
            )
            count = len(summary.saved) + len(summary.failed)
            done += count
            total += count
            saved += len(summary.saved)
            already += summary.already
    finally:
        progress.finish()
        await library.close()  # the HTTP client belongs to this event loop
    parts = [f"{already} already saved"] if already else []
    if failed:
        parts.append(f"{failed} failed")
    noun = "page" if saved == 1 else "pages"
    extra = f" ({', '.join(parts)})" if parts else ""
    _out(f"Saved {saved} {noun} for offline reading{extra}.")
    return EXIT_FAILED if failed else EXIT_OK


# -- cache ------------------------------------------------------------------------------


def _cache_stats(library: Library, ns: argparse.Namespace) -> int:
    stats = library.cache_stats()
    if ns.format == "json":
        _json_line(
            {
                "pages": stats.pages,
                "articles": stats.articles,
                "bookmarks": stats.bookmarks,
                "visits": stats.visits,
                "body_bytes": stats.body_bytes,
                "file_bytes": stats.file_bytes,
                "oldest": _iso(stats.oldest),
                "path": str(library.paths.database),
            }
        )
        return EXIT_OK
    from reader.core.humanize import time_ago as age_text

    oldest = "-"
    if stats.oldest is not None:
        when = stats.oldest.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        oldest = f"{when} ({age_text(stats.oldest)})"
    rows = (
        ("pages", str(stats.pages)),
        ("articles", str(stats.articles)),
        ("bookmarks", str(stats.bookmarks)),
        ("visits", str(stats.visits)),
        ("body size", _size(stats.body_bytes)),
        ("file size", _size(stats.file_bytes)),
        ("oldest", oldest),
        ("file", clean_line(str(library.paths.database))),
    )
    for name, value in rows:
        _out(f"{name:<10} {value}")
    return EXIT_OK


def _cache_purge(library: Library, ns: argparse.Namespace) -> int:
    deleted = library.purge(ns.older_than)
    noun = "page" if deleted == 1 else "pages"
    _out(
        f"Deleted {deleted} saved {noun} not read for {_age_words(ns.older_than)} "
        "(bookmarked pages are kept)."
    )
    return EXIT_OK


def _age_words(age: timedelta) -> str:
    hours = int(age.total_seconds() // 3600)
    if hours % (24 * 7) == 0 and hours:
        count, unit = hours // (24 * 7), "week"
    elif hours % 24 == 0 and hours:
        count, unit = hours // 24, "day"
    else:
        count, unit = hours, "hour"
    return f"{count} {unit}{'s' if count != 1 else ''}"


_COMMANDS: dict[tuple[str, str | None], Callable[[Library, argparse.Namespace], int]] = {
    ("bookmarks", "list"): _bookmarks_list,
    ("bookmarks", "add"): _bookmarks_add,
    ("bookmarks", "rm"): _bookmarks_rm,
    ("bookmarks", "export"): _bookmarks_export,
    ("bookmarks", "import"): _bookmarks_import,
    ("search", None): _search,
    ("fetch", None): _fetch,
    ("cache", "stats"): _cache_stats,
    ("cache", "purge"): _cache_purge,
}


# -- extract --------------------------------------------------------------------------


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
                from reader.core.extract.markdown import title_to_markdown

                for warning in article.warnings:
                    error_line(source, f"warning: {warning}")
                if not first:
                    sys.stdout.write("\f\n")
                body = article.markdown if ns.format == "markdown" else article.text
                heading = (
                    title_to_markdown(article.title) if ns.format == "markdown" else article.title
                )
                sys.stdout.write(f"{heading}\n\n{body}\n" if article.title else f"{body}\n")
            sys.stdout.flush()
            first = False
    finally:
        await library.close()
    return status
