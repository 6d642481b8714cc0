"""The page's links, classified once: each anchor's absolute address, comparison
key and text, and whether it is a story (an article-like address and a
headline-like text) or a menu item, tag, author, share or "more" button.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

from reader.core.extract.dom import HEADING_TAGS, tag_of
from reader.core.extract.limits import MAX_LINKS
from reader.core.extract.vocabulary import (
    COMMENT_COUNT_TEXT,
    MORE_LINK_TEXT,
    NOT_STORY_SEGMENTS,
    SHARE_HOSTS,
)
from reader.core.sanitize import clean_line, strip_controls
from reader.core.urls import STORY_SEGMENT, comparable, comparable_parts, host_of, site_key

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "select", "option", "iframe",
     "textarea", "button", "form"}
)  # fmt: skip
#: Elements a browser would not show (their subtrees are skipped): the hidden
#: attribute and utility classes that hide. Inline display:none is kept: tab
#: panes waiting for a click use it, and they are sections.
_HIDE_CLASSES = frozenset({"hide", "hidden", "d-none"})


@dataclass
class LinkInfo:
    """One classified link of the page."""

    index: int
    url: str
    key: str
    text: str
    story: bool
    itemlike: bool = True
    """The link is most of its line, not a few words inside a paragraph."""
    in_heading: bool = False
    """The link is a teaser's headline (inside h2-h6)."""


class PageLinks:
    """The page's links, classified by `collect`, and how many story links each
    element holds (`counts`): the section finder's view of the page."""

    def __init__(self, root: HtmlElement, page_url: str | None) -> None:
        self.root = root
        self.base = base_url(root, page_url)
        self.page_key = comparable(page_url) if page_url else ""
        self.page_site = site_key(host_of(page_url)) if page_url else ""
        self.links: dict[HtmlElement, LinkInfo] = {}
        """Classified links: every link of two words or more, shorter ones on demand."""
        self.counts: dict[HtmlElement, int] = {}
        """Story links under each element."""
        self.skipped: set[HtmlElement] = set()
        """Elements a reader never sees (scripts, forms, hidden subtrees)."""
        self.order: dict[HtmlElement, int] = {}
        """Document order of every element."""
        self.tab_links: list[HtmlElement] = []
        """Links to "#pane" ids: the labels of tab widgets."""
        self.index: dict[HtmlElement, int] = {}
        """Each followable link's position among them (document order)."""
        self._line_lengths: dict[HtmlElement, int] = {}
        base_parts = urlsplit(self.base or "")
        self._base_scheme = base_parts.scheme or "https"
        self._base_origin = f"{base_parts.scheme}://{base_parts.netloc}"
        self._resolved: dict[str, tuple[str, str, SplitResult] | tuple[()]] = {}

    def collect(self) -> None:
        """Classify every link of the page and count the story links under each element."""
        root = self.root
        # One walk for the document order and the hidden candidates (the
        # hidden attribute, a class name holding "hide" or "d-none").
        order: dict[HtmlElement, int] = {}
        maybe_hidden: list[HtmlElement] = []
        for i, el in enumerate(root.iter()):
            order[el] = i
            if (
                el.get("hidden") is not None
                or "hide" in (cls := el.get("class") or "")
                or ("d-none" in cls)
            ):
                maybe_hidden.append(el)
        self.order = order
        skipped: set[HtmlElement] = set()
        for el in root.iter(*_SKIP_TAGS):
            skipped.update(el.iter())
        for el in maybe_hidden:
            classes = (el.get("class") or "").lower().split()
            if el.get("hidden") is not None or not _HIDE_CLASSES.isdisjoint(classes):
                skipped.update(el.iter())
        index = 0
        for el in root.iter("a"):
            if el in skipped:
                continue
            href = el.get("href")
            if not href:
                continue
            if index >= MAX_LINKS:
                break  # parse_html took the rest out; a tree made elsewhere may have more
            if href.startswith("#") and len(href) > 1:
                self.tab_links.append(el)
                continue
            self.index[el] = index
            index += 1
            text = link_text(el)
            if len(text.split()) < 2:
                continue  # never a story; read-also lines classify it on demand
            info = self._classify(el, href, self.index[el], text)
            if info is None:
                continue
            self.links[el] = info
            if info.story:
                info.itemlike = is_itemlike(el, info.text, self._line_lengths)
                info.in_heading = any(
                    tag_of(anc) in HEADING_TAGS for anc in list(el.iterancestors())[:2]
                )
                for anc in el.iterancestors():
                    self.counts[anc] = self.counts.get(anc, 0) + 1
        self.skipped = skipped

    def info(self, a: HtmlElement) -> LinkInfo | None:
        """The classified link for an anchor, made on demand for short links."""
        info = self.links.get(a)
        if info is None and a in self.index and a.get("href"):
            info = self._classify(a, a.get("href", ""), self.index[a], link_text(a))
            if info is not None:
                self.links[a] = info
        return info

    def _classify(self, a: HtmlElement, href: str, index: int, text: str) -> LinkInfo | None:
        resolved = self._resolved.get(href)
        if resolved is None:
            resolved = self._resolve(href)
            self._resolved[href] = resolved
        if not resolved:
            return None
        url, key, parts = resolved
        return LinkInfo(index, url, key, text, self._is_story(parts, key, text))

    def _resolve(self, href: str) -> tuple[str, str, SplitResult] | tuple[()]:
        """(absolute URL without fragment, comparison key, its parts), or () for
        links we never list (fragments, javascript:, mailto:, malformed)."""
        href = href.strip()
        if not href or href.startswith("#"):
            return ()
        try:
            if href.startswith(("http://", "https://")) or not self.base:
                url = href
            elif href.startswith("//"):
                url = f"{self._base_scheme}:{href}"
            elif href.startswith("/") and "/." not in href:
                url = self._base_origin + href
            else:
                url = urljoin(self.base, href)
            # Escape sequences and controls in the href or a <base href>: removed
            # (as `urls.resolve` does), so no address we list can carry them.
            url = strip_controls(url.translate(_URL_WHITESPACE)).strip()
            parts = urlsplit(url)
        except ValueError:
            return ()
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return ()
        if parts.fragment:
            parts = parts._replace(fragment="")
            url = urlunsplit(parts)
        key = comparable_parts(parts)
        return (url, key, parts) if key else ()

    def _is_story(self, parts: SplitResult, key: str, text: str) -> bool:
        if not text or key == self.page_key:
            return False
        if MORE_LINK_TEXT.match(text) or COMMENT_COUNT_TEXT.match(text):
            return False
        host = parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0].lower()
        if SHARE_HOSTS.search(host):
            return False
        segments = [s for s in parts.path.split("/") if s]
        if not segments and not parts.query:
            return False
        if all(s.isdigit() for s in segments) and not parts.query:
            return False  # a date archive (/2025/02/)
        if any(s.lower() in NOT_STORY_SEGMENTS for s in segments[:-1]) or (
            segments and segments[-1].lower() in NOT_STORY_SEGMENTS
        ):
            return False
        words = len(text.split())
        articleish = any(STORY_SEGMENT.search(s) for s in segments) or bool(parts.query)
        if articleish:
            return words >= 2
        return words >= 5

    def infos_in(
        self,
        elements: list[HtmlElement],
        *,
        stories_only: bool,
    ) -> list[LinkInfo]:
        """The classified links in `elements` (only stories with `stories_only`)."""
        out = []
        for el in elements:
            anchors = [el] if tag_of(el) == "a" else el.iter("a")
            for a in anchors:
                info = self.links.get(a) if stories_only else self.info(a)
                if info is None or (stories_only and not info.story):
                    continue
                out.append(info)
        return out


