"""Network failures become typed errors with plain messages, never raw exceptions."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.errors import FetchError, Offline, Timeout
from reader.core.fetch.client import fetch
from reader.core.fetch_options import FetchOptions

from .conftest import FAST, StartServer, head, read_request, reset
from .tls import server_context

HTML = b"<html><body><p>" + b"news " * 200 + b"</p></body></html>"


async def test_connection_refused_is_offline(unused_port: int) -> None:
    with pytest.raises(Offline) as info:
        await fetch(f"http://127.0.0.1:{unused_port}/", FAST)
    assert str(info.value) == f"Could not connect to 127.0.0.1:{unused_port}: connection refused."


async def test_dns_failure_is_offline() -> None:
    with pytest.raises(Offline) as info:
        await fetch("http://no-such-host.invalid/news", FAST)
    message = str(info.value)
    assert message.startswith("Could not connect to no-such-host.invalid:")
    assert "could not be resolved" in message


@pytest.fixture
def full_backlog() -> Iterator[int]:
    """A listening port whose accept queue is full: new connections hang in SYN."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.05)
    yield port
    for filler in fillers:
        filler.close()
    listener.close()


async def test_connect_timeout(full_backlog: int) -> None:
    options = FetchOptions(connect_timeout=0.3, read_timeout=2, total_timeout=5)
    started = time.monotonic()
    with pytest.raises(Timeout) as info:
        await asyncio.wait_for(fetch(f"http://127.0.0.1:{full_backlog}/", options), 5)
    assert time.monotonic() - started < 2
    assert str(info.value) == f"Connecting to 127.0.0.1:{full_backlog} took longer than 0.3 s."


async def test_slow_headers_read_timeout(raw_server: StartServer) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(10)

    url = await raw_server(handler)
    options = FetchOptions(connect_timeout=1, read_timeout=0.3, total_timeout=5)
    started = time.monotonic()
    with pytest.raises(Timeout) as info:
        await asyncio.wait_for(fetch(url, options), 5)
    assert time.monotonic() - started < 2
    assert str(info.value) == f"{url[7:]} sent nothing for 0.3 s; gave up waiting."


async def test_drip_feed_stopped_by_total_timeout(raw_server: StartServer) -> None:
    """One byte every 50 ms never trips the read timeout; the total timeout ends it."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(head("200 OK", "Content-Type: text/html", "Connection: close"))
        writer.write(b"<html><body><p>")
        while True:
            writer.write(b"x")
            await writer.drain()
            await asyncio.sleep(0.05)

    url = await raw_server(handler)
    options = FetchOptions(connect_timeout=1, read_timeout=1, total_timeout=0.6)
    started = time.monotonic()
    with pytest.raises(Timeout) as info:
        await asyncio.wait_for(fetch(url + "/drip", options), 5)
    assert time.monotonic() - started < 1.5
    assert str(info.value) == f"Fetching {url}/drip took longer than 0.6 s in total; gave up."


async def test_drip_feed_of_headers_stopped_by_total_timeout(raw_server: StartServer) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\n")
        while True:
            writer.write(b"X-Slow: a\r\n")
            await writer.drain()
            await asyncio.sleep(0.05)

    url = await raw_server(handler)
    with pytest.raises(Timeout, match="in total"):
        await asyncio.wait_for(fetch(url, FetchOptions(read_timeout=1, total_timeout=0.5)), 5)


async def test_truncated_body_is_a_fetch_error(raw_server: StartServer) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(head("200 OK", "Content-Type: text/html", "Content-Length: 1000"))
        writer.write(HTML[:500])
        await writer.drain()
        writer.close()

    url = await raw_server(handler)
    with pytest.raises(FetchError) as info:
        await fetch(url, FAST)
    assert type(info.value) is FetchError
    assert str(info.value) == (
        f"The connection to {url[7:]} closed before the whole page arrived (got 500 of 1000 bytes)."
    )


async def test_content_length_shorter_than_body_cuts_the_body(raw_server: StartServer) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(head("200 OK", "Content-Type: text/html", "Content-Length: 20"))
        writer.write(HTML)
        await writer.drain()

    url = await raw_server(handler)
    page = await fetch(url, FAST)
    assert page.body == HTML[:20]


async def test_reset_before_answer(raw_server: StartServer) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        reset(writer)

    url = await raw_server(handler)
    with pytest.raises(FetchError) as info:
        await fetch(url, FAST)
    assert not isinstance(info.value, Offline | Timeout)
    assert url[7:] in str(info.value)


async def test_reset_in_the_middle_of_the_body(raw_server: StartServer) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(head("200 OK", "Content-Type: text/html", f"Content-Length: {len(HTML)}"))
        writer.write(HTML[:300])
        await writer.drain()
        await asyncio.sleep(0.05)
        reset(writer)

    url = await raw_server(handler)
    with pytest.raises(FetchError) as info:
        await fetch(url, FAST)
    assert not isinstance(info.value, Offline | Timeout)
    assert url[7:] in str(info.value)


async def test_closed_without_answer(raw_server: StartServer) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.close()

    url = await raw_server(handler)
    with pytest.raises(FetchError, match="closed the connection without answering"):
        await fetch(url, FAST)


async def test_garbage_response_is_a_fetch_error(raw_server: StartServer) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"\x1b]0;pwned\x07 this is not HTTP\r\n\r\n")
        await writer.drain()

    url = await raw_server(handler)
    with pytest.raises(FetchError) as info:
        await fetch(url, FAST)
    assert str(info.value) == f"{url[7:]} sent a response that is not valid HTTP."


async def test_untrusted_certificate_is_not_offline(
    raw_server: StartServer, tmp_path: Path
) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)

    url = await raw_server(handler, tls=server_context(tmp_path))
    with pytest.raises(FetchError) as info:
        await fetch(url, FAST)
    assert not isinstance(info.value, Offline)
    assert str(info.value).startswith(f"Could not connect securely to {url[8:]}")
