"""Content decoding: bounded gzip / deflate / brotli decoders for a response body.

Each decoder hands out at most 64 KiB per step, so the caller can stop at its
size cap before a compression bomb expands in memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, Protocol

from reader.core.errors import FetchError
from reader.core.urls import shorten

try:  # httpx[brotli] installs it; without it we simply do not ask for br.
    import brotli  # type: ignore[import-untyped,unused-ignore]
except ImportError:  # pragma: no cover - brotli is a declared dependency
    brotli = None

__all__ = ["ACCEPT_ENCODING", "DecodeError", "Decoder", "gzip_decoder", "make_decoder"]

#: The Accept-Encoding value for the codings `make_decoder` can undo.
ACCEPT_ENCODING = "gzip, deflate, br" if brotli is not None else "gzip, deflate"
#: Largest piece a decoder hands out at once; bounds memory per step.
_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class DecodeError(Exception):
    """Compressed data that cannot be decompressed."""


class Decoder(Protocol):
    """Incremental, bounded decoder of a content encoding."""

    identity: bool

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decode `data` lazily, in pieces of about 64 KiB at most."""
        ...

    def flush(self) -> Iterator[bytes]:
        """Whatever is left at the end of the stream."""
        ...


class _Identity:
    identity = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), _CHUNK):
            yield data[start : start + _CHUNK]

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Zlib:
    """gzip / zlib / raw deflate, inflated at most 64 KiB at a time."""

    identity = False

    def __init__(self, wbits: int, *, gzip_members: bool = False, strict: bool = False) -> None:
        self._wbits = wbits
        self._obj = zlib.decompressobj(wbits)
        self._gzip_members = gzip_members
        self._strict = strict
        self._started = False
        self._between = False
        self._ended = False
        self._carry = b""
        # "deflate" is meant to be zlib-wrapped; many servers send raw deflate.
        # Tell them apart by the two-byte zlib header once it has arrived.
        self._sniff = wbits == zlib.MAX_WBITS

    def feed(self, data: bytes) -> Iterator[bytes]:
        buf = data
        if self._sniff:
            buf = self._carry + buf
            self._carry = b""
            if len(buf) < 2:
                self._carry = buf
                return
            self._sniff = False
            if buf[0] & 0x0F != 8 or (buf[0] << 8 | buf[1]) % 31:
                self._wbits = -zlib.MAX_WBITS
                self._obj = zlib.decompressobj(self._wbits)
        while True:
            if self._ended:
                return  # trailing bytes after the stream are ignored, as browsers do
            if self._between:
                buf = self._carry + buf
                self._carry = b""
                if len(buf) < 2:
                    self._carry = buf
                    return
                if self._gzip_members and buf.startswith(_GZIP_MAGIC):
                    self._obj = zlib.decompressobj(self._wbits)
                    self._between = False
                else:
                    self._ended = True
                    return
            if not buf and not self._started:
                return
            try:
                out = self._obj.decompress(buf, _CHUNK)
            except zlib.error as exc:
                raise DecodeError(str(exc)) from None
            self._started = True
            buf = self._obj.unconsumed_tail
            if out:
                yield out
            if self._obj.eof:
                buf = self._obj.unused_data
                self._between = True
                if not buf:
                    return
                continue
            if not buf and len(out) < _CHUNK:
                return

    def flush(self) -> Iterator[bytes]:
        if self._ended or self._between or not (self._started or self._carry):
            return
        if self._strict:
            raise DecodeError("the compressed data is truncated")
        # Lenient like browsers: show what arrived of a stream cut short.
        yield from self.feed(b"")


class _Brotli:
    """Brotli, decompressed about 64 KiB at a time."""

    identity = False

    def __init__(self) -> None:
        self._obj: Any = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._obj.is_finished():
            return  # trailing bytes after the stream are ignored
        try:
            out: bytes = self._obj.process(data, output_buffer_limit=_CHUNK)
            # Output held back by the limit comes out of further empty calls.
            while out:
                yield out
                out = self._obj.process(b"", output_buffer_limit=_CHUNK)
        except brotli.error as exc:
            raise DecodeError(str(exc) or "invalid brotli data") from None

    def flush(self) -> Iterator[bytes]:
        # Lenient like browsers: a stream cut short keeps what was decoded.
        return iter(())


class _Chain:
    """Several content codings, applied in the order they must be undone."""

    def __init__(self, stages: list[Decoder]) -> None:
        self._stages = stages
        self.identity = all(stage.identity for stage in stages)

    def _through(self, index: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        if index == len(self._stages) - 1:
            yield from pieces
            return
        for piece in pieces:
            yield from self._through(index + 1, self._stages[index + 1].feed(piece))

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, self._stages[0].feed(data))

    def flush(self) -> Iterator[bytes]:
        for index, stage in enumerate(self._stages):
            yield from self._through(index, stage.flush())


def gzip_decoder(*, strict: bool = False) -> Decoder:
    """A bounded gzip decoder (several members allowed); `strict` refuses truncated data."""
    return _Zlib(zlib.MAX_WBITS | 16, gzip_members=True, strict=strict)


def make_decoder(content_encoding: str | None, where: str = "The server") -> Decoder:
    """A bounded decoder for a Content-Encoding header value (gzip, deflate, br)."""
    tokens = [t.strip().lower() for t in (content_encoding or "").split(",") if t.strip()]
    stages: list[Decoder] = []
    for token in reversed(tokens):
        if token in ("identity", "none"):
            continue
        if token in ("gzip", "x-gzip"):
            stages.append(gzip_decoder())
        elif token == "deflate":
            stages.append(_Zlib(zlib.MAX_WBITS))
        elif token == "br" and brotli is not None:
            stages.append(_Brotli())
        else:
            raise FetchError(
                f"{where} sent the page compressed as {shorten(token, 30)}, "
                "which the reader cannot decode."
            )
    if not stages:
        return _Identity()
    if len(stages) == 1:
        return stages[0]
    return _Chain(stages)
