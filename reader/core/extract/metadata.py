"""Article metadata: title, byline, published date, site name and declared language.

Sources, best first: JSON-LD, OpenGraph / article meta tags, microdata and
common byline/date markup, then the <title> with the site suffix stripped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from lxml.html import HtmlElement

from reader.core.extract.dom import class_tokens, spaced_text, tag_of, text_of
from reader.core.sanitize import clean_line
from reader.core.urls import host_of

_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
     "scholarlyarticle", "liveblogposting", "report", "socialmediaposting", "posting"}
)  # fmt: skip
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«|/|:)\s+")
_BYLINE_PREFIX = re.compile(
    r"^(?:by|from|written by|oleh|penulis|pewarta|reporter|editor|reporter\s*/\s*editor|laporan|"
    r"von|par|por|di|door|автор)\s*[:\-–—]?\s+",
    re.IGNORECASE,
)
_BYLINE_TOKENS = frozenset(
    {"byline", "author", "authors", "writer", "penulis", "reporter", "byl", "contributor",
     "creator", "autor", "auteur", "journalist"}
)  # fmt: skip
_DATE_TOKENS = frozenset(
    {"date", "time", "published", "pubdate", "timestamp", "dateline", "posted", "datetime",
     "tanggal", "waktu", "publish", "created"}
)  # fmt: skip
_NOT_BYLINE_TAGS = frozenset(
    {"html", "body", "meta", "script", "a", "label", "input", "form", "img", "ul", "ol", "nav"}
)
_MEDIA_TOKENS = frozenset(
    {"photo", "foto", "image", "img", "picture", "caption", "credit", "credits", "media",
     "gallery", "figure", "thumb", "thumbnail", "video"}
)  # fmt: skip
_BYLINE_LABEL = re.compile(
    r"^(?:by|oleh|penulis|pewarta|reporter|written\s+by|author|autor|auteur|von|por|door)\b"
    r"\s*[:：]?",
    re.IGNORECASE,
)
_COMMENT_TOKENS = frozenset({"comment", "comments", "respond", "reply", "komentar", "disqus"})
_ORG = re.compile(
    r"\b(?:PT\.?|Media|Cyber|Corp\.?|Inc\.?|Ltd\.?|Group|Network|Newsroom|Online)\b|\.com\b",
    re.IGNORECASE,
)
# The lookbehind: a run of separators is tried from its start only, not
# rescanned from each of its characters (quadratic on a long byline).
_ROLE_SUFFIX = re.compile(
    r"(?<![\s,|/–—-])[\s,|/–—-]+(?:jurnalis|wartawan|journalist|reporter|staff\s+writer|"
    r"contributor|kontributor|correspondent|koresponden)\s*$",
    re.IGNORECASE,
)
_USERNAMES = frozenset(
    {"admin", "administrator", "editor", "staff", "redaksi", "webmaster", "user"}
)
_DATE_TAIL = re.compile(
    r"\s*(?:\b(?:mon|tue|wed|thu|fri|sat|sun|senin|selasa|rabu|kamis|jumat|sabtu|minggu)\w*,?\s*)?"
    r"(?:\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}).*$",
    re.IGNORECASE,
)
_URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|net|org)/", re.IGNORECASE)
_SPACE_KEY = re.compile(r"[\W_]+", re.UNICODE)

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


@dataclass(frozen=True)
class Metadata:
    """What the page says about the article."""

    title: str = ""
    byline: str | None = None
    published: str | None = None
    site_name: str | None = None
    lang: str | None = None
    published_from_text: bool = False
    """True when the date was read off the page text (<time>, date classes), which
    on a page that is not an article is usually just today's date."""
    description: str | None = None
    image: str | None = None


def read_json_ld(root: HtmlElement) -> list[dict[str, Any]]:
    """Article-like JSON-LD objects of the page; call before scripts are pruned."""
    return list(_json_ld_articles(root))


def extract_metadata(
    root: HtmlElement, url: str | None, ld: list[dict[str, Any]] | None = None
) -> Metadata:
    """Read the metadata of a parsed page. `ld` comes from `read_json_ld` when the
    scripts have already been pruned."""
    meta = _meta_tags(root)
    if ld is None:
        ld = read_json_ld(root)
    site = _site_name(root, meta, ld, url)
    published, structured = _published(root, meta, ld)
    return Metadata(
        title=_title(root, meta, ld, site),
        byline=_byline(root, meta, ld, site),
        published=published,
        published_from_text=published is not None and not structured,
        site_name=site,
        lang=_declared_lang(root, meta, ld),
        description=clean_line(meta.get("og:description") or meta.get("description")) or None,
        image=meta.get("og:image") or None,
    )


# -- sources -----------------------------------------------------------------


def _meta_tags(root: HtmlElement) -> dict[str, str]:
    """name/property/itemprop/http-equiv -> content, first occurrence wins."""
    out: dict[str, str] = {}
    for el in root.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                out.setdefault(key.strip().lower(), content.strip())
    return out


