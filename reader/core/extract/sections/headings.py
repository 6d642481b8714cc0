"""A link list's heading: which element heads the stories under a branch (its
own first child, the element before it, climbing through wrappers that add
no stories), the heading's text, and the siblings it heads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from reader.core.extract.dom import HEADING_TAGS, class_tokens, tag_of
from reader.core.extract.sections.kinds import kind_of
from reader.core.extract.sections.links import PageLinks
from reader.core.extract.sections.text import (
    first_element,
    is_short,
    next_element,
    previous_element,
    visible_text,
)
from reader.core.extract.vocabulary import (
    AD_TOKENS,
    GENERIC_HEADING,
    HEADING_CLASS_TOKENS,
    MORE_LINK_TEXT,
    NOT_HEADING,
    NOT_SECTION_TOKENS,
)
from reader.core.sanitize import clean_line

_FILENAME = re.compile(r"[/\\]|\.(?:gif|png|jpe?g|svg|webp)$", re.IGNORECASE)
# The lookbehind makes a run of these characters be tried from its start only:
# without it, a long run not at the end is rescanned from each of its
# characters (quadratic; seconds for a 40 kB link text).
_TRAILING = re.compile(r"(?<![\s:：»›>|\-–—•·])[\s:：»›>|\-–—•·]+$")
#: A wiki heading's "[edit]" link.
_EDIT_LINK = re.compile(
    r"\[\s*(?:edit|sunting|modifier|bearbeiten|editar|modifica|править)[^\]]{0,20}\]$",
    re.IGNORECASE,
)
_MAX_HEADING = 80
_MAX_CLIMB = 4
_BOLD = frozenset({"strong", "b"})
_BOX_TAGS = frozenset({"section", "aside", "article", "main", "footer"})


class Headings:
    """Finds the headings of the page's story lists; `page` has been collected."""

    def __init__(self, page: PageLinks, titles: str) -> None:
        self.page = page
        self.titles = titles
        """The page's own title texts (see `page_titles`)."""

    def heads_of(self, el: HtmlElement) -> Iterable[tuple[HtmlElement, str]]:
        """Headings that may own the stories under `el`: headings among its own
        children, its first child, the element before it, then the same for the
        wrappers around it that add no stories."""
        for child in el:
            if child is not el[0] and maybe_heading(child) and self.is_heading(child):
                heading = self.heading_text(child)
                if heading:
                    yield child, heading
        node = el
        for _ in range(_MAX_CLIMB + 1):
            first = first_element(node)
            if first is not None and first is not node and self.is_heading(first):
                heading = self.heading_text(first)
                if heading:
                    yield first, heading
                    return
            prev = previous_element(node)
            if prev is not None and self.is_heading(prev):
                heading = self.heading_text(prev)
                if heading:
                    yield prev, heading
                    return
            parent = node.getparent()
            if parent is None or tag_of(parent) in ("body", "html"):
                return
            if self.page.counts.get(parent, 0) != self.page.counts.get(node, 0):
                return
            node = parent

    def starts_with_heading(self, el: HtmlElement) -> bool:
        """The element's first visible child is a heading (the next headed box)."""
        first = first_element(el)
        return (
            first is not None
            and maybe_heading(first)
            and self.is_heading(first)
            and self.heading_text(first) is not None
        )

    def is_heading(self, el: HtmlElement) -> bool:
        """No stories inside, or one link to the section's own page."""
        if not tag_of(el):
            return False
        count = self.page.counts.get(el, 0)
        if count == 0:
            return True
        if count > 3:
            return False
        urls = {
            self.page.links[a].url
            for a in el.iter("a")
            if a in self.page.links and self.page.links[a].story
        }
        if len(urls) != 1:
            return False
        # A heading that links to its section page, or whose words name a list.
        return section_page(next(iter(urls))) or kind_of(visible_text(el)) is not None

    def region_after(self, heading: HtmlElement) -> list[HtmlElement]:
        """The siblings after a heading, up to the next heading or the first
        block of prose once stories have been seen."""
        region: list[HtmlElement] = []
        stories = 0
        node = heading.getnext()
        while node is not None:
            if tag_of(node):
                count = self.page.counts.get(node, 0) or self._own_story(node)
                if count == 0 and (self.heading_text(node) or _furniture_heading(node)):
                    break  # the next box's heading, even one that heads no list
                if (
                    stories
                    and count
                    and not self._own_story(node)
                    and self.starts_with_heading(node)
                ):
                    break  # the next headed box
                if stories and count == 0 and len(visible_text(node)) > 100:
                    # Prose ends the list, unless it is a teaser's summary
                    # between two linked headlines.
                    following = next_element(node)
                    if following is None or self.page.counts.get(following, 0) == 0:
                        break
                region.append(node)
                stories += count
            node = node.getnext()
        while region and not (self.page.counts.get(region[-1], 0) or self._own_story(region[-1])):
            region.pop()  # what follows the last story ("(kpl/pur/tch)") is not the list's
        return region

    def _own_story(self, node: HtmlElement) -> int:
        """1 for a story link standing as a sibling itself (<h2>Top Stories</h2><a>...)."""
        info = self.page.links.get(node) if tag_of(node) == "a" else None
        return 1 if info is not None and info.story else 0

    def heading_text(self, el: HtmlElement) -> str | None:
        """The element's text as a list heading, or None when it is not one."""
        if not is_short(el, 4 * _MAX_HEADING):
            return None
        if sum(1 for _ in el.iter("a")) > 2:
            return None  # a bar of links (trending topics, tabs of a menu)
        tokens = class_tokens(el)
        if not tokens.isdisjoint(AD_TOKENS) or not tokens.isdisjoint(NOT_SECTION_TOKENS):
            return None
        tag = tag_of(el)
        if tag == "a":
            text = clean_heading(visible_text(el))
            kind_like = text and (kind_of(text) is not None or GENERIC_HEADING.search(text))
            if NOT_HEADING.search(text):
                return None  # "Skip to main content" and other page furniture
            return text if kind_like and len(text) <= _MAX_HEADING else None
        if tag == "p":
            return self._label_paragraph(el)
        if not tag or tag in ("ul", "ol", "li", "img", "br", "hr", "table", "script"):
            return None
        if tag in _BOX_TAGS and sum(1 for _ in el.iter(*HEADING_TAGS)) > 1:
            return None  # a sidebar of empty widgets, each with its own title
        text = clean_heading(visible_text(el, skip_more=True)) or clean_heading(visible_text(el))
        if text and (
            (
                MORE_LINK_TEXT.match(text)
                and not GENERIC_HEADING.search(text)
                and kind_of(text) is None
            )
            or NOT_HEADING.search(text)
        ):
            return None
        if not text:
            alt = clean_line(next((i.get("alt") for i in el.iter("img") if i.get("alt")), None))
            if not alt or _FILENAME.search(alt) or NOT_HEADING.search(alt):
                return None
            return alt if len(alt) <= _MAX_HEADING else None
        if len(text) > _MAX_HEADING or len(text.split()) > 10:
            return None
        if tag == "h1" and kind_of(text) is None:
            return None  # the page's headline, not a list's
        if len(text.split()) >= 3 and title_key(text) in self.titles:
            return None
        if tag in HEADING_TAGS or tag in ("header", "legend", "caption", "summary", "dt"):
            return text
        if not class_tokens(el).isdisjoint(HEADING_CLASS_TOKENS):
            return text
        if any(tag_of(d) in HEADING_TAGS for d in el.iter()):
            return text
        if kind_of(text) is not None or GENERIC_HEADING.search(text):
            return text
        return None

    def _label_paragraph(self, el: HtmlElement) -> str | None:
        """A paragraph that is only a bold label naming a list ("<p><strong>DON'T
        MISS</strong></p>" over link lines in the story)."""
        children = [c for c in el if tag_of(c)]
        if (el.text or "").strip() or len(children) != 1 or tag_of(children[0]) not in _BOLD:
            return None
        if (children[0].tail or "").strip():
            return None
        text = clean_heading(visible_text(el))
        if not text or len(text) > _MAX_HEADING or kind_of(text) is None:
            return None
        return text


