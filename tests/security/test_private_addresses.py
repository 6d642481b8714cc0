"""Saving linked stories and refreshing sources never reach this machine or a
private network unless the user opened a page there.

Every server here listens on 127.0.0.1, so "a page on the internet" is a
server whose (address, port) the test marks public with
`treat_as_public`, the one seam the library has for this: the connection
check and `is_local_address` both honour it. The real rule is tested too: a
page the user opened on 127.0.0.1 keeps its local links savable. Made-up
names get their DNS answer from a fake resolver (`_getaddrinfo`).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from reader.core.errors import BadURL, ReaderError
from reader.core.fetch import fetch, make_client
from reader.core.fetch import guard as guard_module
from reader.core.fetch.addresses import (
    PrivateAddress,
    forbidden,
    guarded,
    is_local_host,
    literal_ip,
    refusal,
    treat_as_public,
)
from reader.core.fetch_options import FetchOptions
from reader.core.urls import is_local_address
from reader.library.bulk import failure_reason, guard
from tests.net.news_fixtures import Counting, make_library, story_html

FAST = FetchOptions(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)

#: Spellings of 127.0.0.1 (and other loopback forms) the system resolver reads as numbers.
LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "127.1",
    "127.0.1",
    "2130706433",
    "0x7f000001",
    "0x7F000001",
    "0177.0.0.1",
    "0x7f.1",
    "0x7f.0.0.1",
    "017700000001",
    "127.000.000.001",
    "127.255.255.254",
]
#: Written forms of addresses a guarded fetch must not reach, and the address meant.
FORBIDDEN_LITERALS = [
    *[(spelling, "127.0.0.1") for spelling in LOOPBACK_SPELLINGS[:-1]],
    ("127.255.255.254", "127.255.255.254"),
    ("[::1]", "::1"),
    ("[0:0:0:0:0:0:0:1]", "::1"),
    ("[::ffff:127.0.0.1]", "127.0.0.1"),
    ("[::ffff:7f00:1]", "127.0.0.1"),
    ("[::ffff:10.0.0.1]", "10.0.0.1"),
    ("0", "0.0.0.0"),
    ("0.0.0.0", "0.0.0.0"),
    ("[::]", "::"),
    ("10.0.0.1", "10.0.0.1"),
    ("167772161", "10.0.0.1"),
    ("172.16.5.4", "172.16.5.4"),
    ("192.168.1.1", "192.168.1.1"),
    ("0xc0a80101", "192.168.1.1"),
    ("169.254.169.254", "169.254.169.254"),
    ("[fe80::1]", "fe80::1"),
    ("[fd00::1]", "fd00::1"),
    ("100.64.0.1", "100.64.0.1"),
    ("224.0.0.1", "224.0.0.1"),
    ("240.0.0.1", "240.0.0.1"),
    ("255.255.255.255", "255.255.255.255"),
]
PUBLIC_LITERALS = [
    ("93.184.216.34", "93.184.216.34"),
    ("1572395042", "93.184.216.34"),
    ("8.8.8.8", "8.8.8.8"),
    ("[2606:4700::1111]", "2606:4700::1111"),
    ("[::ffff:8.8.8.8]", "8.8.8.8"),
]
LOCAL_NAMES = ["localhost", "LOCALHOST", "localhost.", "news.localhost", "printer.local", "nas"]


# ----------------------------------------------------------------------- the classifier


@pytest.mark.parametrize(("written", "meant"), FORBIDDEN_LITERALS + PUBLIC_LITERALS)
def test_literal_ip_reads_every_spelling_as_the_resolver_does(written: str, meant: str) -> None:
    address = literal_ip(written)
    assert address is not None and str(address) == meant
    host = written.strip("[]")
    resolved = socket.getaddrinfo(host, 80, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    assert literal_ip(str(resolved[0][4][0])) == address


@pytest.mark.parametrize(("written", "meant"), FORBIDDEN_LITERALS)
def test_forbidden_addresses_are_local_in_every_spelling(written: str, meant: str) -> None:
    assert forbidden(ipaddress.ip_address(meant))
    assert is_local_host(written)
    assert is_local_address(f"http://{written}/x")
    assert is_local_address(f"https://{written}:8443/x")


@pytest.mark.parametrize(("written", "meant"), PUBLIC_LITERALS)
def test_public_addresses_are_not_local(written: str, meant: str) -> None:
    assert not forbidden(ipaddress.ip_address(meant))
    assert not is_local_address(f"http://{written}/x")


@pytest.mark.parametrize("name", LOCAL_NAMES)
def test_local_names_are_local(name: str) -> None:
    assert literal_ip(name) is None
    assert is_local_address(f"http://{name}:8000/x")


@pytest.mark.parametrize(
    "written", ["example.com", "news.example.co.id", "1.2.3.4.example", "0x7f.example"]
)
def test_public_names_are_not_local_as_written(written: str) -> None:
    assert literal_ip(written) is None
    assert not is_local_address(f"http://{written}/x")


def test_a_seam_marks_one_endpoint_public_and_only_inside() -> None:
    assert is_local_address("http://127.0.0.1:8000/")
    with treat_as_public([("127.0.0.1", 8000)]):
        assert not is_local_address("http://127.0.0.1:8000/")
        assert not forbidden(ipaddress.ip_address("127.0.0.1"), 8000)
        assert forbidden(ipaddress.ip_address("127.0.0.1"), 8001)
        assert is_local_address("http://127.0.0.1:8001/")
    assert is_local_address("http://127.0.0.1:8000/")


def test_the_refusal_is_one_line_and_counted_by_reason() -> None:
    error = refusal(ipaddress.ip_address("127.0.0.1"))
    assert isinstance(error, ReaderError)
    assert str(error) == "Refused: a link to a private address (127.0.0.1)."
    assert failure_reason(error) == "refused: a link to a private address"


# ----------------------------------------------------------------------- servers


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[HTTPServer, HTTPServer]]:
    """Two servers for the module (stopping one takes a while)."""
    pair = (HTTPServer(host="127.0.0.1"), HTTPServer(host="127.0.0.1"))
    for server in pair:
        server.start()
    yield pair
    for server in pair:
        server.stop()


@pytest.fixture
def inside(servers: tuple[HTTPServer, HTTPServer]) -> Iterator[HTTPServer]:
    """A server standing for this machine: it must never be asked."""
    server = servers[0]
    server.clear()
    server.expect_request("/secret").respond_with_data(
        story_html("The router's admin page"), content_type="text/html"
    )
    yield server
    server.clear()


@pytest.fixture
def outside(servers: tuple[HTTPServer, HTTPServer]) -> Iterator[HTTPServer]:
    """A server standing for a site on the internet (marked public)."""
    server = servers[1]
    server.clear()
    with treat_as_public([("127.0.0.1", server.port)]):
        yield server
    server.clear()


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names -> the addresses the resolver answers (other names: the real resolver)."""
    answers: dict[str, list[str]] = {}
    real = guard_module._getaddrinfo

    async def resolve(host: str, port: int, **kwargs: Any) -> Any:
        if host in answers:
            out = []
            for address in answers[host]:
                out += await real(address, port, **kwargs)
            return out
        return await real(host, port, **kwargs)

    monkeypatch.setattr(guard_module, "_getaddrinfo", resolve)
    return answers


