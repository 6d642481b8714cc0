"""Sidebar: the page's link sections (a LinkList) and, under it, the full
address of the link under the cursor."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reader.config import SIDEBAR_MODES
from reader.core.sanitize import clean_line
from reader.core.urls import is_followable, scheme_of
from reader.ui.section_links import LinkGroup, NumberedLink
from reader.ui.widgets.link_list import LinkList
from reader.ui.widgets.styles import QUIET_SCROLLBAR

EMPTY_HINT = "f labels the links in the article text."

#: Below this many columns the sidebar starts folded and opens over the article.
SIDEBAR_BREAKPOINT = 100
#: Default (least) width of the sidebar beside the article.
SIDEBAR_WIDTH = 36
#: The sidebar beside the article grows up to this share of the terminal.
SIDEBAR_SHARE = 3
#: Least width of the sidebar over the article (narrow terminals).
OVERLAY_WIDTH = 44
#: Columns kept for the article when the sidebar is "shown".
MIN_ARTICLE = 40


__all__ = ["SIDEBAR_MODES", "Sidebar", "sidebar_placement"]


def sidebar_placement(columns: int, mode: str, width: int, *, article: int = 0) -> tuple[bool, int]:
    """(over the article, its width) for a terminal `columns` wide, the
    sidebar `mode` (config.toml `sidebar`: "auto", "shown" or "hidden") and
    its least `width` beside the article (config.toml `sidebar_width`).

    Beside the article the sidebar takes the columns the article cannot use
    (`article`: what its text column at the chosen measure needs, margins
    and scrollbar included), up to a third of the terminal and never less
    than `width`: wide terminals get headlines on one or two lines instead
    of blank columns, and the text keeps its measure."""
    breakpoint = width + MIN_ARTICLE if mode == "shown" else SIDEBAR_BREAKPOINT
    narrow = columns < breakpoint
    if narrow:
        return narrow, max(OVERLAY_WIDTH, width)
    spare = columns - article if article > 0 else 0
    return narrow, max(width, min(columns // SIDEBAR_SHARE, spare))


def address_line(url: str) -> Content:
    """The address of a link as shown under the list (plain text, sanitized)."""
    url = clean_line(url)
    if is_followable(url):
        return Content(url)
    scheme = scheme_of(url)
    reason = f"not followed ({scheme}: link)" if scheme else "not followed (not a web address)"
    return Content.assemble((reason, "$text-warning"), "\n", url)


class Sidebar(Vertical):
    """The link sections of the page on screen."""

    DEFAULT_CSS = (
        """
    Sidebar {
        height: 1fr;
        & > LinkList {
            height: 1fr;
            border: none;
            padding: 0;
            background: transparent;
    """
        + QUIET_SCROLLBAR
        + """
            &:focus { border: none; background-tint: $foreground 0%; }
            & > .option-list--option { padding: 0 1; }
            & > .option-list--option-disabled { color: $text-muted; }
            & > .option-list--option-highlighted {
                background: $foreground 6%; color: $foreground; text-style: none;
            }
            &:focus > .option-list--option-highlighted {
                background: $accent 25%; color: $foreground; text-style: none;
            }
            & > .option-list--option-hover { background: $foreground 4%; }
        }
        & > #sidebar-address {
            height: auto;
            max-height: 6;
            padding: 0 1;
            margin-top: 1;
            color: $text-muted;
        }
    }
    """
    )

    def compose(self) -> ComposeResult:
        """The list and the address line."""
        yield LinkList(id="sidebar-links")
        yield Static("", id="sidebar-address", markup=False)

    @property
    def links(self) -> LinkList:
        """The list of links."""
        return self.query_one("#sidebar-links", LinkList)

    @property
    def address(self) -> Static:
        """The line under the list."""
        return self.query_one("#sidebar-address", Static)

    def show_groups(
        self,
        groups: Sequence[LinkGroup],
        states: Mapping[str, str],
        *,
        folded: Collection[int] = (),
        link: int | None = None,
    ) -> None:
        """Show the link groups of a page (see LinkList.show_groups)."""
        self.links.show_groups(groups, states, folded=folded, link=link)

    def on_link_list_cursor_moved(self, message: LinkList.CursorMoved) -> None:
        """Show the address of the link under the cursor."""
        if message.link is not None:
            line = address_line(message.link.url)
            also = self._also_in(message.links, message.link)
            self.address.update(Content.assemble(line, "\n", also) if also else line)
        elif message.group is not None:
            count = message.group.story_count
            noun = "link" if count == 1 else "links"
            folded = message.group.index in message.links.folded
            action = "enter opens" if folded else "enter folds"
            follow = " · a follows the list" if message.group.heading else ""
            self.address.update(Content(f"{count} {noun} · {action}{follow}"))
        elif not message.links.groups:
            self.address.update(Content(EMPTY_HINT))
        else:
            self.address.update(Content(""))

    @staticmethod
    def _also_in(links: LinkList, link: NumberedLink) -> str:
        """ "also in …": the other lists that have the story of `link`."""
        others: list[str] = []
        for item in links.listings(link.number):
            title = links.groups[item.group].title
            if item.group != link.group and title not in others:
                others.append(title)
        return f"also in {', '.join(others)}" if others else ""
