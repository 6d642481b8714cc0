"""Style declarations several widgets share, spliced into their DEFAULT_CSS."""

from __future__ import annotations

#: A thin scrollbar on the page's own background that stays out of the way
#: until it is used (the article, the sidebar, result lists, the help).
QUIET_SCROLLBAR = """
    scrollbar-size-vertical: 1;
    scrollbar-background: $background;
    scrollbar-background-hover: $background;
    scrollbar-background-active: $background;
    scrollbar-color: $foreground 15%;
    scrollbar-color-hover: $foreground 30%;
    scrollbar-color-active: $accent;
"""
