"""`make screenshots`: the README's pictures, made by driving the real app on
the bundled demo site.

    python -m bench.screenshots [--out screenshots] [--themes DIR]

Each picture gets a fresh temporary library (READER_HOME), the demo server
on a fixed loopback port, a 120x40 terminal, a fixed clock and time zone,
so the same code gives the same SVG bytes. `--themes DIR` also writes the
lead story and an English story in every theme (for checking themes by eye;
convert with `rsvg-convert`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.config import Config
from reader.core.paths import Paths
from reader.demo.follow import follow_demo
from reader.demo.newsroom import Newsroom
from reader.demo.server import DemoServer
from reader.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.news import NewsScreen
from reader.ui.screens.search import SearchScreen
from reader.ui.themes import load_themes

#: The demo server's port, so that addresses on screen are always the same.
DEMO_PORT = 47321
SIZE = (120, 40)
#: "Now" for every picture.
FIXED_NOW = datetime(2025, 3, 20, 9, 30, tzinfo=UTC)

LEAD = "/id/berita/2025/03/jembatan-gantung-sungai-lamat-diresmikan.html"
ENGLISH = "/en/stories/council-approves-tram-extension.html"
STORIES = (
    LEAD,
    "/id/berita/2025/03/puskesmas-terapung-mulai-beroperasi.html",
    "/id/berita/2025/03/kebun-gizi-sekolah-dasar.html",
    "/id/berita/2025/03/festival-kopi-gunung-arum.html",
    "/id/berita/2025/03/harga-cabai-rawit-melonjak-jelang-ramadan.html",
    "/id/berita/2025/03/persilam-tundukkan-bintang-selatan.html",
    ENGLISH,
    "/en/stories/fishing-co-op-splits-quota.html",
    "/en/stories/night-market-returns.html",
    "/en/stories/reservoir-levels-hosepipe-limits.html",
    "/en/stories/library-robotics-club-national-final.html",
)
#: (path, tags, note, days before FIXED_NOW) of the bookmarks in the picture.
BOOKMARKS = (
    (ENGLISH, ("transport", "city"), "Ask the council about night trams", 9),
    (LEAD, ("infrastruktur",), "", 6),
    ("/id/berita/2025/03/festival-kopi-gunung-arum.html", ("kopi", "akhir-pekan"), "", 4),
    ("/en/stories/night-market-returns.html", ("weekend",), "Fridays from six", 2),
    ("/id/berita/2025/03/puskesmas-terapung-mulai-beroperasi.html", ("kesehatan",), "", 1),
)
#: A word found in several demo stories.
SEARCH_WORD = "warga"

#: A page with every kind of block, for checking the themes by eye.
SAMPLER = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Every block, for checking themes</title>
<meta name="author" content="Reader Tests"><meta property="og:site_name" content="Sampler">
</head><body><main><article><h1>Every block, for checking themes</h1>
<p>The harbour opens at six. A <a href="https://example.com/a">link in the text</a>, some
<b>bold</b>, some <i>italic</i> and <code>inline code</code> sit in this paragraph, with a
long address: https://example.com/a/very/long/path/that/has/to/wrap/somewhere/near/the/edge
and a longwordwithoutanyspacesthatmustbreakacrossthelinebecauseitisfartoolongforit.</p>
<h2>A second-level heading</h2>
<blockquote><p>The harbour was quiet, the water dark, and the lamps on the quay
were lit one by one.</p></blockquote>
<ul><li>First item of a list</li><li>Second item, which is long enough to wrap onto the
next line of the column</li></ul>
<pre><code>def harbour(tide: int) -&gt; str:
    return "open" if tide &gt; 2 else "closed"</code></pre>
<h3>A third-level heading</h3>
<p>The harbour closes when the tide is low; <a href="https://example.com/b">another
link</a> and a final sentence about the harbour.</p>
<figure><img src="https://example.com/crane.jpg" alt="A crane over the harbour at dusk">
<figcaption>The crane at dusk, from the quay.</figcaption></figure>
</article></main></body></html>
"""

