"""The page's JSON-LD: its article-like objects (NewsArticle, BlogPosting, ...),
found however deeply they are nested (`@graph`, arrays, `mainEntity`), and
reading names and texts out of them.

Scripts as pages really write them are read too: wrapped in `<![CDATA[ ]]>` or
an HTML comment, with trailing commas, and, when the JSON is broken past that
(an unescaped quote in a description), the object's type and dates are still
picked out of the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from reader.core.sanitize import clean_line

_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
     "scholarlyarticle", "liveblogposting", "report", "socialmediaposting", "posting"}
)  # fmt: skip
_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_SALVAGE_TYPE = re.compile(r'"@type"\s*:\s*"([^"]{1,60})"')
_SALVAGE_DATE = re.compile(r'"(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{6,40})"')
_MAX_SCRIPT = 2_000_000


def json_ld_articles(root: HtmlElement) -> Iterator[dict[str, Any]]:
    """Article-like JSON-LD objects, outermost first."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > _MAX_SCRIPT:
            continue
        data = _load(raw)
        if data is None:
            continue
        index: dict[str, dict[str, Any]] = {}
        _index_named(data, index, 0)
        for obj in _ld_walk(data, 0):
            yield _resolved(obj, index)


#: The fields whose {"@id": ...} references are replaced by the node they name.
_REFERENCES = ("author", "creator", "publisher")
_MAX_INDEXED = 500


def _index_named(node: Any, index: dict[str, dict[str, Any]], depth: int) -> None:
    """Every node with an @id and a name (a Person, an Organization), by its @id."""
    if depth > 5 or len(index) >= _MAX_INDEXED:
        return
    if isinstance(node, list):
        for item in node:
            _index_named(item, index, depth + 1)
    elif isinstance(node, dict):
        ident = node.get("@id")
        if isinstance(ident, str) and "name" in node:
            index.setdefault(ident, node)
        for item in node.values():
            if isinstance(item, (list, dict)):
                _index_named(item, index, depth + 1)


def _resolved(obj: dict[str, Any], index: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`obj` with bare {"@id": ...} authors, creators and publisher replaced by
    their node of the same script (Yoast-style graphs name people once)."""
    if not index or not any(key in obj for key in _REFERENCES):
        return obj

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(item) for item in value[:_MAX_INDEXED]]
        if isinstance(value, dict) and "name" not in value:
            return index.get(str(value.get("@id")), value)
        return value

    return {key: resolve(value) if key in _REFERENCES else value for key, value in obj.items()}


def _load(raw: str) -> Any:
    """The script's data; a wrapped or slightly broken script is mended first."""
    try:
        return json.loads(raw, strict=False)
    except (ValueError, RecursionError):  # nested 100,000 deep: not data we can use
        pass
    mended = _WRAPPER.sub("", raw).strip()
    for attempt in (mended, _TRAILING_COMMA.sub(r"\1", mended)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return _salvage(mended)


def _salvage(raw: str) -> dict[str, Any] | None:
    """The type and dates of JSON that does not parse, when it is article-like."""
    kind = _SALVAGE_TYPE.search(raw)
    if kind is None or _type_key(kind.group(1)) not in _ARTICLE_TYPES:
        return None
    found: dict[str, Any] = {"@type": kind.group(1)}
    for match in _SALVAGE_DATE.finditer(raw):
        found.setdefault(match.group(1), match.group(2))
    return found if len(found) > 1 else None


def _type_key(value: object) -> str:
    """ "NewsArticle", "schema:NewsArticle" and "https://schema.org/NewsArticle" alike."""
    return str(value).rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower()


def _ld_walk(node: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 5:
        return
    if isinstance(node, list):
        for item in node:
            yield from _ld_walk(item, depth + 1)
    elif isinstance(node, dict):
        types = node.get("@type")
        type_names = {_type_key(t) for t in (types if isinstance(types, list) else [types])}
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
