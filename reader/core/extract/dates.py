"""The published date, from the sources a page states it in, most trusted first:
JSON-LD `datePublished`, microdata `itemprop=datePublished`, publishing meta
tags, then a `<time>` or a visible date by the headline (not in sidebars, lists
or comments, never one labelled "Updated"), checked against the date in the
address. `parse_date` reads a date written in any of the common ways (month
names in several languages, time-zone abbreviations) as ISO 8601, keeping the
publisher's offset as given. A modified date is never taken as the published one.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from reader.core.extract.dom import class_tokens, tag_of, text_of
from reader.core.extract.jsonld import ld_text
from reader.core.sanitize import clean_line

#: Meta names of the publishing date, best first (never a modified date).
_META_NAMES = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "og:pubdate", "pubdate", "publishdate", "publish-date",
    "publish_date", "pub_date", "published_at", "published-date", "sailthru.date",
    "parsely-pub-date", "article.published", "dc.date.issued",
    "dcterms.issued", "dcterms.created", "dc.date.created", "dc.date", "dcterms.date",
    "citation_publication_date", "citation_date", "prism.publicationdate",
    "originalpublicationdate", "content_publish_date", "release_date", "date",
)  # fmt: skip
_DATE_TOKENS = frozenset(
    {"date", "time", "published", "pubdate", "timestamp", "dateline", "posted", "datetime",
     "tanggal", "waktu", "publish", "created", "schedule", "jadwal", "publishdate",
     "postdate", "entrydate", "datepublished", "publishedat", "publishtime", "fecha", "data",
     "datum"}
)  # fmt: skip
_NOT_PUBLISHED_TOKENS = frozenset(
    {"updated", "modified", "lastmodified", "lastupdated", "dateupdated", "datemodified",
     "edited", "revised"}
)  # fmt: skip
#: Tags and class/id words of places whose dates belong to other stories or to readers.
_ELSEWHERE_TAGS = frozenset({"nav", "form", "dialog", "menu"})
#: Class/id words of lists of other stories and of readers' comments.
_LIST_TOKENS = frozenset(
    {"sidebar", "related", "relateds", "terkait", "recommended", "recommendation",
     "recommendations", "rekomendasi", "popular", "populer", "terpopuler", "mostread",
     "mostpopular", "mostviewed", "trending", "latest", "terkini", "terbaru", "recent",
     "comment", "comments", "komentar", "disqus", "respond", "reply", "replies", "readalso",
     "bacajuga", "lihatjuga", "seealso", "moreon", "newsfeed", "ticker", "headlines",
     "pilihan", "lainnya", "beritalainnya"}
)  # fmt: skip
#: Class/id words of page chrome, unless the element also says it holds the story
#: ("content-and-menu" wraps the story).
_CHROME_TOKENS = frozenset(
    {"aside", "footer", "nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "more",
     "teaser", "teasers", "promo", "index", "indeks", "ads", "advert", "advertisement"}
)  # fmt: skip
_STORY_TOKENS = frozenset({"content", "article", "post", "story", "main", "body", "entry"})
_UPDATED_LABEL = re.compile(
    r"(?:updated?|modified|edited|revised|last\s+reviewed|diperbarui|diperbaharui|diupdate|"
    r"pembaruan|aktualisiert|geändert|mis\s+à\s+jour|actualizado|actualización|atualizado|"
    r"aggiornato|bijgewerkt|обновлено|изменено)\W{0,4}(?:\w+\W{1,3}){0,2}$",
    re.IGNORECASE,
)

_MONTHS = {
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
_URL_DATE = re.compile(
    r"(?<![\d])(\d{4})(?:/(\d{1,2})/|/([a-z]{3})/|-(\d{2})-)(\d{1,2})(?:[/_.-]|$)"
    r"|(?<=[/_-])((?:19|20)\d{6})(?=[/_.-]|$)",
    re.IGNORECASE,
)
_MICRODATA = (
    "//*[translate(@itemprop, 'DATEPUBLISHED', 'datepublished')='datepublished'"
    " or (self::meta and translate(@name, 'DATEPUBLISHED', 'datepublished')='datepublished')]"
)
_HEADINGS = frozenset({"h1", "h2", "h3"})
_TITLE_BLOCKS = frozenset({"div", "span", "p", "strong", "b", "header", "h4", "h5", "h6"})
_SHORT_TEXT = 14  # words: a byline line, not a paragraph of the story
_BEFORE_HEADING = 160
_AFTER_HEADING = 700
_NAME_KEY = re.compile(r"[\W_]+", re.UNICODE)


def find_published(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], url: str | None = None
) -> tuple[str | None, bool]:
    """(date, whether it came from structured data or the address rather than page text).

    `url` is the page's address: a date in its path is a source, and a date read off
    the page that contradicts it gives way to it.
    """
    structured = _not_future(_structured_date(root, meta, ld))
    if structured:
        return structured, True
    in_url = _not_future(url_date(url))
    times: list[str] = []
    visible = _not_future(_text_date(root, meta, ld, times))
    if visible and in_url:
        return (visible if visible[:10] == in_url else in_url), True
    if in_url:  # a <time> away from the headline, on the address's day, is that day's time
        return next((t for t in times if t[:10] == in_url), in_url), True
    return visible, False


def _structured_date(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]]
) -> str | None:
    found = (
        _ld_date(ld, "datePublished")
        or _microdata_date(root)
        or next(filter(None, (parse_date(meta.get(key)) for key in _META_NAMES)), None)
        or _ld_date(ld, "dateCreated")
        or parse_date(meta.get("datecreated"))
    )
    if found and (len(found) == 10 or found[16:19] == ":00"):
        # a day, or a time without seconds (read off a visible line): a more exact
        # statement of the same moment is better
        for value in (_ld_date(ld, "datePublished"), parse_date(meta.get(_META_NAMES[0]))):
            if value and value != found and _same_moment(found, value):
                return value
    return found


def _same_moment(rough: str, exact: str) -> bool:
    if len(rough) == 10:
        return exact[:10] == rough
    rough_offset = rough[19:]
    return exact[:16] == rough[:16] and rough_offset in ("", exact[19:].lstrip(".0123456789"))


def _ld_date(ld: list[dict[str, Any]], key: str) -> str | None:
    for obj in ld:
        value = parse_date(ld_text(obj.get(key)))
        if value:
            return value
    return None


def _microdata_date(root: HtmlElement) -> str | None:
    for el in root.xpath(_MICRODATA):
        if isinstance(el, HtmlElement) and not any(_in_list(a) for a in el.iterancestors()):
            value = parse_date(el.get("datetime") or el.get("content") or text_of(el))
            if value:
                return value
    return None


def _in_list(el: HtmlElement) -> bool:
    """A list of other stories, readers' comments, or a sidebar (not the story's own aside)."""
    if tag_of(el) in ("aside", "footer"):  # the story's own details, or the page's
        return not any(a.tag == "article" and a.xpath(".//h1|.//h2") for a in el.iterancestors())
    return bool(class_tokens(el) & _LIST_TOKENS)


def _is_elsewhere(el: HtmlElement) -> bool:
    """A list, a sidebar, comments, or page chrome: its dates are not the story's."""
    if tag_of(el) in _ELSEWHERE_TAGS or _in_list(el):
        return True
    tokens = class_tokens(el)
    return (bool(tokens & _CHROME_TOKENS) and not tokens & _STORY_TOKENS) or bool(
        tokens & _NOT_PUBLISHED_TOKENS
    )


