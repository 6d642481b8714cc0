"""The page's JSON-LD: its article-like objects (NewsArticle, BlogPosting, ...),
found however deeply they are nested, and reading names and texts out of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from reader.core.sanitize import clean_line

_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
     "scholarlyarticle", "liveblogposting", "report", "socialmediaposting", "posting"}
)  # fmt: skip


def json_ld_articles(root: HtmlElement) -> Iterator[dict[str, Any]]:
    """Article-like JSON-LD objects, outermost first."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):  # nested 100,000 deep: not data we can use
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


def ld_text(value: Any) -> str:
    """A JSON-LD value as one line of text (a name, an @value, the first of a list)."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@value") or "")
    if isinstance(value, list) and value:
        return ld_text(value[0])
    return ""


def ld_names(value: Any) -> list[str]:
    """The names in a JSON-LD value: a string, a person or organisation, or a list of them."""
    if isinstance(value, list):
        return [n for item in value for n in ld_names(item)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return [clean_line(str(n)) for n in name if n]
        return [clean_line(str(name))] if name else []
    if isinstance(value, str):
        return [clean_line(value)]
    return []
