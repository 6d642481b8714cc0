"""ResultList: the list under a filter or search box (bookmarks, history,
search results). An OptionList with reader keys; ↑ on the first item hands
the keyboard back to the box above; scrolling near the end says so (NearEnd)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.message import Message
from textual.widgets import OptionList

from reader.ui.actions import SCOPE_RESULTS, bindings_for
from reader.ui.widgets.styles import QUIET_SCROLLBAR


class ResultList(OptionList, inherit_bindings=False):
    """A list of results; enter chooses one."""

    DEFAULT_CSS = (
        """
    ResultList {
        height: 1fr;
        border: none;
        padding: 0;
        background: $background;
    """
        + QUIET_SCROLLBAR
        + """
        &:focus { border: none; background-tint: $foreground 0%; }
        & > .option-list--option { padding: 0 1; }
        & > .option-list--separator { color: $foreground 7%; }
        & > .option-list--option-disabled { color: $text-muted; }
        & > .option-list--option-highlighted {
            background: $foreground 8%; color: $foreground; text-style: none;
        }
        &:focus > .option-list--option-highlighted {
            background: $accent 20%; color: $foreground; text-style: none;
        }
        & > .option-list--option-hover { background: $foreground 5%; }
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_RESULTS)

    class ListMessage(Message):
        """Something happened to the list (`control` is the list)."""

        def __init__(self, results: ResultList) -> None:
            super().__init__()
            self.results = results

        @property
        def control(self) -> ResultList:
            """The list."""
            return self.results

    class LeftTop(ListMessage):
        """↑ on the first item: the box above may take the keyboard."""

    class NearEnd(ListMessage):
        """Scrolled to within a screen of the end: a list loaded a page at a
        time may load the next one."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolling (wheel, keys, the cursor) near the end says so."""
        super().watch_scroll_y(old_value, new_value)
        if new_value > old_value and new_value >= self.max_scroll_y - self.size.height:
            self.post_message(self.NearEnd(self))

    def action_up(self) -> None:
        """Move up, or leave the list from its first item."""
        first = next(
            (
                index
                for index in range(self.option_count)
                if not self.get_option_at_index(index).disabled
            ),
            None,
        )
        if self.highlighted is None or self.highlighted == first:
            self.post_message(self.LeftTop(self))
        else:
            self.action_cursor_up()
