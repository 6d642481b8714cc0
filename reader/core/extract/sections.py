"""The page's link lists: related stories, read-also lines, most popular, latest,
editor's picks and other headed lists of stories.

Works on the whole page, not on readability's output. In outline:

1. every link is classified once: is it a story (an article-like address and
   a headline-like text), or a menu item, tag, author, share or "more" button?
2. the elements where story links branch (the lowest element holding two or
   more of them) are the candidate lists;
3. each candidate looks for its heading: its own first child, the element
   before it, climbing through wrappers that add no stories; a heading made
   of several labels over as many lists is a tab widget;
4. the heading's words give the kind (in many languages); generic headings
   ("Berita Lainnya") and unheaded lists take it from class or tracking hints;
5. navigation, menus, share bars, comments and ads are left out; inline
   "read also" lines are their own sections.

No per-site rules: only structure and shared vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

from reader.core.extract.article import SECTION_MARK
from reader.core.extract.dom import HEADING_TAGS, class_tokens, tag_of
from reader.core.extract.readalso import find_read_also, label_of
from reader.core.extract.vocabulary import (
    GENERIC_HEADING,
    MORE_LINK_TEXT,
    SECTION_CLASS_HINTS,
    SECTION_HEADINGS,
)
from reader.core.models import Link, Section, SectionKind
from reader.core.sanitize import clean_line, strip_controls
from reader.core.urls import comparable, comparable_parts, host_of, site_key

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "head", "select", "option", "iframe",
     "textarea", "button", "form"}
)  # fmt: skip
_EXCLUDED_TOKENS = frozenset(
    {"nav", "navbar", "navigation", "menu", "megamenu", "mainmenu", "topmenu", "submenu",
     "menubar", "breadcrumb", "breadcrumbs", "pagination", "pager", "paging", "share", "sharing",
     "social", "sosmed", "comment", "comments", "komentar", "disqus", "promoted", "taboola",
     "outbrain", "mgid", "revcontent", "tagcloud", "tags", "topics", "footernav", "sitemap",
     "offcanvas", "drawer", "hamburger", "dropdown", "deals", "deal", "shop", "shopping",
     "coupon", "coupons", "marketplace", "classified", "classifieds", "jobs", "forum"}
)  # fmt: skip
#: Ad-like class words: excluded unless the box links to the site itself (partner boxes).
_AD_TOKENS = frozenset(
    {"ads", "ad", "advert", "adv", "advertisement", "sponsor", "sponsored", "dfp", "iklan",
     "native", "partner", "partners"}
)  # fmt: skip
_FILENAME = re.compile(r"[/\\]|\.(?:gif|png|jpe?g|svg|webp)$", re.IGNORECASE)
_HEADING_TOKENS = frozenset(
    {"title", "titles", "header", "heading", "head", "hd", "judul", "label", "caption", "tab",
     "tabs", "boxheader", "boxtitle", "sectiontitle", "widgettitle", "blocktitle", "headline"}
)  # fmt: skip
_TOPIC_SEGMENTS = frozenset(
    {"tag", "tags", "topic", "topics", "topik", "kategori", "category", "categories", "author",
     "authors", "penulis", "profile", "profil", "search", "cari", "label", "labels", "subject",
     "user", "users", "member", "login", "register", "signup", "subscribe", "account", "feed",
     "rss", "indeks", "index", "archive", "arsip", "comments", "comment", "komentar"}
)  # fmt: skip
_SHARE_HOSTS = re.compile(
    r"(?:^|\.)(?:facebook\.com|fb\.com|twitter\.com|x\.com|wa\.me|whatsapp\.com|t\.me|"
    r"telegram\.me|linkedin\.com|pinterest\.\w+|reddit\.com|line\.me|plus\.google\.com|"
    r"instagram\.com|youtube\.com|tiktok\.com|getpocket\.com|tumblr\.com|vk\.com)$"
)
_ARTICLE_SEGMENT = re.compile(r"\d{4,}|^[\w%]+(?:[-_.][\w%]+){2,}|\.s?html?$|\.php$|\.aspx?$")
_NOT_HEADING = re.compile(
    r"^(?:back\s+to\s+top|top|kembali\s+ke\s+atas|ke\s+atas|menu|home|forum|forums|"
    r"komunitas|community|playlist|iklan|advertisement|sponsored|archives?|arsip|ads?|logo|"
    r"sections?|categories|kategori|kanal|rubrik|topics?|topik|menu\s+utama|navigation)$|^©|"
    r"^(?:photo|foto|image|gambar|video)\s*:|"
    r"\b(?:deals?|shop|shopping|coupons?|belanja|classifieds?|marketplace)\b",
    re.IGNORECASE,
)
_COMMENT_TEXT = re.compile(r"^\d+\s*(?:komentar|comments?|replies|balasan)?$", re.IGNORECASE)
# The lookbehind makes a run of these characters be tried from its start only:
# without it, a long run not at the end is rescanned from each of its
# characters (quadratic; seconds for a 40 kB link text).
_TRAILING = re.compile(r"(?<![\s:：»›>|\-–—•·])[\s:：»›>|\-–—•·]+$")
_MAX_HEADING = 80
_MAX_CLIMB = 4
#: Elements a browser would not show (their subtrees are skipped): the hidden
#: attribute and utility classes that hide. Inline display:none is kept: tab
#: panes waiting for a click use it, and they are sections.
_HIDDEN_XPATH = "//*[@hidden or contains(@class, 'hide') or contains(@class, 'd-none')]"
_HIDE_CLASSES = frozenset({"hide", "hidden", "d-none"})
_TAB_REACH = 4


@dataclass
class _LinkInfo:
    index: int
    url: str
    key: str
    text: str
    story: bool
    itemlike: bool = True
    """The link is most of its line, not a few words inside a paragraph."""
    in_heading: bool = False
    """The link is a teaser's headline (inside h2-h6)."""


