"""The published date: where the page states it (JSON-LD, meta tags, microdata,
then <time> and date-like classes in the text), and `parse_date`, which reads a
date written in any of the common ways (English and Indonesian month names,
time-zone abbreviations) as ISO 8601.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from lxml.html import HtmlElement

from reader.core.extract.dom import class_tokens, tag_of, text_of
from reader.core.extract.jsonld import ld_text
from reader.core.sanitize import clean_line

_DATE_TOKENS = frozenset(
    {"date", "time", "published", "pubdate", "timestamp", "dateline", "posted", "datetime",
     "tanggal", "waktu", "publish", "created"}
)  # fmt: skip

_MONTHS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    # Indonesian
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "mei": 5, "juni": 6, "juli": 7,
    "agu": 8, "agt": 8, "agustus": 8, "okt": 10, "oktober": 10, "nop": 11, "nopember": 11,
    "des": 12, "desember": 12,
}  # fmt: skip
_TZ_ABBREVIATIONS = {
    "wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4,
    "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "bst": 1, "cet": 1,
    "cest": 2, "ist": 5.5, "jst": 9, "kst": 9, "sgt": 8, "aest": 10, "aedt": 11,
}  # fmt: skip
_DMY = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})"
    r"(?:[,\s|\-]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(am|pm)?)?\s*([A-Za-z]{1,4}\b)?",
    re.IGNORECASE,
)
_MDY = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
    r"(?:[,\s|\-at]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?)?\s*([A-Za-z]{1,4}\b)?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
    r"|\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[,\s]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$")


def find_published(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], url: str | None = None
) -> tuple[str | None, bool]:
    """(date, whether it came from structured data rather than page text).
    `url` is the page's address (a date in its path is a source)."""
    structured = _structured_date(root, meta, ld)
    if structured:
        return structured, True
    return _text_date(root), False


def _structured_date(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]]
) -> str | None:
    for obj in ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            value = parse_date(ld_text(obj.get(key)))
            if value:
                return value
    for key in (
        "article:published_time", "og:article:published_time", "datepublished", "pubdate",
        "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
        "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published",
        "originalpublicationdate", "content_publish_date", "release_date", "og:published_time",
    ):  # fmt: skip
        value = parse_date(meta.get(key))
        if value:
            return value
    for el in root.iter():
        if (el.get("itemprop") or "").lower() == "datepublished":
            value = parse_date(el.get("datetime") or el.get("content") or text_of(el))
            if value:
                return value
    return None


def _text_date(root: HtmlElement) -> str | None:
    for el in root.iter("time"):
        value = parse_date(el.get("datetime") or text_of(el))
        if value:
            return value
    for el in root.iter():
        tag = tag_of(el)
        if tag in ("", "html", "body", "head", "script", "style") or len(el) > 8:
            continue
        if class_tokens(el) & _DATE_TOKENS:
            text = text_of(el)
            if len(text) <= 120:
                value = parse_date(text)
                if value:
                    return value
    return None


def parse_date(text: str | None) -> str | None:
    """ISO 8601 form of a date written in any of the common ways, or None.

    Date-only values give "YYYY-MM-DD"; values with a time keep their offset
    when one is known.
    """
    text = clean_line(text)
    if not text or len(text) > 200:
        return None
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        pass
    else:
        return _iso(parsed, has_time=len(text) > 10)
    compact = _COMPACT.match(text)
    if compact:
        y, mo, d, h, mi, s = compact.groups()
        return _build(y, mo, d, h, mi, s, None)
    if re.search(r"\d{1,2}:\d{2}", text) and "," in text[:5]:
        try:
            return _iso(parsedate_to_datetime(text), has_time=True)
        except (TypeError, ValueError, IndexError):
            pass
    for match in _DMY.finditer(text):
        d, mon, y, h, mi, s, ampm, tz = match.groups()
        month = _MONTHS.get(mon.lower())
        if month:
            return _build(y, str(month), d, _hour(h, ampm), mi, s, tz)
    for match in _MDY.finditer(text):
        mon, d, y, h, mi, s, ampm, tz = match.groups()
        month = _MONTHS.get(mon.lower())
        if month:
            return _build(y, str(month), d, _hour(h, ampm), mi, s, tz)
    numeric = _NUMERIC.search(text)
    if numeric:
        g = numeric.groups()
        if g[0]:
            return _build(g[0], g[1], g[2], g[3], g[4], g[5], None)
        return _build(g[8], g[7], g[6], g[9], g[10], g[11], None)
    return None


def _hour(hour: str | None, ampm: str | None) -> str | None:
    if hour is None or not ampm:
        return hour
    h = int(hour) % 12
    if ampm.lower().startswith("p"):
        h += 12
    return str(h)


def _build(  # noqa: PLR0917 - the groups of a date regex, in order
    y: str, mo: str, d: str, h: str | None, mi: str | None, s: str | None, tz: str | None
) -> str | None:
    try:
        year, month, day = int(y), int(mo), int(d)
        if not 1990 <= year <= 2100:
            return None
        if h is None:
            return datetime(year, month, day).date().isoformat()
        offset = _TZ_ABBREVIATIONS.get((tz or "").lower())
        tzinfo = timezone(timedelta(hours=offset)) if offset is not None else None
        value = datetime(year, month, day, int(h), int(mi or 0), int(s or 0), tzinfo=tzinfo)
    except ValueError:
        return None
    return value.isoformat()


def _iso(value: datetime, *, has_time: bool) -> str | None:
    if not 1990 <= value.year <= 2100:
        return None
    if not has_time:
        return value.date().isoformat()
    if value.tzinfo is not None and value.utcoffset() == timedelta(0):
        value = value.astimezone(UTC)
    return value.isoformat()
