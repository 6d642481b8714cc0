"""The local store (SQLite). Never imports textual.

`Store` (in `store`) owns the connections and hands each operation to the
module that holds it: `pages` (pages, aliases, articles), `history` (visits,
link marks, reading positions), `bookmarks`, `search`, `cache` (figures,
purging, size cap), `sources` (the feeds and pages followed, their refresh
state) and `items` (the stories they bring, read state, retention). `db`
holds the connections and locks, `schema` the migrations and how times are
written, `search_index` the upkeep of the full-text index, `recover` the
salvage of a damaged file, `exchange` bookmark files. What lists and searches
hand back (visits, search hits, cache figures, sources, stories) are records
of `reader.core.records`, shared with the library and the UI."""

from reader.store.db import StoreCorrupt, StoreError
from reader.store.pages import StoredArticle
from reader.store.store import Store

__all__ = [
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoredArticle",
]
