"""Zip archives as the services ship them: Pocket's `part_000000.csv`...
(possibly in a folder), Omnivore's `metadata_*.json` with `content/` and
`highlights/`, or any zip holding bookmark files (a wallabag or browser
export zipped by hand).

A zip is hostile like any import: nothing is extracted to disk and member
names are only ever looked up, never used as paths. Before anything is
unpacked, the archive's own directory is checked: at most MAX_MEMBERS
members, a directory of at most MAX_DIRECTORY bytes (read from its end
record, before zipfile parses it), declared sizes adding up to at most
MAX_UNPACKED, and each member read at most its own cap. While a member is
unpacked, reading stops as soon as more bytes come out than it declared
(or than its cap): a zip bomb is refused, never unpacked. A truncated or
damaged archive is an ExchangeError saying so.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from reader.core.humanize import byte_size
from reader.core.input_caps import InputTooLarge, read_capped
from reader.core.sanitize import clean_line
from reader.store.exchange.csv_files import decode_text
from reader.store.exchange.fields import MAX_NOTE
from reader.store.exchange.parsed import ExchangeError, ParsedBookmarks, combine

#: The most members an archive may list (an Omnivore export of 30,000
#: stories with content and highlights has about 61,000).
MAX_MEMBERS = 100_000
#: The largest central directory read (100,000 members with names of 100
#: characters take 15 MiB); zipfile parses it whole before counting members.
MAX_DIRECTORY = 16 * 1024 * 1024
#: What all members together may declare, unpacked.
MAX_UNPACKED = 2 * 1024 * 1024 * 1024
#: The largest bookmarks file inside an archive (as for a file on its own).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: The largest article (`content/*.html`) read from an archive.
MAX_CONTENT_BYTES = 16 * 1024 * 1024
#: What all the bookmark files of an archive (Omnivore's metadata, Pocket's
#: parts) may hold together, unpacked: they are parsed in memory.
MAX_LISTS_BYTES = 256 * 1024 * 1024

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_POCKET_PART = re.compile(r"(?:^|/)part_\d+\.csv$", re.I)
_BOOKMARK_FILES = (".csv", ".json", ".html", ".htm", ".txt")
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


class Archive:
    """A zip archive opened for reading, its directory checked."""

    def __init__(self, source: bytes | Path) -> None:
        try:
            if isinstance(source, bytes):
                stream = io.BytesIO(source)
                _check_directory(stream)
                self._zip = zipfile.ZipFile(stream)
            else:
                with source.open("rb") as probe:
                    _check_directory(probe)
                self._zip = zipfile.ZipFile(source)  # opens, and closes, its own file
            infos = self._zip.infolist()
        except ExchangeError:
            raise
        except (*_DAMAGED, ValueError, struct.error) as exc:
            raise ExchangeError(f"a damaged or truncated zip archive ({_why(exc)})") from None
        try:
            self._check(infos)
        except ExchangeError:
            self.close()
            raise
        self.members = {
            info.filename: info
            for info in infos
            if not info.is_dir() and not _hidden(info.filename)
        }

    def close(self) -> None:
        """Close the archive (readers of its articles then fail as damaged)."""
        self._zip.close()

    @staticmethod
    def _check(infos: list[zipfile.ZipInfo]) -> None:
        """Refuse too many members, or members declaring too much in all."""
        if len(infos) > MAX_MEMBERS:
            raise ExchangeError(f"a zip archive of more than {MAX_MEMBERS:,} files is refused")
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED:
            raise ExchangeError(
                f"a zip archive that would unpack to {byte_size(unpacked)} is refused "
                f"(more than {byte_size(MAX_UNPACKED)}: a zip bomb?)"
            )

    def read(self, name: str, cap: int) -> bytes:
        """The bytes of member `name`, unpacked, if at most `cap` (and what it
        declares); ExchangeError otherwise, or when it is damaged."""
        info = self.members[name]
        where = clean_line(name)[:200]
        if info.file_size > cap:
            raise ExchangeError(
                f"{where} in the zip archive is larger than {byte_size(cap)} unpacked"
            )
        try:
            with self._zip.open(info) as stream:
                return read_capped(cast(BinaryIO, stream), info.file_size)
        except InputTooLarge:
            raise ExchangeError(
                f"{where} in the zip archive unpacks to more than it declares (a zip bomb?)"
            ) from None
        except (*_DAMAGED, ValueError) as exc:
            raise ExchangeError(f"a damaged zip archive ({where}: {_why(exc)})") from None

    def text(self, name: str, cap: int | None = None) -> str:
        """Member `name` as text (see `decode_text`), at most `cap` bytes
        (default MAX_MEMBER_BYTES)."""
        return decode_text(self.read(name, MAX_MEMBER_BYTES if cap is None else cap))

    def check_lists(self, names: list[str]) -> None:
        """Refuse bookmark files that together declare more than MAX_LISTS_BYTES."""
        total = sum(self.members[name].file_size for name in names)
        if total > MAX_LISTS_BYTES:
            raise ExchangeError(
                f"a zip archive whose bookmark files hold {byte_size(total)} is refused "
                f"(more than {byte_size(MAX_LISTS_BYTES)})"
            )

    def reader_of(self, name: str) -> Callable[[], str]:
        """Reads an article member when called (it stays packed until then)."""
        return _MemberReader(self, name)


def _hidden(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return name.startswith("__MACOSX/") or base.startswith(".")


def _why(exc: BaseException) -> str:
    return clean_line(str(exc))[:120] or type(exc).__name__


def _check_directory(stream: IO[bytes]) -> None:
    """Refuse an archive whose end record announces too many members or too
    large a directory, before zipfile reads the directory into memory."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    tail_size = min(size, 65_536 + 22)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise ExchangeError("a damaged or truncated zip archive (its directory is missing)")
    entries, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and at >= 20:
        locator = tail[at - 20 : at]
        if locator[:4] == b"PK\x06\x07":
            stream.seek(struct.unpack("<Q", locator[8:16])[0])
            record = stream.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                entries, directory = struct.unpack("<QQ", record[32:48])
    if entries > MAX_MEMBERS or directory > MAX_DIRECTORY:
        raise ExchangeError(f"a zip archive of more than {MAX_MEMBERS:,} files is refused")
    stream.seek(0)


