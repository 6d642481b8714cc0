"""`reader sources list|add|rm|tag|rename|import|export`: the feeds and pages
followed, through `Library.news`. `find_source` (a source named by its
number, its address, its site's address or its title) serves `refresh` and
`items` too."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import error_line, iso_time, write_json_line, write_line, write_output
from reader.core.errors import BadURL, ReaderError
from reader.core.humanize import time_ago
from reader.core.records import SOURCE_LIST, SOURCE_PAGE
from reader.core.sanitize import clean_line, strip_controls
from reader.core.urls import comparable, normalize_user_url

if TYPE_CHECKING:
    from reader.core.feeds.model import OutlineEntry
    from reader.core.records import Source
    from reader.library import Library
    from reader.library.news import NewsDesk


class NotFollowed(ReaderError):
    """No followed source answers to what the user named."""


def find_source(news: NewsDesk, named: str) -> Source:
    """The source `named` names: its number (the first column of `sources
    list`), its address (as typed: `example.com/feed` works), else the
    only source whose address, site address or title matches. Raises
    NotFollowed (one sentence) when none or several do."""
    if named.strip().isdecimal():
        number = named.strip()
        if len(number) > 18:  # past SQLite's 64 bits no source has it
            raise NotFollowed("no source has that number (`reader sources list` shows them).")
        found = news.source(str(int(number)))
        if found is None:
            raise NotFollowed("no source has that number (`reader sources list` shows them).")
        return found
    try:
        url: str | None = normalize_user_url(named)
    except BadURL:
        url = None
    every = news.sources()
    key = comparable(url) if url else None
    matches = [s for s in every if key and comparable(s.url) == key]
    if not matches:
        matches = [s for s in every if key and key == _site_key(s)]
    if not matches:
        wanted = clean_line(named).casefold()
        matches = [s for s in every if clean_line(s.title).casefold() == wanted]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        numbers = ", ".join(f"{s.id} ({_title(s)})" for s in matches)
        raise NotFollowed(
            f"{len(matches)} sources answer to that; name one by its number: {numbers}."
        )
    raise NotFollowed("not followed (`reader sources list` shows the sources).")


def _site_key(source: Source) -> str | None:
    return comparable(source.site_url) if source.site_url else None


def _tags(tags: Sequence[str]) -> str:
    return " ".join(f"#{clean_line(tag)}" for tag in tags)


def kind_words(source: Source) -> str:
    """What a source is, in words: "feed", "page", 'list "Terkini"'."""
    if source.kind == SOURCE_LIST:
        return f"list “{clean_line(source.list_heading)}”"
    return "page" if source.kind == SOURCE_PAGE else "feed"


def _title(source: Source) -> str:
    return clean_line(source.title) or clean_line(source.url)


# -- list ----------------------------------------------------------------------------


def list_sources(library: Library, ns: argparse.Namespace) -> int:
    """One line (or JSON object) per source: its number, unread/stories,
    title, address, kind (pages and lists), tags, and its state (checked,
    failing, gone)."""
    sources = library.news.sources(tag=ns.tag.lower() if ns.tag else None)
    for source in sources:
        if ns.format == "json":
            write_json_line(source_json(source))
            continue
        counts = f"{source.unread:>4}/{source.items:<4}"
        fields = [f"{source.id:>3}", counts, _title(source), clean_line(source.url)]
        if source.kind != "feed":
            fields.append(kind_words(source))
        if source.tags:
            fields.append(_tags(source.tags))
        fields.append(_state(source))
        write_line("  ".join(field for field in fields if field))
    return EXIT_OK


def _state(source: Source) -> str:
    """ "checked 5 min ago", "never checked", "gone (410)", "failing (3×): why"."""
    if source.gone:
        return "gone: the server says it was removed (410); not refreshed any more"
    state = f"checked {time_ago(source.checked_at)}" if source.checked_at else "never checked"
    if source.error:
        times = f" {source.failures}×" if source.failures > 1 else ""
        state += f" · failed{times}: {clean_line(source.error)}"
    return state


def source_json(source: Source) -> dict[str, object]:
    """A source as a JSON object (times in UTC, ISO 8601)."""
    return {
        "id": source.id,
        "url": strip_controls(source.url),
        "kind": source.kind,
        "title": clean_line(source.title),
        "tags": [clean_line(tag) for tag in source.tags],
        "list_heading": clean_line(source.list_heading) if source.list_heading else None,
        "site_url": strip_controls(source.site_url) if source.site_url else None,
        "added_at": iso_time(source.added_at),
        "checked_at": iso_time(source.checked_at),
        "next_due": iso_time(source.next_due),
        "error": clean_line(source.error) if source.error else None,
        "failures": source.failures,
        "gone": source.gone,
        "unread": source.unread,
        "items": source.items,
    }


# -- add, rm, tag, rename ----------------------------------------------------------------


def add_source(library: Library, ns: argparse.Namespace) -> int:
    """Follow a feed, the feed a page advertises (unless --page), the page
    itself, or one of its lists (--list HEADING). Nothing is fetched but
    the source itself: `reader refresh` brings its stories."""
    try:
        url = normalize_user_url(ns.url)
    except BadURL as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    news = library.news
    before = {source.id for source in news.sources()}
    tags = [clean_line(tag) for tag in ns.tag if clean_line(tag)]
    title = clean_line(ns.title) or None
    heading = clean_line(ns.list_heading) or None
    try:
        source = asyncio.run(
            _follow(library, url, tags, as_page=ns.page, list_heading=heading, title=title)
        )
    except ReaderError as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    if source.id in before:  # its tags were added by follow
        if title and title != source.title:
            source = news.rename(str(source.id), title)
        write_line(f"Already following {_described(source)}")
        return EXIT_OK
    write_line(f"Following {_described(source)}")
    write_line("`reader refresh` brings its stories.")
    return EXIT_OK


async def _follow(
    library: Library,
    url: str,
    tags: Sequence[str],
    *,
    as_page: bool,
    list_heading: str | None,
    title: str | None,
) -> Source:
    try:
        return await library.news.follow(
            url, tags=tags, as_page=as_page, list_heading=list_heading, title=title
        )
    finally:
        await library.close()  # the HTTP client belongs to this event loop


def _described(source: Source) -> str:
    """'Kabar Lamat (feed): https://... #id'."""
    tags = f"  {_tags(source.tags)}" if source.tags else ""
    return f"{_title(source)} ({kind_words(source)}): {clean_line(source.url)}{tags}"


def remove_source(library: Library, ns: argparse.Namespace) -> int:
    """Stop following a source; its stories go, but bookmarked ones and the
    saved pages stay."""
    try:
        source = find_source(library.news, ns.url)
    except NotFollowed as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    removed = library.news.remove(str(source.id))
    if removed is None:
        error_line(ns.url, "not followed")
        return EXIT_FAILED
    write_line(f"Stopped following {_title(removed)}: {clean_line(removed.url)}")
    return EXIT_OK


def tag_source(library: Library, ns: argparse.Namespace) -> int:
    """`+TAG` (or a bare TAG, or --add) adds, `-TAG` (or --remove) removes;
    with none, the tags are printed."""
    add = [change.removeprefix("+") for change in ns.changes] + ns.add
    remove = list(ns.remove)
    add = [clean_line(tag) for tag in add if clean_line(tag)]
    remove = [clean_line(tag) for tag in remove if clean_line(tag)]
    try:
        source = find_source(library.news, ns.url)
    except NotFollowed as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    if add or remove:
        source = library.news.retag(str(source.id), add=add, remove=remove)
    write_line(f"{_title(source)}: {_tags(source.tags) or 'no tags'}")
    return EXIT_OK


def rename_source(library: Library, ns: argparse.Namespace) -> int:
    """Give a source a title of the user's."""
    title = clean_line(ns.title)
    if not title:
        error_line(ns.url, "the new title is empty")
        return EXIT_FAILED
    try:
        source = find_source(library.news, ns.url)
    except NotFollowed as exc:
        error_line(ns.url, str(exc))
        return EXIT_FAILED
    renamed = library.news.rename(str(source.id), title)
    write_line(f"Renamed: {clean_line(renamed.url)} is now “{_title(renamed)}”")
    return EXIT_OK


