"""Is the app responsive while it saves linked stories? Measured as a user meets it:
the real app in a pty (120x40) reads a story whose "Related" list links 50
pages; the loopback server answers each after 100 ms with a page of about
150 KB (menus, teasers, a long article: the size of a real news page). After
`p` starts saving (and enter confirms), PageDown or PageUp is pressed every
150 ms, and each press is timed from the key to the article's new lines on
screen, until saving ends.

The same presses with nothing being saved give the reference.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.large import PARAGRAPH_MARKER
from bench.loopback import serve_html
from bench.stats import p95
from bench.terminal import ANSI, Terminal, app_env

DELAY = 0.1
LINKED = 50
PAGE_DOWN = b"\x1b[6~"
PAGE_UP = b"\x1b[5~"


@dataclass(frozen=True)
class ResponsiveFigures:
    """Key-to-repaint times while saving and while idle (ms)."""

    saving_ms: list[float]
    idle_ms: list[float]
    linked_bytes: int

    @property
    def saving_p95(self) -> float:
        return p95(self.saving_ms)

    @property
    def saving_median(self) -> float:
        return statistics.median(self.saving_ms)

    @property
    def idle_median(self) -> float:
        return statistics.median(self.idle_ms)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(
        "".join(rng.choice("abdeghiklmnoprstuw") for _ in range(rng.randint(2, 9)))
        for _ in range(count)
    )


def _story(base: str) -> bytes:
    """The story being read: marked paragraphs, then 50 related links."""
    rng = random.Random(1)
    paragraphs = "".join(f"<p>pq{n:05d} {_words(rng, 70)}.</p>" for n in range(400))
    related = "".join(
        f'<li><a href="{base}/linked/{n}">Linked story number {n} {_words(rng, 6)}</a></li>'
        for n in range(LINKED)
    )
    return (
        "<html><head><title>The harbour inquiry - Bench News</title></head><body>"
        "<article><h1>The harbour inquiry</h1>" + paragraphs + "</article>"
        "<section><h2>Related</h2><ul>" + related + "</ul></section></body></html>"
    ).encode()


def _linked(n: int) -> bytes:
    """A linked page shaped like a real one: header menus, teaser grids, a long
    article, a footer; about 150 KB."""
    rng = random.Random(100 + n)
    menu = "".join(f'<li><a href="/section/{i}">{_words(rng, 2)}</a></li>' for i in range(60))
    teasers = "".join(
        f'<div class="card"><a href="/story/{n}-{i}"><img src="/i/{i}.jpg" alt="">'
        f"<h3>{_words(rng, 9)}</h3></a><p class='lede'>{_words(rng, 25)}</p></div>"
        for i in range(260)
    )
    body = "".join(f"<p>{_words(rng, 90)}.</p>" for _ in range(90))
    footer = "".join(f'<a href="/about/{i}">{_words(rng, 2)}</a>' for i in range(40))
    return (
        f"<html><head><title>Linked story {n} - Bench News</title>"
        f'<meta property="og:title" content="Linked story {n}"></head><body>'
        f"<header><nav><ul>{menu}</ul></nav></header>"
        f'<main><article><h1>Linked story {n}</h1><p class="byline">By A. Writer</p>{body}'
        f'</article><aside class="more">{teasers}</aside></main>'
        f"<footer>{footer}</footer></body></html>"
    ).encode()


def measure(interval: float = 0.15) -> ResponsiveFigures:
    """Run the app on the story, save its linked pages, and time PageDown."""
    linked = [_linked(n) for n in range(LINKED)]  # made before the app starts, not while timed
    story: list[bytes] = []  # made once the server has its address: it links there

    def page(path: str) -> bytes:
        if path.startswith("/linked/"):
            time.sleep(DELAY)
            return linked[int(path.rsplit("/", 1)[-1])]
        return story[0]

    with serve_html(page) as base, tempfile.TemporaryDirectory() as home:
        story.append(_story(base))
        config = Path(home, "config")
        config.mkdir()
        config.joinpath("config.toml").write_text(f"[save]\nmax_pages = {LINKED}\n")
        argv = [sys.executable, "-m", "reader", "--home", home, f"{base}/story"]
        terminal = Terminal(argv, app_env())
        try:
            terminal.wait_for(lambda text: b"pq00000" in text)
            time.sleep(0.5)
            keys = _scroll_keys()
            idle: list[float] = []
            for _ in range(8):
                time.sleep(interval)
                idle.append(_press(terminal, next(keys)))
            since = terminal.mark()
            terminal.send(b"p")
            terminal.wait_for(lambda text: b"Save linked stories" in text, since)
            time.sleep(0.3)
            terminal.send(b"\r")  # yes, save them all
            terminal.wait_for(lambda text: b"Saving linked stories" in text, since)
            saving: list[float] = []
            while not _done_saving(terminal, since):
                time.sleep(interval)
                saving.append(_press(terminal, next(keys)))
        finally:
            terminal.close()
    return ResponsiveFigures(saving_ms=saving, idle_ms=idle, linked_bytes=len(linked[0]))


def _scroll_keys(run: int = 20) -> Iterator[bytes]:
    """PageDown `run` times, PageUp as many, and again: always something to draw."""
    while True:
        yield from [PAGE_DOWN] * run
        yield from [PAGE_UP] * run


def _press(terminal: Terminal, key: bytes) -> float:
    """Milliseconds from a scroll key to the article's new lines on screen."""
    since = terminal.mark()
    terminal.send(key)
    return terminal.wait_for(PARAGRAPH_MARKER.search, since) * 1000


def _done_saving(terminal: Terminal, since: int) -> bool:
    with terminal.lock:
        text = ANSI.sub(b"", bytes(terminal.output[since:]))
    return b"for offline" in text.split(b"Saving linked stories")[-1]
