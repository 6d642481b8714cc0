"""The parsers of the subcommands: `reader extract` and the library commands
(bookmarks, search, fetch, cache, and the news: sources, refresh, items,
show), each with its argument types. `parse_library_args` is the entry for
the library commands (it reads `sources tag URL -TAG` as a removal, which
argparse alone would take for an unknown option)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import timedelta

_DURATION = re.compile(r"^\s*(\d{1,6})\s*([hdw])\s*$", re.IGNORECASE)
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
_NAMED = "its number (see `sources list`), address or title"


def extract_parser() -> argparse.ArgumentParser:
    """`reader extract SOURCE... [--base-url URL] [--format text|markdown|json] [--first-page]`."""
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
    parser.add_argument(
        "--first-page",
        action="store_true",
        help="a story split over several pages: only the page given (default: the whole story)",
    )
    return parser


def library_parser(name: str) -> argparse.ArgumentParser:
    """The parser of one library subcommand: bookmarks, search, fetch, cache,
    sources, refresh, items or show."""
    return _LIBRARY_PARSERS[name](_home_option())


def parse_library_args(name: str, args: list[str]) -> argparse.Namespace:
    """Parse `reader NAME ARGS...` (argparse exits 2 with the usage on bad usage)."""
    if name == "sources":
        args = _tag_removals(args)
    return library_parser(name).parse_args(args)


def _tag_removals(args: list[str]) -> list[str]:
    """`sources tag URL +a -b`: every `-WORD` after the action `tag` becomes
    `--remove=WORD`, moved to the end (`-h` stays the help; `--...` options
    are left alone)."""
    start = None
    skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
        elif arg == "--home":
            skip = True
        elif not arg.startswith("-"):
            start = index + 1 if arg == "tag" else None
            break
    if start is None:
        return args
    kept, removals = args[:start], []
    for arg in args[start:]:
        if arg.startswith("-") and not arg.startswith("--") and len(arg) > 1 and arg != "-h":
            removals.append(f"--remove={arg[1:]}")
        else:
            kept.append(arg)
    return kept + removals  # at the end: `+a -b +c` keeps +a and +c together


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


def _bookmarks_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader bookmarks",
        description="The read-later queue: list, add, mark, remove, export and import bookmarks.",
        parents=[home],
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", parents=[home], help="one line per bookmark: date, state, title, address, tags"
    )
    listing.add_argument("--tag", metavar="TAG", help="only bookmarks with this tag")
    listing.add_argument("--state", choices=_STATES, help="only bookmarks in this state")
    listing.add_argument(
        "--query",
        metavar="FILTER",
        default="",
        help="words, #tag, is:unread|read|archived|fav|saved|unsaved, sort:oldest",
    )
    listing.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json prints one object per line (default: text)",
    )
    add = actions.add_parser(
        "add",
        parents=[home],
        help="bookmark an address and save its page for offline reading",
    )
    add.add_argument("url", metavar="URL")
    add.add_argument("--tag", metavar="TAG", action="append", default=[], help="a tag (repeatable)")
    add.add_argument("--note", metavar="TEXT", default="", help="a note")
    add.add_argument("--title", metavar="TEXT", default="", help="the title to show")
    add.add_argument(
        "--no-fetch",
        dest="fetch",
        action="store_false",
        help="do not fetch the page now (it is saved when the app next runs online)",
    )
    mark = actions.add_parser(
        "mark", parents=[home], help="mark bookmarks unread, read or archived, or favourites"
    )
    mark.add_argument(
        "mark", choices=(*_STATES, "fav", "unfav"), metavar="unread|read|archived|fav|unfav"
    )
    mark.add_argument("urls", nargs="+", metavar="URL")
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
        help="add bookmarks from Pocket, Instapaper, Omnivore, wallabag, Raindrop, a list of "
        "addresses, a browser's HTML export or reader's JSON (a .zip as the services ship it)",
    )
    imp.add_argument("file", metavar="FILE", help="the file, or - for standard input")
    imp.add_argument(
        "--fetch",
        action="store_true",
        help="also save every imported page for offline reading; run again to resume "
        "an interrupted fetch",
    )
    return parser


#: The bookmark states (reader.core.models.BOOKMARK_STATES, spelled here so
#: that building a parser imports no models).
_STATES = ("unread", "read", "archived")


def _export_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    from reader.cli.export import export_parser

    return export_parser(home)


def _search_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader search",
        description="Search the saved stories and the bookmarks, best matches first.",
        epilog="exit status: 0 something matched, 1 nothing matched, 2 bad usage",
        parents=[home],
    )
    parser.add_argument("query", nargs="+", metavar="QUERY")
    parser.add_argument(
        "--limit", type=_count(MAX_LIMIT), default=20, metavar="N", help="at most N results (20)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json prints one object per line (default: text)",
    )
    return parser


def _fetch_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    from reader.core.settings import SaveLimits

    parser = argparse.ArgumentParser(
        prog="reader fetch",
        description=(
            "Save each URL for offline reading; with --depth 1 also the stories "
            "its link lists point to (related, read also, popular, ...)."
        ),
        epilog=(
            "exit status: 0 every page saved, 1 some failed (one stderr line per "
            "reason, with a count; with no network, one line saying so), 2 bad usage"
        ),
        parents=[home],
    )
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument(
        "--depth",
        type=_depth,
        default=0,
        metavar="{0,1}",
        help="1: also save the linked stories (default 0)",
    )
    parser.add_argument(
        "--max",
        type=_count(MAX_LINKED),
        default=None,
        metavar="N",
        help=f"at most N linked stories per URL (default {SaveLimits().max_pages})",
    )
    return parser


def _cache_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
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


def _sources_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader sources",
        description=(
            "The feeds and pages you follow: list, add, rm, tag, rename, import, export. "
            "`reader refresh` brings their new stories."
        ),
        parents=[home],
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", parents=[home], help="one line per source: unread/stories, title, address, tags"
    )
    listing.add_argument("--tag", metavar="TAG", help="only sources with this tag")
    _format_option(listing)
    add = actions.add_parser(
        "add",
        parents=[home],
        help="follow a feed, the feed a page advertises, or the page itself",
    )
    add.add_argument("url", metavar="URL")
    add.add_argument("--tag", metavar="TAG", action="append", default=[], help="a tag (repeatable)")
    kind = add.add_mutually_exclusive_group()
    kind.add_argument(
        "--page",
        action="store_true",
        help="follow the page's own story links, not the feed it advertises",
    )
    kind.add_argument(
        "--list",
        metavar="HEADING",
        dest="list_heading",
        help='follow one link list of the page, by its heading ("Terkini", "Latest")',
    )
    add.add_argument("--title", metavar="TEXT", help="the title to show (default: the source's)")
    remove = actions.add_parser(
        "rm", parents=[home], help="stop following a source (bookmarked stories stay)"
    )
    remove.add_argument("url", metavar="SOURCE", help=_NAMED)
    tag = actions.add_parser(
        "tag",
        parents=[home],
        help="change a source's tags: +TAG adds, -TAG removes (none: print them)",
    )
    tag.add_argument("url", metavar="SOURCE", help=_NAMED)
    tag.add_argument("changes", nargs="*", metavar="+TAG|-TAG", help="tags to add or remove")
    tag.add_argument("--add", metavar="TAG", action="append", default=[], help="add TAG")
    tag.add_argument("--remove", metavar="TAG", action="append", default=[], help="remove TAG")
    rename = actions.add_parser("rename", parents=[home], help="give a source a title of yours")
    rename.add_argument("url", metavar="SOURCE", help=_NAMED)
    rename.add_argument("title", metavar="TITLE")
    imp = actions.add_parser(
        "import",
        parents=[home],
        help="follow the sources of an OPML file or of newsboat's urls file",
    )
    imp.add_argument("file", metavar="FILE", help="the file, or - for standard input")
    export = actions.add_parser("export", parents=[home], help="write every source as OPML 2.0")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    return parser


def _refresh_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader refresh",
        description=(
            "Ask the sources that are due for new stories and save those in full for "
            "offline reading. Safe to run from cron while the app is open."
        ),
        parents=[home],
    )
    parser.add_argument(
        "--source",
        metavar="SOURCE",
        action="append",
        default=[],
        dest="sources",
        help="only this source: its number, address or title (repeatable)",
    )
    parser.add_argument("--tag", metavar="TAG", help="only the sources with this tag")
    parser.add_argument(
        "--force", action="store_true", help="ask the sources even if they are not due yet"
    )
    return parser


def _items_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader items",
        description="The stories your sources brought, newest first.",
        parents=[home],
    )
    parser.add_argument("--unread", action="store_true", help="only the unread stories")
    parser.add_argument(
        "--source",
        metavar="SOURCE",
        help="only the stories of this source (its number, address or title)",
    )
    parser.add_argument("--tag", metavar="TAG", help="only the stories of sources with this tag")
    parser.add_argument(
        "--limit",
        type=_count(MAX_LIMIT),
        default=None,
        metavar="N",
        help="at most N stories (all)",
    )
    _format_option(parser)
    return parser


def _show_parser(home: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader show",
        description="Print a story saved in the library, without the network.",
        parents=[home],
    )
    parser.add_argument("url", metavar="URL")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="json: the same object as `reader extract --format json` (default: text)",
    )
    return parser


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json prints one object per line (default: text)",
    )


_LIBRARY_PARSERS: dict[str, Callable[[argparse.ArgumentParser], argparse.ArgumentParser]] = {
    "bookmarks": _bookmarks_parser,
    "search": _search_parser,
    "fetch": _fetch_parser,
    "cache": _cache_parser,
    "sources": _sources_parser,
    "refresh": _refresh_parser,
    "items": _items_parser,
    "show": _show_parser,
    "export": _export_parser,
}


#: The most results `search` and `items` print (--limit).
MAX_LIMIT = 1_000_000
#: The most linked stories `fetch --max` saves per URL (as [save] max_pages allows).
MAX_LINKED = 1000
#: The oldest age `cache purge --older-than` takes (100 years; more has no meaning
#: and would go past the first year a date can hold).
MAX_AGE = timedelta(days=36_500)


def _whole_number(value: str, bounds: str) -> int:
    """A whole number written in decimal digits ("12", "+12", " 12 "); the
    message names what was given otherwise ("nan", "1e400", "1.5", "ten").
    `bounds` ("must be 0 or 1") is the message for a number past 64 bits."""
    text = value.strip().removeprefix("+")
    body = text.removeprefix("-")
    if not body.isascii() or not body.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number: {_quoted(value)}")
    if len(body) > 18:  # past 64 bits; int() would also refuse 4,300 digits and more
        raise argparse.ArgumentTypeError(f"{bounds} (got {_quoted(value)})")
    return int(text)


def _quoted(value: str) -> str:
    shown = "".join(ch if ch.isprintable() else "?" for ch in value[:40])
    return repr(shown + ("..." if len(value) > 40 else ""))


def _count(highest: int) -> Callable[[str], int]:
    """An argument type: a whole number from 1 to `highest`."""

    def parse(value: str) -> int:
        bounds = f"must be 1 to {highest:,}"
        number = _whole_number(value, bounds)
        if not 1 <= number <= highest:
            raise argparse.ArgumentTypeError(f"{bounds} (got {number})")
        return number

    parse.__name__ = "count"  # argparse names the type in some messages
    return parse


def _depth(value: str) -> int:
    """`fetch --depth`: 0 or 1."""
    number = _whole_number(value, "must be 0 or 1")
    if number not in (0, 1):
        raise argparse.ArgumentTypeError(f"must be 0 or 1 (got {number})")
    return number


def _duration(value: str) -> timedelta:
    """ "12h", "30d", "2w" as a timedelta (at most 100 years)."""
    match = _DURATION.match(value)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"not an age: {_quoted(value)} (a number and h, d or w, like 12h, 30d or 2w)"
        )
    count, unit = int(match.group(1)), match.group(2).lower()
    age = timedelta(**{_UNITS[unit]: count})
    if age > MAX_AGE:
        raise argparse.ArgumentTypeError("must be 100 years (5214w) or less")
    return age
