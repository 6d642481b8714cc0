"""`recovering`: the decorator of Store methods that meet a damaged file:
the file is moved aside, a new library is started with the bookmarks that
can be salvaged, and the method runs once more."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, Protocol, TypeVar

from reader.store.db import StoreCorrupt

_T = TypeVar("_T")
_P = ParamSpec("_P")


class Recovers(Protocol):
    """A store that can start afresh from a damaged file."""

    def start_afresh(self, reason: str) -> None:
        """Move the damaged file aside and start a new library."""


def recovering(method: Callable[_P, _T]) -> Callable[_P, _T]:
    """Run a Store method; if the file turns out to be damaged, move it aside,
    start a new library with the bookmarks that can be salvaged, and retry once."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return method(*args, **kwargs)
        except StoreCorrupt as exc:
            store = args[0]
            assert hasattr(store, "start_afresh")
            store.start_afresh(str(exc))
            return method(*args, **kwargs)

    return wrapper
