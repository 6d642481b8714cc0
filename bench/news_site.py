"""A slow news web for the refresh benchmarks: several loopback hosts
(127.0.0.2, 127.0.0.3, ...), each serving RSS feeds and the stories they
link, every response (304s too) sent after a fixed delay.

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

import hashlib
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


@dataclass
class NewsWeb:
    """`feeds` RSS feeds of `items` stories each, over `hosts` loopback hosts."""

    hosts: int = 10
    feeds: int = 100
    items: int = 20
    delay: float = 0.1
    story_kb: int = 100
    log: list[tuple[str, int]] = field(default_factory=list)
    _servers: list[ThreadingHTTPServer] = field(default_factory=list)
    _bodies: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> NewsWeb:
        """Make the pages and start one server per host."""
        self._bodies = [story_body(seed, self.story_kb) for seed in range(_BODIES)]
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                time.sleep(web.delay)
                address = self.server.server_address
                assert isinstance(address, tuple)
                host = int(str(address[0]).rsplit(".", 1)[1])
                body, content_type = web.page(host, self.path)
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
                with web._lock:
                    web.log.append((self.path, status))

            def log_message(self, format: str, *args: object) -> None:
                pass

        for n in range(self.hosts):
            server = ThreadingHTTPServer((f"127.0.0.{n + 2}", 0), Handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop every server."""
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def base(self, host: int) -> str:
        """The address of loopback host number `host` (0-based)."""
        address = self._servers[host].server_address
        return f"http://{address[0]!s}:{address[1]}"

    @property
    def feed_urls(self) -> list[str]:
        """Every feed, feed n on host n % hosts."""
        return [f"{self.base(n % self.hosts)}/feed/{n}.xml" for n in range(self.feeds)]

    def page(self, host: int, path: str) -> tuple[bytes | None, str]:
        """The feed or story at `path` of loopback host 127.0.0.`host`."""
        parts = path.strip("/").removesuffix(".xml").split("/")
        if parts[0] == "feed" and len(parts) == 2 and parts[1].isdigit():
            return self._feed(host, int(parts[1])), "application/rss+xml; charset=utf-8"
        if parts[0] == "story" and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            feed, item = int(parts[1]), int(parts[2])
            template = self._bodies[(feed * self.items + item) % len(self._bodies)]
            title = f"Story {item} of feed {feed}: the harbour council meets again"
            lede = f"Feed {feed}, story {item}: residents asked for answers before the winter."
            html = template.format(title=title, lede=lede)
            return html.encode(), "text/html; charset=utf-8"
        return None, ""

    def _feed(self, host: int, feed: int) -> bytes:
        base = self.base(host - 2)
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

    def counts(self, since: int = 0) -> Counter[tuple[str, int]]:
        """Requests answered since log entry `since`, by kind ("feed"/"story") and status."""
        with self._lock:
            entries = self.log[since:]
        return Counter((path.split("/")[1], status) for path, status in entries)
