"""Reading a user's file with a size cap, whatever the file is.

A path can name a regular file, a device (`/dev/zero`, `/dev/urandom`), a
FIFO fed forever, or standard input can be an endless pipe: `stat()` says
nothing about how much such a thing holds. So every input the user hands
us (bookmarks and sources imports, config.toml, theme files) is read in
bounded chunks and reading stops as soon as the cap is passed, with a typed
error (`InputTooLarge`) instead of an exhausted memory.

    read_capped(stream, cap)     at most `cap` bytes of a binary stream
    read_capped_path(path, cap)  the same for a path (a regular file larger
                                 than the cap is refused before reading)
    parse_toml(data)             TOML bytes as a dict, or BadToml with one
                                 sentence: never RecursionError (arrays nested
                                 thousands deep) nor ValueError (a number of
                                 5,000 digits)
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any, BinaryIO

from reader.core.errors import ReaderError
from reader.core.humanize import byte_size

__all__ = ["CHUNK", "BadToml", "InputTooLarge", "parse_toml", "read_capped", "read_capped_path"]

#: Bytes asked of the stream at a time.
CHUNK = 64 * 1024


class InputTooLarge(ReaderError):
    """An input holds more bytes than its cap allows (reading stopped at the cap)."""

    def __init__(self, cap: int) -> None:
        super().__init__(f"larger than the {byte_size(cap)} limit")
        self.cap = cap


def read_capped(stream: BinaryIO, cap: int) -> bytes:
    """All of `stream` if it holds at most `cap` bytes; InputTooLarge as soon
    as more arrive. Never holds more than `cap` + one chunk in memory."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(CHUNK, cap + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > cap:
            raise InputTooLarge(cap)
        chunks.append(chunk)


def read_capped_path(path: Path, cap: int) -> bytes:
    """The bytes of the file, device or FIFO at `path`, at most `cap` of them
    (InputTooLarge past it). OSError (IsADirectoryError included) is left to
    the caller, which knows how to word it."""
    with path.open("rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > cap:
            raise InputTooLarge(cap)
        return read_capped(stream, cap)


class BadToml(ReaderError):
    """A settings or theme file is not TOML we can read."""


def parse_toml(data: bytes) -> dict[str, Any]:
    """The table a TOML file holds; BadToml (one sentence, no "using the
    default" part: the caller adds what it does instead) for anything else."""
    from reader.core.sanitize import clean_line

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadToml("is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadToml(f"is not valid TOML ({clean_line(str(exc))[:120]})") from None
    except ValueError:  # int() refuses a number of thousands of digits
        raise BadToml("holds a number too long to read") from None
    except RecursionError:
        raise BadToml("nests arrays or tables too deeply") from None