def read_archive(
    source: bytes | Path, parse_text: Callable[[str], ParsedBookmarks]
) -> ParsedBookmarks:
    """The bookmarks of a zip archive (Pocket, Omnivore, or bookmark files
    zipped), each member read with `parse_text` unless the service's shape
    says otherwise. The archive stays open only while articles in it are
    still to be read (their `Content.read`)."""
    archive = Archive(source)
    try:
        parsed = _read_members(archive, parse_text)
    except BaseException:
        archive.close()
        raise
    if not any(isinstance(c.read, _MemberReader) for c in parsed.contents):
        archive.close()
    return parsed


class _MemberReader:
    """Reads an article member of an open archive when called."""

    def __init__(self, archive: Archive, name: str) -> None:
        self.archive = archive
        self.name = name

    def __call__(self) -> str:
        return self.archive.text(self.name, MAX_CONTENT_BYTES)


def _read_members(
    archive: Archive, parse_text: Callable[[str], ParsedBookmarks]
) -> ParsedBookmarks:
    """Omnivore's metadata files, else Pocket's parts, else every member that
    reads as a bookmarks file (those that do not are passed over)."""
    from reader.store.exchange.omnivore import METADATA, read_omnivore

    names = sorted(archive.members)
    metadata = sorted((n for n in names if METADATA.search(n)), key=_number)
    if metadata:
        archive.check_lists(metadata)
        from reader.store.exchange.json_format import load_json

        lists: list[tuple[str, list[Any]]] = []
        for name in metadata:
            data = load_json(archive.text(name))
            if not isinstance(data, list):
                raise ExchangeError(f"{clean_line(name)[:200]} is not a list of Omnivore items")
            lists.append((name, data))
        lower = {name.lower(): name for name in names}
        return read_omnivore(lists, lower, _quiet(archive), archive.reader_of)
    parts = [n for n in names if _POCKET_PART.search(n)]
    chosen = parts or [n for n in names if n.lower().endswith(_BOOKMARK_FILES)]
    archive.check_lists(chosen)
    results: list[ParsedBookmarks] = []
    for name in chosen:
        try:
            results.append(parse_text(archive.text(name)))
        except ExchangeError as exc:
            if parts:
                raise ExchangeError(f"{clean_line(name)[:200]} in the zip archive: {exc}") from None
    if not results:
        raise ExchangeError(
            "a zip archive with no bookmarks file in it (expected Pocket's part_*.csv, "
            "Omnivore's metadata_*.json, or a bookmarks file)"
        )
    formats = {result.format for result in results}
    name = "pocket-zip" if parts else formats.pop() if len(formats) == 1 else "zip"
    return combine(results, name)


def _quiet(archive: Archive) -> Callable[[str], str | None]:
    """Reads a small member (a note); None when it is damaged or too large."""

    def read(name: str) -> str | None:
        try:
            return archive.text(name, MAX_NOTE * 4)
        except ExchangeError:
            return None

    return read


def _number(name: str) -> int:
    digits = re.findall(r"\d+", name.rsplit("/", 1)[-1])
    return int(digits[0]) if digits else 0
