"""The one place that runs the data flow, for the TUI and the CLI alike:

    source --load--> Page --store--> --extract--> Article --store--> Reading

`Library` (flow.py) opens sources: a page read before opens at once from the
store, and the UI then asks `revalidate` to check it with the server
(If-None-Match / If-Modified-Since) in the background; offline, the stored
copy is shown with a badge. A page just read is stored a moment later, off
the event loop (background.py); stories linked from a page are saved for
offline concurrently within the limits (bulk.py). The sources a user
follows and their stories are `Library.news` (news.py: following, read marks,
import and export; refresh.py: the refresh engine; schedule.py: when a source
is asked next). Bookmarks, history and search are thin store calls
(shelf.py). Fetching is async
(httpx); extraction and database work run in worker threads so the event
loop, and so the UI, never blocks.
"""

from reader.library.flow import Library

__all__ = ["Library"]
