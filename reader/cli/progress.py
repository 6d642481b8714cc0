"""Progress of a long CLI job on stderr: one redrawn bar on a terminal,
one plain line per finished item otherwise (logs, pipes, CI). The bar is
measured and cut in terminal cells, so wide characters (CJK titles, emoji)
never make it wrap."""

from __future__ import annotations

import shutil
from typing import TextIO

from rich.cells import cell_len, set_cell_size

from reader.core.sanitize import clean_line
from reader.core.urls import host_of, shorten

_CLEAR = "\r\x1b[K"


class Progress:
    """`[#####     ] 12/30 saving host/path` redrawn in place on a TTY; on
    anything else, `12/30 saved host/path` per item. Error lines go through
    `message` so they never end up in the middle of the bar."""

    def __init__(self, stream: TextIO, *, tty: bool | None = None, width: int = 20) -> None:
        self.stream = stream
        self.tty = _isatty(stream) if tty is None else tty
        self.width = width
        self._drawn = False

    def update(
        self, done: int, total: int, label: str, *, ok: bool = True, verb: str = "saving"
    ) -> None:
        """Report that item `done` of `total` (`label`, an address) finished;
        `verb` says what the bar is doing ("saving", "checking")."""
        label = clean_line(label)
        if self.tty:
            total = max(total, done, 1)
            filled = round(self.width * done / total)
            bar = "#" * filled + " " * (self.width - filled)
            line = f"[{bar}] {done}/{total} {verb} {label}"
            columns = shutil.get_terminal_size((80, 24)).columns
            if cell_len(line) > columns - 1:  # the last column would wrap on some terminals
                line = set_cell_size(line, max(0, columns - 2)) + "…"
            self.stream.write(_CLEAR + line)
            self._drawn = True
        elif ok:
            self.stream.write(f"{done}/{total} saved {label}\n")
        self.stream.flush()

    def message(self, line: str) -> None:
        """Print a whole line (an error), keeping the bar below it."""
        if self._drawn:
            self.stream.write(_CLEAR)
            self._drawn = False
        self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """Remove the bar, leaving the cursor at the start of a clean line."""
        if self._drawn:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self._drawn = False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def short_address(text: str) -> str:
    """host/path of an address for a progress line (anything else, such as a
    title, as it is), at most 60 characters."""
    host = host_of(text)
    if host and host in text:
        return shorten(host + text.split(host, 1)[1], 60)
    return shorten(text, 60)
