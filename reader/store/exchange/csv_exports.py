"""Which service a CSV export comes from, told by its header: Pocket,
Instapaper, Raindrop, or any CSV with a `url` column (a spreadsheet of
links). A header naming a service's columns but missing one it cannot do
without is a clear error naming the column."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reader.core.models import Bookmark
from reader.store.exchange.csv_files import CsvTable, read_header
from reader.store.exchange.fields import (
    clean_note,
    clean_title,
    dated,
    entry_address,
    split_tags,
    tag_names,
)
from reader.store.exchange.instapaper import INSTAPAPER_COLUMNS, instapaper_row
from reader.store.exchange.parsed import ExchangeError, ParsedBookmarks, Tally
from reader.store.exchange.pocket import POCKET_COLUMNS, pocket_row
from reader.store.exchange.raindrop import RAINDROP_COLUMNS, raindrop_row

Row = Callable[[Mapping[str, str], Tally], Bookmark | None]

#: Names a plain CSV of links may give its columns (first found wins).
_URL = ("url", "href", "link", "address", "uri")
_TITLE = ("title", "name")
_TAGS = ("tags", "labels", "tag")
_NOTE = ("note", "notes", "description", "comment")
_ADDED = ("created", "added", "date", "time_added", "created_at", "saved_at")


@dataclass(frozen=True)
class CsvFormat:
    """A service's CSV export: the columns only it has, those it needs, and
    how one row becomes a bookmark."""

    name: str
    label: str
    columns: tuple[str, ...]
    distinctive: frozenset[str]
    required: tuple[str, ...]
    row: Row


FORMATS = (
    CsvFormat(
        "pocket-csv", "Pocket CSV export", POCKET_COLUMNS,
        frozenset({"time_added", "status"}), ("url",), pocket_row,
    ),
    CsvFormat(
        "instapaper", "Instapaper CSV export", INSTAPAPER_COLUMNS,
        frozenset({"selection", "folder", "timestamp"}), ("url",), instapaper_row,
    ),
    CsvFormat(
        "raindrop", "Raindrop CSV export", RAINDROP_COLUMNS,
        frozenset({"excerpt", "cover", "highlights", "favorite", "created", "note"}),
        ("url",), raindrop_row,
    ),
)  # fmt: skip

_KNOWN = sorted(
    {name for f in FORMATS for name in f.columns}.union(_URL, _TITLE, _TAGS, _NOTE, _ADDED)
)


def read_csv_export(text: str) -> ParsedBookmarks | None:
    """The bookmarks of a CSV export, or None when `text` is not a CSV whose
    header names known columns. Raises ExchangeError when it is one but
    lacks a column it needs, or cannot be read as CSV."""
    table = read_header(text, _KNOWN)
    if table is None:
        return None
    found = set(table.columns)
    best = max(FORMATS, key=lambda f: len(f.distinctive & found))
    if len(best.distinctive & found) >= 2 or (best.distinctive & found and found & set(_URL)):
        missing = [name for name in best.required if name not in found]
        if missing:
            raise ExchangeError(
                f"looks like a {best.label} but has no {_columns(missing)} "
                f"(its columns: {', '.join(table.columns)[:200]})"
            )
        return _read(table, best.row, best.name)
    if not found & set(_URL):
        if not found & set(_TITLE + _TAGS + _ADDED):
            return None
        raise ExchangeError(
            f"a CSV file with no address column (expected one named {' or '.join(_URL)})"
        )
    return _read(table, _plain_row(found), "csv")


def _columns(names: list[str]) -> str:
    noun = "column" if len(names) == 1 else "columns"
    return f"{noun} {', '.join(repr(n) for n in names)}"


def _read(table: CsvTable, row: Row, name: str) -> ParsedBookmarks:
    tally = Tally()
    bookmarks = []
    for cells in table.rows():
        bookmark = row(cells, tally)
        if bookmark is not None:
            bookmarks.append(bookmark)
    return tally.result(bookmarks, name)


def _plain_row(found: set[str]) -> Row:
    """The reader of a plain CSV of links with these columns."""

    def first(names: tuple[str, ...]) -> str:
        return next((name for name in names if name in found), "")

    url, title, tags, note, added = (first(n) for n in (_URL, _TITLE, _TAGS, _NOTE, _ADDED))

    def row(cells: Mapping[str, str], tally: Tally) -> Bookmark | None:
        address = entry_address(cells.get(url), tally)
        if address is None:
            return None
        raw_tags = cells.get(tags, "")
        separator = "|" if "|" in raw_tags else ","
        return Bookmark(
            url=address,
            title=clean_title(cells.get(title, "")),
            tags=tag_names(split_tags(raw_tags, separator)),
            note=clean_note(cells.get(note, "")),
            created=dated(tally, cells.get(added) or None),
        )

    return row
