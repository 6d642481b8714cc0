"""Helpers for UI tests: a fake library, hand-built articles, screen text."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from reader.core.errors import BadURL
from reader.core.models import Article, Block, BlockKind, Link, Page, Section, Span

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


NEWS = "https://news.example.com"


def story_links(prefix: str, count: int) -> tuple[Link, ...]:
    """`count` links to made-up stories under `prefix`."""
    return tuple(
        Link(f"{NEWS}/{prefix}/{i}", f"{prefix.title()} story number {i}")
        for i in range(1, count + 1)
    )


def sectioned_article(url: str = f"{NEWS}/sections", paragraphs: int = 30) -> Article:
    """A long article with in-body links and 14 section links in four groups:
    related (1-3), read also without a heading (4), most read (5-12) and
    latest (13-14, the last one a javascript: link)."""
    body = [
        Block(
            BlockKind.PARAGRAPH,
            (
                Span("The council met on Tuesday. See the "),
                Span("minutes of the meeting", href=f"{NEWS}/minutes"),
                Span(" and the "),
                Span("budget", href=f"{NEWS}/budget"),
                Span(" for details."),
            ),
        ),
        *(
            para(f"Paragraph {i}. " + "The tram line will reach the harbour by spring. " * 3)
            for i in range(1, paragraphs)
        ),
    ]
    return Article(
        url=url,
        title="Tram line to reach the harbour",
        byline="Ana Lima",
        published="2026-11-25",
        site_name="Example News",
        blocks=tuple(body),
        sections=(
            Section(
                "related",
                "Related stories",
                (
                    Link(f"{NEWS}/story", "Harbour cranes return to the old port"),
                    Link(f"{NEWS}/long", "A long read about trams, buses and the city"),
                    Link(f"{NEWS}/related/3", "Council approves the budget"),
                ),
            ),
            Section("read_also", None, (Link(f"{NEWS}/also/1", "Night buses return"),)),
            Section("popular", "Most read", story_links("popular", 8)),
            Section(
                "latest",
                "Latest news",
                (
                    Link(f"{NEWS}/latest/1", "Fishing co-op splits the quota"),
                    Link("javascript:alert(1)", "A link that runs a script"),
                ),
            ),
        ),
    )


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
    states: dict[str, str] = field(default_factory=dict)
    """What `link_states` answers: "read" or "saved" by URL."""

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

    def link_states(self, urls: Sequence[str]) -> Mapping[str, str]:
        return {url: self.states[url] for url in urls if url in self.states}

    def recent(self, limit: int = 20) -> Sequence[FakeRecent]:
        return self.recent_pages[:limit]

    async def close(self) -> None:
        self.closed = True


def sectioned_library() -> FakeLibrary:
    """A fake library with the sectioned article, the sample and long
    articles, and a small article behind every other http link it has."""
    library = FakeLibrary()
    main = sectioned_article()
    for article in (main, sample_article(), long_article()):
        assert article.url
        library.articles[article.url] = article
    for section in main.sections:
        for link in section.links:
            if link.url.startswith("https://") and link.url not in library.articles:
                library.articles[link.url] = Article(
                    url=link.url, title=link.text, blocks=(para(f"The story behind {link.url}."),)
                )
    for url in (f"{NEWS}/minutes", f"{NEWS}/budget"):
        library.articles[url] = Article(url=url, title=url.rsplit("/", 1)[-1].title())
    return library


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
