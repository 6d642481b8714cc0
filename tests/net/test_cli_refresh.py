"""`reader sources add`, `reader refresh`, `reader items` and `reader show`
against a loopback server (pytest-httpserver) serving a small RSS feed, the
stories it lists, a home page that advertises the feed and a front page with
a "Terkini" list: following, the first refresh saving every story in full,
conditional requests after, failures on stderr, the bar on a terminal, and
Ctrl+C. All text is written for these tests."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import reader.cli.progress
import reader.cli.refresh
from reader.cli import main
from reader.core.records import RefreshProgress

Capture = pytest.CaptureFixture[str]

WIB = timezone(timedelta(hours=7))

STORIES = {
    "pasar-ikan-dibuka-lagi": (
        "Pasar ikan dibuka lagi setelah banjir surut",
        "Para pedagang di tepi sungai kembali menata lapak sejak subuh, dan pembeli "
        "datang lebih awal dari biasanya untuk mencari ikan segar.",
    ),
    "jembatan-bambu-diperkuat": (
        "Warga memperkuat jembatan bambu menjelang musim hujan",
        "Sepanjang akhir pekan, warga dua dusun bergotong royong mengganti tiang-tiang "
        "bambu yang mulai lapuk dengan kayu ulin sumbangan koperasi.",
    ),
    "perpustakaan-keliling": (
        "Perpustakaan keliling singgah di sekolah-sekolah pegunungan",
        "Mobil perpustakaan membawa empat ratus buku cerita dan buku pelajaran ke "
        "sekolah yang jalannya baru bisa dilalui kendaraan roda empat tahun ini.",
    ),
}


def story_html(title: str, lead: str) -> str:
    """A story page: headline, a byline and eight paragraphs of prose."""
    body = "".join(
        f"<p>{lead} Pada hari ke-{n}, kepala desa mengatakan bahwa warga sudah "
        "menyiapkan rencana cadangan, termasuk jadwal kerja bakti dan pembagian tugas "
        "antara kelompok pemuda dan kelompok ibu-ibu di setiap rukun tetangga.</p>"
        for n in range(1, 9)
    )
    return (
        f"<html lang='id'><head><title>{title} - Warta Lembah</title>"
        f"<meta property='og:site_name' content='Warta Lembah'></head><body>"
        f"<nav><a href='/'>Beranda</a> <a href='/kategori/daerah'>Daerah</a></nav>"
        f"<article><h1>{title}</h1><p class='byline'>Oleh Rina Wulandari</p>{body}</article>"
        "</body></html>"
    )


def feed_xml(base: str, slugs: list[str]) -> str:
    """An RSS 2.0 feed of `slugs`, newest first, with the publisher's +07:00 offset."""
    now = datetime.now(UTC)
    items = "".join(
        f"<item><title>{STORIES[slug][0]}</title><link>{base}/berita/{slug}</link>"
        f"<guid isPermaLink='false'>warta-{slug}</guid>"
        f"<pubDate>{format_datetime((now - timedelta(hours=n + 1)).astimezone(WIB))}</pubDate>"
        f"<description>{STORIES[slug][1]}</description></item>"
        for n, slug in enumerate(slugs)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
        f"<title>Warta Lembah</title><link>{base}/</link>"
        f"<description>Kabar dari lembah dan sekitarnya</description>{items}</channel></rss>"
    )


def front_html(base: str) -> str:
    """The site's front page: it advertises the feed and lists the stories."""
    latest = "".join(
        f"<li><a href='/berita/{slug}'>{title}</a></li>" for slug, (title, _) in STORIES.items()
    )
    cards = "".join(
        f"<div class='card'><h2><a href='/berita/{slug}'>{title}</a></h2><p>{lead}</p></div>"
        for slug, (title, lead) in STORIES.items()
    )
    return (
        "<html lang='id'><head><title>Warta Lembah - Kabar dari lembah</title>"
        f"<link rel='alternate' type='application/rss+xml' title='Warta Lembah' "
        f"href='{base}/feed.xml'></head><body>"
        "<nav><a href='/'>Beranda</a> <a href='/kategori/daerah'>Daerah</a> "
        "<a href='/login'>Masuk</a></nav>"
        f"<main>{cards}</main><aside><h3>Terkini</h3><ul>{latest}</ul></aside></body></html>"
    )


