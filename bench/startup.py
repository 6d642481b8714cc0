"""Start-up, measured as a user sees it: from starting a process in a terminal
(a pty, 120x40) to a given text appearing on screen. The reader opening a
stored article (offline) is timed against a trivial Textual app's first paint,
alternating the two in the same run.
"""

from __future__ import annotations

import os
import select
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.terminal import ANSI, app_env, spawn_in_pty, stop

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


@dataclass(frozen=True)
class StartupFigures:
    """Median milliseconds to the marker text, ours and the trivial app's."""

    ours_median: float
    trivial_median: float
    runs: int


def time_to_text(argv: list[str], marker: str, env: dict[str, str], timeout: float = 30) -> float:
    """Milliseconds from spawning `argv` in a 120x40 pty until `marker` shows."""
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
                return (time.perf_counter() - start) * 1000
        raise RuntimeError(f"{marker!r} never appeared; output ended with {seen[-300:]!r}")
    finally:
        stop(process, master)


def measure(
    readers: dict[str, tuple[list[str], str]],
    env_extra: dict[str, str] | None = None,
    runs: int = 7,
) -> dict[str, StartupFigures]:
    """Time the trivial app and every reader command (argv, marker) in turn,
    `runs` rounds: the machine's slow moments fall on all of them alike.
    Each reader's figures hold the trivial app's median of the same rounds."""
    env = {**app_env(), "COLUMNS": "120", "LINES": "40"}
    env.update(env_extra or {})
    trivial = [sys.executable, "-c", TRIVIAL_APP]
    time_to_text(trivial, TRIVIAL_MARKER, env)  # warm the disk cache (and write bytecode)
    for argv, marker in readers.values():
        time_to_text(argv, marker, env)
    theirs: list[float] = []
    ours: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(runs):
        theirs.append(time_to_text(trivial, TRIVIAL_MARKER, env))
        for name, (argv, marker) in readers.items():
            ours[name].append(time_to_text(argv, marker, env))
    trivial_median = statistics.median(theirs)
    return {
        name: StartupFigures(statistics.median(times), trivial_median, runs)
        for name, times in ours.items()
    }


def reader_command(home: Path, url: str) -> list[str]:
    """The reader opening `url` from the library in `home`, offline."""
    return [sys.executable, "-m", "reader", "--home", str(home), "--offline", url]
