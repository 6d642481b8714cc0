"""The bundled demo site and its loopback server (`reader --demo`)."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from email.utils import format_datetime, parsedate_to_datetime
from html.parser import HTMLParser
from importlib.resources.abc import Traversable
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from reader.demo.server import LEAD_PATH, DemoServer, site_root

Response = tuple[int, http.client.HTTPMessage, bytes]


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    """One server for the whole module."""
    with DemoServer() as server:
        yield server


def request(
    server: DemoServer, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> Response:
    """Send one raw request (the path goes out exactly as given, no proxy, no normalising)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.msg, resp.read()
    finally:
        conn.close()


class _Links(HTMLParser):
    """Collects every href and src of a page, and a few head facts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.meta: dict[str, str] = {}
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key and "content" in values:
                self.meta[key] = values["content"]
        for attr in ("href", "src"):
            if attr in values:
                self.refs.append(values[attr])


def parse(body: bytes) -> _Links:
    parser = _Links()
    parser.feed(body.decode("utf-8"))
    parser.close()
    return parser


def html_files(node: Traversable, prefix: str = "/") -> Iterator[str]:
    """Site paths of every HTML file of the packaged site."""
    for child in node.iterdir():
        if child.is_dir():
            yield from html_files(child, f"{prefix}{child.name}/")
        elif child.name.endswith(".html"):
            yield prefix + child.name


def crawl(server: DemoServer, start: list[str]) -> tuple[dict[str, int], dict[str, _Links]]:
    """Fetch every same-site URL reachable from `start`; returns statuses and parsed pages."""
    origin = urlsplit(server.base_url).netloc
    status: dict[str, int] = {}
    pages: dict[str, _Links] = {}
    queue = [server.url(p) for p in start]
    while queue:
        url = queue.pop()
        if url in status:
            continue
        code, headers, body = request(server, url.removeprefix(server.base_url))
        status[url] = code
        if code != 200 or headers.get_content_type() != "text/html":
            continue
        page = parse(body)
        pages[url] = page
        for ref in page.refs:
            target, _ = urldefrag(urljoin(url, ref))
            parts = urlsplit(target)
            if parts.scheme == "http" and parts.netloc == origin and target not in status:
                queue.append(target)
    return status, pages


def test_lead_story_is_served_as_utf8_html(demo: DemoServer) -> None:
    assert demo.lead_url == demo.base_url + LEAD_PATH
    assert demo.base_url.startswith("http://127.0.0.1:")
    status, headers, body = request(demo, LEAD_PATH)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    page = parse(body)
    assert page.lang == "id"
    assert page.meta["og:type"] == "article"
    assert page.meta["article:published_time"].startswith("2025-03-14T")
    text = body.decode("utf-8")
    for label in ("Baca Juga:", "Berita Terkait", "Terpopuler", "Pilihan", "Terkini"):
        assert label in text


def test_every_site_link_resolves(demo: DemoServer) -> None:
    everything = sorted(html_files(site_root()))
    status, pages = crawl(demo, ["/", *everything])
    broken = sorted(url for url, code in status.items() if code != 200)
    assert not broken, f"links to missing pages: {broken}"
    # Besides the start page and the 404 page, no page is an orphan.
    reachable, _ = crawl(demo, ["/"])
    as_linked = {p.removesuffix("index.html") for p in everything} - {"/", "/404.html"}
    orphans = {p for p in as_linked if demo.url(p) not in reachable}
    assert not orphans
    articles = {url: p for url, p in pages.items() if p.meta.get("og:type") == "article"}
    assert sum(p.lang == "id" for p in articles.values()) >= 5
    assert sum(p.lang == "en" for p in articles.values()) >= 5


def test_site_links_are_relative(demo: DemoServer) -> None:
    """Pages never hard-code the server's address: the port changes every run."""
    for path in html_files(site_root()):
        _, _, body = request(demo, path)
        for ref in parse(body).refs:
            assert "127.0.0.1" not in ref and "localhost" not in ref, (path, ref)