def url_date(url: str | None) -> str | None:
    """The day in an address's path: /2015/11/05/, /2015/nov/05/, /2015-11-05-, -20151105/."""
    if not url:
        return None
    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        y, mo, mon, mo2, d, compact = match.groups()
        if compact:
            y, mo, d = compact[:4], compact[4:6], compact[6:]
        month = _MONTHS.get(mon.lower()) if mon else int(mo or mo2)
        if month:
            value = _build(y, str(month), d, None, None, None, None)
            if value:
                return value
    return None


def _text_date(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], times: list[str]
) -> str | None:
    """A <time> or a visible date beside the headline, nearest after it first.
    Every <time> outside sidebars and lists is added to `times`."""
    title_keys = {
        _NAME_KEY.sub("", t.casefold())
        for t in (meta.get("og:title"), meta.get("twitter:title"), meta.get("title"),
                  *(ld_text(obj.get("headline")) for obj in ld), _title_text(root))
        if t
    }  # fmt: skip
    title_keys.discard("")
    offset = 0
    elsewhere = 0
    stack: list[tuple[bool, int]] = []
    heading: tuple[int, int] | None = None
    fallback: dict[str, tuple[int, int]] = {}
    found: list[tuple[int, str]] = []
    recent = ""
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = tag_of(el)
        if event == "start":
            outside = tag not in ("", "html", "body") and _is_elsewhere(el)
            stack.append((outside, offset))
            elsewhere += outside
            if not elsewhere and tag:
                value = _element_date(el, tag, recent)
                if value:
                    found.append((offset, value))
                    times.append(value)
            text = (el.text or "") if tag else ""
            dated = bool(class_tokens(el) & _DATE_TOKENS) if tag else False
        else:
            outside, start = stack.pop()
            if not elsewhere and heading is None and 8 <= offset - start <= 400:
                kind = _heading_kind(el, tag, title_keys, offset - start)
                if kind == "heading":
                    heading = (start, offset)
                elif kind:
                    fallback.setdefault(kind, (start, offset))
            elsewhere -= outside
            text = el.tail or ""
            dated = False
        if text.strip():
            if not elsewhere and (dated or len(text.split()) <= _SHORT_TEXT):
                for at, value in _dates_in(text, recent):
                    found.append((offset + at, value))
            offset += len(text.strip()) + 1
            recent = (recent + text)[-80:]
    return _nearest(found, heading or fallback.get("block") or fallback.get("h1"))


