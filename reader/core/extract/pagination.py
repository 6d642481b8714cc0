"""Finding the rest of a story split over several pages, on the parsed page
before pruning (the pager often sits in furniture that pruning removes).

Two links matter: the whole-story view ("Tampilkan semua", "Single page",
`?page=all`, `?single=1`, `.../all`) and the next page (`<link rel=next>`,
`<a rel=next>`, "Selanjutnya", "Next page", the link to page n+1 of a
numbered run). Either must be on the same site and clearly the same story:
the page's own path with a page marker (`?page=2`, `/2`, `-2`, `/page/2`),
whose path names one story (a slug, a long number, a file name), so that a
section index's "older posts" (`/news/page/2`) is never taken for a story's
second page. Cheap: one pass over the `<a>` and `<link>` elements, and only
hrefs that could be such a link (relative queries, or containing the story's
slug) are resolved and read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from reader.core.models import PageLinks
from reader.core.urls import (
    STORY_SEGMENT,
    comparable,
    is_tracking_param,
    resolve,
    without_fragment,
)

if TYPE_CHECKING:
    from lxml.html import HtmlElement  # `same_story` serves the library: no lxml at start-up

__all__ = ["find_page_links", "same_story"]

#: Query parameters that number a story's pages.
_PAGE_PARAMS = frozenset(
    {"page", "pg", "paged", "halaman", "hal", "pagina", "pagenum", "page_no", "pageno"}
)
#: A page parameter's values that ask for the whole story.
_WHOLE_VALUES = frozenset({"all", "full", "single", "semua", "singlepage", "one"})
#: Flags that ask for the whole story (`?single=1`, `?showall=1`, `?single`).
_WHOLE_FLAGS = frozenset(
    {"single", "showall", "show_all", "all", "full", "singlepage", "single_page", "onepage"}
)
_FLAG_ON = frozenset({"", "1", "true", "yes", "y", "on", "all"})
#: Parameters that say where a visitor came from, not which page (as in urls.py).
_VIEW_PARAMS = frozenset({"view", "display", "mode", "format"})
_WHOLE_PATH = re.compile(r"^(.+?)/(?:all|full|single|singlepage|one-page)$", re.IGNORECASE)
_PATH_PAGE = re.compile(r"^(.+?)/page/(\d{1,2})$", re.IGNORECASE)
_PATH_NUMBER = re.compile(r"^(.+)/(\d{1,2})$")
_SUFFIX_NUMBER = re.compile(r"^(.*[^\W\d_])[-_](\d{1,2})(\.\w{2,5})?$")
#: A path segment that names one story (as in feeds.page_items).

#: Link words that name something else than the story's text.
_NOT_STORY = re.compile(
    r"repl|comment|komentar|balasan|diskusi|discussion|photo|foto|gallery|galeri|video"
)
_EXTENSION = re.compile(r"\.\w{2,5}$")
_PUNCTUATION = re.compile(r"[\s«»‹›<>→←⟩⟨|·•\-–—:.,!()\[\]/]+")
_NEXT_WORDS = frozenset(
    {
        "next", "next page", "continue", "selanjutnya", "berikutnya", "halaman selanjutnya",
        "halaman berikutnya", "lanjut", "lanjutan", "seterusnya", "halaman seterusnya",
        "siguiente", "página siguiente", "próxima", "próxima página", "suivant",
        "page suivante", "weiter", "nächste seite", "다음", "다음 페이지",
    }
)  # fmt: skip
_NUMBERED = re.compile(r"^(?:halaman|hal|page|pagina|página|seite|bagian)?\s*(\d{1,2})$")
_WHOLE_WORDS = re.compile(
    r"^(?:tampilkan|lihat|baca) semua$|satu halaman|single page|one page|"
    r"^(?:view|show) all$|full article|full story|all pages|semua halaman"
)


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way to read an address: the story's base path, the page number it
    names (None: unmarked), whether it asks for the whole story, and whether
    the number was a query parameter (those may count from 0)."""

    base: str
    page: int | None
    whole: bool = False
    query: bool = False


@dataclass(frozen=True, slots=True)
class _Address:
    host: str
    rest: tuple[tuple[str, str], ...]
    """The query's other parameters."""
    readings: tuple[_Reading, ...]


