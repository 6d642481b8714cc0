"""The sidebar's model: an article's link sections as groups of numbered links.

No Textual here. Links are numbered 1, 2, 3 ... in sidebar order, across all
groups, so that the numbers typed on the reading screen stay the same whether
a group is folded or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.models import Section, SectionKind
from reader.core.sanitize import clean_line

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
    """A section link with its number in the sidebar (1-based)."""

    number: int
    group: int
    """Index of its group in the sidebar."""
    url: str
    text: str


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


def link_groups(sections: Iterable[Section]) -> tuple[LinkGroup, ...]:
    """Number the links of `sections` (empty sections are left out)."""
    groups: list[LinkGroup] = []
    number = 0
    for section in sections:
        if not section.links:
            continue
        index = len(groups)
        kind_name = KIND_LABELS.get(section.kind, KIND_LABELS["more"])
        title = clean_line(section.heading) or kind_name
        label = "" if title.casefold() == kind_name.casefold() else kind_name
        links: list[NumberedLink] = []
        for link in section.links:
            number += 1
            url = clean_line(link.url)
            links.append(NumberedLink(number, index, url, clean_line(link.text) or url))
        heading = clean_line(section.heading)
        groups.append(LinkGroup(index, section.kind, title, label, tuple(links), heading))
    return tuple(groups)


def all_links(groups: Iterable[LinkGroup]) -> list[NumberedLink]:
    """Every link of `groups`, in number order."""
    return [link for group in groups for link in group.links]