#: Browsers drop tabs and newlines inside addresses.
_URL_WHITESPACE = str.maketrans("", "", "\t\n\r")


def base_url(root: HtmlElement, page_url: str | None) -> str | None:
    """The address relative links resolve against: <base href>, else the page's."""
    base = root.find(".//base[@href]")
    href = str(base.get("href")) if base is not None else ""
    if href:
        try:
            url = urljoin(page_url, href.strip()) if page_url else href.strip()
            urlsplit(url)  # "http://[::1" and the like raise only here
        except ValueError:
            return page_url
        return url
    return page_url


_LINE_TAGS = frozenset(
    {"p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td", "dd", "dt", "article",
     "section", "figcaption", "blockquote", "span"}
)  # fmt: skip


def is_itemlike(a: HtmlElement, text: str, lengths: dict[HtmlElement, int]) -> bool:
    """A story link that is the main part of its nearest line-level element, or
    stands on a line of its own (links separated by <br> in a container)."""
    parent = a.getparent()
    if parent is not None and tag_of(parent) in ("div", "td", "section", "article", "body", "p"):
        prev = a.getprevious()
        before = (prev.tail if prev is not None else parent.text) or ""
        if len(before.strip()) < 20 and len((a.tail or "").strip()) < 20:
            return True
    for node in a.iterancestors():
        tag = tag_of(node)
        if tag in _LINE_TAGS:
            if tag == "span" and len(node) == 1:
                continue
            line = lengths.get(node)
            if line is None:
                line = lengths[node] = len(clean_line(node.text_content()))
            return len(text) >= 0.45 * line
    return True


def link_text(a: HtmlElement) -> str:
    """A link's visible text, else its title, else its image's alt text."""
    text = clean_line(a.text_content())
    if not text:
        text = clean_line(a.get("title") or "")
    if not text:
        alt = next((img.get("alt") for img in a.iter("img") if img.get("alt")), None)
        text = clean_line(alt)
    return text