def _address(url: str, on_host: str | None = None) -> _Address | None:
    """How `url` reads as a story's page (None: not a story's address, or
    not on the host `on_host`)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if not host or parts.scheme.lower() not in ("http", "https"):
        return None
    host = host.removeprefix("www.") + (f":{port}" if port and port not in (80, 443) else "")
    if on_host is not None and host != on_host:
        return None
    path = re.sub(r"/+", "/", parts.path or "/").rstrip("/") or "/"
    page: int | None = None
    whole = False
    rest: list[tuple[str, str]] = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        name, val = key.lower(), value.lower()
        if name in _PAGE_PARAMS and val.isdigit() and len(val) <= 3:
            page = int(val)
        elif (name in _PAGE_PARAMS and val in _WHOLE_VALUES) or (
            (name in _WHOLE_FLAGS and val in _FLAG_ON)
            or (name in _VIEW_PARAMS and val in _WHOLE_VALUES)
        ):
            whole = True
        elif not is_tracking_param(name):
            rest.append((key, value))
    rest.sort()
    if page is not None or whole:
        readings = [_Reading(path, page, whole, query=True)]
    else:
        readings = [_Reading(path, None)]
        readings += _path_readings(path)
    story = tuple(r for r in readings if _names_story(r.base))
    return _Address(host, tuple(rest), story) if story else None


def _path_readings(path: str) -> list[_Reading]:
    out: list[_Reading] = []
    if match := _WHOLE_PATH.match(path):
        out.append(_Reading(match.group(1), None, whole=True))
    if (match := _PATH_PAGE.match(path)) or (match := _PATH_NUMBER.match(path)):
        out.append(_Reading(match.group(1), int(match.group(2))))
    head, _, last = path.rpartition("/")
    if match := _SUFFIX_NUMBER.match(last):
        base = f"{head}/{match.group(1)}{match.group(3) or ''}"
        out.append(_Reading(base, int(match.group(2))))
    return out


def _names_story(path: str) -> bool:
    return any(STORY_SEGMENT.search(s) for s in path.split("/") if s)


def same_story(a: str, b: str) -> bool:
    """Whether two addresses are pages (or the whole view) of one story: same
    site, same other query parameters, a common story path."""
    first, second = _address(a), _address(b)
    if first is None or second is None:
        return False
    if first.host != second.host or first.rest != second.rest:
        return False
    return bool({r.base for r in first.readings} & {r.base for r in second.readings})


def _clean(text: str) -> str:
    return _PUNCTUATION.sub(" ", text).strip().casefold()


def find_page_links(root: HtmlElement, url: str | None) -> PageLinks | None:
    """The whole-story view and the next page linked from the page at `url`
    (see the module's docstring), or None when it links neither."""
    if not url:
        return None
    here = _address(url)
    if here is None or any(r.whole for r in here.readings):
        return None  # not a story's address, or the whole view already
    bases = {r.base: r for r in here.readings}
    slug = _EXTENSION.sub("", min(bases, key=len).rsplit("/", 1)[-1])
    own = comparable(url)
    whole: str | None = None
    following: str | None = None
    for element in root.iter("a", "link"):
        # Cheap first: a page has hundreds of links (a pass in Python costs
        # half what one XPath query choosing the same ones does, measured).
        href = element.get("href")
        if not href or href[0] == "#":
            continue
        rel = (element.get("rel") or "").lower()
        if element.tag == "link":
            if "next" not in rel:
                continue
        elif not (href[0] == "?" or slug in href or "next" in rel or href.isdigit()):
            continue
        target = resolve(url, href)
        if target is None:
            continue
        target = without_fragment(target)
        there = _address(target, here.host)
        if there is None or comparable(target) == own:
            continue
        shared = [r for r in there.readings if r.base in bases]
        if not shared or there.rest != here.rest:
            continue
        text = _clean(element.text_content()) if element.tag == "a" else ""
        label = _clean(element.get("aria-label") or element.get("title") or "")
        if _NOT_STORY.search(text) or _NOT_STORY.search(label):
            continue  # "All replies", "Next comments", "View all photos"
        if whole is None and _is_whole(shared, text):
            whole = target
        elif following is None and _is_next(shared, bases, text, rel, label):
            following = target
        if whole is not None and following is not None:
            break
    if whole is None and following is None:
        return None
    return PageLinks(whole=whole, next=following)


def _is_whole(shared: list[_Reading], text: str) -> bool:
    if any(r.whole for r in shared):
        return True
    return bool(text) and bool(_WHOLE_WORDS.search(text)) and any(r.page is None for r in shared)


def _is_next(
    shared: list[_Reading], bases: dict[str, _Reading], text: str, rel: str, label: str
) -> bool:
    numbered = _NUMBERED.match(text)
    for link in shared:
        if link.page is None or link.whole:
            continue
        current = bases[link.base].page
        one_based = link.page == (current or 1) + 1
        zero_based = link.query and current is None and link.page == 1
        if not (one_based or zero_based):
            continue
        if numbered:
            shown = int(numbered.group(1))
            if (one_based and shown == link.page) or (link.query and shown == link.page + 1):
                return True
            continue
        if "next" in rel or text in _NEXT_WORDS or label in _NEXT_WORDS:
            return True
    return False
