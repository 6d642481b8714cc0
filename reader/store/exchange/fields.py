"""A bookmark's fields as read from any file, made canonical: addresses (http
and https only), tags, notes and dates."""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from reader.core.sanitize import clean_line, strip_controls
from reader.core.urls import is_followable, resolve
from reader.store.bookmarks import normalize_tags
from reader.store.exchange.parsed import NOT_WEB, TOO_LONG, Tally

_SPACE_OR_COMMA = re.compile(r"[\s,]+")
_MARKUP = re.compile(r"<[^<>]*>")
#: Characters a tag never keeps: markup brackets and quotes (a tag is a word,
#: shown as "#word"; none of these belongs in one, and each can upset a
#: renderer that takes text for markup).
_NOT_IN_TAGS = re.compile(r"[\[\]<>{}\\\"'`]")

#: The longest title kept (longer ones are cut).
MAX_TITLE = 2_000
#: The longest note kept (longer ones are cut).
MAX_NOTE = 50_000
#: Tags kept per bookmark (the first ones in sorted order).
MAX_TAGS = 100
#: The longest address kept: longer ones are skipped ("address too long").
MAX_URL = 8_192


def clean_note(text: str | None) -> str:
    """A note as kept: controls removed, newlines kept, outer whitespace
    stripped, at most MAX_NOTE characters."""
    return strip_controls(text or "").strip()[:MAX_NOTE].strip()


def clean_title(value: Any) -> str:
    """A title as kept: one line, at most MAX_TITLE characters; '' for a non-string."""
    return clean_line(value[: MAX_TITLE * 4] if isinstance(value, str) else "")[:MAX_TITLE].strip()


def tag_names(values: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored (see `normalize_tags`), where a multi-word tag ("Machine
    Learning") stays one ("machine-learning"); markup, entities, brackets and
    quotes are dropped ("<b>News</b>" is "news"). At most MAX_TAGS. Applying
    it twice changes nothing."""
    return _tag_names(tuple(values))


@functools.lru_cache(maxsize=4096)
def _tag_names(values: tuple[str, ...]) -> tuple[str, ...]:
    """`tag_names` (cached: an export repeats the same few tags on every row)."""
    pieces = []
    for value in values:
        text = clean_line(value[:1024]).lower()
        if "<" in text or "&" in text:
            text = html.unescape(_MARKUP.sub("", text))
        text = clean_line(_NOT_IN_TAGS.sub("", text))
        piece = "-".join(_SPACE_OR_COMMA.split(text))
        piece = piece.strip("-#")[:64].strip("-#")
        if piece:
            pieces.append(piece)
    return normalize_tags(pieces)[:MAX_TAGS]


def split_tags(value: Any, separator: str) -> list[str]:
    """A tags field holding several tags, split on `separator` ('' for a non-string)."""
    if not isinstance(value, str):
        return []
    return [piece for piece in value[: 64 * 1024].split(separator) if piece.strip()]


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


def entry_address(value: Any, tally: Tally) -> str | None:
    """The entry's address if kept (see `address`); else None, with the reason
    counted in `tally` (an address past MAX_URL, or not an http(s) one)."""
    if isinstance(value, str) and len(value) > MAX_URL:
        tally.skip(TOO_LONG)
        return None
    url = address(value.strip() if isinstance(value, str) else value)
    if url is None or len(url) > MAX_URL:
        tally.skip(NOT_WEB if url is None else TOO_LONG)
        return None
    return url


def flag(value: Any) -> bool:
    """A yes/no field: true, 1, "1", "true", "yes" (any case) are yes."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "y")


def dated(tally: Tally, value: Any, *, unix: bool = False) -> datetime | None:
    """A time added (ISO 8601, or unix seconds with `unix`); a bad one is
    dropped and counted in `tally`."""
    try:
        if unix:
            return unix_time(value if isinstance(value, str) else None)
        return iso_time(value)
    except BadDate:
        tally.bad_dates += 1
        return None