#: Stands for the sampler page (written to the temporary home).
SAMPLER_PATH = "sampler"

Steps = Callable[[Pilot[Any], ReaderApp], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    """One picture: its file, the app's settings, where it starts, what to do."""

    filename: str
    config: Config
    path: str | None
    steps: Steps
    library: bool = False
    """Read the demo stories and add the bookmarks first."""
    news: bool = False
    """Follow the demo's sources first (refreshed), two stories read."""
    size: tuple[int, int] = SIZE


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], limit: float = 20) -> None:
    """Let the app run until `condition()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.02)
    await pilot.pause()


async def settle(pilot: Pilot[Any], app: ReaderApp) -> None:
    """Let every worker finish and clear the notifications."""
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    app.clear_notifications()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def loaded(pilot: Pilot[Any], app: ReaderApp) -> None:
    """Wait for the page to be on screen."""
    await wait_until(pilot, lambda: app.reading is not None and app.loading_source is None)
    await settle(pilot, app)


async def bookmarks(pilot: Pilot[Any], app: ReaderApp) -> None:
    """The bookmarks screen (the queue to read), the cursor on the second bookmark."""
    await pilot.pause(0.3)
    await pilot.press("B")
    await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
    screen = app.screen
    assert isinstance(screen, BookmarksScreen)
    screen.input.cursor_blink = False
    await wait_until(pilot, lambda: screen.loaded and screen.counts is not None)
    await pilot.press("down", "down")
    await settle(pilot, app)


async def search(pilot: Pilot[Any], app: ReaderApp) -> None:
    """Search results for a word found in several stories."""
    await pilot.pause(0.3)
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.input.cursor_blink = False
    await pilot.press(*SEARCH_WORD)
    await wait_until(pilot, lambda: screen.query_shown == SEARCH_WORD)
    await settle(pilot, app)


async def details(pilot: Pilot[Any], app: ReaderApp) -> None:
    """Find highlights, link labels, the offline badge and the bookmark mark."""
    await loaded(pilot, app)
    await pilot.press("slash", *"harbour", "enter", "n")
    screen = app.reading_screen
    screen.status_bar.show_badge("offline · saved 3 days ago", kind="offline")
    screen.status_bar.show_bookmarked(True)
    await pilot.press("f")
    await pilot.pause(0.2)


async def sidebar_focus(pilot: Pilot[Any], app: ReaderApp) -> None:
    """The sidebar with the keyboard, and a notification."""
    await loaded(pilot, app)
    await pilot.press("tab", "down", "down")
    app.notify(f"Theme: {app.theme}", markup=False, timeout=30)
    await pilot.pause(0.3)


async def help_keys(pilot: Pilot[Any], app: ReaderApp) -> None:
    """The keys, over the lead story."""
    await loaded(pilot, app)
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
    await settle(pilot, app)


async def news(pilot: Pilot[Any], app: ReaderApp) -> None:
    """The news screen (`reader` with sources followed): all stories, read and
    unread, newest first."""
    await wait_until(pilot, lambda: isinstance(app.screen, NewsScreen) and app.screen.loaded)
    await pilot.press("tab", "down", "enter")  # "All stories", then back to the river
    await settle(pilot, app)
    await pilot.press("down", "down")
    await settle(pilot, app)


SHOTS = (
    Shot(
        "indonesian-dark-sidebar.svg",
        Config(theme="harbour-night", sidebar="shown"),
        LEAD,
        loaded,
    ),
    Shot("english-light.svg", Config(theme="paper", sidebar="hidden"), ENGLISH, loaded),
    Shot("bookmarks.svg", Config(theme="harbour-night"), None, bookmarks, library=True),
    Shot("search.svg", Config(theme="harbour-night"), None, search, library=True),
    Shot("help.svg", Config(theme="harbour-night"), LEAD, help_keys),
    Shot("news.svg", Config(theme="harbour-night"), None, news, news=True),
    Shot("news-wide.svg", Config(theme="paper"), None, news, news=True, size=(200, 60)),
)
#: Read in the news pictures (the river shows read and unread stories).
NEWS_READ = (ENGLISH, "/id/berita/2025/03/kebun-gizi-sekolah-dasar.html")


async def follow_news(paths: Paths, demo: DemoServer) -> None:
    """Follow and refresh the demo's sources as `reader --demo` does; read two stories."""
    library = Library(paths=paths)
    try:
        _, problems = await follow_demo(library, demo)
        assert not problems, problems
        library.news.mark_read([demo.url(path) for path in NEWS_READ])
    finally:
        await library.close()


