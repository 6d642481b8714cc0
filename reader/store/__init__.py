"""The local store (SQLite). Never imports textual."""

from reader.store.db import StoreCorrupt, StoreError
from reader.store.records import CacheStats, SearchHit, SnippetPart, StoredArticle, Visit
from reader.store.store import Store, normalize_tags

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
