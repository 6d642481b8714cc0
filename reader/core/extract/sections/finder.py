"""The section finder: candidate lists (tab widgets, headed and unheaded
branches of story links), each accepted or not, as sections in document order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from reader.core.extract.article import SECTION_MARK
from reader.core.extract.dom import class_tokens, tag_of
from reader.core.extract.limits import MAX_SECTION_LINKS
from reader.core.extract.readalso import find_read_also, label_of
from reader.core.extract.sections.headings import Headings, clean_heading, page_titles
from reader.core.extract.sections.kinds import class_kind, kind_of, list_kind
from reader.core.extract.sections.links import LinkInfo, PageLinks
from reader.core.extract.sections.text import has_prose, is_short, visible_text
from reader.core.extract.vocabulary import (
    AD_HEADING,
    AD_TOKENS,
    MORE_LINK_TEXT,
    NOT_HEADING,
    NOT_SECTION_TOKENS,
    READ_ALSO_IN_FLOW,
)
from reader.core.models import Link, Section, SectionKind
from reader.core.sanitize import clean_line
from reader.core.urls import host_of, site_key

_TAB_REACH = 4
_STATE_CLASS = re.compile(r"(?:^|\s)(?:has|is|no|with|without|show)[-_]", re.IGNORECASE)
_SPLIT = re.compile(r"[-_]+")
_SKIP_LINK_TOKENS = frozenset(
    {"skip", "skiplink", "skiplinks", "skipnav", "skiptocontent", "sronly",
     "screenreadertext", "screenreader", "visuallyhidden", "assistivetext", "a11y"}
)  # fmt: skip


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
        self.page = PageLinks(root, page_url)
        self.headings = Headings(self.page, page_titles(root))
        self._prose: dict[HtmlElement, int] = {}
        self.taken: set[int] = set()
        """Link indexes already in a section: a link belongs to one section, though
        the same address may be listed by several."""

    def run(self) -> list[FoundSection]:
        self.page.collect()
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
            if group[0] in self.page.skipped:
                continue
            label = label_of(visible_text(group[0]))
            if label is None:
                continue  # a class name alone is left to the list finder
            infos = [
                i
                for i in self.page.infos_in(group, stories_only=False)
                if i.key != self.page.page_key and not MORE_LINK_TEXT.match(i.text)
            ]
            if (
                len({i.key for i in infos}) > 2
                and kind_of(label) != "read_also"
                and not self._in_text_flow(group[0])
            ):
                continue  # a headed box ("Read Next", "Te puede interesar") outside the story
            found = self._make("read_also", label, infos) if infos else None
            if found is not None:
                found.elements = list(group)
                for el in group:
                    el.set(SECTION_MARK, "read_also")
                yield found

    def _tab_candidates(self) -> list[_Candidate]:
        """Tab widgets: a label linking to "#pane" where the pane holds stories."""
        if not self.page.tab_links:
            return []
        targets = {a.get("href", "")[1:] for a in self.page.tab_links}
        panes: dict[str, list[HtmlElement]] = {}
        for el in self.root.iter():
            pane_id = el.get("id")
            if pane_id in targets and self.page.counts.get(el, 0) >= 2:
                panes.setdefault(pane_id, []).append(el)
        out = []
        for a in self.page.tab_links:
            # Pages reuse ids across widgets: take the first pane after the tab
            # that sits in the same widget (a near common ancestor).
            position = self.page.order.get(a, 0)
            near = set(list(a.iterancestors())[:_TAB_REACH])
            pane = next(
                (
                    p
                    for p in panes.get(a.get("href", "")[1:], [])
                    if self.page.order.get(p, 0) > position
                    and not near.isdisjoint(p.iterancestors())
                ),
                None,
            )
            label = clean_heading(visible_text(a))
            if not label or len(label) > 40 or pane is None:
                continue
            if NOT_HEADING.search(label) or not class_tokens(a).isdisjoint(_SKIP_LINK_TOKENS):
                continue  # a skip link ("Skip to main content") is not a tab
            out.append(_Candidate([pane], a, label, None, self.page.order.get(a, 0)))
        return out

    def _branch_points(self) -> list[HtmlElement]:
        """Elements where story links branch, deepest first."""
        points = []
        for el, n in self.page.counts.items():
            if tag_of(el) in ("html", "body"):
                continue
            if n < 2 or max((self.page.counts.get(c, 0) for c in el), default=0) >= n:
                continue
            points.append(el)
        points.sort(key=lambda el: self.page.order.get(el, 0), reverse=True)
        return points

    def _headed_candidates(self) -> list[_Candidate]:
        by_heading: dict[HtmlElement, _Candidate] = {}
        for el in self._branch_points():
            for heading_el, heading in self.headings.heads_of(el):
                if heading_el in by_heading:
                    continue
                region = self.headings.region_after(heading_el)
                if region:
                    by_heading[heading_el] = _Candidate(
                        region, heading_el, heading, None, self.page.order.get(heading_el, 0)
                    )
        # Smallest regions first, so nested headed boxes win over a wrapper's heading.
        return sorted(by_heading.values(), key=lambda c: -self.page.order.get(c.region[0], 0))

    def _unheaded_candidates(self) -> list[_Candidate]:
        out = []
        for el in self._branch_points():
            if self.page.counts.get(el, 0) < 2:
                continue
            kind = class_kind(el)
            if kind is not None:
                out.append(_Candidate([el], None, None, kind, self.page.order.get(el, 0)))
        return out

    def _accept(self, cand: _Candidate) -> list[FoundSection]:
        if self._excluded(cand.region[0]):
            return []
        if cand.heading is not None and AD_HEADING.search(cand.heading):
            # Native ads: their links are nobody's section, even by class name.
            self.taken.update(i.index for i in self.page.infos_in(cand.region, stories_only=True))
            return []
        if cand.heading is not None and cand.heading_el is not None:
            tabs = self._tabs(cand)
            if tabs:
                return tabs
        infos = [
            i
            for i in self.page.infos_in(cand.region, stories_only=True)
            if i.index not in self.taken
        ]
        kind = cand.kind or list_kind(cand.heading, cand.region, infos)
        if (
            cand.heading is not None
            and cand.heading_el is not None
            and READ_ALSO_IN_FLOW.search(cand.heading)
            and self._in_text_flow(cand.heading_el)
        ):
            kind = "read_also"  # "DON'T MISS" between the story's paragraphs
        minimum = 1 if kind == "read_also" else 2
        distinct = {i.key for i in infos if i.key != self.page.page_key}
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

    def _list_like(self, region: list[HtmlElement], infos: list[LinkInfo]) -> bool:
        """Stories, not prose with a few links: most story links are the whole of
        their line (a list item, a card title), and the text outside them is short
        per story (teaser summaries are fine)."""
        total = sum(len(visible_text(el)) for el in region)
        story_text = sum(len(i.text) for i in infos)
        if all(i.in_heading for i in infos):
            # Teasers: a linked headline and a summary each.
            return total - story_text <= 400 * len(infos)
        if total - story_text > 250 * len(infos) or has_prose(region):
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
            text = clean_heading(visible_text(child))
            if text and len(text) <= 40:
                href = child.get("href") or ""
                labels.append((text, href[1:] if href.startswith("#") else None))
        if len(labels) < 2:
            return []
        panes = [el for el in cand.region if self.page.counts.get(el, 0) >= 2]
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
                i
                for i in self.page.infos_in([pane], stories_only=True)
                if i.index not in self.taken
            ]
            if len({i.key for i in infos}) < 2:
                continue
            kind = list_kind(label, [pane], infos)
            found = self._make(kind, label, infos)
            if found is not None:
                found.elements = [pane]
                pane.set(SECTION_MARK, kind)
                out.append(found)
        return out

    def _excluded(self, el: HtmlElement) -> bool:
        for depth, node in enumerate([el, *el.iterancestors()]):
            tag = tag_of(node)
            if tag in ("body", "html"):
                return False
            if node in self.page.skipped or tag == "nav":
                return True
            if (
                tag == "header"
                and depth > 0
                and not any(tag_of(a) in ("article", "main") for a in node.iterancestors())
            ):
                return True
            tokens = _block_tokens(node)
            if not tokens.isdisjoint(NOT_SECTION_TOKENS):
                return True
            if (
                not tokens.isdisjoint(AD_TOKENS)
                and self.page.counts.get(node, 0) <= 2 * self.page.counts.get(el, 0) + 2
                and not self._mostly_same_site(node)
            ):
                return True  # an ad box, not a page wrapper named for its ad margins
        return False

    def _in_text_flow(self, el: HtmlElement) -> bool:
        """The element sits among the article's paragraphs: it, or a box around
        it, has sibling paragraphs of prose (counted once per parent)."""
        for node in list(el.iterancestors())[:3]:
            if tag_of(node) in ("body", "html"):
                return False
            prose = self._prose.get(node)
            if prose is None:
                prose = self._prose[node] = sum(
                    1 for child in node if tag_of(child) == "p" and not is_short(child, 119)
                )
            if prose >= 2:
                return True
        return False

    def _mostly_same_site(self, el: HtmlElement) -> bool:
        """Partner boxes share ad-like class names but link to the site itself."""
        infos = self.page.infos_in([el], stories_only=True)
        same = sum(1 for i in infos if site_key(host_of(i.url)) == self.page.page_site)
        return bool(infos) and same >= 0.8 * len(infos)

    def _make(
        self, kind: SectionKind, heading: str | None, infos: list[LinkInfo]
    ) -> FoundSection | None:
        best: dict[str, LinkInfo] = {}
        first: dict[str, int] = {}
        for info in infos:
            if info.key == self.page.page_key:
                continue
            if info.key not in best or len(info.text) > len(best[info.key].text):
                best[info.key] = info
            first.setdefault(info.key, info.index)
        if not best:
            return None
        ordered = sorted(best, key=lambda k: first[k])[:MAX_SECTION_LINKS]
        links = tuple(Link(best[k].url, best[k].text or best[k].url) for k in ordered)
        self.taken.update(info.index for info in infos)
        return FoundSection(
            Section(kind, clean_line(heading) or None, links), order=min(first.values())
        )


def _block_tokens(el: HtmlElement) -> frozenset[str]:
    """Class/id words of what the block is, without state flags of a page wrapper
    ("has-section-nav", "is-menu-open", "no-sidebar" say nothing of the block)."""
    tokens = class_tokens(el)
    cls = el.get("class") or ""
    if not _STATE_CLASS.search(cls):
        return tokens
    out: set[str] = set()
    words = [w for w in cls.lower().split() if not _STATE_CLASS.match(w)]
    for word in [*words, *(el.get("id") or "").lower().split()]:
        pieces = [p for p in _SPLIT.split(word) if p]
        out.update(pieces)
        if len(pieces) > 1:
            out.add("".join(pieces))
    return frozenset(out)


@dataclass
class _Candidate:
    region: list[HtmlElement]
    heading_el: HtmlElement | None
    heading: str | None
    kind: SectionKind | None
    order: int
