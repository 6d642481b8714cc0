"""ReaderApp: the Textual application, and `run_app` used by the CLI.

Loading runs in an exclusive async worker (`Library.open` itself runs
extraction in a thread), which posts PageLoaded / PageFailed; the handlers
here own the state: the current reading and the back/forward history, where
every page keeps the place the reader left it.
Importing this module stays cheap: the library and its network stack are
passed in, never imported here.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from reader.core.errors import ReaderError
from reader.core.models import Article
from reader.core.sanitize import clean_line
from reader.core.urls import comparable, is_followable, shorten
from reader.ui.browser import open_in_browser
from reader.ui.formatting import not_followed_message
from reader.ui.history import History, PageState
from reader.ui.messages import FollowLink, OpenRequested, PageFailed, PageLoaded
from reader.ui.protocols import LibraryLike, LinkStatesLike, ReadingLike, RecentLike
from reader.ui.screens.error import ErrorDialog
from reader.ui.screens.open_url import OpenURLDialog
from reader.ui.screens.reading import ReadingScreen
from reader.ui.screens.start import StartScreen
from reader.ui.widgets.article_view import DEFAULT_MEASURE

#: Most addresses kept in the open dialog's history.
ADDRESS_HISTORY_LIMIT = 100


class ReaderApp(App[int]):
    """The terminal news reader."""

    CSS_PATH = "app.tcss"
    TITLE = "reader"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("backspace,h", "history_back", "Back", key_display="⌫", id="back"),
        Binding("l", "history_forward", "Forward", show=False, id="forward"),
        Binding("o", "open_address", "Open", id="open_url"),
        Binding("O", "open_in_browser", "Browser", id="open_in_browser"),
        Binding("r", "reload", "Reload", id="reload"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        library: LibraryLike,
        source: str | None = None,
        measure: int = DEFAULT_MEASURE,
    ) -> None:
        super().__init__()
        self.library = library
        self.initial_source = source
        self.measure = measure
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
        self.loading_source: str | None = None
        self._ticket = 0
        self._history_target: int | None = None
        self._reloading = False

    def get_default_screen(self) -> ReadingScreen:
        """The reading screen is the bottom of the stack."""
        return ReadingScreen(measure=self.measure)

    @property
    def reading_screen(self) -> ReadingScreen:
        """The reading screen (always at the bottom of the screen stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        return screen

    def on_ready(self) -> None:
        """Open the source given on the command line, or show the start screen."""
        if self.initial_source:
            self.open_source(self.initial_source)
        else:
            self.show_start()

    async def on_unmount(self) -> None:
        """Release the library's network resources."""
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
        if isinstance(self.screen, StartScreen):
            self.pop_screen()
        self._ticket += 1
        self._history_target = history_index
        self._reloading = reload
        self.loading_source = source
        self.reading_screen.show_loading(source)
        self._load(self._ticket, source, state)

    @work(exclusive=True, group="load", exit_on_error=False)
    async def _load(self, ticket: int, source: str, state: PageState | None) -> None:
        """Open `source` with the library; every failure becomes a PageFailed."""
        try:
            reading = await self.library.open(source)
        except ReaderError as exc:
            self.post_message(PageFailed(ticket, source, str(exc)))
        except Exception as exc:
            detail = clean_line(str(exc)) or type(exc).__name__
            message = f"Unexpected error while opening {shorten(source)}: {shorten(detail, 300)}"
            self.post_message(PageFailed(ticket, source, message))
        else:
            self.post_message(PageLoaded(ticket, reading, state))

    def on_page_loaded(self, message: PageLoaded) -> None:
        """Show the page that arrived (unless a newer load superseded it)."""
        if message.ticket != self._ticket:
            return
        self.loading_source = None
        reading = message.reading
        screen = self.reading_screen
        if self.reading is not None:
            self.history.remember(screen.capture_state())
        if self._history_target is not None:
            self.history.go(self._history_target)
        elif not self._reloading or self.history.current is None:
            self.history.visit(reading.source)
        self._history_target = None
        self._reloading = False
        self.reading = reading
        for url in (reading.source, reading.page.url, reading.article.url):
            if url and is_followable(url):
                self.visited.add(comparable(url))
        screen.show_reading(reading, message.state, self.link_states(reading.article))
        self.refresh_bindings()
        if reading.notice:
            self.notify(clean_line(reading.notice), markup=False)

    def link_states(self, article: Article) -> dict[str, str]:
        """ "read" or "saved" for the section links of `article`, by URL: what
        the library knows, and the pages opened this session."""
        urls = [link.url for section in article.sections for link in section.links]
        states: dict[str, str] = {}
        if urls and isinstance(self.library, LinkStatesLike):
            try:
                known = self.library.link_states(urls)
                states = {url: str(known[url]) for url in urls if url in known}
            except Exception:
                states = {}  # marks are a convenience; a failing store must not stop reading
        for url in urls:
            if url not in states and comparable(url) in self.visited:
                states[url] = "read"
        return states

    def on_page_failed(self, message: PageFailed) -> None:
        """Say what went wrong; the app keeps working."""
        if message.ticket != self._ticket:
            return
        self.loading_source = None
        self.reading_screen.show_loading(None)
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
        """Page actions only apply on the reading screen, to a page."""
        if action in ("open_in_browser", "reload", "history_back", "history_forward"):
            if isinstance(self.screen, ModalScreen | StartScreen):
                return False
            return None if self.reading is None else True
        return not (action == "open_address" and isinstance(self.screen, ModalScreen))

    def action_open_address(self) -> None:
        """Ask for an address and open it."""
        suggestions = [page.url for page in self.recent_pages()]
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


def run_app(source: str | None, *, library: LibraryLike, measure: int = DEFAULT_MEASURE) -> int:
    """Run the app on `source` (or the start screen); returns the exit status."""
    app = ReaderApp(library, source=source, measure=measure)
    app.run()
    return app.return_code or 0
