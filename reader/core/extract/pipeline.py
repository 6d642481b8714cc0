"""The extraction pipeline (temporary minimal version)."""

from __future__ import annotations

import lxml.html
from readability import Document

from reader.core.models import Article, Block, BlockKind, Span
from reader.core.sanitize import clean_line

EXTRACTOR_VERSION = "0"


def extract_article(html: str, url: str | None = None) -> Article:
    """Extract the article from `html` (the page at `url`)."""
    doc = Document(html, url=url)
    summary = lxml.html.fromstring(doc.summary(html_partial=True))
    blocks = tuple(
        Block(BlockKind.PARAGRAPH, (Span(clean_line(p.text_content())),))
        for p in summary.iter("p")
        if clean_line(p.text_content())
    )
    return Article(url=url, title=clean_line(doc.short_title()), blocks=blocks)
