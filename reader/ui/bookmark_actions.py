"""The bookmarks screen's rows of the action table (`reader.ui.actions`): the
read-later queue's keys, and `e` (export the story on screen) for the app.

No key of the bookmarks screen types a character (typing there filters):
the keys that act on the bookmark under the cursor work in the list, as
delete does; ctrl+o (which bookmarks: to read, all, read, archive,
favourites) and ctrl+t (newest or oldest first) work from the box too. They
follow the news screen: ctrl+u marks read or unread, ctrl+o chooses what
the list shows, ctrl+z undoes."""

from __future__ import annotations

from typing import Final

from reader.ui.action_types import LIBRARY, PAGE, SCOPE_APP, SCOPE_BOOKMARKS, Action

#: The bookmarks screen's keys, in the footer's order.
BOOKMARK_SCREEN_ACTIONS: Final[tuple[Action, ...]] = (
    Action(
        "bookmarks_view", "ctrl+o", "next_view", SCOPE_BOOKMARKS, LIBRARY,
        "Which bookmarks: to read, all, read, archive, favourites", "View", show=True,
        footer=2, palette="Next bookmarks view",
        palette_help="to read, all, read, archive, favourites",
    ),
    Action(
        "bookmarks_toggle_read", "ctrl+u", "toggle_read", SCOPE_BOOKMARKS, LIBRARY,
        "Mark the bookmark read or unread (ctrl+z undoes)", "Read/unread", show=True,
        footer=3, palette="Mark the bookmark read or unread",
        palette_help="the one under the cursor (ctrl+z undoes)",
    ),
    Action(
        "bookmarks_archive", "ctrl+a", "archive", SCOPE_BOOKMARKS, LIBRARY,
        "Archive the bookmark, or take it out of the archive (ctrl+z undoes)", "Archive",
        show=True, footer=4, palette="Archive or unarchive the bookmark",
        palette_help="the one under the cursor (ctrl+z undoes)",
    ),
    Action(
        "bookmarks_favourite", "ctrl+s", "favourite", SCOPE_BOOKMARKS, LIBRARY,
        "Star the bookmark as a favourite, or not", "Star", show=True, footer=5,
        palette="Favourite the bookmark or not", palette_help="★ the one under the cursor",
    ),
    Action(
        "bookmarks_order", "ctrl+t", "order", SCOPE_BOOKMARKS, LIBRARY,
        "Newest or oldest first", "Order", show=True, footer=7,
        palette="Newest or oldest bookmarks first", palette_help="the order of the list",
    ),
    Action(
        "bookmarks_delete", "delete", "delete", SCOPE_BOOKMARKS, LIBRARY,
        "Delete the bookmark (ctrl+z undoes)", "Delete", show=True, key_display="del",
        footer=8, palette="Delete the bookmark",
        palette_help="the one under the cursor (ctrl+z undoes)",
    ),
    Action(
        "bookmarks_undo", "ctrl+z", "undo", SCOPE_BOOKMARKS, LIBRARY,
        "Undo the last change (delete, read, archive, star)", "Undo", show=True, footer=6,
        palette="Undo the last bookmark change", palette_help="delete, read, archive or star",
    ),
    Action(
        "bookmarks_edit", "ctrl+e", "edit", SCOPE_BOOKMARKS, LIBRARY, "Edit its tags and note",
        "Edit tags", show=True, footer=9, palette="Edit the bookmark",
        palette_help="tags and note of the one under the cursor",
    ),
)  # fmt: skip

#: The app's key to export the story on screen.
EXPORT_ACTIONS: Final[tuple[Action, ...]] = (
    Action(
        "export_story", "e", "export_story", SCOPE_APP, LIBRARY,
        "Export this story to a Markdown file", "Export",
        palette="Export the story to Markdown",
        palette_help="a .md file in the exports folder", where=PAGE,
    ),
)  # fmt: skip
