"""The stories of a web page followed as a source (a front page, a section
page, or one of a page's link lists), and whether a page is such an index
rather than an article.

Story links come from the section finder's lists (it runs on the whole page)
and, when the page's html is given, from its story blocks: headlines and
teaser cards the lists miss. The finder's link classification keeps out
navigation, category, tag, author, login, share and "more" links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from reader.core.extract.problems import NO_PROSE
from reader.core.feeds.entries import MAX_ITEMS
from reader.core.feeds.model import FeedItem

if TYPE_CHECKING:
    from lxml.html import HtmlElement
from reader.core.models import Article, Link
from reader.core.sanitize import clean_line
from reader.core.urls import (
    STORY_SEGMENT,
    comparable,
    host_of,
    is_followable,
    site_key,
    without_fragment,
)

__all__ = [
    "list_stories",
    "looks_like_index",
    "page_stories",
    "story_blocks",
    "url_names_a_story",
]

#: With no article text (the extractor's "too short", "no text" or "mostly
#: links" warning), this many different story links make an index page
#: (10 was tried first: the demo's front pages, six stories each, read as broken
#: articles; 5 reads no more of the corpus's 182 article pages as an index) ...
INDEX_MIN_LINKS = 5
#: ... and, even with text, this many story links with fewer than
#: `INDEX_WORDS_PER_LINK` body words each.
INDEX_MANY_LINKS = 40
INDEX_WORDS_PER_LINK = 2.0

#: File names of front and section pages.
_INDEX_NAME = re.compile(r"^(?:index|default|home|main|beranda|indeks)(?:\.\w+)?$", re.I)
#: A teaser's headline outside h2-h6 has at least this many words.
_MIN_TEASER_WORDS = 4
_CHROME_TAGS = frozenset({"footer", "nav"})  # not <header>: cards have one
_CHROME_TOKENS = frozenset({"footer", "nav", "navbar", "navigation", "menu", "breadcrumb"})


def page_stories(article: Article, url: str, html: str | None = None) -> list[FeedItem]:
    """The story links of the page at `url`, as items: title = link text,
    guid = the normalised URL; the page's lists first (in page order), then
    the headlines and teasers of its story blocks (with `html`) that the lists
    missed. Links to the page itself, and blocks' links to other sites, are
    left out."""
    page_key = comparable(url)
    links = [link for section in article.sections for link in section.links]
    items = _items(links, page_key)
    if html:
        seen = {item.guid for item in items}
        extra = [link for link in story_blocks(html, url) if comparable(link.url) not in seen]
        items.extend(_items(extra, page_key))
    return items[:MAX_ITEMS]


def list_stories(article: Article, heading: str) -> list[FeedItem] | None:
    """The links of the page's list whose heading matches `heading` (case and
    spaces ignored), as items; None when the page has no such list."""
    wanted = _heading_key(heading)
    if not wanted:
        return None
    links: list[Link] = []
    found = False
    for section in article.sections:
        if section.heading and _heading_key(section.heading) == wanted:
            found = True
            links.extend(section.links)
    if not found:
        return None
    return _items(links, comparable(article.url) if article.url else "")[:MAX_ITEMS]


def looks_like_index(article: Article, html: str | None = None) -> bool:
    """True for a front or section page rather than an article.

    An address that names one story (a long number, a slug, a file name) is
    an article, unless the page has no article text and 40 story links or
    more (a front page saved as "frontpage.html"); the page's canonical
    address, when it gives one, is the address judged. Otherwise: no article
    text (the extractor warned so) and at least 5 different story links (a
    small site's front page lists six), or at least 40 story links with fewer
    than two body words each. Story links are the lists' links, and with
    `html` the page's headline and teaser links too (front pages often have
    no headed lists: pass the html). Measured on ../shared/corpus
    (bench/feeds.py): the 6 HTML front pages of idnews/frontpages read as
    index pages, at their own addresses and served under file names; of the
    182 article pages only mozilla-dev/nytimes-5 does, which is the front
    page of the Times in Spanish.
    """
    url = article.url or ""
    no_prose = any(warning.startswith(NO_PROSE) for warning in article.warnings)
    named = bool(url) and url_names_a_story(url)
    if named and not (no_prose and html):
        return False
    keys = {comparable(link.url) for section in article.sections for link in section.links}
    if html:
        root = _parsed(html)
        canonical = _canonical(root, url) if root is not None else []
        if canonical:
            named = url_names_a_story(canonical[0])
        if root is not None and len(keys) < INDEX_MANY_LINKS:
            keys.update(comparable(link.url) for link in _story_blocks(root, url, canonical))
    links = len(keys)
    if named:
        return no_prose and links >= INDEX_MANY_LINKS
    if no_prose and links >= INDEX_MIN_LINKS:
        return True
    return links >= INDEX_MANY_LINKS and article.word_count < links * INDEX_WORDS_PER_LINK


def url_names_a_story(url: str) -> bool:
    """Whether an address looks like one story's (not a front or section page)."""
    try:
        parts = urlsplit(comparable(url) if "://" in url else url)
    except ValueError:
        return False
    segments = [s for s in parts.path.split("/") if s]
    if segments and _INDEX_NAME.match(segments[-1]):
        segments = segments[:-1]
    return bool(parts.query) or any(STORY_SEGMENT.search(s) for s in segments)