def test_etag_revalidation(demo: DemoServer) -> None:
    status, headers, _ = request(demo, LEAD_PATH)
    etag = headers["ETag"]
    assert status == 200 and etag.startswith('"')
    status, headers2, body = request(demo, LEAD_PATH, {"If-None-Match": etag})
    assert status == 304
    assert body == b""
    assert headers2["ETag"] == etag
    status, _, _ = request(demo, LEAD_PATH, {"If-None-Match": f'"other", W/{etag}'})
    assert status == 304
    status, _, body = request(demo, LEAD_PATH, {"If-None-Match": '"stale"'})
    assert status == 200 and body


def test_last_modified_revalidation(demo: DemoServer) -> None:
    _, headers, _ = request(demo, "/en/")
    last_modified = headers["Last-Modified"]
    status, _, _ = request(demo, "/en/", {"If-Modified-Since": last_modified})
    assert status == 304
    earlier = format_datetime(parsedate_to_datetime(last_modified).replace(year=2001), usegmt=True)
    status, _, _ = request(demo, "/en/", {"If-Modified-Since": earlier})
    assert status == 200
    # If-None-Match wins over If-Modified-Since.
    status, _, _ = request(
        demo, "/en/", {"If-None-Match": '"stale"', "If-Modified-Since": last_modified}
    )
    assert status == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../server.py",
        "/../../../../etc/passwd",
        "/id/../../server.py",
        "/%2e%2e/server.py",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fserver.py",
        "/id/..%2f..%2fserver.py",
        "/..\\server.py",
        "/%5c..%5cserver.py",
        "//etc/passwd",
        "/%00",
        "/id/%ff",
        "/__init__.py",
        "/.hidden",
    ],
)
def test_traversal_is_refused(demo: DemoServer, path: str) -> None:
    status, _, body = request(demo, path)
    assert status == 404
    assert b"DemoServer" not in body
    assert b"root:" not in body


def test_unknown_path_is_404_page(demo: DemoServer) -> None:
    status, headers, body = request(demo, "/id/berita/2025/03/tidak-ada.html")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Page not found" in body


def test_directories(demo: DemoServer) -> None:
    status, headers, _ = request(demo, "/id")
    assert status == 301 and headers["Location"] == "/id/"
    status, headers, _ = request(demo, "//id")  # never a protocol-relative Location
    assert status == 301 and headers["Location"] == "/id/"
    status, _, body = request(demo, "/id/")
    assert status == 200 and b"Kabar Nusa" in body
    status, _, _ = request(demo, "/img/")  # no index: no listing either
    assert status == 404


def test_head_and_query(demo: DemoServer) -> None:
    status, headers, body = request(demo, LEAD_PATH, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    status, _, _ = request(demo, LEAD_PATH + "?utm_source=test#x")
    assert status == 200


def test_other_types(demo: DemoServer) -> None:
    status, headers, _ = request(demo, "/static/site.css")
    assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8"
    status, headers, _ = request(demo, "/img/jembatan.svg")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml"


def test_quiet(demo: DemoServer, capfd: pytest.CaptureFixture[str]) -> None:
    request(demo, "/nope")
    request(demo, "/../x")
    with socket.create_connection(("127.0.0.1", demo.port), timeout=5) as sock:
        sock.sendall(b"BROKEN\r\n\r\n")
        sock.recv(1024)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_url_helper_and_stop() -> None:
    server = DemoServer()
    with pytest.raises(RuntimeError):
        _ = server.port
    with server:
        assert server.running
        assert server.url("/en/") == f"{server.base_url}/en/"
        assert server.url("en/") == f"{server.base_url}/en/"
        port = server.port
    with pytest.raises(RuntimeError):
        _ = server.port
    server.stop()  # twice is fine
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