class Site:
    """The loopback site, counting the requests it answers."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.base = server.url_for("").rstrip("/")
        self.hits: Counter[str] = Counter()
        self.conditional: list[str | None] = []
        self.feed_slugs = list(STORIES)
        self.broken = False

        server.expect_request("/feed.xml").respond_with_handler(self._feed)
        server.expect_request("/other.xml").respond_with_handler(self._other)
        server.expect_request("/").respond_with_handler(self._front)
        for slug, (title, lead) in STORIES.items():
            server.expect_request(f"/berita/{slug}").respond_with_handler(
                self._page(f"/berita/{slug}", story_html(title, lead))
            )

    def url(self, path: str) -> str:
        return self.base + path

    def _feed(self, request: Request) -> Response:
        self.hits["/feed.xml"] += 1
        self.conditional.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        body = feed_xml(self.base, self.feed_slugs)
        return Response(body, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    def _other(self, request: Request) -> Response:
        self.hits["/other.xml"] += 1
        if self.broken:
            return Response("oops", status=500)
        body = feed_xml(self.base, []).replace("Warta Lembah", "Kabar Lain", 1)
        return Response(body, content_type="application/rss+xml")

    def _front(self, request: Request) -> Response:
        self.hits["/"] += 1
        return Response(front_html(self.base), content_type="text/html; charset=utf-8")

    def _page(self, path: str, html: str) -> Callable[[Request], Response]:
        def answer(request: Request) -> Response:
            self.hits[path] += 1
            return Response(html, content_type="text/html; charset=utf-8")

        return answer

    @property
    def story_hits(self) -> int:
        return sum(n for path, n in self.hits.items() if path.startswith("/berita/"))


@pytest.fixture
def site(httpserver: HTTPServer) -> Iterator[Site]:
    yield Site(httpserver)
    httpserver.clear()


@pytest.fixture
def home(tmp_path: Path) -> str:
    path = tmp_path / "home"
    path.mkdir()
    (path / "config.toml").write_text(
        "[network]\nconnect_timeout = 2\nread_timeout = 5\ntotal_timeout = 10\n", "utf-8"
    )
    return str(path)


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def jsons(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_follow_refresh_items_show(capsys: Capture, site: Site, home: str) -> None:
    feed = site.url("/feed.xml")
    code, out, err = run(capsys, "sources", "add", feed, "--tag", "Lokal", "--home", home)
    assert (code, err) == (0, "")
    assert out == (
        f"Following Warta Lembah (feed): {feed}  #lokal\n`reader refresh` brings its stories.\n"
    )
    assert site.story_hits == 0  # following fetches the feed only
    code, out, _ = run(capsys, "sources", "add", feed, "--home", home)
    assert (code, out) == (0, f"Already following Warta Lembah (feed): {feed}  #lokal\n")
    code, out, _ = run(capsys, "sources", "add", feed, "--title", "Warta", "--tag", "pagi", "--home", home)  # fmt: skip
    assert (code, out) == (0, f"Already following Warta (feed): {feed}  #lokal #pagi\n")
    run(capsys, "sources", "rename", feed, "Warta Lembah", "--home", home)

    code, out, err = run(capsys, "refresh", "--home", home)
    assert (code, err) == (0, "")  # not a terminal: no bar, one summary line
    assert out == "Checked 1 source: 3 new stories, 3 saved in full.\n"
    assert site.story_hits == 3

    code, out, err = run(capsys, "items", "--format", "json", "--home", home)
    assert (code, err) == (0, "")
    stories = jsons(out)
    assert [s["url"] for s in stories] == [site.url(f"/berita/{slug}") for slug in STORIES]
    first = stories[0]
    assert first["title"] == "Pasar ikan dibuka lagi setelah banjir surut"
    assert first["source"] == "Warta Lembah"
    assert str(first["published"]).endswith("+07:00")
    assert (first["read"], first["saved"]) == (False, True)
    assert isinstance(first["word_count"], int) and first["word_count"] > 200
    code, out, _ = run(capsys, "items", "--unread", "--tag", "lokal", "--home", home)
    assert len(out.splitlines()) == 3 and all(
        line.endswith("  unread") for line in out.splitlines()
    )

    story = site.url("/berita/jembatan-bambu-diperkuat")
    code, shown, err = run(capsys, "show", story, "--format", "json", "--home", home)
    assert (code, err) == (0, "")
    article = json.loads(shown)
    assert article["title"] == "Warga memperkuat jembatan bambu menjelang musim hujan"
    assert "kayu ulin" in str(article["text"])  # the full text, not the feed's summary
    assert site.story_hits == 3  # show never fetches

    # Asked again at once: not due yet, nothing requested.
    feed_hits = site.hits["/feed.xml"]
    code, out, err = run(capsys, "refresh", "--home", home)
    assert (code, out, err) == (
        0,
        "Checked 0 sources: 0 new stories; 1 not due yet (--force asks them).\n",
        "",
    )
    assert site.hits["/feed.xml"] == feed_hits
    # Forced, and named: conditional requests answered 304, no story fetched again.
    for args in (("--force",), ("--source", "Warta Lembah")):
        code, out, err = run(capsys, "refresh", *args, "--home", home)
        assert (code, out, err) == (0, "Checked 1 source: 0 new stories.\n", "")
        assert site.conditional[-1] == '"v1"'
    assert site.story_hits == 3

    code, out, _ = run(capsys, "cache", "stats", "--format", "json", "--home", home)
    stats = json.loads(out)
    assert (stats["sources"], stats["items"], stats["unread"]) == (1, 3, 3)
    code, out, _ = run(capsys, "sources", "list", "--home", home)
    assert out.split()[:4] == ["1", "3/3", "Warta", "Lembah"] and "checked just now" in out


def test_a_failing_source_is_one_line_on_stderr_and_exit_1(
    capsys: Capture, site: Site, home: str
) -> None:
    other = site.url("/other.xml")
    assert run(capsys, "sources", "add", site.url("/feed.xml"), "--home", home)[0] == 0
    code, out, err = run(capsys, "sources", "add", other, "--home", home)
    assert (code, err) == (0, "") and out.startswith("Following Kabar Lain (feed): ")
    site.broken = True
    code, out, err = run(capsys, "refresh", "--home", home)
    assert code == 1
    assert out == "Checked 2 sources: 3 new stories, 3 saved in full; 1 failed.\n"
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: ") and "500" in lines[0], err
    code, out, _ = run(capsys, "sources", "list", "--format", "json", "--home", home)
    failing = [s for s in jsons(out) if s["url"] == other]
    assert failing[0]["failures"] == 1 and "500" in str(failing[0]["error"])
    code, out, _ = run(capsys, "sources", "list", "--home", home)
    assert "failed: " in out  # the source is kept, with its error


def test_a_page_that_advertises_a_feed_is_followed_through_it(
    capsys: Capture, site: Site, home: str
) -> None:
    code, out, err = run(capsys, "sources", "add", site.url("/"), "--home", home)
    assert (code, err) == (0, "")
    assert out.startswith(f"Following Warta Lembah (feed): {site.url('/feed.xml')}")


def test_a_page_and_one_of_its_lists_followed_as_sources(
    capsys: Capture, site: Site, home: str
) -> None:
    front = site.url("/")
    code, out, err = run(capsys, "sources", "add", front, "--page", "--title", "Depan", "--home", home)  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"Following Depan (page): {front}")
    code, out, err = run(capsys, "sources", "add", front, "--list", "terkini", "--home", home)
    assert (code, err) == (0, ""), out
    assert out.startswith("Following ") and "(list “Terkini”)" in out
    code, out, err = run(capsys, "sources", "add", front, "--list", "Terpopuler", "--home", home)
    assert (code, out) == (1, "")
    assert "Terpopuler" in err and len(err.splitlines()) == 1

    code, out, err = run(capsys, "refresh", "--home", home)
    assert (code, err) == (0, ""), out
    assert out == "Checked 2 sources: 3 new stories, 3 saved in full.\n"  # one story, two sources
    code, out, _ = run(capsys, "items", "--format", "json", "--home", home)
    titles = {s["title"] for s in jsons(out)}
    assert titles == {title for title, _ in STORIES.values()}
    assert not any("Masuk" in str(t) or "Daerah" in str(t) for t in titles)


def test_follow_failures_are_one_line(capsys: Capture, site: Site, home: str) -> None:
    site.server.expect_request("/gone.xml").respond_with_data("", status=404)
    for url in (site.url("/gone.xml"), "http://127.0.0.1:9/feed.xml", "ftp://example.com/x"):
        code, out, err = run(capsys, "sources", "add", url, "--home", home)
        assert (code, out) == (1, ""), url
        assert err.startswith("reader: ") and len(err.splitlines()) == 1, err
    assert run(capsys, "sources", "list", "--home", home)[1] == ""


def test_a_bar_on_a_terminal(
    capsys: Capture, site: Site, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "sources", "add", site.url("/feed.xml"), "--home", home)[0] == 0
    monkeypatch.setattr(reader.cli.progress, "_isatty", lambda stream: True)
    code, out, err = run(capsys, "refresh", "--home", home)
    assert code == 0
    assert out == "Checked 1 source: 3 new stories, 3 saved in full.\n"
    assert "\r\x1b[K[" in err and " saving " in err and "\n" not in err
    assert err.endswith("\r\x1b[K")


def test_ctrl_c_stops_cleanly_with_exit_130(
    capsys: Capture, site: Site, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only")
    assert run(capsys, "sources", "add", site.url("/feed.xml"), "--home", home)[0] == 0
    monkeypatch.setattr(reader.cli.progress, "_isatty", lambda stream: True)

    def interrupting(progress: object) -> Callable[[RefreshProgress], None]:
        def report(step: RefreshProgress) -> None:
            if not sent:
                sent.append(True)
                os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl+C

        return report

    sent: list[bool] = []
    monkeypatch.setattr(reader.cli.refresh, "_reporter", interrupting)
    code, out, err = run(capsys, "refresh", "--home", home)
    assert (code, out) == (130, "")
    lines = err.replace("\r\x1b[K", "").splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: refresh: interrupted"), err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    # nothing is lost: the source is still followed, and a refresh now works
    monkeypatch.undo()
    code, out, err = run(capsys, "refresh", "--force", "--home", home)
    assert code == 0 and out.startswith("Checked 1 source: "), err


HOSTILE_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<rss version='2.0'><channel>
<title>&#x9b;2JKabar &#x202e;Palsu</title><link>{base}/</link><description>x</description>
<item><title>&lt;b&gt;Banjir&lt;/b&gt; &#x9b;31mdi hilir [bold]sungai[/]</title>
<link>{base}/berita/tidak-ada</link><description>Air naik &#x202e;setengah meter.</description></item>
<item><title>Tautan jahat</title><link>javascript:alert(1)</link></item>
</channel></rss>"""


