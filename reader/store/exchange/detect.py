"""Which format an import file is, told from its content (never its name):
a zip archive by its signature; JSON (reader's, wallabag's, Omnivore's
metadata) by its first character and keys; Pocket's HTML export before the
Netscape bookmark HTML it resembles; a CSV by the columns its header names
(Pocket, Instapaper, Raindrop, or any with a `url` column); a list of
addresses last."""

from __future__ import annotations

from pathlib import Path

from reader.store.exchange.archives import ZIP_MAGIC, read_archive
from reader.store.exchange.csv_exports import read_csv_export
from reader.store.exchange.csv_files import decode_text
from reader.store.exchange.json_format import read_json
from reader.store.exchange.netscape import looks_like_netscape, read_netscape
from reader.store.exchange.parsed import ExchangeError, ParsedBookmarks
from reader.store.exchange.pocket import looks_like_pocket_html, read_pocket_html
from reader.store.exchange.url_list import read_url_list

NOT_BOOKMARKS = (
    "not a bookmarks file (expected an export of Pocket, Instapaper, Omnivore, wallabag "
    "or Raindrop, a browser's bookmarks HTML, reader's JSON, or a list of addresses)"
)


def detect_format(text: str) -> str:
    """The format name of a bookmarks text ("json", "netscape", "pocket-html",
    "pocket-csv", ...); ExchangeError when it is none of them."""
    return parse_text(text).format


def parse_text(text: str) -> ParsedBookmarks:
    """The bookmarks of an import file's text, whatever its format."""
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in ("{", "["):
        return read_json(text)
    if looks_like_pocket_html(text):
        return read_pocket_html(text)
    if looks_like_netscape(text):
        return read_netscape(text)
    found = read_csv_export(text)
    if found is None:
        found = read_url_list(text)
    if found is None:
        raise ExchangeError(NOT_BOOKMARKS)
    return found


def is_zip(data: bytes) -> bool:
    """Whether bytes start like a zip archive."""
    return data[:4] in ZIP_MAGIC


def parse_data(data: bytes) -> ParsedBookmarks:
    """The bookmarks of an import file's bytes (a zip archive or a text)."""
    if is_zip(data):
        return read_archive(data, parse_text)
    return parse_text(decode_text(data))


def parse_zip_path(path: Path) -> ParsedBookmarks:
    """The bookmarks of a zip archive on disk (read member by member)."""
    return read_archive(path, parse_text)
