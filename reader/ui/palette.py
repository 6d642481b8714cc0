"""The command palette's entries: every action, with the binding whose key
it shows and where it applies. Loaded when the palette first opens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PaletteEntry:
    """A palette command: its title, the binding whose key it shows, what it
    does, the action it runs (on the screen, or the app), and where it applies
    ("reading": a page on screen; "browsing": not in a list, dialog or help)."""

    title: str
    binding_id: str
    text: str
    action: str
    on_screen: bool = False
    where: str = "always"


PALETTE: tuple[PaletteEntry, ...] = (
    PaletteEntry(
        "Open a URL or file",
        "open_url",
        "a web address or a path",
        "open_address",
        where="browsing",
    ),
    PaletteEntry(
        "Back", "back", "the previous page, where you left it", "history_back", where="reading"
    ),
    PaletteEntry("Forward", "forward", "the next page again", "history_forward", where="reading"),
    PaletteEntry("Reload", "reload", "fetch this page again", "reload", where="reading"),
    PaletteEntry("Find in page", "find_in_page", "words in this article", "find", True, "reading"),
    PaletteEntry(
        "Toggle the sidebar",
        "toggle_sidebar",
        "the page's link lists",
        "toggle_sidebar",
        True,
        "reading",
    ),
    PaletteEntry(
        "Follow a link by its label",
        "hint_links",
        "label the links on screen",
        "hint_links",
        True,
        "reading",
    ),
    PaletteEntry(
        "Open in the system browser",
        "open_in_browser",
        "this page, in your browser",
        "open_in_browser",
        where="reading",
    ),
    PaletteEntry(
        "Open a link in the browser by its label",
        "hint_links_browser",
        "label the links; the one chosen opens in your browser",
        "hint_links(True)",
        True,
        "reading",
    ),
    PaletteEntry(
        "Open an image in the browser",
        "open_image",
        "an [image: …] line on screen, in your browser",
        "open_image",
        True,
        "reading",
    ),
    PaletteEntry(
        "Bookmark this page", "bookmark_toggle", "tags and a note", "bookmark", where="reading"
    ),
    PaletteEntry(
        "Save linked stories for offline",
        "save_linked",
        "the stories this page links to, kept for reading offline",
        "save_linked",
        where="reading",
    ),
    PaletteEntry(
        "Bookmarks",
        "bookmarks",
        "filter, open, edit or delete bookmarks",
        "bookmarks",
        where="browsing",
    ),
    PaletteEntry(
        "History", "history", "the pages you read, by day", "history_screen", where="browsing"
    ),
    PaletteEntry(
        "Search the library",
        "search_library",
        "everything you read or bookmarked",
        "search",
        where="browsing",
    ),
    PaletteEntry("Next theme", "next_theme", "the choice is saved", "next_theme"),
    PaletteEntry("Keys and help", "help", "every key of this screen", "help"),
    PaletteEntry("Quit", "quit", "leave reader", "quit"),
)


def with_key(keys: dict[str, str], entry: PaletteEntry) -> str:
    """The help line of an entry: its key, then what it does."""
    key = ", ".join(keys.get(entry.binding_id, "").split())
    return f"{key} · {entry.text}" if key else entry.text