@pytest.fixture
async def client() -> AsyncIterator[Any]:
    http = make_client(FAST)
    yield http
    await http.aclose()


# ----------------------------------------------------------------------- the connection check


@pytest.mark.parametrize(
    "host",
    [s for s in LOOPBACK_SPELLINGS if s != "127.255.255.254"]
    + ["localhost", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0", "0.0.0.0"],
)
async def test_a_guarded_fetch_refuses_every_spelling_of_this_machine(
    inside: HTTPServer, client: Any, host: str
) -> None:
    """(httpx itself refuses dotted forms with a leading 0: a malformed address.)"""
    with guarded(), pytest.raises((PrivateAddress, BadURL)) as caught:
        await fetch(f"http://{host}:{inside.port}/secret", FAST, client=client)
    if isinstance(caught.value, PrivateAddress):
        assert str(caught.value).startswith("Refused: a link to a private address (")
    assert inside.log == []


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f000001", "localhost"])
async def test_the_users_own_reading_is_not_guarded(
    inside: HTTPServer, client: Any, host: str
) -> None:
    page = await fetch(f"http://{host}:{inside.port}/secret", FAST, client=client)
    assert page.status == 200 and "admin page" in page.html


@pytest.mark.parametrize(
    "answer", [["127.0.0.1"], ["127.0.0.2"], ["::ffff:127.0.0.1"], ["127.0.0.1", "::1"]]
)
async def test_a_public_name_that_resolves_to_this_machine_is_refused(
    inside: HTTPServer, client: Any, fake_dns: dict[str, list[str]], answer: list[str]
) -> None:
    fake_dns["news.example"] = answer
    assert not is_local_address(f"http://news.example:{inside.port}/secret")
    with guarded(), pytest.raises(PrivateAddress):
        await fetch(f"http://news.example:{inside.port}/secret", FAST, client=client)
    assert inside.log == []


async def test_one_private_answer_among_public_ones_is_refused(
    outside: HTTPServer, client: Any, fake_dns: dict[str, list[str]]
) -> None:
    """A name answering a public address and a private one (DNS rebinding)."""
    outside.expect_request("/").respond_with_data(story_html("Out"), content_type="text/html")
    fake_dns["mixed.example"] = ["127.0.0.1", "10.0.0.1"]
    with guarded(), pytest.raises(PrivateAddress, match=r"\(10\.0\.0\.1\)"):
        await fetch(f"http://mixed.example:{outside.port}/", FAST, client=client)
    assert outside.log == []


async def test_a_public_name_with_a_public_answer_is_fetched(
    outside: HTTPServer, client: Any, fake_dns: dict[str, list[str]]
) -> None:
    """The guarded pool connects to the checked address and sends the name."""
    outside.expect_request("/").respond_with_data(story_html("Out"), content_type="text/html")
    fake_dns["news.example"] = ["127.0.0.1"]
    with guarded():
        page = await fetch(f"http://news.example:{outside.port}/", FAST, client=client)
    assert page.status == 200
    assert outside.log[0][0].headers["Host"] == f"news.example:{outside.port}"


@pytest.mark.parametrize(
    "target",
    [
        "http://localhost:{port}/secret",
        "http://127.1:{port}/secret",
        "http://2130706433:{port}/secret",
        "http://[::ffff:127.0.0.1]:{port}/secret",
        "http://rebound.example:{port}/secret",
    ],
)
async def test_a_redirect_from_a_public_page_to_this_machine_is_refused(
    inside: HTTPServer,
    outside: HTTPServer,
    client: Any,
    fake_dns: dict[str, list[str]],
    target: str,
) -> None:
    fake_dns["rebound.example"] = ["127.0.0.1"]
    location = target.format(port=inside.port)
    outside.expect_request("/story").respond_with_data("", status=302, headers={"Location": "/hop"})
    outside.expect_request("/hop").respond_with_data("", status=307, headers={"Location": location})
    with guarded(), pytest.raises(PrivateAddress):
        await fetch(f"http://127.0.0.1:{outside.port}/story", FAST, client=client)
    assert [request.path for request, _ in outside.log] == ["/story", "/hop"]
    assert inside.log == []


async def test_a_connection_opened_by_the_user_is_not_reused_by_a_guarded_fetch(
    inside: HTTPServer, client: Any
) -> None:
    url = f"http://127.0.0.1:{inside.port}/secret"
    assert (await fetch(url, FAST, client=client)).status == 200  # kept alive in the open pool
    with guarded(), pytest.raises(PrivateAddress):
        await fetch(f"http://localhost:{inside.port}/secret", FAST, client=client)
    assert len(inside.log) == 1


def test_the_bulk_guard_is_on_unless_the_address_is_local_as_written() -> None:
    from reader.core.fetch.addresses import is_guarded

    with guard("https://news.example/story"):
        assert is_guarded()
    with guard("http://127.0.0.1:8000/story"):
        assert not is_guarded()
    assert not is_guarded()


# ----------------------------------------------------------------------- the library, end to end


def front_page(links: list[str]) -> str:
    items = "".join(
        f"<li><a href='{url}'>Linked story about the islands number {n}</a></li>"
        for n, url in enumerate(links)
    )
    return story_html("Front").replace("</article>", f"</article><h3>Related</h3><ul>{items}</ul>")


async def test_saving_the_links_of_a_public_page_never_reaches_this_machine(
    tmp_path: Path, inside: HTTPServer, outside: HTTPServer, fake_dns: dict[str, list[str]]
) -> None:
    """Local links are not listed; a name resolving here and a redirect here
    are refused, counted among the failures with one line each."""
    fake_dns["intranet.example"] = ["127.0.0.1"]
    counting = Counting()
    outside.expect_request("/story/ok").respond_with_handler(counting.story)
    outside.expect_request("/story/moved").respond_with_data(
        "", status=302, headers={"Location": f"http://127.1:{inside.port}/secret"}
    )
    links = [
        f"http://127.0.0.1:{outside.port}/story/ok",
        f"http://127.0.0.1:{outside.port}/story/moved",
        f"http://intranet.example:{inside.port}/secret",
        f"http://127.1:{inside.port}/secret",
        f"http://[::ffff:127.0.0.1]:{inside.port}/secret",
        f"http://localhost.:{inside.port}/secret",
    ]
    outside.expect_request("/front").respond_with_data(front_page(links), content_type="text/html")
    lib = make_library(tmp_path)
    try:
        reading = await lib.open(f"http://127.0.0.1:{outside.port}/front")
        assert lib.linked_urls(reading.article) == links[:3]
        summary = await lib.save_linked(reading.article)
        assert [url for url, _ in summary.saved] == links[:1]
        failed = dict(summary.failed)
        assert set(failed) == set(links[1:3])
        assert all(
            message.startswith("Refused: a link to a private address")
            for message in failed.values()
        )
        assert summary.by_reason()[0][0] == "refused: a link to a private address"
        assert lib.store.link_states(links[1:3]) == {}
    finally:
        await lib.close()
    assert inside.log == []


async def test_a_page_opened_on_this_machine_keeps_its_local_links(
    tmp_path: Path, inside: HTTPServer
) -> None:
    """The real rule, no seam: the demo and tests run on 127.0.0.1."""
    counting = Counting()
    inside.expect_request("/story/a").respond_with_handler(counting.story)
    inside.expect_request("/story/b").respond_with_handler(counting.story)
    links = [
        f"http://127.0.0.1:{inside.port}/story/a",
        f"http://localhost:{inside.port}/story/b",
    ]
    inside.expect_request("/front").respond_with_data(front_page(links), content_type="text/html")
    lib = make_library(tmp_path)
    try:
        reading = await lib.open(f"http://127.0.0.1:{inside.port}/front")
        summary = await lib.save_linked(reading.article)
        assert sorted(url for url, _ in summary.saved) == sorted(links)
        assert not summary.failed
    finally:
        await lib.close()


async def test_refreshing_a_public_source_never_reaches_this_machine(
    tmp_path: Path, inside: HTTPServer, outside: HTTPServer, fake_dns: dict[str, list[str]]
) -> None:
    from tests.net.news_fixtures import rss

    fake_dns["intranet.example"] = ["127.0.0.1"]
    counting = Counting()
    outside.expect_request("/story/ok").respond_with_handler(counting.story)
    stories = [
        (f"http://127.0.0.1:{outside.port}/story/ok", "A story on the internet"),
        (f"http://intranet.example:{inside.port}/secret", "A story behind the firewall"),
        (f"http://0x7f000001:{inside.port}/secret", "The router, spelt in hex"),
    ]
    outside.expect_request("/feed.xml").respond_with_data(
        rss(stories), content_type="application/rss+xml"
    )
    lib = make_library(tmp_path)
    try:
        await lib.news.follow(f"http://127.0.0.1:{outside.port}/feed.xml")
        summary = await lib.news.refresh()
        assert summary.new_items == 3 and summary.saved == 1
        unsaved = dict(summary.unsaved)
        assert unsaved[stories[1][0]].startswith("Refused: a link to a private address")
        assert "cannot point at this network" in unsaved[stories[2][0]]
    finally:
        await lib.close()
    assert inside.log == []


async def test_a_public_source_that_redirects_here_is_refused(
    tmp_path: Path, inside: HTTPServer, outside: HTTPServer
) -> None:
    inside.expect_request("/feed.xml").respond_with_data(
        "<rss/>", content_type="application/rss+xml"
    )
    outside.expect_request("/feed.xml").respond_with_data(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>",
        content_type="application/rss+xml",
    )
    lib = make_library(tmp_path)
    try:
        source = await lib.news.follow(f"http://127.0.0.1:{outside.port}/feed.xml")
        outside.clear()
        outside.expect_request("/feed.xml").respond_with_data(
            "", status=301, headers={"Location": f"http://localhost:{inside.port}/feed.xml"}
        )
        summary = await lib.news.refresh(force=True)
        assert [url for url, _ in summary.failed] == [source.url]
        assert summary.failed[0][1].startswith("Refused: a link to a private address")
    finally:
        await lib.close()
    assert inside.log == []