# -- import and export ------------------------------------------------------------------


def import_sources(library: Library, ns: argparse.Namespace) -> int:
    """Follow the sources of an OPML file or of newsboat's urls file (told
    apart by their content; `-` reads standard input). Nothing is fetched:
    `reader refresh` does. Entries skipped are told on stderr, one line
    each; the status is 1 only when the file cannot be read at all."""
    try:
        data = _read_capped(_stdin()) if ns.file == "-" else _read_file(ns.file)
        entries, problems = read_sources_file(data)
    except ReaderError as exc:
        error_line(ns.file, str(exc))
        return EXIT_FAILED
    for problem in problems:
        error_line(ns.file, problem)
    added, already, skipped = library.news.import_entries(entries)
    for url, reason in skipped:
        error_line(url, f"skipped: {reason}")
    noun = "source" if added == 1 else "sources"
    write_line(
        f"Imported {added} {noun} ({already} already followed, "
        f"{len(skipped) + len(problems)} skipped)"
    )
    if added:
        write_line("`reader refresh` brings their stories.")
    return EXIT_OK


class SourcesFileError(ReaderError):
    """A file given to `sources import` cannot be read or is neither OPML nor a urls file."""


#: The largest sources file read (an OPML of thousands of feeds is under 1 MiB);
#: files, devices, pipes and standard input alike are read no further.
MAX_SOURCES_FILE = 16 * 1024 * 1024


