"""A bookmark's fields as read from any file, made canonical: addresses (http
and https only), tags, notes and dates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from reader.core.sanitize import clean_line, strip_controls
from reader.core.urls import is_followable, resolve
from reader.store.bookmarks import normalize_tags

_SPACE_OR_COMMA = re.compile(r"[\s,]+")


def clean_note(text: str | None) -> str:
    """A note as kept: controls removed, newlines kept, outer whitespace stripped."""
    return strip_controls(text or "").strip()


def tag_names(values: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored (see `normalize_tags`), where a multi-word tag ("Machine
    Learning") stays one ("machine-learning"). Applying it twice changes nothing."""
    pieces = []
    for value in values:
        piece = "-".join(_SPACE_OR_COMMA.split(clean_line(value).lower()))
        piece = piece.strip("-#")[:64].strip("-#")
        if piece:
            pieces.append(piece)
    return normalize_tags(pieces)


def unix_time(value: str | None) -> datetime | None:
    """A Netscape ADD_DATE (seconds since 1970; milli- and microseconds tolerated)."""
    if not value:
        return None
    try:
        number = int(float(value.strip()))
    except (ValueError, OverflowError):
        return None
    for _ in range(3):  # seconds, milliseconds, microseconds
        if number < 100_000_000_000:
            break
        number //= 1000
    if number <= 0:
        return None
    try:
        return datetime.fromtimestamp(number, UTC)
    except (ValueError, OverflowError, OSError):
        return None


def iso_time(value: Any) -> datetime | None:
    """An ISO 8601 text (or a unix time) as an aware UTC datetime, to the second."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return unix_time(str(value))
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return unix_time(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def address(value: Any) -> str | None:
    """The bookmark's address if it is one we keep (absolute http or https)."""
    if not isinstance(value, str):
        return None
    url = resolve(None, value)
    return url if url and is_followable(url) else None
