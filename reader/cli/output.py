"""What the subcommands print: lines and JSON lines on stdout, one sanitized
`reader: WHAT: reason` line on stderr per failure, dates (sizes and "time
ago" come from `reader.core.humanize`, shared with the app), and exports
written to stdout or, whole or not at all, to a file (`write_output`)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from reader.core.sanitize import clean_line


def write_line(text: str = "") -> None:
    """One line on stdout."""
    sys.stdout.write(text + "\n")


def write_json_line(data: object) -> None:
    """One JSON object on one line of stdout (non-ASCII kept as is)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def stdout_is_tty() -> bool:
    """Whether stdout is a terminal (False when it cannot tell)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def error_line(what: str, message: str) -> None:
    """Print one sanitized error line on stderr."""
    what = clean_line(what)
    if len(what) > 200:
        what = what[:199] + "…"
    print(f"reader: {what}: {clean_line(message)}", file=sys.stderr)


def day(moment: datetime | None) -> str:
    """The UTC day of `moment`, 2025-03-14 (dashes when there is none)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d") if moment else "----------"


def iso_time(moment: datetime | None) -> str | None:
    """`moment` in UTC as ISO 8601 to the second, for JSON."""
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def write_output(output: str | None, data: bytes) -> bool:
    """Write an export to stdout (no `output`, or "-") or to the file `output`,
    atomically; False, with the reason on stderr, when the file could not be
    written."""
    if not output or output == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            buffer.write(data)
            buffer.flush()
        return True
    try:
        write_atomically(Path(output), data)
    except OSError as exc:
        error_line(output, exc.strerror or str(exc))
        return False
    return True


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` so that a reader never sees half a file."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(temp).chmod(_file_mode(target))
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode a new file would get (the existing file's, if there is one)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
