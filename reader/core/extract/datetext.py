"""Reading a date written in any of the common ways as ISO 8601: ISO forms,
compact YYYYMMDD, e-mail dates, day-month-year and month-day-year with month names
in English, Indonesian, Malay, Dutch, German, French, Spanish, Portuguese, Italian
and Russian, numeric day/month/year, and Korean/Japanese/Chinese year-month-day;
with a clock time, am/pm, and a zone (abbreviation such as WIB/WITA/WIT/EST, or
an offset such as +0700 or GMT+7). The offset is kept as written, never
converted (a zero offset is written +00:00).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from reader.core.sanitize import clean_line

MONTHS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    # Indonesian and Malay
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "mei": 5, "juni": 6, "juli": 7,
    "agu": 8, "agt": 8, "agus": 8, "agustus": 8, "okt": 10, "oktober": 10, "nop": 11,
    "nopember": 11, "des": 12, "desember": 12, "mac": 3, "ogos": 8, "dis": 12, "disember": 12,
    # Dutch and German
    "maart": 3, "mrt": 3, "augustus": 8, "januar": 1, "februar": 2, "märz": 3, "mär": 3,
    "mai": 5, "dezember": 12, "dez": 12, "okt.": 10,
    # French
    "janvier": 1, "janv": 1, "février": 2, "févr": 2, "fevrier": 2, "mars": 3, "avril": 4,
    "avr": 4, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
    # Spanish, Portuguese, Italian
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
    "junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
    "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12, "janeiro": 1,
    "fevereiro": 2, "fev": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "set": 9, "outubro": 10, "out": 10, "novembro": 11, "dezembro": 12,
    "gennaio": 1, "gen": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "mag": 5, "giugno": 6,
    "giu": 6, "luglio": 7, "lug": 7, "settembre": 9, "ottobre": 10, "ott": 10, "dicembre": 12,
    # Russian (genitive, as dates are written)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
_TZ_ABBREVIATIONS = {
    "wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4,
    "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "bst": 1, "cet": 1,
    "cest": 2, "ist": 5.5, "jst": 9, "kst": 9, "sgt": 8, "aest": 10, "aedt": 11, "myt": 8,
    "pht": 8, "ict": 7, "hkt": 8, "msk": 3, "eet": 2, "eest": 3, "wet": 0, "west": 1,
}  # fmt: skip
_MONTH_WORD = r"([^\W\d_]{3,10})\.?"
_CLOCK = (
    r"(?:(?:\s*(?:,|\||-|–|—|/|@|T|at|um|à|às|alle|a\s+las|pukul|jam|pkl\.?))*\s*"
    r"(\d{1,2})[:.h](\d{2})(?:[:.](\d{2}))?\s*([ap]\.?\s?m\b\.?)?"
    r"\s*\(?((?:GMT|UTC)\s*[+-]\d{1,2}(?::?\d{2})?(?!\d)|[+-]\d{2}:?\d{2}(?!\d)"
    r"|[A-Za-z]{1,5}(?![A-Za-z]))?)?"
)
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+|of\s+)?" + _MONTH_WORD
    + r",?\s*(?:de\s+)?(\d{4})(?!\d)(?:\s*г\.?)?" + _CLOCK,
    re.IGNORECASE,
)  # fmt: skip
_MDY = re.compile(
    _MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)" + _CLOCK, re.IGNORECASE
)
_YMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)" + _CLOCK, re.IGNORECASE)
_DMY_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)" + _CLOCK)
_CJK = re.compile(r"(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$")


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
        return build_date(y, mo, d, h, mi, s, None)
    if re.search(r"\d{1,2}:\d{2}", text) and "," in text[:5]:
        try:
            return _iso(parsedate_to_datetime(text), has_time=True)
        except (TypeError, ValueError, IndexError):
            pass
    return next((value for _, value in scan_dates(text)), None)


def scan_dates(text: str) -> list[tuple[int, str]]:
    """(position, ISO date) of every date written in `text`, in order."""
    out: list[tuple[int, str]] = []
    for match in _DMY.finditer(text):
        d, mon, y, h, mi, s, ampm, tz = match.groups()
        month = MONTHS.get(mon.lower())
        value = build_date(y, str(month), d, _hour(h, ampm), mi, s, tz) if month else None
        if value:
            out.append((match.start(), value))
    for match in _MDY.finditer(text):
        mon, d, y, h, mi, s, ampm, tz = match.groups()
        month = MONTHS.get(mon.lower())
        value = build_date(y, str(month), d, _hour(h, ampm), mi, s, tz) if month else None
        if value:
            out.append((match.start(), value))
    for match in _YMD.finditer(text):
        y, mo, d, h, mi, s, ampm, tz = match.groups()
        value = build_date(y, mo, d, _hour(h, ampm), mi, s, tz)
        if value:
            out.append((match.start(), value))
    for match in _DMY_NUMERIC.finditer(text):
        d, mo, y, h, mi, s, ampm, tz = match.groups()
        value = build_date(y, mo, d, _hour(h, ampm), mi, s, tz) or build_date(
            y, d, mo, _hour(h, ampm), mi, s, tz
        )
        if value:
            out.append((match.start(), value))
    for match in _CJK.finditer(text):
        y, mo, d = match.groups()
        value = build_date(y, mo, d, None, None, None, None)
        if value:
            out.append((match.start(), value))
    out.sort(key=lambda item: item[0])
    return out


def _hour(hour: str | None, ampm: str | None) -> str | None:
    if hour is None or not ampm:
        return hour
    h = int(hour) % 12
    if ampm.lower().startswith("p"):
        h += 12
    return str(h)


def _offset(tz: str | None) -> timezone | None:
    if not tz:
        return None
    numeric = tz.upper().removeprefix("GMT").removeprefix("UTC").strip()
    if numeric[:1] in ("+", "-"):
        digits = numeric[1:].replace(":", "")
        hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
        total = int(hours) * 60 + int(minutes)
        if total > 14 * 60 or int(minutes) >= 60:
            return None
        return timezone(timedelta(minutes=total if numeric[0] == "+" else -total))
    known = _TZ_ABBREVIATIONS.get(tz.lower())
    return timezone(timedelta(hours=known)) if known is not None else None


def build_date(  # noqa: PLR0917 - the groups of a date regex, in order
    y: str, mo: str, d: str, h: str | None, mi: str | None, s: str | None, tz: str | None
) -> str | None:
    """ "YYYY-MM-DD", or the date and time (with the zone's offset when known), or None
    for a day that does not exist or a year outside 1990-2100."""
    try:
        year, month, day = int(y), int(mo), int(d)
        if not 1990 <= year <= 2100:
            return None
        if h is None:
            return datetime(year, month, day).date().isoformat()
        value = datetime(year, month, day, int(h), int(mi or 0), int(s or 0), tzinfo=_offset(tz))
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
