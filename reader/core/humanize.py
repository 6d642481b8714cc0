"""Numbers and times written for people: one "time ago" and one byte size,
used by the app, the CLI and the library's messages alike."""

from __future__ import annotations

from datetime import UTC, datetime

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def time_ago(moment: datetime, now: datetime | None = None) -> str:
    """How long ago `moment` was: "just now", "5 min ago", "3 h ago",
    "yesterday", "4 days ago", then a date ("25 Nov", or "25 Nov 2025" in
    another year). Naive times are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 2 * 86400:
        return "yesterday"
    if seconds < 7 * 86400:
        return f"{int(seconds // 86400)} days ago"
    day = f"{moment.day} {MONTHS[moment.month - 1]}"
    return day if moment.year == now.year else f"{day} {moment.year}"


def byte_size(size: int) -> str:
    """A byte count: "10 MiB", "1.5 KiB", "300 bytes"."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"
