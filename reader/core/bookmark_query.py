"""The bookmarks filter: words, `#tag`, `is:` states and `sort:` in one line.

    sport #football is:unread sort:oldest

Words must all appear (case-insensitive, anywhere in the title, address,
note, tags or site); `#tag` (or `tag:tag`) keeps bookmarks with that tag;
`is:unread`, `is:read`, `is:archived` keep those states (several: any of
them), `is:fav` the favourites, `is:saved` / `is:unsaved` those stored for
offline or not; `sort:oldest` lists the oldest first. Pure: the store turns
a `BookmarkQuery` into SQL, the fake of the UI tests into a Python test."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.models import BOOKMARK_STATES, Bookmark

_STATE_WORDS = {
    "unread": "unread",
    "new": "unread",
    "toread": "unread",
    "read": "read",
    "archived": "archived",
    "archive": "archived",
}
_FAVOURITE_WORDS = {"fav", "favourite", "favorite", "starred", "star"}
_SAVED_WORDS = {"saved": True, "offline": True, "unsaved": False}


@dataclass(frozen=True)
class BookmarkQuery:
    """A parsed filter (see the module's docstring)."""

    words: tuple[str, ...] = ()
    """Lower-case words that must all appear."""
    tags: tuple[str, ...] = ()
    """Tags that must all be there (lower-case, without `#`)."""
    states: frozenset[str] = frozenset()
    """Keep only these states (empty: any state)."""
    favourite: bool | None = None
    saved: bool | None = None
    oldest_first: bool = False

    def matches(self, bookmark: Bookmark) -> bool:
        """Whether `bookmark` passes (the store does the same in SQL)."""
        if self.states and bookmark.state not in self.states:
            return False
        if self.favourite is not None and bookmark.favourite != self.favourite:
            return False
        if self.saved is not None and bookmark.saved != self.saved:
            return False
        if any(tag not in bookmark.tags for tag in self.tags):
            return False
        text = haystack(bookmark.title, bookmark.url, bookmark.note, bookmark.tags, bookmark.site)
        return all(word in text for word in self.words)


def haystack(title: str, url: str, note: str, tags: tuple[str, ...] | list[str], site: str) -> str:
    """What the filter's words are looked for in (lower-case, one line)."""
    tag_text = " ".join(f"#{tag}" for tag in tags)
    return " ".join(part for part in (title, url, note, tag_text, site) if part).lower()


def parse_query(text: str) -> BookmarkQuery:
    """The filter typed (never raises: anything not understood is a word)."""
    words: list[str] = []
    tags: list[str] = []
    states: set[str] = set()
    favourite: bool | None = None
    saved: bool | None = None
    oldest_first = False
    for token in text.lower().split():
        if token.startswith("#") and len(token) > 1:
            tags.append(token.lstrip("#"))
            continue
        name, colon, value = token.partition(":")
        if colon and value:
            if name == "tag":
                tags.append(value.lstrip("#"))
                continue
            if name == "is":
                if value in _STATE_WORDS:
                    states.add(_STATE_WORDS[value])
                    continue
                if value in _FAVOURITE_WORDS:
                    favourite = True
                    continue
                if value in _SAVED_WORDS:
                    saved = _SAVED_WORDS[value]
                    continue
            if name == "sort" and value in ("oldest", "newest"):
                oldest_first = value == "oldest"
                continue
        words.append(token)
    return BookmarkQuery(
        tuple(words),
        tuple(dict.fromkeys(tags)),
        frozenset(states & set(BOOKMARK_STATES)),
        favourite,
        saved,
        oldest_first,
    )
