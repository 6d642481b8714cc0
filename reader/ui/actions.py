"""The action table: every key of the reader once, with its binding id (what
users remap under `[keys]` in config.toml), default keys, the widget or
screen that binds it, its footer label and rank, its line in the `?` help,
its command palette entry and where it applies.

Every class's `BINDINGS` (`bindings_for`), the help (`reader.ui.keys`), the
palette (`ReaderApp.get_system_commands`) and the footer's ranking
(`footer_rank`) are built from this table, so a key is added or changed in
one place. The order of the table is the order of the help within each
group, and of the bindings within each scope (the footer shows its hints in
binding order); the palette lists its commands in the help's order.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Final

from textual.binding import BindingType
from textual.screen import ModalScreen

from reader.ui.action_types import (
    ANYWHERE,
    APP,
    BROWSING,
    GROUPS,
    HELP_SCREEN,
    LIBRARY,
    LIBRARY_SCREEN,
    LINKS,
    NEWS,
    NEWS_SCREEN,
    NOT_COMMANDS,
    PAGE,
    READING,
    READING_SCREEN,
    SCOPE_ADDRESS,
    SCOPE_APP,
    SCOPE_ARTICLE,
    SCOPE_BOOKMARK_DIALOG,
    SCOPE_BOOKMARKS,
    SCOPE_CONFIRM,
    SCOPE_DIALOG,
    SCOPE_ERROR,
    SCOPE_FIND,
    SCOPE_HELP,
    SCOPE_LIBRARY,
    SCOPE_NEWS,
    SCOPE_OPEN,
    SCOPE_READING,
    SCOPE_RESULTS,
    SCOPE_SAVE_REPORT,
    SCOPE_SIDEBAR,
    SCREENS,
    START_SCREEN,
    Action,
)
from reader.ui.bookmark_actions import BOOKMARK_SCREEN_ACTIONS, EXPORT_ACTIONS
from reader.ui.news_actions import FOLLOW_LIST_ACTIONS, NEWS_APP_ACTIONS, NEWS_SCREEN_ACTIONS

__all__ = [
    "ACTIONS",
    "ANYWHERE",
    "APP",
    "BROWSING",
    "BY_ID",
    "GROUPS",
    "HELP_SCREEN",
    "LIBRARY",
    "LIBRARY_SCREEN",
    "LINKS",
    "NEWS",
    "NEWS_SCREEN",
    "NOT_COMMANDS",
    "NUMBER_IDS",
    "PAGE",
    "READING",
    "READING_SCREEN",
    "SCOPE_ADDRESS",
    "SCOPE_APP",
    "SCOPE_ARTICLE",
    "SCOPE_BOOKMARKS",
    "SCOPE_BOOKMARK_DIALOG",
    "SCOPE_CONFIRM",
    "SCOPE_DIALOG",
    "SCOPE_ERROR",
    "SCOPE_FIND",
    "SCOPE_HELP",
    "SCOPE_LIBRARY",
    "SCOPE_NEWS",
    "SCOPE_OPEN",
    "SCOPE_READING",
    "SCOPE_RESULTS",
    "SCOPE_SAVE_REPORT",
    "SCOPE_SIDEBAR",
    "SCREENS",
    "START_SCREEN",
    "Action",
    "app_applies",
    "applies",
    "bindings_for",
    "footer_rank",
    "for_call",
    "help_order",
    "is_screen",
    "keymap_of",
]  # fmt: skip


def _numbers() -> tuple[Action, ...]:
    """1-9 and 0 (0 only after a digit): one help row, "numbers"."""
    return tuple(
        Action(
            f"number_{digit}",
            digit,
            f"number('{digit}')",
            SCOPE_READING,
            LINKS,
            "Follow link number N (1 2 quickly: 12)" if digit == "1" else "",
            f"Link {digit}",
            command=False,
        )
        for digit in "1234567890"
    )


ACTIONS: Final[tuple[Action, ...]] = (
    # Reading: the article view
    Action(
        "scroll_down", "j,down", "line_down", SCOPE_ARTICLE, READING, "Scroll down a line", "Down"
    ),
    Action("scroll_up", "k,up", "line_up", SCOPE_ARTICLE, READING, "Scroll up a line", "Up"),
    Action(
        "page_down", "space,pagedown", "page_down", SCOPE_ARTICLE, READING, "Scroll down a page",
        "Page down",
    ),
    Action("page_up", "b,pageup", "page_up", SCOPE_ARTICLE, READING, "Scroll up a page", "Page up"),
    Action(
        "scroll_top", "g,home", "top", SCOPE_ARTICLE, READING, "Go to the top of the article", "Top"
    ),
    Action(
        "scroll_bottom", "G,end", "bottom", SCOPE_ARTICLE, READING,
        "Go to the end of the article", "Bottom",
    ),
    # Links and sidebar: the reading screen
    Action(
        "toggle_sidebar", "s", "toggle_sidebar", SCOPE_READING, LINKS,
        "Show or fold the sidebar of link lists", "Sidebar", show=True, footer=2,
        palette="Toggle the sidebar", palette_help="the page's link lists", where=PAGE,
    ),
    Action(
        "next_pane", "tab", "switch_pane", SCOPE_READING, LINKS,
        "Move between the article and the sidebar", "Switch pane", command=False,
    ),
    Action(
        "previous_pane", "shift+tab", "switch_pane", SCOPE_READING, LINKS,
        "Move between the sidebar and the article", "Switch pane", command=False,
    ),
    *_numbers(),
    Action(
        "hint_links", "f", "hint_links", SCOPE_READING, LINKS,
        "Label the links on screen to follow one", "Links", show=True, footer=3,
        palette="Follow a link by its label", palette_help="label the links on screen",
        where=PAGE,
    ),
    Action(
        "hint_links_browser", "F", "hint_links(True)", SCOPE_READING, LINKS,
        "Label the links to open one in the browser", "Link in browser",
        palette="Open a link in the browser by its label",
        palette_help="label the links; the one chosen opens in your browser", where=PAGE,
    ),
    # Reading: find in page
    Action(
        "find_in_page", "slash", "find", SCOPE_READING, READING, "Find in this article", "Find",
        show=True, key_display="/", footer=4, palette="Find in page",
        palette_help="words in this article", where=PAGE,
    ),
    Action(
        "find_next", "n", "find_step(1)", SCOPE_READING, READING, "Next match (after a find)",
        "Next match", show=True, footer=5, palette="Next match",
        palette_help="after a find", where=PAGE,
    ),
    Action(
        "find_previous", "N", "find_step(-1)", SCOPE_READING, READING, "Previous match",
        "Previous match", palette="Previous match", palette_help="after a find", where=PAGE,
    ),
    Action("find_cancel", "escape", "cancel", SCOPE_FIND, READING, "Close the find box", "Clear",
           show=True),
    # Reading: pages (the app owns the history)
    Action(
        "back", "backspace,h", "history_step(-1)", SCOPE_APP, READING, "Back to the previous page",
        "Back", show=True, key_display="⌫", footer=6, palette="Back",
        palette_help="the previous page, where you left it", where=PAGE,
    ),
    Action(
        "forward", "l", "history_step(1)", SCOPE_APP, READING, "Forward again", "Forward",
        palette="Forward", palette_help="the next page again", where=PAGE,
    ),
    # Library
    Action(
        "bookmark_toggle", "m", "bookmark", SCOPE_APP, LIBRARY,
        "Bookmark this page (again: edit, remove)", "Bookmark", show=True, footer=7,
        palette="Bookmark this page", palette_help="tags and a note", where=PAGE,
    ),
    Action(
        "bookmarks", "B", "show('bookmarks')", SCOPE_APP, LIBRARY,
        "Bookmarks: the queue to read later", "Bookmarks", show=True, footer=8,
        palette="Bookmarks", palette_help="the queue to read later: filter, open, mark, archive",
        where=BROWSING,
    ),
    Action(
        "search_library", "ctrl+f", "show('search')", SCOPE_APP, LIBRARY,
        "Search everything saved, as you type", "Search", show=True, footer=9,
        palette="Search the library", palette_help="everything you read or bookmarked",
        where=BROWSING,
    ),
    Action(
        "history", "H", "show('history')", SCOPE_APP, LIBRARY, "History, by day", "History",
        show=True, footer=10, palette="History", palette_help="the pages you read, by day",
        where=BROWSING,
    ),
    Action(
        "save_linked", "p", "save_linked", SCOPE_APP, LIBRARY,
        "Save the linked stories for offline", "Save links", show=True, footer=11,
        palette="Save linked stories for offline",
        palette_help="the stories this page links to, kept for reading offline", where=PAGE,
    ),
    *EXPORT_ACTIONS,
    # App: opening
    Action(
        "open_url", "o", "show('open')", SCOPE_APP, APP, "Open a web address or a file", "Open",
        show=True, footer=13, palette="Open a URL or file",
        palette_help="a web address or a path", where=BROWSING,
    ),
    Action(
        "show_address", "c", "show('address')", SCOPE_APP, LINKS,
        "This page's address, whole (to copy or edit)", "Address",
        palette="Show the page's address", palette_help="the whole address, to copy or edit",
        where=PAGE,
    ),
    Action(
        "copy_address", "y", "copy_address", SCOPE_APP, LINKS,
        "Copy this page's address to the clipboard", "Copy address",
        palette="Copy the page's address", palette_help="to the system clipboard",
        where=PAGE,
    ),
    Action(
        "open_in_browser", "O", "open_in_browser", SCOPE_APP, LINKS,
        "Open this page in the system browser", "Browser", show=True, footer=15,
        palette="Open in the system browser", palette_help="this page, in your browser",
        where=PAGE,
    ),
    Action(
        "reload", "r", "reload", SCOPE_APP, READING, "Reload the page", "Reload", show=True,
        footer=14, palette="Reload", palette_help="fetch this page again", where=PAGE,
    ),
    # Reading screen: images, escape
    Action(
        "open_image", "i", "open_image", SCOPE_READING, READING,
        "Open an image on screen in the browser", "Image",
        palette="Open an image in the browser",
        palette_help="an [image: …] line on screen, in your browser", where=PAGE,
    ),
    Action(
        "close_sidebar", "escape", "escape", SCOPE_READING, READING,
        "Close the sidebar, matches or a save", "Close", command=False,
    ),
    # Links and sidebar: the sidebar's list
    Action("sidebar_follow", "enter", "select", SCOPE_SIDEBAR, LINKS,
           "Sidebar: follow the link, or fold a group (marks: ✓ read, ● saved for offline)",
           "Follow", show=True),
    Action("sidebar_down", "j,down", "cursor_down", SCOPE_SIDEBAR, LINKS, "Sidebar: next link",
           "Down"),
    Action("sidebar_up", "k,up", "cursor_up", SCOPE_SIDEBAR, LINKS, "Sidebar: previous link",
           "Up"),
    Action("sidebar_first", "g,home", "first", SCOPE_SIDEBAR, LINKS, "Sidebar: first link",
           "First"),
    Action("sidebar_last", "G,end", "last", SCOPE_SIDEBAR, LINKS, "Sidebar: last link", "Last"),
    Action("sidebar_page_down", "pagedown", "page_down", SCOPE_SIDEBAR, LINKS,
           "Sidebar: a page down", "Page down"),
    Action("sidebar_page_up", "pageup", "page_up", SCOPE_SIDEBAR, LINKS, "Sidebar: a page up",
           "Page up"),
    Action("sidebar_toggle_group", "space", "toggle_group", SCOPE_SIDEBAR, LINKS,
           "Sidebar: fold or unfold a group", "Fold"),
    Action("sidebar_fold", "left", "fold", SCOPE_SIDEBAR, LINKS, "Sidebar: fold the group",
           "Fold"),
    Action("sidebar_unfold", "right", "unfold", SCOPE_SIDEBAR, LINKS,
           "Sidebar: unfold the group", "Unfold"),
    *FOLLOW_LIST_ACTIONS,
    # Library: the list screens
    Action("library_close", "escape", "close", SCOPE_LIBRARY, LIBRARY,
           "Clear the box, or close this list (typing always goes to the box)", "Close",
           show=True, footer=11),
    Action("library_results", "down", "focus_results", SCOPE_LIBRARY, LIBRARY,
           "From the box into the list", "Results", show=True, key_display="↓", priority=True),
    Action("library_next_field", "tab", "switch_field", SCOPE_LIBRARY, LIBRARY,
           "Between the box and the list", "Switch", priority=True),
    Action("library_previous_field", "shift+tab", "switch_field", SCOPE_LIBRARY, LIBRARY,
           "Between the list and the box", "Switch", priority=True),
    Action("results_open", "enter", "select", SCOPE_RESULTS, LIBRARY, "Open the page", "Open",
           show=True, footer=10),
    Action("results_down", "down", "cursor_down", SCOPE_RESULTS, LIBRARY, "Next", "Down"),
    Action("results_up", "up", "up", SCOPE_RESULTS, LIBRARY,
           "Previous (from the top: back to the box)", "Up"),
    Action("results_first", "home", "first", SCOPE_RESULTS, LIBRARY, "First", "First"),
    Action("results_last", "end", "last", SCOPE_RESULTS, LIBRARY, "Last", "Last"),
    Action("results_page_down", "pagedown", "page_down", SCOPE_RESULTS, LIBRARY,
           "A page down", "Page down"),
    Action("results_page_up", "pageup", "page_up", SCOPE_RESULTS, LIBRARY, "A page up",
           "Page up"),
    *BOOKMARK_SCREEN_ACTIONS,
    # News
    *NEWS_APP_ACTIONS,
    *NEWS_SCREEN_ACTIONS,
    # App
    Action(
        "next_theme", "t", "next_theme", SCOPE_APP, APP, "Next theme (the choice is saved)",
        "Theme", show=True, footer=16, palette="Next theme", palette_help="the choice is saved",
        where=SCREENS,
    ),
    Action(
        "help", "question_mark,f1", "show('help')", SCOPE_APP, APP, "These keys", "Keys", show=True,
        footer=1, palette="Keys and help",
        palette_help="every key of this screen", where=SCREENS,
    ),
    Action(
        "command_palette", "ctrl+p", "command_palette", SCOPE_APP, APP,
        "Command palette: every action, by name", "palette", priority=True,
        tooltip="Every action, by name", command=False,
    ),
    Action(
        "quit", "q,ctrl+q", "quit", SCOPE_APP, APP, "Quit", "Quit", show=True, footer=12,
        palette="Quit", palette_help="leave reader",
    ),
    # App: the keys screen
    Action("help_close", "escape,question_mark,q", "close", SCOPE_HELP, APP, "Close the keys",
           "Close", show=True),
    Action("help_down", "j,down", "scroll_lines(1)", SCOPE_HELP, APP, "Scroll the keys down",
           "Down"),
    Action("help_up", "k,up", "scroll_lines(-1)", SCOPE_HELP, APP, "Scroll the keys up", "Up"),
    Action("help_page_down", "space,pagedown", "page(1)", SCOPE_HELP, APP,
           "Scroll the keys a page down", "Page down"),
    Action("help_page_up", "b,pageup", "page(-1)", SCOPE_HELP, APP, "Scroll the keys a page up",
           "Page up"),
    Action("help_top", "g,home", "top", SCOPE_HELP, APP, "Top of the keys", "Top"),
    Action("help_bottom", "G,end", "bottom", SCOPE_HELP, APP, "End of the keys", "Bottom"),
    # App: dialogs
    Action("cancel_dialog", "escape", "cancel", SCOPE_OPEN, APP, "Cancel", "Cancel", show=True),
    Action("history_previous", "up", "history(-1)", SCOPE_OPEN, APP, "An earlier address",
           "Previous"),
    Action("history_next", "down", "history(1)", SCOPE_OPEN, APP, "A later address", "Next"),
    Action("dismiss_error", "escape,enter", "dismiss_error", SCOPE_ERROR, APP,
           "Close the message", "Close", show=True),
    Action("confirm_yes", "enter,y", "answer(True)", SCOPE_CONFIRM, APP, "Yes", "Yes", show=True),
    Action("confirm_no", "escape,n", "answer(False)", SCOPE_CONFIRM, APP, "No", "No", show=True),
    Action("bookmark_cancel", "escape", "cancel", SCOPE_BOOKMARK_DIALOG, APP, "Cancel", "Cancel",
           show=True),
    Action("bookmark_remove", "ctrl+d", "remove", SCOPE_BOOKMARK_DIALOG, APP,
           "Remove the bookmark", "Remove bookmark", show=True, priority=True),
    Action("save_report_close", "escape,enter", "close", SCOPE_SAVE_REPORT, APP,
           "Close the report", "Close", show=True),
    Action("address_copy", "y", "choose('copy')", SCOPE_ADDRESS, APP, "Copy the address",
           "Copy", show=True),
    Action("address_edit", "o", "choose('edit')", SCOPE_ADDRESS, APP,
           "Open another address (this one filled in)", "Edit", show=True),
    Action("address_close", "escape,enter", "choose(None)", SCOPE_ADDRESS, APP, "Close",
           "Close", show=True),
    Action("dialog_next_field", "tab", "next_field(1)", SCOPE_DIALOG, APP, "Next field",
           "Next field", priority=True),
    Action("dialog_previous_field", "shift+tab", "next_field(-1)", SCOPE_DIALOG, APP,
           "Previous field", "Previous field", priority=True),
)  # fmt: skip

#: Actions by binding id.
BY_ID: Final[dict[str, Action]] = {action.id: action for action in ACTIONS}
#: The link-number bindings, shown as one row of the help ("numbers").
NUMBER_IDS: Final = tuple(f"number_{digit}" for digit in "1234567890")


def bindings_for(scope: str) -> list[BindingType]:
    """The BINDINGS of the class that binds `scope`, in the table's order."""
    return [action.binding() for action in ACTIONS if action.scope == scope]


