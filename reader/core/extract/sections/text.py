"""Reading elements the way the section finder needs: visible text (without
"more" buttons), cheap length and prose tests, and the visible siblings and
children around an element.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from reader.core.extract.dom import tag_of
from reader.core.extract.vocabulary import MORE_LINK_TEXT
from reader.core.sanitize import clean_line


def visible_text(el: HtmlElement, *, skip_more: bool = False) -> str:
    """Visible text; with `skip_more`, the text of "more" links inside is left out."""
    if not skip_more:
        return clean_line(el.text_content())
    hidden: set[HtmlElement] = set()
    for a in el.iter("a"):
        if MORE_LINK_TEXT.match(clean_line(a.text_content())):
            hidden.update(a.iter())
    if not hidden or el in hidden:
        return clean_line(el.text_content())
    parts: list[str] = []
    for node in el.iter():
        if not tag_of(node):
            continue
        if node not in hidden and node.text:
            parts.append(node.text)
        if node is not el and node.tail and node.getparent() not in hidden:
            parts.append(node.tail)
    return clean_line(" ".join(parts))


def is_short(el: HtmlElement, limit: int) -> bool:
    """True when the element's text is at most `limit` characters (reads lazily)."""
    total = 0
    for t in el.itertext():
        total += len(t)
        if total > limit and len(" ".join(el.text_content().split())) > limit:
            return False
    return True


def is_visible(el: HtmlElement) -> bool:
    """Has some text or an image (reads only as far as the first text)."""
    return any(t.strip() for t in el.itertext()) or el.find(".//img") is not None


def first_element(el: HtmlElement) -> HtmlElement | None:
    for child in el:
        if tag_of(child) and is_visible(child):
            return child
    return None


def next_element(el: HtmlElement) -> HtmlElement | None:
    node = el.getnext()
    while node is not None and not (tag_of(node) and is_visible(node)):
        node = node.getnext()
    return node


def previous_element(el: HtmlElement) -> HtmlElement | None:
    node = el.getprevious()
    while node is not None:
        tag = tag_of(node)
        if tag and tag not in ("br", "hr", "script", "style") and is_visible(node):
            return node
        node = node.getprevious()
    return None


def has_prose(region: list[HtmlElement]) -> bool:
    """True when a block in the region holds a paragraph of its own text."""
    for el in region:
        for node in el.iter("p", "div", "td", "section", "article", "li", "span"):
            own = (node.text or "") + "".join(child.tail or "" for child in node)
            if len(" ".join(own.split())) > 200:
                return True
    return False
