"""Stories split over several pages, read whole against a loopback server:
opening one (Library.open), `reader extract`, saving linked stories, a
source refresh; the whole-story view preferred; cycles, cross-site links,
the 10-page cap, a failing page, section indexes and offline. The pages are
written for the project (tests/net/multipage_site.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.cli.extract import run_extract
from reader.core.paths import resolve_paths
from reader.core.settings import SaveLimits, Settings
from reader.library import Library
from tests.net.conftest import FAST
from tests.net.multipage_site import (
    LEAD_ID,
    MultiPageSite,
    article_html,
    indonesian_story,
    page_paragraphs,
)
from tests.net.news_fixtures import rss

BASE = "/read/2026/11/05/warga-pesisir-bersiap-hadapi-musim-angin-barat"
ENGLISH = "/2026/11/the-long-winter-of-the-island-ferries"


def make_library(home: Path, **kw: object) -> Library:
    settings = Settings(fetch=FAST, **kw)  # type: ignore[arg-type]
    return Library(settings, resolve_paths(home))


def in_order(text: str, paragraphs: list[str]) -> bool:
    at = 0
    for p in paragraphs:
        found = text.find(p, at)
        if found < 0:
            return False
        at = found + len(p)
    return True


def english_story(site: MultiPageSite, pages: int, *, path: str = ENGLISH) -> list[str]:
    """An English story whose pages link the next with rel=next (head and a
    "Next page »" link at /2, /3, ...); returns its paragraphs in order."""
    texts: list[str] = []
    for n in range(1, pages + 1):
        own = page_paragraphs("ferry", n, lang="en")
        texts += own
        here = path if n == 1 else f"{path}/{n}"
        head = f'<link rel="next" href="{path}/{n + 1}">' if n < pages else ""
        pager = f'<a rel="next" href="{path}/{n + 1}">Next page &raquo;</a>' if n < pages else ""
        site.serve(here, article_html("The long winter", own, lang="en", head=head, pager=pager))
    return texts


async def test_indonesian_story_opened_whole_stored_and_reopened_offline(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = MultiPageSite(httpserver)
    texts = indonesian_story(site, BASE, 3)
    url = site.url(BASE)
    lib = make_library(tmp_path)
    try:
        reading = await lib.open(url)
        article = reading.article
        assert article.pages == (url, url + "?page=2", url + "?page=3")
        assert in_order(article.text, texts)
        assert article.text.count(LEAD_ID) == 1  # the lead each page repeats, once
        assert article.text.count("Baca juga") == 1  # so is its "Baca juga" line
        assert article.title == "Warga pesisir bersiap hadapi musim angin barat"
        assert [site.hits[k] for k in (BASE, f"{BASE}?page=2", f"{BASE}?page=3")] == [1, 1, 1]
        assert not article.warnings
    finally:
        await lib.close()
    offline = Library(Settings(fetch=FAST), resolve_paths(tmp_path), offline=True)
    try:
        again = await offline.open(url)
        assert again.from_store and again.article.pages == article.pages
        assert again.article.text == article.text
        assert sum(site.hits.values()) == 3  # nothing fetched offline
    finally:
        await offline.close()


async def test_reextraction_joins_the_stored_pages_again(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = MultiPageSite(httpserver)
    texts = indonesian_story(site, BASE, 3, query=False)
    url = site.url(BASE)
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(url)).article
        assert article.pages == (url, url + "/2", url + "/3")
    finally:
        await lib.close()
    from reader.library import flow

    monkeypatch.setattr(flow, "EXTRACTOR_VERSION", "newer")
    offline = Library(Settings(fetch=FAST), resolve_paths(tmp_path), offline=True)
    try:
        again = await offline.open(url)
        assert again.article.pages == article.pages and in_order(again.article.text, texts)
        assert again.article.extractor_version != "newer"  # the pipeline's own, saved back
        # A later page evicted since: the stored story is kept, never shrunk.
        monkeypatch.setattr(flow, "EXTRACTOR_VERSION", "newest")
        with offline.store.db.write() as conn:
            conn.execute("DELETE FROM pages WHERE url = ?", (url + "/3",))
        kept = await offline.open(url)
        assert kept.article.pages == article.pages and in_order(kept.article.text, texts)
        assert sum(site.hits.values()) == 3
    finally:
        await offline.close()


async def test_reader_extract_json_lists_the_pages_and_first_page_turns_it_off(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    site = MultiPageSite(httpserver)
    texts = english_story(site, 3)
    url = site.url(ENGLISH)
    assert await _extract([url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pages"] == [url, url + "/2", url + "/3"]
    assert in_order(data["text"], texts) and texts[-1] in data["markdown"]
    assert await _extract([url, "--first-page"]) == 0
    out = capsys.readouterr().out
    assert texts[3] in out and texts[4] not in out
    assert await _extract([url, "--format", "json", "--first-page"]) == 0
    assert "pages" not in json.loads(capsys.readouterr().out)


async def _extract(args: list[str]) -> int:
    import asyncio

    return await asyncio.to_thread(run_extract, args)


async def test_files_and_stdin_follow_no_links(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = MultiPageSite(httpserver)
    english_story(site, 3)
    saved = tmp_path / "page.html"
    saved.write_text(article_html("The long winter", page_paragraphs("ferry", 1, lang="en"),
                                  head=f'<link rel="next" href="{ENGLISH}/2">'))  # fmt: skip
    code = await _extract([str(saved), "--base-url", site.url(ENGLISH), "--format", "json"])
    assert code == 0 and "pages" not in json.loads(capsys.readouterr().out)
    assert sum(site.hits.values()) == 0


async def test_whole_story_view_preferred(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    texts = indonesian_story(site, BASE, 3, whole=True)
    url = site.url(BASE)
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(url)).article
        assert article.pages == (url + "?page=all",)
        assert in_order(article.text, texts) and article.url == url
        assert site.hits[f"{BASE}?page=2"] == site.hits[f"{BASE}?page=3"] == 0
        assert site.hits[f"{BASE}?page=all"] == 1
    finally:
        await lib.close()


async def test_a_cycle_is_stopped(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    one, two = page_paragraphs("ferry", 1, lang="en"), page_paragraphs("ferry", 2, lang="en")
    site.serve(ENGLISH, article_html("T", one, head=f'<link rel="next" href="{ENGLISH}/2">'))
    site.serve(f"{ENGLISH}/2", article_html("T", two, head=f'<link rel="next" href="{ENGLISH}/3">'))
    site.serve(
        f"{ENGLISH}/3", article_html("T", page_paragraphs("ferry", 3, lang="en"),
                                     head=f'<link rel="next" href="{ENGLISH}/4">'),
    )  # fmt: skip
    site.serve(f"{ENGLISH}/4", article_html("T", one, head=f'<link rel="next" href="{ENGLISH}/5">'))
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(site.url(ENGLISH))).article
        # Page 4 is page 1 again under another name: nothing new, the story
        # ends at page 3 and page 5 is never asked.
        assert len(article.pages) == 3 and article.text.count(one[0]) == 1
        assert all(n <= 1 for n in site.hits.values()) and not article.warnings
    finally:
        await lib.close()


async def test_a_next_page_pointing_back_is_a_cycle(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    site.serve(ENGLISH, article_html("T", page_paragraphs("ferry", 1, lang="en"),
                                     head=f'<link rel="next" href="{ENGLISH}/2">'))  # fmt: skip
    site.serve(f"{ENGLISH}/2", article_html("T", page_paragraphs("ferry", 2, lang="en"),
                                            head=f'<link rel="next" href="{ENGLISH}/3">'))  # fmt: skip
    httpserver.expect_request(f"{ENGLISH}/3").respond_with_data(
        "", status=302, headers={"Location": site.url(ENGLISH)}
    )
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(site.url(ENGLISH))).article
        assert article.pages == (site.url(ENGLISH), site.url(f"{ENGLISH}/2"))
        # Page 3 led back to page 1 (fetched again through the redirect): stopped.
        assert site.hits[ENGLISH] == 2 and not article.warnings
    finally:
        await lib.close()


async def test_cross_site_next_refused(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    other = f"http://127.0.0.1:{httpserver.port}{ENGLISH}/2"  # the server is "localhost"
    site.serve(ENGLISH, article_html("T", page_paragraphs("ferry", 1, lang="en"),
                                     head=f'<link rel="next" href="{other}">'))  # fmt: skip
    site.serve(f"{ENGLISH}/2", article_html("T", page_paragraphs("ferry", 2, lang="en")))
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(site.url(ENGLISH))).article
        assert article.pages == () and site.hits[f"{ENGLISH}/2"] == 0
    finally:
        await lib.close()


async def test_twelve_pages_capped_at_ten(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    texts = english_story(site, 12)
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(site.url(ENGLISH))).article
        assert len(article.pages) == 10 and site.hits[f"{ENGLISH}/11"] == 0
        assert in_order(article.text, texts[:40]) and texts[40] not in article.text
        assert article.warnings == (
            "The story has more than 10 pages; only the first 10 were read.",
        )
    finally:
        await lib.close()


async def test_a_failing_page_three_keeps_what_was_read(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = MultiPageSite(httpserver)
    texts = page_paragraphs("ferry", 1, lang="en") + page_paragraphs("ferry", 2, lang="en")
    site.serve(ENGLISH, article_html("T", texts[:4], head=f'<link rel="next" href="{ENGLISH}/2">'))
    site.serve(f"{ENGLISH}/2", article_html("T", page_paragraphs("ferry", 2, lang="en"),
                                            head=f'<link rel="next" href="{ENGLISH}/3">'))  # fmt: skip
    site.serve(f"{ENGLISH}/3", "<html><body>Oops</body></html>", status=500)
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(site.url(ENGLISH))).article
        assert article.pages == (site.url(ENGLISH), site.url(f"{ENGLISH}/2"))
        assert in_order(article.text, texts)
        assert len(article.warnings) == 1
        assert article.warnings[0].startswith("Page 3 of the story could not be read (")
        assert "500" in article.warnings[0]
    finally:
        await lib.close()


async def test_section_index_rel_next_not_followed(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    index = Path(__file__).parent.parent / "fixtures" / "multipage" / "section_index.html"
    site.serve("/news", index.read_text())
    site.serve("/news/page/2", index.read_text())
    lib = make_library(tmp_path)
    try:
        reading = await lib.open(site.url("/news"))
        assert reading.article.pages == () and site.hits["/news/page/2"] == 0
    finally:
        await lib.close()


async def test_offline_nothing_followed(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    english_story(site, 3)
    url = site.url(ENGLISH)
    first_only = Library(Settings(fetch=FAST), resolve_paths(tmp_path), follow_pages=False)
    try:
        assert (await first_only.open(url)).article.pages == ()
    finally:
        await first_only.close()
    offline = Library(Settings(fetch=FAST), resolve_paths(tmp_path), offline=True)
    try:
        reading = await offline.open(url)
        assert reading.from_store and reading.article.pages == ()
        assert sum(site.hits.values()) == 1
    finally:
        await offline.close()


async def test_saving_linked_stories_reads_them_whole_within_the_host_limit(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = MultiPageSite(httpserver, delay=0.05)
    texts = indonesian_story(site, BASE, 3)
    texts_en = english_story(site, 3)
    links = [(BASE, "Warga pesisir"), (ENGLISH, "The long winter")]
    site.serve(
        "/read/2026/11/01/pembuka-halaman-dengan-tautan-terkait",
        article_html("Pembuka", page_paragraphs("pembuka", 1), related=links),
    )
    lib = make_library(tmp_path, save=SaveLimits(max_pages=10, per_host=1, overall=4))
    try:
        front = await lib.open(site.url("/read/2026/11/01/pembuka-halaman-dengan-tautan-terkait"))
        summary = await lib.save_linked(front.article)
        assert len(summary.saved) == 2 and not summary.failed
        assert site.peak["localhost"] == 1  # the later pages kept the per-host limit too
        story = await lib.open(site.url(BASE))
        assert story.from_store and len(story.article.pages) == 3
        assert in_order(story.article.text, texts)
        english = await lib.open(site.url(ENGLISH))
        assert english.from_store and in_order(english.article.text, texts_en)
        assert all(
            n == 1
            for path, n in site.hits.items()
            if path != "/read/2026/11/01/pembuka-halaman-dengan-tautan-terkait"
        )
    finally:
        await lib.close()


async def test_a_refresh_saves_the_whole_story(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    texts = indonesian_story(site, BASE, 3)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss([(site.url(BASE), "Warga pesisir")]), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        await lib.news.follow(site.url("/feed.xml"))
        summary = await lib.news.refresh()
        assert summary.saved == 1 and not summary.unsaved
        assert site.hits[f"{BASE}?page=3"] == 1
        stored = await lib.open(site.url(BASE))
        assert stored.from_store and len(stored.article.pages) == 3
        assert in_order(stored.article.text, texts)
    finally:
        await lib.close()


async def test_pages_two_and_three_alone_give_a_pager_run(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """Opening page 2 directly reads on from there (page 3), not back to page 1
    (which its numbered pager links too)."""
    site = MultiPageSite(httpserver)
    texts = indonesian_story(site, BASE, 3)
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(site.url(BASE) + "?page=2")).article
        assert article.pages == (site.url(BASE) + "?page=2", site.url(BASE) + "?page=3")
        assert texts[1] not in article.text and in_order(article.text, texts[5:])
        assert site.hits[BASE] == 0
    finally:
        await lib.close()


async def test_revalidation_reads_a_changed_story_whole(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = MultiPageSite(httpserver)
    texts = [p for n in (1, 2, 3) for p in page_paragraphs("ferry", n, lang="en")]
    first = page_paragraphs("ferry", 1, lang="en")
    versions = iter([first[:2], first])  # the first page gains two paragraphs
    head = f'<link rel="next" href="{ENGLISH}/2">'
    site.serve(ENGLISH, lambda: article_html("The long winter", next(versions), head=head))
    for n in (2, 3):
        more = f'<link rel="next" href="{ENGLISH}/3">' if n == 2 else ""
        site.serve(
            f"{ENGLISH}/{n}", article_html("T", page_paragraphs("ferry", n, lang="en"), head=more)
        )
    lib = make_library(tmp_path)
    try:
        url = site.url(ENGLISH)
        await lib.open(url)
        stored = await lib.open(url)
        assert stored.from_store and len(stored.article.pages) == 3
        fresh = await lib.revalidate(stored)
        assert fresh is not None and fresh.article.pages == stored.article.pages
        assert in_order(fresh.article.text, texts) and first[3] in fresh.article.text
        assert site.hits[f"{ENGLISH}/3"] == 2
        again = await lib.open(url)
        assert again.from_store and again.article.text == fresh.article.text
    finally:
        await lib.close()


async def test_exports_after_an_extractor_change_keep_joined_stories_whole(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from reader.library import exporting, flow

    site = MultiPageSite(httpserver)
    texts = indonesian_story(site, BASE, 3)
    english = english_story(site, 2)
    lib = make_library(tmp_path)
    try:
        await lib.open(site.url(BASE))
        await lib.open(site.url(ENGLISH))
        monkeypatch.setattr(flow, "EXTRACTOR_VERSION", "newer")
        monkeypatch.setattr(exporting, "EXTRACTOR_VERSION", "newer")
        story = await asyncio.to_thread(lib.export_story, site.url(BASE))
        assert story is not None and len(story.article.pages) == 3
        assert in_order(story.article.text, texts)
        # Several at once (the worker processes' path).
        urls = [site.url(BASE), site.url(ENGLISH)]
        stored = [(u, lib.store.load_article(u)) for u in urls]
        fresh = await lib._extract_in_workers([(u, s) for u, s in stored if s is not None])
        assert len(fresh[site.url(ENGLISH)].pages) == 2
        assert in_order(fresh[site.url(ENGLISH)].text, english)
        assert sum(site.hits.values()) == 5
    finally:
        await lib.close()


async def test_reader_fetch_saves_the_whole_story(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = MultiPageSite(httpserver)
    texts = english_story(site, 3)
    lib = make_library(tmp_path)
    try:
        saved = await lib.save_page(site.url(ENGLISH))  # `reader fetch URL`
        assert len(saved.article.pages) == 3 and in_order(saved.article.text, texts)
        stored = lib.store.load_article(site.url(ENGLISH))
        assert stored is not None and stored.article.pages == saved.article.pages
        assert lib.store.load_page(site.url(ENGLISH) + "/3") is not None  # kept to join again
    finally:
        await lib.close()


async def test_slow_pages_stop_being_read(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.library import multipage

    monkeypatch.setattr(multipage, "READ_SECONDS", 0.15)
    site = MultiPageSite(httpserver, delay=0.1)
    texts = english_story(site, 5)
    lib = make_library(tmp_path)
    try:
        article = (await lib.open(site.url(ENGLISH))).article
        assert 2 <= len(article.pages) < 5 and site.hits[f"{ENGLISH}/5"] == 0
        assert in_order(article.text, texts[: 4 * len(article.pages)])
        assert article.warnings[-1].endswith("was not read: its pages were too slow.")
    finally:
        await lib.close()