@dataclass
class FoundSection:
    """A section and the page elements it came from (so the body can drop them)."""

    section: Section
    elements: list[HtmlElement] = field(default_factory=list)
    order: int = 0


def find_sections(root: HtmlElement, page_url: str | None) -> list[FoundSection]:
    """All link sections of the page, in document order."""
    return _Finder(root, page_url).run()


class _Finder:
    def __init__(self, root: HtmlElement, page_url: str | None) -> None:
        self.root = root
        self.page_url = page_url
        self.base = _base_url(root, page_url)
        self.page_key = comparable(page_url) if page_url else ""
        self.page_site = site_key(host_of(page_url)) if page_url else ""
        self.links: dict[HtmlElement, _LinkInfo] = {}
        self.counts: dict[HtmlElement, int] = {}
        self.skipped: set[HtmlElement] = set()
        self.taken: set[int] = set()
        """Link indexes already in a section: a link belongs to one section, though
        the same address may be listed by several."""
        self.order: dict[HtmlElement, int] = {}
        self.tab_links: list[HtmlElement] = []
        self.index: dict[HtmlElement, int] = {}
        self._line_lengths: dict[HtmlElement, int] = {}
        self._titles = _page_titles(root)
        base_parts = urlsplit(self.base or "")
        self._base_scheme = base_parts.scheme or "https"
        self._base_origin = f"{base_parts.scheme}://{base_parts.netloc}"
        self._resolved: dict[str, tuple[str, str, SplitResult] | tuple[()]] = {}

    # -- pass 1: classify links ---------------------------------------------

    def _collect(self) -> None:
        root = self.root
        self.order = {el: i for i, el in enumerate(root.iter())}
        skipped: set[HtmlElement] = set()
        for el in root.iter(*_SKIP_TAGS):
            skipped.update(el.iter())
        for el in root.xpath(_HIDDEN_XPATH):
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
            if href.startswith("#") and len(href) > 1:
                self.tab_links.append(el)
                continue
            self.index[el] = index
            index += 1
            text = _link_text(el)
            if len(text.split()) < 2:
                continue  # never a story; read-also lines classify it on demand
            info = self._classify(el, href, self.index[el], text)
            if info is None:
                continue
            self.links[el] = info
            if info.story:
                info.itemlike = _is_itemlike(el, info.text, self._line_lengths)
                info.in_heading = any(
                    tag_of(anc) in HEADING_TAGS for anc in list(el.iterancestors())[:2]
                )
                for anc in el.iterancestors():
                    self.counts[anc] = self.counts.get(anc, 0) + 1
        self.skipped = skipped

    def _info(self, a: HtmlElement) -> _LinkInfo | None:
        """The classified link for an anchor, made on demand for short links."""
        info = self.links.get(a)
        if info is None and a in self.index and a.get("href"):
            info = self._classify(a, a.get("href", ""), self.index[a], _link_text(a))
            if info is not None:
                self.links[a] = info
        return info

    def _classify(self, a: HtmlElement, href: str, index: int, text: str) -> _LinkInfo | None:
        resolved = self._resolved.get(href)
        if resolved is None:
            resolved = self._resolve(href)
            self._resolved[href] = resolved
        if not resolved:
            return None
        url, key, parts = resolved
        return _LinkInfo(index, url, key, text, self._is_story(parts, key, text))

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
        if MORE_LINK_TEXT.match(text) or _COMMENT_TEXT.match(text):
            return False
        host = parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0].lower()
        if _SHARE_HOSTS.search(host):
            return False
        segments = [s for s in parts.path.split("/") if s]
        if not segments and not parts.query:
            return False
        if all(s.isdigit() for s in segments) and not parts.query:
            return False  # a date archive (/2025/02/)
        if any(s.lower() in _TOPIC_SEGMENTS for s in segments[:-1]) or (
            segments and segments[-1].lower() in _TOPIC_SEGMENTS
        ):
            return False
        words = len(text.split())
        articleish = any(_ARTICLE_SEGMENT.search(s) for s in segments) or bool(parts.query)
        if articleish:
            return words >= 2
        return words >= 5

    # -- pass 2: candidate lists and their headings ----------------------------

    def run(self) -> list[FoundSection]:
        self._collect()
        found: list[FoundSection] = list(self._read_also())
        for candidate in self._tab_candidates():
            found.extend(self._accept(candidate))
        for candidate in self._headed_candidates():
            found.extend(self._accept(candidate))
        for candidate in self._unheaded_candidates():
            found.extend(self._accept(candidate))
        found.sort(key=lambda f: f.order)
        return found

    def _read_also(self) -> Iterable[FoundSection]:
        """Labelled inline lines ("Baca Juga: ...") anywhere on the page."""
        for group in find_read_also(self.root, weak=False):
            if self._is_skipped(group[0]):
                continue
            label = label_of(_text(group[0]))
            if label is None:
                continue  # a class name alone is left to the list finder
            infos = [
                i
                for i in self._infos_in(group, stories_only=False)
                if i.key != self.page_key and not MORE_LINK_TEXT.match(i.text)
            ]
            found = self._make("read_also", label, infos) if infos else None
            if found is not None:
                found.elements = list(group)
                for el in group:
                    el.set(SECTION_MARK, "read_also")
                yield found

    def _tab_candidates(self) -> list[_Candidate]:
        """Tab widgets: a label linking to "#pane" where the pane holds stories."""
        if not self.tab_links:
            return []
        targets = {a.get("href", "")[1:] for a in self.tab_links}
        panes: dict[str, list[HtmlElement]] = {}
        for el in self.root.iter():
            pane_id = el.get("id")
            if pane_id in targets and self.counts.get(el, 0) >= 2:
                panes.setdefault(pane_id, []).append(el)
        out = []
        for a in self.tab_links:
            # Pages reuse ids across widgets: take the first pane after the tab
            # that sits in the same widget (a near common ancestor).
            position = self.order.get(a, 0)
            near = set(list(a.iterancestors())[:_TAB_REACH])
            pane = next(
                (
                    p
                    for p in panes.get(a.get("href", "")[1:], [])
                    if self.order.get(p, 0) > position and not near.isdisjoint(p.iterancestors())
                ),
                None,
            )
            label = _clean_heading(_text(a))
            if pane is not None and label and len(label) <= 40:
                out.append(_Candidate([pane], a, label, None, self.order.get(a, 0)))
        return out

    def _branch_points(self) -> list[HtmlElement]:
        """Elements where story links branch, deepest first."""
        points = []
        for el, n in self.counts.items():
            if tag_of(el) in ("html", "body"):
                continue
            if n < 2 or max((self.counts.get(c, 0) for c in el), default=0) >= n:
                continue
            points.append(el)
        points.sort(key=lambda el: self.order.get(el, 0), reverse=True)
        return points

    def _headed_candidates(self) -> list[_Candidate]:
        by_heading: dict[HtmlElement, _Candidate] = {}
        for el in self._branch_points():
            for heading_el, heading in self._headings_for(el):
                if heading_el in by_heading:
                    continue
                region = self._region_after(heading_el)
                if region:
                    by_heading[heading_el] = _Candidate(
                        region, heading_el, heading, None, self.order.get(heading_el, 0)
                    )
        # Smallest regions first, so nested headed boxes win over a wrapper's heading.
        return sorted(by_heading.values(), key=lambda c: -self.order.get(c.region[0], 0))

    def _headings_for(self, el: HtmlElement) -> Iterable[tuple[HtmlElement, str]]:
        """Headings that may own the stories under `el`: headings among its own
        children, its first child, the element before it, then the same for the
        wrappers around it that add no stories."""
        for child in el:
            if child is not el[0] and _maybe_heading(child) and self._is_heading(child):
                heading = self._heading_text(child)
                if heading:
                    yield child, heading
        node = el
        for _ in range(_MAX_CLIMB + 1):
            first = _first_element(node)
            if first is not None and first is not node and self._is_heading(first):
                heading = self._heading_text(first)
                if heading:
                    yield first, heading
                    return
            prev = _previous_element(node)
            if prev is not None and self._is_heading(prev):
                heading = self._heading_text(prev)
                if heading:
                    yield prev, heading
                    return
            parent = node.getparent()
            if parent is None or tag_of(parent) in ("body", "html"):
                return
            if self.counts.get(parent, 0) != self.counts.get(node, 0):
                return
            node = parent

    def _starts_with_heading(self, el: HtmlElement) -> bool:
        first = _first_element(el)
        return (
            first is not None
            and _maybe_heading(first)
            and self._is_heading(first)
            and self._heading_text(first) is not None
        )

    def _is_heading(self, el: HtmlElement) -> bool:
        """No stories inside, or one link to the section's own page."""
        if not tag_of(el):
            return False
        count = self.counts.get(el, 0)
        if count == 0:
            return True
        if count > 3:
            return False
        urls = {self.links[a].url for a in el.iter("a") if a in self.links and self.links[a].story}
        if len(urls) != 1:
            return False
        # A heading that links to its section page, or whose words name a list.
        return _section_page(next(iter(urls))) or _kind_of(_text(el)) is not None

    def _region_after(self, heading: HtmlElement) -> list[HtmlElement]:
        """The siblings after a heading, up to the next heading or the first
        block of prose once stories have been seen."""
        region: list[HtmlElement] = []
        stories = 0
        node = heading.getnext()
        while node is not None:
            if tag_of(node):
                count = self.counts.get(node, 0)
                if count == 0 and self._heading_text(node):
                    break
                if stories and count and self._starts_with_heading(node):
                    break  # the next headed box
                if stories and count == 0 and len(_text(node)) > 100:
                    # Prose ends the list, unless it is a teaser's summary
                    # between two linked headlines.
                    following = _next_element(node)
                    if following is None or self.counts.get(following, 0) == 0:
                        break
                region.append(node)
                stories += count
            node = node.getnext()
        return region if stories else []

    def _unheaded_candidates(self) -> list[_Candidate]:
        out = []
        for el in self._branch_points():
            if self.counts.get(el, 0) < 2:
                continue
            kind = self._class_kind(el)
            if kind is not None:
                out.append(_Candidate([el], None, None, kind, self.order.get(el, 0)))
        return out

    def _heading_text(self, el: HtmlElement) -> str | None:
        if not _short(el, 4 * _MAX_HEADING):
            return None
        if sum(1 for _ in el.iter("a")) > 2:
            return None  # a bar of links (trending topics, tabs of a menu)
        tokens = class_tokens(el)
        if not tokens.isdisjoint(_AD_TOKENS) or not tokens.isdisjoint(_EXCLUDED_TOKENS):
            return None
        tag = tag_of(el)
        if tag == "a":
            text = _clean_heading(_text(el))
            kind_like = text and (_kind_of(text) is not None or GENERIC_HEADING.search(text))
            return text if kind_like and len(text) <= _MAX_HEADING else None
        if not tag or tag in ("ul", "ol", "li", "img", "br", "hr", "table", "p", "script"):
            return None
        text = _clean_heading(_text(el, skip_more=True)) or _clean_heading(_text(el))
        if text and (
            (
                MORE_LINK_TEXT.match(text)
                and not GENERIC_HEADING.search(text)
                and _kind_of(text) is None
            )
            or _NOT_HEADING.search(text)
        ):
            return None
        if not text:
            alt = clean_line(next((i.get("alt") for i in el.iter("img") if i.get("alt")), None))
            if not alt or _FILENAME.search(alt) or _NOT_HEADING.search(alt):
                return None
            return alt if len(alt) <= _MAX_HEADING else None
        if len(text) > _MAX_HEADING or len(text.split()) > 10:
            return None
        if tag == "h1" and _kind_of(text) is None:
            return None  # the page's headline, not a list's
        if len(text.split()) >= 4 and _title_key(text) in self._titles:
            return None
        if tag in HEADING_TAGS or tag in ("header", "legend", "caption", "summary", "dt"):
            return text
        if not class_tokens(el).isdisjoint(_HEADING_TOKENS):
            return text
        if any(tag_of(d) in HEADING_TAGS for d in el.iter()):
            return text
        if _kind_of(text) is not None or GENERIC_HEADING.search(text):
            return text
        return None

    def _class_kind(self, el: HtmlElement) -> SectionKind | None:
        for node in (el, el.getparent()):
            if node is None:
                continue
            kind = _kind_from_tokens(class_tokens(node))
            if kind is not None:
                return kind
        return None

    # -- pass 3: accept --------------------------------------------------------

    def _accept(self, cand: _Candidate) -> list[FoundSection]:
        if self._excluded(cand.region[0]):
            return []
        if cand.heading is not None and cand.heading_el is not None:
            tabs = self._tabs(cand)
            if tabs:
                return tabs
        infos = [
            i for i in self._infos_in(cand.region, stories_only=True) if i.index not in self.taken
        ]
        kind = cand.kind or self._kind(cand.heading, cand.region, infos)
        minimum = 1 if kind == "read_also" else 2
        distinct = {i.key for i in infos if i.key != self.page_key}
        if len(distinct) < minimum or not self._list_like(cand.region, infos):
            return []
        found = self._make(kind, cand.heading, infos)
        if found is None:
            return []
        found.elements = list(cand.region)
        for el in cand.region:
            el.set(SECTION_MARK, kind)
        if cand.heading_el is not None:
            cand.heading_el.set(SECTION_MARK, kind)
        return [found]

    def _list_like(self, region: list[HtmlElement], infos: list[_LinkInfo]) -> bool:
        """Stories, not prose with a few links: most story links are the whole of
        their line (a list item, a card title), and the text outside them is short
        per story (teaser summaries are fine)."""
        total = sum(len(_text(el)) for el in region)
        story_text = sum(len(i.text) for i in infos)
        if all(i.in_heading for i in infos):
            # Teasers: a linked headline and a summary each.
            return total - story_text <= 400 * len(infos)
        if total - story_text > 250 * len(infos) or _has_prose(region):
            return False
        itemlike = sum(1 for i in infos if i.itemlike)
        return itemlike >= 0.7 * len(infos)

    def _tabs(self, cand: _Candidate) -> list[FoundSection]:
        """A heading of several labels over as many panes: one section per tab."""
        assert cand.heading_el is not None
        labels: list[tuple[str, str | None]] = []
        for child in cand.heading_el.iter():
            if child is cand.heading_el or len(child) or not tag_of(child):
                continue
            text = _clean_heading(_text(child))
            if text and len(text) <= 40:
                href = child.get("href") or ""
                labels.append((text, href[1:] if href.startswith("#") else None))
        if len(labels) < 2:
            return []
        panes = [el for el in cand.region if self.counts.get(el, 0) >= 2]
        if len(panes) < 2 and not any(target for _, target in labels):
            return []
        by_id = {el.get("id"): el for el in panes if el.get("id")}
        pairs: list[tuple[str, HtmlElement]] = []
        for n, (label, target) in enumerate(labels):
            pane = by_id.get(target) if target else None
            if pane is None and not by_id and n < len(panes):
                pane = panes[n]
            if pane is not None:
                pairs.append((label, pane))
        out: list[FoundSection] = []
        for label, pane in pairs:
            infos = [
                i for i in self._infos_in([pane], stories_only=True) if i.index not in self.taken
            ]
            if len({i.key for i in infos}) < 2:
                continue
            kind = self._kind(label, [pane], infos)
            found = self._make(kind, label, infos)
            if found is not None:
                found.elements = [pane]
                pane.set(SECTION_MARK, kind)
                out.append(found)
        return out

    def _kind(
        self, heading: str | None, region: list[HtmlElement], infos: list[_LinkInfo]
    ) -> SectionKind:
        if heading:
            kind = _kind_of(heading)
            if kind is not None:
                return kind
        parent = region[0].getparent() if region else None
        for node in [*region[:3], parent]:
            if node is not None:
                kind = _kind_from_tokens(class_tokens(node))
                if kind is not None:
                    return kind
        return _tracking_kind(infos) or "more"

    def _excluded(self, el: HtmlElement) -> bool:
        for depth, node in enumerate([el, *el.iterancestors()]):
            tag = tag_of(node)
            if tag in ("body", "html"):
                return False
            if node in self.skipped or tag == "nav":
                return True
            if (
                tag == "header"
                and depth > 0
                and not any(tag_of(a) in ("article", "main") for a in node.iterancestors())
            ):
                return True
            tokens = class_tokens(node)
            if not tokens.isdisjoint(_EXCLUDED_TOKENS):
                return True
            if not tokens.isdisjoint(_AD_TOKENS) and not self._mostly_same_site(node):
                return True
        return False

    def _mostly_same_site(self, el: HtmlElement) -> bool:
        """Partner boxes share ad-like class names but link to the site itself."""
        infos = self._infos_in([el], stories_only=True)
        same = sum(1 for i in infos if site_key(host_of(i.url)) == self.page_site)
        return bool(infos) and same >= 0.8 * len(infos)

    def _is_skipped(self, el: HtmlElement) -> bool:
        return el in self.skipped

    # -- helpers -----------------------------------------------------------------

    def _infos_in(
        self,
        elements: list[HtmlElement],
        *,
        stories_only: bool,
    ) -> list[_LinkInfo]:
        out = []
        for el in elements:
            anchors = [el] if tag_of(el) == "a" else el.iter("a")
            for a in anchors:
                info = self.links.get(a) if stories_only else self._info(a)
                if info is None or (stories_only and not info.story):
                    continue
                out.append(info)
        return out

    def _make(
        self, kind: SectionKind, heading: str | None, infos: list[_LinkInfo]
    ) -> FoundSection | None:
        best: dict[str, _LinkInfo] = {}
        first: dict[str, int] = {}
        for info in infos:
            if info.key == self.page_key:
                continue
            if info.key not in best or len(info.text) > len(best[info.key].text):
                best[info.key] = info
            first.setdefault(info.key, info.index)
        if not best:
            return None
        ordered = sorted(best, key=lambda k: first[k])
        links = tuple(Link(best[k].url, best[k].text or best[k].url) for k in ordered)
        self.taken.update(info.index for info in infos)
        return FoundSection(
            Section(kind, clean_line(heading) or None, links), order=min(first.values())
        )


