"""Helpers for UI tests: a fake library, hand-built articles, screen text."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot

from reader.core.bookmark_query import parse_query
from reader.core.errors import BadURL, NotSaved, Offline, ReaderError
from reader.core.feeds.model import FeedItem
from reader.core.models import Article, Block, BlockKind, Bookmark, Link, Page, Section, Span
from reader.core.paths import Paths
from reader.core.records import (
    SOURCE_FEED,
    SOURCE_LIST,
    BookmarkCounts,
    BookmarkListing,
    NewsItem,
    Reading,
    RecentPage,
    RefreshProgress,
    RefreshSummary,
    SaveProgress,
    SaveSummary,
    SearchHit,
    SnippetPart,
    Source,
    Visit,
)
from reader.core.settings import Settings
from reader.core.urls import comparable, is_followable
from reader.library.bulk import failure_reason

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp
    from reader.ui.widgets.article_view import ArticleView

FIXED_NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


UPDATED = "Updated: the page changed since it was saved."


def marked_parts(text: str, words: Sequence[str]) -> tuple[SnippetPart, ...]:
    """`text` split into parts, the words starting with one of `words` marked."""
    if not words:
        return (SnippetPart(text),) if text else ()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)
    parts: list[SnippetPart] = []
    at = 0
    for found in pattern.finditer(text):
        if found.start() > at:
            parts.append(SnippetPart(text[at : found.start()]))
        parts.append(SnippetPart(found.group(), True))
        at = found.end()
    if at < len(text):
        parts.append(SnippetPart(text[at:]))
    return tuple(parts)


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
class FakeNews:
    """`Library.news` in memory: sources and their stories in lists."""

    source_list: list[Source] = field(default_factory=list)
    stories: list[NewsItem] = field(default_factory=list)
    """Every story, newest first."""
    links: dict[int, set[int]] = field(default_factory=dict)
    """Story id -> ids of the other sources it also came through."""
    marked: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)
    """Every `mark_read` call: (urls, read)."""
    followed: list[tuple[str, str | None]] = field(default_factory=list)
    """Every `follow` call: (url, list_heading)."""
    follow_error: BaseException | None = None
    incoming: list[NewsItem] = field(default_factory=list)
    """What the next refresh brings (one story per source step)."""
    refreshes: int = 0
    hold: asyncio.Event | None = None
    """A refresh waits for this after its first source (tests watch its progress)."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """What a refresh reports as failed sources."""

    def _of(self, item: NewsItem, source_id: int | None, tag: str | None) -> bool:
        ids = {item.source_id, *self.links.get(item.id, set())}
        if source_id is not None:
            return source_id in ids
        if tag is not None:
            return any(tag in s.tags for s in self.source_list if s.id in ids)
        return True

    def any_followed(self) -> bool:
        return bool(self.source_list)

    def sources(self, tag: str | None = None) -> list[Source]:
        out = []
        for source in sorted(self.source_list, key=lambda s: s.title.lower()):
            if tag is not None and tag not in source.tags:
                continue
            mine = [i for i in self.stories if self._of(i, source.id, None)]
            unread = sum(1 for i in mine if not i.read)
            out.append(replace(source, unread=unread, items=len(mine)))
        return out

    def items(
        self,
        *,
        source_id: int | None = None,
        tag: str | None = None,
        unread_only: bool = False,
        limit: int = 500,
        offset: int = 0,
    ) -> list[NewsItem]:
        found = [
            i for i in self.stories if self._of(i, source_id, tag) and not (unread_only and i.read)
        ]
        found.sort(key=lambda i: i.when or FIXED_NOW, reverse=True)
        return found[offset : offset + limit]

    def unread_count(self) -> int:
        return sum(1 for i in self.stories if not i.read)

    def mark_read(self, urls: Sequence[str], read: bool = True) -> int:
        self.marked.append((tuple(urls), read))
        changed = 0
        for index, item in enumerate(self.stories):
            if item.url in urls and item.read != read:
                self.stories[index] = replace(item, read=read)
                changed += 1
        return changed

    def mark_all_read(self, *, source_id: int | None = None, tag: str | None = None) -> list[str]:
        urls = [i.url for i in self.stories if not i.read and self._of(i, source_id, tag)]
        self.mark_read(urls)
        return urls

    async def follow(
        self,
        url: str,
        *,
        tags: Sequence[str] = (),
        as_page: bool = False,
        list_heading: str | None = None,
        title: str | None = None,
    ) -> Source:
        self.followed.append((url, list_heading))
        await asyncio.sleep(0.001)
        if self.follow_error is not None:
            raise self.follow_error
        source = Source(
            id=len(self.source_list) + 1,
            url=url,
            kind=SOURCE_LIST if list_heading else SOURCE_FEED,
            title=title or (f"{list_heading} · {url}" if list_heading else url),
            tags=tuple(tags),
            list_heading=list_heading,
        )
        self.source_list.append(source)
        return source

    async def refresh(
        self,
        *,
        urls: Sequence[str] | None = None,
        tag: str | None = None,
        force: bool = False,
        progress: Callable[[RefreshProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> RefreshSummary:
        self.refreshes += 1
        summary = RefreshSummary()
        total = len(self.source_list)
        new = list(self.incoming)
        self.incoming.clear()
        for done, source in enumerate(self.source_list, 1):
            await asyncio.sleep(0.001)
            if cancel is not None and cancel.is_set():
                summary.cancelled = True
                break
            summary.checked += 1
            if progress is not None:
                progress(RefreshProgress(done, total, len(new), 0, len(new), source.title))
            if done == 1 and self.hold is not None:
                await self.hold.wait()
        self.stories[:0] = new
        summary.new_items = summary.saved = len(new)
        summary.failed = list(self.failures)
        return summary


def news_item(
    item_id: int,
    source: Source,
    title: str,
    hours_ago: float,
    *,
    read: bool = False,
    saved: bool = True,
    words: int | None = 700,
) -> NewsItem:
    """A story of `source`, published `hours_ago` before FIXED_NOW."""
    return NewsItem(
        id=item_id,
        url=f"{NEWS}/news/{item_id}",
        title=title,
        source_id=source.id,
        source_title=source.title,
        summary=f"The summary of {title.lower()}.",
        published=FIXED_NOW - timedelta(hours=hours_ago),
        read=read,
        saved=saved,
        word_count=words if saved else None,
        site="Example News",
    )


NEWS_TITLES = (
    "Harbour ferry timetable changes from Monday",
    "Council votes to keep the night trams running",
    "Fishing co-op agrees a new quota after long talks",
    "Warga menanam bakau di pesisir utara kota",
    "New bridge opens to cyclists before cars",
    "Harga cabai turun menjelang musim panen",
    "School choir wins the regional contest",
    "Banjir surut, pasar kembali buka pagi ini",
    "Library extends its opening hours in winter",
    "A lighthouse keeper's diary goes on show",
)


def news_library(library: FakeLibrary | None = None) -> FakeLibrary:
    """A fake library following three sources (two tagged) with ten stories,
    three of them read and one kept only as its feed summary; every story
    opens (a short article)."""
    library = library or FakeLibrary()
    harbour = Source(1, f"{NEWS}/feed.xml", SOURCE_FEED, "Harbour Times", ("local",))
    kota = Source(2, "https://kota.example.id/rss", SOURCE_FEED, "Kabar Kota", ("local", "id"))
    latest = Source(3, f"{NEWS}/", SOURCE_LIST, "Example News · Latest", (), list_heading="Latest")
    sources = (harbour, kota, latest)
    stories = []
    for index, title in enumerate(NEWS_TITLES):
        source = sources[index % 3]
        stories.append(
            news_item(
                index + 1,
                source,
                title,
                hours_ago=index * 3 + 1,
                read=index in (1, 5, 8),
                saved=index != 4,
                words=300 + 150 * index,
            )
        )
    library.news = FakeNews([harbour, kota, latest], stories)
    for item in stories:
        library.articles[item.url] = Article(
            url=item.url,
            title=item.title,
            site_name=item.source_title,
            blocks=tuple(para(f"Paragraph {i} of {item.title}. " * 4) for i in range(30)),
        )
    return library


@dataclass
class FakeLibrary:
    """The Library interface, in memory: prepared articles by source, and
    bookmarks, visits, positions, search and saving kept in dicts."""

    articles: dict[str, Article] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)
    recent_pages: list[RecentPage] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    delay: float = 0.0
    closed: bool = False
    on_open: Callable[[str], None] | None = None
    states: dict[str, str] = field(default_factory=dict)
    """What `link_states` answers: "read" or "saved" by URL."""
    stored: set[str] = field(default_factory=set)
    """Sources served as stored copies ("saved 3 days ago"), revalidated after."""
    offline: bool = False
    """Stored sources come back as offline copies; others fail with NotSaved."""
    updates: dict[str, Article] = field(default_factory=dict)
    """What `revalidate` finds changed, by source."""
    revalidated: list[str] = field(default_factory=list)
    revalidate_delay: float = 0.01
    unreachable: bool = False
    """`revalidate` finds no network: the same reading comes back badged offline."""
    refreshed: list[str] = field(default_factory=list)
    """Sources opened with refresh=True (reload)."""
    unvisited: list[str] = field(default_factory=list)
    """Sources opened with visit=False (back, forward, reload: not added to `visits`)."""
    positions: dict[str, tuple[dict[str, Any], float | None]] = field(default_factory=dict)
    saved_bookmarks: dict[str, Bookmark] = field(default_factory=dict)
    """Bookmarks by comparable URL, in insertion order (oldest first)."""
    visits: list[Visit] = field(default_factory=list)
    """Visits, newest first."""
    hits: list[SearchHit] | None = None
    """What `search` returns for any query (None: search the articles)."""
    searches: list[str] = field(default_factory=list)
    exported: list[str] = field(default_factory=list)
    """Addresses written with `export_story_markdown`."""
    saves_held: asyncio.Event | None = None
    """`save_bookmarks` waits for this event to be set before saving."""
    save_delay: float = 0.001
    hold_after: int | None = None
    """Saving stops after this many pages until `release` is set (or it is cancelled)."""
    release: asyncio.Event = field(default_factory=asyncio.Event)
    save_failures: dict[str, str] = field(default_factory=dict)
    """Links that fail to save, with the message ("Could not connect ..." is
    a failure to connect, as the library's Offline errors)."""
    now: datetime = FIXED_NOW
    instant: bool = False
    """`open_stored` answers for stored sources (else None, as when the copy
    needs extracting again)."""
    opened_stored: list[str] = field(default_factory=list)
    warmed: int = 0
    """How often `warm_up` was called."""
    settings: Settings = field(default_factory=Settings)
    paths: Paths = field(
        default_factory=lambda: Paths(
            Path("/nonexistent/reader-data"),
            Path("/nonexistent/cfg"),
            Path("/nonexistent/reader-home"),  # exports fail loudly, never into a real home
        )
    )
    """Where nothing is: the fake keeps no files."""
    notices: list[str] = field(default_factory=list)
    on_unsaved: Callable[[str, str], None] | None = None
    """Never called: the fake keeps every page it is asked to."""
    news: FakeNews = field(default_factory=FakeNews)
    """The sources followed and their stories (none unless a test adds some)."""
    index_pages: dict[str, tuple[FeedItem, ...]] = field(default_factory=dict)
    """Sources that open as index pages: their stories (`Reading.stories`)."""

    async def open(
        self,
        source: str,
        *,
        base_url: str | None = None,
        refresh: bool = False,
        visit: bool = True,
    ) -> Reading:
        self.opened.append(source)
        if not visit:
            self.unvisited.append(source)
        if refresh:
            self.refreshed.append(source)
        if self.on_open is not None:
            self.on_open(source)
        if self.delay:
            await asyncio.sleep(self.delay)
        if source in self.errors:
            raise self.errors[source]
        if source not in self.articles:
            raise BadURL(f"Nothing at {source}")
        if self.offline and source not in self.stored:
            raise NotSaved(f"{source} was never saved, and reader is offline.")
        article = self.articles[source]
        page = make_page(article.url or source)
        if visit:
            self._add_visit(Visit(source, article.title, article.site_name or "", self.now))
        if source in self.index_pages:
            return Reading(source, page, article, stories=self.index_pages[source])
        if source in self.stored and not refresh:
            saved = self.now - timedelta(days=3)
            if self.offline:
                return Reading(
                    source, page, article, "offline · saved 3 days ago", True, saved, True
                )
            return Reading(source, page, article, "saved 3 days ago", True, saved)
        return Reading(source, page, article)

    def open_stored(self, source: str) -> Reading | None:
        if not self.instant or source not in self.stored or source not in self.articles:
            return None
        self.opened_stored.append(source)
        article = self.articles[source]
        page = make_page(article.url or source)
        saved = self.now - timedelta(days=3)
        if self.offline:
            return Reading(source, page, article, "offline · saved 3 days ago", True, saved, True)
        return Reading(source, page, article, "saved 3 days ago", True, saved)

    def warm_up(self) -> None:
        self.warmed += 1

    def record_visit(self, reading: Reading) -> None:
        article = reading.article
        self._add_visit(Visit(reading.source, article.title, article.site_name or "", self.now))

    def _add_visit(self, visit: Visit) -> None:
        """As the store: one row per page per day, moved to the top with the last time."""
        day = visit.visited_at.astimezone().date()
        self.visits[:] = [
            v
            for v in self.visits
            if not (
                comparable(v.url) == comparable(visit.url)
                and v.visited_at.astimezone().date() == day
            )
        ]
        self.visits.insert(0, visit)

    async def revalidate(self, reading: Reading) -> Reading | None:
        self.revalidated.append(reading.source)
        await asyncio.sleep(self.revalidate_delay)
        if self.unreachable:
            return replace(reading, notice="offline · saved 3 days ago", offline=True)
        fresh = self.updates.get(reading.source)
        if fresh is None or self.offline:
            return None
        self.articles[reading.source] = fresh
        return Reading(reading.source, make_page(fresh.url or reading.source), fresh, UPDATED)

    def link_states(self, urls: Sequence[str]) -> Mapping[str, str]:
        return {url: self.states[url] for url in urls if url in self.states}

    def recent(self, limit: int = 20) -> Sequence[RecentPage]:
        return self.recent_pages[:limit]

    def history(self, limit: int = 500, offset: int = 0, text: str = "") -> Sequence[Visit]:
        words = text.casefold().split()
        found = [
            v
            for v in self.visits
            if all(w in f"{v.title} {v.site} {v.url}".casefold() for w in words)
        ]
        return found[offset : offset + limit]

    def save_position(self, url: str, position: Mapping[str, Any], fraction: float | None) -> None:
        self.positions[comparable(url)] = (dict(position), fraction)

    def position(self, url: str) -> dict[str, Any] | None:
        found = self.positions.get(comparable(url))
        return dict(found[0]) if found else None

    # Bookmarks

    def bookmark(self, url: str) -> Bookmark | None:
        return self.saved_bookmarks.get(comparable(url))

    def add_bookmark(
        self,
        url: str,
        title: str = "",
        tags: Sequence[str] = (),
        note: str = "",
        *,
        state: str | None = None,
        favourite: bool | None = None,
    ) -> Bookmark:
        old = self.saved_bookmarks.get(comparable(url))
        bookmark = Bookmark(
            url,
            title or (old.title if old else ""),
            tuple(sorted({*(old.tags if old else ()), *(t.lower() for t in tags)})),
            note or (old.note if old else ""),
            old.created if old else self.now,
            self.now,
            state=state or (old.state if old else "unread"),
            favourite=favourite if favourite is not None else bool(old and old.favourite),
            saved=comparable(url) in self.stored or bool(old and old.saved),
        )
        self.saved_bookmarks[comparable(url)] = bookmark
        return bookmark

    def update_bookmark(
        self, url: str, *, tags: Sequence[str] | None = None, note: str | None = None
    ) -> Bookmark | None:
        old = self.saved_bookmarks.get(comparable(url))
        if old is None:
            return None
        new = replace(
            old,
            tags=tuple(sorted(set(tags))) if tags is not None else old.tags,
            note=note if note is not None else old.note,
            updated=self.now,
        )
        self.saved_bookmarks[comparable(url)] = new
        return new

    def remove_bookmark(self, url: str) -> Bookmark | None:
        return self.saved_bookmarks.pop(comparable(url), None)

    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        self.saved_bookmarks[comparable(bookmark.url)] = bookmark
        return bookmark

    def set_bookmark_state(self, urls: Sequence[str], state: str) -> int:
        changed = 0
        for url in urls:
            old = self.saved_bookmarks.get(comparable(url))
            if old is not None and old.state != state:
                new = replace(old, state=state, state_changed=self.now)
                self.saved_bookmarks[comparable(url)] = new
                changed += 1
        return changed

    def set_favourite(self, urls: Sequence[str], favourite: bool) -> int:
        changed = 0
        for url in urls:
            old = self.saved_bookmarks.get(comparable(url))
            if old is not None and old.favourite != favourite:
                self.saved_bookmarks[comparable(url)] = replace(old, favourite=favourite)
                changed += 1
        return changed

    def bookmarks(self, text: str = "", tag: str | None = None) -> list[Bookmark]:
        return self.bookmark_listing(text, tag=tag).bookmarks

    def bookmark_listing(
        self,
        text: str = "",
        *,
        limit: int | None = None,
        offset: int = 0,
        tag: str | None = None,
    ) -> BookmarkListing:
        query = parse_query(text)
        found = sorted(
            self.saved_bookmarks.values(),
            key=lambda b: b.created or self.now,
            reverse=not query.oldest_first,
        )
        kept = [b for b in found if (tag is None or tag in b.tags) and query.matches(b)]
        end = None if limit is None else offset + limit
        return BookmarkListing(kept[offset:end], len(kept))

    def bookmark_counts(self) -> BookmarkCounts:
        marks = list(self.saved_bookmarks.values())
        return BookmarkCounts(
            unread=sum(b.state == "unread" for b in marks),
            read=sum(b.state == "read" for b in marks),
            archived=sum(b.state == "archived" for b in marks),
            favourite=sum(b.favourite for b in marks),
            unsaved=sum(not b.saved for b in marks),
        )

    def tags(self) -> list[str]:
        counts: dict[str, int] = {}
        for bookmark in self.saved_bookmarks.values():
            for tag in bookmark.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts, key=lambda tag: (-counts[tag], tag))

    def add_bookmarks(self, *bookmarks: Bookmark) -> None:
        for bookmark in bookmarks:
            self.saved_bookmarks[comparable(bookmark.url)] = bookmark

    # Search

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        self.searches.append(query)
        if self.hits is not None:
            return self.hits[:limit]
        words = re.findall(r"\w+", query.lower())
        if not words:
            return []
        out: list[SearchHit] = []
        for source, article in self.articles.items():
            bookmark = self.bookmark(source)
            haystack = " ".join((article.title, article.text, *(bookmark.tags if bookmark else ())))
            tokens = re.findall(r"\w+", haystack.lower())
            if not all(any(t.startswith(w) for t in tokens) for w in words):
                continue
            text = article.text
            first = min(
                (m.start() for w in words if (m := re.search(re.escape(w), text, re.I))),
                default=0,
            )
            snippet = ("…" if first > 30 else "") + text[max(0, first - 30) : first + 90] + "…"
            out.append(
                SearchHit(
                    source,
                    marked_parts(article.title, words),
                    marked_parts(snippet, words),
                    site=article.site_name or "",
                    saved=True,
                    bookmarked=bookmark is not None,
                    tags=bookmark.tags if bookmark else (),
                )
            )
        return out[:limit]

    # Saving linked stories

    def linked_urls(self, article: Article, limit: int | None = None) -> list[str]:
        seen: set[str] = set()
        out: list[str] = []
        for section in article.sections:
            for link in section.links:
                if link.url in seen or not is_followable(link.url):
                    continue
                seen.add(link.url)
                out.append(link.url)
        return out[:limit] if limit else out

    async def save_linked(
        self,
        article: Article,
        *,
        limit: int | None = None,
        progress: Callable[[SaveProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
        queue: bool = False,
    ) -> SaveSummary:
        summary = await self._save_linked(article, limit, progress, cancel)
        if queue:
            for url, title in summary.saved:
                self.add_bookmark(url, title)
                key = comparable(url)
                self.saved_bookmarks[key] = replace(self.saved_bookmarks[key], saved=True)
        return summary

    async def _save_linked(
        self,
        article: Article,
        limit: int | None,
        progress: Callable[[SaveProgress], None] | None,
        cancel: asyncio.Event | None,
    ) -> SaveSummary:
        if self.offline:
            raise NotSaved("reader is offline: nothing can be fetched.")
        urls = self.linked_urls(article)
        summary = SaveSummary(already=sum(1 for u in urls if self.states.get(u) == "saved"))
        todo = [u for u in urls if self.states.get(u) != "saved"][: limit or 30]
        for done, url in enumerate(todo, 1):
            await asyncio.sleep(self.save_delay)
            if self.hold_after is not None and done == self.hold_after + 1:
                await self._held(cancel)
            if cancel is not None and cancel.is_set():
                summary.cancelled = True
                break
            ok = url not in self.save_failures
            if ok:
                self.states[url] = "saved"
                summary.saved.append((url, url.rsplit("/", 1)[-1]))
            else:
                message = self.save_failures[url]
                # the library's reasons: "Could not connect ..." is an Offline error
                kind = Offline if message.startswith("Could not connect") else ReaderError
                summary.fail(url, message, failure_reason(kind(message)))
            if progress is not None:
                progress(SaveProgress(done, len(todo), url, ok))
        return summary

    async def save_bookmarks(
        self,
        urls: Sequence[str] | None = None,
        *,
        limit: int | None = None,
        progress: Callable[[SaveProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> SaveSummary:
        if self.offline:
            raise NotSaved("reader is offline: nothing can be fetched.")
        waiting = [b.url for b in self.saved_bookmarks.values() if not b.saved]
        if urls is not None:
            wanted = {comparable(url) for url in urls}
            waiting = [url for url in waiting if comparable(url) in wanted]
        todo = waiting[:limit] if limit is not None else waiting
        summary = SaveSummary()
        if self.saves_held is not None:
            await self.saves_held.wait()
        for done, url in enumerate(todo, 1):
            await asyncio.sleep(self.save_delay)
            if cancel is not None and cancel.is_set():
                summary.cancelled = True
                break
            key = comparable(url)
            if url in self.save_failures:
                summary.fail(url, self.save_failures[url])
                self.saved_bookmarks[key] = replace(
                    self.saved_bookmarks[key], save_error=self.save_failures[url]
                )
            else:
                article = self.articles.get(url)
                title = article.title if article else url.rsplit("/", 1)[-1]
                old = self.saved_bookmarks[key]
                self.saved_bookmarks[key] = replace(
                    old, title=old.title or title, saved=True, words=300, site="Kabar Nusa"
                )
                summary.saved.append((url, title))
            if progress is not None:
                progress(SaveProgress(done, len(todo), url, url not in self.save_failures))
        return summary

    def export_story_markdown(self, url: str, folder: Path | None = None) -> Path:
        article = self.articles.get(url)
        if article is None:
            raise NotSaved(f"{url} is not saved for offline reading")
        target = (folder or self.paths.exports) / f"{url.rsplit('/', 1)[-1] or 'story'}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {article.title}\n\n{article.text}\n", encoding="utf-8")
        self.exported.append(url)
        return target

    async def _held(self, cancel: asyncio.Event | None) -> None:
        """Wait until the test releases the save, or the app cancels it."""
        waits = [asyncio.ensure_future(self.release.wait())]
        if cancel is not None:
            waits.append(asyncio.ensure_future(cancel.wait()))
        _done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()

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


# -- driving the app in tests ---------------------------------------------------


def showing(app: ReaderApp, source: str) -> bool:
    """`source` is on screen and nothing is loading."""
    return app.reading is not None and app.reading.source == source and app.loading_source is None


async def opened(pilot: Pilot[Any], app: ReaderApp, source: str) -> None:
    """Wait until `source` is on screen and nothing is loading."""
    await wait_until(pilot, lambda: showing(app, source))


def view_of(app: ReaderApp) -> ArticleView:
    """The article view of the app's reading screen."""
    return app.reading_screen.article_view


def messages(app: App[Any]) -> list[str]:
    """The notifications the app has shown."""
    return [notification.message for notification in app._notifications]


def recorder(calls: list[str]) -> Callable[[str], bool]:
    """A browser opener that records the URLs it was given."""

    def open_url(url: str) -> bool:
        calls.append(url)
        return True

    return open_url


def palette_open(app: App[Any]) -> bool:
    """Whether the command palette is open."""
    return CommandPalette.is_open(app)


def sample_bookmarks() -> tuple[Bookmark, ...]:
    """Three bookmarks of the sectioned library's pages and one elsewhere:
    tags, a note, dates from hours to a year old (the screens' snapshots)."""
    return (
        Bookmark(
            f"{NEWS}/sections",
            "Tram line to reach the harbour",
            ("transport", "city"),
            "Ask the council about night trams",
            FIXED_NOW - timedelta(days=3),
        ),
        Bookmark(
            f"{NEWS}/story",
            "Harbour cranes return to the old port",
            ("harbour",),
            "",
            FIXED_NOW - timedelta(hours=5),
        ),
        Bookmark(
            "https://other.example.org/science/comet",
            "A comet visits, and then it leaves again",
            (),
            "",
            FIXED_NOW - timedelta(days=400),
        ),
    )
