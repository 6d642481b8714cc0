"""A slow news web for the refresh benchmarks: several loopback hosts
(127.0.0.2, 127.0.0.3, ...), each serving RSS feeds and the stories they
link, every response (304s too) sent after a fixed delay, from a process of
its own.

    with NewsWeb(hosts=10, feeds=100, items=20) as web:
        web.feed_urls            # 100 feeds, spread over the hosts
        web.log                  # every request answered: (path, status)

Every feed and story carries an ETag and a Last-Modified date, and a request
sending the ETag back is answered 304 Not Modified. Story pages are about
`story_kb` KB and shaped like real ones (menus, teaser cards, a long
article, a footer): a few bodies are made before serving and each story gets
its own title, so serving costs the server next to nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType

LAST_MODIFIED = "Wed, 01 Jan 2025 08:00:00 GMT"
_LETTERS = "abdeghiklmnoprstuw"
_BODIES = 8


def _words(rng: random.Random, count: int) -> str:
    return " ".join(
        "".join(rng.choice(_LETTERS) for _ in range(rng.randint(2, 9))) for _ in range(count)
    )


def story_body(seed: int, kb: int) -> str:
    """A story page template of about `kb` KB with `{title}` and `{lede}` to fill:
    most of its weight in scripts, styles and attributes as on real news pages
    (the corpus's pages extract in ~25 ms at the median; these in about as long)."""
    rng = random.Random(seed)
    menu = "".join(
        f'<li class="nav__item nav__item--{i}"><a class="nav__link" data-track="menu-{i}" '
        f'href="/section/{i}">{_words(rng, 2)}</a></li>'
        for i in range(60)
    )
    footer = "".join(f'<a href="/about/{i}">{_words(rng, 2)}</a>' for i in range(40))
    paragraphs = "".join(f"<p>{_words(rng, 80)}.</p>" for _ in range(30))
    cards = "".join(
        f'<div class="card card--small" data-id="{i}"><a href="/more/{i}">'
        f'<img src="/i/{i}.jpg" alt="" loading="lazy"><h3>{_words(rng, 9)}</h3></a></div>'
        for i in range(40)
    )
    chrome = len(menu) + len(footer) + len(paragraphs) + len(cards) + 500
    filler = max(0, kb * 1000 - chrome)
    script = "".join(
        f'window.__state["k{i}"]="{_words(rng, 12)}";' for i in range(filler * 3 // 4 // 90)
    )
    style = "".join(
        f".c{i}{{margin:{i % 9}px;color:#{i % 999:03d}}}" for i in range(filler // 4 // 30)
    )
    return (
        "<html><head><title>{title} - Bench Herald</title>"
        '<meta property="og:title" content="{title}">'
        f"<style>{_braces(style)}</style><script>{_braces(script)}</script></head><body>"
        f"<header><nav><ul>{menu}</ul></nav></header>"
        '<main><article><h1>{title}</h1><p class="byline">By A. Writer</p>'
        f"<p>{{lede}}</p>{paragraphs}</article>"
        f'<aside class="more">{cards}</aside></main>'
        f"<footer>{footer}</footer></body></html>"
    )


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up (the app quitting mid-refresh) is not an error here."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class _Site:
    """The servers themselves (in the child process): pages, delay, the log."""

    def __init__(self, hosts: int, feeds: int, items: int, delay: float, story_kb: int) -> None:
        self.items = items
        self.delay = delay
        self.log: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        self.bodies = [story_body(seed, story_kb) for seed in range(_BODIES)]
        self.servers: list[ThreadingHTTPServer] = []
        handler = self._handler()
        for n in range(hosts):
            server = _QuietServer((f"127.0.0.{n + 2}", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
        self.bases = [_base(server) for server in self.servers]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                time.sleep(site.delay)
                host = site.bases.index(_base(self.server))
                body, content_type = site.page(host, self.path)
                if body is None:
                    self._send(404, b"", "text/plain")
                    return
                etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", None, etag)
                else:
                    self._send(200, body, content_type, etag)

            def _send(self, status: int, body: bytes, kind: str | None, etag: str = "") -> None:
                self.send_response(status)
                if etag:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", LAST_MODIFIED)
                    self.send_header("Cache-Control", "max-age=0, must-revalidate")
                if kind is not None:
                    self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
                with site.lock:
                    site.log.append((self.path, status))

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def page(self, host: int, path: str) -> tuple[bytes | None, str]:
        """The feed or story at `path` of host number `host`."""
        parts = path.strip("/").removesuffix(".xml").split("/")
        if parts[0] == "feed" and len(parts) == 2 and parts[1].isdigit():
            return self._feed(host, int(parts[1])), "application/rss+xml; charset=utf-8"
        if parts[0] == "story" and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            feed, item = int(parts[1]), int(parts[2])
            template = self.bodies[(feed * self.items + item) % len(self.bodies)]
            title = f"Story {item} of feed {feed}: the harbour council meets again"
            lede = f"Feed {feed}, story {item}: residents asked for answers before the winter."
            html = template.format(title=title, lede=lede)
            return html.encode(), "text/html; charset=utf-8"
        return None, ""

    def _feed(self, host: int, feed: int) -> bytes:
        base = self.bases[host]
        start = datetime(2025, 3, 1, 6, 0, tzinfo=UTC)
        entries = "".join(
            f"<item><title>Story {i} of feed {feed}: the harbour council meets again</title>"
            f"<link>{base}/story/{feed}/{i}</link><guid>{base}/story/{feed}/{i}</guid>"
            f"<pubDate>{format_datetime(start + timedelta(minutes=feed * 50 + i))}</pubDate>"
            f"<description>Feed {feed}, story {i}: residents asked for answers before the "
            "winter, and the council promised a report.</description></item>"
            for i in range(self.items)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Bench feed {feed}</title><link>{base}/</link>"
            f"<description>Feed {feed}</description>{entries}</channel></rss>"
        ).encode()


def _base(server: object) -> str:
    address = getattr(server, "server_address", None)
    assert isinstance(address, tuple)
    return f"http://{address[0]!s}:{address[1]}"


def _run_site(settings: tuple[int, int, int, float, int], conn: Connection) -> None:
    """The child process: serve until told to stop; answer "log" with the log."""
    site = _Site(*settings)
    conn.send(site.bases)
    while True:
        command = conn.recv()
        if command == "log":
            with site.lock:
                conn.send(list(site.log))
        else:
            break
    for server in site.servers:
        server.shutdown()
        server.server_close()


@dataclass
class NewsWeb:
    """`feeds` RSS feeds of `items` stories each, over `hosts` loopback hosts,
    served by a process of its own (its threads never hold the measured
    process's interpreter, as a real site's would not)."""

    hosts: int = 10
    feeds: int = 100
    items: int = 20
    delay: float = 0.1
    story_kb: int = 100
    _bases: list[str] = field(default_factory=list)
    _process: BaseProcess | None = None
    _conn: Connection | None = None

    def __enter__(self) -> NewsWeb:
        """Start the servers (one per host) in a child process."""
        context = multiprocessing.get_context("spawn")
        mine, theirs = context.Pipe()
        settings = (self.hosts, self.feeds, self.items, self.delay, self.story_kb)
        self._process = context.Process(target=_run_site, args=(settings, theirs), daemon=True)
        self._process.start()
        self._conn = mine
        if not mine.poll(120):
            raise RuntimeError("the news web did not start")
        self._bases = mine.recv()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the servers and their process."""
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send("stop")
            self._conn.close()
        if self._process is not None:
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
            self._process = None

    def base(self, host: int) -> str:
        """The address of loopback host number `host` (0-based)."""
        return self._bases[host]

    @property
    def feed_urls(self) -> list[str]:
        """Every feed, feed n on host n % hosts."""
        return [f"{self.base(n % self.hosts)}/feed/{n}.xml" for n in range(self.feeds)]

    @property
    def log(self) -> list[tuple[str, int]]:
        """Every request answered so far: (path, status)."""
        assert self._conn is not None
        self._conn.send("log")
        entries: list[tuple[str, int]] = self._conn.recv()
        return entries

    def counts(self, since: int = 0) -> Counter[tuple[str, int]]:
        """Requests answered since log entry `since`, by kind ("feed"/"story") and status."""
        return Counter((path.split("/")[1], status) for path, status in self.log[since:])
