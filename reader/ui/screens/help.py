"""HelpScreen (?): every key of the screen underneath and of the app, grouped
("Reading", "Links and sidebar", "Library", "App"), with the user's keymap
applied, and where the settings live. Keys that do nothing right now (a
next match before any find) are dimmed. Scrolls at 80x24; two columns on
wide terminals. Escape, ? or q closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.ui.actions import GROUPS, SCOPE_HELP, bindings_for
from reader.ui.keys import KeyRow
from reader.ui.widgets.hanging import HangingPrompt
from reader.ui.widgets.styles import QUIET_SCROLLBAR

#: At this many columns and more the groups sit in two columns.
TWO_COLUMNS_FROM = 110
#: Widest key column.
MAX_KEY_CELLS = 18

HINT = "esc closes · ctrl+p finds any action by name"


def row_prompt(row: KeyRow, key_cells: int) -> HangingPrompt:
    """A key column (right-aligned) and the description wrapping beside it."""
    keys = row.keys_text
    pad = max(0, key_cells - cell_len(keys))
    style = "bold $text-accent" if row.available else "$text-muted"
    gutter = Content.assemble(" " * pad, (keys, style), "  ")
    body = Content(row.description) if row.available else Content.styled(row.description, "dim")
    return HangingPrompt(gutter, body)


def split_columns(
    groups: Sequence[tuple[str, Sequence[KeyRow]]], extra: int = 0
) -> tuple[list[tuple[str, Sequence[KeyRow]]], list[tuple[str, Sequence[KeyRow]]]]:
    """The groups in two columns of about equal height: each group goes to
    the shorter column so far (the right one also holds `extra` lines)."""
    left: list[tuple[str, Sequence[KeyRow]]] = []
    right: list[tuple[str, Sequence[KeyRow]]] = []
    heights = [0, extra]
    for group in groups:
        size = len(group[1]) + 2
        column = 0 if heights[0] <= heights[1] else 1
        (left, right)[column].append(group)
        heights[column] += size
    return left, right


class HelpScreen(Screen[None]):
    """The keys. Built from `key_rows` of the screen it was opened over."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_HELP)

    DEFAULT_CSS = (
        """
    HelpScreen {
        align: center top;
        background: $background;
        #help-column { width: 120; max-width: 100%; height: 1fr; padding: 1 2 0 2; }
        #help-heading { height: 1; margin-bottom: 1; }
        #help-body {
            height: 1fr;
    """
        + QUIET_SCROLLBAR
        + """
            &:focus { background-tint: $foreground 0%; }
        }
        #help-columns { height: auto; }
        .help-column { width: 1fr; height: auto; padding-right: 2; }
        .help-group-title { color: $text-accent; text-style: bold; margin-top: 1; }
        .help-group-title.-first { margin-top: 0; }
        .help-row { height: auto; }
        .help-setting { height: auto; }
    }
    """
    )

    def __init__(
        self,
        rows: Sequence[KeyRow],
        *,
        title: str = "Keys",
        settings: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(id="help")
        self.rows = list(rows)
        self.title_text = title
        self.settings = list(settings)
        """(label, value) lines about where the settings live."""
        self._wide: bool | None = None

    @property
    def groups(self) -> list[tuple[str, list[KeyRow]]]:
        """The rows by group, in the help's order (empty groups left out)."""
        out = [(group, [row for row in self.rows if row.group == group]) for group in GROUPS]
        return [(group, rows) for group, rows in out if rows]

    @property
    def key_cells(self) -> int:
        """Width of the key column."""
        widest = max((cell_len(row.keys_text) for row in self.rows), default=1)
        return min(MAX_KEY_CELLS, widest)

    def compose(self) -> ComposeResult:
        """Heading, then the groups (in one or two columns), then the settings."""
        self._wide = self.app.size.width >= TWO_COLUMNS_FROM
        with Vertical(id="help-column"):
            yield Static(
                Content.assemble(
                    (self.title_text, "bold $text-accent"), ("   " + HINT, "$text-muted")
                ),
                id="help-heading",
            )
            with VerticalScroll(id="help-body"):
                groups: list[tuple[str, Sequence[KeyRow]]] = list(self.groups)
                extra = len(self.settings) + 2 if self.settings else 0
                left, right = split_columns(groups, extra) if self._wide else (groups, [])
                with Horizontal(id="help-columns"):
                    with VerticalGroup(classes="help-column"):
                        yield from self._column(left, settings=not right)
                    if right:
                        with VerticalGroup(classes="help-column"):
                            yield from self._column(right, settings=True)

    def _column(
        self, groups: Sequence[tuple[str, Sequence[KeyRow]]], *, settings: bool
    ) -> ComposeResult:
        key_cells = self.key_cells
        for number, (group, rows) in enumerate(groups):
            title = Static(Content(group), classes="help-group-title")
            title.set_class(number == 0, "-first")
            yield title
            for row in rows:
                yield Static(row_prompt(row, key_cells), classes="help-row")
        if settings and self.settings:
            yield Static(Content("Settings"), classes="help-group-title")
            for label, value in self.settings:
                pad = " " * max(0, key_cells - cell_len(label))
                gutter = Content.assemble(pad, (label, "$text-muted"), "  ")
                yield Static(HangingPrompt(gutter, Content(value)), classes="help-setting")

    def on_mount(self) -> None:
        """The keyboard goes to the list."""
        self.body.focus()

    def on_resize(self, event: events.Resize) -> None:
        """One column or two, by the width."""
        wide = event.size.width >= TWO_COLUMNS_FROM
        if self._wide is not None and wide != self._wide:
            self.call_after_refresh(self._relayout)

    async def _relayout(self) -> None:
        await self.recompose()
        self.body.focus()

    @property
    def body(self) -> VerticalScroll:
        """The scrolling part."""
        return self.query_one("#help-body", VerticalScroll)

    @property
    def text(self) -> str:
        """Everything the help lists, as plain text (for tests)."""
        lines: list[str] = []
        for group, rows in self.groups:
            lines.append(group)
            lines.extend(f"{row.keys_text}  {row.description}" for row in rows)
        lines.extend(f"{label}  {value}" for label, value in self.settings)
        return "\n".join(lines)

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll a line."""
        self.body.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        """Scroll a page."""
        body = self.body
        body.scroll_relative(y=direction * max(1, body.size.height - 2), animate=False)

    def action_top(self) -> None:
        """Go to the top."""
        self.body.scroll_home(animate=False)

    def action_bottom(self) -> None:
        """Go to the end."""
        self.body.scroll_end(animate=False)
