"""The data that flows through the reader: Page -> Article (with Blocks and Sections).

Every string in these objects that came from a page has already been through
`reader.core.sanitize`; they are still plain text, never markup.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, cast, get_args

SectionKind = Literal["related", "read_also", "popular", "latest", "picks", "more"]
SECTION_KINDS: tuple[SectionKind, ...] = get_args(SectionKind)

#: Words read per minute, for the reading-time estimate.
WORDS_PER_MINUTE = 230

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched document: what the server (or the file) gave us, decoded."""

    url: str
    """Final address after redirects (a file:// URL or the --base-url for files)."""
    requested_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    """The body as received, after content decoding (gzip etc.)."""
    html: str
    """The body decoded with `charset`."""
    charset: str
    fetched_at: datetime
    moved: bool = False
    """True when every redirect followed was permanent (301/308): the address moved."""

    @property
    def etag(self) -> str | None:
        """The ETag validator, if the server sent one."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The Last-Modified validator, if the server sent one."""
        return self.headers.get("last-modified")


@dataclass(frozen=True, slots=True)
class Link:
    """One link of a section: an absolute http(s) URL and its visible text."""

    url: str
    text: str

    def to_json(self) -> dict[str, str]:
        """The JSON shape of `reader extract`."""
        return {"url": self.url, "text": self.text}


@dataclass(frozen=True, slots=True)
class Section:
    """A headed list of links found on the page (related, popular, ...)."""

    kind: SectionKind
    heading: str | None
    links: tuple[Link, ...]

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of `reader extract`."""
        return {
            "kind": self.kind,
            "heading": self.heading,
            "links": [link.to_json() for link in self.links],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Section:
        """Inverse of `to_json`."""
        kind = data.get("kind")
        if kind not in SECTION_KINDS:
            kind = "more"
        return cls(
            kind=cast(SectionKind, kind),
            heading=data.get("heading"),
            links=tuple(Link(str(x["url"]), str(x["text"])) for x in data.get("links", [])),
        )


class BlockKind(StrEnum):
    """What a block of the article body is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list_item"
    CODE = "code"
    TABLE = "table"
    CAPTION = "caption"
    IMAGE = "image"
    RULE = "rule"


#: Blocks that are shown but are not part of the article's plain text
#: (images, their captions and credits, rules).
NON_TEXT_BLOCKS = frozenset({BlockKind.IMAGE, BlockKind.CAPTION, BlockKind.RULE})


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style; `href` is set for in-body links."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Compact JSON: only the flags that are set."""
        out: dict[str, Any] = {"t": self.text}
        if self.bold:
            out["b"] = 1
        if self.italic:
            out["i"] = 1
        if self.code:
            out["c"] = 1
        if self.href:
            out["h"] = self.href
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Span:
        """Inverse of `to_json`."""
        return cls(
            text=str(data.get("t", "")),
            bold=bool(data.get("b")),
            italic=bool(data.get("i")),
            code=bool(data.get("c")),
            href=data.get("h"),
        )


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the article body: a heading, paragraph, list item, ..."""

    kind: BlockKind
    spans: tuple[Span, ...] = ()
    level: int = 0
    """Heading level (1-6), list nesting depth (0-based) or quote depth."""
    marker: str = ""
    """List marker: "•" or "3."."""

    @property
    def text(self) -> str:
        """The block's plain text."""
        return "".join(span.text for span in self.spans)

    def to_json(self) -> dict[str, Any]:
        """Compact JSON for the store."""
        out: dict[str, Any] = {"k": self.kind.value, "s": [s.to_json() for s in self.spans]}
        if self.level:
            out["l"] = self.level
        if self.marker:
            out["m"] = self.marker
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Block:
        """Inverse of `to_json`."""
        return cls(
            kind=BlockKind(data["k"]),
            spans=tuple(Span.from_json(s) for s in data.get("s", [])),
            level=int(data.get("l", 0)),
            marker=str(data.get("m", "")),
        )


