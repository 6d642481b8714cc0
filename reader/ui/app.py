"""ReaderApp: the Textual application, and `run_app` used by the CLI.

Loading runs in an exclusive async worker (`Library.open` itself runs
extraction in a thread), which posts PageLoaded / PageFailed; the handlers
here own the state: the current reading and the back/forward history, where
every page keeps the place the reader left it. A page read before comes
from the library at once and is then revalidated in the background
(PageRevalidated); where reading stopped is saved to the library when
scrolling stops and when leaving a page, and restored when it is opened
again. Bookmarks, history and search (`library_actions`) are screens of
their own; saving the linked stories (`save_actions`) runs in a worker with
a progress panel. Themes (`theme_actions`), the keys (?) and the command
palette (`help_actions`) come from their own modules too; config.toml's
settings arrive as a `Config` (see `run_app`).
Importing this module stays cheap: the library and its network stack are
passed in, never imported here.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import ModalScreen
from textual.timer import Timer

from reader.config import Config
from reader.core.errors import ReaderError
from reader.core.models import Bookmark
from reader.core.paths import Paths
from reader.core.sanitize import clean_line
from reader.core.settings import Settings
from reader.core.urls import comparable, is_followable, shorten
from reader.ui.app_base import HELP_SCREEN, LIBRARY_SCREEN, START_SCREEN, is_screen
from reader.ui.browser import open_in_browser
from reader.ui.formatting import not_followed_message
from reader.ui.help_actions import HelpActions
from reader.ui.history import History, PageState
from reader.ui.library_actions import LibraryActions
from reader.ui.messages import FollowLink, OpenRequested, PageFailed, PageLoaded, PageRevalidated
from reader.ui.positions import is_top, position_from_dict, position_key, position_to_dict
from reader.ui.protocols import LibraryLike, ReadingLike, RecentLike
from reader.ui.save_actions import SaveActions
from reader.ui.screens.reading import ReadingScreen
from reader.ui.themes import ThemeSet, load_themes
from reader.ui.widgets.article_view import ArticleView, ReadingPosition

#: Most addresses kept in the open dialog's history.
ADDRESS_HISTORY_LIMIT = 100
#: Save the reading position this long after scrolling stops (seconds).
POSITION_SAVE_DELAY = 1.0

UPDATED_NOTICE = "Updated: the page changed since it was saved."
RESTORED_NOTICE = "Back where you stopped reading · g goes to the top"

#: Actions that work on the page on screen.
PAGE_ACTIONS = frozenset(
    {"open_in_browser", "reload", "history_back", "history_forward", "bookmark", "save_linked"}
)
#: Actions that open a screen of the library.
LIBRARY_ACTIONS = frozenset({"bookmarks", "history_screen", "search"})


def _reader_commands() -> type[Provider]:
    """The palette's provider, loaded when the palette first opens."""
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(LibraryActions, SaveActions, HelpActions):
    """The terminal news reader."""

    CSS_PATH = "app.tcss"
    TITLE = "reader"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_reader_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("backspace,h", "history_back", "Back", key_display="⌫", id="back"),
        Binding("l", "history_forward", "Forward", show=False, id="forward"),
        Binding("m", "bookmark", "Bookmark", id="bookmark_toggle"),
        Binding("B", "bookmarks", "Bookmarks", id="bookmarks"),
        Binding("ctrl+f", "search", "Search", id="search_library"),
        Binding("H", "history_screen", "History", id="history"),
        Binding("p", "save_linked", "Save links", id="save_linked"),
        Binding("o", "open_address", "Open", id="open_url"),
        Binding("O", "open_in_browser", "Browser", id="open_in_browser"),
        Binding("r", "reload", "Reload", id="reload"),
        Binding("t", "next_theme", "Theme", id="next_theme"),
        Binding("question_mark", "help", "Keys", key_display="?", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            show=False,
            priority=True,
            tooltip="Every action, by name",
            id="command_palette",
        ),
    ]

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
        super().__init__()
        config = config or Config()
        self.config = config
        self.library = library
        self.initial_source = source
        self.measure = measure if measure is not None else config.measure
        self.config_file: Path | None = paths.config_file if paths is not None else None
        self.user_themes: Path | None = paths.user_themes if paths is not None else None
        self.reading: ReadingLike | None = None
        """The page on screen."""
        self.history = History()
        """Pages read, for back and forward, each with the reader's place."""
        self.visited: set[str] = set()
        """Pages opened this session (as `comparable` URLs): their links are marked read."""
        self.address_history: list[str] = []
        """What was typed in the open dialog this session, oldest first."""
        self.open_external: Callable[[str], bool] = self._open_with_system_browser
        """Opens a URL in the system browser; tests replace it."""
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        """The current time, for "5 min ago"; tests fix it."""
        self.timezone: tzinfo | None = None
        """Where days begin for the history and dates (None: local time); tests fix it."""
        self.loading_source: str | None = None
        self.bookmark: Bookmark | None = None
        """The bookmark of the page on screen, if it is bookmarked."""
        self.saving: asyncio.Event | None = None
        """Set to cancel the save of linked stories under way (None: none is)."""
        settings = getattr(library, "settings", None)
        self.save_limit = (
            settings if isinstance(settings, Settings) else Settings()
        ).save.max_pages
        """Most stories one `p` saves (config.toml `[save] max_pages`)."""
        self._ticket = 0
        self._history_target: int | None = None
        self._reloading = False
        self._position_timer: Timer | None = None
        self._saved_position: tuple[str, ReadingPosition] | None = None
        self.startup_notices: list[str] = []
        """Messages to show once the app is up (config problems, library notices)."""
        self.startup_notices += self.setup_themes(themes or load_themes(None), config.theme)
        self.startup_notices += self.setup_keymap(config.keys)

    def setup_keymap(self, keys: Mapping[str, str]) -> list[str]:
        """Apply config.toml's [keys] (binding id -> keys); returns a message
        for each id that no binding has."""
        if not keys:
            return []
        from reader.ui.keys import known_binding_ids

        known = known_binding_ids()
        unknown = [binding_id for binding_id in keys if binding_id not in known]
        self.set_keymap({k: v for k, v in keys.items() if k in known})
        return [
            f"config.toml: keys.{binding_id}: no binding has this id (? lists the keys; "
            "the README lists the ids); ignored."
            for binding_id in unknown
        ]

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
        for notice in [*self.startup_notices, *getattr(self.library, "notices", [])]:
            self.notify(notice, severity="warning", markup=False, timeout=12)
        if self.initial_source:
            self.open_source(self.initial_source)
        elif self.reading is None:
            self.show_start()

    async def on_unmount(self) -> None:
        """Save a theme change still pending; release the library's network resources."""
        if self._position_timer is not None:
            self._position_timer.stop()
        pending = self.pending_theme_save()
        if pending is not None:
            await asyncio.to_thread(self.write_theme_setting, pending)
        with suppress(Exception):  # closing must not turn a clean exit into a crash
            await self.library.close()

    # Opening pages

    def recent_pages(self) -> list[RecentLike]:
        """Recently opened pages; empty when the library cannot tell."""
        try:
            return list(self.library.recent())
        except Exception:
            return []

    def show_start(self) -> None:
        """Show the start screen (recent pages, how to open one)."""
        from reader.ui.screens.start import StartScreen

        if not isinstance(self.screen, StartScreen):
            self.push_screen(StartScreen(self.recent_pages(), now=self.clock()))

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
        if is_screen(self.screen, START_SCREEN):
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
        try:
            reading = self.library.open_stored(source)
        except Exception:
            return False
        if reading is None:
            return False
        bookmark, stored = self._page_extras(reading, want_position=True)
        restored = stored is not None and not is_top(stored)
        state = PageState(position=stored) if restored and stored is not None else None
        self._ticket += 1
        self._present(self._ticket, reading, state, bookmark, restored=restored)
        self._record_visit(reading)
        return True

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """After the first paint: load the extractor and network stack while
        the reader reads, not when they open the next page."""
        with suppress(Exception):
            self.library.warm_up()

    @work(thread=True, exit_on_error=False)
    def _record_visit(self, reading: ReadingLike) -> None:
        """Add a page shown with `_open_stored` to the history (a write, so
        off the UI thread; a failing library only loses the entry)."""
        with suppress(Exception):
            self.library.record_visit(reading)

    @work(exclusive=True, group="load", exit_on_error=False)
    async def _load(
        self, ticket: int, source: str, state: PageState | None, reload: bool = False
    ) -> None:
        """Open `source` with the library; every failure becomes a PageFailed.
        A page opened afresh goes back to where reading stopped last time."""
        try:
            reading = await self.library.open(source, refresh=reload)
        except ReaderError as exc:
            self.post_message(PageFailed(ticket, source, str(exc)))
            return
        except Exception as exc:
            detail = clean_line(str(exc)) or type(exc).__name__
            message = f"Unexpected error while opening {shorten(source)}: {shorten(detail, 300)}"
            self.post_message(PageFailed(ticket, source, message))
            return
        bookmark, stored = await asyncio.to_thread(self._page_extras, reading, state is None)
        restored = stored is not None and not is_top(stored)
        if restored and stored is not None:
            state = PageState(position=stored)
        self.post_message(PageLoaded(ticket, reading, state, bookmark=bookmark, restored=restored))

    def _page_extras(
        self, reading: ReadingLike, want_position: bool
    ) -> tuple[Bookmark | None, ReadingPosition | None]:
        """The page's bookmark and (`want_position`) where reading stopped
        (runs in a thread; a failing library only loses these extras)."""
        bookmark = None
        position = None
        with suppress(Exception):
            bookmark = self._find_bookmark(reading)
        if want_position:
            with suppress(Exception):
                key = position_key(reading.source, reading.page)
                position = position_from_dict(self.library.position(key))
        return bookmark, position

    def on_page_loaded(self, message: PageLoaded) -> None:
        """Show the page that arrived (unless a newer load superseded it)."""
        if message.ticket != self._ticket:
            return
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
        reading: ReadingLike,
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
        self.bookmark = bookmark
        self._saved_position = None
        for url in (reading.source, reading.page.url, reading.article.url):
            if url and is_followable(url):
                self.visited.add(comparable(url))
        screen.show_reading(reading, state, self.link_states(reading.article))
        self._show_badge(reading)
        screen.status_bar.show_bookmarked(self.bookmark is not None)
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

    def _show_badge(self, reading: ReadingLike, suffix: str = "") -> None:
        """Say where the copy on screen came from, in the status bar."""
        status = self.reading_screen.status_bar
        notice = clean_line(reading.notice) if reading.notice else ""
        if reading.offline:
            status.show_badge(notice or "offline", kind="offline")
        elif reading.from_store and notice:
            status.show_badge(notice + suffix)
        else:
            status.show_badge(None)

    # Revalidation

    @work(exclusive=True, group="revalidate", exit_on_error=False)
    async def _revalidate(self, ticket: int, reading: ReadingLike) -> None:
        """Ask the server whether the stored copy on screen changed."""
        try:
            fresh = await self.library.revalidate(reading)
        except Exception:
            fresh = None  # a check that fails changes nothing
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
        if fresh.offline:  # the server could not be reached: same article, offline badge
            self.reading = fresh
            self._show_badge(fresh)
            return
        self.reading = fresh
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

    @work(thread=True, group="position", exit_on_error=False)
    def _write_position(self, key: str, position: ReadingPosition, fraction: float | None) -> None:
        with suppress(Exception):  # a lost position must not disturb reading
            self.library.save_position(key, position_to_dict(position), fraction)

    async def action_quit(self) -> None:
        """Save where reading stopped, then quit."""
        current = self._current_position()
        if current is not None and self._saved_position != current[:2]:
            key, position, fraction = current
            with suppress(Exception):
                await asyncio.to_thread(
                    self.library.save_position, key, position_to_dict(position), fraction
                )
        self.exit()

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

    def on_open_requested(self, message: OpenRequested) -> None:
        """A screen asked to open a source."""
        self.open_source(message.source)

    def on_follow_link(self, message: FollowLink) -> None:
        """Follow a link of the page: http and https only, anything else is refused."""
        url = message.url
        if not is_followable(url):
            self.notify(not_followed_message(url), severity="warning", markup=False)
            return
        if message.external:
            self._open_external(url)
        else:
            self.open_source(url)

    # History

    def _history_base(self) -> int:
        """The history entry the next back/forward step starts from: the one
        being loaded, if a step is under way, else the one on screen."""
        if self.loading_source is not None and self._history_target is not None:
            return self._history_target
        return self.history.index

    def _step(self, step: int) -> None:
        index = self._history_base() + step
        entry = self.history.entry_at(index)
        if entry is None:
            where = "back" if step < 0 else "forward"
            self.notify(f"Nothing to go {where} to.", markup=False, timeout=2)
            return
        self.open_source(entry.source, state=entry.state, history_index=index)

    def action_history_back(self) -> None:
        """Go back to the previous page, where you left it."""
        self._step(-1)

    def action_history_forward(self) -> None:
        """Go forward again."""
        self._step(1)

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Page actions only apply on the reading screen, to a page; library
        screens open from the reading and start screens."""
        if action in PAGE_ACTIONS:
            if not isinstance(self.screen, ReadingScreen):
                return False
            if action == "save_linked" and self.saving is not None:
                return True
            return None if self.reading is None else True
        if action in LIBRARY_ACTIONS:
            return not isinstance(self.screen, ModalScreen) and not is_screen(
                self.screen, LIBRARY_SCREEN
            )
        if action == "open_address":
            return not isinstance(self.screen, ModalScreen) and not is_screen(
                self.screen, LIBRARY_SCREEN
            )
        if action == "help":
            return not isinstance(self.screen, ModalScreen) and not is_screen(
                self.screen, HELP_SCREEN
            )
        return True

    def action_open_address(self) -> None:
        """Ask for an address and open it."""
        suggestions = [page.url for page in self.recent_pages()]
        from reader.ui.screens.open_url import OpenURLDialog

        dialog = OpenURLDialog(self.address_history, suggestions)
        self.push_screen(dialog, callback=self._opened_address)

    def _opened_address(self, source: str | None) -> None:
        if not source:
            return
        if source in self.address_history:
            self.address_history.remove(source)
        self.address_history.append(source)
        del self.address_history[:-ADDRESS_HISTORY_LIMIT]
        self.open_source(source)

    def page_url(self) -> str | None:
        """The address of the page on screen (after redirects)."""
        if self.reading is None:
            return None
        return self.reading.page.url or self.reading.article.url

    def action_open_in_browser(self) -> None:
        """Open the page in the system browser (http and https only)."""
        url = self.page_url()
        if not url:
            self.notify("This page has no web address.", severity="warning", markup=False)
            return
        if not is_followable(url):
            self.notify(
                f"Not opened in the browser: only http and https pages are, not {shorten(url)}",
                severity="warning",
                markup=False,
            )
            return
        self._open_external(url)

    def _open_external(self, url: str) -> None:
        """Open an http(s) `url` in the system browser and say so."""
        if self.open_external(url):
            self.notify(f"Opened in the browser: {shorten(url)}", markup=False)
        else:
            self.notify("No system browser could be started.", severity="warning", markup=False)

    def _open_with_system_browser(self, url: str) -> bool:
        return open_in_browser(url, self.suspend)

    def action_reload(self) -> None:
        """Load the page again, keeping the reading position."""
        if self.reading is None:
            return
        state = self.reading_screen.capture_state()
        self.open_source(self.reading.source, state=state, reload=True)


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
    if paths is None:
        found = getattr(library, "paths", None)
        paths = found if isinstance(found, Paths) else None
    themes = load_themes(paths.user_themes if paths is not None else None)
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
