"""Reading positions as the library stores them: a small JSON object.

    {"block": 12, "offset": 340, "gap": 0}

`block` is the index in `Article.blocks` (-1 for the header), `offset` a
character offset in that block's text, `gap` the blank lines above the block
shown at the top of the view (see `ReadingPosition`). It survives re-wrapping
at another width; the fraction read is stored beside it by the library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reader.core.models import Page
from reader.core.urls import is_followable
from reader.ui.widgets.article_view import ReadingPosition

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
