"""Feeds, stories and front pages for the news tests (original text), and a
library on a temporary home with small limits."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

from werkzeug import Request, Response

from reader.core.paths import resolve_paths
from reader.core.settings import NewsSettings, Settings
from reader.library import Library
from tests.net.conftest import FAST

PARAGRAPHS = [
    "The ferry to the northern islands runs again this week after the repairs to "
    "the pier, and the harbour master expects the usual summer crowds by Friday.",
    "Fishermen on the east quay said the new moorings hold well in the swell, "
    "though the morning tide still pushes the smaller boats against the wall.",
    "Kapal penyeberangan ke pulau utara kembali beroperasi pekan ini setelah "
    "perbaikan dermaga selesai, dan syahbandar memperkirakan penumpang ramai.",
    "The council will publish the new timetable on Monday; until then the old "
    "crossings stand, with an extra evening boat on weekends in August.",
    "Warga pesisir berharap jadwal baru juga menambah pelayaran sore, karena "
    "banyak pedagang pasar pulang setelah gelap dan harus menunggu semalam.",
]


def story_html(title: str, *, words: int = 0) -> str:
    """A story page: headline and some paragraphs (more with `words`)."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)
    if words:
        body += "".join(f"<p>{PARAGRAPHS[n % 5]}</p>" for n in range(words // 25))
    return (
        f"<html><head><title>{escape(title)} - Harbour News</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/login'>Log in</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article></body></html>"
    )


def front_html(
    links: Sequence[tuple[str, str]], *, lists: dict[str, Sequence[tuple[str, str]]] | None = None
) -> str:
    """A front page: a story list (headline cards) and other headed lists."""
    cards = "".join(
        f"<div class='card'><h3><a href='{escape(url)}'>{escape(text)}</a></h3>"
        f"<p>A few words about {escape(text.lower())} for the front page.</p></div>"
        for url, text in links
    )
    extra = ""
    for heading, entries in (lists or {}).items():
        items = "".join(f"<li><a href='{escape(u)}'>{escape(t)}</a></li>" for u, t in entries)
        extra += f"<section><h2>{escape(heading)}</h2><ul>{items}</ul></section>"
    return (
        "<html><head><title>Harbour News - front page</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/category/islands'>Islands</a> "
        "<a href='/login'>Log in</a></nav>"
        f"<main><section><h2>Top stories</h2>{cards}</section>{extra}</main></body></html>"
    )


def rss(
    stories: Sequence[tuple[str, str]],
    *,
    title: str = "Harbour Wire",
    start: datetime | None = None,
) -> str:
    """An RSS 2.0 feed of (url, title), newest first, an hour apart."""
    start = start or datetime.now(UTC) - timedelta(hours=1)
    items = ""
    for n, (url, headline) in enumerate(stories):
        when = format_datetime(start - timedelta(hours=n))
        items += (
            f"<item><title>{escape(headline)}</title><link>{escape(url)}</link>"
            f"<guid>{escape(url)}</guid><pubDate>{when}</pubDate>"
            f"<description>Teaser: {escape(headline)}, the short version.</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://harbour.example/</link>"
        f"<description>News from the harbour</description>{items}</channel></rss>"
    )


def make_library(home: Path, **news: object) -> Library:
    """A library on `home` with fast timeouts and the given [news] settings."""
    settings = Settings(fetch=FAST, news=NewsSettings(**news))  # type: ignore[arg-type]
    return Library(settings, resolve_paths(home))


class Counting:
    """Serves pages and counts the requests per path (and their headers)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()

    def story(self, request: Request) -> Response:
        """A story page titled after its path."""
        self._enter(request)
        try:
            name = request.path.rsplit("/", 1)[-1].replace("-", " ").capitalize()
            return Response(story_html(name), content_type="text/html")
        finally:
            self._leave(request)

    def _enter(self, request: Request) -> None:
        host = request.host.split(":")[0]
        with self.lock:
            self.hits[request.path] += 1
            self.headers.setdefault(request.path, []).append(dict(request.headers))
            self.in_flight[host] += 1
            self.peak[host] = max(self.peak[host], self.in_flight[host])
        if self.delay:
            time.sleep(self.delay)

    def _leave(self, request: Request) -> None:
        with self.lock:
            self.in_flight[request.host.split(":")[0]] -= 1

    def served(
        self,
        body: str,
        content_type: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> Callable[[Request], Response]:
        """A handler serving `body`, answering 304 to a matching conditional request."""

        def handler(request: Request) -> Response:
            self._enter(request)
            try:
                if etag and request.headers.get("If-None-Match") == etag:
                    return Response(status=304, headers={"ETag": etag})
                if (
                    last_modified
                    and not etag
                    and request.headers.get("If-Modified-Since") == last_modified
                ):
                    return Response(status=304)
                headers = dict(extra or {})
                if etag:
                    headers["ETag"] = etag
                if last_modified:
                    headers["Last-Modified"] = last_modified
                return Response(body, content_type=content_type, headers=headers)
            finally:
                self._leave(request)

        return handler
