"""Start-up, measured as a user sees it: from starting a process in a terminal
(a pty, 120x40) to a given text appearing on screen, timed against a trivial
Textual app's first paint, alternating them in the same rounds. Three ways
users start the reader:

- `reader --offline URL`: a stored article, no network;
- `reader URL`: a stored article as users open it, online: the page is on a
  loopback HTTP server that serves it with an ETag, and the reader's
  revalidation must reach it (answered 304) before the run counts;
- `reader`: the start screen, with the library's recent pages listed.
"""

from __future__ import annotations

import asyncio
import os
import select
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.loopback import Served
from bench.store import ensure_store
from bench.terminal import ANSI, app_env, spawn_in_pty, stop
from reader.core.paths import Paths
from reader.library import Library

#: Bytes of earlier output scanned again with each new chunk.
OVERLAP = 4096
TRIVIAL_MARKER = "Trivial first paint ready"
TRIVIAL_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Static

class Trivial(App[None]):
    def compose(self) -> ComposeResult:
        yield Static({TRIVIAL_MARKER!r})

Trivial().run()
"""
#: The words that open the loopback article's text (what the online row waits for).
ONLINE_MARKER = "Quayside ferries kept their winter timetable"
ONLINE_PATH = "/2025/01/harbour/ferries-winter-timetable"


@dataclass(frozen=True)
class Launch:
    """A command to time: its argv, the text that says it is up, and what to
    check (untimed) after the text showed and before the process is stopped."""

    argv: list[str]
    marker: str
    after: Callable[[], None] | None = None


@dataclass(frozen=True)
class StartupFigures:
    """Median milliseconds to the marker text, ours and the trivial app's."""

    ours_median: float
    trivial_median: float
    runs: int


def time_to_text(
    argv: list[str],
    marker: str,
    env: dict[str, str],
    timeout: float = 30,
    after: Callable[[], None] | None = None,
) -> float:
    """Milliseconds from spawning `argv` in a 120x40 pty until `marker` shows;
    `after` runs once it showed (not timed), before the process is stopped."""
    start = time.perf_counter()
    process, master = spawn_in_pty(argv, env)
    seen = bytearray()
    wanted = marker.encode()
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            # Only the new bytes (and enough before them for an escape
            # sequence or the marker cut in two) are scanned: rescanning the
            # whole screen per chunk would charge our parsing to the app.
            window = seen[-OVERLAP:] + chunk
            seen += chunk
            if wanted in ANSI.sub(b"", window):
                elapsed = (time.perf_counter() - start) * 1000
                if after is not None:
                    _drain_while(master, after)
                return elapsed
        raise RuntimeError(f"{marker!r} never appeared; output ended with {seen[-300:]!r}")
    finally:
        stop(process, master)


