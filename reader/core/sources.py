"""Loading a SOURCE into a Page: an http(s) URL, a local file (plain or gzip), or stdin.

    https://example.com/news    fetched with `reader.core.fetch.client.fetch`
    example.com/news            the same, when no such file exists
    story.html, story.html.gz   read from disk (gzip found by its magic bytes too)
    file:///tmp/story.html      the same file
    -                           standard input

Local input gets the same size cap as the network (also after gzip
decompression, which is done in bounded steps) and is refused with a clear
`FileSourceError` when it is missing, a directory, unreadable, empty or binary.
Other schemes (javascript:, data:, ftp:, mailto:) are a `BadURL`.
"""

from __future__ import annotations

import asyncio
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import httpx

from reader.core.errors import FileSourceError
from reader.core.fetch.charset import decode_html
from reader.core.fetch.client import fetch
from reader.core.fetch.decompress import DecodeError, gzip_decoder
from reader.core.fetch.sniffing import describe_binary, describe_not_html
from reader.core.fetch_options import FetchOptions
from reader.core.humanize import byte_size
from reader.core.input_caps import InputTooLarge, read_capped
from reader.core.locate import (
    Source,
    StandardInput,
    WebAddress,
    display_path,
    parse_source,
)
from reader.core.models import Page
from reader.core.urls import normalize_user_url

__all__ = ["display_path", "load_source"]

_READ_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


async def load_source(
    source: str | Source,
    options: FetchOptions = FetchOptions(),  # noqa: B008 - frozen dataclass
    *,
    base_url: str | None = None,
    client: httpx.AsyncClient | None = None,
    stdin: BinaryIO | None = None,
) -> Page:
    """Load SOURCE (URL, file path, file:// URL or "-" for stdin; text is read
    with `parse_source`) into a Page.

    For files and stdin, `base_url` (an http(s) address) becomes `Page.url`, so
    relative links resolve against it; otherwise a file's Page.url is its
    file:// URI and stdin's is "". `base_url` is ignored for http(s) sources,
    whose real address is known.
    """
    if isinstance(source, str):
        source = parse_source(source)
    if isinstance(source, WebAddress):
        return await fetch(source, options, client=client)
    if isinstance(source, StandardInput):
        stream = stdin if stdin is not None else sys.stdin.buffer
        body = await asyncio.to_thread(_read_stream, stream, "Standard input", options.max_bytes)
        return _local_page(body, requested="", base_url=base_url)
    body = await asyncio.to_thread(_read_file, source.path, options.max_bytes)
    return _local_page(body, requested=source.uri, base_url=base_url)


def _local_page(body: bytes, *, requested: str, base_url: str | None) -> Page:
    url = normalize_user_url(base_url) if base_url else requested
    text, charset = decode_html(body, None)
    return Page(
        url=url,
        requested_url=requested,
        status=200,
        headers={},
        body=body,
        html=text,
        charset=charset,
        fetched_at=datetime.now(UTC),
    )


def _read_file(path: Path, max_bytes: int) -> bytes:
    """Read a local file (blocking; run in a thread), with all checks."""
    name = display_path(path)
    what = f"The file {name}"
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise FileSourceError(f"{name} is a directory, not an HTML file.")
        with path.open("rb") as handle:
            size = info.st_size if stat.S_ISREG(info.st_mode) else None
            return _read_stream(handle, what, max_bytes, size=size)
    except FileNotFoundError:
        raise FileSourceError(f"No such file: {name}") from None
    except PermissionError:
        raise FileSourceError(f"Permission denied: cannot read {name}.") from None
    except IsADirectoryError:
        raise FileSourceError(f"{name} is a directory, not an HTML file.") from None
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise FileSourceError(f"Could not read {name}: {reason}.") from None


def _read_stream(stream: BinaryIO, what: str, max_bytes: int, *, size: int | None = None) -> bytes:
    """Read at most `max_bytes` (after gzip decompression) from a binary stream.

    `what` names the input at the start of messages ("The file x.html").
    """
    first = stream.read(_READ_CHUNK)
    if first.startswith(_GZIP_MAGIC):
        body = _read_gzip(stream, first, what, max_bytes)
    else:
        if size is not None and size > max_bytes:
            raise FileSourceError(
                f"{what} is {byte_size(size)}, more than the {byte_size(max_bytes)} limit."
            )
        try:
            if len(first) > max_bytes:
                raise InputTooLarge(max_bytes)
            body = first + read_capped(stream, max_bytes - len(first))
        except InputTooLarge:
            raise FileSourceError(
                f"{what} is larger than the {byte_size(max_bytes)} limit."
            ) from None
    _check_content(body, what)
    return body


def _read_gzip(stream: BinaryIO, first: bytes, what: str, max_bytes: int) -> bytes:
    decoder = gzip_decoder(strict=True)
    chunks: list[bytes] = []
    total = 0
    data = first
    try:
        while data:
            for piece in decoder.feed(data):
                total += len(piece)
                if total > max_bytes:
                    raise FileSourceError(
                        f"{what} is larger than the {byte_size(max_bytes)} limit once decompressed."
                    )
                chunks.append(piece)
            data = stream.read(_READ_CHUNK)
        for piece in decoder.flush():  # pragma: no cover - strict: raises or yields nothing
            chunks.append(piece)
    except DecodeError as exc:
        raise FileSourceError(f"{what} is damaged gzip data ({exc}).") from None
    return b"".join(chunks)


def _check_content(body: bytes, what: str) -> None:
    if not body.strip():
        raise FileSourceError(f"{what} is empty.")
    kind = describe_binary(body) or describe_not_html(body)
    if kind is not None:
        raise FileSourceError(f"{what} is {kind}, not an HTML page.")
