"""BookmarkDialog: tags and a note for a bookmark. Enter saves, escape
cancels; for an existing bookmark ctrl+d removes it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input, Static
from textual.worker import Worker

from reader.core.errors import ReaderError
from reader.core.models import Bookmark
from reader.core.sanitize import clean_line
from reader.ui.actions import SCOPE_BOOKMARK_DIALOG, bindings_for
from reader.ui.failures import forward_failure
from reader.ui.screens.dialog import Dialog

_TAG_SPLIT = re.compile(r"[,\s]+")


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed "news, to-read" or "news to-read": lower-case, once each, in order."""
    seen: dict[str, None] = {}
    for piece in _TAG_SPLIT.split(text):
        tag = clean_line(piece).strip("#").lower()
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


class TagSuggester(Suggester):
    """Completes the tag being typed (the last word) from known tags."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = list(dict.fromkeys(tag.lower() for tag in tags if tag))
        """Known tags, the preferred first."""

    async def get_suggestion(self, value: str) -> str | None:
        """`value` with its last word completed, or None."""
        fragment = _TAG_SPLIT.split(value)[-1].lstrip("#").lower()
        if not fragment:
            return None
        typed = set(split_tags(value)[:-1])
        for tag in self.tags:
            if tag.startswith(fragment) and tag != fragment and tag not in typed:
                return value + tag[len(fragment) :]
        return None


@dataclass(frozen=True)
class BookmarkEdit:
    """What the dialog was closed with: new tags and note, or `remove`."""

    tags: tuple[str, ...] = ()
    note: str = ""
    remove: bool = False


class BookmarkDialog(Dialog[BookmarkEdit | None]):
    """Asks for tags and a note. Dismisses with a BookmarkEdit, or None on escape."""

    DEFAULT_CSS = """
    BookmarkDialog {
        #bookmark-page { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_BOOKMARK_DIALOG)

    def __init__(
        self,
        title: str,
        bookmark: Bookmark | None = None,
        *,
        known_tags: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        super().__init__()
        self.page_title = clean_line(title)
        self.bookmark = bookmark
        self._known_tags = known_tags

    def compose(self) -> ComposeResult:
        """Title, page, tags, note, keys."""
        existing = self.bookmark
        heading = "Edit bookmark" if existing else "Bookmark this page"
        keys = "enter save · esc cancel · tab next field"
        if existing:
            keys += " · ctrl+d remove"
        with Vertical(id="bookmark-dialog", classes="dialog"):
            yield Static(Content(heading), classes="dialog-title")
            yield Static(Content(self.page_title or "Untitled page"), id="bookmark-page")
            yield Static(Content("Tags"), classes="field-label")
            yield Input(
                " ".join(existing.tags) if existing else "",
                placeholder="comma or space separated, e.g. transport, to-read",
                id="bookmark-tags",
                classes="field",
                select_on_focus=False,  # tab back adds a tag, it does not replace them
            )
            yield Static(Content("Note"), classes="field-label")
            yield Input(
                existing.note if existing else "",
                placeholder="optional",
                id="bookmark-note",
                classes="field",
                select_on_focus=False,
            )
            yield Static(Content(keys), classes="dialog-hint")

    @property
    def tags_input(self) -> Input:
        """The tags field."""
        return self.query_one("#bookmark-tags", Input)

    @property
    def note_input(self) -> Input:
        """The note field."""
        return self.query_one("#bookmark-note", Input)

    def on_mount(self) -> None:
        """Start in the tags field; load known tags for completion."""
        self.tags_input.focus()
        if self.tags_input.value:
            self.tags_input.value += " "
            self.tags_input.cursor_position = len(self.tags_input.value)
        if self._known_tags is not None:
            self._load_tags(self._known_tags)

    @work(
        thread=True,
        exit_on_error=False,
        group="bookmark_tags",
        description="loading the tags for completion",
    )
    def _load_tags(self, known_tags: Callable[[], Sequence[str]]) -> None:
        try:
            tags = list(known_tags())
        except ReaderError:
            return  # completion is a convenience
        self.app.call_from_thread(self._set_suggester, tags)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure goes to the app's one handler."""
        forward_failure(self, event)

    def _set_suggester(self, tags: list[str]) -> None:
        if self.is_attached:
            self.tags_input.suggester = TagSuggester(tags)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in either field saves."""
        event.stop()
        self.dismiss(BookmarkEdit(split_tags(self.tags_input.value), self.note_input.value.strip()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Removing only applies to an existing bookmark."""
        if action == "remove":
            return self.bookmark is not None
        return True

    def action_remove(self) -> None:
        """Remove the bookmark."""
        self.dismiss(BookmarkEdit(remove=True))

    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)
