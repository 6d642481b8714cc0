"""The published date, from the sources a page states it in, most trusted first:
JSON-LD `datePublished`, microdata `itemprop=datePublished`, publishing meta
tags, then a `<time>` or a visible date by the headline (not in sidebars, lists
or comments, never one labelled "Updated"), checked against the date in the
address. Dates are read by `datetext.parse_date` (re-exported here), which keeps
the publisher's offset as given. A modified date is never taken as the published one.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from reader.core.extract.datetext import MONTHS, build_date, parse_date, scan_dates
from reader.core.extract.dom import class_tokens, tag_of, text_of
from reader.core.extract.jsonld import ld_text

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
     "teaser", "teasers", "promo", "ads", "advert", "advertisement"}
)  # fmt: skip
_STORY_TOKENS = frozenset({"content", "article", "post", "story", "main", "body", "entry"})
_UPDATED_LABEL = re.compile(
    r"(?:updated?|modified|edited|revised|last\s+reviewed|diperbarui|diperbaharui|diupdate|"
    r"pembaruan|aktualisiert|geändert|mis\s+à\s+jour|actualizado|actualización|atualizado|"
    r"aggiornato|bijgewerkt|обновлено|изменено)\W{0,4}(?:\w+\W{1,3}){0,2}$",
    re.IGNORECASE,
)

#: A label saying the date after it is the publishing date.
_PUBLISHED_LABEL = re.compile(
    r"\b(?:published|posted|diterbitkan|dipublikasikan|publicado|publié|veröffentlicht|"
    r"pubblicato|gepubliceerd|опубликовано)\b",
    re.IGNORECASE,
)

_URL_DATE = re.compile(
    r"(?<![\d])(\d{4})(?:/(\d{1,2})/|/([a-z]{3})/|-(\d{2})-)(\d{1,2})(?:[/_.-]|$)"
    r"|(?<=[/_-])((?:19|20)\d{6})(?=[/_.-]|$)",
    re.IGNORECASE,
)
_HEADINGS = frozenset({"h1", "h2", "h3"})
_TITLE_BLOCKS = frozenset({"div", "span", "p", "strong", "b", "header", "h4", "h5", "h6"})
_SEARCH_LIMIT = 20_000  # characters of page text to look through for the headline
_SHORT_TEXT = 14  # words: a byline line, not a paragraph of the story
_BEFORE_HEADING = 160
_AFTER_HEADING = 700
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«)\s+")
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
        or _microdata_date(root, meta)
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


def _microdata_date(root: HtmlElement, meta: dict[str, str]) -> str | None:
    seen = False
    for el in root.xpath("//*[@itemprop]"):
        if not isinstance(el, HtmlElement) or el.get("itemprop", "").lower() != "datepublished":
            continue
        seen = True
        if not any(_in_list(a, tag_of(a), class_tokens(a)) for a in el.iterancestors()):
            value = parse_date(el.get("datetime") or el.get("content") or text_of(el))
            if value:
                return value
    return None if seen else parse_date(meta.get("datepublished"))  # <meta name=datePublished>


def _in_list(el: HtmlElement, tag: str, tokens: frozenset[str]) -> bool:
    """A list of other stories, readers' comments, or a sidebar (not the story's own aside)."""
    if tag in ("aside", "footer"):  # the story's own details, or the page's
        return not any(a.tag == "article" and a.xpath(".//h1|.//h2") for a in el.iterancestors())
    return bool(tokens & _LIST_TOKENS)


def _is_elsewhere(el: HtmlElement, tag: str, tokens: frozenset[str]) -> bool:
    """A list, a sidebar, comments, page chrome, or a modified date: its dates
    are not the story's publishing date. A wrapper named for the modified date
    that labels a date inside it "Published" is not skipped (its "Updated"
    date is, by its label or its own class)."""
    if tag in _ELSEWHERE_TAGS or _in_list(el, tag, tokens):
        return True
    if tokens & _CHROME_TOKENS and not tokens & _STORY_TOKENS:
        return True
    return bool(tokens & _NOT_PUBLISHED_TOKENS) and not _PUBLISHED_LABEL.search(text_of(el)[:200])


def url_date(url: str | None) -> str | None:
    """The day in an address's path: /2015/11/05/, /2015/nov/05/, /2015-11-05-, -20151105/."""
    if not url:
        return None
    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        y, mo, mon, mo2, d, compact = match.groups()
        if compact:
            y, mo, d = compact[:4], compact[4:6], compact[6:]
        month = MONTHS.get(mon.lower()) if mon else int(mo or mo2)
        if month:
            value = build_date(y, str(month), d, None, None, None, None)
            if value:
                return value
    return None


def _text_date(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], times: list[str]
) -> str | None:
    """A <time> or a visible date beside the headline, nearest after it first.
    Every <time> outside sidebars and lists is added to `times`."""
    titles = [
        t
        for t in (meta.get("og:title"), meta.get("twitter:title"), meta.get("title"),
                  *(ld_text(obj.get("headline")) for obj in ld), _title_text(root))
        if t
    ]  # fmt: skip
    # each title, and its longest part between separators (the site's name left out)
    parts = [max(_TITLE_SEPARATORS.split(t), key=len) for t in titles]
    title_keys = {_NAME_KEY.sub("", t.casefold()) for t in titles + parts}
    title_keys.discard("")
    body = root.find("body")
    if body is None:
        return None
    low = max(8, min((len(k) for k in title_keys), default=16) // 2)
    high = max((len(k) for k in title_keys), default=130) * 3 + 40
    offset = 0
    elsewhere = 0
    stack: list[tuple[bool, int]] = []
    heading: tuple[int, int] | None = None
    fallback: dict[str, tuple[int, int]] = {}
    found: list[tuple[int, str]] = []
    recent = ""
    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = tag_of(el)
        if event == "start":
            tokens = class_tokens(el) if tag else frozenset()
            outside = tag != "body" and bool(tag) and _is_elsewhere(el, tag, tokens)
            stack.append((outside, offset))
            elsewhere += outside
            if not elsewhere and tag:
                value = _element_date(el, tag, tokens, recent)
                if value:
                    found.append((offset, value))
                    times.append(value)
            text = (el.text or "") if tag else ""
            dated = bool(tokens & _DATE_TOKENS)
        else:
            outside, start = stack.pop()
            if not elsewhere and heading is None and low <= offset - start <= high:
                kind = _heading_kind(el, tag, title_keys, offset - start)
                if kind == "heading":
                    heading = (start, offset)
                elif kind:
                    fallback.setdefault(kind, (start, offset))
            elsewhere -= outside
            text = el.tail or ""
            dated = False
            if offset > (heading[1] + _AFTER_HEADING if heading else _SEARCH_LIMIT):
                break  # past the headline's neighbourhood, or no headline this far in
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


def _element_date(el: HtmlElement, tag: str, tokens: frozenset[str], recent: str) -> str | None:
    """The date a <time> (or an element with a datetime) states, unless it is a modified date."""
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
    for start, value in scan_dates(text):
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


__all__ = ["find_published", "parse_date", "url_date"]
