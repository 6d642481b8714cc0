"""Content encodings and the size cap: bodies are decoded in bounded steps and cut off early."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import subprocess
import sys
import time
import tracemalloc
import zlib

import brotli  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from reader.core.errors import FetchError, TooLarge
from reader.core.fetch.client import fetch
from reader.core.fetch.decompress import make_decoder
from reader.core.fetch_options import FetchOptions

from .conftest import FAST, StartServer, head, read_request

HTML = "<html><body>" + "<p>Some news, über café.</p>" * 200 + "</body></html>"
MIB = 1 << 20


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the RFC says
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as IIS sends
        ("br", brotli.compress),
        ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
    ],
    ids=["gzip", "deflate", "raw-deflate", "br", "gzip+br"],
)
async def test_compressed_bodies(httpserver: HTTPServer, encoding: str, compress: object) -> None:
    assert callable(compress)
    body = compress(HTML.encode())
    httpserver.expect_request("/").respond_with_data(
        body, content_type="text/html; charset=utf-8", headers={"Content-Encoding": encoding}
    )
    page = await fetch(httpserver.url_for("/"), FAST)
    assert page.html == HTML
    assert page.body == HTML.encode()


async def test_multi_member_gzip(httpserver: HTTPServer) -> None:
    half = len(HTML) // 2
    body = gzip.compress(HTML[:half].encode()) + gzip.compress(HTML[half:].encode())
    httpserver.expect_request("/").respond_with_data(
        body, content_type="text/html; charset=utf-8", headers={"Content-Encoding": "gzip"}
    )
    page = await fetch(httpserver.url_for("/"), FAST)
    assert page.html == HTML


async def test_corrupt_gzip_is_a_fetch_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(
        b"\x1f\x8b\x08\x00garbage-garbage",
        content_type="text/html",
        headers={"Content-Encoding": "gzip"},
    )
    with pytest.raises(FetchError, match="could not be decompressed"):
        await fetch(httpserver.url_for("/"), FAST)


async def test_unknown_content_encoding_is_a_fetch_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data(
        b"(compressed)", content_type="text/html", headers={"Content-Encoding": "zstd"}
    )
    with pytest.raises(FetchError, match="compressed as zstd"):
        await fetch(httpserver.url_for("/"), FAST)


# ----------------------------------------------------------------- size cap


async def test_body_exactly_at_the_cap_is_accepted(httpserver: HTTPServer) -> None:
    body = b"<p>" + b"x" * (1000 - 3)
    httpserver.expect_request("/").respond_with_data(body, content_type="text/html")
    page = await fetch(httpserver.url_for("/"), FetchOptions(max_bytes=1000, total_timeout=5))
    assert page.body == body


async def test_one_byte_over_the_cap_is_refused(httpserver: HTTPServer) -> None:
    body = b"<p>" + b"x" * (1001 - 3)
    # Streamed in pieces without a Content-Length (chunked), so only the stream check sees it.
    pieces = [body[:500], body[500:]]
    httpserver.expect_request("/").respond_with_response(
        Response(iter(pieces), content_type="text/html")
    )
    with pytest.raises(TooLarge, match="larger than the 1000 bytes limit"):
        await fetch(httpserver.url_for("/"), FetchOptions(max_bytes=1000, total_timeout=5))
    assert "content-length" not in httpserver.log[0][1].headers


async def test_declared_length_one_byte_over_the_cap_is_refused(httpserver: HTTPServer) -> None:
    body = b"<p>" + b"x" * (1001 - 3)
    httpserver.expect_request("/").respond_with_data(body, content_type="text/html")
    with pytest.raises(TooLarge, match="is 1001 bytes, more than the 1000 bytes limit"):
        await fetch(httpserver.url_for("/"), FetchOptions(max_bytes=1000, total_timeout=5))


async def test_12_mib_body_stopped_while_streaming(raw_server: StartServer) -> None:
    """No Content-Length: the cap must be enforced while the body arrives.

    The server writes 11 MiB, then waits (up to 3 s) for the client to hang up
    before it tries the last MiB: a client that stops at 10 MiB has closed the
    connection by then, so the server never gets to send the whole body.
    """
    total = 12 * MIB
    state = {"sent": 0, "finished": False}
    chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>"

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(head("200 OK", "Content-Type: text/html", "Connection: close"))
        paused = False
        while state["sent"] < total:
            if state["sent"] >= 11 * MIB and not paused:
                paused = True
                for _ in range(150):
                    if writer.is_closing():
                        break
                    await asyncio.sleep(0.02)
            if writer.is_closing():
                return
            writer.write(chunk)
            await writer.drain()
            state["sent"] += len(chunk)
        state["finished"] = True

    url = await raw_server(handler)
    started = time.monotonic()
    with pytest.raises(TooLarge, match="larger than the 10 MiB limit; stopped reading"):
        await fetch(url + "/big", FAST)
    assert time.monotonic() - started < 2
    await asyncio.sleep(0.1)  # let the server notice
    assert not state["finished"]
    assert state["sent"] < total


async def test_declared_content_length_over_the_cap_refused_before_reading(
    raw_server: StartServer,
) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(head("200 OK", "Content-Type: text/html", f"Content-Length: {100 * MIB}"))
        await writer.drain()
        await asyncio.sleep(10)  # never sends the body

    url = await raw_server(handler)
    started = time.monotonic()
    with pytest.raises(TooLarge, match="is 100 MiB, more than the 10 MiB limit"):
        await fetch(url, FAST)
    assert time.monotonic() - started < 1


async def test_gzip_bomb_stopped_quickly_in_little_memory(
    httpserver: HTTPServer, gzip_bomb: bytes
) -> None:
    """1 GiB of zeros in about 1 MiB of gzip: inflating must stop at the cap.

    Decoding a whole 64 KiB network read at once (as httpx's own decoder does)
    would make ~64 MiB in one go; the bounded decoder never holds much more
    than the capped body.
    """
    assert len(gzip_bomb) < 2 * MIB
    httpserver.expect_request("/bomb").respond_with_data(
        gzip_bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    tracemalloc.start()
    try:
        started = time.monotonic()
        with pytest.raises(TooLarge, match="10 MiB limit once decompressed"):
            await fetch(httpserver.url_for("/bomb"), FAST)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 3
    assert peak < 24 * MIB, f"peak {peak / MIB:.1f} MiB"


async def test_brotli_bomb_stopped_in_little_memory(httpserver: HTTPServer) -> None:
    bomb = brotli.compress(bytes(128 * MIB), quality=5)
    assert len(bomb) < 4096
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "br"}
    )
    # Measured in a process of its own: tracemalloc counts every thread's
    # allocations, and threads other tests leave behind in this one (a
    # server, a library closing) were counted as the bomb's.
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", _BOMB_PEAK, httpserver.url_for("/bomb")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    said, peak = result.stdout.split()
    assert said == "TooLarge"
    assert int(peak) < 8 * MIB, f"peak {int(peak) / MIB:.1f} MiB"


#: Fetch the bomb at argv[1] with a 1 MiB cap; print the error's name and the
#: peak of memory traced meanwhile.
_BOMB_PEAK = """
import asyncio, sys, tracemalloc
from reader.core.errors import TooLarge
from reader.core.fetch.client import fetch
from reader.core.fetch_options import FetchOptions
tracemalloc.start()
try:
    asyncio.run(fetch(sys.argv[1], FetchOptions(max_bytes=1 << 20)))
    said = "nothing"
except TooLarge as exc:
    said = "TooLarge" if "once decompressed" in str(exc) else f"other: {exc}"
print(said, tracemalloc.get_traced_memory()[1])
"""


# ----------------------------------------------------------------- decoders


def _decode_in_pieces(encoding: str, data: bytes, cuts: list[int]) -> bytes:
    decoder = make_decoder(encoding)
    out: list[bytes] = []
    bounds = [0, *sorted(c % (len(data) + 1) for c in cuts), len(data)]
    for start, end in itertools.pairwise(bounds):
        for piece in decoder.feed(data[start:end]):
            assert len(piece) <= 256 * 1024  # bounded (brotli may overshoot its 64 KiB step)
            out.append(piece)
    out.extend(decoder.flush())
    return b"".join(out)


PAYLOAD = (HTML * 40).encode() + bytes(300_000)  # compresses well: pieces hit the step limit


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0), max_size=6))
def test_decoders_give_the_same_bytes_however_the_body_is_cut(cuts: list[int]) -> None:
    two_members = gzip.compress(PAYLOAD[:1000]) + gzip.compress(PAYLOAD[1000:])
    assert _decode_in_pieces("gzip", two_members, cuts) == PAYLOAD
    assert _decode_in_pieces("deflate", zlib.compress(PAYLOAD), cuts) == PAYLOAD
    assert _decode_in_pieces("deflate", zlib.compress(PAYLOAD)[2:-4], cuts) == PAYLOAD
    assert _decode_in_pieces("br", brotli.compress(PAYLOAD, quality=4), cuts) == PAYLOAD
    assert _decode_in_pieces("identity", PAYLOAD, cuts) == PAYLOAD


def test_trailing_garbage_after_gzip_is_ignored() -> None:
    assert _decode_in_pieces("gzip", gzip.compress(b"<p>x</p>") + b"\n\ngarbage", []) == b"<p>x</p>"
