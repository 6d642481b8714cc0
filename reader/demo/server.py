"""A loopback HTTP server for the bundled demo news site (`reader --demo`).

The site is a folder of static pages shipped inside the package
(`reader/demo/site/`). It is read through `importlib.resources`, so it works
from a source checkout, a wheel or a zip import alike. The newsroom
(`reader/demo/newsroom.py`) adds the outlets' RSS and Atom feeds, the stories
published while it runs, and those stories at the top of the front pages'
"Terkini"/"Latest" lists. The server listens on 127.0.0.1 only, in a daemon
thread, on a free port or, with `DemoServer.stable()` (what `reader --demo`
uses), on `DEMO_PORT` (or one of the next few when it is taken), so the
addresses of the demo's stories stay the same from one run to the next:

    with DemoServer() as demo:
        print(demo.lead_url)
        demo.publish("en")  # or GET/POST /_demo/publish?lang=en

It answers GET and HEAD with ETag and Last-Modified validators and 304 for
conditional requests, serves `index.html` for directory paths, never lists a
directory, refuses any path that would leave the site, and logs nothing.
"""

from __future__ import annotations

import errno
import hashlib
import html
import importlib.resources
import json
import mimetypes
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import ClassVar
from urllib.parse import parse_qs, quote, unquote, urlsplit

from reader.demo.conditional import etag_matches, not_modified_since
from reader.demo.newsroom import Newsroom, Rendered

__all__ = [
    "DEMO_PORT",
    "LEAD_PATH",
    "PUBLISH_PATH",
    "DemoServer",
    "SiteFile",
    "load",
    "request_path",
    "resolve",
    "site_root",
]

#: The lead story: an Indonesian article page shaped like a real news page.
LEAD_PATH = "/id/berita/2025/03/jembatan-gantung-sungai-lamat-diresmikan.html"

#: The demo's own port (`DemoServer.stable()`); the next PORT_TRIES - 1 are tried
#: when it is taken.
DEMO_PORT = 47310
PORT_TRIES = 10

#: GET (query) or POST (form or JSON): lang, title, summary, body (paragraphs
#: split by blank lines), author, section. Answers 201 with JSON (url, title, ...).
PUBLISH_PATH = "/_demo/publish"
_MAX_POST = 200_000

#: Shown as Last-Modified when the site is not on a file system (zip imports).
_FALLBACK_MTIME = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)

_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xhtml": "application/xhtml+xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


