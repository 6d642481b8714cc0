"""load_source: files (plain and gzip), file:// URLs, stdin, URLs, and every refusal."""

from __future__ import annotations

import asyncio
import gzip
import io
import os
import struct
import sys
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.core import sources
from reader.core.errors import BadURL, FileSourceError
from reader.core.fetch_options import FetchOptions
from reader.core.locate import WebAddress, display_path
from reader.core.models import Page
from reader.core.sources import load_source

HTML = "<!doctype html><html><head><title>Berita</title></head><body><p>Halo, dunia. é ü 日本</p></body></html>"
MIB = 1 << 20


def gzip_of_zeros(size: int) -> bytes:
    """A valid gzip stream of `size` zero bytes (a multiple of 1 MiB), built without
    compressing them all: one byte-aligned deflate block per MiB, repeated."""
    zeros = bytes(MIB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + block * (size // MIB) + end + struct.pack("<II", crc, size & 0xFFFFFFFF)


@pytest.fixture
def html_file(tmp_path: Path) -> Path:
    path = tmp_path / "story.html"
    path.write_text(HTML, encoding="utf-8")
    return path


# ----------------------------------------------------------------- files


async def test_plain_file(html_file: Path) -> None:
    page = await load_source(str(html_file))
    assert isinstance(page, Page)
    assert page.html == HTML
    assert page.body == HTML.encode()
    assert page.charset == "utf-8"
    assert page.status == 200
    assert page.headers == {}
    assert page.url == html_file.resolve().as_uri()
    assert page.requested_url == page.url
    assert page.url.startswith("file:///")
    assert page.fetched_at.tzinfo is not None


async def test_relative_path(html_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(html_file.parent)
    page = await load_source("story.html")
    assert page.url == html_file.resolve().as_uri()


async def test_file_charset_from_meta(tmp_path: Path) -> None:
    text = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    path = tmp_path / "ru.htm"
    path.write_bytes(text.encode("cp1251"))
    page = await load_source(str(path))
    assert page.html == text
    assert page.charset == "cp1251"


async def test_gz_file(tmp_path: Path) -> None:
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(HTML.encode()))
    page = await load_source(str(path))
    assert page.html == HTML
    assert page.body == HTML.encode()


async def test_gzip_detected_by_magic_without_gz_suffix(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_bytes(gzip.compress(HTML.encode()))
    page = await load_source(str(path))
    assert page.html == HTML


async def test_multi_member_gz_file(tmp_path: Path) -> None:
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(HTML[:40].encode()) + gzip.compress(HTML[40:].encode()))
    page = await load_source(str(path))
    assert page.html == HTML


async def test_truncated_gz_file(tmp_path: Path) -> None:
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress((HTML * 50).encode())[:-30])
    with pytest.raises(FileSourceError, match=r"story\.html\.gz is damaged gzip data"):
        await load_source(str(path))


async def test_corrupt_gz_file(tmp_path: Path) -> None:
    path = tmp_path / "story.html.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"not really gzip at all" * 10)
    with pytest.raises(FileSourceError, match="damaged gzip data"):
        await load_source(str(path))


async def test_file_url(html_file: Path) -> None:
    page = await load_source(html_file.resolve().as_uri())
    assert page.html == HTML
    assert page.url == html_file.resolve().as_uri()


async def test_file_url_with_escaped_space(tmp_path: Path) -> None:
    path = tmp_path / "my story.html"
    path.write_text(HTML, encoding="utf-8")
    uri = path.resolve().as_uri()
    assert "%20" in uri
    page = await load_source(uri)
    assert page.html == HTML


async def test_file_url_on_another_host_refused() -> None:
    with pytest.raises(BadURL, match="Only local file"):
        await load_source("file://fileserver.example/share/story.html")


# ----------------------------------------------------------------- base_url


async def test_base_url_becomes_page_url(html_file: Path) -> None:
    page = await load_source(str(html_file), base_url="https://news.example.com/a/story")
    assert page.url == "https://news.example.com/a/story"
    assert page.requested_url == html_file.resolve().as_uri()


async def test_bare_base_url_is_normalized(html_file: Path) -> None:
    page = await load_source(str(html_file), base_url="news.example.com/a")
    assert page.url == "https://news.example.com/a"


async def test_base_url_must_be_web_address(html_file: Path) -> None:
    with pytest.raises(BadURL):
        await load_source(str(html_file), base_url="javascript:alert(1)")


# ----------------------------------------------------------------- stdin


async def test_stdin_stream() -> None:
    page = await load_source("-", stdin=io.BytesIO(HTML.encode()))
    assert page.html == HTML
    assert page.url == ""
    assert page.status == 200


async def test_stdin_with_base_url() -> None:
    page = await load_source("-", stdin=io.BytesIO(HTML.encode()), base_url="https://example.com/x")
    assert page.url == "https://example.com/x"


async def test_stdin_gzip() -> None:
    page = await load_source("-", stdin=io.BytesIO(gzip.compress(HTML.encode())))
    assert page.html == HTML


async def test_stdin_defaults_to_sys_stdin_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(HTML.encode()))
    monkeypatch.setattr(sys, "stdin", fake)
    page = await load_source("-")
    assert page.html == HTML