@dataclass
class _Candidate:
    region: list[HtmlElement]
    heading_el: HtmlElement | None
    heading: str | None
    kind: SectionKind | None
    order: int


def _title_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _page_titles(root: HtmlElement) -> str:
    """The page's own title texts, normalised, to tell its headline from a list heading."""
    parts = [root.findtext(".//title") or ""]
    parts += [m.get("content") or "" for m in root.iter("meta") if m.get("property") == "og:title"]
    return " | ".join(_title_key(p) for p in parts)


#: Browsers drop tabs and newlines inside addresses.
_URL_WHITESPACE = str.maketrans("", "", "\t\n\r")


def _base_url(root: HtmlElement, page_url: str | None) -> str | None:
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


def _text(el: HtmlElement, *, skip_more: bool = False) -> str:
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


_LINE_TAGS = frozenset(
    {"p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td", "dd", "dt", "article",
     "section", "figcaption", "blockquote", "span"}
)  # fmt: skip


def _section_page(url: str) -> bool:
    """An address like /news/sport or /fokus/ekonomi: a section front, not a story."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    segments = [s for s in path.split("/") if s]
    return len(segments) <= 2 and not re.search(r"\d{4,}|\.s?html?$", path)


def _has_prose(region: list[HtmlElement]) -> bool:
    """True when a block in the region holds a paragraph of its own text."""
    for el in region:
        for node in el.iter("p", "div", "td", "section", "article", "li", "span"):
            own = (node.text or "") + "".join(child.tail or "" for child in node)
            if len(" ".join(own.split())) > 200:
                return True
    return False


def _is_itemlike(a: HtmlElement, text: str, lengths: dict[HtmlElement, int]) -> bool:
    """A story link that is the main part of its nearest line-level element, or
    stands on a line of its own (links separated by <br> in a container)."""
    parent = a.getparent()
    if parent is not None and tag_of(parent) in ("div", "td", "section", "article", "body"):
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


def _link_text(a: HtmlElement) -> str:
    text = clean_line(a.text_content())
    if not text:
        text = clean_line(a.get("title") or "")
    if not text:
        alt = next((img.get("alt") for img in a.iter("img") if img.get("alt")), None)
        text = clean_line(alt)
    return text


def _clean_heading(text: str) -> str:
    text = _TRAILING.sub("", text.strip())
    return text.strip()


def _maybe_heading(el: HtmlElement) -> bool:
    """Cheap first test before reading an element's text: heading tags and
    header-like class names."""
    tag = tag_of(el)
    if tag in HEADING_TAGS or tag in ("header", "strong", "b", "dt", "legend", "caption"):
        return True
    return bool(el.get("class") or el.get("id")) and not class_tokens(el).isdisjoint(
        _HEADING_TOKENS
    )


@lru_cache(maxsize=8192)
def _kind_of(heading: str) -> SectionKind | None:
    for kind, pattern in SECTION_HEADINGS:
        if pattern.search(heading):
            return kind  # type: ignore[return-value]
    return None


def _kind_from_tokens(tokens: frozenset[str]) -> SectionKind | None:
    for kind, hints in SECTION_CLASS_HINTS:
        if not tokens.isdisjoint(hints):
            return kind  # type: ignore[return-value]
    return None


def _tracking_kind(infos: list[_LinkInfo]) -> SectionKind | None:
    for info in infos[:3]:
        try:
            query = urlsplit(info.url).query
        except ValueError:
            continue
        for key, value in parse_qsl(query):
            if key.lower().startswith(("utm_", "src", "ref", "source")):
                kind = _kind_from_tokens(
                    frozenset({value.lower().replace("-", "").replace("_", "")})
                )
                if kind is not None:
                    return kind
    return None


def _short(el: HtmlElement, limit: int) -> bool:
    """True when the element's text is at most `limit` characters (reads lazily)."""
    total = 0
    for t in el.itertext():
        total += len(t)
        if total > limit and len(" ".join(el.text_content().split())) > limit:
            return False
    return True


def _visible(el: HtmlElement) -> bool:
    """Has some text or an image (reads only as far as the first text)."""
    return any(t.strip() for t in el.itertext()) or el.find(".//img") is not None


def _first_element(el: HtmlElement) -> HtmlElement | None:
    for child in el:
        if tag_of(child) and _visible(child):
            return child
    return None


def _next_element(el: HtmlElement) -> HtmlElement | None:
    node = el.getnext()
    while node is not None and not (tag_of(node) and _visible(node)):
        node = node.getnext()
    return node


def _previous_element(el: HtmlElement) -> HtmlElement | None:
    node = el.getprevious()
    while node is not None:
        tag = tag_of(node)
        if tag and tag not in ("br", "hr", "script", "style") and _visible(node):
            return node
        node = node.getprevious()
    return None
