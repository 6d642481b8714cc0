"""Every binding of the app described for people: its group and what it
does, and the keys in effect for it (the user's keymap applied). The help
screen (?) and the command palette are built from this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.actions import parse as parse_action
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import format_key

READING = "Reading"
LINKS = "Links and sidebar"
LIBRARY = "Library"
APP = "App"
#: The groups of the help screen, in order.
GROUPS = (READING, LINKS, LIBRARY, APP)

#: Binding id -> (group, what it does). Every binding of the app has an
#: entry (a test checks it); the order here is the order of the help screen.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    # Reading
    "scroll_down": (READING, "Scroll down a line"),
    "scroll_up": (READING, "Scroll up a line"),
    "page_down": (READING, "Scroll down a page"),
    "page_up": (READING, "Scroll up a page"),
    "scroll_top": (READING, "Go to the top of the article"),
    "scroll_bottom": (READING, "Go to the end of the article"),
    "find_in_page": (READING, "Find in this article"),
    "find_next": (READING, "Next match (after a find)"),
    "find_previous": (READING, "Previous match"),
    "find_cancel": (READING, "Close the find box"),
    "back": (READING, "Back to the previous page"),
    "forward": (READING, "Forward again"),
    "reload": (READING, "Reload the page"),
    "open_image": (READING, "Open an image on screen in the browser"),
    "close_sidebar": (READING, "Close the sidebar, matches or a save"),
    # Links and sidebar
    "toggle_sidebar": (LINKS, "Show or fold the sidebar of link lists"),
    "next_pane": (LINKS, "Move between the article and the sidebar"),
    "previous_pane": (LINKS, "Move between the sidebar and the article"),
    "numbers": (LINKS, "Follow link number N (1 2 quickly: 12)"),
    "hint_links": (LINKS, "Label the links on screen to follow one"),
    "hint_links_browser": (LINKS, "Label the links to open one in the browser"),
    "open_in_browser": (LINKS, "Open this page in the system browser"),
    "sidebar_follow": (LINKS, "Sidebar: follow the link, or fold a group"),
    "sidebar_down": (LINKS, "Sidebar: next link"),
    "sidebar_up": (LINKS, "Sidebar: previous link"),
    "sidebar_first": (LINKS, "Sidebar: first link"),
    "sidebar_last": (LINKS, "Sidebar: last link"),
    "sidebar_page_down": (LINKS, "Sidebar: a page down"),
    "sidebar_page_up": (LINKS, "Sidebar: a page up"),
    "sidebar_toggle_group": (LINKS, "Sidebar: fold or unfold a group"),
    "sidebar_fold": (LINKS, "Sidebar: fold the group"),
    "sidebar_unfold": (LINKS, "Sidebar: unfold the group"),
    # Library
    "bookmark_toggle": (LIBRARY, "Bookmark this page (again: edit, remove)"),
    "bookmarks": (LIBRARY, "Bookmarks"),
    "history": (LIBRARY, "History, by day"),
    "search_library": (LIBRARY, "Search everything saved, as you type"),
    "save_linked": (LIBRARY, "Save the linked stories for offline"),
    "library_close": (LIBRARY, "Close this list"),
    "library_close_q": (LIBRARY, "Close this list"),
    "library_results": (LIBRARY, "From the box into the list"),
    "library_filter": (LIBRARY, "Back to the box"),
    "results_open": (LIBRARY, "Open the page"),
    "results_down": (LIBRARY, "Next"),
    "results_up": (LIBRARY, "Previous (from the top: back to the box)"),
    "results_first": (LIBRARY, "First"),
    "results_last": (LIBRARY, "Last"),
    "results_page_down": (LIBRARY, "A page down"),
    "results_page_up": (LIBRARY, "A page up"),
    "bookmarks_delete": (LIBRARY, "Delete the bookmark"),
    "bookmarks_undo": (LIBRARY, "Undo the delete"),
    "bookmarks_edit": (LIBRARY, "Edit its tags and note"),
    # App
    "open_url": (APP, "Open a web address or a file"),
    "next_theme": (APP, "Next theme (the choice is saved)"),
    "help": (APP, "These keys"),
    "command_palette": (APP, "Command palette: every action, by name"),
    "quit": (APP, "Quit"),
    # Dialogs and this screen
    "help_close": (APP, "Close the keys"),
    "help_down": (APP, "Scroll the keys down"),
    "help_up": (APP, "Scroll the keys up"),
    "help_page_down": (APP, "Scroll the keys a page down"),
    "help_page_up": (APP, "Scroll the keys a page up"),
    "help_top": (APP, "Top of the keys"),
    "help_bottom": (APP, "End of the keys"),
    "cancel_dialog": (APP, "Cancel"),
    "history_previous": (APP, "An earlier address"),
    "history_next": (APP, "A later address"),
    "dismiss_error": (APP, "Close the message"),
    "confirm_yes": (APP, "Yes"),
    "confirm_no": (APP, "No"),
    "bookmark_cancel": (APP, "Cancel"),
    "bookmark_remove": (APP, "Remove the bookmark"),
    "save_report_close": (APP, "Close the report"),
}

#: The link-number bindings, shown as one row ("numbers").
NUMBER_IDS = tuple(f"number_{digit}" for digit in "1234567890")

#: Keys spelled out rather than drawn as symbols.
_SPELLED = {"enter": "enter", "backspace": "backspace", "escape": "esc", "tab": "tab"}


def known_binding_ids() -> set[str]:
    """The id of every binding the reader's screens and widgets define."""
    ids: set[str] = set()
    classes: list[type[DOMNode]] = [DOMNode]
    seen: set[type[DOMNode]] = set()
    while classes:
        for subclass in classes.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                classes.append(subclass)
    for cls in seen:
        if not cls.__module__.startswith("reader."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def key_label(key: str) -> str:
    """How a key is written for people: "j", "↓", "ctrl+f", "pgdn", "esc"."""
    *modifiers, name = key.split("+")
    label = _SPELLED.get(name) or format_key(name)
    return "+".join([*modifiers, label])


@dataclass(frozen=True)
class KeyRow:
    """One line of the help: the keys of a binding and what it does."""

    binding_id: str
    group: str
    keys: tuple[str, ...]
    description: str
    available: bool = True
    """Whether it does something on the screen underneath right now."""

    @property
    def keys_text(self) -> str:
        """The keys, as shown: "j  ↓"."""
        return "  ".join(self.keys)


def _bindings_of(node: DOMNode, keymap: dict[str, str]) -> BindingsMap:
    """The node's bindings with the user's keymap applied."""
    bindings: BindingsMap = node._bindings.copy()
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def _available(node: DOMNode, binding: Binding) -> bool:
    """Whether `node` would run the binding's action now."""
    try:
        _destination, name, parameters = parse_action(binding.action)
        return node.check_action(name, parameters) is True
    except Exception:  # a check that fails must not break the help
        return True


def collect_bindings(app: App[Any], nodes: Iterable[DOMNode]) -> dict[str, list[tuple[str, bool]]]:
    """Binding id -> [(key, available)] over `nodes`, keymap applied, in order."""
    keymap: dict[str, str] = dict(app._keymap)
    found: dict[str, list[tuple[str, bool]]] = {}
    for node in nodes:
        for key, binding in _bindings_of(node, keymap):
            if binding.id is None or binding.system:
                continue
            keys = found.setdefault(binding.id, [])
            if all(existing != key for existing, _ in keys):
                keys.append((key, _available(node, binding)))
    return found


def binding_nodes(app: App[Any], screen: DOMNode) -> list[DOMNode]:
    """The screen, every widget on it (and those it mounts when wanted, such
    as the find box), and the app."""
    latent = getattr(screen, "latent_widgets", None)
    later: list[DOMNode] = list(latent()) if callable(latent) else []
    return [*screen.walk_children(with_self=True), *later, app]


def key_rows(app: App[Any], screen: DOMNode) -> list[KeyRow]:
    """The help for `screen` and the app, grouped and in the help's order."""
    found = collect_bindings(app, binding_nodes(app, screen))
    rows: list[KeyRow] = []
    numbers = [pair for binding_id in NUMBER_IDS[:-1] for pair in found.pop(binding_id, [])]
    found.pop(NUMBER_IDS[-1], None)
    for binding_id, (group, text) in DESCRIPTIONS.items():
        if binding_id == "numbers":
            pairs = numbers
            keys = [key for key, _ in pairs]
            labels = ("1-9",) if keys == list("123456789") else tuple(map(key_label, keys))
        else:
            pairs = found.pop(binding_id, [])
            labels = tuple(key_label(key) for key, _ in pairs)
        if pairs:
            rows.append(KeyRow(binding_id, group, labels, text, any(ok for _, ok in pairs)))
    for binding_id, pairs in found.items():  # bindings without a description
        labels = tuple(key_label(key) for key, _ in pairs)
        rows.append(KeyRow(binding_id, APP, labels, binding_id.replace("_", " ").capitalize()))
    return rows


def keys_by_id(app: App[Any], screen: DOMNode) -> dict[str, str]:
    """Binding id -> the keys for it, as shown ("B", "j  ↓"), for `screen` and the app."""
    return {row.binding_id: row.keys_text for row in key_rows(app, screen)}
