"""A bookmark's fields as read from any file, made canonical: addresses (http
and https only), tags, notes and dates."""

from __future__ import annotations

import math
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


#: Dates a bookmark can carry: none before the web's first years (unix time 1
#: is the earliest a timestamp can say), none after this far future.
EARLIEST = datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)


class BadDate(ValueError):
    """A date is given but unusable: not a date, or out of range (before
    1970, after 2999, or past what a datetime can hold once converted to UTC)."""


def unix_time(value: str | None) -> datetime | None:
    """A Netscape ADD_DATE (seconds since 1970; milli- and microseconds
    tolerated). None when missing or 0 (browsers write 0 for "unknown");
    BadDate when given but not a usable date."""
    if value is None or not value.strip():
        return None
    try:
        number = float(value.strip())
    except ValueError:
        raise BadDate("not a date") from None
    if not math.isfinite(number):
        raise BadDate("not a date")
    if number == 0:
        return None
    for _ in range(3):  # seconds, milliseconds, microseconds
        if abs(number) < 100_000_000_000:
            break
        number /= 1000
    if number < 0:
        raise BadDate("before 1970")
    try:
        moment = datetime.fromtimestamp(int(number), UTC)
    except (ValueError, OverflowError, OSError):
        raise BadDate("out of range") from None
    return _in_range(moment)


def iso_time(value: Any) -> datetime | None:
    """An ISO 8601 text (or a unix time) as an aware UTC datetime, to the
    second. None when missing; BadDate when given but not a usable date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise BadDate("not a date")
    if isinstance(value, int | float):
        return unix_time(repr(value) if isinstance(value, float) else str(value))
    if not isinstance(value, str):
        raise BadDate("not a date")
    text = value.strip()
    if text.isdigit():
        return unix_time(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        # Year 1 at +01:00 is before year 1 in UTC: OverflowError.
        moment = moment.astimezone(UTC).replace(microsecond=0)
    except (ValueError, OverflowError):
        raise BadDate("not a date, or out of range") from None
    return _in_range(moment)


def _in_range(moment: datetime) -> datetime:
    if not EARLIEST <= moment <= LATEST:
        raise BadDate("out of range")
    return moment


def address(value: Any) -> str | None:
    """The bookmark's address if it is one we keep (absolute http or https)."""
    if not isinstance(value, str):
        return None
    url = resolve(None, value)
    return url if url and is_followable(url) else None
