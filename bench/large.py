"""A large article (a 1 MB page, about 100k words), measured as a user meets it:
the real app in a pty (120x40), reading every byte it writes.

- text on screen: from pressing enter in the open dialog to the first
  paragraph's words on screen (fetch over loopback, extract, store, show);
- page-down: from sending PageDown to a paragraph never seen before on screen;
- find in page: the UI's find index over the article's text, in process;
- memory: the app's peak resident set (VmHWM, with any child process's)
  after the page is shown and paged through.

The app is started three times, each with a new library; the open time is the median.

Paragraphs carry unique markers ("pq00042") so the screen can be read.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.loopback import serve_html
from bench.terminal import ANSI, Terminal, app_env

#: The unique word that starts every paragraph of the test pages ("pq00042").
PARAGRAPH_MARKER = re.compile(rb"pq(\d{5})")
TARGET_BYTES = 1_000_000


def large_page(seed: int = 5) -> tuple[str, int]:
    """A news page of about 1 MB; returns (html, words in the body)."""
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice("abcdefghiklmnoprstuwy") for _ in range(rng.randint(2, 10)))
        for _ in range(8000)
    ]
    parts: list[str] = []
    size = words = 0
    n = 0
    while size < TARGET_BYTES:
        count = rng.randint(60, 140)
        text = " ".join(rng.choices(vocabulary, k=count))
        paragraph = f"<p>pq{n:05d} {text.capitalize()}.</p>"
        if n % 40 == 0:
            paragraph = f"<h2>Chapter {n // 40 + 1}</h2>" + paragraph
        parts.append(paragraph)
        size += len(paragraph)
        words += count + 1
        n += 1
    html = (
        "<html><head><title>The whole inquiry, every page - Long Reads</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>The whole inquiry, every page</h1>"
        + "".join(parts)
        + "</article><footer>Long Reads</footer></body></html>"
    )
    return html, words


@dataclass(frozen=True)
class LargeFigures:
    """What the large article costs."""

    page_bytes: int
    words: int
    open_ms: float
    page_down_ms: list[float]
    find_ms: list[float]
    peak_rss_mb: float

    @property
    def page_down_median(self) -> float:
        return statistics.median(self.page_down_ms)

    @property
    def find_median(self) -> float:
        return statistics.median(self.find_ms)


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process plus its children's (VmHWM, MB)."""
    total = 0
    for path in Path("/proc").glob("[0-9]*/status"):
        try:
            text = path.read_text()
        except OSError:
            continue
        if path.parent.name != str(pid) and f"\nPPid:\t{pid}\n" not in text:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", text)
        if match:
            total += int(match.group(1))
    return total / 1024


def measure(page_downs: int = 12, opens: int = 3) -> LargeFigures:
    """Open the large page in the real app `opens` times (a fresh app and
    library each time) and measure it; the open time is the median."""
    html, words = large_page()
    body = html.encode()

    open_ms: list[float] = []
    downs: list[float] = []
    rss = 0.0
    with serve_html(lambda path: body) as base:
        for _ in range(opens):
            opened, pressed, peak = _open_once(f"{base}/long-read", page_downs)
            open_ms.append(opened)
            downs += pressed
            rss = max(rss, peak)
    return LargeFigures(
        page_bytes=len(body),
        words=words,
        open_ms=statistics.median(open_ms),
        page_down_ms=downs,
        find_ms=_find_times(html),
        peak_rss_mb=rss,
    )


def _open_once(url: str, page_downs: int) -> tuple[float, list[float], float]:
    """One app: open `url` from the open box, press PageDown; (open ms,
    page-down ms, peak RSS MB)."""
    with tempfile.TemporaryDirectory() as home:
        terminal = Terminal([sys.executable, "-m", "reader", "--home", home], app_env())
        try:
            terminal.wait_for(lambda text: b"reader" in text or b"Open" in text)
            time.sleep(0.5)
            terminal.send(b"o")
            time.sleep(0.5)
            terminal.send(url.encode())
            time.sleep(0.3)
            since = terminal.mark()
            terminal.send(b"\r")
            open_s = terminal.wait_for(lambda text: b"pq00000" in text, since)
            time.sleep(0.5)
            seen = {int(m) for m in PARAGRAPH_MARKER.findall(ANSI.sub(b"", bytes(terminal.output)))}
            downs: list[float] = []
            for _ in range(page_downs):
                since = terminal.mark()
                terminal.send(b"\x1b[6~")  # PageDown

                def new_paragraph(text: bytes) -> bool:
                    return any(int(m) not in seen for m in PARAGRAPH_MARKER.findall(text))

                downs.append(terminal.wait_for(new_paragraph, since) * 1000)
                seen.update(
                    int(m) for m in PARAGRAPH_MARKER.findall(ANSI.sub(b"", bytes(terminal.output)))
                )
                time.sleep(0.15)
            rss = _peak_rss_mb(terminal.process.pid)
        finally:
            terminal.close()
    return open_s * 1000, downs, rss


def _find_times(html: str, rounds: int = 5) -> list[float]:
    """The UI's find-in-page over the article (index built once, as the app does)."""
    from reader.core.extract import extract_article
    from reader.ui.find import FindIndex

    article = extract_article(html, "https://long.example/read")
    index = FindIndex([block.text for block in article.blocks])
    times = []
    for query in ["pq01000", "the", "ab", "zzzz-not-there", "chapter 3"] * rounds:
        start = time.perf_counter()
        index.find(query)
        times.append((time.perf_counter() - start) * 1000)
    return times