def _furniture_heading(el: HtmlElement) -> bool:
    """A heading over page furniture ("About", "Skip to content", "Sources"): it
    ends the list before it, though it heads no list itself."""
    if not maybe_heading(el) or not is_short(el, _MAX_HEADING):
        return False
    return tag_of(el) in HEADING_TAGS or bool(NOT_HEADING.search(visible_text(el)))


def title_key(text: str) -> str:
    """Lower-cased words only, to compare a text with the page's titles."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def page_titles(root: HtmlElement) -> str:
    """The page's own title texts, normalised, to tell its headline from a list heading."""
    parts = [root.findtext(".//title") or ""]
    parts += [m.get("content") or "" for m in root.iter("meta") if m.get("property") == "og:title"]
    return " | ".join(title_key(p) for p in parts)


def section_page(url: str) -> bool:
    """An address like /news/sport or /fokus/ekonomi: a section front, not a story."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    segments = [s for s in path.split("/") if s]
    return len(segments) <= 2 and not re.search(r"\d{4,}|\.s?html?$", path)


def clean_heading(text: str) -> str:
    """A heading without trailing separators and arrows ("Terpopuler »")."""
    text = _TRAILING.sub("", _EDIT_LINK.sub("", text.strip()))
    return text.strip()


def maybe_heading(el: HtmlElement) -> bool:
    """Cheap first test before reading an element's text: heading tags and
    header-like class names."""
    tag = tag_of(el)
    if tag in HEADING_TAGS or tag in ("header", "strong", "b", "dt", "legend", "caption"):
        return True
    if tag == "p":  # a bold label alone on its line
        return len(el) == 1 and tag_of(el[0]) in _BOLD and not (el.text or "").strip()
    return bool(el.get("class") or el.get("id")) and not class_tokens(el).isdisjoint(
        HEADING_CLASS_TOKENS
    )
