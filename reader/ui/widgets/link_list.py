"""LinkList: the sidebar's list of link groups, one heading per section and
its numbered links under it. Groups fold away (enter or space on a heading,
left and right anywhere)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import ClassVar, Literal, NamedTuple

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.ui.actions import SCOPE_SIDEBAR, bindings_for
from reader.ui.section_links import LinkGroup, NumberedLink, story_key
from reader.ui.widgets.hanging import HangingPrompt

#: Marks before a link, by its state in the library: read (opened before)
#: wins over saved (kept for offline, not opened yet).
MARKS: dict[str, tuple[str, str]] = {
    "read": ("✓", "$foreground-muted"),
    "saved": ("●", "$text-accent"),
}

EMPTY_TEXT = "No link lists on this page."


class Row(NamedTuple):
    """What an option of the list stands for."""

    kind: Literal["group", "link", "gap", "empty"]
    value: int = 0
    """The group index, or the link's slot (`NumberedLink.slot`)."""


def heading_prompt(group: LinkGroup, folded: bool) -> HangingPrompt:
    """A group heading: fold arrow, title, muted kind label (and link count when folded)."""
    arrow = Content.styled("▸ " if folded else "▾ ", "$foreground-muted")
    parts: list[str | tuple[str, str]] = [(group.title, "bold")]
    if group.label:
        parts.append((f"  {group.label}", "$foreground-muted"))
    if folded:
        parts.append((f"  ({group.story_count})", "$foreground-muted"))
    return HangingPrompt(arrow, Content.assemble(*parts))


def link_prompt(link: NumberedLink, state: str | None, number_width: int) -> HangingPrompt:
    """A link: its number and mark in a gutter, its text wrapping beside them."""
    mark, mark_style = MARKS.get(state or "", (" ", ""))
    gutter = Content.assemble(
        (f"{link.number:>{number_width}}", "$foreground-muted"), " ", (mark, mark_style), " "
    )
    return HangingPrompt(gutter, Content(link.text))


