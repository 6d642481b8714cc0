"""The one-line status bar under the article: site, loading state, position."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import LoadingIndicator, Static

from reader.core.sanitize import clean_line
from reader.core.urls import shorten
from reader.ui.formatting import scroll_label


class StatusBar(Horizontal):
    """Shows where the page is from, whether a page is loading, and how far
    down the reader is."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $background;
        color: $text-muted;
        padding: 0 1;
        #status-site { width: 1fr; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        #status-loading {
            width: 4; height: 1; min-height: 1; display: none;
            background: $background; color: $accent;
        }
        #status-position { width: auto; height: 1; padding-left: 2; }
        #status-prompt {
            display: none; width: 1fr; height: 1; text-wrap: nowrap; text-overflow: ellipsis;
            color: $text-accent;
        }
        &.-loading #status-loading { display: block; }
        &.-prompt #status-prompt { display: block; }
        &.-prompt #status-site { display: none; }
    }
    """

    _prompt = ""

    def compose(self) -> ComposeResult:
        """Site, loading indicator, position."""
        yield Static("", id="status-site", markup=False)
        yield Static("", id="status-prompt", markup=False)
        yield LoadingIndicator(id="status-loading")
        yield Static("", id="status-position", markup=False)

    def show_site(self, text: str) -> None:
        """Set the left part: the site of the page, or a short note."""
        self.query_one("#status-site", Static).update(Content(clean_line(text)))

    def show_prompt(self, text: str | None) -> None:
        """Show a question or a pending input in place of the site (None: the site again)."""
        self._prompt = clean_line(text or "")
        self.query_one("#status-prompt", Static).update(Content(clean_line(text or "")))
        self.set_class(bool(text), "-prompt")

    @property
    def prompt(self) -> str:
        """The prompt shown, or ""."""
        return self._prompt

    def show_position(self, fraction: float | None, *, empty: bool = False) -> None:
        """Set the right part: "All", or a percentage."""
        label = "" if empty else scroll_label(fraction)
        self.query_one("#status-position", Static).update(Content(label))

    def show_loading(self, source: str | None, site: str = "", *, indicator: bool = True) -> None:
        """Show "Opening ..." (with an `indicator`), or (source None) the site again."""
        self.set_class(source is not None and indicator, "-loading")
        if source is not None:
            self.show_site(f"Opening {shorten(source, 60)}")
        else:
            self.show_site(site)
