"""The extraction pipeline: parse once, read metadata, find the body, clean it,
turn it into Blocks, check the result and fall back when it looks wrong."""

from __future__ import annotations

from lxml.html import HtmlElement

from reader.core.extract.article import (
    clean_body,
    drop_page_chrome,
    largest_text_block,
    mark_teasers,
    protect_embeds,
    readability_body,
)
from reader.core.extract.blocks import html_to_blocks
from reader.core.extract.dom import drop_scripts, parse_html, prune
from reader.core.extract.lang import choose_language
from reader.core.extract.limits import ExtractionCancelled, begin, checkpoint
from reader.core.extract.metadata import Metadata, extract_metadata, read_json_ld
from reader.core.extract.pagination import find_page_links
from reader.core.extract.problems import BEST_EFFORT, MOSTLY_LINKS, NO_TEXT, too_short
from reader.core.extract.sections import find_sections
from reader.core.extract.version import EXTRACTOR_VERSION
from reader.core.models import Article, Block, BlockKind
from reader.core.sanitize import clean_line

MIN_WORDS = 60
"""Below this many words the result is suspicious and alternatives are tried."""


def extract_article(html: str, url: str | None = None) -> Article:
    """Extract the article from `html`, the page at `url` (used to resolve links).

    Never raises for bad HTML: an unusable page gives an Article with an empty
    body and a warning saying why. Raises `ExtractionCancelled` (an
    ExtractionError) when `limits.cancel_running` is called meanwhile.
    """
    begin()
    notes: list[str] = []
    try:
        root = parse_html(html, notes)
    except ExtractionCancelled:
        raise
    except Exception as exc:  # lxml can fail in odd ways on hostile input
        return Article(url=url, title="", warnings=(str(exc),))
    checkpoint()
    ld = read_json_ld(root)
    drop_scripts(root)
    page_links = find_page_links(root, url)
    sections = find_sections(root, url)
    checkpoint()
    prune(root)
    meta = extract_metadata(root, url, ld)
    checkpoint()
    protect_embeds(root)
    mark_teasers(root)
    blocks, warnings = _body(root, meta, url)
    warnings = notes + warnings
    text_sample = " ".join(b.text for b in blocks[:40])
    is_article = bool(blocks) and _problem(blocks) is None
    published = meta.published if is_article or not meta.published_from_text else None
    return Article(
        url=url,
        title=meta.title or clean_line(url or ""),
        byline=meta.byline,
        published=published,
        site_name=meta.site_name,
        lang=choose_language(meta.lang, text_sample or meta.title),
        blocks=tuple(blocks),
        sections=tuple(found.section for found in sections),
        warnings=tuple(warnings),
        extractor_version=EXTRACTOR_VERSION,
        page_links=page_links if is_article else None,
    )


def _body(root: HtmlElement, meta: Metadata, url: str | None) -> tuple[list[Block], list[str]]:
    warnings: list[str] = []
    best: list[Block] = []
    drop_page_chrome(root)
    for attempt in ("readability", "relaxed", "largest"):
        if attempt == "readability":
            element = readability_body(root)
        elif attempt == "relaxed":
            element = readability_body(root, relaxed=True)
        else:
            element = largest_text_block(root)
        checkpoint()
        if element is None:
            continue
        clean_body(element, title=meta.title, byline=meta.byline)
        blocks = html_to_blocks(element, url)
        problem = _problem(blocks)
        if problem is None and _words(blocks) >= _words(best):
            return blocks, warnings
        if problem and not warnings:
            warnings.append(problem)
        if _words(blocks) > _words(best) * 1.2:
            best = blocks
    if not best:
        warnings.append(NO_TEXT)
    elif warnings:
        warnings.append(BEST_EFFORT)
    return best, warnings


def _words(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks if b.kind is not BlockKind.IMAGE)


def _problem(blocks: list[Block]) -> str | None:
    """Why this body looks wrong, or None when it looks like an article."""
    words = _words(blocks)
    if words < MIN_WORDS:
        return too_short(words)
    text = sum(len(s.text) for b in blocks for s in b.spans)
    linked = sum(len(s.text) for b in blocks for s in b.spans if s.href)
    if text and linked / text > 0.5:
        return MOSTLY_LINKS
    return None
