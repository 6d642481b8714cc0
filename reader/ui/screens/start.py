"""StartScreen: shown when `reader` runs without a page; how to open one, and
the pages read recently, and the read-later queue's counts ("12 to read · B
opens them"). Once there are recent pages the how-to shrinks to one line, so
that they come first on a small terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.records import RecentPage
from reader.core.sanitize import clean_line
from reader.core.urls import host_of
from reader.ui.formatting import DOT, describe_when
from reader.ui.messages import OpenRequested
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.queue_line import QueueLine

HOW_TO = (
    "Press o and type a web address or the path of an HTML file.\n"
    "From a shell: reader URL, reader FILE, or reader --demo for a sample site.\n"
    "\n"
    "While reading, s shows the page's link lists and tab moves into them; enter "
    "or a link's number follows a link, f labels the links in the text, "
    "backspace goes back and l forward. / finds in the page (n, N).\n"
    "\n"
    "Everything you read is kept: m bookmarks a page, B lists bookmarks, H the "
    "history, ctrl+f searches it all, p saves the linked stories for offline.\n"
    "\n"
    "Follow a site: reader sources add URL; S shows its new stories, R refreshes.\n"
    "\n"
    "? lists every key, ctrl+p finds any action by name, t changes the theme."
)
#: The how-to once there are recent pages to show.
SHORT_HOW_TO = "o opens an address or a file · ? lists every key · ctrl+p any action by name"


def recent_prompt(page: RecentPage, now: datetime | None) -> Content:
    """Two lines for a recent page: its title, then site and when (plain text)."""
    title = clean_line(page.title) or clean_line(page.url)
    details = DOT.join(
        part
        for part in (clean_line(page.site) or host_of(page.url), describe_when(page.opened_at, now))
        if part
    )
    return Content.assemble((title, "bold"), "\n", (details, "$foreground-muted"))


class StartScreen(Screen[None]):
    """The app name, how to open a page, and recent pages (enter opens one)."""

    DEFAULT_CSS = """
    StartScreen {
        align: center top;
        #start-column {
            width: 80;
            max-width: 100%;
            height: 1fr;
            padding: 1 2 0 2;
        }
        #start-name { margin-bottom: 0; }
        #start-tagline {
            color: $text-muted;
            margin-bottom: 1;
        }
        #start-intro { height: auto; margin-bottom: 1; }
        #start-queue { padding: 0; margin: 0; }
        #start-queue.-spaced { margin-top: 1; }
        #start-recent-heading {
            color: $text-muted;
            text-style: bold;
        }
        #start-empty {
            color: $text-muted;
            text-style: italic;
        }
        #start-recent {
            height: 1fr;
            border: none;
            padding: 0;
            background: $background;
            scrollbar-color: $reader-scrollbar;
            &:focus {
                border: none;
                background-tint: $foreground 0%;
            }
            & > .option-list--option { padding: 0 1; }
            & > .option-list--option-highlighted {
                background: $reader-selection-blurred;
                color: $foreground;
                text-style: none;
            }
            &:focus > .option-list--option-highlighted {
                background: $reader-selection;
                color: $foreground;
                text-style: none;
            }
            & > .option-list--option-hover { background: $foreground 5%; }
        }
    }
    """

    def __init__(self, recent: Sequence[RecentPage], now: datetime | None = None) -> None:
        super().__init__()  # no id: the first start screen stays in its own mode
        self.recent = list(recent)
        self.now = now

    def compose(self) -> ComposeResult:
        """Name, how-to, recent pages."""
        with Vertical(id="start-column"):
            yield Static(Content.styled("reader", "bold $text-accent"), id="start-name")
            yield Static(Content("A calm terminal news reader."), id="start-tagline")
            with Vertical(id="start-intro"):  # the queue's line right under the how-to
                yield Static(Content(SHORT_HOW_TO if self.recent else HOW_TO), id="start-howto")
                queue = QueueLine(prefix="Bookmarks: ", id="start-queue")
                yield queue.set_class(not self.recent, "-spaced")
            yield Static(
                Content.assemble("Recent pages", ("  ↑↓ choose · enter opens", "not bold dim")),
                id="start-recent-heading",
            )
            if self.recent:
                yield OptionList(
                    *(Option(recent_prompt(page, self.now)) for page in self.recent),
                    id="start-recent",
                )
            else:
                yield Static(Content("Nothing read yet."), id="start-empty")
        yield ReaderFooter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen page."""
        event.stop()
        self.post_message(OpenRequested(self.recent[event.option_index].url))
