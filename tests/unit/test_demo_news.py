"""The demo site's news: RSS and Atom feeds for both outlets, the front pages'
latest lists, publishing a story (function and endpoint), the stable port."""

from __future__ import annotations

import http.client
import json
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest

from reader.demo.catalogue import SITES, STORIES
from reader.demo.newsroom import Newsroom, slugify
from reader.demo.server import DEMO_PORT, PUBLISH_PATH, DemoServer
from reader.demo.wire import WIRE

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)
Response = tuple[int, http.client.HTTPMessage, bytes]


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    """A server of its own for each test: publishing changes what it serves."""
    with DemoServer(newsroom=Newsroom(clock=lambda: NOW)) as server:
        yield server


def request(
    server: DemoServer,
    path: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: bytes | None = None,
) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.msg, resp.read()
    finally:
        conn.close()


class _Head(HTMLParser):
    """The feed links, og:title, and the links of the list under a heading."""

    def __init__(self, heading: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.feeds: list[tuple[str, str]] = []
        self.title = ""
        self.heading = heading
        self.in_heading = False
        self.in_list = False
        self.listed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and values.get("rel") == "alternate":
            self.feeds.append((values["type"], values["href"]))
        if tag == "meta" and values.get("property") == "og:title":
            self.title = values["content"]
        self.in_heading = tag in ("h2", "h3")
        if tag == "a" and self.in_list:
            self.listed.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self.in_list = False

    def handle_data(self, data: str) -> None:
        if self.in_heading and data.strip() == self.heading:
            self.in_list = True
        self.in_heading = False


def head(body: bytes, heading: str = "") -> _Head:
    parser = _Head(heading)
    parser.feed(body.decode("utf-8"))
    return parser


def rss_items(body: bytes) -> list[dict[str, str]]:
    channel = ET.fromstring(body).find("channel")
    assert channel is not None
    return [{child.tag: child.text or "" for child in item} for item in channel.iter("item")]


def atom_entries(body: bytes) -> list[ET.Element]:
    return list(ET.fromstring(body).iter(f"{ATOM}entry"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_rss_feed_lists_the_outlets_stories(demo: DemoServer, lang: str) -> None:
    site = SITES[lang]
    status, headers, body = request(demo, site.rss_path)
    assert status == 200
    assert headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert ET.fromstring(body).get("version") == "2.0"
    items = rss_items(body)
    mine = [s for s in STORIES if s.lang == lang]
    assert [i["link"] for i in items] == [demo.url(s.path) for s in mine]
    for item, story in zip(items, mine, strict=True):
        assert item["title"] == story.title and item["description"] == story.summary
        assert parsedate_to_datetime(item["pubDate"]) == story.published
        assert item["guid"].startswith(f"tag:{site.domain},") and "127.0.0.1" not in item["guid"]
    stamps = [parsedate_to_datetime(i["pubDate"]) for i in items]
    assert stamps == sorted(stamps, reverse=True)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_atom_feed_lists_the_outlets_stories(demo: DemoServer, lang: str) -> None:
    site = SITES[lang]
    status, headers, body = request(demo, site.atom_path)
    assert status == 200
    assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    entries = atom_entries(body)
    mine = [s for s in STORIES if s.lang == lang]
    assert len(entries) == len(mine)
    for entry, story in zip(entries, mine, strict=True):
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href") == demo.url(story.path)
        assert entry.findtext(f"{ATOM}title") == story.title
        assert entry.findtext(f"{ATOM}summary") == story.summary
        published = entry.findtext(f"{ATOM}published") or ""
        assert datetime.fromisoformat(published) == story.published
        assert datetime.fromisoformat(published).utcoffset() == story.published.utcoffset()


def test_catalogue_matches_the_story_pages(demo: DemoServer) -> None:
    """Every story a feed lists is a page of the site with the same title and language."""
    for story in STORIES:
        status, _, body = request(demo, story.path)
        assert status == 200, story.path
        assert head(body).title == story.title
        assert f'<html lang="{story.lang}">'.encode() in body
    assert {s.lang for s in STORIES} == {"id", "en"}
    assert sum(s.lang == "id" for s in STORIES) >= 5 and sum(s.lang == "en" for s in STORIES) >= 5


@pytest.mark.parametrize("lang", ["id", "en"])
def test_front_page_advertises_feeds_and_has_a_latest_list(demo: DemoServer, lang: str) -> None:
    site = SITES[lang]
    _, _, body = request(demo, site.home)
    page = head(body, site.latest_heading)
    assert ("application/rss+xml", site.rss_path) in page.feeds
    assert ("application/atom+xml", site.atom_path) in page.feeds
    assert len(page.listed) >= 4
    assert all(p.startswith(site.story_prefix) for p in page.listed)


def test_feeds_revalidate(demo: DemoServer) -> None:
    etags: dict[str, str] = {}
    for path in ("/id/rss.xml", "/en/atom.xml", "/en/"):
        status, headers, _ = request(demo, path)
        assert status == 200
        etags[path] = headers["ETag"]
        assert request(demo, path, {"If-None-Match": etags[path]})[0] == 304
        assert request(demo, path, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    demo.publish("en")
    assert request(demo, "/en/atom.xml", {"If-None-Match": etags["/en/atom.xml"]})[0] == 200
    assert request(demo, "/en/", {"If-None-Match": etags["/en/"]})[0] == 200
    assert request(demo, "/id/rss.xml", {"If-None-Match": etags["/id/rss.xml"]})[0] == 304


def test_publishing_puts_a_story_first(demo: DemoServer) -> None:
    _, before, _ = request(demo, "/en/atom.xml")
    url = demo.publish("en")
    assert url.startswith(demo.url("/en/stories/"))
    path = urlsplit(url).path
    status, after, body = request(demo, "/en/atom.xml", {"If-None-Match": before["ETag"]})
    assert status == 200 and after["ETag"] != before["ETag"]
    first = atom_entries(body)[0]
    assert first.findtext(f"{ATOM}title") == WIRE["en"][0].title
    assert datetime.fromisoformat(first.findtext(f"{ATOM}published") or "") == NOW
    # the front page's Latest list has it first; the other outlet is unchanged
    _, _, front = request(demo, "/en/")
    assert head(front, "Latest").listed[0] == path
    assert rss_items(request(demo, "/id/rss.xml")[2])[0]["link"] == demo.url(STORIES[0].path)
    # its page is served like the others
    status, headers, page = request(demo, path)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert head(page).title == WIRE["en"][0].title
    assert WIRE["en"][0].paragraphs[-1][:40].encode() in page


def test_indonesian_story_goes_under_berita_with_wib(demo: DemoServer) -> None:
    url = demo.publish("id")
    assert urlsplit(url).path.startswith("/id/berita/2026/05/")
    items = rss_items(request(demo, "/id/rss.xml")[2])
    assert items[0]["title"] == WIRE["id"][0].title
    assert items[0]["pubDate"].endswith("+0700")
    _, _, front = request(demo, "/id/")
    assert head(front, "Terkini").listed[0] == urlsplit(url).path
    assert "10:02 WIB" in front.decode()  # the site's own list still follows


def test_wire_runs_out_into_numbered_stories() -> None:
    room = Newsroom(clock=lambda: NOW)
    titles = [room.publish("en").title for _ in range(len(WIRE["en"]) * 2 + 1)]
    assert titles[: len(WIRE["en"])] == [w.title for w in WIRE["en"]]
    assert titles[len(WIRE["en"])] == WIRE["en"][0].title + " (2)"
    paths = [s.path for s in room.published]
    assert len(set(paths)) == len(paths)
    assert [s.title for s in room.published] == titles[::-1]  # newest first


def test_own_text_is_escaped_and_validated(demo: DemoServer) -> None:
    title = 'Council <script>alert(1)</script> & "quotes"'
    url = demo.publish("en", title=title, body="First <b>para</b>.\n\nSecond para.")
    _, _, page = request(demo, urlsplit(url).path)
    assert b"<script>" not in page and b"&lt;script&gt;" in page
    assert b"<p>Second para.</p>" in page
    entries = atom_entries(request(demo, "/en/atom.xml")[2])
    assert entries[0].findtext(f"{ATOM}title") == title
    assert entries[0].findtext(f"{ATOM}summary") == "First <b>para</b>."
    assert slugify(title) == "council-script-alert-1-script-quotes"
    assert slugify("Ĳ — ☃") == "ij"
    assert slugify("☃") == "story"
    room = Newsroom()
    with pytest.raises(ValueError, match="language"):
        room.publish("fr")
    with pytest.raises(ValueError, match="title"):
        room.publish("en", title="x" * 301)
    with pytest.raises(ValueError, match="title"):
        room.publish("en", title="  \n ")
    same = [room.publish("en", title="Same title").path for _ in range(3)]
    assert same[1].endswith("same-title-2.html") and same[2].endswith("same-title-3.html")


def test_publish_endpoint(demo: DemoServer) -> None:
    status, headers, body = request(demo, PUBLISH_PATH + "?lang=id")
    facts = json.loads(body)
    assert status == 201 and headers["Location"] == facts["path"]
    assert facts["url"] == demo.url(facts["path"]) and facts["title"] == WIRE["id"][0].title
    form = urlencode({"lang": "en", "title": "Tide gauge fixed", "body": "One.\n\nTwo."})
    status, _, body = request(
        demo,
        PUBLISH_PATH,
        {"Content-Type": "application/x-www-form-urlencoded"},
        "POST",
        form.encode(),
    )
    assert status == 201 and json.loads(body)["title"] == "Tide gauge fixed"
    data = json.dumps({"lang": "en", "title": "Ferry back", "summary": "It runs."}).encode()
    status, _, body = request(
        demo, PUBLISH_PATH, {"Content-Type": "application/json"}, "POST", data
    )
    assert status == 201
    titles = [e.findtext(f"{ATOM}title") for e in atom_entries(request(demo, "/en/atom.xml")[2])]
    assert titles[:2] == ["Ferry back", "Tide gauge fixed"]
    status, _, body = request(demo, PUBLISH_PATH + "?lang=xx")
    assert status == 400 and "language" in json.loads(body)["error"]
    bad_json = request(demo, PUBLISH_PATH, {"Content-Type": "application/json"}, "POST", b"[")
    assert bad_json[0] == 400
    assert request(demo, "/en/", method="POST", body=b"x")[0] == 405
    assert request(demo, PUBLISH_PATH, method="HEAD")[0] == 404  # HEAD never publishes
    assert len(demo.newsroom.published) == 3


def _free_port_run(length: int) -> int:
    """The first of `length` consecutive free loopback ports (best effort)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = int(probe.getsockname()[1])
        if first + length >= 65536:
            continue
        socks = []
        try:
            for port in range(first, first + length):
                sock = socket.socket()
                socks.append(sock)
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
        return first
    pytest.skip("no run of free ports")


def test_next_port_when_the_first_is_taken() -> None:
    first = _free_port_run(3)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", first))
        taken.listen()
        with DemoServer(port=first, tries=3) as server:
            assert server.port == first + 1
            assert request(server, "/id/rss.xml")[0] == 200
        with socket.socket() as second:
            second.bind(("127.0.0.1", first + 1))
            second.listen()
            with pytest.raises(OSError):
                DemoServer(port=first, tries=2).start()


def test_stable_server_uses_the_demo_port() -> None:
    server = DemoServer.stable()
    try:
        server.start()
    except OSError:
        pytest.skip("the demo's ports are all taken on this machine")
    try:
        assert DEMO_PORT <= server.port < DEMO_PORT + 10
        assert server.base_url == f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


def test_feeds_read_as_feeds(demo: DemoServer) -> None:
    """The project's own feed parser reads every demo feed whole, with the
    publisher's offsets, and finds them advertised on the front pages."""
    from reader.core.feeds.discover import feed_links
    from reader.core.feeds.parse import parse_feed

    demo.publish("id")
    for site in SITES.values():
        _, _, front = request(demo, site.home)
        found = feed_links(front.decode(), demo.url(site.home))
        assert [link.url for link in found] == [
            demo.url(site.rss_path),
            demo.url(site.atom_path),
        ]
        for path, kind in ((site.rss_path, "rss"), (site.atom_path, "atom")):
            feed = parse_feed(request(demo, path)[2], demo.url(path))
            assert (feed.kind, feed.title, feed.problems) == (kind, site.name, ())
            stories = demo.newsroom.stories(site.lang)
            assert [i.url for i in feed.items] == [demo.url(s.path) for s in stories]
            assert [i.published for i in feed.items] == [s.published for s in stories]
            offsets = {i.published.utcoffset() for i in feed.items if i.published}
            assert offsets == {s.published.utcoffset() for s in stories}


def test_publish_command(demo: DemoServer, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m reader.demo publish` asks a running demo server to publish."""
    from reader.demo.__main__ import main

    assert main(["publish", "--port", str(demo.port), "--lang", "id"]) == 0
    url = capsys.readouterr().out.strip()
    assert url == demo.url(demo.newsroom.published[0].path)
    assert main(["publish", "--port", str(demo.port), "--title", "Quay lights fixed"]) == 0
    assert demo.newsroom.published[0].title == "Quay lights fixed"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unused = int(probe.getsockname()[1])
    assert main(["publish", "--port", str(unused)]) == 1  # no demo there (nor next)
    assert capsys.readouterr().err.startswith("python -m reader.demo: ")
