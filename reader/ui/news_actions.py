"""The news rows of the action table (`reader.ui.actions`): S, R and ] for
the whole app, the keys of the news screen (none of them types text: typing
there filters), and `a` on a sidebar heading."""

from __future__ import annotations

from typing import Final

from reader.ui.action_types import (
    BROWSING,
    LINKS,
    NEWS,
    PAGE,
    SCOPE_APP,
    SCOPE_NEWS,
    SCOPE_SIDEBAR,
    SCREENS,
    Action,
)

#: Rows for the whole app (they come before the news screen's in the help).
NEWS_APP_ACTIONS: Final[tuple[Action, ...]] = (
    Action(
        "news", "S", "show('news')", SCOPE_APP, NEWS,
        "The news: sources and new stories (from a story: its list)", "News",
        palette="News", palette_help="the sources you follow and their new stories",
        where=BROWSING,
    ),
    Action(
        "refresh_sources", "R,ctrl+r", "refresh_sources", SCOPE_APP, NEWS,
        "Refresh the news in the background (again: stop)", "Refresh",
        palette="Refresh the news sources",
        palette_help="new stories, saved in full for offline", where=SCREENS,
    ),
    Action(
        "next_unread", "right_square_bracket", "next_unread", SCOPE_APP, NEWS,
        "Next unread story of the news list", "Next unread",
        key_display="]", palette="Next unread story",
        palette_help="of the news list this story came from", where=PAGE,
    ),
)  # fmt: skip

#: The news screen's keys.
NEWS_SCREEN_ACTIONS: Final[tuple[Action, ...]] = (
    Action(
        "news_toggle_read", "ctrl+u", "toggle_read", SCOPE_NEWS, NEWS,
        "Mark the story read or unread", "Read/unread", show=True, footer=2,
        palette="Mark read or unread", palette_help="the story under the cursor",
    ),
    Action(
        "news_hide_read", "ctrl+o", "hide_read", SCOPE_NEWS, NEWS,
        "Only unread stories, or all of them", "Only unread", show=True, footer=3,
        palette="Hide or show read stories", palette_help="in the list of stories",
    ),
    Action(
        "news_all_read", "ctrl+a", "all_read", SCOPE_NEWS, NEWS,
        "Mark every story of the list read (ctrl+z undoes)", "All read", show=True,
        footer=4, palette="Mark all read", palette_help="every story of the list (ctrl+z undoes)",
    ),
    Action(
        "news_undo", "ctrl+z", "undo", SCOPE_NEWS, NEWS, "Undo marking all read", "Undo",
        show=True, palette="Undo mark all read", palette_help="the stories are unread again",
    ),
    Action(
        "news_filter", "ctrl+l", "filter", SCOPE_NEWS, NEWS,
        "Filter the stories by title (typing goes there too)", "Filter", show=True, footer=5,
        palette="Filter the stories", palette_help="by words of their titles", priority=True,
    ),
    Action(
        "news_next_pane", "tab", "switch_pane", SCOPE_NEWS, NEWS,
        "Move between the sources and the stories", "Switch",
        palette="Sources or stories", palette_help="move between the two lists",
        priority=True,
    ),
    Action(
        "news_previous_pane", "shift+tab", "switch_pane", SCOPE_NEWS, NEWS,
        "Move between the stories and the sources", "Switch",
        palette="Stories or sources", palette_help="move between the two lists",
        priority=True,
    ),
    Action(
        "news_close", "escape", "close", SCOPE_NEWS, NEWS,
        "Clear the filter, or back to reading", "Close", show=True,
        palette="Close the news", palette_help="back to the page you were reading",
    ),
)  # fmt: skip

#: `a` on a heading of the sidebar.
FOLLOW_LIST_ACTIONS: Final[tuple[Action, ...]] = (
    Action(
        "follow_list", "a", "follow_list", SCOPE_SIDEBAR, LINKS,
        "Sidebar: on a list's heading, follow that list as a news source", "Follow list",
    ),
)  # fmt: skip
