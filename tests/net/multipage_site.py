"""Stories split over several pages, written for the project in the shapes of
real news sites (no text from any real page): an Indonesian portal
(numbered "1 2 3 Selanjutnya" pager, "Halaman 2" links, a "Tampilkan semua"
whole-story view, a lead and a "Baca juga" line repeated on every page), an
English magazine (`<link rel=next>` and "Next page »"), and a section index
with its own `rel=next` ("older posts"). `MultiPageSite` serves them on a
pytest-httpserver and counts requests per path."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from html import escape

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

_PEOPLE = ("Petani kopi", "Nelayan muda", "Guru honorer", "Pedagang pasar", "Bidan desa")
_DEEDS = ("menanam bibit baru", "memperbaiki perahu", "mengajar kelas sore", "menata lapak")
_PLACES = ("di lereng bukit", "di dermaga timur", "di balai desa", "di tepi sungai")
_EN_PEOPLE = ("The harbour master", "A ferry captain", "The lighthouse keeper", "A net mender")
_EN_DEEDS = (
    "counted the boats",
    "checked the tide tables",
    "repainted the hull",
    "logged the catch",
)
_EN_PLACES = ("before dawn", "by the old pier", "under a grey sky", "along the breakwater")

LEAD_ID = (
    "KOTA PESISIR, Kabar Nusantara - Warga kampung nelayan di pesisir utara bersiap menghadapi "
    "musim angin barat dengan memperkuat tanggul dan memindahkan perahu ke tempat yang lebih aman."
)
READ_ALSO_ID = "Baca juga: Harga ikan di pelelangan naik menjelang akhir tahun"


def paragraph(story: str, page: int, n: int, *, lang: str = "id") -> str:
    """A paragraph that is different for every story, page and position."""
    people, deeds, places = (_PEOPLE, _DEEDS, _PLACES) if lang == "id" else (
        _EN_PEOPLE, _EN_DEEDS, _EN_PLACES
    )  # fmt: skip
    sentences = []
    for s in range(3):
        k = page * 7 + n * 3 + s
        who, what, where = (
            people[k % 5 if lang == "id" else k % 4],
            deeds[k % 4],
            places[(k // 4) % 4],
        )
        tail = (
            f"untuk bagian {page}.{n}.{s} dari kisah {story}"
            if lang == "id"
            else f"for part {page}.{n}.{s} of the {story} story"
        )
        sentences.append(f"{who} {what} {where} {tail}.")
    return " ".join(sentences)


def page_paragraphs(story: str, page: int, count: int = 4, *, lang: str = "id") -> list[str]:
    """The paragraphs of one page of a story."""
    return [paragraph(story, page, n, lang=lang) for n in range(count)]


def article_html(
    title: str,
    paragraphs: Sequence[str],
    *,
    lang: str = "id",
    head: str = "",
    pager: str = "",
    related: Sequence[tuple[str, str]] = (),
    site: str = "Kabar Nusantara",
) -> str:
    """A news article page: head metadata, navigation, body, pager, related list."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    items = "".join(f'<li><a href="{escape(u)}">{escape(t)}</a></li>' for u, t in related)
    heading = "Berita Terkait" if lang == "id" else "Related stories"
    rel = f'<div class="related"><h3>{heading}</h3><ul>{items}</ul></div>' if related else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{escape(title)} - {escape(site)}</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{escape(site)}">
<meta property="article:published_time" content="2026-11-05T11:13:00+07:00">
{head}
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a>
<a href="/ekonomi">Ekonomi</a> <a href="/olahraga">Olahraga</a></nav></header>
<main><article>
<h1>{escape(title)}</h1>
<div class="byline">Penulis: Sari Wulandari</div>
<div class="article-body">
{body}
</div>
{pager}
</article>
{rel}
</main>
<footer><p>Hak cipta dilindungi undang-undang.</p></footer>
</body></html>"""


def numbered_pager(base: str, page: int, pages: int, *, query: bool = True) -> str:
    """An Indonesian pager: "1 2 3 Selanjutnya" (links `?page=N` or `/N`)."""

    def href(n: int) -> str:
        if n == 1:
            return base
        return f"{base}?page={n}" if query else f"{base}/{n}"

    links = [
        f'<a href="{href(n)}"{" class=active" if n == page else ""}>{n}</a>'
        for n in range(1, pages + 1)
    ]
    if page < pages:
        links.append(f'<a href="{href(page + 1)}">Selanjutnya</a>')
    return f'<div class="pagination">{" ".join(links)}</div>'


class MultiPageSite:
    """Serves pages on `server` by path (a handler per path), counting requests."""

    def __init__(self, server: HTTPServer, delay: float = 0.0) -> None:
        self.server = server
        self.delay = delay
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        """The most requests answered at once, per host name."""

    def url(self, path: str) -> str:
        """The absolute address of `path` on the server."""
        return self.server.url_for(path)

    def serve(self, path: str, html: str | Callable[[], str], *, status: int = 200) -> None:
        """Answer GET `path` (with no query string: see `serve_query`) with `html`."""
        self._handle(path, "", html, status)

    def serve_query(self, path: str, query: str, html: str, *, status: int = 200) -> None:
        """Answer GET `path?query` with `html`."""
        self._handle(path, query, html, status)

    def _handle(
        self, path: str, query: str | None, html: str | Callable[[], str], status: int
    ) -> None:
        key = f"{path}?{query}" if query else path

        def respond(request: Request) -> Response:
            host = (request.host or "").rsplit(":", 1)[0]
            with self.lock:
                self.hits[key] += 1
                self.in_flight[host] += 1
                self.peak[host] = max(self.peak[host], self.in_flight[host])
            time.sleep(self.delay)
            with self.lock:
                self.in_flight[host] -= 1
            text = html() if callable(html) else html
            return Response(text, status=status, content_type="text/html; charset=utf-8")

        self.server.expect_request(path, query_string=query).respond_with_handler(respond)


def indonesian_story(
    site: MultiPageSite,
    base: str = "/read/2026/11/05/warga-pesisir-bersiap-hadapi-musim-angin-barat",
    pages: int = 3,
    *,
    whole: bool = False,
    query: bool = True,
) -> list[str]:
    """An Indonesian story of `pages` pages at `base` (page n: `?page=n`, or
    `/n` unless `query`), each page repeating the lead and a "Baca juga"
    line; with `whole`, a "Tampilkan semua" view at `?page=all`. Returns
    the story's own paragraphs, in order (the lead first, once)."""
    title = "Warga pesisir bersiap hadapi musim angin barat"
    story = "angin barat"
    texts: list[str] = [LEAD_ID]
    for n in range(1, pages + 1):
        own = page_paragraphs(story, n)
        texts += own
        body = [LEAD_ID, *own[:2], READ_ALSO_ID, *own[2:]]
        pager = numbered_pager(base, n, pages, query=query)
        if whole:
            pager += f'<p><a href="{base}?page=all">Tampilkan semua</a></p>'
        html = article_html(
            title,
            body,
            pager=pager,
            related=[("/read/2026/11/04/harga-ikan-naik-di-pelelangan", "Harga ikan naik")],
        )
        if n == 1:
            site.serve(base, html)
        elif query:
            site.serve_query(base, f"page={n}", html)
        else:
            site.serve(f"{base}/{n}", html)
    if whole:
        everything = [LEAD_ID, READ_ALSO_ID] + [
            p for n in range(1, pages + 1) for p in page_paragraphs(story, n)
        ]
        site.serve_query(base, "page=all", article_html(title, everything))
    return texts