def _heading_kind(el: HtmlElement, tag: str, title_keys: set[str], length: int) -> str | None:
    """ "heading" for an <h1>-<h3> showing the title, "block" for another element
    showing it, "h1" for an <h1> that does not (a fallback), else None."""
    if tag in _HEADINGS:
        if title_keys and _matches_title(el, title_keys):
            return "heading"
        return "h1" if tag == "h1" and length >= 12 else None
    if tag in _TITLE_BLOCKS and title_keys and _matches_title(el, title_keys):
        return "block"
    return None


def _element_date(el: HtmlElement, tag: str, recent: str) -> str | None:
    """The date a <time> or a date-classed element states, unless it is a modified date."""
    tokens = class_tokens(el)
    if tokens & _NOT_PUBLISHED_TOKENS or "modified" in (el.get("itemprop") or "").lower():
        return None
    if tag == "time" or el.get("datetime"):
        if _UPDATED_LABEL.search(recent[-40:]):
            return None
        return parse_date(el.get("datetime")) or _first_date(text_of(el), recent)
    return None


def _first_date(text: str, recent: str) -> str | None:
    return next((value for _, value in _dates_in(text, recent)), None)


def _dates_in(text: str, before: str) -> list[tuple[int, str]]:
    """(position, date) of each date written in a text node, skipping "Updated ..." ones."""
    if len(text) > 2000 or not any(c.isdigit() for c in text):
        return []
    out = []
    for start, value in _scan(text):
        label = (before + text[:start])[-40:]
        if not _UPDATED_LABEL.search(label):
            out.append((start, value))
    return out


def _nearest(found: list[tuple[int, str]], heading: tuple[int, int] | None) -> str | None:
    if heading is None:
        return None
    start, end = heading
    after = [(at - end, v) for at, v in found if end <= at <= end + _AFTER_HEADING]
    if after:  # ties: the first found, a <time>'s own datetime before its text
        return min(after, key=lambda item: item[0])[1]
    before = [(start - at, v) for at, v in found if start - _BEFORE_HEADING <= at < start]
    return min(before, key=lambda item: item[0])[1] if before else None


def _matches_title(el: HtmlElement, title_keys: set[str]) -> bool:
    key = _NAME_KEY.sub("", text_of(el).casefold())
    if len(key) < 8:
        return False
    return any(
        key == t or (key in t and len(key) * 2 >= len(t)) or (t in key and len(t) * 2 >= len(key))
        for t in title_keys
    )


def _title_text(root: HtmlElement) -> str:
    title = root.find(".//title")
    return text_of(title) if title is not None else ""


def _not_future(value: str | None) -> str | None:
    """None for a date after tomorrow (an event's date, or a wrong clock)."""
    if value and value[:10] > (date.today() + timedelta(days=1)).isoformat():
        return None
    return value


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
    return next((value for _, value in _scan(text)), None)


def _scan(text: str) -> list[tuple[int, str]]:
    """(position, ISO date) of every date written in `text`, in order."""
    out: list[tuple[int, str]] = []
    for match in _DMY.finditer(text):
        d, mon, y, h, mi, s, ampm, tz = match.groups()
        month = _MONTHS.get(mon.lower())
        value = _build(y, str(month), d, _hour(h, ampm), mi, s, tz) if month else None
        if value:
            out.append((match.start(), value))
    for match in _MDY.finditer(text):
        mon, d, y, h, mi, s, ampm, tz = match.groups()
        month = _MONTHS.get(mon.lower())
        value = _build(y, str(month), d, _hour(h, ampm), mi, s, tz) if month else None
        if value:
            out.append((match.start(), value))
    for match in _YMD.finditer(text):
        y, mo, d, h, mi, s, ampm, tz = match.groups()
        value = _build(y, mo, d, _hour(h, ampm), mi, s, tz)
        if value:
            out.append((match.start(), value))
    for match in _DMY_NUMERIC.finditer(text):
        d, mo, y, h, mi, s, ampm, tz = match.groups()
        value = _build(y, mo, d, _hour(h, ampm), mi, s, tz) or _build(
            y, d, mo, _hour(h, ampm), mi, s, tz
        )
        if value:
            out.append((match.start(), value))
    for match in _CJK.finditer(text):
        y, mo, d = match.groups()
        value = _build(y, mo, d, None, None, None, None)
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


def _build(  # noqa: PLR0917 - the groups of a date regex, in order
    y: str, mo: str, d: str, h: str | None, mi: str | None, s: str | None, tz: str | None
) -> str | None:
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
