"""ReaderApp: the Textual application, and `build_app`/`run_app` for the CLI.

The app owns three things: loading pages, the back/forward history, and
reading positions. Loading runs in an exclusive async worker that posts
PageLoaded / PageFailed; the handlers own the state (the page on screen and
the history, where every page keeps the place the reader left it). A page
read before comes from the library at once, before the first paint, and is
then revalidated in the background (PageRevalidated); where reading stopped
is saved when scrolling stops and when leaving a page.

Everything else is held, not inherited: the keys come from the action table
(`actions`), the screens opened by name (B, H, ctrl+f, ?, o) from `openers`,
the themes from a `ThemeController`, the page's bookmark from a
`PageBookmark`, and saving linked stories from the reading screen's save
panel. Worker failures reach one handler (`on_worker_failed`).
Importing this module stays cheap: the library and its network stack are
passed in, never imported here.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import UTC, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.actions import parse as parse_action
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import Provider
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker

from reader.config import Config
from reader.core.errors import ReaderError
from reader.core.models import Article, Bookmark
from reader.core.paths import Paths
from reader.core.records import Reading
from reader.core.sanitize import clean_line
from reader.core.urls import comparable, is_followable, shorten
from reader.ui import actions
from reader.ui.bookmarking import PageBookmark
from reader.ui.browser import open_in_browser
from reader.ui.contract import LibraryLike
from reader.ui.failures import error_text, failed, failure_message
from reader.ui.formatting import not_followed_message
from reader.ui.history import History, PageState
from reader.ui.messages import (
    FollowLink,
    OpenRequested,
    PageFailed,
    PageLoaded,
    PageRevalidated,
    SaveFinished,
    WorkerFailed,
)
from reader.ui.positions import is_top, position_from_dict, position_key, position_to_dict
from reader.ui.screens.reading import ReadingScreen
from reader.ui.themes import ThemeSet, load_themes
from reader.ui.theming import ThemeController
from reader.ui.widgets.article_view import ArticleView, ReadingPosition

#: Most addresses kept in the open dialog's history.
ADDRESS_HISTORY_LIMIT = 100
#: Save the reading position this long after scrolling stops (seconds).
POSITION_SAVE_DELAY = 1.0

UPDATED_NOTICE = "Updated: the page changed since it was saved."
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
        """`config` is config.toml's settings (`measure`, when given, wins over
        its measure); `themes` the theme files found (default: the shipped
        ones); `paths` where the config file and the user's themes are (None:
        the theme choice is not saved, as in tests)."""
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
        self.visited: set[str] = set()
        """Pages opened this session (as `comparable` URLs): their links are marked read."""
        self.address_history: list[str] = []
        """What was typed in the open dialog this session, oldest first."""
        self.open_external: Callable[[str], bool] = partial(open_in_browser, suspend=self.suspend)
        """Opens a URL in the system browser; tests replace it."""
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        """The current time, for "5 min ago"; tests fix it."""
        self.timezone: tzinfo | None = None
        """Where days begin for the history and dates (None: local time); tests fix it."""
        self.loading_source: str | None = None
        self.page_bookmark = PageBookmark(self, library, lambda: self.reading, self._bookmarked)
        """The bookmark of the page on screen, and m."""
        self.save_limit = library.settings.save.max_pages
        """Most stories one `p` saves (config.toml `[save] max_pages`)."""
        self._ticket = 0
        self._history_target: int | None = None
        self._reloading = False
        self._position_timer: Timer | None = None
        self._saved_position: tuple[str, ReadingPosition] | None = None
        self.startup_notices: list[str] = []
        """Messages to show once the app is up (config problems, library notices)."""
        self.startup_notices += self.theming.setup(config.theme)
        self.startup_notices += self.setup_keymap(config.keys)

    def setup_keymap(self, keys: Mapping[str, str]) -> list[str]:
        """Apply config.toml's [keys] (binding id -> keys); returns a message
        for each id that no binding has."""
        unknown = [binding_id for binding_id in keys if binding_id not in actions.BY_ID]
        if keys:
            self.set_keymap({k: v for k, v in keys.items() if k in actions.BY_ID})
        return [
            f"config.toml: keys.{binding_id}: no binding has this id (? lists the keys; "
            "the README lists the ids); ignored."
            for binding_id in unknown
        ]

    @property
    def reading_screen(self) -> ReadingScreen:
        """The reading screen (always at the bottom of the screen stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        return screen

    @property
    def bookmark(self) -> Bookmark | None:
        """The bookmark of the page on screen, if it is bookmarked."""
        return self.page_bookmark.current

    @property
    def saving(self) -> bool:
        """Whether linked stories are being saved."""
        return bool(self.screen_stack) and self.reading_screen.saving

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables for the theme, plus the reader's own."""
        return self.theming.css_variables(super().get_css_variables)

    # Start and end

    def get_default_screen(self) -> ReadingScreen:
        """The reading screen is the bottom of the stack."""
        return ReadingScreen(
            measure=self.measure,
            sidebar=self.config.sidebar,
            sidebar_width=self.config.sidebar_width,
            on_mounted=self._show_first_page,
        )

    def _show_first_page(self) -> None:
        """A page read before is on the very first screen: shown as soon as
        the reading screen exists, before its first paint, rather than after
        a loading screen."""
        if self.initial_source and self._open_stored(self.initial_source):
            self.initial_source = None

    def on_ready(self) -> None:
        """Open the source given on the command line, or show the start screen."""
        self.call_after_refresh(_collect_garbage_from_now)
        self.call_after_refresh(self._warm_up)
        for notice in [*self.startup_notices, *self.library.notices]:
            self.notify(notice, severity="warning", markup=False, timeout=12)
        if self.initial_source:
            self.open_source(self.initial_source)
        elif self.reading is None:
            self.show_start()

    async def on_unmount(self) -> None:
        """Save a theme change still pending; release the library's network resources."""
        if self._position_timer is not None:
            self._position_timer.stop()
        pending = self.theming.take_pending()
        if pending is not None:
            await asyncio.to_thread(self.theming.write, pending)
        with suppress(Exception):  # leaving must never turn into a crash or a traceback
            await self.library.close()

    def show_start(self) -> None:
        """Show the start screen (recent pages, how to open one)."""
        from reader.ui.screens.start import StartScreen

        if not isinstance(self.screen, StartScreen):
            self.push_screen(StartScreen(self.library.recent(), now=self.clock()))

    @work(thread=True, group="warm-up", exit_on_error=False, description="warming up")
    def _warm_up(self) -> None:
        """After the first paint: load the extractor and network stack while
        the reader reads, not when they open the next page."""
        self.library.warm_up()

    # Opening pages

    def open_source(
        self,
        source: str,
        *,
        state: PageState | None = None,
        history_index: int | None = None,
        reload: bool = False,
    ) -> None:
        """Start loading `source` (URL or file path) in the background. The
        page on screen stays readable until the new one arrives.

        `state` is where to put the reader on the new page; `history_index`
        says the page is that entry of the history (back and forward), and
        `reload` that it replaces the page on screen.
        """
        if actions.is_screen(self.screen, actions.START_SCREEN):
            self.pop_screen()
        self._ticket += 1
        self._history_target = history_index
        self._reloading = reload
        self.loading_source = source
        self.reading_screen.show_loading(source)
        self._load(self._ticket, source, state, reload)

    def _open_stored(self, source: str) -> bool:
        """Show `source` from the library at once, on this thread, when it is
        stored; False when it has to be loaded (`open_source`)."""
        reading = self.library.open_stored(source)
        if reading is None:
            return False
        bookmark, stored = self._page_extras(reading, want_position=True)
        restored = stored is not None and not is_top(stored)
        state = PageState(position=stored) if restored and stored is not None else None
        self._ticket += 1
        self._present(self._ticket, reading, state, bookmark, restored=restored)
        self._record_visit(reading)
        return True

    @work(thread=True, exit_on_error=False, description="adding the page to the history")
    def _record_visit(self, reading: Reading) -> None:
        """Add a page shown with `_open_stored` to the history (a write, so
        off the UI thread)."""
        self.library.record_visit(reading)

    @work(exclusive=True, group="load", exit_on_error=False, description="opening the page")
    async def _load(
        self, ticket: int, source: str, state: PageState | None, reload: bool = False
    ) -> None:
        """Open `source` with the library; its failures become a PageFailed
        (an unexpected one too, through `on_worker_state_changed`). A page
        opened afresh goes back to where reading stopped last time."""
        try:
            reading = await self.library.open(source, refresh=reload)
        except ReaderError as exc:
            self.post_message(PageFailed(ticket, source, str(exc)))
            return
        bookmark, stored = await asyncio.to_thread(self._page_extras, reading, state is None)
        restored = stored is not None and not is_top(stored)
        if restored and stored is not None:
            state = PageState(position=stored)
        self.post_message(PageLoaded(ticket, reading, state, bookmark=bookmark, restored=restored))

    def _page_extras(
        self, reading: Reading, want_position: bool
    ) -> tuple[Bookmark | None, ReadingPosition | None]:
        """The page's bookmark and (`want_position`) where reading stopped
        (runs in a thread; a library that cannot tell only loses these extras)."""
        bookmark = None
        with suppress(ReaderError):
            bookmark = self.page_bookmark.find(reading)
        position = None
        if want_position:
            key = position_key(reading.source, reading.page)
            position = position_from_dict(self.library.position(key))
        return bookmark, position

    def on_page_loaded(self, message: PageLoaded) -> None:
        """Show the page that arrived (unless a newer load superseded it)."""
        if message.ticket == self._ticket:
            self._present(
                message.ticket,
                message.reading,
                message.state,
                message.bookmark,
                restored=message.restored,
            )

    def _present(
        self,
        ticket: int,
        reading: Reading,
        state: PageState | None,
        bookmark: Bookmark | None,
        *,
        restored: bool,
    ) -> None:
        """Put `reading` on screen at `state`: history, marks, badge, notices,
        then a revalidation when it is a stored copy."""
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
        self._saved_position = None
        for url in (reading.source, reading.page.url, reading.article.url):
            if url and is_followable(url):
                self.visited.add(comparable(url))
        screen.show_reading(reading, state, self.link_states(reading.article))
        self._show_badge(reading)
        self.page_bookmark.show(bookmark)
        self.refresh_bindings()
        if restored:
            self.notify(RESTORED_NOTICE, markup=False, timeout=3)
        if reading.article.warnings:
            # The page did not read as an article (a front page, a login wall):
            # say so rather than pass off whatever was found as the story.
            self.notify(
                " ".join(reading.article.warnings),
                title="This may not be the whole article",
                severity="warning",
                markup=False,
                timeout=8,
            )
        if reading.from_store and not reading.offline:
            self._revalidate(ticket, reading)

    def _bookmarked(self, bookmark: Bookmark | None) -> None:
        """The page on screen has `bookmark` now: show it in the status bar."""
        self.reading_screen.status_bar.show_bookmarked(bookmark is not None)

    def _show_badge(self, reading: Reading, suffix: str = "") -> None:
        """Say where the copy on screen came from, in the status bar."""
        status = self.reading_screen.status_bar
        notice = clean_line(reading.notice) if reading.notice else ""
        if reading.offline:
            status.show_badge(notice or "offline", kind="offline")
        elif reading.from_store and notice:
            status.show_badge(notice + suffix)
        else:
            status.show_badge(None)

    def link_states(self, article: Article) -> dict[str, str]:
        """ "read" or "saved" for the section links of `article`, by URL: what
        the library knows, and the pages opened this session."""
        urls = [link.url for section in article.sections for link in section.links]
        states: dict[str, str] = {}
        if urls:
            try:
                known = self.library.link_states(urls)
                states = {url: str(known[url]) for url in urls if url in known}
            except Exception:  # on the UI thread, while a page is shown: marks must not stop it
                states = {}
        for url in urls:
            if url not in states and comparable(url) in self.visited:
                states[url] = "read"
        return states

    # Revalidation

    @work(exclusive=True, group="revalidate", exit_on_error=False, description="checking the page")
    async def _revalidate(self, ticket: int, reading: Reading) -> None:
        """Ask the server whether the stored copy on screen changed."""
        fresh = await self.library.revalidate(reading)
        self.post_message(PageRevalidated(ticket, reading, fresh))

    def on_page_revalidated(self, message: PageRevalidated) -> None:
        """Show the newer copy (keeping the place) and say so; or quietly
        note that the saved copy is up to date, or that it is the offline copy."""
        if message.ticket != self._ticket or self.reading is not message.reading:
            return
        fresh = message.fresh
        if fresh is None:
            self._show_badge(message.reading, " · up to date")
            return
        self.reading = fresh
        if fresh.offline:  # the server could not be reached: same article, offline badge
            self._show_badge(fresh)
            return
        screen = self.reading_screen
        screen.replace_article(fresh, self.link_states(fresh.article))
        screen.status_bar.show_badge("updated", kind="updated")
        self.notify(clean_line(fresh.notice) or UPDATED_NOTICE, markup=False)

    # Reading positions

    def on_article_view_position_changed(self, message: ArticleView.PositionChanged) -> None:
        """Save where reading stopped once scrolling pauses."""
        if self.reading is None or message.view.article is None:
            return
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self.save_position)

    def _current_position(self) -> tuple[str, ReadingPosition, float | None] | None:
        """The key, position and fraction read of the page on screen."""
        reading = self.reading
        if reading is None or not self.screen_stack or not self.is_running:
            return None
        view = self.reading_screen.article_view
        if view.article is None:
            return None
        return position_key(reading.source, reading.page), view.position, view.scroll_fraction

    def save_position(self) -> None:
        """Save where reading stopped on the page on screen (in a thread),
        unless it was saved there already."""
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        current = self._current_position()
        if current is None:
            return
        key, position, fraction = current
        if self._saved_position == (key, position):
            return
        self._saved_position = (key, position)
        self._write_position(key, position, fraction)

    @work(thread=True, group="position", exit_on_error=False, description="saving your place")
    def _write_position(self, key: str, position: ReadingPosition, fraction: float | None) -> None:
        self.library.save_position(key, position_to_dict(position), fraction)

    async def action_quit(self) -> None:
        """Save where reading stopped, then quit."""
        current = self._current_position()
        if current is not None and self._saved_position != current[:2]:
            key, position, fraction = current
            with suppress(Exception):  # leaving must never fail for want of a saved place
                await asyncio.to_thread(
                    self.library.save_position, key, position_to_dict(position), fraction
                )
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
            self.show_start()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers: an unexpected failure goes to the one handler."""
        error = failed(event)
        if error is not None:
            self.on_worker_failed(WorkerFailed(event.worker, error))

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """The one handler of unexpected worker failures (a bug, not a
        `ReaderError`): a page that could not be opened gets the error
        dialog, anything else a message; the app keeps working."""
        worker, error = message.worker, message.error
        if worker.group == "load":
            source = self.loading_source or ""
            text = f"Unexpected error while opening {shorten(source)}: {error_text(error)}"
            self.post_message(PageFailed(self._ticket, source, text))
            return
        self.notify(failure_message(worker, error), severity="error", markup=False)

    # Following links

    def on_open_requested(self, message: OpenRequested) -> None:
        """A screen asked to open a source."""
        self.open_source(message.source)

    def on_follow_link(self, message: FollowLink) -> None:
        """Follow a link of the page: http and https only, anything else is refused."""
        url = message.url
        if not is_followable(url):
            self.notify(not_followed_message(url), severity="warning", markup=False)
        elif message.external:
            self._open_external(url)
        else:
            self.open_source(url)

    def _open_external(self, url: str) -> None:
        """Open an http(s) `url` in the system browser and say so."""
        if self.open_external(url):
            self.notify(f"Opened in the browser: {shorten(url)}", markup=False)
        else:
            self.notify("No system browser could be started.", severity="warning", markup=False)

    # History

    def _step(self, step: int) -> None:
        """Go `step` pages back (-1) or forward (1), where the reader left them.
        A step taken while another loads counts from the page being loaded."""
        base = self.history.index
        if self.loading_source is not None and self._history_target is not None:
            base = self._history_target
        entry = self.history.entry_at(base + step)
        if entry is None:
            where = "back" if step < 0 else "forward"
            self.notify(f"Nothing to go {where} to.", markup=False, timeout=2)
            return
        self.open_source(entry.source, state=entry.state, history_index=base + step)

    def action_history_back(self) -> None:
        """Go back to the previous page, where you left it."""
        self._step(-1)

    def action_history_forward(self) -> None:
        """Go forward again."""
        self._step(1)

    def action_reload(self) -> None:
        """Load the page again, keeping the reading position."""
        if self.reading is not None:
            state = self.reading_screen.capture_state()
            self.open_source(self.reading.source, state=state, reload=True)

    # Actions held by others

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Where each of the app's actions applies comes from the action table."""
        return self.applies_on(self.screen, action, parameters)

    def applies_on(
        self, screen: Screen[Any], action: str, parameters: tuple[object, ...]
    ) -> bool | None:
        """Whether the app's `action` applies over `screen` (None: it would,
        but there is no page yet)."""
        found = actions.for_call(actions.SCOPE_APP, action, parameters)
        if found is None:
            return True
        if found.id == "save_linked" and self.saving:
            return True  # p cancels
        return actions.applies(found.where, screen, has_page=self.reading is not None)

    def action_show(self, name: str) -> None:
        """Open the screen `name` (see `reader.ui.openers`)."""
        from reader.ui.openers import OPENERS

        OPENERS[name](self)

    def from_library(self, url: str | None) -> None:
        """A library screen closed, maybe with an address to open."""
        if url:
            self.open_source(url)
        elif self.reading is not None:
            self.page_bookmark.refresh(self.reading)

    def opened_address(self, source: str | None) -> None:
        """The open dialog closed with `source` to open (or nothing)."""
        if not source:
            return
        if source in self.address_history:
            self.address_history.remove(source)
        self.address_history.append(source)
        del self.address_history[:-ADDRESS_HISTORY_LIMIT]
        self.open_source(source)

    def action_open_in_browser(self) -> None:
        """Open the page in the system browser (http and https only)."""
        url = self.reading.page.url or self.reading.article.url if self.reading else None
        if not url:
            self.notify("This page has no web address.", severity="warning", markup=False)
        elif not is_followable(url):
            self.notify(
                f"Not opened in the browser: only http and https pages are, not {shorten(url)}",
                severity="warning",
                markup=False,
            )
        else:
            self._open_external(url)

    def action_bookmark(self) -> None:
        """Bookmark the page (tags and a note), or edit or remove its bookmark."""
        if self.reading is not None:
            self.page_bookmark.edit(self.reading)

    def action_save_linked(self) -> None:
        """Save the stories linked from the page for offline reading (p again cancels)."""
        screen = self.reading_screen
        if screen.saving:
            screen.cancel_save()
        elif self.reading is not None:
            screen.save_linked(self.library, self.reading.article, self.save_limit)

    def on_save_finished(self, message: SaveFinished) -> None:
        """Saving linked stories ended: mark the links as the library knows
        them now, and say what was saved (a report when some failed)."""
        if self.reading is not None:
            screen = self.reading_screen
            for url, state in self.link_states(self.reading.article).items():
                screen.mark_link(url, state)
        summary = message.summary
        if summary is None:
            return
        from reader.ui.saving import summarize

        text = summarize(summary, message.planned)
        if summary.failed:
            from reader.ui.screens.save_report import SaveReportDialog

            self.push_screen(SaveReportDialog(text, summary.failed))
        else:
            self.notify(text, markup=False)

    def action_next_theme(self) -> None:
        """Switch to the next theme (and save the choice)."""
        self.theming.next()

    # The command palette

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """What the palette offers over `screen`: every command of the action
        table that applies there (in the help's order, each with its key),
        and every theme."""
        from reader.ui.keys import keys_by_id

        keys = keys_by_id(self, screen)
        has_page = self.reading is not None
        for action in actions.help_order():
            if not action.is_command or action.id not in keys:
                continue
            if not actions.applies(action.where, screen, has_page=has_page):
                continue
            node = screen if action.on_screen else self
            name, parameters = parse_action(action.action)[1:]
            if action.on_screen:
                applies = screen.check_action(name, parameters)
            else:  # over the screen the palette was opened on, not the palette
                applies = self.applies_on(screen, name, parameters)
            if applies is not True:
                continue
            key = ", ".join(keys[action.id].split())
            help_text = f"{key} · {action.palette_help}" if key else action.palette_help
            run = partial(self.run_action, action.action, node)
            yield SystemCommand(self._palette_title(action, screen), help_text, run)
            if action.id == "next_theme":
                for title, text, use in self.theming.palette_commands():
                    yield SystemCommand(title, text, use)

    def _palette_title(self, action: actions.Action, screen: Screen[Any]) -> str:
        """The palette title of `action`, as things stand."""
        if action.id == "toggle_sidebar" and isinstance(screen, ReadingScreen):
            return "Fold the sidebar" if screen.sidebar_open else "Show the sidebar"
        if action.id == "bookmark_toggle" and self.bookmark is not None:
            return "Edit or remove the bookmark"
        if action.id == "save_linked" and self.saving:
            return "Cancel saving linked stories"
        return action.palette


def _collect_garbage_from_now() -> None:
    """After the first paint: keep what start-up made out of the collector's
    way (gc.freeze) and collect garbage again (the CLI turns it off while
    the app starts)."""
    gc.freeze()
    gc.enable()


def build_app(
    source: str | None,
    *,
    library: LibraryLike,
    config: Config | None = None,
    problems: Sequence[str] = (),
    paths: Paths | None = None,
) -> ReaderApp:
    """The app on `source` with config.toml's settings, the shipped themes and
    the user's (from `paths`, else the library's paths), and the config's
    `problems` to show at start."""
    paths = paths or library.paths
    themes = load_themes(paths.user_themes)
    app = ReaderApp(library, source=source, config=config, themes=themes, paths=paths)
    app.startup_notices[:0] = list(problems)
    return app


def run_app(
    source: str | None,
    *,
    library: LibraryLike,
    config: Config | None = None,
    problems: Sequence[str] = (),
    paths: Paths | None = None,
) -> int:
    """Run the app on `source` (or the start screen); returns the exit status.
    `problems` are the config file's messages, shown once the app is up."""
    app = build_app(source, library=library, config=config, problems=problems, paths=paths)
    app.run()
    return app.return_code or 0
