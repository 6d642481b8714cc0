"""The article's title and the site's name: og/twitter/JSON-LD headlines and the
<title> with the site suffix stripped, checked against the page's <h1>s; the
site name from meta tags, the publisher, or the title's suffix.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from reader.core.extract.dom import text_of
from reader.core.extract.jsonld import ld_text
from reader.core.sanitize import clean_line
from reader.core.urls import host_of

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«|/|:)\s+")
#: Text that is an address, not a name.
URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|net|org)/", re.IGNORECASE)
_SPACE_KEY = re.compile(r"[\W_]+", re.UNICODE)


def find_title(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], site: str | None
) -> str:
    """The headline: the <h1> that matches the declared titles, else the first declared title."""
    candidates = [
        clean_line(meta.get("og:title")),
        clean_line(meta.get("twitter:title")),
        *(ld_text(obj.get("headline")) for obj in ld),
        _html_title(root),
    ]
    stripped = [strip_site_suffix(c, site) for c in candidates if c]
    reference = stripped[0] if stripped else ""
    h1s = [clean_line(text_of(h)) for h in root.iter("h1")]
    h1s = [h for h in h1s if 2 <= len(h) <= 400 and name_key(h) != name_key(site or "")]
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


def find_site_name(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], url: str | None
) -> str | None:
    """The site's name: meta tags, then the JSON-LD publisher, then the title's
    suffix, then the host."""
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site"):
        value = clean_line(meta.get(key))
        if value and not URLISH.search(value):
            return value.lstrip("@") if key == "twitter:site" else value
    for obj in ld:
        name = ld_text(obj.get("publisher"))
        if name:
            return name
    title = _html_title(root)
    parts = _TITLE_SEPARATORS.split(title) if title else []
    host = host_of(url)
    if len(parts) > 1:
        for part in (parts[-1], parts[0]):
            if host and name_key(part) and name_key(part) in name_key(host):
                return part
        last = parts[-1]
        if 0 < len(last.split()) <= 4 and len(last) < len(parts[0]):
            return last
    return host or None


def strip_site_suffix(title: str, site: str | None) -> str:
    """Remove the site name (and section names next to it) from a page title."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = name_key(site or "")
    if site_key:
        kept = [
            p
            for p in parts
            if name_key(p) != site_key and not (site_key in name_key(p) and len(p.split()) <= 3)
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


def _html_title(root: HtmlElement) -> str:
    el = root.find(".//title")
    return clean_line(el.text_content()) if el is not None else ""


def name_key(text: str) -> str:
    """Lower-cased letters and digits only, to compare names ("The Ledger" ~ "theledger.com")."""
    return _SPACE_KEY.sub("", text.lower())


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", text.lower()) if len(t) > 1}


def _similarity(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)