def _json_ld_articles(root: HtmlElement) -> Iterator[dict[str, Any]]:
    """Article-like JSON-LD objects, outermost first."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        yield from _ld_walk(data, 0)


def _ld_walk(node: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(node, list):
        for item in node:
            yield from _ld_walk(item, depth + 1)
    elif isinstance(node, dict):
        types = node.get("@type")
        type_names = {str(t).lower() for t in (types if isinstance(types, list) else [types])}
        if type_names & _ARTICLE_TYPES:
            yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                yield from _ld_walk(node[key], depth + 1)


def _ld_text(value: Any) -> str:
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("@value") or "")
    if isinstance(value, list) and value:
        return _ld_text(value[0])
    return ""


def _ld_names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return [clean_line(str(n)) for n in name if n]
        return [clean_line(str(name))] if name else []
    if isinstance(value, str):
        return [clean_line(value)]
    return []


# -- site name ---------------------------------------------------------------


def _site_name(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], url: str | None
) -> str | None:
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site"):
        value = clean_line(meta.get(key))
        if value and not _URLISH.search(value):
            return value.lstrip("@") if key == "twitter:site" else value
    for obj in ld:
        name = _ld_text(obj.get("publisher"))
        if name:
            return name
    title = _html_title(root)
    parts = _TITLE_SEPARATORS.split(title) if title else []
    host = host_of(url)
    if len(parts) > 1:
        for part in (parts[-1], parts[0]):
            if host and _key(part) and _key(part) in _key(host):
                return part
        last = parts[-1]
        if 0 < len(last.split()) <= 4 and len(last) < len(parts[0]):
            return last
    return host or None


# -- title -------------------------------------------------------------------


def _html_title(root: HtmlElement) -> str:
    el = root.find(".//title")
    return clean_line(el.text_content()) if el is not None else ""


def _key(text: str) -> str:
    return _SPACE_KEY.sub("", text.lower())


def strip_site_suffix(title: str, site: str | None) -> str:
    """Remove the site name (and section names next to it) from a page title."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = _key(site or "")
    if site_key:
        kept = [
            p
            for p in parts
            if _key(p) != site_key and not (site_key in _key(p) and len(p.split()) <= 3)
        ]
        if kept and len(kept) < len(parts):
            parts = kept
    if len(parts) == 1:
        return parts[0]
    # Keep the longest run: headlines are longer than site and section names.
    longest = max(parts, key=lambda p: len(p.split()))
    if len(longest.split()) >= 3:
        # A headline can itself contain a separator ("Live: the vote"): rejoin
        # neighbouring long parts.
        idx = parts.index(longest)
        return _rejoin(title, parts, idx)
    return title


def _rejoin(title: str, parts: list[str], idx: int) -> str:
    start = end = idx
    while start > 0 and len(parts[start - 1].split()) >= 3:
        start -= 1
    while end < len(parts) - 1 and len(parts[end + 1].split()) >= 3:
        end += 1
    if start == end:
        return parts[idx]
    first, last = parts[start], parts[end]
    i = title.find(first)
    j = title.rfind(last)
    return title[i : j + len(last)] if 0 <= i <= j else parts[idx]


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", text.lower()) if len(t) > 1}


def _similarity(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _title(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], site: str | None
) -> str:
    candidates = [
        clean_line(meta.get("og:title")),
        clean_line(meta.get("twitter:title")),
        *(_ld_text(obj.get("headline")) for obj in ld),
        _html_title(root),
    ]
    stripped = [strip_site_suffix(c, site) for c in candidates if c]
    reference = stripped[0] if stripped else ""
    h1s = [clean_line(text_of(h)) for h in root.iter("h1")]
    h1s = [h for h in h1s if 2 <= len(h) <= 400 and _key(h) != _key(site or "")]
    best_h1 = max(
        h1s, key=lambda h: max((_similarity(h, s) for s in stripped), default=0.0), default=""
    )
    if best_h1:
        score = max((_similarity(best_h1, s) for s in stripped), default=0.0)
        if score >= 0.5 or not reference:
            return best_h1
    if reference:
        return reference
    for tag in ("h2", "h3"):
        for h in root.iter(tag):
            text = clean_line(text_of(h))
            if len(text.split()) >= 3:
                return text
    return ""


# -- byline ------------------------------------------------------------------


