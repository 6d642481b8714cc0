"""What the subcommands print: lines and JSON lines on stdout, one sanitized
`reader: WHAT: reason` line on stderr per failure, dates (sizes and "time
ago" come from `reader.core.humanize`, shared with the app), and exports
written to stdout or, whole or not at all, to a file (`write_output`, with
`reader.core.files`, which the library's exports use too)."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from reader.core.files import protect, write_atomically, write_file
from reader.core.sanitize import clean_line

__all__ = [
    "day",
    "error_line",
    "failure_lines",
    "iso_time",
    "json_line",
    "protect",
    "stdout_is_tty",
    "warning_line",
    "write_atomically",
    "write_file",
    "write_json_line",
    "write_line",
    "write_output",
]


def write_line(text: str = "") -> None:
    """One line on stdout."""
    sys.stdout.write(text + "\n")


def write_json_line(data: object) -> None:
    """One JSON object on one line of stdout (non-ASCII kept as is, or
    escaped as \\uXXXX when stdout's encoding cannot hold it)."""
    sys.stdout.write(json_line(data))


def json_line(data: object) -> str:
    """`data` as one line of JSON for stdout (see `write_json_line`)."""
    from reader.cli.streams import stdout_is_unicode

    return json.dumps(data, ensure_ascii=not stdout_is_unicode()) + "\n"


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
    _to_stderr(f"reader: {what}: {clean_line(message)}")


def failure_lines(groups: Sequence[tuple[str, list[tuple[str, str]]]], noun: str) -> None:
    """Failures grouped by reason (`records.group_by_reason`), one line each:
    a failure alone keeps its address and message; failures alike are
    counted, `reader: 4 pages: the disk is full; nothing more can be saved`."""
    for reason, group in groups:
        if len(group) == 1:
            error_line(*group[0])
            continue
        clause = reason.rstrip(".")
        if clause[1:2].islower():  # "The disk is full." -> "the disk is full", not "TLS"
            clause = clause[:1].lower() + clause[1:]
        error_line(f"{len(group)} {noun}", clause)


def warning_line(what: str, message: str) -> None:
    """Print one sanitized warning on stderr: `reader: warning: WHAT: message`,
    so that a script counting failure lines (`reader: WHAT: reason`) can tell
    the two apart (`grep -v '^reader: warning: '`)."""
    what = clean_line(what)
    if len(what) > 200:
        what = what[:199] + "…"
    _to_stderr(f"reader: warning: {what}: {clean_line(message)}")


def _to_stderr(line: str) -> None:
    """One line on stderr; a stderr that cannot be written (closed, full) is
    left silent rather than failing the command."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def day(moment: datetime | None) -> str:
    """The UTC day of `moment`, 2025-03-14 (dashes when there is none)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d") if moment else "----------"


def iso_time(moment: datetime | None) -> str | None:
    """`moment` in UTC as ISO 8601 to the second, for JSON."""
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def write_output(output: str | None, data: bytes) -> bool:
    """Write an export to stdout (no `output`, or "-") or to what the path
    `output` names (see `write_file`); False, with one line on stderr, when it
    could not be written."""
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
        write_file(Path(output), data)
    except OSError as exc:
        error_line(output, exc.strerror or str(exc))
        return False
    return True
