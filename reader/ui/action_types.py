"""The shapes of the action table (`reader.ui.actions`): help groups, the
scopes that bind keys, where an action applies, and the `Action` row itself.
Kept apart so that tables of rows (`reader.ui.news_actions`) can be written
in modules of their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from textual.binding import Binding

# Help groups, in the help's order.
READING: Final = "Reading"
LINKS: Final = "Links and sidebar"
LIBRARY: Final = "Library"
APP: Final = "App"
NEWS: Final = "News"
GROUPS: Final = (READING, LINKS, NEWS, LIBRARY, APP)

# Scopes: which class binds an action (its BINDINGS come from this table).
SCOPE_APP: Final = "app"
SCOPE_READING: Final = "reading screen"
SCOPE_ARTICLE: Final = "article view"
SCOPE_FIND: Final = "find box"
SCOPE_SIDEBAR: Final = "sidebar links"
SCOPE_LIBRARY: Final = "library screens"
SCOPE_RESULTS: Final = "library results"
SCOPE_BOOKMARKS: Final = "bookmarks screen"
SCOPE_HELP: Final = "help screen"
SCOPE_OPEN: Final = "open dialog"
SCOPE_ERROR: Final = "error dialog"
SCOPE_CONFIRM: Final = "confirm dialog"
SCOPE_BOOKMARK_DIALOG: Final = "bookmark dialog"
SCOPE_SAVE_REPORT: Final = "save report"
SCOPE_ADDRESS: Final = "address dialog"
SCOPE_DIALOG: Final = "dialogs"
SCOPE_NEWS: Final = "news screen"
#: Scopes whose keys move within a widget or answer a dialog: they are not
#: commands, so they have no palette entry (every other action has one).
NOT_COMMANDS: Final = frozenset(
    {
        SCOPE_ARTICLE,
        SCOPE_FIND,
        SCOPE_SIDEBAR,
        SCOPE_LIBRARY,
        SCOPE_RESULTS,
        SCOPE_HELP,
        SCOPE_OPEN,
        SCOPE_ERROR,
        SCOPE_CONFIRM,
        SCOPE_BOOKMARK_DIALOG,
        SCOPE_SAVE_REPORT,
        SCOPE_ADDRESS,
        SCOPE_DIALOG,
    }
)

# Where an action applies (the app's check_action and the palette use this).
PAGE: Final = "page"
"""On the reading screen, with a page on it (dimmed while none is)."""
BROWSING: Final = "browsing"
"""On a full screen that is not a list of the library or the keys."""
SCREENS: Final = "screens"
"""On any full screen but the keys."""
ANYWHERE: Final = "anywhere"

#: Our screens by kind: (module, class). Asked without importing the module
#: (a screen whose class was never imported cannot be on show).
HELP_SCREEN: Final = ("reader.ui.screens.help", "HelpScreen")
LIBRARY_SCREEN: Final = ("reader.ui.screens.library_screen", "LibraryScreen")
START_SCREEN: Final = ("reader.ui.screens.start", "StartScreen")
READING_SCREEN: Final = ("reader.ui.screens.reading", "ReadingScreen")
NEWS_SCREEN: Final = ("reader.ui.screens.news", "NewsScreen")


@dataclass(eq=False)
class Action:
    """One action: a key binding and everything said about it. (Not frozen
    nor compared: the table is a constant, and every generated method costs
    start-up time.)"""

    id: str
    """The binding id: what users remap in config.toml ("toggle_sidebar")."""
    keys: str
    """The default keys, comma-separated in Textual's names ("j,down")."""
    action: str
    """The Textual action it runs, on its scope ("find_step(1)")."""
    scope: str
    """Which widget, screen or the app binds it."""
    group: str
    """Its group in the help."""
    help: str
    """What it does, for the help ("" for link numbers after the first: one row)."""
    label: str = ""
    """Its short name in the footer."""
    show: bool = False
    """Shown in the footer."""
    key_display: str | None = None
    priority: bool = False
    """Checked before the focused widget's own keys."""
    footer: int | None = None
    """Rank in the footer when not all hints fit (1 first); None: after the ranked."""
    palette: str = ""
    """Its title in the command palette (plain text, no square brackets)."""
    palette_help: str = ""
    """What the palette says after its key."""
    where: str = ANYWHERE
    """Where it applies: PAGE, BROWSING, SCREENS or ANYWHERE."""
    tooltip: str = ""
    command: bool | None = None
    """Whether it is a command (has a palette entry); None: unless its scope
    is one of NOT_COMMANDS. Keys that move within a widget or answer a
    dialog are not commands."""

    def binding(self) -> Binding:
        """The Textual binding."""
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.tooltip,
            id=self.id,
        )

    @property
    def is_command(self) -> bool:
        """Whether the palette offers it (see `command`)."""
        return self.command if self.command is not None else self.scope not in NOT_COMMANDS

    @property
    def on_screen(self) -> bool:
        """Whether the palette runs it on the screen (else on the app)."""
        return self.scope != SCOPE_APP
