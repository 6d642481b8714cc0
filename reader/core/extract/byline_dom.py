"""The byline in the page itself: author markup (`itemprop=author`, `rel=author`),
byline lines ("By ...", "Oleh ...", "Penulis : ...", "Editor: ...") and byline or
author classes. Candidates nearest the headline win; those in comments, photo
credits, teaser lists, "follow" boxes and sponsored widgets are never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from reader.core.extract.byline_text import (
    COLON_ONLY,
    LABEL,
    is_ad_network,
    is_job_title,
    is_site,
    key,
    looks_like_names,
    looks_like_org,
    tidy,
    unique,
)
from reader.core.extract.dom import BLOCK_TAGS, HEADING_TAGS, class_tokens, tag_of
from reader.core.sanitize import clean_line

#: Elements whose itemprop or rel says "author" (attribute axes: several times
#: faster in libxml2 than predicates on each element).
_MARKUP = etree.XPath(".//@itemprop[contains(., 'uthor')]/.. | .//@rel[contains(., 'uthor')]/..")
#: The person's name inside author markup.
_NAME_PROP = etree.XPath(".//*[contains(concat(' ', @itemprop, ' '), ' name ')]")
#: Elements whose class or id mentions a byline word (checked by token below).
_CLASSED = etree.XPath(
    ".//@class[contains(., 'uthor') or contains(., 'utor') or contains(., 'yline')"
    " or contains(., 'byl') or contains(., 'riter') or contains(., 'enulis')"
    " or contains(., 'eporter')]/.. | .//@id[contains(., 'uthor') or contains(., 'yline')]/.."
)
_BYLINE_TOKENS = frozenset(
    {"byline", "bylines", "author", "authors", "writer", "penulis", "reporter", "byl", "autor",
     "auteur", "creator", "authorname", "byauthor", "postauthor", "entryauthor", "articleauthor",
     "storyauthor", "bylineauthor", "authorlink", "bylinename", "contributor"}
)  # fmt: skip
#: The first two letters of the labels in `byline_text.LABEL`, lower-cased.
_STARTS = (
    "|by|wr|po|wo|st|re|te|au|ol|pe|wa|ko|la|vo|pa|do|ed|ав|"
    "作者|记者|記者|撰文|筆者|责任|責任|编辑|編輯|"
)
_TWO = "translate(substring(normalize-space(.), 1, 2), 'ABDEKLOPRSTVWYАВ', 'abdekloprstvwyав')"
#: Short text nodes that may hold a byline label: they start with a label's first
#: letters, or have a separator or an Indonesian time zone before one. Filtered in
#: C: most text nodes of a page are whitespace or start otherwise.
_LABEL_TEXT = etree.XPath(
    ".//text()[normalize-space(.)]"
    f"[contains('{_STARTS}', concat('|', {_TWO}, '|'))"
    " or contains(., '|') or contains(., '•') or contains(., '·') or contains(., 'WI')]"
    "[string-length(.) < 160][not(parent::script or parent::style)]"
    "[not(ancestor::pre or ancestor::code)]"  # "GROUP BY ..." in a code listing
)
#: A byline label after a separator or a time in the middle of a text node.
_INNER_LABEL = re.compile(
    r"(?:[|•·]|\b(?:WIB|WITA|WIT)\b)\s*(?=(?:by|oleh|penulis|pewarta|reporter|written\s+by)\b)",
    re.IGNORECASE,
)
_NOT_LINE_TAGS = frozenset(
    {"html", "body", "head", "meta", "link", "script", "style", "label", "input", "form", "img",
     "ul", "ol", "nav", "button", "select", "option", "textarea", "title"}
)  # fmt: skip
#: Containers named after their author ("article author-jane"): never the byline itself.
_NOT_CLASS_TAGS = _NOT_LINE_TAGS | {"article", "main", "section"}
_LONG_TEXT = etree.XPath("string-length(.) > 400")
_LONG_LINE = etree.XPath("string-length(.) > 1500")
_COMMENT_TOKENS = frozenset(
    {"comment", "comments", "respond", "reply", "replies", "komentar", "disqus", "discussion"}
)
_MEDIA_TOKENS = frozenset(
    {"photo", "foto", "caption", "gallery", "figure", "figcaption",
     "photographer", "fotografer", "slideshow", "picture", "image", "img", "video"}
)  # fmt: skip
#: Containers of other stories, follow buttons and sponsored widgets.
_FURNITURE_TOKENS = frozenset(
    {"related", "recommended", "recommendation", "recommendations", "sponsored", "promoted",
     "taboola", "outbrain", "follow", "trending", "popular", "mostread", "terkait", "terpopuler",
     "sidebar", "widget", "teaser", "teasers", "promo", "advert", "advertisement", "ads",
     "newsletter", "subscribe"}
)  # fmt: skip
_OTHERS_WORK = re.compile(r"Comment|Review|Answer|Question", re.IGNORECASE)
_FAR = 9
_BY = frozenset({"by", "von", "par", "por", "door"})


@dataclass
class _Page:
    """What the search knows about the page, and what it found so far."""

    area: dict[HtmlElement, int]
    titles: set[str]
    site: str | None
    found: list[_Candidate]
    fallback: list[str]
    teasers: dict[HtmlElement, bool] = field(default_factory=dict)


@dataclass
class _Candidate:
    names: str
    distance: int
    source: int  # 0 markup, 1 byline line, 2 class
    line: int
    group: HtmlElement | None
    editor: bool = False


def dom_byline(
    root: HtmlElement, meta: dict[str, str], site: str | None, fallback: list[str]
) -> str | None:
    """The byline found in the page, or None. Names of the site itself found in
    author markup go to `fallback`. Looked for around the headline first, then
    further out (the nearest wins, and the page is not read twice when it is found)."""
    titles = {key(t) for t in (meta.get("og:title"), meta.get("twitter:title")) if t}
    title_el = root.find("head/title")
    page_title = key(_text(title_el)) if title_el is not None else ""
    h1 = _main_h1(root, titles | {page_title} if page_title else titles, site)
    area: dict[HtmlElement, int] = {}
    scopes: list[HtmlElement] = []
    if h1 is not None:
        titles.add(key(_text(h1)))
        for level, anc in enumerate(h1.iterancestors(), 1):
            if level > 6 or tag_of(anc) in ("body", "html"):
                break
            area[anc] = level
            if level == 2:
                scopes.append(anc)
        top = max(area, key=lambda anc: area[anc], default=None)
        if top is not None and top not in scopes:
            scopes.append(top)
    body = root.find("body")
    scopes.append(body if body is not None else root)
    page = _Page(area, titles, site, [], fallback)
    for scope in scopes:
        # Byline classes and lines are read around the headline only (the page's
        # other classes and text nodes are many, and hold other stories' bylines);
        # author markup anywhere.
        _search(scope, page, near=scope is not scopes[-1] or len(scopes) == 1)
        if any(not c.editor for c in page.found):
            break
    return _choose(page.found)


def _search(scope: HtmlElement, page: _Page, *, near: bool) -> None:
    for el in _elements(_MARKUP(scope)):
        _markup_candidate(el, page)
    if near:
        for el in _elements(_CLASSED(scope)):
            if class_tokens(el) & _BYLINE_TOKENS:
                _class_candidate(el, page)
        _line_candidates(scope, page)


def _choose(found: list[_Candidate]) -> str | None:
    writers = [c for c in found if not c.editor] or found
    if not writers:
        return None
    best = min(writers, key=lambda c: (c.distance, c.source, c.line))
    if best.source == 1 or best.group is None:
        return best.names
    same = [c for c in writers if c.group is best.group and c.source == best.source]
    same.sort(key=lambda c: c.line)
    return ", ".join(unique(c.names for c in same))


# ---------------------------------------------------------------- sources


def _markup_candidate(el: HtmlElement, page: _Page) -> None:
    if tag_of(el) in _NOT_LINE_TAGS or _excluded(el, page):
        return
    name_el = next(iter(_elements(_NAME_PROP(el))), None)
    if name_el is None and _LONG_TEXT(el):
        return  # an author box with a biography and no marked name
    names = tidy(_text(name_el if name_el is not None else el))
    if not names or is_ad_network(names):
        return
    if is_site(names, page.site):
        page.fallback.append(names)
        return
    if key(names) in page.titles or not looks_like_names(names, single_word=True):
        return
    page.found.append(_Candidate(names, _distance(el, page.area), 0, _line_no(el), _group(el)))


def _class_candidate(el: HtmlElement, page: _Page) -> None:
    if tag_of(el) in _NOT_CLASS_TAGS or len(el) > 12 or _LONG_TEXT(el) or _excluded(el, page):
        return
    text = _text(el)
    if len(text) > 120:
        return
    names = _names_of(text, page, single_word=False)
    if names is None:
        links = [clean_line(_text(a)) for a in el.iter("a")][:4]
        joined = ", ".join(t for t in links if t)
        names = _names_of(joined, page, single_word=False) if joined else None
    distance = _distance(el, page.area)
    if names:
        page.found.append(_Candidate(names, distance, 2, _line_no(el), _group(el)))
    elif distance <= 3:  # "Detroit Courier wire services" under the headline
        org = tidy(text)
        if (
            org
            and looks_like_org(org)
            and len(org.split()) <= 6
            and not is_job_title(org)
            and not is_site(org, page.site)
        ):
            page.fallback.append(org)


def _line_candidates(scope: HtmlElement, page: _Page) -> None:
    result = _LABEL_TEXT(scope)
    for node in result if isinstance(result, list) else []:
        if not isinstance(node, etree._ElementUnicodeResult):
            continue
        text = " ".join(str(node).split())
        match = LABEL.match(text) if text else None
        if match is None:
            inner = _INNER_LABEL.search(text)
            if inner is None:
                continue
            text = text[inner.end() :]  # "Selasa, 5 Maret 2024 | 10:15 WIB Oleh: ..."
            match = LABEL.match(text)
            if match is None:
                continue
        label = (match.group("writer") or match.group("editor") or "").lower()
        needs_colon = label in COLON_ONLY and not match.group("colon")
        if needs_colon and text != match.group(0).strip():
            continue  # "Editor Bayu ...", "Red sky at night": no colon, no label
        owner = node.getparent()
        if owner is None:
            continue
        line = owner.getparent() if node.is_tail else owner
        if line is None or tag_of(line) in _NOT_LINE_TAGS or len(line) > 30:
            continue
        if tag_of(line) in HEADING_TAGS and not class_tokens(line) & _BYLINE_TOKENS:
            continue  # a subheading ("By the numbers"), not a byline
        if _LONG_LINE(line):
            continue  # a paragraph that begins "By the time ...", not a byline
        line_text = _text(line)
        label_only = len(match.group(0).strip(" :：")) + 2
        for _ in range(3):  # "<td>Redaktur</td><td>:</td><td>Nama</td>": up to the row
            if len(line_text) > label_only:
                break
            parent = line.getparent()
            if parent is None or tag_of(parent) in _NOT_LINE_TAGS or _LONG_LINE(parent):
                break
            line, line_text = parent, _text(parent)
        at = line_text.find(text[:20])
        if at < 0 or (at > 0 and node.is_tail):  # "Content management by ..."
            continue
        line_text = line_text[at : at + 160]
        if needs_colon and line_text[len(label) :].lstrip()[:1] not in (":", "："):
            continue  # "<td>Editor</td><td>: Nama</td>" has its colon in the next cell
        # A lone word after "By" is a heading's word more often than a name.
        names = _names_of(line_text, page, single_word=label not in _BY)
        if names and not _excluded(line, page, labelled=True):
            editor = match.group("editor") is not None
            page.found.append(
                _Candidate(names, _distance(line, page.area), 1, _line_no(line), None, editor)
            )


def _names_of(text: str, page: _Page, *, single_word: bool) -> str | None:
    names = tidy(text)
    if not names or is_site(names, page.site) or is_ad_network(names):
        return None
    name_key = key(names)
    if name_key in page.titles or any(name_key in t for t in page.titles if len(names) > 25):
        return None
    return names if looks_like_names(names, single_word=single_word) else None


# ---------------------------------------------------------------- where


def _main_h1(root: HtmlElement, titles: set[str], site: str | None) -> HtmlElement | None:
    """The headline: the <h1> (else <h2>) closest to a declared title, else the
    first <h1> of two words or more."""
    first: HtmlElement | None = None
    best: tuple[int, HtmlElement] | None = None
    for tag in ("h1", "h2"):
        for heading in root.iter(tag):
            text = _text(heading)
            text_key = key(text)
            if not text_key or is_site(text, site):
                continue
            gaps = [abs(len(text_key) - len(t)) for t in titles if _same_title(text_key, t)]
            if gaps and (best is None or min(gaps) < best[0]):
                best = (min(gaps), heading)
            if first is None and tag == "h1" and len(text.split()) >= 2:
                first = heading
        if best is not None:
            return best[1]
    return first


def _same_title(heading: str, title: str) -> bool:
    """The heading is the title, or most of it (the title may carry the site's name)."""
    if len(heading) < 0.4 * len(title) or len(heading) < 8:
        return False
    return heading in title or title in heading


def _distance(el: HtmlElement, area: dict[HtmlElement, int]) -> int:
    """How many levels above the headline the element and the headline meet."""
    if not area:
        return _FAR
    if el in area:
        return area[el]
    for depth, anc in enumerate(el.iterancestors()):
        if depth > 20:
            break
        if anc in area:
            return area[anc]
    return _FAR


def _group(el: HtmlElement) -> HtmlElement | None:
    """The block holding the element: names in the same block are one byline."""
    for depth, anc in enumerate(el.iterancestors()):
        if depth > 3:
            break
        if tag_of(anc) in BLOCK_TAGS:
            return anc
    return el.getparent()


def _excluded(el: HtmlElement, page: _Page, *, labelled: bool = False) -> bool:
    """In comments, photo credits, teaser lists, follow boxes or sponsored widgets
    (a container that also holds the headline is none of these). A `labelled`
    line ("Redaktur: ...") in a photo page's block is still a byline."""
    media = frozenset() if labelled else _MEDIA_TOKENS
    if class_tokens(el) & (_COMMENT_TOKENS | media | _FURNITURE_TOKENS):
        return True
    for depth, anc in enumerate(el.iterancestors()):
        if depth > 12 or anc in page.area:
            break
        tag = tag_of(anc)
        if tag in ("form", "nav", "figure", "figcaption"):
            return True
        tokens = class_tokens(anc)
        if tokens & _COMMENT_TOKENS or tokens & _FURNITURE_TOKENS:
            return True
        if _OTHERS_WORK.search(anc.get("itemtype") or ""):  # a comment's or review's author
            return True
        if depth < 3 and tokens & media:
            return True
        if tag in ("li", "article") and depth < 6:
            if anc not in page.teasers:
                page.teasers[anc] = bool(_IS_TEASER(anc))
            if page.teasers[anc]:
                return True
    return False


#: A short list item or card that links another story (a heading or a headline link).
_IS_TEASER = etree.XPath(
    "string-length(.) < 600 and boolean(.//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6"
    " | .//a[string-length(normalize-space(.)) > 30])"
)


def _line_no(el: object) -> int:
    number = getattr(el, "sourceline", None)
    return number if isinstance(number, int) else 0


def _is_name_prop(el: HtmlElement) -> bool:
    return "name" in (el.get("itemprop") or "").lower().split()


def _elements(result: object) -> list[HtmlElement]:
    """The elements of an XPath result."""
    return [el for el in result if isinstance(el, HtmlElement)] if isinstance(result, list) else []


def _text(el: HtmlElement) -> str:
    return " ".join(" ".join(el.itertext()).split())
