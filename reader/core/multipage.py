"""Joining a story split over several pages into one Article (pure: the
library fetches the pages, see reader/library/multipage.py).

`join_pages` keeps the first page's metadata, concatenates the bodies
dropping the paragraphs a later page repeats (the lead, a "Baca juga" line,
the same photo: compared by normalised text), merges the link sections
without duplicate links (nor links to the story's own pages) and keeps the
warnings. `whole_story` takes the whole-story view a page links in place of
its first page, when it reads as the same story and a longer one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reader.core.extract.problems import TOO_SHORT
from reader.core.models import Article, Block, BlockKind, Link, Section
from reader.core.urls import comparable

__all__ = [
    "MAX_PAGES",
    "block_keys",
    "follow_note",
    "join_pages",
    "normalised",
    "page_empty",
    "page_failed",
    "page_too_slow",
    "too_many_pages",
    "whole_story",
    "whole_view_failed",
]

#: At most this many pages of one story are read (the first included).
MAX_PAGES = 10

#: How the warnings said while following a story's pages begin (the functions
#: below write them; `follow_note` recognises them in a stored story).
_PAGE = "Page "
_TOO_MANY = "The story has more than "
_WHOLE_VIEW = "The whole-story view "
_NOTES = (_PAGE, _TOO_MANY, _WHOLE_VIEW)

_NON_WORD = re.compile(r"\W+")


def normalised(text: str) -> str:
    """Text compared for repeats: case-folded words, no punctuation."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def whole_view_failed(reason: str) -> str:
    """The story's whole-story view could not be fetched or read."""
    return f"{_WHOLE_VIEW}could not be read ({reason})."


def too_many_pages(limit: int) -> str:
    """The story goes on past the `limit` pages read."""
    return f"{_TOO_MANY}{limit} pages; only the first {limit} were read."


def page_too_slow(number: int) -> str:
    """Page `number` was not asked for: the time for the story's pages ran out."""
    return f"{_PAGE}{number} of the story was not read: its pages were too slow."


def page_failed(number: int, reason: str) -> str:
    """Page `number` could not be fetched or extracted."""
    return f"{_PAGE}{number} of the story could not be read ({reason})."


def page_empty(number: int) -> str:
    """Page `number` had no article text."""
    return f"{_PAGE}{number} of the story had no article text."


def follow_note(warning: str) -> bool:
    """Whether a warning was added while following a story's pages (kept when
    the stored pages are joined again)."""
    return warning.startswith(_NOTES)


def _key(block: Block) -> str:
    if block.kind is BlockKind.IMAGE:
        return "image " + (block.spans[0].href or "") if block.spans else ""
    if block.kind is BlockKind.RULE:
        return ""
    return normalised(block.text)


def block_keys(article: Article) -> set[str]:
    """What the body's blocks are compared by (a page whose keys were all
    seen on the pages before it adds nothing: the story is going round)."""
    return {key for key in map(_key, article.blocks) if key}


def join_pages(
    articles: Sequence[Article], addresses: Sequence[str], notes: Iterable[str] = ()
) -> Article:
    """One Article of a story's pages (`articles`, read from `addresses`, in
    order); `notes` are warnings about the pages that could not be read."""
    first = articles[0]
    seen = {key for key in map(_key, first.blocks) if key}
    seen.add(normalised(first.title))  # a later page's headline over its part
    blocks = list(first.blocks)
    warnings = list(first.warnings)
    for later in articles[1:]:
        for block in later.blocks:
            key = _key(block)
            if key and key in seen:
                continue
            seen.add(key)
            blocks.append(block)
        # A later page's body being short says nothing about the story's.
        warnings += [w for w in later.warnings if not w.startswith(TOO_SHORT)]
    warnings += notes
    sections = merge_sections([a.sections for a in articles], addresses)
    return _rebuilt(first, blocks, sections, warnings, tuple(addresses))


def whole_story(first: Article, whole: Article, address: str) -> Article | None:
    """The whole-story view (`whole`, read from `address`) as the story whose
    first page is `first`, or None when it does not read as the same story
    (neither the title nor the opening paragraphs agree) or is no longer."""
    if not whole.blocks or whole.word_count <= first.word_count:
        return None
    opening = [key for key in map(_key, first.blocks[:6]) if len(key) > 40][:3]
    keys = {key for key in map(_key, whole.blocks) if key}
    same_title = bool(first.title) and normalised(first.title) == normalised(whole.title)
    if not same_title and not any(key in keys for key in opening):
        return None
    sections = merge_sections([first.sections, whole.sections], (address, first.url or ""))
    warnings = list(whole.warnings)
    return _rebuilt(first, list(whole.blocks), sections, warnings, (address,), other=whole)


def merge_sections(
    groups: Sequence[Sequence[Section]], addresses: Sequence[str]
) -> tuple[Section, ...]:
    """The link sections of several pages as one list: sections with the same
    kind and heading merged, no link twice, none to the story's own pages."""
    own = {comparable(a) for a in addresses if a}
    merged: dict[tuple[str, str], list[Link]] = {}
    order: list[tuple[str, str, str | None]] = []
    seen: set[str] = set()
    for number, sections in enumerate(groups):
        for section in sections:
            key = (section.kind, normalised(section.heading or ""))
            links = merged.get(key)
            if links is None:
                links = merged[key] = []
                order.append((section.kind, key[1], section.heading))
            taken: set[str] = set()
            for link in section.links:
                where = comparable(link.url)
                if where in own or (number and where in seen):
                    continue
                taken.add(where)
                links.append(link)
            seen |= taken
    return tuple(
        Section(kind, heading, tuple(merged[(kind, key)]))  # type: ignore[arg-type]
        for kind, key, heading in order
        if merged[(kind, key)]
    )


def _rebuilt(
    first: Article,
    blocks: list[Block],
    sections: tuple[Section, ...],
    warnings: list[str],
    pages: tuple[str, ...],
    *,
    other: Article | None = None,
) -> Article:
    """`first` with the joined body (a new Article: the text cache starts empty)."""
    return Article(
        url=first.url,
        title=first.title,
        byline=first.byline or (other.byline if other else None),
        published=first.published or (other.published if other else None),
        site_name=first.site_name or (other.site_name if other else None),
        lang=first.lang or (other.lang if other else None),
        blocks=tuple(blocks),
        sections=sections,
        warnings=tuple(dict.fromkeys(warnings)),
        extractor_version=first.extractor_version,
        pages=pages,
    )
