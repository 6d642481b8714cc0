"""The article's byline, from the most to the least trusted source: JSON-LD
authors (people before organisations), author meta tags, author markup and
"By ..." / "Penulis: ..." lines in the byline area under the headline
(`byline_dom`), then an organisation named as the author. Never a date, a URL,
a button, a headline, a commenter, a photographer or an ad network.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from reader.core.extract.byline_dom import dom_byline
from reader.core.extract.byline_text import (
    clean_byline,
    is_corporate,
    is_site,
    key,
    looks_like_org,
    tidy,
    unique,
)

__all__ = ["clean_byline", "find_byline"]


def find_byline(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], site: str | None
) -> str | None:
    """The byline: JSON-LD people, else an author meta tag naming a person, else
    author markup or a byline line near the headline, else a named organisation."""
    fallback: list[str] = []
    declared = _ld_people(root, ld, site, fallback)
    if len(declared) > 1:
        # The JSON-LD "author" and "creator" disagree (one is often the editor):
        # the byline printed on the page decides.
        shown = key(dom_byline(root, meta, site, []) or "")
        return next((d for d in declared if shown and key(d) in shown), declared[0])
    if declared:
        return declared[0]
    person = _meta_person(root, meta, site, fallback)
    if person:
        return person
    found = dom_byline(root, meta, site, fallback)
    if found:
        return found
    return next((name for name in fallback if not is_corporate(name)), None)


# ---------------------------------------------------------------- JSON-LD

_ORG_TYPES = ("organization", "corporation", "newsmedia", "website", "brand")


def _ld_people(
    root: HtmlElement, ld: list[dict[str, Any]], site: str | None, fallback: list[str]
) -> list[str]:
    """The people the first article object names: its "author", and its
    "creator" when that names someone else."""
    index: dict[str, dict[str, Any]] | None = None
    for obj in ld:
        declared: list[str] = []
        for field in ("author", "creator"):
            value = obj.get(field)
            if not value:
                continue
            if index is None and _has_bare_ref(value):
                index = _ld_index(root)
            names, orgs = _ld_names(value, index or {})
            people = unique(n for n in (tidy(n) for n in names) if n)
            own = [n for n in people if not is_site(n, site)]
            fallback.extend(n for n in people if n not in own)
            fallback.extend(n for n in (tidy(o) for o in orgs) if n)
            if own and not (declared and key(", ".join(own)) == key(declared[0])):
                declared.append(", ".join(own))
            elif not declared and (people or orgs):
                break  # an organisation or the site as author: "creator" is not read
        if declared:
            return declared
    return []


def _ld_names(
    value: Any, index: dict[str, dict[str, Any]], depth: int = 0
) -> tuple[list[str], list[str]]:
    """(people, organisations) named in a JSON-LD author value."""
    people: list[str] = []
    orgs: list[str] = []
    if depth > 3:
        return people, orgs
    if isinstance(value, list):
        for item in value[:20]:
            p, o = _ld_names(item, index, depth + 1)
            people += p
            orgs += o
    elif isinstance(value, str):
        people.append(value)
    elif isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str):
            value = index.get(value["@id"], value)
        name = value.get("name")
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, dict):
            name = name.get("@value")
        if isinstance(name, str) and name.strip():
            types = value.get("@type")
            type_text = " ".join(map(str, types)) if isinstance(types, list) else str(types or "")
            is_org = any(t in type_text.lower() for t in _ORG_TYPES)
            (orgs if is_org else people).append(name)
    return people, orgs


def _has_bare_ref(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return any(isinstance(i, dict) and "name" not in i and "@id" in i for i in items)


def _ld_index(root: HtmlElement) -> dict[str, dict[str, Any]]:
    """Every JSON-LD node with an @id, to resolve {"@id": ...} author references."""
    index: dict[str, dict[str, Any]] = {}

    def walk(node: Any, depth: int) -> None:
        if depth > 5 or len(index) > 500:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            if isinstance(node.get("@id"), str) and "name" in node:
                index.setdefault(node["@id"], node)
            for item in node.values():
                if isinstance(item, (list, dict)):
                    walk(item, depth + 1)

    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            try:
                walk(json.loads(script.text or "", strict=False), 0)
            except (ValueError, RecursionError):
                continue
    return index


# ---------------------------------------------------------------- meta tags

#: Dublin Core first: a page that bothers to say dc:creator means it.
_AUTHOR_META = (
    "dc:creator", "dc.creator", "dcterms.creator", "dcterms:creator", "author",
    "article:author", "og:article:author", "parsely-author", "sailthru.author", "byl",
    "cxenseparse:author", "citation_author", "twitter:creator",
)  # fmt: skip
_META_KEYS = frozenset(_AUTHOR_META)


def _meta_person(
    root: HtmlElement, meta: dict[str, str], site: str | None, fallback: list[str]
) -> str | None:
    values = _author_meta(root)
    orgs: list[str] = []
    for name_key in _AUTHOR_META:
        names = unique(n for n in (tidy(v) for v in values.get(name_key, ())) if n)
        people = [n for n in names if not looks_like_org(n) and not is_site(n, site)]
        orgs += [n for n in names if n not in people]
        if people:
            return ", ".join(people)
    parsely = meta.get("parsely-page")
    if parsely and "author" in parsely:
        try:
            data = json.loads(parsely)
        except ValueError:
            data = None
        if isinstance(data, dict):
            name = tidy(str(data.get("author") or ""))
            if name:
                return name
    fallback.extend(orgs)
    return None


#: <meta> elements whose name, property or itemprop may name an author.
_AUTHOR_META_XPATH = etree.XPath(
    "//meta/@name[contains(., 'uthor') or contains(., 'reator') or contains(., 'byl')]/.."
    " | //meta/@property[contains(., 'uthor') or contains(., 'reator')]/.."
    " | //meta/@itemprop[contains(., 'uthor') or contains(., 'reator')]/.."
)


def _author_meta(root: HtmlElement) -> dict[str, list[str]]:
    """Author meta values by key, every occurrence (several authors), keys split on
    spaces (property="dc:creator twitter:creator")."""
    out: dict[str, list[str]] = {}
    result = _AUTHOR_META_XPATH(root)
    for el in result if isinstance(result, list) else []:
        if not isinstance(el, HtmlElement) or not el.get("content"):
            continue
        content = el.get("content") or ""
        for attr in ("property", "name", "itemprop"):
            for k in (el.get(attr) or "").lower().split():
                if k in _META_KEYS:
                    out.setdefault(k, []).append(content)
    return out
