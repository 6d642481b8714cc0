"""What saving linked stories reports when pages fail: each failure's reason
without its address, failures alike grouped with a count, and "no network"
when nothing was saved and every failure was a failure to connect (a closed
port on 127.0.0.1 stands for the network being down; never the internet)."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from reader.core.errors import (
    ExtractionError,
    HTTPStatusError,
    NotHTML,
    Offline,
    Timeout,
    TooLarge,
    TooManyRedirects,
)
from reader.core.records import UNREACHABLE, SaveSummary
from reader.library.bulk import failure_reason
from tests.net.news_fixtures import Counting, make_library, story_html


def front(links: list[str]) -> str:
    items = "".join(
        f"<li><a href='{url}'>Linked story about the islands number {n}</a></li>"
        for n, url in enumerate(links)
    )
    return story_html("Front").replace("</article>", f"</article><h3>Related</h3><ul>{items}</ul>")


def test_failure_reasons_leave_the_address_out() -> None:
    assert (
        failure_reason(Offline("Could not connect to a.example: connection refused."))
        == UNREACHABLE
    )
    assert (
        failure_reason(Timeout("a.example sent nothing for 10 s; gave up waiting.")) == "timed out"
    )
    assert failure_reason(HTTPStatusError("The server answered 404 Not Found.", 404)) == (
        "the server answered 404 Not Found"
    )
    assert failure_reason(TooLarge("The page at a.example/x is 9 MB, more than...")) == (
        "larger than the size limit"
    )
    assert (
        failure_reason(NotHTML("a.example/x is a PDF document, not a web page."))
        == "not a web page"
    )
    assert (
        failure_reason(TooManyRedirects("Redirects looped at a.example.")) == "too many redirects"
    )
    assert failure_reason(ExtractionError("The page is empty.")) == "the page is empty"


def test_summary_groups_and_no_network() -> None:
    summary = SaveSummary()
    assert not summary.no_network and summary.by_reason() == []
    for n in range(3):
        summary.fail(f"https://a.example/{n}", f"Could not connect to a.example/{n}.", UNREACHABLE)
    assert summary.no_network
    summary.fail(
        "https://b.example/x",
        "The server answered 404 Not Found.",
        "the server answered 404 Not Found",
    )
    summary.failed.append(("https://c.example/y", "Odd."))  # no reason given: its message
    assert not summary.no_network
    assert [(reason, len(group)) for reason, group in summary.by_reason()] == [
        (UNREACHABLE, 3),
        ("the server answered 404 Not Found", 1),
        ("Odd.", 1),
    ]
    only_refused = SaveSummary(saved=[("https://d.example/", "Saved")])
    only_refused.fail("https://a.example/", "Could not connect.", UNREACHABLE)
    assert not only_refused.no_network  # a page was saved: the network is up


async def test_no_network_when_every_linked_story_is_refused(
    tmp_path: Path, httpserver: HTTPServer, unused_port: int
) -> None:
    links = [f"http://127.0.0.1:{unused_port}/story/{n}" for n in range(5)]
    httpserver.expect_request("/front").respond_with_data(front(links), content_type="text/html")
    lib = make_library(tmp_path)
    try:
        page = await lib.open(httpserver.url_for("/front"))
        summary = await lib.save_linked(page.article)
        assert summary.no_network and len(summary.failed) == 5 and not summary.saved
        assert summary.by_reason()[0][0] == UNREACHABLE
    finally:
        await lib.close()


async def test_mixed_failures_are_grouped_by_reason(
    tmp_path: Path, httpserver: HTTPServer, unused_port: int
) -> None:
    counting = Counting()
    httpserver.expect_request("/news/saved").respond_with_handler(counting.story)
    for n in range(2):
        httpserver.expect_request(f"/news/gone-{n}").respond_with_data("gone", status=410)
    links = [f"http://127.0.0.1:{unused_port}/story/{n}" for n in range(3)]
    links += [httpserver.url_for(f"/news/gone-{n}") for n in range(2)]
    links.append(httpserver.url_for("/news/saved"))
    httpserver.expect_request("/front").respond_with_data(front(links), content_type="text/html")
    lib = make_library(tmp_path)
    try:
        page = await lib.open(httpserver.url_for("/front"))
        summary = await lib.save_linked(page.article)
        assert len(summary.saved) == 1 and not summary.no_network
        assert [(reason, len(group)) for reason, group in summary.by_reason()] == [
            (UNREACHABLE, 3),
            ("the server answered 410 Gone", 2),
        ]
    finally:
        await lib.close()