class LinkList(OptionList, inherit_bindings=False):
    """The numbered links of a page, grouped by section."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_SIDEBAR)

    class LinkSelected(Message):
        """Enter (or a click) on a link."""

        def __init__(self, links: LinkList, link: NumberedLink) -> None:
            super().__init__()
            self.links = links
            self.link = link

        @property
        def control(self) -> LinkList:
            """The list."""
            return self.links

    class FollowList(Message):
        """`a` on a group's heading: follow that list of the page as a source."""

        def __init__(self, links: LinkList, heading: str) -> None:
            super().__init__()
            self.links = links
            self.heading = heading

        @property
        def control(self) -> LinkList:
            """The list."""
            return self.links

    class CursorMoved(Message):
        """The cursor moved to a link, a group heading, or nothing."""

        def __init__(
            self, links: LinkList, link: NumberedLink | None, group: LinkGroup | None
        ) -> None:
            super().__init__()
            self.links = links
            self.link = link
            self.group = group

        @property
        def control(self) -> LinkList:
            """The list."""
            return self.links

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._groups: tuple[LinkGroup, ...] = ()
        self._links: dict[int, NumberedLink] = {}
        """The first listing of each story, by number."""
        self._slots: tuple[NumberedLink, ...] = ()
        """Every link shown, in sidebar order (`NumberedLink.slot`)."""
        self._states: dict[str, str] = {}
        """ "read" or "saved", by URL (the same for every address of a story)."""
        self._folded: set[int] = set()
        self._rows: list[Row] = []
        self._link_options: dict[int, Option] = {}
        self._number_width = 1

    # Content

    @property
    def groups(self) -> tuple[LinkGroup, ...]:
        """The groups shown."""
        return self._groups

    @property
    def link_count(self) -> int:
        """How many numbered stories there are (folded ones included; a story
        in several lists counts once)."""
        return len(self._links)

    def link(self, number: int) -> NumberedLink | None:
        """The story with `number` (where it is first listed), if there is one."""
        return self._links.get(number)

    def listings(self, number: int) -> list[NumberedLink]:
        """Every listing of story `number`, in sidebar order."""
        return [item for item in self._slots if item.number == number]

    @property
    def folded(self) -> frozenset[int]:
        """Indexes of the folded groups."""
        return frozenset(self._folded)

    def show_groups(
        self,
        groups: Sequence[LinkGroup],
        states: Mapping[str, str],
        *,
        folded: Collection[int] = (),
        link: int | None = None,
    ) -> None:
        """Show `groups`; `states` marks links "read" or "saved" by URL; the
        cursor goes to link number `link` (or the first link)."""
        self._groups = tuple(groups)
        self._slots = tuple(item for group in groups for item in group.links)
        self._links = {}
        for item in self._slots:
            self._links.setdefault(item.number, item)
        self._states = dict(states)
        for number in self._links:  # every address of a story gets its best mark
            urls = {item.url for item in self._slots if item.number == number}
            marks = {self._states[url] for url in urls if url in self._states}
            if marks:
                best = "read" if "read" in marks else marks.pop()
                self._states.update(dict.fromkeys(urls, best))
        self._folded = {index for index in folded if 0 <= index < len(self._groups)}
        self._link_options.clear()
        self._number_width = len(str(max(self._links, default=1)))
        first = self._links.get(link) if link is not None else None
        self._rebuild(Row("link", first.slot) if first else None, keep_scroll=False)

    def set_state(self, url: str, state: str) -> None:
        """Mark the links to the story at `url` (in every list) as "read" or
        "saved" (read stays read)."""
        key = story_key(url)
        listed = [item for item in self._slots if story_key(item.url) == key]
        urls = {url, *(item.url for item in listed)}
        marks = {self._states.get(address) for address in urls}
        if marks == {state} or (state != "read" and "read" in marks):
            return
        self._states.update(dict.fromkeys(urls, state))
        for item in listed:
            row = Row("link", item.slot)
            if row in self._rows:
                self.replace_option_prompt_at_index(self._rows.index(row), self._link_prompt(item))
            else:
                self._link_options.pop(item.slot, None)

    def _link_prompt(self, item: NumberedLink) -> HangingPrompt:
        return link_prompt(item, self._states.get(item.url), self._number_width)

    def _link_option(self, item: NumberedLink) -> Option:
        option = self._link_options.get(item.slot)
        if option is None:
            option = Option(self._link_prompt(item))
            self._link_options[item.slot] = option
        return option

    def _rebuild(self, select: Row | None = None, *, keep_scroll: bool = True) -> None:
        """Rebuild the options; put the cursor on `select` (or the first link)."""
        rows: list[Row] = []
        options: list[Option] = []
        if not self._groups:
            rows.append(Row("empty"))
            options.append(Option(Content.styled(EMPTY_TEXT, "italic"), disabled=True))
        for group in self._groups:
            if group.index:
                rows.append(Row("gap"))
                options.append(Option(Content(""), disabled=True))
            folded = group.index in self._folded
            rows.append(Row("group", group.index))
            options.append(Option(heading_prompt(group, folded)))
            if not folded:
                for item in group.links:
                    rows.append(Row("link", item.slot))
                    options.append(self._link_option(item))
        self._rows = rows
        scroll_y = self.scroll_y if keep_scroll else 0
        self.set_options(options)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        if select is None or select not in rows:
            select = next((row for row in rows if row.kind == "link"), None)
            select = select or next((row for row in rows if row.kind == "group"), None)
        self.highlighted = rows.index(select) if select is not None else None
        self._post_cursor()

    # The cursor

    @property
    def current_row(self) -> Row | None:
        """What the cursor is on."""
        index = self.highlighted
        return self._rows[index] if index is not None and index < len(self._rows) else None

    @property
    def highlighted_link(self) -> NumberedLink | None:
        """The link under the cursor (None on a heading)."""
        row = self.current_row
        return self._slots[row.value] if row is not None and row.kind == "link" else None

    def _current_group(self) -> int | None:
        row = self.current_row
        if row is None:
            return None
        if row.kind == "group":
            return row.value
        if row.kind == "link":
            return self._slots[row.value].group
        return None

    def select_link(self, number: int) -> None:
        """Put the cursor on story `number` (where it is first listed, unless
        the cursor is on one of its listings already), unfolding its group."""
        item = self._links.get(number)
        current = self.highlighted_link
        if item is None or (current is not None and current.number == number):
            return
        if item.group in self._folded:
            self._folded.discard(item.group)
            self._rebuild(Row("link", item.slot))
        else:
            self.highlighted = self._rows.index(Row("link", item.slot))

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Keep the cursor in view and tell the sidebar what it is on."""
        super().watch_highlighted(highlighted)
        self._post_cursor()

    def _post_cursor(self) -> None:
        group_index = self._current_group()
        group = self._groups[group_index] if group_index is not None else None
        self.post_message(self.CursorMoved(self, self.highlighted_link, group))

    # Folding

    def fold(self, group: int, folded: bool = True) -> None:
        """Fold (or unfold) group `group`; the cursor goes to its heading."""
        if not 0 <= group < len(self._groups) or (group in self._folded) == folded:
            return
        if folded:
            self._folded.add(group)
        else:
            self._folded.discard(group)
        self._rebuild(Row("group", group))

    def action_select(self) -> None:
        """Enter: follow a link, or fold/unfold a group."""
        row = self.current_row
        if row is None:
            return
        if row.kind == "group":
            self.fold(row.value, row.value not in self._folded)
        elif row.kind == "link":
            self.post_message(self.LinkSelected(self, self._slots[row.value]))

    def action_follow_list(self) -> None:
        """a: on a heading the page itself gave, follow that list as a news source."""
        group = self.followable_group()
        if group is not None:
            self.post_message(self.FollowList(self, group.heading))
        else:
            self.notify(
                "a follows a list: put the cursor on a list's heading first.",
                markup=False,
                timeout=3,
            )

    def followable_group(self) -> LinkGroup | None:
        """The group whose heading is under the cursor, when the page named it."""
        row = self.current_row
        if row is None or row.kind != "group":
            return None
        group = self._groups[row.value]
        return group if group.heading else None

    def action_toggle_group(self) -> None:
        """Space: fold or unfold the group under the cursor (a page down on links)."""
        row = self.current_row
        if row is not None and row.kind == "group":
            self.fold(row.value, row.value not in self._folded)
        else:
            self.action_page_down()  # type: ignore[no-untyped-call]

    def action_fold(self) -> None:
        """Left: fold the group the cursor is in."""
        group = self._current_group()
        if group is not None:
            self.fold(group, True)

    def action_unfold(self) -> None:
        """Right: unfold the group under the cursor."""
        group = self._current_group()
        if group is not None:
            self.fold(group, False)
