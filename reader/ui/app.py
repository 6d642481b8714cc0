"""ReaderApp: it owns loading pages (a worker posting PageLoaded/PageFailed;
a stored page is shown before the first paint, then revalidated), the back
and forward history, and reading positions (`ReadingPlaces`). The rest is
held, not inherited: keys from the action table, screens from `openers`,
themes (`ThemeController`), the page's bookmark (`PageBookmark`), link marks
(`LinkMarks`), the save panel, bookmarked pages saved in the background
(`bookmark_saver`), `e` (`exporting`). Worker failures reach one handler
(`on_worker_failed`). The library is passed in, never imported.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import UTC, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import Provider
from textual.screen import Screen
from textual.worker import Worker

from reader.config import Config
from reader.core.errors import ReaderError
from reader.core.paths import Paths
from reader.core.records import Reading
from reader.core.urls import shorten
from reader.ui import actions, page_address, page_notes
from reader.ui.bookmark_saver import BookmarkSaver, after_first_paint
from reader.ui.bookmarking import PageBookmark
from reader.ui.browser import open_in_browser
from reader.ui.failures import error_text, failed, failure_message
from reader.ui.history import History, PageState
from reader.ui.link_marks import LinkMarks
from reader.ui.messages import (
    FollowLink,
    OpenRequested,
    PageFailed,
    PageLoaded,
    PageRevalidated,
    SaveFinished,
    WorkerFailed,
)
from reader.ui.news_control import NewsControl
from reader.ui.positions import ReadingPlaces, is_top
from reader.ui.screens.reading import ReadingScreen
from reader.ui.themes import ThemeSet, load_themes
from reader.ui.theming import ThemeController
from reader.ui.typing import key_to_box
from reader.ui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike
    from reader.ui.widgets.link_list import LinkList

#: Check a stored page with the server this long after showing it (seconds): the
#: network stack loading while the page is painted slowed `reader URL` by ~40 ms.
REVALIDATE_DELAY = 0.3
#: Save the reading position this long after scrolling stops (seconds).
POSITION_SAVE_DELAY = 1.0

RESTORED_NOTICE = "Back where you stopped reading · g goes to the top"


def _reader_commands() -> type[Provider]:
    """The palette's provider, loaded when the palette first opens."""
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App[int]):
    """The terminal news reader."""

    CSS_PATH = "app.tcss"
    TITLE = "reader"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_reader_commands}
    BINDINGS: ClassVar[list[BindingType]] = actions.bindings_for(actions.SCOPE_APP)

    def __init__(
        self,
        library: LibraryLike,
        source: str | None = None,
        measure: int | None = None,
        *,
        config: Config | None = None,
        themes: ThemeSet | None = None,
        paths: Paths | None = None,
    ) -> None:
        """`config`: config.toml's settings (`measure` wins over its own);
        `themes`: the theme files found (default: the shipped ones); `paths`:
        where config.toml and the user's themes are (None: nothing is saved)."""
        config = config or Config()
        # Textual asks for the CSS variables while it starts: themes first.
        self.theming = ThemeController(
            self, themes or load_themes(None), paths.config_file if paths is not None else None
        )
        """The themes, `t`, and the theme line of config.toml."""
        super().__init__()
        self.config = config
        self.library = library
        self.initial_source = source
        self.measure = measure if measure is not None else config.measure
        self.user_themes: Path | None = paths.user_themes if paths is not None else None
        self.reading: Reading | None = None
        """The page on screen."""
        self.history = History()
        """Pages read, for back and forward, each with the reader's place."""
        self.link_marks = LinkMarks(library)
        """Which links of a page were read or saved (for the sidebar's marks)."""
        self.address_history: list[str] = []
        """What was typed in the open dialog this session, oldest first."""
        self.open_external: Callable[[str], bool] = partial(open_in_browser, suspend=self.suspend)
        """Opens a URL in the system browser; tests replace it."""
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        """The current time, for "5 min ago"; tests fix it."""
        self.timezone: tzinfo | None = None
        """Where days begin for the history and dates (None: local time); tests fix it."""
        self.loading_source: str | None = None
        self.page_bookmark = PageBookmark(self)
        """The bookmark of the page on screen, and m."""
        self.bookmark_saver = BookmarkSaver(self, library)
        """Saves bookmarked pages for offline in the background."""
        self.save_limit = library.settings.save.max_pages
        """Most stories one `p` saves (config.toml `[save] max_pages`)."""
        self._ticket = 0
        self._history_target: int | None = None
        self._reloading = False
        self.places = ReadingPlaces(self, library, lambda: POSITION_SAVE_DELAY)
        """Where reading stopped, kept in the library."""
        self.news = NewsControl(self)  # S, ], R, the read rule, following a list
        page_notes.watch_unsaved(self)  # a page read but not kept for offline: say so
        self.startup_notices: list[str] = []
        """Messages to show once the app is up (config problems, library notices)."""
        self.startup_notices += self.theming.setup(config.theme)
        keymap, problems = actions.keymap_of(config.keys)
        self.set_keymap(keymap)
        self.startup_notices += problems

    @property
    def reading_screen(self) -> ReadingScreen:
        """The reading screen (the bottom of the stack once a page was opened)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        return screen

    @property
    def has_reading_screen(self) -> bool:
        """Whether the reading screen exists (not before the first page)."""
        return bool(self.screen_stack) and isinstance(self.screen_stack[0], ReadingScreen)

    @property
    def saving(self) -> bool:
        """Whether linked stories are being saved."""
        return self.has_reading_screen and self.reading_screen.saving

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables for the theme, plus the reader's own."""
        return self.theming.css_variables(super().get_css_variables)

    # Start and end

    def get_default_screen(self) -> Screen[Any]:
        """The first screen painted: the reading screen with a page to open,
        else the news or the start screen (see `openers.first_screen`)."""
        if not self.initial_source:
            from reader.ui.openers import first_screen

            return first_screen(self)
        return self.new_reading_screen(on_mounted=self._show_first_page)

    def new_reading_screen(self, on_mounted: Callable[[], None] | None) -> ReadingScreen:
        """A reading screen; `on_mounted` runs once it exists, before its first paint."""
        return ReadingScreen(
            measure=self.measure,
            sidebar=self.config.sidebar,
            sidebar_width=self.config.sidebar_width,
            on_mounted=on_mounted,
        )

    def _show_first_page(self) -> None:
        """A page read before is shown as soon as the reading screen exists,
        before its first paint, rather than after a loading screen."""
        if self.initial_source and self._open_stored(self.initial_source):
            self.initial_source = None

    def on_ready(self) -> None:
        """Open the source given on the command line, or show the start screen."""
        # After the first paint: keep what start-up made out of the collector's
        # way and collect garbage again (the CLI turns it off while starting).
        self.call_after_refresh(gc.freeze)
        self.call_after_refresh(gc.enable)
        self.call_after_refresh(after_first_paint, self)  # warm-up, bookmarked pages
        self.news.start_timer()
        for notice in [*self.startup_notices, *self.library.notices]:
            self.notify(notice, severity="warning", markup=False, timeout=12)
        if self.initial_source:
            self.open_source(self.initial_source)
        elif not self.has_reading_screen:
            self.call_after_refresh(self.action_show, "reading")
        elif self.reading is None:
            self.action_show("start")

    async def on_unmount(self) -> None:
        """Save a theme change still pending; release the library's network resources."""
        self.places.stop()
        self.bookmark_saver.stop()
        pending = self.theming.take_pending()
        if pending is not None:
            await asyncio.to_thread(self.theming.write, pending)
        with suppress(Exception):  # leaving must never turn into a crash or a traceback
            await self.library.close()

    async def on_event(self, event: events.Event) -> None:
        """A key typed on a screen that takes text goes to its box (`typing`)."""
        if isinstance(event, events.Key) and await key_to_box(self, event):
            return
        await super().on_event(event)

    # Opening pages

    def open_source(
        self,
        source: str,
        *,
        state: PageState | None = None,
        history_index: int | None = None,
        reload: bool = False,
    ) -> None:
        """Start loading `source` (URL or file path); the page on screen stays
        readable until it arrives. `state` is where to put the reader on it,
        `history_index` which history entry it is (back and forward), `reload`
        that it replaces the page on screen."""
        if not self.has_reading_screen:  # nothing read yet (so no history to step in)
            from reader.ui.openers import begin_reading

            begin_reading(self, partial(self.open_source, source, state=state, reload=reload))
            return
        if actions.is_screen(self.screen, actions.START_SCREEN) or (
            actions.is_screen(self.screen, actions.NEWS_SCREEN) and len(self.screen_stack) > 1
        ):
            self.pop_screen()
        self._ticket += 1
        self._history_target = history_index
        self._reloading = reload
        self.loading_source = source
        self.reading_screen.show_loading(source)
        visit = history_index is None and not reload  # back, forward, reload: no new visit
        self._load(self._ticket, source, state, reload, visit)

    def _open_stored(self, source: str) -> bool:
        """Show `source` from the library at once when it is stored (else False)."""
        reading = self.library.open_stored(source)
        if reading is None:
            return False
        self._ticket += 1
        self._present(self._loaded(self._ticket, reading, None))
        self._record_visit(reading)
        return True

    @work(thread=True, exit_on_error=False, description="adding the page to the history")
    def _record_visit(self, reading: Reading) -> None:
        """Add a page shown with `_open_stored` to the history (off the UI thread)."""
        self.library.record_visit(reading)

    @work(exclusive=True, group="load", exit_on_error=False, description="opening the page")
    async def _load(
        self, ticket: int, source: str, state: PageState | None, reload: bool, visit: bool
    ) -> None:
        """Open `source` with the library (a `visit` is added to the history);
        its failures become a PageFailed (an unexpected one too, through
        `on_worker_state_changed`). A page opened afresh goes back to where
        reading stopped last time."""
        try:
            reading = await self.library.open(source, refresh=reload, visit=visit)
        except ReaderError as exc:
            self.post_message(PageFailed(ticket, source, str(exc)))
            return
        self.post_message(await asyncio.to_thread(self._loaded, ticket, reading, state))

    def _loaded(self, ticket: int, reading: Reading, state: PageState | None) -> PageLoaded:
        """`reading` with its bookmark and, unless `state` says where to go,
        where reading stopped last time (database reads: a library that
        cannot tell only loses these extras)."""
        bookmark = None
        with suppress(ReaderError):
            bookmark = self.page_bookmark.find(reading)
        stored = None if state is not None else self.places.stored(reading)
        restored = stored is not None and not is_top(stored)
        if restored and stored is not None:
            state = PageState(position=stored)
        return PageLoaded(ticket, reading, state, bookmark=bookmark, restored=restored)

    def on_page_loaded(self, message: PageLoaded) -> None:
        """Show the page that arrived (unless a newer load superseded it)."""
        if message.ticket == self._ticket:
            self._present(message)

    def _present(self, loaded: PageLoaded) -> None:
        """Put the page on screen at its place: history, marks, badge, notices,
        then a revalidation when it is a stored copy."""
        reading, state = loaded.reading, loaded.state
        self.loading_source = None
        screen = self.reading_screen
        if self.reading is not None:
            self.history.remember(screen.capture_state())
            self.save_position()
        if self._history_target is not None:
            self.history.go(self._history_target)
        elif not self._reloading or self.history.current is None:
            self.history.visit(reading.source)
        self._history_target = None
        self._reloading = False
        self.reading = reading
        self.places.forget()
        self.link_marks.visit(reading.source, reading.page.url, reading.article.url)
        marks = self.link_marks.states(reading.article, reading.stories)
        screen.show_reading(reading, state, marks)
        screen.status_bar.show_copy(reading)
        self.page_bookmark.show(loaded.bookmark)
        self.news.page_shown(reading)
        self.refresh_bindings()
        if loaded.restored:
            self.notify(RESTORED_NOTICE, markup=False, timeout=3)
        if reading.from_store and not reading.offline:  # after the page is painted:
            self.set_timer(REVALIDATE_DELAY, partial(self._revalidate, loaded.ticket, reading))

    # Revalidation

    @work(exclusive=True, group="revalidate", exit_on_error=False, description="checking the page")
    async def _revalidate(self, ticket: int, reading: Reading) -> None:
        """Ask the server whether the stored copy on screen changed."""
        fresh = await self.library.revalidate(reading)
        self.post_message(PageRevalidated(ticket, reading, fresh))

    def on_page_revalidated(self, message: PageRevalidated) -> None:
        """Show what checking the stored copy on screen found (`show_revalidated`)."""
        if message.ticket == self._ticket and self.reading is message.reading:
            page_notes.show_revalidated(self, message)

    # Reading positions

    def on_article_view_position_changed(self, message: ArticleView.PositionChanged) -> None:
        """Save where reading stopped once scrolling pauses."""
        if self.reading is not None and message.view.article is not None:
            self.places.scrolled(self.save_position)
            self.news.scrolled(message.view.scroll_y, message.view.size.height)

    def save_position(self) -> None:
        """Save where reading stopped on the page on screen (unless it was already)."""
        if self.reading is not None and self.screen_stack and self.is_running:
            self.places.save(self.reading, self.reading_screen.article_view)

    async def action_quit(self) -> None:
        """Save where reading stopped, then quit."""
        if self.reading is not None and self.screen_stack and self.is_running:
            await self.places.save_now(self.reading, self.reading_screen.article_view)
        self.exit()

    # Failures

    def on_page_failed(self, message: PageFailed) -> None:
        """Say what went wrong; the app keeps working."""
        if message.ticket != self._ticket:
            return
        self.loading_source = None
        self.reading_screen.show_loading(None)
        from reader.ui.screens.error import ErrorDialog

        self.push_screen(ErrorDialog(message.message), callback=self._after_error)

    def _after_error(self, _result: None) -> None:
        if self.reading is None and self.loading_source is None:
            self.action_show("start")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers: an unexpected failure goes to the one handler."""
        error = failed(event)
        if error is not None:
            self.on_worker_failed(WorkerFailed(event.worker, error))

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """The one handler of unexpected worker failures (a bug, not a
        `ReaderError`): a page that could not be opened gets the error
        dialog, anything else a message; the app keeps working."""
        if message.worker.group == "load":
            source = self.loading_source or ""
            text = f"Unexpected error while opening {shorten(source)}: {error_text(message.error)}"
            self.post_message(PageFailed(self._ticket, source, text))
        else:
            text = failure_message(message.worker, message.error)
            self.notify(text, severity="error", markup=False)

    # Following links

    def on_open_requested(self, message: OpenRequested) -> None:
        """A screen asked to open a source."""
        self.open_source(message.source)

    def on_follow_link(self, message: FollowLink) -> None:
        """Follow a link of the page: http and https only, anything else is refused."""
        page_address.follow_link(self, message.url, external=message.external)

    # History

    def action_history_step(self, step: int) -> None:
        """Go `step` pages back (-1) or forward (1), where the reader left them
        (a step taken while another loads counts from the page being loaded;
        back from a story opened on the news screen returns to the news)."""
        if step < 0 and self.news.back_to_list():
            return
        base = self._history_target if self.loading_source is not None else None
        found = self.history.step(base, step)
        if found is None:
            where = "back" if step < 0 else "forward"
            self.notify(f"Nothing to go {where} to.", markup=False, timeout=2)
        else:
            self.open_source(found[1].source, state=found[1].state, history_index=found[0])

    def action_reload(self) -> None:
        """Load the page again, keeping the reading position."""
        if self.reading is not None:
            state = self.reading_screen.capture_state()
            self.open_source(self.reading.source, state=state, reload=True)

    # Actions held by others

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Where each of the app's actions applies comes from the action table."""
        page = self.reading is not None
        applies = actions.app_applies(self.screen, action, parameters, page, self.saving)
        return applies and self.news.can_step() if action == "next_unread" else applies

    def action_show(self, name: str) -> None:
        """Open the screen `name` (see `reader.ui.openers`)."""
        from reader.ui.openers import OPENERS

        OPENERS[name](self)

    def action_open_in_browser(self) -> None:
        """Open the page in the system browser (http and https only)."""
        page_address.open_page_in_browser(self)

    def action_copy_address(self) -> None:
        """Copy the page's address to the clipboard."""
        page_address.copy_address(self)

    def action_bookmark(self) -> None:
        """Bookmark the page (tags and a note), or edit or remove its bookmark."""
        if self.reading is not None:
            self.page_bookmark.edit(self.reading)

    def action_export_story(self) -> None:
        """Write the story on screen to a Markdown file (`reader.ui.exporting`)."""
        from reader.ui.exporting import export_story

        export_story(self)

    def action_save_linked(self) -> None:
        """Save the stories linked from the page for offline reading (p again cancels)."""
        screen = self.reading_screen
        if screen.saving:
            screen.cancel_save()
        elif self.reading is not None:
            screen.save_panel.save(self.library, self.reading.article, self.save_limit)

    def on_save_finished(self, message: SaveFinished) -> None:
        """Saving linked stories ended: mark the links as the library knows them now."""
        if self.reading is not None:
            self.reading_screen.mark_links(self.link_marks.states(self.reading.article))

    def action_refresh_sources(self) -> None:
        """Refresh the sources followed in the background (again: stop)."""
        self.news.refresh()

    def action_next_unread(self) -> None:
        """The next unread story of the news list the one on screen came from."""
        self.news.next_unread()

    def on_link_list_follow_list(self, message: LinkList.FollowList) -> None:
        """`a` on a sidebar heading: follow that list of the page."""
        self.news.follow_list(message.heading)

    def action_next_theme(self) -> None:
        """Switch to the next theme (and save the choice)."""
        self.theming.next()

    # The command palette

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """What the palette offers over `screen` (see `commands.palette_commands`)."""
        from reader.ui.commands import palette_commands

        return palette_commands(self, screen)