def clean_byline(text: str | None, site: str | None = None) -> str | None:
    """Tidy a byline: no "By" prefix, no trailing date, not a URL, not the site."""
    text = clean_line(text)
    if not text or _URLISH.search(text):
        return None
    text = _BYLINE_PREFIX.sub("", text).strip(" ,|-–—:")
    text = re.split(
        r"\s+(?:[|•·]|-{1,2}|—|–)\s+|\s{2,}|\b(?:updated|published|diperbarui)\b",
        text,
        maxsplit=1,
        flags=re.IGNORECASE,
    )[0]
    text = re.sub(r"\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}.*$", "", text).strip(" ,|-–—:")
    text = _DATE_TAIL.sub("", text).strip(" ,|-–—:")
    text = _ROLE_SUFFIX.sub("", text).strip(" ,|-–—:")
    if not text or len(text) > 100 or len(text.split()) > 12:
        return None
    if text.lower() in _USERNAMES or (" " not in text and text.lower() == text):
        return None
    if site and _key(text) == _key(site):
        return None
    if not re.search(r"[^\W\d_]", text):
        return None
    return text


def _byline(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], site: str | None
) -> str | None:
    for obj in ld:
        names = [n for n in _ld_names(obj.get("author")) if n]
        names = [n for n in (clean_byline(n, site) for n in names) if n]
        if names:
            return ", ".join(dict.fromkeys(names))
    org: str | None = None
    for key in _AUTHOR_META:
        value = clean_byline(meta.get(key), site)
        if value and not (key == "twitter:creator" and value.startswith("@")):
            if not _looks_like_org(value):
                return value
            org = org or value
    person = _dom_byline(root, site)
    return person or org


_AUTHOR_META = (
    "author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author",
    "cxenseparse:author", "twitter:creator",
)  # fmt: skip


def _dom_byline(root: HtmlElement, site: str | None) -> str | None:
    # XPath picks the few candidates in C; the checks below are the rules.
    for el in root.xpath(_AUTHOR_XPATH):
        if tag_of(el) in ("html", "body", "head", "script", "meta"):
            continue
        name_el = next((n for n in el.iter() if (n.get("itemprop") or "").lower() == "name"), None)
        value = clean_byline(spaced_text(name_el if name_el is not None else el), site)
        if value and not _in_comments(el):
            return value
    for el in root.iter():
        own = (el.text or "").strip()
        if not own or len(own) >= 40 or not _BYLINE_LABEL.match(own):
            continue
        if not tag_of(el) or tag_of(el) in _NOT_BYLINE_TAGS:
            continue
        holder = el if len(spaced_text(el)) > len(own) + 2 else el.getparent()
        if holder is not None and not _in_comments(holder) and not _in_media(holder):
            text = spaced_text(holder)
            value = clean_byline(text, site) if len(text) <= 80 else None
            if value and _looks_like_name(value):
                return value
    for el in root.xpath("descendant-or-self::*[@class or @id]"):
        if not tag_of(el) or tag_of(el) in _NOT_BYLINE_TAGS:
            continue
        if (
            class_tokens(el) & _BYLINE_TOKENS
            and len(el) <= 12
            and not _in_comments(el)
            and not _in_media(el)
        ):
            value = clean_byline(spaced_text(el), site)
            if value:
                return value
    return None


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
#: Elements whose itemprop or rel is "author" (in any case), in document order.
_AUTHOR_XPATH = (
    f"descendant-or-self::*[translate(@itemprop, '{_UPPER}', '{_LOWER}') = 'author'"
    f" or translate(@rel, '{_UPPER}', '{_LOWER}') = 'author']"
)


def _in_media(el: HtmlElement) -> bool:
    """True inside photos and captions, where "author" means a photographer."""
    if class_tokens(el) & _MEDIA_TOKENS:
        return True
    for depth, node in enumerate(el.iterancestors()):
        if depth > 4:
            break
        if tag_of(node) in ("figure", "figcaption") or class_tokens(node) & _MEDIA_TOKENS:
            return True
    return False


def _looks_like_name(text: str) -> bool:
    words = [w for w in text.replace(",", " ").split() if w[:1].isalpha()]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.6 * len(words)


def _in_comments(el: HtmlElement) -> bool:
    """True inside comment threads and forms, where "author" means a commenter."""
    for depth, node in enumerate(el.iterancestors()):
        if depth > 12:
            break
        if tag_of(node) == "form" or class_tokens(node) & _COMMENT_TOKENS:
            return True
    return bool(class_tokens(el) & _COMMENT_TOKENS)


def _looks_like_org(name: str) -> bool:
    return bool(_ORG.search(name))


# -- published date ----------------------------------------------------------


def _published(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]]
) -> tuple[str | None, bool]:
    """(date, whether it came from structured data rather than page text)."""
    structured = _structured_date(root, meta, ld)
    if structured:
        return structured, True
    return _text_date(root), False


def _structured_date(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]]
) -> str | None:
    for obj in ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            value = parse_date(_ld_text(obj.get(key)))
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


# -- language ----------------------------------------------------------------


def _declared_lang(root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    for value in (
        root.get("lang"),
        root.get("xml:lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("content-language"),
        meta.get("og:locale"),
        meta.get("language"),
        meta.get("dc.language"),
        *(_ld_text(obj.get("inLanguage")) for obj in ld),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip().split(",")[0].strip()
    return None
