"""Text and dates of feed entries: HTML to plain sanitized text, one-line
titles, bounded summaries, and dates read from the publisher's own string
(so that its offset is kept)."""

from __future__ import annotations

import html as htmllib
import re
from datetime import UTC, datetime, timedelta

from reader.core.fetch.meta_refresh import without_invisible
from reader.core.sanitize import clean_line, clean_text

__all__ = [
    "MAX_SUMMARY",
    "html_to_text",
    "parse_date",
    "plain_title",
    "sane_date",
    "summary_text",
    "title_from",
    "without_bad_char_refs",
]

#: Summaries are cut to this many characters (at a word).
MAX_SUMMARY = 2000
#: HTML longer than this is cut before it is turned into text (a summary needs
#: only its start; content:encoded may hold a whole article).
_MAX_HTML = 40_000
#: Titles longer than this are cut (at a word).
_MAX_TITLE = 300
#: An untitled entry's title from its summary: this many characters at most.
_TITLE_FROM_SUMMARY = 90
#: Dates before this year are taken for errors (epoch 0, "1970-01-01").
_EARLIEST_YEAR = 1990
#: Dates further in the future than this are taken for errors.
_FUTURE_SLACK = timedelta(days=2)

_BREAK = re.compile(
    r"<(?:br|/?p|/?div|/?li|/?h[1-6]|/?blockquote|/?tr|/?ul|/?ol|/?pre|/?table|hr)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^<>]*>")
_LOOKS_LIKE_TAG = re.compile(r"<(?:[a-zA-Z][\w:-]*|/[a-zA-Z][\w:-]*)(?:\s[^<>]*)?/?>")
_CHAR_REF = re.compile(r"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def html_to_text(markup: str, *, limit: int = _MAX_HTML) -> str:
    """Plain multi-line text from an HTML fragment: scripts and styles
    dropped, block ends as line breaks, tags removed, entities decoded,
    sanitized. Linear in the input (which is cut at `limit` characters)."""
    if not markup:
        return ""
    text = markup[:limit]
    if "<" in text:
        text = without_invisible(text)
        text = _BREAK.sub("\n", text)
        text = _TAG.sub("", text)
    return clean_text(htmllib.unescape(text))


def plain_title(text: str, *, is_html: bool = False) -> str:
    """A one-line title: HTML (when marked so, or plainly tags) stripped,
    entities decoded (feeds often escape them twice), sanitized, bounded."""
    if not text:
        return ""
    if is_html or _LOOKS_LIKE_TAG.search(text):
        text = html_to_text(text, limit=4 * _MAX_TITLE)
    elif "&" in text and _ENTITY.search(text):
        text = htmllib.unescape(text)
    return _cut(clean_line(text), _MAX_TITLE)


def summary_text(markup: str, *, is_html: bool = True) -> str:
    """A summary: plain sanitized text of at most `MAX_SUMMARY` characters."""
    text = html_to_text(markup) if is_html else clean_text(markup[:_MAX_HTML])
    return _cut(text, MAX_SUMMARY)


def title_from(summary: str, url: str) -> str:
    """A title for an untitled entry: the start of its summary, else its URL."""
    line = clean_line(summary)
    if line:
        return _cut(line, _TITLE_FROM_SUMMARY)
    return clean_line(url)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def parse_date(raw: str | None) -> datetime | None:
    """A timezone-aware datetime from an RFC 822 or ISO 8601 / RFC 3339 date
    string, the writer's offset kept (a naive time is read as UTC); None when
    unreadable. No range check: see `sane_date`."""
    if not raw:
        return None
    text = clean_line(raw)[:80]
    if not text:
        return None
    when = _rfc822(text) if not text[:4].isdigit() else None
    if when is None:
        when = _iso(text)
    if when is None:
        when = _rfc822(text)
    if when is None:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _rfc822(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if len(text) > 10 and text[10] == " " else text
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def sane_date(when: datetime | None, now: datetime | None = None) -> datetime | None:
    """`when`, or None when it is before 1990 or more than two days ahead of `now`."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    try:
        if when.year < _EARLIEST_YEAR or when > current + _FUTURE_SLACK:
            return None
    except OverflowError:  # pragma: no cover - datetime arithmetic at year 9999
        return None
    return when


def without_bad_char_refs(text: str) -> str:
    """XML text without the numeric character references XML forbids (NUL,
    C0 controls but tab and newlines, surrogates, beyond U+10FFFF): parsers
    in recovery mode turn them into characters that cannot be encoded."""
    if "&#" not in text:
        return text
    return _CHAR_REF.sub(_char_ref, text)


def _char_ref(match: re.Match[str]) -> str:
    ref = match.group(1)
    code = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF:
        return match.group(0)
    return ""
