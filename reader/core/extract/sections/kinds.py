"""A link list's kind (related, read also, popular, latest, picks, more): from its
heading's words in many languages; a heading that names no kind is `more`,
unless it is generic ("Berita Lainnya", "Other news") or missing: then class/id
names of the list or its parent, then tracking parameters of its links
("?utm_source=terpopuler"), decide.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from lxml.html import HtmlElement

from reader.core.extract.dom import class_tokens
from reader.core.extract.sections.links import LinkInfo
from reader.core.extract.vocabulary import (
    GENERIC_HEADING,
    SECTION_CLASS_HINTS,
    SECTION_HEADINGS,
)
from reader.core.models import SectionKind

_MAX_HEADING_TEXT = 320


def list_kind(heading: str | None, region: list[HtmlElement], infos: list[LinkInfo]) -> SectionKind:
    """The list's kind: its heading's words; for a generic heading or none, class
    hints of its first elements or their parent, else its links' tracking
    parameters, else "more". A heading that names something else ("Specials",
    "World") is `more` whatever the widget's class says ("recent-posts")."""
    if heading:
        kind = kind_of(heading)
        if kind is not None:
            return kind
        if not GENERIC_HEADING.search(heading):
            return "more"
    parent = region[0].getparent() if region else None
    for node in [*region[:3], parent]:
        if node is not None:
            kind = kind_from_tokens(class_tokens(node))
            if kind is not None:
                return kind
    return tracking_kind(infos) or "more"


def class_kind(el: HtmlElement) -> SectionKind | None:
    """The kind named by the class/id words of `el` or its parent, if any."""
    for node in (el, el.getparent()):
        if node is None:
            continue
        kind = kind_from_tokens(class_tokens(node))
        if kind is not None:
            return kind
    return None


@lru_cache(maxsize=8192)
def kind_of(heading: str) -> SectionKind | None:
    """The kind a heading's words name, if any (a text longer than any heading
    names none: a teaser card's words are not a list's name)."""
    if len(heading) > _MAX_HEADING_TEXT:
        return None
    for kind, pattern in SECTION_HEADINGS:
        if pattern.search(heading):
            return kind  # type: ignore[return-value]
    return None


def kind_from_tokens(tokens: frozenset[str]) -> SectionKind | None:
    """The kind named by class/id words, if any."""
    for kind, hints in SECTION_CLASS_HINTS:
        if not tokens.isdisjoint(hints):
            return kind  # type: ignore[return-value]
    return None


def tracking_kind(infos: list[LinkInfo]) -> SectionKind | None:
    """The kind named by the tracking parameters of the first links, if any."""
    for info in infos[:3]:
        try:
            query = urlsplit(info.url).query
        except ValueError:
            continue
        for key, value in parse_qsl(query):
            if key.lower().startswith(("utm_", "src", "ref", "source")):
                kind = kind_from_tokens(
                    frozenset({value.lower().replace("-", "").replace("_", "")})
                )
                if kind is not None:
                    return kind
    return None