def _drain_while(master: int, check: Callable[[], None]) -> None:
    """Run `check` in a thread while reading the pty, so that the app never
    blocks on a full terminal while it is being checked."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            check()
        except BaseException as exc:  # handed to the caller below
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    while thread.is_alive():
        ready, _, _ = select.select([master], [], [], 0.02)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break
    thread.join()
    if errors:
        raise errors[0]


def measure(
    readers: dict[str, Launch],
    env_extra: dict[str, str] | None = None,
    runs: int = 7,
) -> dict[str, StartupFigures]:
    """Time the trivial app and every reader command in turn, `runs` rounds
    (each starting with the next program): the machine's slow moments fall on
    all of them alike. Each reader's figures hold the trivial app's median of
    the same rounds."""
    env = {**app_env(), "COLUMNS": "120", "LINES": "40"}
    env.update(env_extra or {})
    trivial = [sys.executable, "-c", TRIVIAL_APP]
    time_to_text(trivial, TRIVIAL_MARKER, env)  # warm the disk cache (and write bytecode)
    for launch in readers.values():
        time_to_text(launch.argv, launch.marker, env, after=launch.after)
    theirs: list[float] = []
    ours: dict[str, list[float]] = {name: [] for name in readers}
    names: list[str | None] = [None, *readers]  # None: the trivial app
    for round_number in range(runs):
        # Each round starts with the next program: whichever runs right after
        # another was measured slower (by ~25 ms in paired runs), and no
        # program should always have the same place.
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            if name is None:
                theirs.append(time_to_text(trivial, TRIVIAL_MARKER, env))
            else:
                launch = readers[name]
                ours[name].append(time_to_text(launch.argv, launch.marker, env, after=launch.after))
    trivial_median = statistics.median(theirs)
    return {
        name: StartupFigures(statistics.median(times), trivial_median, runs)
        for name, times in ours.items()
    }


def reader_command(home: Path, url: str | None = None, *, offline: bool = True) -> list[str]:
    """The reader opening `url` (none: the start screen) with the library in
    `home`; with --offline unless `offline` is False."""
    argv = [sys.executable, "-m", "reader", "--home", str(home)]
    if offline:
        argv.append("--offline")
    return argv + ([url] if url else [])


# -- the online and start-screen rows' libraries ----------------------------------


def online_page(path: str) -> bytes:
    """The loopback news article (made up here; every path serves it)."""
    del path
    paragraphs = [
        f"{ONLINE_MARKER} for a third week, the port authority said on Tuesday, "
        "as repairs to the northern landing stage ran late.",
        "Commuters from the outer islands were told to expect the early sailing to "
        "leave twenty minutes sooner, and the last one to be dropped on weekdays.",
        "The authority said the new pontoon would be towed in once the tides allowed, "
        "and that the summer timetable would start as soon as it was moored.",
    ] * 4
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Ferries keep winter timetable as landing repairs run late - Harbour Post</title>"
        "<meta property='og:site_name' content='Harbour Post'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/local'>Local</a></nav><main><article>"
        "<h1>Ferries keep winter timetable as landing repairs run late</h1>"
        f"<p class='byline'>By a staff reporter</p>{body}</article></main>"
        "<footer>Harbour Post</footer></body></html>"
    ).encode()


def library_home(home: Path, count: int) -> Paths:
    """A reader home holding a copy of the synthetic library of `count`
    articles (a copy: the reader writes visits to it)."""
    paths = Paths(data=home / "data", config=home / "config").ensure()
    if not paths.database.exists():
        shutil.copyfile(ensure_store(count), paths.database)
    return paths


def store_online_page(home: Path, url: str, count: int) -> None:
    """Read `url` (on the loopback server) once with the real library, as a
    user did before: fetched, extracted and stored with its validators."""
    library = Library(paths=library_home(home, count))

    async def read() -> None:
        try:
            reading = await library.open(url)
            assert ONLINE_MARKER in reading.article.text, reading.article.text[:200]
        finally:
            await library.close()

    asyncio.run(read())


def recent_marker(home: Path, count: int) -> str:
    """The start screen's text to wait for: the most recent page's title
    (its first words)."""
    library = Library(paths=library_home(home, count))
    try:
        recent = library.recent(1)
    finally:
        asyncio.run(library.close())
    assert recent, "the library holds no visits"
    return " ".join(recent[0].title.split()[:3])


def revalidated(log: list[Served], path: str, timeout: float = 10) -> Callable[[], None]:
    """A check for `Launch.after`: the server got a new request for `path`
    that sent the stored ETag back and was answered 304 Not Modified."""
    checked = [sum(1 for s in log if s.path == path)]

    def check() -> None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            new = [s for s in log if s.path == path][checked[0] :]
            if new:
                checked[0] += len(new)
                bad = [s for s in new if s.status != 304 or not s.if_none_match]
                if bad:
                    raise RuntimeError(f"revalidation was not a 304 for the stored ETag: {bad}")
                return
            time.sleep(0.005)
        raise RuntimeError(f"the reader never revalidated {path} with the server")

    return check
