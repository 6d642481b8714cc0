"""Loopback servers for the network tests.

`httpserver` (pytest-httpserver) covers ordinary answers. `raw_server` starts
a tiny asyncio TCP server on 127.0.0.1 with a handler of our own, for what a
well-behaved HTTP server cannot do: stall, drip, lie about Content-Length,
reset the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import struct
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol

import pytest

from reader.core.fetch_options import FetchOptions

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class StartServer(Protocol):
    """Starts a raw server; returns its base URL ("http://127.0.0.1:N")."""

    def __call__(self, handler: Handler, *, tls: ssl.SSLContext | None = None) -> Awaitable[str]:
        """Serve `handler` (over TLS with `tls`)."""
        ...


#: Small limits so that failure cases finish fast.
FAST = FetchOptions(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)


async def read_request(reader: asyncio.StreamReader) -> bytes:
    """Read one request head (up to the blank line)."""
    return await reader.readuntil(b"\r\n\r\n")


def head(status: str = "200 OK", *headers: str) -> bytes:
    """A response head with the given header lines."""
    lines = [f"HTTP/1.1 {status}", *headers, "", ""]
    return "\r\n".join(lines).encode("latin-1")


def reset(writer: asyncio.StreamWriter) -> None:
    """Abort the connection with a TCP RST."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


@pytest.fixture
async def raw_server() -> AsyncIterator[StartServer]:
    """Start raw TCP servers on 127.0.0.1; returns their base URL ("http://127.0.0.1:N")."""
    servers: list[asyncio.Server] = []
    tasks: set[asyncio.Task[None]] = set()

    async def start(handler: Handler, *, tls: ssl.SSLContext | None = None) -> str:
        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            tasks.add(task)
            try:
                await handler(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
                pass
            except asyncio.CancelledError:
                pass  # stopped at teardown; finishing quietly keeps asyncio from logging it
            finally:
                writer.close()

        server = await asyncio.start_server(on_connect, "127.0.0.1", 0, ssl=tls)
        servers.append(server)
        port = server.sockets[0].getsockname()[1]
        return f"{'https' if tls else 'http'}://127.0.0.1:{port}"

    yield start
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(BaseException):
            await task
    for server in servers:
        server.close()


@pytest.fixture
def unused_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def gzip_of_zeros(size: int) -> bytes:
    """A valid gzip stream of `size` zero bytes (`size` a multiple of 1 MiB), built fast.

    Each MiB is deflated once with a full flush, so every block is byte-aligned
    and identical; the blocks are then repeated instead of compressing `size`
    bytes.
    """
    mib = 1 << 20
    assert size % mib == 0
    zeros = bytes(mib)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()
    crc = 0
    for _ in range(size // mib):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return header + block * (size // mib) + end + trailer


@pytest.fixture(scope="session")
def gzip_bomb() -> bytes:
    """1 GiB of zeros, gzip-compressed (about 1 MiB)."""
    return gzip_of_zeros(1 << 30)
