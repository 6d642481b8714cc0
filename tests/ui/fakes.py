"""Helpers for UI tests: a fake library, hand-built articles, screen text."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from reader.core.errors import BadURL
from reader.core.models import Article, Block, BlockKind, Page, Span

FIXED_NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@dataclass(frozen=True)
class FakeReading:
    """Same shape as reader.library.Reading."""

    source: str
    page: Page
    article: Article
    notice: str | None = None


@dataclass(frozen=True)
class FakeRecent:
    """Same shape as reader.library.RecentPage."""

    url: str
    title: str
    site: str
    opened_at: str


def make_page(url: str, html: str = "<html></html>") -> Page:
    """A Page for `url` with a fixed fetch time."""
    return Page(
        url=url,
        requested_url=url,
        status=200,
        headers={},
        body=html.encode(),
        html=html,
        charset="utf-8",
        fetched_at=FIXED_NOW,
    )


def para(*texts: str) -> Block:
    """A paragraph of plain spans."""
    return Block(BlockKind.PARAGRAPH, tuple(Span(t) for t in texts))


def sample_article(url: str = "https://news.example.com/story") -> Article:
    """A small article using every block kind."""
    return Article(
        url=url,
        title="Harbour cranes return to the old port",
        byline="Ana Lima",
        published="2026-11-25T14:05:00+01:00",
        site_name="Example News",
        blocks=(
            para(
                "The cranes that once lined the harbour are back, ",
                "restored by volunteers over three winters.",
            ),
            Block(
                BlockKind.PARAGRAPH,
                (
                    Span("Work began in "),
                    Span("2023", bold=True),
                    Span(" and the "),
                    Span("city council", href="https://news.example.com/council"),
                    Span(" paid for the "),
                    Span("paint", italic=True),
                    Span("."),
                ),
            ),
            Block(BlockKind.HEADING, (Span("What comes next"),), level=2),
            para("The first crane will lift a boat in spring."),
            Block(BlockKind.LIST_ITEM, (Span("Guided tours on Sundays"),), marker="•"),
            Block(
                BlockKind.LIST_ITEM,
                (Span("A small museum in the old pump house, open every day but Monday"),),
                marker="•",
            ),
            Block(BlockKind.QUOTE, (Span("We did it for our grandchildren."),), level=1),
            Block(BlockKind.CODE, (Span("crane --lift 12t\n  --slowly"),)),
            Block(BlockKind.IMAGE, (Span("The red crane at dusk"),)),
            Block(BlockKind.RULE),
            para("The end."),
        ),
    )


def long_article(paragraphs: int = 40, url: str = "https://news.example.com/long") -> Article:
    """An article long enough to scroll: numbered paragraphs."""
    blocks = tuple(
        para(f"Paragraph {i}. " + "Lorem ipsum dolor sit amet, consectetur adipiscing. " * 3)
        for i in range(paragraphs)
    )
    return Article(url=url, title="A long read", site_name="Example News", blocks=blocks)


@dataclass
class FakeLibrary:
    """The Library interface, serving prepared articles by source."""

    articles: dict[str, Article] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)
    recent_pages: list[FakeRecent] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    delay: float = 0.0
    closed: bool = False
    on_open: Callable[[str], None] | None = None

    async def open(self, source: str, *, base_url: str | None = None) -> FakeReading:
        self.opened.append(source)
        if self.on_open is not None:
            self.on_open(source)
        if self.delay:
            await asyncio.sleep(self.delay)
        if source in self.errors:
            raise self.errors[source]
        if source not in self.articles:
            raise BadURL(f"Nothing at {source}")
        article = self.articles[source]
        return FakeReading(source, make_page(article.url or source), article)

    def recent(self, limit: int = 20) -> Sequence[FakeRecent]:
        return self.recent_pages[:limit]

    async def close(self) -> None:
        self.closed = True


def screen_lines(app: App[Any]) -> list[str]:
    """The text of every line of the active screen, as drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App[Any]) -> str:
    """The active screen as one string."""
    return "\n".join(screen_lines(app))


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], limit: float = 5) -> None:
    """Let the app run until `condition()` holds (fails after `limit` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not condition():
        assert loop.time() < deadline, "condition not reached in time"
        await pilot.pause(0.01)
    await pilot.pause()
