"""The article's byline: JSON-LD authors, author meta tags, then author markup
and "By ..." labels in the page (not in comments or photo credits), tidied.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from reader.core.extract.dom import class_tokens, spaced_text, tag_of
from reader.core.extract.jsonld import ld_names
from reader.core.extract.titles import URLISH, name_key
from reader.core.sanitize import clean_line

_BYLINE_PREFIX = re.compile(
    r"^(?:by|from|written by|oleh|penulis|pewarta|reporter|editor|reporter\s*/\s*editor|laporan|"
    r"von|par|por|di|door|автор)\s*[:\-–—]?\s+",
    re.IGNORECASE,
)
_BYLINE_TOKENS = frozenset(
    {"byline", "author", "authors", "writer", "penulis", "reporter", "byl", "contributor",
     "creator", "autor", "auteur", "journalist"}
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


def clean_byline(text: str | None, site: str | None = None) -> str | None:
    """Tidy a byline: no "By" prefix, no trailing date, not a URL, not the site."""
    text = clean_line(text)
    if not text or URLISH.search(text):
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
    if site and name_key(text) == name_key(site):
        return None
    if not re.search(r"[^\W\d_]", text):
        return None
    return text


def find_byline(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], site: str | None
) -> str | None:
    """The byline: JSON-LD authors, else an author meta tag naming a person,
    else author markup in the page, else an organisation named in the meta tags."""
    for obj in ld:
        names = [n for n in ld_names(obj.get("author")) if n]
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
