"""Article metadata: title, byline, published date, site name and declared language.

Sources, best first: JSON-LD, OpenGraph / article meta tags, microdata and
common byline/date markup, then the <title> with the site suffix stripped.
Each field has its own module (`titles`, `byline`, `dates`, `jsonld`); this one
gathers them into a `Metadata`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from reader.core.extract.byline import find_byline
from reader.core.extract.dates import find_published
from reader.core.extract.jsonld import json_ld_articles, ld_text
from reader.core.extract.titles import find_site_name, find_title


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


def read_json_ld(root: HtmlElement) -> list[dict[str, Any]]:
    """Article-like JSON-LD objects of the page; call before scripts are pruned."""
    return list(json_ld_articles(root))


def extract_metadata(
    root: HtmlElement, url: str | None, ld: list[dict[str, Any]] | None = None
) -> Metadata:
    """Read the metadata of a parsed page. `ld` comes from `read_json_ld` when the
    scripts have already been pruned."""
    meta = _meta_tags(root)
    if ld is None:
        ld = read_json_ld(root)
    site = find_site_name(root, meta, ld, url)
    published, structured = find_published(root, meta, ld, url)
    return Metadata(
        title=find_title(root, meta, ld, site, url),
        byline=find_byline(root, meta, ld, site),
        published=published,
        published_from_text=published is not None and not structured,
        site_name=site,
        lang=_declared_lang(root, meta, ld),
    )


def _meta_tags(root: HtmlElement) -> dict[str, str]:
    """name/property/itemprop/http-equiv -> content, first occurrence wins. A
    property can list several names (RDFa: property="og:title dc:title")."""
    out: dict[str, str] = {}
    for el in root.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if not key:
                continue
            names = key.lower().split()
            for name in names if attr == "property" else [" ".join(names)]:
                out.setdefault(name, content.strip())
    return out


def _declared_lang(root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    for value in (
        root.get("lang"),
        root.get("xml:lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("content-language"),
        meta.get("og:locale"),
        meta.get("language"),
        meta.get("dc.language"),
        *(ld_text(obj.get("inLanguage")) for obj in ld),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip().split(",")[0].strip()
    return None
