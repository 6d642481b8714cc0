"""The sidebar's marks: which links of a page were read (✓) or saved for
offline, from what the library knows and the pages opened this session."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.core.feeds.model import FeedItem
from reader.core.models import Article
from reader.core.urls import comparable, is_followable

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike


class LinkMarks:
    """The marks of links, for the app and its reading screen."""

    def __init__(self, library: LibraryLike) -> None:
        self.library = library
        self.visited: set[str] = set()
        """Pages opened this session (as `comparable` URLs): their links are marked read."""

    def visit(self, *urls: str | None) -> None:
        """A page was opened under these addresses."""
        for url in urls:
            if url and is_followable(url):
                self.visited.add(comparable(url))

    def states(self, article: Article, stories: Iterable[FeedItem] = ()) -> dict[str, str]:
        """ "read" or "saved" for the section links of `article` (and the
        `stories` of an index page), by URL."""
        urls = [link.url for section in article.sections for link in section.links]
        urls += [story.url for story in stories]
        states: dict[str, str] = {}
        if urls:
            try:
                known = self.library.link_states(urls)
                states = {url: str(known[url]) for url in urls if url in known}
            except Exception:  # on the UI thread, while a page is shown: marks must not stop it
                states = {}
        for url in urls:
            if url not in states and comparable(url) in self.visited:
                states[url] = "read"
        return states
