"""What the app starts once its first screen is painted (never before: it
would delay it): the library's warm-up (the extractor and network stack
loaded while the reader reads, not when they open the next page) and the
round of saving bookmarked pages not stored yet (`reader.ui.bookmark_saver`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def after_first_paint(app: ReaderApp) -> None:
    """Warm the library up in a thread; save bookmarked pages a little later."""
    warm_up = app.library.warm_up
    app.run_worker(warm_up, thread=True, exit_on_error=False, description="warming up")
    app.bookmark_saver.start_later()