def footer_rank(binding_id: str | None) -> int | None:
    """The footer rank of a binding (1 first), or None when it has none."""
    action = BY_ID.get(binding_id or "")
    return action.footer if action is not None else None


def help_order() -> list[Action]:
    """The actions in the help's order: by group, the table's order within."""
    rank = {group: index for index, group in enumerate(GROUPS)}
    return sorted(ACTIONS, key=lambda action: rank[action.group])


def is_screen(screen: object, kind: tuple[str, str]) -> bool:
    """isinstance(screen, module.Class) for `kind` = (module, class name),
    without importing the module to ask."""
    module, name = kind
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(screen, cls)


def for_call(scope: str, action: str, parameters: tuple[object, ...]) -> Action | None:
    """The table's action of `scope` that a call of `action(*parameters)` is."""
    call = f"{action}({', '.join(map(repr, parameters))})" if parameters else action
    return _BY_CALL.get((scope, call))


_BY_CALL: Final = {(action.scope, action.action): action for action in ACTIONS}


def app_applies(
    screen: object, action: str, parameters: tuple[object, ...], has_page: bool, saving: bool
) -> bool | None:
    """Whether the app's `action(*parameters)` applies over `screen` (None:
    it would, but there is no page yet); p applies while saving (it cancels)."""
    found = for_call(SCOPE_APP, action, parameters)
    if found is None:
        return True
    if found.id == "save_linked" and saving:
        return True
    return applies(found.where, screen, has_page=has_page)


def applies(where: str, screen: object, *, has_page: bool) -> bool | None:
    """Whether an action that applies `where` does on `screen` (None: it
    would on this screen, but there is no page yet: shown dimmed)."""
    if where == ANYWHERE:
        return True
    if where == PAGE:
        if not is_screen(screen, READING_SCREEN):
            return False
        return True if has_page else None
    if isinstance(screen, ModalScreen) or is_screen(screen, HELP_SCREEN):
        return False
    if where == BROWSING:
        return not is_screen(screen, LIBRARY_SCREEN)
    return True


def keymap_of(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """config.toml's [keys] (binding id -> keys) as a Textual keymap, and a
    message for each id that no binding has."""
    keymap = {binding_id: value for binding_id, value in keys.items() if binding_id in BY_ID}
    problems = [
        f"config.toml: keys.{binding_id}: no binding has this id (? lists the keys; "
        "the README lists the ids); ignored."
        for binding_id in keys
        if binding_id not in BY_ID
    ]
    return keymap, problems
