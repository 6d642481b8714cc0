"""Opening a page in the system browser, only for http(s) addresses."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from textual.app import App

from reader.core.urls import is_followable, shorten


def open_in_browser(
    url: str, suspend: Callable[[], AbstractContextManager[object]] | None = None
) -> bool:
    """Open `url` with the system browser; False when there is none or the URL
    is not http(s).

    Terminal browsers (lynx, w3m, ...) take over the terminal, so they run
    inside `suspend()` (the app's `App.suspend`) when it is given.
    """
    if not is_followable(url):
        return False
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    console = type(browser) is webbrowser.GenericBrowser
    context = suspend() if console and suspend is not None else nullcontext()
    try:
        with context:
            return bool(browser.open(url))
    except Exception:  # a missing or broken browser must not take the app down
        return False


def open_and_say(
    app: App[Any], opener: Callable[[str], bool], url: str | None, refused: str
) -> None:
    """Open an http(s) `url` in the system browser with `opener` (the app's,
    which tests replace) and say whether it worked; or say why not (`refused`)."""
    if refused or not url:
        app.notify(refused or "Nothing to open.", severity="warning", markup=False)
    elif opener(url):
        app.notify(f"Opened in the browser: {shorten(url)}", markup=False)
    else:
        app.notify("No system browser could be started.", severity="warning", markup=False)