def site_root() -> Traversable:
    """The packaged site folder."""
    return importlib.resources.files("reader.demo").joinpath("site")


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One file of the site, ready to send."""

    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


def _content_type(name: str) -> str:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _mtime(node: Traversable) -> datetime:
    if isinstance(node, Path):
        try:
            stamp = datetime.fromtimestamp(int(node.stat().st_mtime), tz=UTC)
        except OSError:
            return _FALLBACK_MTIME
        return stamp
    return _FALLBACK_MTIME


def _segments(path: str) -> list[str] | None:
    """Split a decoded URL path into safe segments, or None if it is not safe."""
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    parts = [p for p in path.split("/") if p]
    for part in parts:
        if part in (".", "..") or part.startswith(".") or ":" in part:
            return None
    return parts


def request_path(target: str) -> str:
    """The still-encoded path of a request target, without query or fragment."""
    if target.startswith(("http://", "https://")):
        target = urlsplit(target).path or "/"
    return target.split("?", 1)[0].split("#", 1)[0]


def _inside(root: Traversable, node: Traversable) -> bool:
    """False if a file-system node escapes the site folder (through a link, say)."""
    if isinstance(root, Path) and isinstance(node, Path):
        return node.resolve().is_relative_to(root.resolve())
    return True


def resolve(root: Traversable, target: str) -> tuple[str, Traversable | None]:
    """Map a request target to a site file.

    Returns ``("file", node)``, ``("redirect", None)`` for a directory asked
    without its trailing slash, or ``("missing", None)`` for anything else
    (unknown paths, directories without an index, paths leaving the site).
    Raises UnicodeDecodeError for percent-escapes that are not UTF-8.
    """
    path = unquote(request_path(target), errors="strict")
    parts = _segments(path)
    if parts is None:
        return "missing", None
    node = root
    for part in parts:
        node = node.joinpath(part)
        if not (node.is_dir() or node.is_file()) or not _inside(root, node):
            return "missing", None
    if node.is_dir():
        if not path.endswith("/"):
            return "redirect", None
        node = node.joinpath("index.html")
    if not node.is_file():
        return "missing", None
    return "file", node


def load(node: Traversable) -> SiteFile:
    """Read a site file and compute its validators."""
    return _site_file(node.read_bytes(), _content_type(node.name), _mtime(node))


def _site_file(body: bytes, content_type: str, last_modified: datetime) -> SiteFile:
    digest = hashlib.sha256(body).hexdigest()[:20]
    changed = last_modified.astimezone(UTC).replace(microsecond=0)
    return SiteFile(body, content_type, f'"{digest}"', changed)


class _Handler(BaseHTTPRequestHandler):
    """Serves the static site; GET and HEAD only."""

    server_version = "reader-demo/1"
    protocol_version = "HTTP/1.1"
    root: ClassVar[Traversable]
    newsroom: ClassVar[Newsroom]

    def version_string(self) -> str:
        """The Server header, without the Python version."""
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the demo runs under a full-screen terminal app."""

    def do_GET(self) -> None:
        """Send a page."""
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        """Send a page's headers."""
        self._serve(send_body=False)

    def do_POST(self) -> None:
        """Publish a story (only at PUBLISH_PATH)."""
        if request_path(self.path) != PUBLISH_PATH:
            self.close_connection = True  # its body is not read
            self._send_json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "only GET and HEAD here"})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= _MAX_POST:
            self.close_connection = True
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": "a body of up to 200 KB is needed"})
            return
        raw = self.rfile.read(length)
        try:
            if self.headers.get_content_type() == "application/json":
                decoded = json.loads(raw or b"{}")
                fields = {str(k): str(v) for k, v in dict(decoded).items() if v is not None}
            else:
                fields = _form(raw.decode("utf-8"))
        except (ValueError, TypeError):
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": "the body is not a form or JSON"})
            return
        self._publish(fields)

    @property
    def _base_url(self) -> str:
        address = self.server.server_address
        assert isinstance(address, tuple)
        return f"http://{address[0]!s}:{address[1]}"

    def _publish(self, fields: dict[str, str]) -> None:
        try:
            story = self.newsroom.publish_fields(fields)
        except ValueError as exc:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
            return
        url = self._base_url + story.path
        facts = {"url": url, "path": story.path, "title": story.title, "lang": story.lang}
        facts["published"] = story.published.isoformat()
        self._send_json(HTTPStatus.CREATED, facts, location=story.path)

    def _serve(self, *, send_body: bool) -> None:
        if request_path(self.path) == PUBLISH_PATH and send_body:
            self._publish(_form(urlsplit(self.path).query))
            return
        page = self._dynamic()
        if page is None:
            try:
                outcome, node = resolve(self.root, self.path)
            except UnicodeDecodeError:
                outcome, node = "missing", None
            if outcome == "redirect":
                parts = _segments(unquote(request_path(self.path))) or []
                location = "/" + "".join(quote(part) + "/" for part in parts)
                self._send_simple(HTTPStatus.MOVED_PERMANENTLY, send_body, location=location)
                return
            if node is None:
                self._send_not_found(send_body)
                return
            page = self._front_page(load(node))
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            fresh = etag_matches(inm, page.etag)
        else:
            fresh = ims is not None and not_modified_since(ims, page.last_modified)
        if fresh:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._validators(page)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self._validators(page)
        self.end_headers()
        if send_body:
            self.wfile.write(page.body)

    def _dynamic(self) -> SiteFile | None:
        """A feed or a published story, or None."""
        try:
            path = unquote(request_path(self.path), errors="strict")
        except UnicodeDecodeError:
            return None
        made: Rendered | None = self.newsroom.render(path, self._base_url)
        if made is None:
            return None
        return _site_file(made.body, made.content_type, made.last_modified)

    def _front_page(self, page: SiteFile) -> SiteFile:
        """An outlet's front page with the stories published since start in its list."""
        lang = self.newsroom.site_of_front_page(unquote(request_path(self.path)))
        if lang is None:
            return page
        body = self.newsroom.front_page(lang, page.body)
        changed = max(page.last_modified, self.newsroom.changed_at(lang))
        return _site_file(body, page.content_type, changed)

    def _send_json(
        self, status: HTTPStatus, data: dict[str, str], *, location: str | None = None
    ) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _validators(self, page: SiteFile) -> None:
        self.send_header("ETag", page.etag)
        self.send_header("Last-Modified", format_datetime(page.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")

    def _send_not_found(self, send_body: bool) -> None:
        page = self.root.joinpath("404.html")
        body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><title>Not found</title>"
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_simple(self, status: HTTPStatus, send_body: bool, *, location: str) -> None:
        link = html.escape(location)
        body = f'<!DOCTYPE html><title>Moved</title><a href="{link}">{link}</a>'.encode()
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def _form(text: str) -> dict[str, str]:
    """The last value of each field of a query string or urlencoded form."""
    return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}


class _QuietServer(ThreadingHTTPServer):
    """A threading server that does not print tracebacks of dropped clients."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore errors of single connections (a client hanging up, mostly)."""


class DemoServer:
    """The demo site on http://127.0.0.1:PORT, served from a daemon thread.

    Use it as a context manager, or call `start()` and `stop()`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tries: int = 1,
        newsroom: Newsroom | None = None,
    ) -> None:
        """Prepare a server on `host` (loopback by default) and `port` (0 picks
        a free one); when `port` is taken, the next `tries - 1` ports are tried."""
        self._host = host
        self._port = port
        self._tries = max(1, tries)
        self.newsroom = newsroom or Newsroom()
        """The feeds and the stories published (`publish`)."""
        self._httpd: _QuietServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def stable(cls, newsroom: Newsroom | None = None) -> DemoServer:
        """The demo on its own port, `DEMO_PORT` (or one of the next few when
        it is taken), so that stories keep their addresses between runs."""
        return cls(port=DEMO_PORT, tries=PORT_TRIES, newsroom=newsroom)

    def _bind(self, handler: type[_Handler]) -> _QuietServer:
        """The listening server on the first free port of the range."""
        for offset in range(self._tries):
            port = self._port + offset if self._port else 0
            try:
                return _QuietServer((self._host, port), handler)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or offset == self._tries - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def start(self) -> DemoServer:
        """Bind the socket and start serving; returns self. Raises OSError when
        no port of the range is free."""
        if self._httpd is not None:
            return self
        attrs = {"root": site_root(), "newsroom": self.newsroom}
        handler = type("DemoHandler", (_Handler,), attrs)
        httpd = self._bind(handler)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="reader-demo-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (safe to call twice)."""
        httpd, thread = self._httpd, self._thread
        self._httpd = self._thread = None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)

    @property
    def running(self) -> bool:
        """True between `start()` and `stop()`."""
        return self._httpd is not None

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._httpd is None:
            raise RuntimeError("the demo server is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The site's address, without a trailing slash: ``http://127.0.0.1:PORT``."""
        return f"http://{self._host}:{self.port}"

    @property
    def lead_url(self) -> str:
        """The lead story, the page `reader --demo` opens first."""
        return self.url(LEAD_PATH)

    def url(self, path: str = "/") -> str:
        """The absolute URL of a site path (``"/en/"`` -> ``http://127.0.0.1:PORT/en/``)."""
        return self.base_url + "/" + path.lstrip("/")

    def publish(self, lang: str = "en", **fields: str) -> str:
        """Publish a story (fields as the endpoint takes them: title, summary,
        body, author, section; with no title, the next one on the wire);
        returns its URL."""
        return self.url(self.newsroom.publish_fields({"lang": lang, **fields}).path)

    def __enter__(self) -> DemoServer:
        """Start the server."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()
