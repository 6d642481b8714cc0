"""The app's last line of defence for links: even when something hands it a
`javascript:`, `file:` or `data:` address (the extractor never lists them),
following it, in the reader or in the system browser, is refused with a
notice, and nothing is opened."""

from __future__ import annotations

import asyncio
from pathlib import Path

from reader.core.paths import resolve_paths
from reader.library import Library
from reader.ui.app import ReaderApp
from reader.ui.messages import FollowLink
from tests.ui.fakes import recorder

REFUSED = (
    "javascript:alert(document.cookie)",
    " JaVaScRiPt:void(0)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox",
    "mailto:desk@example.com",
    "http:///no-host",
    "\x1b]8;;https://evil.example\x07",
)


async def test_non_web_links_are_refused(tmp_path: Path, hostile_file: Path) -> None:
    library = Library(paths=resolve_paths(tmp_path / "home"))
    app = ReaderApp(library, source=str(hostile_file))
    opened: list[str] = []
    notes: list[str] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):
                if app.reading is not None:
                    break
                await asyncio.sleep(0.05)
            assert app.reading is not None
            app.open_external = recorder(opened)
            app.open_source = lambda source, **_: opened.append(source)  # type: ignore[method-assign]
            app.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign]
            for url in REFUSED:
                for external in (False, True):
                    app.post_message(FollowLink(url, external=external))
            await pilot.pause()
            await pilot.pause()
            assert app.is_running
    finally:
        await library.close()
    assert opened == []
    assert len(notes) == 2 * len(REFUSED)
    assert all(note.startswith("Not followed: only http and https") for note in notes)
    assert not any("\x1b" in note or "evil.example" in note for note in notes)
