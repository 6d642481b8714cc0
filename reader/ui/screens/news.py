"""NewsScreen (S): the sources followed, by tag with unread counts (the
bookmarks to read above), beside the river of the list chosen, newest first.
Enter opens a story (back and S return, ] the next unread). Typing filters by
title (a letter is never a command here: `reader.ui.typing`); ctrl+u marks a
story read or unread, ctrl+a the list (ctrl+z undoes), ctrl+o only the unread,
tab switches columns, ctrl+r refreshes. Thread workers; plain text only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from reader.core.errors import ReaderError
from reader.core.records import NewsItem
from reader.ui.actions import SCOPE_NEWS, bindings_for
from reader.ui.failures import error_text, forward_failure
from reader.ui.formatting import DOT
from reader.ui.news_state import (
    Listing,
    NewsState,
    Selection,
    SourceRow,
    StoryRow,
    empty_text,
    newest,
    selection_title,
    source_rows,
    source_tags,
)
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.labels import set_label
from reader.ui.widgets.queue_line import QueueLine
from reader.ui.widgets.result_list import ResultList
from reader.ui.widgets.story_list import StoryList, source_prompt, story_from_item

if TYPE_CHECKING:
    from reader.ui.contract import NewsLike

#: Most stories listed at once.
RIVER_LIMIT = 500
#: Each tag's unread stories are counted (a story that came through two of its
#: sources once) while unread x tags stays under this many rows read; above
#: it, a tag shows the sum of its sources' counts (reading 500 rows: ~13 ms).
EXACT_TAG_ROWS = 3000
#: Below this many columns the sources column is narrow.
WIDE_FROM = 120


class NewsScreen(Screen[None]):
    """Sources by tag and the stories of the one chosen."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_NEWS)
    AUTO_FOCUS = "#news-river"

    DEFAULT_CSS = """
    NewsScreen {
        #news-main { height: 1fr; }
        #news-side { width: 24; padding-top: 1; border-right: vkey $reader-divider; }
        &.-wide #news-side { width: 32; }
        #news-column { width: 1fr; height: 1fr; padding: 1 1 0 1; }
        #news-heading { height: 1; padding: 0 1; margin-bottom: 1; text-wrap: nowrap; }
        #news-filter {
            display: none; border: none; height: 1; padding: 0 1; margin-bottom: 1;
            background: $foreground 8%;
            &:focus { border: none; background: $foreground 12%; }
        }
        &.-filtering #news-filter { display: block; }
        #news-empty { display: none; color: $text-muted; padding: 0 1; }
        #news-empty.-shown { display: block; }
        #news-status { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; }
        #news-status { text-overflow: ellipsis; }
        #news-status.-refreshing { color: $text-accent; }
    }
    """

    def __init__(
        self,
        news: NewsLike,
        state: NewsState,
        open_story: Callable[[str, list[StoryRow]], None],
        *,
        now: datetime | None = None,
    ) -> None:
        """`open_story(url, rows)` opens a story chosen in the list `rows`."""
        super().__init__()  # no id: the first one stays in a mode of its own
        self.news = news
        self.state = state
        self.open_story = open_story
        self.now = now
        self.rows: list[SourceRow] = []
        self.listing: Listing | None = None
        self.loaded = False
        """Whether the first listing has arrived."""
        self._ticket = 0
        self._refresh_text = ""
        self._loading_more = False
        self._note = ""

    def compose(self) -> ComposeResult:
        """Sources column, heading, filter box, stories, status line, footer."""
        with Horizontal(id="news-main"):
            with Vertical(id="news-side"):
                yield QueueLine(prefix="Bookmarks: ", key=False, id="news-queue")
                yield ResultList(id="news-sources")
            with Vertical(id="news-column"):
                yield Static("", id="news-heading", markup=False)
                yield Input(placeholder="Filter the stories by title", id="news-filter")
                yield Static("", id="news-empty", markup=False)
                river = StoryList(id="news-river")
                river.now = self.now
                yield river
        yield Static("", id="news-status", markup=False)
        yield ReaderFooter()

    @property
    def sources(self) -> ResultList:
        """The sources column."""
        return self.query_one("#news-sources", ResultList)

    @property
    def river(self) -> StoryList:
        """The stories."""
        return self.query_one("#news-river", StoryList)

    @property
    def filter_box(self) -> Input:
        """The filter box (shown by /)."""
        return self.query_one("#news-filter", Input)

    def on_mount(self) -> None:
        """Lay out for the width, list, and give the keyboard to the stories."""
        self.set_class(self.app.size.width >= WIDE_FROM, "-wide")
        if self.state.filter:
            self.filter_box.value = self.state.filter
            self.add_class("-filtering")
        self.river.focus()
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        """A wider source column on wide terminals."""
        self.set_class(event.size.width >= WIDE_FROM, "-wide")

    # Loading

    def reload(self, *, stories: bool = True) -> None:
        """Ask the library again (counts, and the stories unless not
        `stories`), keeping the cursor."""
        self._ticket += 1
        kept = None if stories or self.listing is None else self.listing.stories
        self._load(self._ticket, self.state.selection, self.state.hide_read, kept)

    @work(
        thread=True, exclusive=True, group="news", exit_on_error=False,
        description="listing the news",
    )  # fmt: skip
    def _load(
        self, ticket: int, selection: Selection, hide_read: bool, kept: list[StoryRow] | None
    ) -> None:
        try:
            sources = list(self.news.sources())
            unread = self.news.unread_count()
            if kept is None:
                found = sorted(self._items(selection, hide_read), key=newest, reverse=True)
                kept = [story_from_item(i) for i in found]
            tags = source_tags(sources)
            counts = {
                tag: len(self.news.items(tag=tag, unread_only=True, limit=unread))
                for tag in (tags if unread * len(tags) <= EXACT_TAG_ROWS else ())
            }
            listing = Listing(source_rows(sources, unread, counts), kept, unread, len(sources))
        except ReaderError as exc:
            listing = Listing([], [], 0, 0, error_text(exc))
        self.app.call_from_thread(self._show, ticket, listing)

    def _items(self, selection: Selection, hide_read: bool, offset: int = 0) -> Sequence[NewsItem]:
        news, limit = self.news, RIVER_LIMIT
        if selection.kind == "source" and selection.source_id is not None:
            source = selection.source_id
            return news.items(source_id=source, unread_only=hide_read, limit=limit, offset=offset)
        if selection.kind == "tag":
            return news.items(tag=selection.tag, unread_only=hide_read, limit=limit, offset=offset)
        unread_only = selection.kind == "unread" or hide_read
        return news.items(unread_only=unread_only, limit=limit, offset=offset)

    def _more(self) -> None:
        """Near the end of the stories: the next RIVER_LIMIT of them, once."""
        listing = self.listing
        if listing is None or self._loading_more or len(listing.stories) % RIVER_LIMIT:
            return
        if not listing.stories:
            return
        self._loading_more = True
        state = self.state
        self._load_more(self._ticket, state.selection, state.hide_read, len(listing.stories))

    @work(thread=True, group="news-more", exit_on_error=False, description="listing more news")
    def _load_more(self, ticket: int, selection: Selection, hide_read: bool, offset: int) -> None:
        try:
            found = sorted(self._items(selection, hide_read, offset), key=newest, reverse=True)
        except ReaderError:
            found = []
        rows = [story_from_item(item) for item in found]
        self.app.call_from_thread(self._more_arrived, ticket, rows)

    def _more_arrived(self, ticket: int, rows: list[StoryRow]) -> None:
        self._loading_more = False
        if ticket != self._ticket or self.listing is None or not rows:
            return
        self.listing.stories.extend(rows)
        words = self.state.filter.casefold().split()
        self.river.add_rows([r for r in rows if all(w in r.title.casefold() for w in words)])

    def _show(self, ticket: int, listing: Listing) -> None:
        if ticket != self._ticket or not self.is_attached:
            return
        self.loaded = True
        self.listing = listing
        self.rows = listing.sources
        selection = self.state.selection
        if not any(row.selection == selection for row in self.rows):
            selection = self.state.selection = Selection("unread")
        sources = self.sources
        sources.set_options(
            [
                Option(source_prompt(row), disabled=row.selection.kind == "heading")
                for row in self.rows
            ]
        )
        sources.highlighted = next(
            (i for i, row in enumerate(self.rows) if row.selection == selection), None
        )
        self._show_stories()
        if self.state.in_sources:
            sources.focus()
        self.refresh_bindings()

    def _show_stories(self) -> None:
        """The stories of the listing, filtered by the box."""
        listing = self.listing
        if listing is None:
            return
        words = self.state.filter.casefold().split()
        shown = [r for r in listing.stories if all(w in r.title.casefold() for w in words)]
        self.river.show_rows(shown, keep=self.state.cursor)
        self.river.display = bool(shown)
        if shown and self.focused is None:  # it was hidden (nothing to show) and is back
            self.river.focus()
        title = selection_title(self.state.selection, self.rows)
        unread = sum(1 for row in shown if not row.read)
        details = [f"{unread} unread"] if shown else []
        if len(shown) != len(listing.stories):
            details.append(f"{len(shown)} of {len(listing.stories)} shown")
        if self.state.hide_read and self.state.selection.kind != "unread":
            details.append("read hidden")
        heading = Content.assemble(
            (title, "bold $text-accent"),
            (DOT.join(["", *details]) if details else "", "$foreground-muted"),
        )
        self.query_one("#news-heading", Static).update(heading)
        empty = self.query_one("#news-empty", Static)
        empty.update(Content(empty_text(listing, bool(shown), self.state.selection)))
        empty.set_class(not shown, "-shown")
        self._show_status()

    # The status line

    def show_refresh(self, text: str | None) -> None:
        """Show the progress of a refresh (None: it ended)."""
        self._refresh_text = text or ""
        self._show_status()

    def _show_status(self) -> None:
        found = self.query("#news-status")  # none yet: a refresh began before compose
        if not found:
            return
        status = found.only_one(Static)
        status.set_class(bool(self._refresh_text), "-refreshing")
        if self._refresh_text:
            text = self._refresh_text
        elif self._note:
            text = self._note
        else:
            text = self._hint()
        set_label(status, text)

    def _hint(self) -> str:
        listing = self.listing
        if listing is None:
            return "Loading…"
        row = self._source_row()
        if row is not None and row.error:
            return f"{row.title}: {row.error}"
        return f"{listing.unread} unread in all{DOT}type to filter{DOT}ctrl+r refreshes{DOT}F1 keys"

    def _source_row(self) -> SourceRow | None:
        index = self.sources.highlighted
        if self.sources.has_focus and index is not None and 0 <= index < len(self.rows):
            return self.rows[index]
        return None

    def say(self, text: str) -> None:
        """A note on the status line until the next one."""
        self._note = text
        self._show_status()

    # Choosing

    def on_option_list_option_highlighted(self, event: ResultList.OptionHighlighted) -> None:
        """Keep the cursor's story; show a source's last error."""
        if event.option_list is self.river:
            story = self.river.current
            if story is not None:
                self.state.cursor = story.url
            if (event.option_index or 0) >= len(self.river.rows) - 5:
                self._more()
        self._show_status()

    def on_option_list_option_selected(self, event: ResultList.OptionSelected) -> None:
        """Enter on a source shows its stories; on a story opens it."""
        event.stop()
        if event.option_list is self.sources:
            index = event.option_index
            if 0 <= index < len(self.rows):
                self.choose(self.rows[index].selection)
        else:
            story = self.river.current
            if story is not None:
                self.state.cursor = story.url
                self.state.in_sources = False
                self.open_story(story.url, list(self.river.rows))

    def choose(self, selection: Selection) -> None:
        """Show the stories of `selection`; the keyboard goes to them."""
        if selection.kind == "heading":
            return
        if selection != self.state.selection:
            self.state.selection = selection
            self.state.cursor = None
            self.reload()
        self.state.in_sources = False
        self.river.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The keys shown depend on the column that has the keyboard."""
        if event.widget is self.sources or event.widget is self.river:
            self.state.in_sources = event.widget is self.sources
        self._show_status()
        self.refresh_bindings()

    def typing_box(self) -> Input:
        """Where typed text goes (`reader.ui.typing`): the filter box, shown."""
        self.add_class("-filtering")
        return self.filter_box

    def on_result_list_left_top(self, message: ResultList.LeftTop) -> None:
        """↑ from the first story goes to the filter box when it is shown."""
        message.stop()
        if self.has_class("-filtering"):
            self.filter_box.focus()

    # Keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Story keys act on a story; undo after A; escape when there is something to close."""
        story = self.river.current if self.river.display else None
        if action == "toggle_read":
            return story is not None and self.river.has_focus
        if action == "all_read":
            return bool(self.river.rows) and not self.filter_box.has_focus
        if action == "undo":
            return bool(self.state.undo)
        if action == "close":
            return (
                bool(self.state.filter)
                or self.has_class("-filtering")
                or len(self.app.screen_stack) > 1
            )
        return True

    def action_switch_pane(self) -> None:
        """Tab: between the sources and the stories (at once: keys typed
        right after it go to the new column)."""
        self.set_focus(self.river if self.sources.has_focus else self.sources)

    def action_filter(self) -> None:
        """ctrl+l: the filter box (typing anywhere here goes there too)."""
        self.add_class("-filtering")
        self.set_focus(self.filter_box)  # now, not after the keys already read

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as you type."""
        event.stop()
        self.state.filter = event.value
        self._show_stories()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the box: to the stories."""
        event.stop()
        self.river.focus()

    def action_close(self) -> None:
        """Escape: clear the filter, else back to reading."""
        if self.state.filter or self.has_class("-filtering"):
            self.state.filter = ""
            self.filter_box.value = ""
            self.remove_class("-filtering")
            self.river.focus()
            self._show_stories()
        elif len(self.app.screen_stack) > 1:
            self.dismiss(None)

    def action_hide_read(self) -> None:
        """ctrl+o: only the unread stories, or all of them again."""
        self.state.hide_read = not self.state.hide_read
        self.say(
            "Only unread stories · ctrl+o shows all" if self.state.hide_read else "All stories"
        )
        self.reload()

    def action_toggle_read(self) -> None:
        """ctrl+u: the story under the cursor read, or unread again."""
        story = self.river.current
        if story is not None:
            self._mark([story.url], not story.read, None)

    def action_all_read(self) -> None:
        """ctrl+a: every story of the list read (those the filter shows, when filtering)."""
        if self.state.filter:
            urls = [row.url for row in self.river.rows if not row.read]
            self._mark(urls, True, "all")
        else:
            self._mark_all(self.state.selection)

    def action_undo(self) -> None:
        """ctrl+z: unread again what ctrl+a marked read."""
        if self.state.undo:
            self._mark(self.state.undo.pop(), False, "undo")

    @work(thread=True, group="news-marks", exit_on_error=False, description="marking stories read")
    def _mark(self, urls: list[str], read: bool, why: str | None) -> None:
        try:
            self.news.mark_read(urls, read)
        except ReaderError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._marked, urls, read, why)

    @work(thread=True, group="news-marks", exit_on_error=False, description="marking stories read")
    def _mark_all(self, selection: Selection) -> None:
        try:
            if selection.kind == "source":
                urls = list(self.news.mark_all_read(source_id=selection.source_id))
            elif selection.kind == "tag":
                urls = list(self.news.mark_all_read(tag=selection.tag))
            else:
                urls = list(self.news.mark_all_read())
        except ReaderError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._marked, urls, True, "all")

    def _marked(self, urls: list[str], read: bool, why: str | None) -> None:
        if not self.is_attached:
            return
        self.river.set_read(urls, read)
        if why is None and self.listing is not None:  # u: the story stays where it is
            wanted = set(urls)
            stories = self.listing.stories
            for index, row in enumerate(stories):
                if row.url in wanted:
                    stories[index] = replace(row, read=read)
            self.reload(stories=False)
            return
        if why == "all":
            self.state.undo.append(urls)
            noun = "story" if len(urls) == 1 else "stories"
            self.notify(f"Marked {len(urls)} {noun} read · ctrl+z undoes", markup=False, timeout=6)
        elif why == "undo":
            self.notify(f"{len(urls)} unread again.", markup=False, timeout=3)
        self.reload()

    def _failed(self, exc: ReaderError) -> None:
        text = f"Could not mark the stories: {error_text(exc)}"
        self.notify(text, severity="error", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure of a worker goes to the app's one handler."""
        forward_failure(self, event)
