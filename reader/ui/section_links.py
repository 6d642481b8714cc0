"""The sidebar's model: an article's link sections as groups of numbered links.

No Textual here. Stories are numbered 1, 2, 3 ... in sidebar order, across
all groups, so that the numbers typed on the reading screen stay the same
whether a group is folded or not. A story is numbered once: when the same
address (compared as `comparable` URLs) is in several lists, every list shows
it with the number it got where it first appeared, so a number always opens
one story, and each list stays whole (a "most read" ranking keeps its order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.models import Section, SectionKind
from reader.core.sanitize import clean_line
from reader.core.urls import comparable, is_followable

#: What each kind of section is called when it has no heading, and the muted
#: label shown next to a heading.
KIND_LABELS: dict[SectionKind, str] = {
    "related": "Related",
    "read_also": "Read also",
    "popular": "Most popular",
    "latest": "Latest",
    "picks": "Editor's picks",
    "more": "More",
}


@dataclass(frozen=True, slots=True)
class NumberedLink:
    """A section link with its number in the sidebar (1-based): the number of
    its story, the same in every list the story is in."""

    number: int
    group: int
    """Index of its group in the sidebar."""
    url: str
    text: str
    slot: int = 0
    """Its place among all the links of the sidebar (0-based): unique, unlike
    `number` when a story is in several lists."""
    repeat: bool = False
    """An earlier list has the same story (under the same number)."""


@dataclass(frozen=True, slots=True)
class LinkGroup:
    """One section as the sidebar shows it."""

    index: int
    kind: SectionKind
    title: str
    """The section's heading, or the name of its kind when it has none."""
    label: str
    """The muted kind label after the title ("" when the title already says it)."""
    links: tuple[NumberedLink, ...]
    heading: str = ""
    """The heading the page gave the list ("" when it gave none)."""

    @property
    def story_count(self) -> int:
        """How many stories the list has (a story listed twice counts once)."""
        return len({link.number for link in self.links})


def story_key(url: str) -> str:
    """What makes two links the same story: their `comparable` address (web
    addresses), or the address itself (anything else)."""
    return comparable(url) if is_followable(url) else url


def link_groups(sections: Iterable[Section]) -> tuple[LinkGroup, ...]:
    """Number the stories of `sections` (empty sections are left out); a
    story already numbered in an earlier list keeps its number."""
    groups: list[LinkGroup] = []
    numbers: dict[str, int] = {}
    slot = 0
    for section in sections:
        if not section.links:
            continue
        index = len(groups)
        kind_name = KIND_LABELS.get(section.kind, KIND_LABELS["more"])
        title = clean_line(section.heading) or kind_name
        label = "" if title.casefold() == kind_name.casefold() else kind_name
        links: list[NumberedLink] = []
        for link in section.links:
            url = clean_line(link.url)
            key = story_key(url)
            number = numbers.get(key)
            repeat = number is not None
            if number is None:
                number = numbers[key] = len(numbers) + 1
            text = clean_line(link.text) or url
            links.append(NumberedLink(number, index, url, text, slot, repeat))
            slot += 1
        heading = clean_line(section.heading)
        groups.append(LinkGroup(index, section.kind, title, label, tuple(links), heading))
    return tuple(groups)


def all_links(groups: Iterable[LinkGroup]) -> list[NumberedLink]:
    """Every link of `groups`, in sidebar order (repeated stories included)."""
    return [link for group in groups for link in group.links]
