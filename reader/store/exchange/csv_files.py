"""Reading the text of an import file, and the CSV exports of read-later
services: the encoding guessed from the bytes, the delimiter from the
header, quoted fields with newlines, and fields capped.

Encoding rule (no guessing library): a UTF-16 BOM means UTF-16; text that
is valid UTF-8 (with or without a BOM) is UTF-8; otherwise, when the bytes
hold more valid UTF-8 sequences than broken ones, it is UTF-8 with a few bad
bytes replaced, and else it is Windows-1252, what a spreadsheet on Windows
saves a CSV as. charset-normalizer was not used: on a 30 MB export it costs
seconds, and its guess between the 8-bit code pages for a file of addresses
and short titles is no better than this rule, which is predictable.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from reader.core.sanitize import clean_line
from reader.store.exchange.parsed import ExchangeError

#: The largest CSV field read (a Raindrop note or highlights, an Instapaper
#: selection); Python's default (128 KiB) is raised deliberately, and kept
#: bounded: a file with a larger field is refused with a clear message.
MAX_FIELD = 8 * 1024 * 1024
#: Delimiters a CSV export may use: comma (every service), semicolon and tab
#: (the file re-saved by a spreadsheet in a European locale).
DELIMITERS = (",", ";", "\t")

_VALID_UTF8 = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode_text(data: bytes) -> str:
    """The text of an import file (see the module's encoding rule)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", "replace")
    broken = text.count("\ufffd")
    if len(_VALID_UTF8.findall(data)) > broken:
        return text
    return data.decode("cp1252", "replace").lstrip("\ufeff")


def column_name(text: str) -> str:
    """A header cell as compared: lower-case, outer spaces and quotes gone."""
    return clean_line(text.lstrip("\ufeff")).strip("\"' ").lower()


@dataclass(frozen=True)
class CsvTable:
    """A CSV file's header (column names as compared) and its rows."""

    columns: list[str]
    delimiter: str
    text: str

    def rows(self) -> Iterator[dict[str, str]]:
        """Each row after the header, by column name (a short row lacks the
        last columns; extra cells are ignored). Raises ExchangeError for a
        field past MAX_FIELD or broken quoting."""
        with field_limit(MAX_FIELD):
            reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
            try:
                next(reader, None)
                for cells in reader:
                    if cells and any(cell.strip() for cell in cells):
                        yield dict(zip(self.columns, cells, strict=False))
            except csv.Error as exc:
                raise ExchangeError(
                    f"not readable as CSV at line {reader.line_num} ({_why(exc)})"
                ) from None


def _why(exc: csv.Error) -> str:
    text = clean_line(str(exc))
    if "field larger than field limit" in text:
        return f"a field is larger than {MAX_FIELD // 2**20} MiB"
    return text[:120]


@contextmanager
def field_limit(limit: int) -> Iterator[None]:
    """csv's field size limit set to `limit` while reading (it is process-wide)."""
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def read_header(text: str, known: Sequence[str]) -> CsvTable | None:
    """The file read as a CSV table whose first line names at least two of
    the `known` columns, with the delimiter that makes it so (the one naming
    most of them); None when no delimiter does."""
    first = text[: text.find("\n") if "\n" in text[:65536] else 65536]
    if not first.strip() or first.lstrip()[:1] in ("<", "{", "["):
        return None
    wanted = set(known)
    best: tuple[int, int, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([first.rstrip("\r")], delimiter=delimiter), [])
        except csv.Error:
            continue
        names = [column_name(cell) for cell in cells]
        hits = len(wanted.intersection(names))
        if hits >= 2 and (best is None or (hits, len(names)) > best[:2]):
            best = (hits, len(names), delimiter, names)
    if best is None:
        return None
    return CsvTable(columns=best[3], delimiter=best[2], text=text)