async def fill_library(paths: Paths, demo: DemoServer) -> None:
    """Read the demo stories into the library and bookmark a few."""
    library = Library(paths=paths)
    try:
        titles = {}
        for path in STORIES:
            reading = await library.open(demo.url(path))
            titles[path] = reading.article.title
        for path, tags, note, days in BOOKMARKS:
            created = FIXED_NOW - timedelta(days=days, hours=path.count("/"))
            library.store.add_bookmark(demo.url(path), titles[path], tags, note, created=created)
        # the queue: a favourite, one read already (counted in the heading, not listed)
        library.store.set_favourite([demo.url(ENGLISH)], True)
        library.store.set_bookmark_state([demo.url(BOOKMARKS[2][0])], "read")
    finally:
        await library.close()


async def take(shot: Shot, demo: DemoServer, out: Path) -> Path:
    """Make one picture in a fresh temporary home."""
    with tempfile.TemporaryDirectory(prefix="reader-shot-") as home:
        paths = Paths(data=Path(home) / "data", config=Path(home) / "config")
        if shot.library:
            await fill_library(paths, demo)
        if shot.news:
            await follow_news(paths, demo)
        library = Library(paths=paths)
        source = demo.url(shot.path) if shot.path else None
        if shot.path == SAMPLER_PATH:
            source = str(Path(home) / "sampler.html")
            Path(source).write_text(SAMPLER, encoding="utf-8")
        # no paths: the picture shows no temporary folder, and nothing is saved
        app = ReaderApp(library, source=source, config=shot.config)
        app.clock = lambda: FIXED_NOW
        app.timezone = UTC
        async with app.run_test(size=shot.size, notifications=True) as pilot:
            await shot.steps(pilot, app)
            written = app.save_screenshot(filename=shot.filename, path=str(out))
        return Path(written)


async def make_all(out: Path, themes_dir: Path | None) -> list[Path]:
    """Every picture (and, with `themes_dir`, every theme)."""
    out.mkdir(parents=True, exist_ok=True)
    shots = [(shot, out) for shot in SHOTS]
    if themes_dir is not None:
        themes_dir.mkdir(parents=True, exist_ok=True)
        for name in load_themes().names:
            config = Config(theme=name)
            shots += [
                (Shot(f"{name}-lead.svg", config, LEAD, sidebar_focus), themes_dir),
                (Shot(f"{name}-details.svg", config, SAMPLER_PATH, details), themes_dir),
            ]
    written = []
    # Two stories published 40 and 95 minutes before the pictures' "now".
    published = [FIXED_NOW - timedelta(minutes=95)]
    newsroom = Newsroom(clock=lambda: published[0])
    newsroom.publish("en")
    published[0] = FIXED_NOW - timedelta(minutes=40)
    newsroom.publish("id")
    demo = DemoServer(port=DEMO_PORT, newsroom=newsroom)
    try:
        demo.start()
    except OSError:
        print(f"port {DEMO_PORT} is busy: addresses in the pictures will differ", file=sys.stderr)
        demo = DemoServer(newsroom=newsroom)
        demo.start()
    try:
        for shot, target in shots:
            written.append(await take(shot, demo, target))
    finally:
        demo.stop()
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the pictures; prints each file written."""
    parser = argparse.ArgumentParser(prog="python -m bench.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="where to write")
    parser.add_argument("--themes", type=Path, default=None, help="also every theme, here")
    ns = parser.parse_args(argv)
    for path in asyncio.run(make_all(ns.out, ns.themes)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
