"""The screens the app opens by name: `show('bookmarks')` (B), 'history'
(H), 'search' (ctrl+f), 'help' (?), 'open' (o), 'news' (S), 'start' and
'reading'. A new screen plugs in here and in the action table
(`reader.ui.actions`), not in the app class.

Each opener builds its screen when first asked (their modules are not
imported at start-up) and says what happens when it closes: a library
screen hands back an address to open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.sanitize import clean_line
from reader.ui.actions import LIBRARY_SCREEN, READING_SCREEN, START_SCREEN, is_screen

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.ui.app import ReaderApp

#: Most addresses kept in the open dialog's history.
ADDRESS_HISTORY_LIMIT = 100
#: The app's mode once reading began from the start screen.
READING_MODE = "reading"


def home_relative(path: Path) -> str:
    """`path` as shown: "~/..." under the home folder, cleaned to one line."""
    try:
        shown = "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        shown = str(path)
    return clean_line(shown)


def help_settings(app: ReaderApp) -> list[tuple[str, str]]:
    """Where the settings live, for the help screen."""
    lines = [("theme", f"{app.theme} (t: next, or ctrl+p and type theme)")]
    config_file = app.theming.config_file
    if config_file is not None:
        lines.append(("settings", home_relative(config_file)))
    else:
        lines.append(("settings", "config.toml in your config folder (see the README)"))
    if app.user_themes is not None:
        lines.append(("your themes", home_relative(app.user_themes) + "/*.toml"))
    return lines


def _from_library(app: ReaderApp) -> Callable[[str | None], None]:
    """What happens when a library screen closes, maybe with an address to open."""

    def closed(url: str | None) -> None:
        if url:
            app.open_source(url)
        elif app.reading is not None:
            app.page_bookmark.refresh(app.reading)  # it may have been edited or deleted

    return closed


def show_bookmarks(app: ReaderApp) -> None:
    """The bookmarks (B)."""
    from reader.ui.screens.bookmarks import BookmarksScreen

    screen = BookmarksScreen(app.library, tz=app.timezone)
    app.push_screen(screen, callback=_from_library(app))


def show_history(app: ReaderApp) -> None:
    """The pages read, by day (H)."""
    from reader.ui.screens.visits import HistoryScreen

    screen = HistoryScreen(app.library, now=app.clock(), tz=app.timezone)
    app.push_screen(screen, callback=_from_library(app))


def show_search(app: ReaderApp) -> None:
    """Search everything stored (ctrl+f)."""
    from reader.ui.screens.search import SearchScreen

    app.push_screen(SearchScreen(app.library), callback=_from_library(app))


def show_help(app: ReaderApp) -> None:
    """Every key of the screen on show and of the app (?)."""
    from reader.ui.keys import key_rows
    from reader.ui.screens.help import HelpScreen

    screen = app.screen
    if isinstance(screen, HelpScreen):
        return
    title = "Keys"
    if is_screen(screen, LIBRARY_SCREEN):
        from reader.ui.screens.library_screen import LibraryScreen

        if isinstance(screen, LibraryScreen) and screen.HEADING:
            title = f"Keys · {screen.HEADING}"
    rows = key_rows(app, screen)
    app.push_screen(HelpScreen(rows, title=title, settings=help_settings(app)))


def show_open(app: ReaderApp) -> None:
    """Ask for an address or a file and open it (o), the page's own address
    filled in and selected (typing replaces it). ↑ recalls the pages opened
    before, in this run and earlier ones (the history of the library), and
    what was typed this run (the newest last, at most ADDRESS_HISTORY_LIMIT)."""
    from reader.ui.page_address import page_address
    from reader.ui.screens.open_url import OpenURLDialog

    def opened(source: str | None) -> None:
        if not source:
            return
        history = app.address_history
        if source in history:
            history.remove(source)
        history.append(source)
        del history[:-ADDRESS_HISTORY_LIMIT]
        app.open_source(source)

    suggestions = [page.url for page in app.library.recent(ADDRESS_HISTORY_LIMIT)]
    earlier = list(dict.fromkeys([*reversed(suggestions), *app.address_history]))
    current = page_address(app) if is_screen(app.screen, READING_SCREEN) else None
    dialog = OpenURLDialog(earlier[-ADDRESS_HISTORY_LIMIT:], suggestions, current=current)
    app.push_screen(dialog, callback=opened)


def show_address(app: ReaderApp) -> None:
    """The page's address, whole, to copy or edit (c)."""
    from reader.ui.page_address import show_address as show

    show(app)


def show_news(app: ReaderApp) -> None:
    """The news screen (S): sources, unread counts, new stories."""
    app.news.show()


def first_screen(app: ReaderApp) -> Screen[Any]:
    """The screen `reader` starts on without a page to open: the news when
    any source is followed, else the start screen."""
    if app.news.has_sources():
        return app.news.first_screen()
    from reader.ui.screens.start import StartScreen

    return StartScreen(app.library.recent(), now=app.clock())


def show_start(app: ReaderApp) -> None:
    """The start screen: recent pages, how to open one."""
    from reader.ui.screens.start import StartScreen

    if not isinstance(app.screen, StartScreen):
        app.push_screen(StartScreen(app.library.recent(), now=app.clock()))


def show_reading(app: ReaderApp) -> None:
    """The app started on the start screen (there was no page to open): now
    that it is painted, lay the reading screen out under another start
    screen, so that the first page opened shows at once. It was laid out and
    painted first, then covered, which made starting slower. (Started on
    the news, the reading screen is made when the first story opens.)"""
    if not app.has_reading_screen and is_screen(app.screen, START_SCREEN):
        begin_reading(app, None)
        show_start(app)


def begin_reading(app: ReaderApp, then: Callable[[], None] | None) -> None:
    """Make the reading screen, in a mode of its own (the start screen stays
    in the default mode); `then` runs once it exists."""
    app.add_mode(READING_MODE, lambda: app.new_reading_screen(on_mounted=then))
    app.switch_mode(READING_MODE)


#: Openers by the name `show(...)` takes.
OPENERS: dict[str, Callable[[ReaderApp], None]] = {
    "bookmarks": show_bookmarks,
    "history": show_history,
    "search": show_search,
    "help": show_help,
    "open": show_open,
    "address": show_address,
    "start": show_start,
    "news": show_news,
    "reading": show_reading,
}
