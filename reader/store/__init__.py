"""The local store (SQLite). Never imports textual.

What lists and searches hand back (visits, search hits, cache figures) are
records of `reader.core.records`, shared with the library and the UI."""

from reader.store.db import StoreCorrupt, StoreError
from reader.store.records import StoredArticle
from reader.store.store import Store, normalize_tags

__all__ = [
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoredArticle",
    "normalize_tags",
]
