"""What the subcommands print: lines and JSON lines on stdout, one sanitized
`reader: WHAT: reason` line on stderr per failure, and dates (sizes and
"time ago" come from `reader.core.humanize`, shared with the app)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

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
