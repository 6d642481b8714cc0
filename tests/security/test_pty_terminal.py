"""Terminal safety end to end: the real app in a pseudo-terminal, every byte it
writes captured while it reads a hostile page, follows its links, shows
dialogs, notifications and the library screens.

The page (tests/security/conftest.py) carries OSC 52/8/0/2/777, CSI clears,
cursor moves and terminal queries, DCS/APC/PM/SOS strings, C0 and C1
controls, bidi overrides and isolates, Rich/Textual markup and two
100,000-character lines, in its title, byline, site name, headings, body,
list items, table, code, image alt text, caption, link texts and link
addresses. The assertions: no payload marker and no escape sequence Textual
does not write itself ever reaches the terminal, the markup shows as text,
and the app is alive until `q`, then exits 0.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.security.conftest import (
    MARKUP,
    HostileSite,
    PtySession,
    leaks,
    reader_argv,
    screen_text,
)

ESC = "\x1b"
ENTER = "\r"
CTRL_F = "\x06"


def _has_screen(module: str) -> bool:
    return importlib.util.find_spec(f"reader.ui.screens.{module}") is not None


def _escape(session: PtySession) -> None:
    """Press escape alone: the pause keeps it from starting an escape sequence."""
    session.send(ESC, pause=0.15)


def _close_screen(session: PtySession) -> None:
    """Escape out of a screen, and wait for the article to be back."""
    mark = session.mark()
    _escape(session)
    session.wait_for("Water board", since=mark)


def _assert_clean(session: PtySession) -> None:
    found = leaks(session.output)
    assert not found, f"reached the terminal: {found}"


def _follow(session: PtySession, key: str, *expected: str) -> str:
    """Press a link-number key and wait for one of `expected`."""
    mark = session.mark()
    session.send(key)
    return session.wait_for(*expected, since=mark)


def test_hostile_page_in_a_real_terminal(
    pty_session: type[PtySession], hostile_site: HostileSite, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    session = pty_session(reader_argv("--home", str(home), hostile_site.hostile_url))

    # The page arrives; the markup on it is shown as text.
    session.wait_for("Water board", timeout=20)
    session.wait_for("Most read")  # the sidebar with the link sections
    shown = screen_text(session.output)
    for markup in MARKUP:
        assert markup in shown, f"{markup!r} is not shown as text"
    assert "Eve Mallory" in shown
    assert "[@click=app.quit]quit[/]" in shown
    _assert_clean(session)

    # Scrolling through the whole page, two 100k-character lines included.
    for key in ("j", "j", " ", "G"):
        session.send(key)
    mark = session.mark()
    session.send("g")
    session.wait_for("Water board", since=mark)
    assert session.alive()

    # Find in the page, with a query that is markup itself.
    session.send("/", pause=0.2)
    session.send("[/]" + ENTER, pause=0.3)
    _escape(session)
    _escape(session)

    # Hint labels over the article's own links (only http ones get a label).
    session.send("f", pause=0.3)
    _escape(session)

    # Link 1 goes to the second page through an address full of escapes.
    mark = session.mark()
    _follow(session, "1", "Second story")
    session.wait_for("about rates", since=mark)
    mark = session.mark()
    session.send("\x7f")  # backspace: back
    session.wait_for("Water board", since=mark)

    # Link 2 redirects to javascript:, link 3 answers 404 with an escape in
    # its reason phrase: each says why in a dialog, and the app goes on.
    _follow(session, "2", "non-web address")
    session.send(ENTER, pause=0.3)
    _follow(session, "3", "The server answered 404")
    session.send(ENTER, pause=0.3)

    # Typed addresses: javascript: and data: are refused in the open dialog.
    for address in ("javascript:alert(1)", "data:text/html,hi"):
        mark = session.mark()
        session.send("o", pause=0.3)
        session.wait_for("Open a page", since=mark)
        session.send(address + ENTER, pause=0.2)
        session.wait_for("Only http and https", since=mark)
        _escape(session)

    # Bookmark it (the dialog shows the hostile title), then save its links:
    # the report lists the failures with the servers' reasons.
    mark = session.mark()
    session.send("m", pause=0.3)
    session.wait_for("Bookmark this page", since=mark)
    session.send(ENTER)
    session.wait_for("Bookmarked", since=mark)
    mark = session.mark()
    session.send("p")
    session.wait_for("failed", since=mark, timeout=15)
    session.send(ENTER, pause=0.3)

    # The keys screen, if there is one yet (it shows no page text, but must
    # open and close over the hostile page).
    if _has_screen("help"):
        mark = session.mark()
        session.send("?", pause=0.3)
        session.wait_for("esc closes", since=mark)
        _close_screen(session)

    # The library screens, with the hostile page in the library.
    if _has_screen("bookmarks"):
        mark = session.mark()
        session.send("B", pause=0.3)
        session.wait_for("Filter: words", since=mark)  # its box, not the footer's "Bookmarks"
        session.wait_for("Water board", since=mark)
        _close_screen(session)
    if _has_screen("visits"):
        mark = session.mark()
        session.send("H", pause=0.3)
        session.wait_for("Today", since=mark)  # the day heading
        session.wait_for("Second story", since=mark)
        _close_screen(session)
    if _has_screen("search"):
        mark = session.mark()
        session.send(CTRL_F, pause=0.3)
        session.wait_for("Search the library", since=mark)
        session.send("water board", pause=0.5)
        session.wait_for("Water board", since=mark)
        _escape(session)  # the first escape clears the box, the second closes
        _close_screen(session)

    assert session.alive(), "the app died"
    _assert_clean(session)
    text = screen_text(session.output)
    assert "root:x:0" not in text  # the file: links were never opened
    session.send("q")
    assert session.wait_exit() == 0
    _assert_clean(session)
    if not (_has_screen("bookmarks") and _has_screen("visits") and _has_screen("search")):
        pytest.skip("bookmarks/history/search screens are not there yet: only partly checked")


def test_hostile_page_in_a_small_terminal(
    pty_session: type[PtySession], hostile_site: HostileSite, tmp_path: Path
) -> None:
    """80x24: the sidebar starts folded and opens over the article."""
    home = tmp_path / "home"
    session = pty_session(reader_argv("--home", str(home), hostile_site.hostile_url), size=(80, 24))
    session.wait_for("Water board", timeout=20)
    mark = session.mark()
    session.send("s", pause=0.3)
    session.wait_for("Most read", since=mark)
    for key in ("j", "j", "k", "k"):
        session.send(key)
    mark = session.mark()
    session.send(ENTER)
    session.wait_for("Second story", since=mark)
    assert session.alive()
    session.send("q")
    assert session.wait_exit() == 0
    _assert_clean(session)
    assert "[@click=app.quit]" in screen_text(session.output)


def test_hostile_file_from_the_command_line(
    pty_session: type[PtySession], hostile_file: Path, tmp_path: Path
) -> None:
    """A local file takes the other road (no fetch, no store): as safe. Its
    relative links resolve to file: addresses, so the sidebar lists none."""
    session = pty_session(reader_argv("--home", str(tmp_path / "home"), str(hostile_file)))
    session.wait_for("Water board", timeout=20)
    session.wait_for("[@click=app.quit]quit[/]")
    session.send("G", pause=0.3)
    assert session.alive()
    session.send("q")
    assert session.wait_exit() == 0
    _assert_clean(session)
