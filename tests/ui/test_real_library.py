"""The app with the real Library, on a local HTML file (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.app import ReaderApp
from tests.ui.fakes import screen_text, wait_until

HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Night trains are back | Example Times</title>
<meta property="og:title" content="Night trains are back">
<meta property="og:site_name" content="Example Times">
<meta name="author" content="Jo Berg">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article>
<h1>Night trains are back</h1>
<p>After years of decline, sleeper services are running again across the
continent, and the first of them left the capital on Sunday evening with
every berth sold.</p>
<p>Operators say demand has grown faster than they can buy new carriages,
and several routes that were cut a decade ago are being planned again for
the coming timetable.</p>
<p>Passengers on the first train said they chose it to avoid a flight, and
because waking up in another city still feels like a small adventure.</p>
</article></main>
<footer>Copyright Example Times</footer>
</body></html>
"""


async def test_real_library_opens_a_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("reader.core.sources", reason="the fetcher is not in this tree yet")
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    from reader.library import Library

    page = tmp_path / "night-trains.html"
    page.write_text(HTML, encoding="utf-8")
    app = ReaderApp(Library(), source=str(page))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None or app.loading_source is None)
        assert app.reading is not None, screen_text(app)
        text = screen_text(app)
        assert "Night trains are back" in text
        assert "sleeper services are running again" in text
