"""Reading positions: where reading stopped, as the library stores it (a
small JSON object), and `ReadingPlaces`, which saves it for the app.

    {"block": 12, "offset": 340, "gap": 0}

`block` is the index in `Article.blocks` (-1 for the header), `offset` a
character offset in that block's text, `gap` the blank lines above the block
shown at the top of the view (see `ReadingPosition`). It survives re-wrapping
at another width; the fraction read is stored beside it by the library.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.timer import Timer

from reader.core.models import Page
from reader.core.records import Reading
from reader.core.urls import is_followable
from reader.ui.widgets.article_view import ArticleView, ReadingPosition

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike

#: The largest values accepted from the store (anything else is ignored).
_LIMIT = 10_000_000


def position_to_dict(position: ReadingPosition) -> dict[str, int]:
    """The stored shape of `position`."""
    return {"block": position.block, "offset": position.offset, "gap": position.gap}


def position_from_dict(data: Mapping[str, Any] | None) -> ReadingPosition | None:
    """A position read back from the store, or None when it is missing or malformed."""
    if not data:
        return None
    try:
        block = int(data.get("block", -1))
        offset = int(data.get("offset", 0))
        gap = int(data.get("gap", 0))
    except (TypeError, ValueError):
        return None
    if not (-1 <= block < _LIMIT and 0 <= offset < _LIMIT and 0 <= gap < 1000):
        return None
    return ReadingPosition(block, offset, gap)


def position_key(source: str, page: Page) -> str:
    """The address a page's position is kept under: the page's final
    address (after redirects) when it is a web page, else the source."""
    return page.url if page.url and is_followable(page.url) else source


def is_top(position: ReadingPosition) -> bool:
    """Whether `position` is the top of the page (nothing worth restoring)."""
    return position.block < 0 or (position.block == 0 and position.offset == 0)


class ReadingPlaces:
    """Where reading stopped on the page on screen, kept in the library: saved
    a moment after scrolling stops, when leaving the page and at quit (once
    per place), in a thread worker of the app's."""

    def __init__(self, app: App[Any], library: LibraryLike, delay: Callable[[], float]) -> None:
        """`delay()` is how long after scrolling stops to save (seconds)."""
        self.app = app
        self.library = library
        self.delay = delay
        self._timer: Timer | None = None
        self._saved: tuple[str, ReadingPosition] | None = None

    def scrolled(self, save: Callable[[], None]) -> None:
        """The reader scrolled: `save()` once scrolling pauses."""
        self.stop()
        self._timer = self.app.set_timer(self.delay(), save)

    def stop(self) -> None:
        """Forget a save waiting for scrolling to pause."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def stored(self, reading: Reading) -> ReadingPosition | None:
        """Where reading stopped on `reading` last time (a database read)."""
        return position_from_dict(self.library.position(position_key(reading.source, reading.page)))

    def forget(self) -> None:
        """A new page is on screen: nothing of it is saved yet."""
        self._saved = None

    def save(self, reading: Reading, view: ArticleView) -> None:
        """Save where reading stopped on `reading` (in a thread), unless it
        was saved there already."""
        self.stop()
        current = self._place(reading, view)
        if current is None or self._saved == current[:2]:
            return
        key, position, fraction = current
        self._saved = (key, position)
        self.app.run_worker(
            lambda: self.library.save_position(key, position_to_dict(position), fraction),
            thread=True,
            group="position",
            description="saving your place",
            exit_on_error=False,
        )

    async def save_now(self, reading: Reading, view: ArticleView) -> None:
        """Save the place before quitting, if it moved since it was saved."""
        current = self._place(reading, view)
        if current is not None and self._saved != current[:2]:
            key, position, fraction = current
            with suppress(Exception):  # leaving must never fail for want of a saved place
                await asyncio.to_thread(
                    self.library.save_position, key, position_to_dict(position), fraction
                )

    @staticmethod
    def _place(
        reading: Reading, view: ArticleView
    ) -> tuple[str, ReadingPosition, float | None] | None:
        """The key, position and fraction read of `reading` in `view`."""
        if view.article is None:
            return None
        return position_key(reading.source, reading.page), view.position, view.scroll_fraction