def story_blocks(html: str, url: str) -> list[Link]:
    """Headline and teaser-card links of the page (story links in h2-h6, or a
    line of their own), on the page's own site, in page order. The site is the
    page's address's, and the one its canonical address names (a copy served
    from elsewhere, a mirror or a cache, still finds its own site's stories)."""
    root = _parsed(html)
    return [] if root is None else _story_blocks(root, url, _canonical(root, url))


def _parsed(html: str) -> HtmlElement | None:
    from reader.core.extract.dom import drop_scripts, parse_html

    try:
        root = parse_html(html)
    except Exception:  # lxml can fail in odd ways on hostile input
        return None
    drop_scripts(root)
    return root


def _story_blocks(root: HtmlElement, url: str, canonical: list[str]) -> list[Link]:
    from reader.core.extract.sections.links import PageLinks

    page = PageLinks(root, url)
    page.collect()
    sites = {site_key(host_of(address)) for address in (url, *canonical)} - {""}
    out: list[Link] = []
    chrome: dict[HtmlElement, bool] = {}
    for anchor, info in sorted(page.links.items(), key=lambda pair: pair[1].index):
        if not info.story:
            continue
        if not (info.in_heading or (info.itemlike and len(info.text.split()) >= _MIN_TEASER_WORDS)):
            continue
        if sites and site_key(host_of(info.url)) not in sites:
            continue
        if _in_chrome(anchor, chrome):
            continue
        out.append(Link(info.url, info.text))
    return out


def _canonical(root: HtmlElement, url: str) -> list[str]:
    """The page's canonical addresses (`<link rel=canonical>`, og:url), http(s) only."""
    found = root.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
        " | //meta[@property='og:url']/@content"
    )
    addresses = (urljoin(url, str(value).strip()) for value in found[:4])
    return [address for address in addresses if is_followable(address)]


def _in_chrome(anchor: HtmlElement, memo: dict[HtmlElement, bool]) -> bool:
    """Whether a link sits in the page's header, footer, navigation or menu."""
    from reader.core.extract.dom import class_tokens, tag_of

    path: list[HtmlElement] = []
    found = False
    for el in anchor.iterancestors():
        if el in memo:
            found = memo[el]
            break
        path.append(el)
        if tag_of(el) in _CHROME_TAGS or not _CHROME_TOKENS.isdisjoint(class_tokens(el)):
            found = True
            break
    for el in path:
        memo[el] = found
    return found


def _items(links: Iterable[Link], page_key: str) -> list[FeedItem]:
    items: list[FeedItem] = []
    seen: set[str] = set()
    for link in links:
        if not is_followable(link.url):
            continue
        key = comparable(link.url)
        title = clean_line(link.text)
        if not title or key == page_key or key in seen:
            continue
        seen.add(key)
        items.append(FeedItem(guid=key, url=without_fragment(link.url), title=title[:300]))
    return items


def _heading_key(text: str) -> str:
    return " ".join(clean_line(text).casefold().split())
