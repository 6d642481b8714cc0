"""The address of the page on screen, at hand: shown (c), copied to the
clipboard (y), opened in the system browser (O), and offered in the open box
(o, filled in and selected); and following a link of the page.

Only our own address is ever copied: the page's URL as the library has it,
cleaned of control characters and refused when it is too long or has
spaces. It goes to the terminal's clipboard through OSC 52 (Textual base64
encodes it, so nothing in it can reach the terminal as a sequence) and, when
one is installed, to a clipboard tool (wl-copy, xclip, xsel, pbcopy,
clip.exe), which is how the copy also works where the terminal ignores
OSC 52.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.core.sanitize import clean_line
from reader.core.urls import is_followable, shorten
from reader.ui.browser import open_and_say
from reader.ui.formatting import not_followed_message, page_not_opened_message

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

#: Longest address copied (characters); longer ones are not ours to copy.
MAX_ADDRESS = 8192
#: A clipboard tool gets this long to take the text (seconds).
TOOL_TIMEOUT = 3.0


def page_address(app: ReaderApp) -> str | None:
    """The address of the page on screen (as fetched, after redirects), or None."""
    reading = app.reading
    if reading is None:
        return None
    url = clean_line(reading.page.url or reading.article.url or reading.source)
    if not url or len(url) > MAX_ADDRESS or " " in url:
        return None
    return url


def clipboard_tools(env: dict[str, str] | None = None) -> list[list[str]]:
    """The clipboard commands found on this machine, the likeliest first."""
    env = dict(os.environ) if env is None else env
    candidates: list[tuple[bool, list[str]]] = [
        (bool(env.get("WAYLAND_DISPLAY")), ["wl-copy"]),
        (bool(env.get("DISPLAY")), ["xclip", "-selection", "clipboard"]),
        (bool(env.get("DISPLAY")), ["xsel", "--clipboard", "--input"]),
        (True, ["pbcopy"]),
        (True, ["clip.exe"]),
    ]
    return [command for usable, command in candidates if usable and shutil.which(command[0])]


def copy_with_tool(text: str, tools: Sequence[list[str]]) -> str | None:
    """Give `text` to the first clipboard tool that takes it; its name, or None."""
    for command in tools:
        try:
            done = subprocess.run(
                command,
                input=text.encode(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TOOL_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return command[0]
    return None


def copy_address(app: ReaderApp, tools: Callable[[], list[list[str]]] = clipboard_tools) -> None:
    """y: the page's address to the clipboard, and say so (with the address)."""
    url = page_address(app)
    if url is None:
        app.notify("This page has no address to copy.", severity="warning", markup=False)
        return
    app.copy_to_clipboard(url)  # OSC 52: the terminal's clipboard, over ssh too
    found = tools()
    if not found:
        app.notify(
            f"Copied through the terminal (OSC 52): {shorten(url, 200)}",
            title="Address copied",
            markup=False,
        )
        return

    def copy_in_thread() -> None:
        tool = copy_with_tool(url, found)
        how = f"with {tool}" if tool else "through the terminal (OSC 52)"
        app.call_from_thread(
            app.notify, f"Copied {how}: {shorten(url, 200)}", title="Address copied", markup=False
        )

    app.run_worker(copy_in_thread, thread=True, group="clipboard", description="copying")


def show_address(app: ReaderApp) -> None:
    """c: the page's address in a box, whole, with keys to copy or edit it."""
    from reader.ui.screens.address import AddressChoice, AddressDialog

    url = page_address(app)
    if url is None:
        app.notify("No page is open.", severity="warning", markup=False)
        return

    def chosen(choice: AddressChoice | None) -> None:
        if choice == "copy":
            copy_address(app)
        elif choice == "edit":
            from reader.ui.openers import show_open

            show_open(app)

    app.push_screen(AddressDialog(url), callback=chosen)


def open_page_in_browser(app: ReaderApp) -> None:
    """O: the page in the system browser; with none, the address to copy."""
    url = page_address(app)
    refused = page_not_opened_message(url)
    if refused or url is None:
        app.notify(refused or "Nothing to open.", severity="warning", markup=False)
    elif app.open_external(url):
        app.notify(f"Opened in the browser: {shorten(url)}", markup=False)
    else:
        app.notify(
            f"No system browser could be started. The address: {shorten(url, 200)} · y copies it",
            severity="warning",
            markup=False,
            timeout=10,
        )


def follow_link(app: ReaderApp, url: str, *, external: bool) -> None:
    """Follow a link of the page, here or in the system browser (`external`):
    http and https only, anything else is refused with a message."""
    if not is_followable(url):
        app.notify(not_followed_message(url), severity="warning", markup=False)
    elif external:
        open_and_say(app, app.open_external, url, "")
    else:
        app.open_source(url)
