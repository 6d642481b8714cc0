"""Bookmark exchange: Netscape bookmark HTML (what browsers, buku and shiori
read and write) and a small JSON format, both ways.

    export_netscape(bookmarks) / export_json(bookmarks)  -> str
    parse_netscape(text) / parse_json(text)              -> list[Bookmark]
    import_bookmarks(store_or_library, path)             -> ImportResult

One module per format (`netscape`, `json_format`), what both read into
(`fields`: addresses, tags, notes, dates; `parsed`: the result and the error),
and `importing`: reading a file, detecting its format, adding to the store.

Everything in a bookmarks file is hostile: exports HTML-escape every title,
note, tag and address and strip terminal control characters; imports never
raise on junk markup, keep http(s) addresses only (bookmarklets, `place:`,
`file:`, `chrome://` entries are counted as skipped), and never make a second
bookmark for an address already kept (the store merges by comparable URL).
"""

from reader.store.exchange.importing import (
    ImportResult,
    detect_format,
    import_bookmarks,
    import_parsed,
    parse_bookmarks,
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
]
