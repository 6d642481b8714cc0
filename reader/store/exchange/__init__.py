"""Bookmark exchange: what reader reads and writes to move bookmarks.

    export_netscape(bookmarks) / export_json(bookmarks)  -> str
    parse_netscape(text) / parse_json(text)              -> list[Bookmark]
    read_source(path_or_stream)                          -> ParsedBookmarks
    import_bookmarks(store_or_library, path_or_stream)   -> ImportResult

Read, the format told from the content (never the name, see `detect`):
Pocket (CSV, its zip of part_*.csv, its older HTML), Instapaper (CSV, HTML),
Omnivore (its export zip), wallabag (JSON, with each article's content),
Raindrop (CSV), any CSV with a url column, a list of addresses, browser
bookmarks (Netscape HTML), reader's JSON (and JSON Lines). One module per
service; `fields` (addresses, tags, notes, dates), `csv_files` (encoding,
delimiter, capped fields), `archives` (zips checked before unpacking) and
`parsed` (the result and the error) are shared; `importing` reads a file
and adds it to the store through `reader.store.bookmark_import`.

Everything in an import file is hostile: exports HTML-escape every title,
note, tag and address and strip terminal control characters; imports never
raise on junk markup, keep http(s) addresses only (bookmarklets, `place:`,
`mailto:`, `file:` entries are counted as skipped, with the reason), cap
every field and file, and never make a second bookmark for an address
already kept (the store merges by comparable URL), nor change its state.
"""

from reader.store.exchange.importing import (
    ImportResult,
    detect_format,
    import_bookmarks,
    import_parsed,
    parse_bookmarks,
    read_source,
)
from reader.store.exchange.json_format import export_json, parse_json
from reader.store.exchange.netscape import export_netscape, parse_netscape
from reader.store.exchange.parsed import ExchangeError, ParsedBookmarks

__all__ = [
    "ExchangeError",
    "ImportResult",
    "ParsedBookmarks",
    "detect_format",
    "export_json",
    "export_netscape",
    "import_bookmarks",
    "import_parsed",
    "parse_bookmarks",
    "parse_json",
    "parse_netscape",
    "read_source",
]