def _read_capped(stream: BinaryIO | None) -> bytes:
    from reader.core.input_caps import InputTooLarge, read_capped

    if stream is None:
        raise SourcesFileError("standard input is closed")
    try:
        return read_capped(stream, MAX_SOURCES_FILE)
    except InputTooLarge:
        raise SourcesFileError(_TOO_LARGE) from None
    except OSError as exc:
        raise SourcesFileError(exc.strerror or str(exc)) from None


_TOO_LARGE = f"too large for a sources file (over {MAX_SOURCES_FILE // 2**20} MiB)"


def _stdin() -> BinaryIO | None:
    return getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None


def _read_file(name: str) -> bytes:
    from reader.core.input_caps import InputTooLarge, read_capped_path

    path = Path(name)
    try:
        if path.is_dir():
            raise SourcesFileError("is a directory, not a file")
        return read_capped_path(path, MAX_SOURCES_FILE)
    except InputTooLarge:
        raise SourcesFileError(_TOO_LARGE) from None
    except FileNotFoundError:
        raise SourcesFileError("no such file") from None
    except IsADirectoryError:
        raise SourcesFileError("is a directory, not a file") from None
    except OSError as exc:
        raise SourcesFileError(exc.strerror or str(exc)) from None


def read_sources_file(data: bytes) -> tuple[list[OutlineEntry], list[str]]:
    """The entries of an OPML document (it starts with `<`) or of a newsboat
    urls file (anything else), and the lines the latter skipped."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        from reader.core.feeds.opml import read_opml

        return list(read_opml(data)), []
    from reader.core.feeds.newsboat import read_urls

    entries, problems = read_urls(data.decode("utf-8", errors="replace"))
    if not entries and problems:
        raise SourcesFileError("not an OPML file nor a newsboat urls file (no address on any line)")
    return list(entries), list(problems)


def export_sources(library: Library, ns: argparse.Namespace) -> int:
    """Every source as OPML 2.0 (tags as categories), on stdout or into a file."""
    if not write_output(ns.output, library.news.export_opml()):
        return EXIT_FAILED
    if ns.output and ns.output != "-":
        count = len(library.news.sources())
        noun = "source" if count == 1 else "sources"
        write_line(f"Exported {count} {noun} to {clean_line(str(Path(ns.output)))}")
    return EXIT_OK