async def test_empty_stdin() -> None:
    with pytest.raises(FileSourceError, match=r"^Standard input is empty\.$"):
        await load_source("-", stdin=io.BytesIO(b""))


async def test_stdin_over_the_cap() -> None:
    data = b"<p>" + b"x" * (4 * MIB)
    stream = io.BytesIO(data)
    with pytest.raises(FileSourceError, match="Standard input is larger than the 1000 bytes"):
        await load_source("-", FetchOptions(max_bytes=1000), stdin=stream)
    assert stream.tell() < len(data)  # stopped reading early


# ----------------------------------------------------------------- refusals


async def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    with pytest.raises(FileSourceError) as info:
        await load_source(str(missing))
    assert str(info.value) == f"No such file: {display_path(missing)}"


@pytest.mark.parametrize("name", ["nope.html", "story.htm", "page.html.gz", "notes"])
async def test_missing_relative_file_is_not_fetched(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileSourceError, match=f"No such file: {name}"):
        await load_source(name)


async def test_directory(tmp_path: Path) -> None:
    with pytest.raises(FileSourceError) as info:
        await load_source(str(tmp_path))
    assert (
        str(info.value) == f"{display_path(tmp_path.resolve())} is a directory, not an HTML file."
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX, non-root")
async def test_permission_denied(html_file: Path) -> None:
    html_file.chmod(0)
    try:
        with pytest.raises(FileSourceError, match=r"^Permission denied: cannot read .*story\.html"):
            await load_source(str(html_file))
    finally:
        html_file.chmod(0o644)


async def test_permission_denied_message(html_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same refusal where the test runs as root (which may read anything)."""

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(FileSourceError) as info:
        await load_source(str(html_file))
    assert str(info.value) == f"Permission denied: cannot read {display_path(html_file.resolve())}."


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive"),
        (b"<html>\x00\x00\x00\x01\x02</html>", "a binary file"),
    ],
)
async def test_binary_file(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "story.html"
    path.write_bytes(content)
    with pytest.raises(FileSourceError) as info:
        await load_source(str(path))
    assert (
        str(info.value) == f"The file {display_path(path.resolve())} is {kind}, not an HTML page."
    )


async def test_binary_inside_gzip(tmp_path: Path) -> None:
    path = tmp_path / "doc.gz"
    path.write_bytes(gzip.compress(b"%PDF-1.4 ..."))
    with pytest.raises(FileSourceError, match="is a PDF document"):
        await load_source(str(path))


async def test_utf16_file_with_bom_is_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "u16.html"
    path.write_bytes(HTML.encode("utf-16"))
    page = await load_source(str(path))
    assert page.html == HTML


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n"])
async def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    with pytest.raises(FileSourceError) as info:
        await load_source(str(path))
    assert str(info.value) == f"The file {display_path(path.resolve())} is empty."


async def test_empty_gzip_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.html.gz"
    path.write_bytes(gzip.compress(b""))
    with pytest.raises(FileSourceError, match="is empty"):
        await load_source(str(path))


async def test_file_over_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"x" * 2000)
    with pytest.raises(FileSourceError) as info:
        await load_source(str(path), FetchOptions(max_bytes=1000))
    name = display_path(path.resolve())
    assert str(info.value) == f"The file {name} is 2.0 KiB, more than the 1000 bytes limit."


async def test_file_exactly_at_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"x" * 997)
    page = await load_source(str(path), FetchOptions(max_bytes=1000))
    assert len(page.body) == 1000


async def test_gzip_bomb_file(tmp_path: Path) -> None:
    """256 MiB of zeros in a 256 KiB .gz: refused at the cap, fast, in little memory."""
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip_of_zeros(256 * MIB))
    assert path.stat().st_size < MIB
    tracemalloc.start()
    try:
        started = time.monotonic()
        with pytest.raises(FileSourceError, match="larger than the 10 MiB limit once decompressed"):
            await load_source(str(path))
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 3
    assert peak < 24 * MIB, f"peak {peak / MIB:.1f} MiB"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
async def test_reading_does_not_block_the_event_loop(tmp_path: Path) -> None:
    """A named pipe whose writer comes late: the loop must keep running meanwhile."""
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)

    def write_later() -> None:
        time.sleep(0.3)
        with fifo.open("wb") as handle:
            handle.write(HTML.encode())

    writer = threading.Thread(target=write_later, daemon=True)
    writer.start()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    try:
        page = await load_source(str(fifo))
    finally:
        task.cancel()
        writer.join()
    assert page.html == HTML
    assert ticks >= 10


# ----------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    "source",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/story.html",
        "mailto:editor@example.com",
        "vbscript:msgbox",
    ],
)
async def test_other_schemes_are_bad_urls(source: str) -> None:
    with pytest.raises(BadURL):
        await load_source(source)


async def test_http_url_is_fetched(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/story").respond_with_data(HTML, content_type="text/html")
    page = await load_source(httpserver.url_for("/story"), base_url="https://ignored.example/")
    assert page.html == HTML
    assert page.url == httpserver.url_for("/story")


async def test_bare_localhost_with_port_is_fetched(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/story").respond_with_data(HTML, content_type="text/html")
    page = await load_source(f"localhost:{httpserver.port}/story")
    assert page.url == f"http://localhost:{httpserver.port}/story"
    assert page.html == HTML


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("example.com/news", "https://example.com/news"),
        (
            "www.example.co.id/berita/2024/story.html",
            "https://www.example.co.id/berita/2024/story.html",
        ),
        ("https://example.com/x", "https://example.com/x"),
    ],
)
async def test_bare_host_is_treated_as_https(
    source: str, url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    fetched: list[str] = []

    async def fake_fetch(target: WebAddress, *args: object, **kwargs: object) -> Page:
        fetched.append(target.url)  # load_source passes the address it read, typed
        raise FileSourceError("stop")

    monkeypatch.setattr(sources, "fetch", fake_fetch)
    with pytest.raises(FileSourceError, match="stop"):
        await load_source(source)
    assert fetched == [url]


async def test_existing_file_wins_over_bare_host(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.com").write_text(HTML, encoding="utf-8")
    page = await load_source("example.com")
    assert page.url.startswith("file://")


def test_display_path_keeps_the_file_name() -> None:
    long = "/very/long/directory" * 10 + "/story.html"
    shown = display_path(long)
    assert len(shown) == 80
    assert shown.startswith("…")
    assert shown.endswith("/story.html")
    assert display_path("/tmp/a\x1b[2Jb.html") == "/tmp/ab.html"
