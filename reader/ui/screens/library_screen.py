"""LibraryScreen: what the bookmarks, history and search screens share: a
heading, a box to type in, a list of results under it, and a line for empty
states. Whatever is typed goes to the box, wherever the keyboard is (a
letter is never a command here: `reader.ui.typing`); ↓ into the list, ↑
from its top or tab back to the box, enter opens; escape clears the box,
then closes. The screen dismisses with the address to open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from reader.ui.actions import SCOPE_LIBRARY, bindings_for
from reader.ui.failures import forward_failure
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.result_list import ResultList

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike


class LibraryScreen(Screen[str | None]):
    """A heading, an input, a result list; subclasses fill the list."""

    DEFAULT_CSS = """
    LibraryScreen {
        align: center top;
        .library-column {
            width: 100;
            max-width: 100%;
            height: 1fr;
            padding: 1 2 0 2;
        }
        .library-heading {
            text-style: bold;
            color: $text-accent;
            margin-bottom: 1;
            padding: 0 1;
        }
        .library-input {
            border: none;
            height: 1;
            padding: 0 1;
            margin-bottom: 1;
            background: $foreground 8%;
            &:focus {
                border: none;
                background: $foreground 12%;
            }
        }
        .library-status {
            display: none;
            color: $text-muted;
            padding: 0 1;
            margin-bottom: 1;
        }
        .library-status.-shown { display: block; }
        .library-results {
            scrollbar-color: $reader-scrollbar;
            & > .option-list--option-highlighted { background: $reader-selection-blurred; }
            &:focus > .option-list--option-highlighted { background: $reader-selection; }
        }
    }
    """

    HEADING = ""
    PLACEHOLDER = ""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_LIBRARY)

    def __init__(self, library: LibraryLike, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.urls: list[str | None] = []
        """The address of each option of the list (None for headings)."""
        self._typing: Timer | None = None

    def compose(self) -> ComposeResult:
        """Heading, input, list, empty-state line, footer."""
        with Vertical(classes="library-column"):
            yield Static(Content(self.HEADING), classes="library-heading")
            # Typing adds to the filter (reader.ui.typing): never select it all.
            yield Input(
                placeholder=self.PLACEHOLDER, classes="library-input", select_on_focus=False
            )
            yield Static("", classes="library-status", markup=False)
            yield ResultList(classes="library-results")
        yield ReaderFooter()

    @property
    def input(self) -> Input:
        """The box to type in."""
        return self.query_one(".library-input", Input)

    @property
    def results(self) -> ResultList:
        """The list of results."""
        return self.query_one(".library-results", ResultList)

    def typing_box(self) -> Input:
        """Where typed text goes (`reader.ui.typing`)."""
        return self.input

    def on_mount(self) -> None:
        """Start in the box."""
        self.input.focus()

    def after_typing(self, delay: float, then: Callable[[], object] | None) -> None:
        """Run `then` once typing in the box pauses for `delay` seconds (each
        key starts the wait again); None only stops the wait."""
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(delay, then) if then is not None else None

    def show_heading(self, heading: Content) -> None:
        """Replace the heading (plain `Content`: counts, the view shown)."""
        static = self.query_one(".library-heading", Static)
        if static.content != heading:  # an update lays the whole screen out again
            static.update(heading)

    def show_status(self, text: str) -> None:
        """Say something above the list (an empty state, a count); "" hides it."""
        status = self.query_one(".library-status", Static)
        if str(status.content) != text:  # an update lays the whole screen out again
            status.update(Content(text))
        status.set_class(bool(text), "-shown")

    @property
    def status_text(self) -> str:
        """The status line, or ""."""
        status = self.query_one(".library-status", Static)
        return str(status.content) if status.has_class("-shown") else ""

    def show_options(
        self,
        options: Sequence[tuple[Option, str | None]],
        *,
        keep: str | None = None,
        divided: bool = False,
    ) -> None:
        """Replace the list; the cursor goes to the option for `keep` (an
        address), else the first one that can be opened. `divided` draws a
        faint rule between options."""
        results = self.results
        self.urls = [url for _, url in options]
        shown: list[Option | None] = []
        for index, (option, _) in enumerate(options):
            if divided and index:
                shown.append(None)
            shown.append(option)
        results.set_options(shown)
        target = None
        if keep is not None and keep in self.urls:
            target = self.urls.index(keep)
        if target is None:
            target = next((i for i, url in enumerate(self.urls) if url is not None), None)
        results.highlighted = target
        results.display = bool(options)

    def add_options(
        self, options: Sequence[tuple[Option, str | None]], *, divided: bool = False
    ) -> None:
        """Add options at the end (loading more), keeping the cursor;
        `divided` as for `show_options`."""
        shown: list[Option | None] = []
        for option, _ in options:
            if divided and (self.urls or shown):
                shown.append(None)
            shown.append(option)
        self.urls.extend(url for _, url in options)
        self.results.add_options(shown)
        self.results.display = bool(self.urls)

    @property
    def highlighted_url(self) -> str | None:
        """The address under the cursor."""
        index = self.results.highlighted
        if index is None or not 0 <= index < len(self.urls):
            return None
        return self.urls[index]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the box opens the highlighted result."""
        event.stop()
        self.open_highlighted()

    def on_option_list_option_selected(self, event: ResultList.OptionSelected) -> None:
        """Enter on a result opens it."""
        event.stop()
        self.open_highlighted()

    def open_highlighted(self) -> None:
        """Close the screen, asking the app to open the highlighted result."""
        url = self.highlighted_url
        if url is not None:
            self.dismiss(url)

    def on_result_list_left_top(self, message: ResultList.LeftTop) -> None:
        """↑ from the first result goes back to the box."""
        message.stop()
        self.set_focus(self.input)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The keys shown depend on what has the keyboard."""
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """↓ only leaves the box; tab only when there is a list to go to."""
        if action == "focus_results":
            return self.input.has_focus and self.results.option_count > 0
        if action == "switch_field":
            return self.results.option_count > 0 or not self.input.has_focus
        return True

    def action_focus_results(self) -> None:
        """Move the keyboard into the list (at once: keys typed right after
        ↓ are judged in the list)."""
        if self.results.option_count:
            self.set_focus(self.results)

    def action_switch_field(self) -> None:
        """Tab: between the box and the list, at once."""
        if self.input.has_focus:
            self.action_focus_results()
        else:
            self.set_focus(self.input)

    def action_close(self) -> None:
        """Escape: clear the box, else back to reading."""
        if self.input.value:
            self.input.value = ""
            self.set_focus(self.input)
        else:
            self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure of a list's worker goes to the app's one handler."""
        forward_failure(self, event)
