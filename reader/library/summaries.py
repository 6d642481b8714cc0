"""A story known only by its feed's summary, as a Reading: what `open` shows,
clearly marked, when the page itself cannot be had (offline, or the server
failed) but a feed brought the story with a summary."""

from __future__ import annotations

from datetime import UTC, datetime

from reader.core.models import Article, Block, BlockKind, Page, Span
from reader.core.records import NewsItem, Reading

SUMMARY_NOTICE = "feed summary only"


def summary_reading(source: str, item: NewsItem, reason: str, *, offline: bool) -> Reading:
    """The item's title, author, time and summary as an article whose warning
    says that this is the feed's summary, and why the story itself is not here.
    The page is empty: when the network is back, revalidating fetches it."""
    paragraphs = [part.strip() for part in item.summary.split("\n") if part.strip()]
    article = Article(
        url=item.url,
        title=item.title,
        byline=item.author or None,
        published=item.published.isoformat() if item.published else None,
        site_name=item.site or item.source_title or None,
        blocks=tuple(Block(BlockKind.PARAGRAPH, (Span(text),)) for text in paragraphs),
        warnings=(f"Only the feed's summary is here: {reason}",),
    )
    seen = item.first_seen or datetime.now(UTC)
    page = Page(
        url=item.url,
        requested_url=item.url,
        status=200,
        headers={},
        body=b"",
        html="",
        charset="utf-8",
        fetched_at=seen,
    )
    return Reading(
        source=source,
        page=page,
        article=article,
        notice=SUMMARY_NOTICE,
        from_store=True,
        saved_at=seen,
        offline=offline,
    )
