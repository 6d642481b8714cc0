"""The local store (SQLite). Never imports textual.

Visits, search hits and cache figures (`reader.store.results`) load when first
asked for: opening a stored page needs none of them."""

from typing import TYPE_CHECKING, Any

from reader.store.db import StoreCorrupt, StoreError
from reader.store.records import StoredArticle
from reader.store.store import Store, normalize_tags

if TYPE_CHECKING:
    from reader.store.results import CacheStats, SearchHit, SnippetPart, Visit

__all__ = [
    "CacheStats",
    "SearchHit",
    "SnippetPart",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoredArticle",
    "Visit",
    "normalize_tags",
]

_RESULTS = frozenset({"CacheStats", "SearchHit", "SnippetPart", "Visit"})


def __getattr__(name: str) -> Any:
    if name in _RESULTS:
        from reader.store import results

        return getattr(results, name)
    raise AttributeError(f"module 'reader.store' has no attribute {name!r}")