def test_hostile_feed_text_is_printed_safely(capsys: Capture, site: Site, home: str) -> None:
    site.server.expect_request("/hostile.xml").respond_with_data(
        HOSTILE_FEED.format(base=site.base), content_type="application/rss+xml"
    )
    site.server.expect_request("/berita/tidak-ada").respond_with_data("", status=404)
    code, out, err = run(capsys, "sources", "add", site.url("/hostile.xml"), "--home", home)
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "refresh", "--home", home)
    # the story could not be saved: the source did not fail, the feed's summary is kept
    assert (code, err) == (0, "")
    assert out == "Checked 1 source: 1 new story, 0 saved in full; 1 only as feed summaries.\n"
    outputs = [out]
    for args in (("items",), ("items", "--format", "json"), ("sources", "list"),
                 ("sources", "list", "--format", "json"), ("sources", "export")):  # fmt: skip
        code, out, err = run(capsys, *args, "--home", home)
        assert (code, err) == (0, "")
        outputs.append(out)
    text = "".join(outputs)
    assert "\x9b" not in text and "\u202e" not in text and "\x1b" not in text
    assert "javascript" not in text
    story = jsons(outputs[2])[0]
    # markup stripped, the C1 escape gone (read as the windows-1252 character
    # it stands for in mis-decoded text), square brackets kept as text
    title = str(story["title"])
    assert title.startswith("Banjir ") and title.endswith("di hilir [bold]sungai[/]")
    assert (story["saved"], story["summary"]) == (False, "Air naik setengah meter.")
    assert outputs[1].endswith("  unread · summary only\n")
