"""The one-line status bar under the article: site, the progress of a
refresh of the news, where the copy came from (a badge such as "offline ·
saved 3 days ago"), find-in-page count, bookmark mark, loading state,
position."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import LoadingIndicator, Static

from reader.core.records import Reading
from reader.core.sanitize import clean_line
from reader.core.urls import shorten
from reader.ui.formatting import scroll_label
from reader.ui.widgets.labels import set_label

HINT_PROMPT = "Follow which link? (esc to cancel)"
HINT_PROMPT_BROWSER = "Open which link in the browser? (esc to cancel)"
HINT_PROMPT_IMAGE = "Open which image in the browser? (esc to cancel)"


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
        #status-refresh {
            width: auto; max-width: 60%; height: 1; padding-left: 2; display: none;
            color: $text-accent; text-wrap: nowrap; text-overflow: ellipsis;
        }
        #status-badge, #status-find, #status-mark {
            width: auto; height: 1; padding-left: 2; display: none;
        }
        #status-badge { text-wrap: nowrap; text-overflow: ellipsis; max-width: 40; }
        #status-badge.-offline { color: $text-warning; }
        #status-badge.-updated { color: $text-success; }
        #status-find { color: $text-accent; }
        #status-mark { color: $text-accent; }
        #status-badge.-shown, #status-find.-shown, #status-mark.-shown, #status-refresh.-shown {
            display: block;
        }
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
        yield Static("", id="status-refresh", markup=False)
        yield Static("", id="status-badge", markup=False)
        yield Static("", id="status-find", markup=False)
        yield Static("", id="status-mark", markup=False)
        yield LoadingIndicator(id="status-loading")
        yield Static("", id="status-position", markup=False)

    def show_site(self, text: str) -> None:
        """Set the left part: the site of the page, or a short note."""
        set_label(self.query_one("#status-site", Static), clean_line(text))

    def show_prompt(self, text: str | None) -> None:
        """Show a question or a pending input in place of the site (None: the site again)."""
        self._prompt = clean_line(text or "")
        set_label(self.query_one("#status-prompt", Static), self._prompt)
        self.set_class(bool(text), "-prompt")

    def show_copy(self, reading: Reading, suffix: str = "") -> None:
        """Say where the copy of `reading` on screen came from: the offline
        copy, a saved copy ("saved 3 days ago" and `suffix`), or nothing."""
        notice = clean_line(reading.notice) if reading.notice else ""
        if reading.offline:
            self.show_badge(notice or "offline", kind="offline")
        elif reading.from_store and notice:
            self.show_badge(notice + suffix)
        else:
            self.show_badge(None)

    def show_hint_prompt(self, active: bool, *, images: bool, external: bool) -> None:
        """Say what the link labels on screen are for (`active`), or stop."""
        if not active:
            self.show_prompt(None)
        elif images:
            self.show_prompt(HINT_PROMPT_IMAGE)
        else:
            self.show_prompt(HINT_PROMPT_BROWSER if external else HINT_PROMPT)

    @property
    def prompt(self) -> str:
        """The prompt shown, or ""."""
        return self._prompt

    def _part(self, selector: str, text: str) -> Static:
        part = self.query_one(selector, Static)
        set_label(part, clean_line(text))
        part.set_class(bool(text), "-shown")
        return part

    def show_badge(self, text: str | None, *, kind: str = "") -> None:
        """Say where the copy on screen came from ("saved 3 days ago"); `kind`
        "offline" or "updated" colours it (None: no badge)."""
        badge = self._part("#status-badge", text or "")
        for name in ("offline", "updated"):
            badge.set_class(kind == name, f"-{name}")

    @property
    def badge(self) -> str:
        """The badge text, or ""."""
        return str(self.query_one("#status-badge", Static).content)

    def show_refresh(self, text: str | None) -> None:
        """Show the progress of refreshing the news sources (None: it ended)."""
        self._part("#status-refresh", text or "")

    @property
    def refresh_text(self) -> str:
        """The refresh progress shown, or ""."""
        return str(self.query_one("#status-refresh", Static).content)

    def show_find(self, text: str | None) -> None:
        """Show the find-in-page count ("3/17"), or nothing."""
        self._part("#status-find", text or "")

    @property
    def find_label(self) -> str:
        """The find count shown, or ""."""
        return str(self.query_one("#status-find", Static).content)

    def show_bookmarked(self, bookmarked: bool) -> None:
        """Show the bookmark mark when the page is bookmarked."""
        self._part("#status-mark", "★" if bookmarked else "")

    @property
    def bookmarked(self) -> bool:
        """Whether the bookmark mark is shown."""
        return self.query_one("#status-mark", Static).has_class("-shown")

    def show_position(self, fraction: float | None, *, empty: bool = False) -> None:
        """Set the right part: "All", or a percentage."""
        label = "" if empty else scroll_label(fraction)
        set_label(self.query_one("#status-position", Static), label)

    def show_loading(self, source: str | None, site: str = "", *, indicator: bool = True) -> None:
        """Show "Opening ..." (with an `indicator`), or (source None) the site again."""
        self.set_class(source is not None and indicator, "-loading")
        if source is not None:
            self.show_site(f"Opening {shorten(source, 60)}")
        else:
            self.show_site(site)
