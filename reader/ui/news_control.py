"""NewsControl: the app's news, held by `ReaderApp` (as its bookmark and
marks are): the news screen opened by S (with the state it had), a story
opened from it and ] for the next unread of that list, the read rule, R
(a refresh in the background, progress on the status lines, R again
stops it), the timer of `auto_refresh_minutes`, and following a sidebar
list as a source.

The read rule (config.toml [news]): a page counts as read once it has been
on screen `read_after_seconds`, or (`read_on_scroll`) as soon as it is
scrolled past its first screen; then `library.news.mark_read` is asked, in
a worker (a page that is no story changes nothing)."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import TYPE_CHECKING

from textual.timer import Timer

from reader.core.errors import ReaderError
from reader.core.records import Reading, RefreshProgress, RefreshSummary
from reader.core.sanitize import clean_line
from reader.core.settings import NewsSettings
from reader.core.urls import host_of, is_followable, shorten
from reader.ui.failures import error_text
from reader.ui.formatting import DOT
from reader.ui.news_state import NewsState, StoryRow

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp
    from reader.ui.screens.news import NewsScreen


#: Seconds in a minute of `auto_refresh_minutes` (tests make it shorter).
MINUTE = 60.0


def progress_text(progress: RefreshProgress) -> str:
    """ "Refreshing 3/12 sources · 14 new · 9/14 saved · Kabar Kota"."""
    parts = [f"Refreshing {progress.sources_done}/{progress.sources_total} sources"]
    if progress.new_items:
        parts.append(f"{progress.new_items} new")
    if progress.stories_total:
        parts.append(f"{progress.stories_saved}/{progress.stories_total} saved")
    current = clean_line(progress.current)
    if current:
        parts.append(shorten(current, 40))
    return DOT.join(parts) + " · R stops"


def summary_text(summary: RefreshSummary) -> str:
    """ "Checked 12 sources: 34 new stories, 30 saved in full · 2 failed"."""
    if not summary.checked and not summary.failed:
        if summary.skipped:
            return (
                f"No source is due yet ({summary.skipped} asked a short while ago; "
                "[news] min_interval_minutes)."
            )
        return "You follow no sources yet: reader sources add URL (a feed or a front page)."
    noun = "source" if summary.checked == 1 else "sources"
    stories = "story" if summary.new_items == 1 else "stories"
    text = f"Checked {summary.checked} {noun}: {summary.new_items} new {stories}"
    if summary.new_items:
        text += f", {summary.saved} saved in full"
    if summary.failed:
        text += f"{DOT}{len(summary.failed)} failed"
    if summary.not_stored:  # fetched, but the library could not keep them
        count, why = len(summary.not_stored), clean_line(summary.not_stored[0][1])
        text += f"{DOT}{count} not stored ({why})"
    if summary.skipped:
        text += f"{DOT}{summary.skipped} not due yet"
    if summary.cancelled:
        text += f"{DOT}stopped"
    return text


class NewsControl:
    """The news side of the app."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.state = NewsState()
        """What the news screen shows (kept between two visits)."""
        self.context: list[StoryRow] = []
        """The list the last story was opened from (for ])."""
        self.entry_url: str | None = None
        """The story opened on the news screen (back from it returns there)."""
        self.read_urls: set[str] = set()
        """Stories marked read this session (by the read rule)."""
        self._read_timer: Timer | None = None
        self._shown: Reading | None = None
        self._cancel: asyncio.Event | None = None
        self.refreshing = False

    @property
    def news_settings(self) -> NewsSettings:
        """config.toml's [news]."""
        return self.app.library.settings.news

    # Starting

    def has_sources(self) -> bool:
        """Whether any source is followed (then `reader` opens on the news)."""
        try:
            return self.app.library.news.any_followed()
        except ReaderError:  # a library that cannot be read: the start screen says so
            return False

    def start_timer(self) -> None:
        """Refresh every `auto_refresh_minutes` while the app is open."""
        minutes = self.news_settings.auto_refresh_minutes
        if minutes > 0:
            self.app.set_interval(minutes * MINUTE, lambda: self.refresh(auto=True))

    # The news screen and its stories

    def show(self) -> None:
        """S: the news screen, on the story read last when it came from it."""
        from reader.ui.screens.news import NewsScreen

        app = self.app
        if isinstance(app.screen, NewsScreen):
            return
        if self._read_timer is not None:  # left before it counted as read
            self._read_timer.stop()
            self._read_timer = None
        reading = app.reading
        if reading is not None and self._in_context(reading.source) is not None:
            self.state.cursor = reading.source
            self.state.in_sources = False
        screen = NewsScreen(app.library.news, self.state, self.open_story, now=app.clock())
        app.push_screen(screen)
        if self.refreshing and self._last_text:
            screen.call_after_refresh(screen.show_refresh, self._last_text)

    def first_screen(self) -> NewsScreen:
        """The news screen the app starts on."""
        from reader.ui.screens.news import NewsScreen

        app = self.app
        return NewsScreen(app.library.news, self.state, self.open_story, now=app.clock())

    def open_story(self, url: str, rows: list[StoryRow]) -> None:
        """Open a story chosen on the news screen, remembering its list."""
        from reader.ui.screens.news import NewsScreen

        self.context = rows
        self.entry_url = url
        self.state.cursor = url
        app = self.app
        if isinstance(app.screen, NewsScreen) and len(app.screen_stack) > 1:
            app.pop_screen()
        self._open(url)

    def _open(self, url: str) -> None:
        """A stored story at once (no loading step), else through the app's open."""
        app = self.app
        ready = app.has_reading_screen and app.loading_source is None
        if not (ready and app._open_stored(url)):
            app.open_source(url)

    def _in_context(self, url: str) -> int | None:
        for index, row in enumerate(self.context):
            if row.url == url:
                return index
        return None

    def back_to_list(self) -> bool:
        """Back on the story opened on the news screen: the news again."""
        reading = self.app.reading
        if reading is None or self.entry_url is None or reading.source != self.entry_url:
            return False
        if self.app.loading_source is not None:
            return False
        self.show()
        return True

    def can_step(self) -> bool:
        """Whether ] applies: the page on screen came from the news list."""
        reading = self.app.reading
        return reading is not None and self._in_context(reading.source) is not None

    def next_unread(self) -> None:
        """]: the next unread story of the list the one on screen came from."""
        reading = self.app.reading
        at = self._in_context(reading.source) if reading is not None else None
        if at is None:
            self.app.notify("This page was not opened from the news (S shows it).", timeout=3)
            return
        for row in self.context[at + 1 :]:
            if not row.read and row.url not in self.read_urls:
                self.state.cursor = row.url
                self._open(row.url)
                return
        self.app.notify("No more unread stories in this list · S goes back to it.", timeout=4)

    # The read rule

    def page_shown(self, reading: Reading) -> None:
        """A page is on screen: it counts as read after a while (see the module)."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        self._shown = reading
        if reading.source in self.read_urls:
            return
        seconds = self.news_settings.read_after_seconds
        if seconds <= 0:
            self._mark_shown()
        else:
            self._read_timer = self.app.set_timer(seconds, self._mark_shown)

    def scrolled(self, offset: float, screen_height: int) -> None:
        """The article scrolled: past its first screen, it is read (`read_on_scroll`)."""
        if self.news_settings.read_on_scroll and screen_height > 0 and offset >= screen_height:
            self._mark_shown()

    def _mark_shown(self) -> None:
        reading = self._shown
        if reading is None or reading.source in self.read_urls:
            return
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        urls = list(dict.fromkeys(u for u in (reading.source, reading.page.url) if u))
        self.read_urls.update(urls)
        news = self.app.library.news

        def mark() -> None:
            with suppress(ReaderError):  # a read mark must never stop reading
                news.mark_read(urls)

        self.app.run_worker(
            mark, thread=True, group="read-rule", exit_on_error=False,
            description="marking the story read",
        )  # fmt: skip

    # Refreshing

    _last_text = ""

    def refresh(self, *, auto: bool = False) -> None:
        """R: refresh every due source in the background (again: stop it)."""
        if self.refreshing:
            if not auto and self._cancel is not None:
                self._cancel.set()
                self._tell("Stopping the refresh…")
            return
        self.refreshing = True
        self._cancel = asyncio.Event()
        self._tell("Refreshing the sources…")
        self.app.run_worker(
            self._refresh(self._cancel, auto), group="refresh", exit_on_error=False,
            description="refreshing the sources",
        )  # fmt: skip

    async def _refresh(self, cancel: asyncio.Event, auto: bool) -> None:
        try:
            summary = await self.app.library.news.refresh(
                progress=lambda progress: self._tell(progress_text(progress)), cancel=cancel
            )
        except ReaderError as exc:
            self.app.notify(f"Refresh failed: {error_text(exc)}", severity="error", markup=False)
            return
        finally:  # a bug in the refresh too (the app's handler says what it was)
            self._ended()
        if not auto or summary.new_items or summary.failed or summary.not_stored:
            failed = [
                f"{clean_line(name)}: {clean_line(reason)}" for name, reason in summary.failed[:3]
            ]
            self.app.notify(
                "\n".join([summary_text(summary), *failed]),
                severity="warning" if summary.failed or summary.not_stored else "information",
                markup=False,
                timeout=8,
            )

    def _ended(self) -> None:
        self.refreshing = False
        self._tell(None)
        from reader.ui.screens.news import NewsScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, NewsScreen):
                screen.reload()

    def _tell(self, text: str | None) -> None:
        """Show the refresh's progress on every screen that has a line for it."""
        self._last_text = text or ""
        from reader.ui.screens.news import NewsScreen
        from reader.ui.screens.reading import ReadingScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, NewsScreen):
                screen.show_refresh(text)
            elif isinstance(screen, ReadingScreen):
                screen.status_bar.show_refresh(text)

    # Following a list of the sidebar

    def follow_list(self, heading: str) -> None:
        """`a` on a sidebar heading: follow that list of the page on screen."""
        reading = self.app.reading
        if reading is None:
            return
        page_url = reading.page.url or reading.source
        if not is_followable(page_url):
            self.app.notify("Only lists of web pages can be followed.", severity="warning")
            return
        self.app.run_worker(
            self._follow(page_url, heading), group="follow", exit_on_error=False,
            description="following the list",
        )  # fmt: skip

    async def _follow(self, page_url: str, heading: str) -> None:
        try:
            source = await self.app.library.news.follow(page_url, list_heading=heading)
        except ReaderError as exc:
            self.app.notify(
                f"Could not follow “{shorten(heading, 40)}”: {error_text(exc)}",
                severity="error",
                markup=False,
            )
            return
        title = clean_line(source.title) or f"{heading} · {host_of(page_url)}"
        self.app.notify(
            f"Following “{shorten(title, 60)}” · R refreshes, S shows the news",
            markup=False,
            timeout=6,
        )