BookmarkState = Literal["unread", "read", "archived"]
#: A bookmarked story is to read, read, or put away (Pocket's "archive").
BOOKMARK_STATES: tuple[BookmarkState, ...] = get_args(BookmarkState)


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A story kept to read later: its address, tags, a note, its state in
    the queue and a favourite mark. `saved`, `site` and `words` describe the
    stored page, when the store lists bookmarks."""

    url: str
    title: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    state: str = "unread"
    """One of BOOKMARK_STATES."""
    favourite: bool = False
    state_changed: datetime | None = None
    """When it was last marked read, archived or unread (None: never)."""
    saved: bool = False
    """The page is stored for offline reading."""
    site: str = ""
    """The stored article's site name ('' unknown)."""
    words: int = 0
    """The stored article's length in words (0 unknown)."""
    save_error: str = ""
    """Why the last attempt to save the page for offline failed ('' none)."""

    @property
    def minutes(self) -> int:
        """Reading time in minutes (0 when the length is unknown)."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE)) if self.words else 0


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Where the rest of a story split over several pages is: its whole-story
    view ("single page", `?page=all`) and its next page, as the extractor
    found them on one page (absolute, same site, same story). Never stored:
    the library follows them when the page is read."""

    whole: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class Article:
    """A clean article and the page's link sections."""

    url: str | None
    title: str
    byline: str | None = None
    published: str | None = None
    """ISO 8601 date or date-time."""
    site_name: str | None = None
    lang: str | None = None
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    warnings: tuple[str, ...] = ()
    extractor_version: str = ""
    pages: tuple[str, ...] = ()
    """The addresses of the pages this story was joined from, in order, when it
    was split over several (or the whole-story view read in their place);
    empty for a story read from its one page at `url`."""
    page_links: PageLinks | None = field(default=None, compare=False, repr=False)
    """The links to the rest of the story found on this page (None: none, or
    the page does not read as an article); neither stored nor in the JSON."""
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def page_addresses(self) -> tuple[str, ...]:
        """Every page the story was read from: `pages`, else the one at `url`."""
        return self.pages or ((self.url,) if self.url else ())

    @property
    def text(self) -> str:
        """The body as plain text, paragraphs separated by blank lines."""
        if "text" not in self._cache:
            self._cache["text"] = "\n\n".join(
                b.text for b in self.blocks if b.kind not in NON_TEXT_BLOCKS and b.text
            )
        return cast(str, self._cache["text"])

    @property
    def word_count(self) -> int:
        """Words in the body."""
        if "words" not in self._cache:
            self._cache["words"] = len(_WORD.findall(self.text))
        return cast(int, self._cache["words"])

    @property
    def reading_minutes(self) -> int:
        """Estimated minutes to read the body (at least 1 for a non-empty body)."""
        words = self.word_count
        return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0

    def to_json(self, *, markdown: str) -> dict[str, Any]:
        """The JSON object `reader extract --format json` prints. `markdown` is the
        body as `reader.core.extract.markdown.article_markdown` renders it (the
        models never import the renderer). `pages` is there only for a story
        read from several pages (or its whole-story view)."""
        more = {"pages": list(self.pages)} if self.pages else {}
        return {
            **self._described(),
            **more,
            "text": self.text,
            "markdown": markdown,
            "word_count": self.word_count,
            "warnings": list(self.warnings),
            "sections": [s.to_json() for s in self.sections],
        }

    def to_store(self) -> dict[str, Any]:
        """Everything needed to rebuild the article, blocks included: the JSON of
        `to_json` without text, markdown and word_count, which the blocks give."""
        return {
            **self._described(),
            "warnings": list(self.warnings),
            "sections": [s.to_json() for s in self.sections],
            "blocks": [b.to_json() for b in self.blocks],
            "extractor_version": self.extractor_version,
            "pages": list(self.pages),
        }

    def _described(self) -> dict[str, Any]:
        """The fields that describe the article, first in both JSON shapes."""
        return {
            "url": self.url,
            "title": self.title,
            "byline": self.byline,
            "published": self.published,
            "site_name": self.site_name,
            "lang": self.lang,
        }

    @classmethod
    def from_store(cls, data: Mapping[str, Any]) -> Article:
        """Inverse of `to_store`."""
        return cls(
            url=data.get("url"),
            title=str(data.get("title", "")),
            byline=data.get("byline"),
            published=data.get("published"),
            site_name=data.get("site_name"),
            lang=data.get("lang"),
            blocks=tuple(Block.from_json(b) for b in data.get("blocks", [])),
            sections=tuple(Section.from_json(s) for s in data.get("sections", [])),
            warnings=tuple(str(w) for w in data.get("warnings", [])),
            extractor_version=str(data.get("extractor_version", "")),
            pages=tuple(str(p) for p in data.get("pages", []) if p),
        )
