"""The refresh engine against loopback servers: new stories saved in full,
conditional requests and 304s (no story fetched again), moves, gone sources,
Retry-After, failing and slow sources, back-off, caps, dedupe across sources,
unread state, page and list sources, a login wall, progress and cancelling;
and the schedule rules on their own."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.core.errors import HTTPStatusError
from reader.core.records import SOURCE_FEED, SOURCE_LIST, SOURCE_PAGE, RefreshProgress
from reader.core.settings import NewsSettings
from reader.library import Library
from reader.library.refresh import SourceNotFollowed
from reader.library.schedule import after_failure, after_success, freshness
from tests.net.conftest import StartServer, head, read_request
from tests.net.news_fixtures import Counting, front_html, make_library, rss, story_html

LAST_MODIFIED = "Tue, 01 Dec 2026 08:00:00 GMT"


def stories(server: HTTPServer, counting: Counting, names: list[str]) -> list[tuple[str, str]]:
    """Serve a story page for each name; their (url, title)."""
    out = []
    for name in names:
        path = f"/news/2026/12/{name}"
        server.expect_request(path).respond_with_handler(counting.story)
        out.append((server.url_for(path), name.replace("-", " ").capitalize()))
    return out


async def follow_feed(lib: Library, url: str, *tags: str) -> int:
    source = await lib.news.follow(url, tags=tags)
    assert source.kind == SOURCE_FEED
    return source.id


async def test_feed_stories_saved_then_304_and_nothing_fetched_again(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, ["ferry-runs-again", "pier-repaired", "tide-tables"])
    httpserver.expect_request("/feed.xml").respond_with_handler(
        counting.served(
            rss(listed), "application/rss+xml", etag='"v1"', last_modified=LAST_MODIFIED
        )
    )
    lib = make_library(tmp_path)
    try:
        source_id = await follow_feed(lib, httpserver.url_for("/feed.xml"))
        reports: list[RefreshProgress] = []
        summary = await lib.news.refresh(progress=reports.append)
        assert (summary.checked, summary.new_items, summary.saved) == (1, 3, 3)
        assert not summary.failed and not summary.unsaved and not summary.capped
        items = lib.news.items(source_id=source_id)
        assert [i.title for i in items] == ["Ferry runs again", "Pier repaired", "Tide tables"]
        assert all(i.saved and not i.read and i.word_count for i in items)
        assert all(i.summary.startswith("Teaser:") for i in items)
        assert reports[-1].stories_saved == 3 and reports[-1].sources_done == 1
        source = lib.news.source(httpserver.url_for("/feed.xml"))
        assert source is not None and source.etag == '"v1"'
        assert source.last_modified == LAST_MODIFIED and source.error is None
        assert source.next_due is not None and source.next_due > datetime.now(UTC)
        # The stored article is the full page, not the feed's teaser.
        reading = await lib.open(items[0].url)
        assert reading.from_store and "northern islands" in reading.article.text

        # Not due yet: nothing asked.
        quiet = await lib.news.refresh()
        assert (quiet.checked, quiet.skipped) == (0, 1)

        before = sum(n for path, n in counting.hits.items() if path.startswith("/news/"))
        again = await lib.news.refresh(force=True)
        assert (again.checked, again.not_modified, again.new_items, again.saved) == (1, 1, 0, 0)
        sent = counting.headers["/feed.xml"][-1]
        assert sent.get("If-None-Match") == '"v1"'
        assert sent.get("If-Modified-Since") == LAST_MODIFIED
        after = sum(n for path, n in counting.hits.items() if path.startswith("/news/"))
        assert after == before == 3
    finally:
        await lib.close()


async def test_last_modified_alone_makes_the_request_conditional(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, ["quay-news"])
    httpserver.expect_request("/lm.xml").respond_with_handler(
        counting.served(rss(listed), "application/rss+xml", last_modified=LAST_MODIFIED)
    )
    lib = make_library(tmp_path)
    try:
        await follow_feed(lib, httpserver.url_for("/lm.xml"))
        await lib.news.refresh()
        again = await lib.news.refresh(force=True)
        assert again.not_modified == 1 and again.new_items == 0
        assert counting.headers["/lm.xml"][-1].get("If-Modified-Since") == LAST_MODIFIED
        assert "If-None-Match" not in counting.headers["/lm.xml"][-1]
    finally:
        await lib.close()


async def test_new_items_only_on_the_next_refresh(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting()
    first = stories(httpserver, counting, ["one", "two"])
    later = stories(httpserver, counting, ["three"])
    feed = {"body": rss(first)}
    httpserver.expect_request("/grow.xml").respond_with_handler(
        lambda request: Response(feed["body"], content_type="application/rss+xml")
    )
    lib = make_library(tmp_path)
    try:
        await follow_feed(lib, httpserver.url_for("/grow.xml"))
        assert (await lib.news.refresh()).new_items == 2
        feed["body"] = rss(later + first)
        summary = await lib.news.refresh(force=True)
        assert (summary.new_items, summary.saved) == (1, 1)
        assert counting.hits["/news/2026/12/one"] == 1 and counting.hits["/news/2026/12/three"] == 1
        assert lib.news.unread_count() == 3
    finally:
        await lib.close()


async def test_permanent_redirect_updates_the_address(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, ["moved-story"])
    httpserver.expect_request("/new.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    target = {"status": 200}

    def old(request: Request) -> Response:
        if target["status"] == 301:
            return Response(status=301, headers={"Location": httpserver.url_for("/new.xml")})
        return Response(rss(listed), content_type="application/rss+xml")

    httpserver.expect_request("/old.xml").respond_with_handler(old)
    lib = make_library(tmp_path)
    try:
        source_id = await follow_feed(lib, httpserver.url_for("/old.xml"))
        target["status"] = 301
        summary = await lib.news.refresh()
        assert not summary.failed
        source = lib.store.source_by_id(source_id)
        assert source is not None and source.url == httpserver.url_for("/new.xml")
        assert lib.news.source(httpserver.url_for("/old.xml")) is None
    finally:
        await lib.close()


async def test_gone_marks_the_source_and_it_is_not_asked_again(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, ["last-words"])
    state = {"gone": False}

    def feed(request: Request) -> Response:
        counting.hits["/gone.xml"] += 1
        if state["gone"]:
            return Response("Gone", status=410)
        return Response(rss(listed), content_type="application/rss+xml")

    httpserver.expect_request("/gone.xml").respond_with_handler(feed)
    lib = make_library(tmp_path)
    try:
        source_id = await follow_feed(lib, httpserver.url_for("/gone.xml"))
        await lib.news.refresh()
        state["gone"] = True
        summary = await lib.news.refresh(force=True)
        assert len(summary.failed) == 1
        source = lib.store.source_by_id(source_id)
        assert source is not None and source.gone and source.error
        assert "410" in source.error
        asked = counting.hits["/gone.xml"]
        later = await lib.news.refresh(force=True)
        assert later.checked == 0 and counting.hits["/gone.xml"] == asked
        # Its story stays.
        assert [i.title for i in lib.news.items(source_id=source_id)] == ["Last words"]
        # Named, it is asked; back again, it is no longer gone.
        state["gone"] = False
        named = await lib.news.refresh(urls=[httpserver.url_for("/gone.xml")])
        assert named.checked == 1 and not named.failed
        back = lib.store.source_by_id(source_id)
        assert back is not None and not back.gone and back.error is None
    finally:
        await lib.close()


async def test_retry_after_sets_the_next_time(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/busy.xml").respond_with_data(
        "Slow down", status=429, headers={"Retry-After": "7200"}
    )
    lib = make_library(tmp_path)
    try:
        httpserver.expect_oneshot_request("/busy.xml").respond_with_data(
            rss([]), content_type="application/rss+xml"
        )
        source_id = await follow_feed(lib, httpserver.url_for("/busy.xml"))
        started = datetime.now(UTC)
        summary = await lib.news.refresh()
        assert len(summary.failed) == 1 and "429" in summary.failed[0][1]
        source = lib.store.source_by_id(source_id)
        assert source is not None and source.failures == 1 and source.error
        assert source.next_due is not None
        wait = (source.next_due - started).total_seconds()
        assert 7190 <= wait <= 7210
    finally:
        await lib.close()


async def test_a_failing_and_a_slow_source_do_not_stop_the_others(
    httpserver: HTTPServer, tmp_path: Path, raw_server: StartServer
) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, ["fine-story"])
    httpserver.expect_request("/fine.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    state = {"broken": False}

    def flaky(request: Request) -> Response:
        if state["broken"]:
            return Response("oops", status=500)
        return Response(rss([]), content_type="application/rss+xml")

    httpserver.expect_request("/broken.xml").respond_with_handler(flaky)

    slow = {"stall": False}

    async def stalling(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        if slow["stall"]:
            await asyncio.sleep(10)
        body = rss([], title="Slow Wire").encode()
        writer.write(
            head(
                "200 OK",
                "Content-Type: application/rss+xml",
                f"Content-Length: {len(body)}",
                "Connection: close",
            )
            + body
        )
        await writer.drain()

    slow_base = await raw_server(stalling)
    lib = make_library(tmp_path, min_interval_minutes=30)
    try:
        good = await follow_feed(lib, httpserver.url_for("/fine.xml"))
        bad = await follow_feed(lib, httpserver.url_for("/broken.xml"))
        stalled = await follow_feed(lib, f"{slow_base}/slow.xml")
        state["broken"] = True
        slow["stall"] = True
        started = datetime.now(UTC)
        summary = await lib.news.refresh()
        assert summary.checked == 3 and summary.new_items == 1 and summary.saved == 1
        failed = dict(summary.failed)
        assert set(failed) == {httpserver.url_for("/broken.xml"), f"{slow_base}/slow.xml"}
        assert "500" in failed[httpserver.url_for("/broken.xml")]
        for source_id in (bad, stalled):
            source = lib.store.source_by_id(source_id)
            assert source is not None and source.failures == 1 and source.error
            assert source.next_due is not None
            # Backed off: twice the interval (plus up to a tenth).
            wait = (source.next_due - started).total_seconds()
            assert 2 * 30 * 60 - 5 <= wait <= 2 * 30 * 60 * 1.1 + 5
        fine = lib.store.source_by_id(good)
        assert fine is not None and fine.failures == 0 and fine.error is None
        # A second failure in a row waits longer still.
        again = await lib.news.refresh(urls=[httpserver.url_for("/broken.xml")])
        assert len(again.failed) == 1
        source = lib.store.source_by_id(bad)
        assert source is not None and source.failures == 2 and source.next_due is not None
        assert (source.next_due - started).total_seconds() >= 4 * 30 * 60 - 5
        # It works again: the count starts over and the error goes.
        state["broken"] = False
        await lib.news.refresh(urls=[httpserver.url_for("/broken.xml")])
        source = lib.store.source_by_id(bad)
        assert source is not None and source.failures == 0 and source.error is None
    finally:
        await lib.close()


async def test_one_story_through_two_sources_is_one_item_fetched_once(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    shared = stories(httpserver, counting, ["shared-story"])
    own_a = stories(httpserver, counting, ["only-in-a"])
    own_b = stories(httpserver, counting, ["only-in-b"])
    httpserver.expect_request("/a.xml").respond_with_data(
        rss(shared + own_a, title="Wire A"), content_type="application/rss+xml"
    )
    httpserver.expect_request("/b.xml").respond_with_data(
        rss(shared + own_b, title="Wire B"), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        a = await follow_feed(lib, httpserver.url_for("/a.xml"))
        b = await follow_feed(lib, httpserver.url_for("/b.xml"))
        summary = await lib.news.refresh()
        assert summary.new_items == 3 and summary.saved == 3
        assert counting.hits["/news/2026/12/shared-story"] == 1
        assert len(lib.news.items()) == 3
        assert {i.title for i in lib.news.items(source_id=a)} == {"Shared story", "Only in a"}
        assert {i.title for i in lib.news.items(source_id=b)} == {"Shared story", "Only in b"}
    finally:
        await lib.close()


async def test_items_per_source_cap(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, [f"story-{n}" for n in range(5)])
    httpserver.expect_request("/many.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path, items_per_source=2)
    try:
        source_id = await follow_feed(lib, httpserver.url_for("/many.xml"))
        summary = await lib.news.refresh()
        assert (summary.new_items, summary.saved, summary.capped) == (5, 2, True)
        items = lib.news.items(source_id=source_id)
        # The newest two are saved in full; the others keep their teaser.
        assert [i.saved for i in items] == [True, True, False, False, False]
        assert all(i.summary for i in items)
        assert sum(counting.hits.values()) == 2
    finally:
        await lib.close()


async def test_byte_cap_stops_saving_stories(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, ["big-one", "big-two"])
    padding = "<!-- " + "x" * (2 * 2**20) + " -->"
    httpserver.expect_request("/heavy.xml").respond_with_data(
        rss(listed).replace("<channel>", f"{padding}<channel>", 1),
        content_type="application/rss+xml",
    )
    lib = make_library(tmp_path, max_refresh_mb=1)
    try:
        await follow_feed(lib, httpserver.url_for("/heavy.xml"))
        summary = await lib.news.refresh()
        assert summary.new_items == 2 and summary.saved == 0 and summary.capped
        assert summary.unsaved == []
        assert sum(counting.hits.values()) == 0
    finally:
        await lib.close()


async def test_byte_cap_counts_the_stories_too(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting()
    padding = "<!-- " + "y" * 600_000 + " -->"
    listed = []
    for n in range(5):
        path = f"/news/2026/12/heavy-story-{n}"
        page = story_html(f"Heavy story {n}").replace("<body>", f"<body>{padding}", 1)
        httpserver.expect_request(path).respond_with_handler(counting.served(page, "text/html"))
        listed.append((httpserver.url_for(path), f"Heavy story {n}"))
    httpserver.expect_request("/padded.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path, max_refresh_mb=1, per_host=1, overall=1)
    try:
        await follow_feed(lib, httpserver.url_for("/padded.xml"))
        summary = await lib.news.refresh()
        assert summary.new_items == 5 and summary.capped
        assert summary.saved == 2 and summary.unsaved == []
        assert sum(counting.hits.values()) == 2
    finally:
        await lib.close()


async def test_a_story_that_cannot_be_saved_keeps_its_summary(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    good = stories(httpserver, counting, ["good-story"])
    missing = [(httpserver.url_for("/news/2026/12/missing"), "Missing story")]
    httpserver.expect_request("/news/2026/12/missing").respond_with_data("No", status=404)
    httpserver.expect_request("/mixed.xml").respond_with_data(
        rss(missing + good), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        source_id = await follow_feed(lib, httpserver.url_for("/mixed.xml"))
        summary = await lib.news.refresh()
        assert summary.saved == 1 and not summary.failed
        assert [url for url, _ in summary.unsaved] == [httpserver.url_for("/news/2026/12/missing")]
        assert "404" in summary.unsaved[0][1]
        item = lib.store.item(httpserver.url_for("/news/2026/12/missing"))
        assert item is not None and not item.saved
        assert item.summary == "Teaser: Missing story, the short version."
        assert [i.saved for i in lib.news.items(source_id=source_id)] == [False, True]
    finally:
        await lib.close()


async def test_a_story_that_cannot_be_had_opens_as_its_marked_feed_summary(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """Opening a story whose page could not be saved shows the feed's summary,
    marked as such and saying why, online (the server still fails) and
    offline; a page no source brought still fails as before."""
    missing = httpserver.url_for("/news/2026/12/missing")
    httpserver.expect_request("/news/2026/12/missing").respond_with_data("No", status=404)
    httpserver.expect_request("/only.xml").respond_with_data(
        rss([(missing, "Missing story")]), content_type="application/rss+xml"
    )
    httpserver.expect_request("/elsewhere").respond_with_data("No", status=404)
    lib = make_library(tmp_path)
    try:
        await follow_feed(lib, httpserver.url_for("/only.xml"))
        await lib.news.refresh()
        reading = await lib.open(missing)
        assert reading.notice == "feed summary only" and not reading.offline
        assert reading.article.title == "Missing story"
        assert reading.article.text == "Teaser: Missing story, the short version."
        assert "summary" in reading.article.warnings[0] and "404" in reading.article.warnings[0]
        with pytest.raises(HTTPStatusError):
            await lib.open(httpserver.url_for("/elsewhere"))
    finally:
        await lib.close()
    offline = Library(lib.settings, lib.paths, offline=True)
    try:
        reading = await offline.open(missing)
        assert reading.offline and reading.notice == "feed summary only"
        assert "offline" in reading.article.warnings[0]
    finally:
        await offline.close()


async def test_a_story_not_saved_is_tried_again_by_the_next_refresh(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """The network failed for a story (here its server, with 503); the next
    refresh saves it, though the feed itself answers 304 by then."""
    url = httpserver.url_for("/news/2026/12/late-story")
    answers = {"story": 503}

    def story(request: Request) -> Response:
        if answers["story"] != 200:
            return Response("Busy", status=answers["story"])
        return Response(story_html("Late story"), content_type="text/html; charset=utf-8")

    httpserver.expect_request("/news/2026/12/late-story").respond_with_handler(story)
    feed = rss([(url, "Late story")])

    def serve_feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(feed, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/late.xml").respond_with_handler(serve_feed)
    lib = make_library(tmp_path)
    try:
        await follow_feed(lib, httpserver.url_for("/late.xml"))
        first = await lib.news.refresh()
        assert first.saved == 0 and [u for u, _ in first.unsaved] == [url]
        answers["story"] = 200
        await asyncio.sleep(1.1)  # the store keeps times to the second
        second = await lib.news.refresh(force=True)
        assert second.not_modified == 1 and second.saved == 1 and not second.unsaved
        item = lib.store.item(url)
        assert item is not None and item.saved
    finally:
        await lib.close()


async def test_a_story_read_before_it_arrives_is_read_and_not_fetched_again(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, ["already-read", "fresh-news"])
    httpserver.expect_request("/read.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        await lib.open(listed[0][0])
        await follow_feed(lib, httpserver.url_for("/read.xml"))
        summary = await lib.news.refresh()
        assert summary.new_items == 2 and summary.saved == 1
        assert counting.hits["/news/2026/12/already-read"] == 1
        read = lib.store.item(listed[0][0])
        assert read is not None and read.read and read.saved
        assert lib.news.unread_count() == 1
    finally:
        await lib.close()


async def test_mark_read_and_all_read_with_undo(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting()
    listed = stories(httpserver, counting, ["first-item", "second-item", "third-item"])
    httpserver.expect_request("/marks.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path, items_per_source=0)
    try:
        source_id = await follow_feed(lib, httpserver.url_for("/marks.xml"), "harbour")
        await lib.news.refresh()
        assert lib.news.unread_count() == 3
        assert lib.news.mark_read([listed[0][0]]) == 1
        assert lib.news.unread_count() == 2
        changed = lib.news.mark_all_read(tag="harbour")
        assert sorted(changed) == sorted(url for url, _ in listed[1:])
        assert lib.news.unread_count() == 0
        assert lib.news.mark_read(list(changed), read=False) == 2
        assert [s.unread for s in lib.news.sources()] == [2]
        assert len(lib.news.items(source_id=source_id, unread_only=True)) == 2
    finally:
        await lib.close()


async def test_limits_per_host_hold_across_feeds_and_stories(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting(delay=0.02)
    port = httpserver.port
    feeds = []
    for n in range(4):
        names = [f"s{n}-{k}" for k in range(3)]
        listed = stories(httpserver, counting, names)
        local = [(url.replace("localhost", "127.0.0.1"), title) for url, title in listed]
        httpserver.expect_request(f"/f{n}.xml").respond_with_handler(
            counting.served(rss(local, title=f"Wire {n}"), "application/rss+xml")
        )
        feeds.append(f"http://127.0.0.1:{port}/f{n}.xml")
    lib = make_library(tmp_path, per_host=2, overall=3)
    try:
        for url in feeds:
            await follow_feed(lib, url)
        summary = await lib.news.refresh()
        assert summary.checked == 4 and summary.saved == 12
        assert counting.peak["127.0.0.1"] <= 2
        assert counting.peak["127.0.0.1"] >= 2  # the server did see two at once
    finally:
        await lib.close()


async def test_refresh_by_tag_and_by_address(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting()
    a = stories(httpserver, counting, ["tagged-story"])
    b = stories(httpserver, counting, ["other-story"])
    httpserver.expect_request("/t.xml").respond_with_data(
        rss(a), content_type="application/rss+xml"
    )
    httpserver.expect_request("/u.xml").respond_with_data(
        rss(b), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        await follow_feed(lib, httpserver.url_for("/t.xml"), "islands")
        await follow_feed(lib, httpserver.url_for("/u.xml"))
        tagged = await lib.news.refresh(tag="islands")
        assert (tagged.checked, tagged.new_items) == (1, 1)
        named = await lib.news.refresh(urls=[httpserver.url_for("/u.xml")])
        assert (named.checked, named.new_items) == (1, 1)
        try:
            await lib.news.refresh(urls=[httpserver.url_for("/never.xml")])
        except SourceNotFollowed as exc:
            assert "not a source followed" in str(exc)
        else:
            raise AssertionError("an address not followed is refused")
    finally:
        await lib.close()


async def test_refresh_can_be_cancelled(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting(delay=0.2)
    listed = stories(httpserver, counting, [f"slow-{n}" for n in range(8)])
    httpserver.expect_request("/slow.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path, per_host=1, overall=1)
    try:
        await follow_feed(lib, httpserver.url_for("/slow.xml"))
        cancel = asyncio.Event()

        def stop_after_first_story(report: RefreshProgress) -> None:
            if report.stories_saved >= 1:
                cancel.set()

        summary = await lib.news.refresh(progress=stop_after_first_story, cancel=cancel)
        assert summary.cancelled and 1 <= summary.saved < 8
        assert summary.new_items == 8
    finally:
        await lib.close()


async def test_feed_that_turns_into_a_web_page_is_an_error_on_the_source(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    state = {"html": False}

    def feed(request: Request) -> Response:
        if state["html"]:
            return Response(
                "<html><body><p>Maintenance</p></body></html>", content_type="text/html"
            )
        return Response(rss([]), content_type="application/rss+xml")

    httpserver.expect_request("/turns.xml").respond_with_handler(feed)
    lib = make_library(tmp_path)
    try:
        source_id = await follow_feed(lib, httpserver.url_for("/turns.xml"))
        state["html"] = True
        summary = await lib.news.refresh()
        assert len(summary.failed) == 1
        source = lib.store.source_by_id(source_id)
        assert source is not None and source.error and not source.gone
        assert lib.news.sources()[0].id == source_id  # still followed
    finally:
        await lib.close()


async def test_max_age_pushes_the_next_check_later(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/cached.xml").respond_with_data(
        rss([]), content_type="application/rss+xml", headers={"Cache-Control": "max-age=7200"}
    )
    lib = make_library(tmp_path, min_interval_minutes=30)
    try:
        source_id = await follow_feed(lib, httpserver.url_for("/cached.xml"))
        started = datetime.now(UTC)
        await lib.news.refresh()
        source = lib.store.source_by_id(source_id)
        assert source is not None and source.next_due is not None
        assert 7190 <= (source.next_due - started).total_seconds() <= 7210
    finally:
        await lib.close()


async def test_a_feed_on_the_internet_cannot_make_us_fetch_this_network(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only 127.0.0.1 counts as local here, so the feed at localhost plays a
    feed on the internet listing a story on the user's own network."""
    import reader.library.refresh as refresh_module

    monkeypatch.setattr(refresh_module, "is_local_address", lambda url: "127.0.0.1" in url)
    counting = Counting()
    listed = stories(httpserver, counting, ["inside-story"])
    inside = [(url.replace("localhost", "127.0.0.1"), title) for url, title in listed]
    httpserver.expect_request("/outside.xml").respond_with_data(
        rss(inside), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        await follow_feed(lib, httpserver.url_for("/outside.xml"))
        summary = await lib.news.refresh()
        assert summary.new_items == 1 and summary.saved == 0
        assert "cannot point at this network" in summary.unsaved[0][1]
        assert sum(counting.hits.values()) == 0
    finally:
        await lib.close()


# -- page and list sources -----------------------------------------------------------

FRONT = [
    "harbour-opens-again-after-the-pier-repairs",
    "market-day-brings-traders-from-three-islands",
    "boat-race-returns-to-the-bay-this-summer",
]


async def test_page_source_new_links_only_on_the_second_refresh(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    first = stories(httpserver, counting, FRONT)
    later = stories(httpserver, counting, ["storm-warning-for-the-northern-islands-tonight"])
    page = {"links": first}
    httpserver.expect_request("/").respond_with_handler(
        lambda request: Response(front_html(page["links"]), content_type="text/html")
    )
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(httpserver.url_for("/"), as_page=True)
        assert source.kind == SOURCE_PAGE
        summary = await lib.news.refresh()
        assert summary.new_items == 3 and summary.saved == 3
        titles = {i.title for i in lib.news.items(source_id=source.id)}
        assert titles == {title for _, title in first}
        page["links"] = later + first
        again = await lib.news.refresh(force=True)
        assert (again.new_items, again.saved) == (1, 1)
        assert all(counting.hits[url.split(str(httpserver.port))[1]] == 1 for url, _ in first)
        asked = {request.path for request, _ in httpserver.log}
        assert "/login" not in asked and "/category/islands" not in asked
    finally:
        await lib.close()


async def test_list_source_takes_only_its_list(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting()
    top = stories(
        httpserver,
        counting,
        [
            "top-story-one-about-the-harbour",
            "top-story-two-about-the-market",
            "top-story-three-about-the-boats",
        ],
    )
    latest = stories(
        httpserver,
        counting,
        [
            "latest-news-one-from-the-islands",
            "latest-news-two-from-the-islands",
            "latest-news-three-from-the-islands",
        ],
    )
    popular = stories(
        httpserver,
        counting,
        [
            "popular-story-one-on-the-quay",
            "popular-story-two-on-the-quay",
            "popular-story-three-on-the-quay",
        ],
    )
    httpserver.expect_request("/").respond_with_data(
        front_html(top, lists={"Latest": latest, "Most popular": popular}),
        content_type="text/html",
    )
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(httpserver.url_for("/"), list_heading="latest")
        assert source.kind == SOURCE_LIST and source.list_heading == "Latest"
        summary = await lib.news.refresh()
        assert summary.new_items == 3
        titles = {i.title for i in lib.news.items(source_id=source.id)}
        assert titles == {title for _, title in latest}
    finally:
        await lib.close()


async def test_login_wall_on_a_page_source_keeps_its_stories(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    first = stories(httpserver, counting, FRONT)
    wall = (
        "<html><head><title>Sign in</title></head><body><form action='/login'>"
        "<h1>Sign in to keep reading</h1><input name='user'>"
        "<input type='password' name='pw'><button>Sign in</button></form>"
        "<a href='/register'>Register</a></body></html>"
    )
    state = {"wall": False}
    httpserver.expect_request("/").respond_with_handler(
        lambda request: Response(
            wall if state["wall"] else front_html(first), content_type="text/html"
        )
    )
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(httpserver.url_for("/"), as_page=True)
        await lib.news.refresh()
        state["wall"] = True
        summary = await lib.news.refresh(force=True)
        assert len(summary.failed) == 1 and summary.new_items == 0
        after = lib.store.source_by_id(source.id)
        assert after is not None and after.error and after.failures == 1
        assert len(lib.news.items(source_id=source.id)) == 3
    finally:
        await lib.close()


async def test_a_page_source_that_turns_into_an_article_keeps_its_stories(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    counting = Counting()
    first = stories(httpserver, counting, FRONT)
    state = {"article": False}
    httpserver.expect_request("/").respond_with_handler(
        lambda request: Response(
            story_html("The harbour front page is now one long story", words=600)
            if state["article"]
            else front_html(first),
            content_type="text/html",
        )
    )
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(httpserver.url_for("/"), as_page=True)
        await lib.news.refresh()
        state["article"] = True
        summary = await lib.news.refresh(force=True)
        assert len(summary.failed) == 1 and "reads as an article" in summary.failed[0][1]
        assert len(lib.news.items(source_id=source.id)) == 3
    finally:
        await lib.close()


# -- the schedule rules ----------------------------------------------------------------

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
SETTINGS = NewsSettings(min_interval_minutes=30)


def minutes(moment: datetime) -> float:
    return (moment - NOW).total_seconds() / 60


def test_interval_with_up_to_a_tenth_of_jitter() -> None:
    rng = random.Random(1)
    waits = [minutes(after_success(NOW, {}, SETTINGS, rng)) for _ in range(200)]
    assert all(30 <= w <= 33 for w in waits)
    assert max(waits) - min(waits) > 1  # spread, not one value


def test_max_age_and_expires_push_the_next_check_later() -> None:
    rng = random.Random(2)
    assert 119.9 < minutes(after_success(NOW, {"cache-control": "public, max-age=7200"}, SETTINGS, rng)) <= 120  # fmt: skip
    # Shorter than the interval: the interval wins.
    assert minutes(after_success(NOW, {"cache-control": "max-age=60"}, SETTINGS, rng)) >= 30
    # At most a day.
    assert minutes(after_success(NOW, {"cache-control": "max-age=999999"}, SETTINGS, rng)) == 24 * 60  # fmt: skip
    headers = {"date": "Thu, 03 Dec 2026 12:00:00 GMT", "expires": "Thu, 03 Dec 2026 15:00:00 GMT"}
    assert freshness(headers) == 3 * 3600
    assert freshness({"cache-control": "no-cache, max-age=600"}) is None
    assert freshness({"expires": "0"}) is None
    assert freshness({"cache-control": "max-age=abc"}) is None
    # max-age wins over Expires.
    assert freshness({**headers, "cache-control": "max-age=100"}) == 100


def test_back_off_doubles_and_is_capped_at_a_day() -> None:
    rng = random.Random(3)
    waits = [minutes(after_failure(NOW, n, SETTINGS, rng)) for n in range(1, 8)]
    assert 60 <= waits[0] <= 66 and 120 <= waits[1] <= 132 and 240 <= waits[2] <= 264
    assert waits[-1] == 24 * 60
    assert minutes(after_failure(NOW, 1, SETTINGS, rng, retry_after=90)) == 1.5


def test_http_status_error_keeps_retry_after() -> None:
    error = HTTPStatusError("The server answered 429 Too Many Requests.", 429, 30.0)
    assert error.status == 429 and error.retry_after == 30.0


async def test_two_refreshes_of_one_library_at_once_make_one_item_each(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """The app and a cron job refresh the same library together."""
    counting = Counting(delay=0.01)
    listed = stories(httpserver, counting, [f"together-{n}" for n in range(6)])
    httpserver.expect_request("/both.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    app = make_library(tmp_path)
    cron = make_library(tmp_path)
    try:
        await follow_feed(app, httpserver.url_for("/both.xml"))
        first, second = await asyncio.gather(
            app.news.refresh(force=True), cron.news.refresh(force=True)
        )
        assert not first.failed and not second.failed
        assert first.new_items + second.new_items == 6
        assert len(app.news.items()) == 6 and cron.news.unread_count() == 6
        assert all(item.saved for item in cron.news.items())
    finally:
        await app.close()
        await cron.close()


def test_the_news_desk_keeps_the_ui_contract(tmp_path: Path) -> None:
    from reader.ui.contract import NewsLike

    desk: NewsLike = make_library(tmp_path).news
    assert desk.sources() == [] and desk.unread_count() == 0


async def test_hostile_sources_each_get_a_message_and_stay_followed(
    httpserver: HTTPServer, tmp_path: Path, gzip_bomb: bytes
) -> None:
    """Broken and hostile feeds in one refresh: never a crash, never a lost
    subscription; a source that gives nothing says why."""
    base = httpserver.url_for("/")
    many = "".join(
        f"<item><title>Story {n}</title><link>{base}many/{n}</link></item>" for n in range(10_000)
    )
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;'
        '&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<rss version="2.0"><channel><title>&c;</title><item><title>Laugh &c;</title>'
        f"<link>{base}laugh</link></item></channel></rss>"
    )
    external = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0"><channel><title>x</title><item><title>Secret &x;</title>'
        f"<link>{base}secret</link></item></channel></rss>"
    )
    schemes = (
        '<rss version="2.0"><channel><title>Links</title>'
        "<item><title>Bad</title><link>javascript:alert(1)</link></item>"
        "<item><title>Local</title><link>file:///etc/passwd</link></item>"
        f"<item><title>\x1b]52;c;aGk=\x07Good &lt;b&gt;one&lt;/b&gt;</title><link>{base}good</link></item>"
        "</channel></rss>"
    )
    feeds = {
        "/malformed.xml": (
            '<rss version="2.0"><channel><title>M</title><item><title>Half',
            "application/rss+xml",
        ),
        "/html.xml": (
            "<html><body><h1>Not a feed</h1><p>Just a page.</p></body></html>",
            "application/rss+xml",
        ),
        "/as-html.xml": (rss([(f"{base}ashtml", "Feed served as a page")]), "text/html"),
        "/empty.xml": (
            '<rss version="2.0"><channel><title>Empty</title></channel></rss>',
            "application/rss+xml",
        ),
        "/many.xml": (
            f'<rss version="2.0"><channel><title>Many</title>{many}</channel></rss>',
            "application/rss+xml",
        ),
        "/laughs.xml": (laughs, "application/rss+xml"),
        "/external.xml": (external, "application/rss+xml"),
        "/schemes.xml": (schemes, "application/rss+xml"),
    }
    lib = make_library(tmp_path, items_per_source=0)
    try:
        for path in [*feeds, "/bomb.xml"]:
            # Each is a good feed when followed, and turns bad afterwards.
            httpserver.expect_oneshot_request(path).respond_with_data(
                rss([]), content_type="application/rss+xml"
            )
            await follow_feed(lib, httpserver.url_for(path))
        for path, (body, kind) in feeds.items():
            httpserver.expect_request(path).respond_with_data(body, content_type=kind)
        httpserver.expect_request("/bomb.xml").respond_with_data(
            gzip_bomb,
            content_type="application/rss+xml",
            headers={"Content-Encoding": "gzip"},
        )
        summary = await lib.news.refresh()
        assert summary.checked == 9 and len(lib.news.sources()) == 9
        by_path = {s.url.removeprefix(base.rstrip("/")): s for s in lib.news.sources()}
        failed = {url.removeprefix(base.rstrip("/")) for url, _ in summary.failed}
        assert {"/html.xml", "/bomb.xml"} <= failed
        for path in failed:
            assert by_path[path].error and by_path[path].failures == 1
        titles = {i.title for i in lib.news.items(limit=2000)}
        assert "Feed served as a page" in titles
        assert "Good one" in titles and not {"Bad", "Local"} & titles
        assert all("\x1b" not in t and "\x07" not in t for t in titles)
        assert not any("root:" in t for t in titles)
        assert not any("hahaha" * 50 in t for t in titles)
        assert len(lib.news.items(source_id=by_path["/many.xml"].id, limit=5000)) == 1000
        assert by_path["/empty.xml"].error is None  # an empty feed is not an error
        assert by_path["/bomb.xml"].error is not None and "limit" in by_path["/bomb.xml"].error
    finally:
        await lib.close()


async def test_a_second_refresh_waits_for_the_first(httpserver: HTTPServer, tmp_path: Path) -> None:
    counting = Counting(delay=0.05)
    listed = stories(httpserver, counting, [f"queued-{n}" for n in range(3)])
    httpserver.expect_request("/queue.xml").respond_with_handler(
        counting.served(rss(listed), "application/rss+xml", etag='"q"')
    )
    lib = make_library(tmp_path)
    try:
        await follow_feed(lib, httpserver.url_for("/queue.xml"))
        first, second = await asyncio.gather(lib.news.refresh(), lib.news.refresh())
        assert (first.checked, first.new_items) == (1, 3)
        assert (second.checked, second.skipped) == (0, 1)  # not due any more
        assert counting.hits["/queue.xml"] == 2  # follow, then one refresh
    finally:
        await lib.close()


async def test_the_store_size_cap_is_enforced_once_the_stories_are_saved(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    from dataclasses import replace

    counting = Counting()
    listed = stories(httpserver, counting, ["capped-one", "capped-two"])
    httpserver.expect_request("/small.xml").respond_with_data(
        rss(listed), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    lib.settings = replace(lib.settings, store_max_bytes=1)
    try:
        await follow_feed(lib, httpserver.url_for("/small.xml"))
        summary = await lib.news.refresh()
        assert summary.saved == 2
        assert lib.cache_stats().pages == 0  # evicted: over the (tiny) cap
    finally:
        await lib.close()
