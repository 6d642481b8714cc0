"""Mapping httpx exceptions to the typed errors of `reader.core.errors`, each
with a one-sentence message that names the host and the reason."""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from reader.core.errors import BadURL, FetchError, Offline, ReaderError, Timeout
from reader.core.fetch_options import FetchOptions
from reader.core.sanitize import clean_line
from reader.core.urls import shorten

__all__ = ["host_of", "map_error", "retry_after_seconds", "seconds"]


def host_of(url: str) -> str:
    """The host (and port) of `url`, for messages."""
    try:
        netloc = urlsplit(url).netloc.rpartition("@")[2]
    except ValueError:
        netloc = ""
    return shorten(netloc or url)


def seconds(value: float) -> str:
    """A duration for messages: "10 s", "0.5 s"."""
    return f"{value:g} s"


#: A Retry-After longer than this (a week) is read as this.
_RETRY_AFTER_MAX = 7 * 24 * 3600.0


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date
    (a date in the past means 0). None when absent or unreadable; capped at a week."""
    if not value:
        return None
    from email.utils import parsedate_to_datetime

    text = value.strip()
    first = text.split(",")[0].strip()
    if first.isdigit():
        return min(float(first), _RETRY_AFTER_MAX)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(delta, 0.0), _RETRY_AFTER_MAX)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def map_error(exc: httpx.HTTPError, url: str, options: FetchOptions) -> ReaderError:
    """Turn an httpx exception into a typed error with a plain message."""
    where = host_of(url)
    if isinstance(exc, httpx.ConnectTimeout):
        return Timeout(
            f"Connecting to {where} took longer than {seconds(options.connect_timeout)}."
        )
    if isinstance(exc, httpx.ReadTimeout):
        return Timeout(
            f"{where} sent nothing for {seconds(options.read_timeout)}; gave up waiting."
        )
    if isinstance(exc, httpx.WriteTimeout):
        return Timeout(
            f"Sending the request to {where} took longer than {seconds(options.read_timeout)}."
        )
    if isinstance(exc, httpx.PoolTimeout):
        return Timeout(f"Timed out waiting for a free connection to {where}.")
    if isinstance(exc, httpx.TimeoutException):
        return Timeout(f"The request to {where} timed out.")
    if isinstance(exc, httpx.ProxyError):
        return Offline(f"Could not connect to {where} through the proxy: {_detail(exc)}.")
    if isinstance(exc, httpx.ConnectError):
        return _connect_error(exc, where)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return BadURL(f"Only http and https addresses are fetched: {shorten(url)}")
    if isinstance(exc, httpx.RemoteProtocolError):
        if "without sending" in str(exc) and "response" in str(exc):
            return FetchError(f"{where} closed the connection without answering.")
        return FetchError(f"{where} sent a response that is not valid HTTP.")
    if isinstance(exc, httpx.ReadError):
        return FetchError(f"The connection to {where} broke off ({_detail(exc)}).")
    if isinstance(exc, httpx.WriteError):
        return FetchError(f"Could not send the request to {where} ({_detail(exc)}).")
    return FetchError(f"Could not fetch {shorten(url)}: {_detail(exc)}.")


def _detail(exc: BaseException) -> str:
    for item in _causes(exc):
        if isinstance(item, ConnectionResetError):
            return "connection reset by the server"
        if isinstance(item, OSError) and item.strerror:
            return clean_line(item.strerror).lower()
    text = clean_line(str(exc)).rstrip(".")
    return shorten(text, 120) if text else type(exc).__name__


def _connect_error(exc: httpx.ConnectError, where: str) -> ReaderError:
    for item in _causes(exc):
        if isinstance(item, ssl.SSLCertVerificationError):
            reason = clean_line(item.verify_message or "") or "unknown reason"
            return FetchError(
                f"Could not connect securely to {where}: its certificate is not valid ({reason})."
            )
        if isinstance(item, ssl.SSLError):
            return FetchError(f"Could not connect securely to {where}: the TLS handshake failed.")
        if isinstance(item, socket.gaierror):
            return Offline(
                f"Could not connect to {where}: the name could not be resolved "
                "(no such host, or no network)."
            )
        if isinstance(item, ConnectionRefusedError):
            return Offline(f"Could not connect to {where}: connection refused.")
        if isinstance(item, OSError) and item.errno in _ERRNO_REASONS:
            return Offline(f"Could not connect to {where}: {_ERRNO_REASONS[item.errno]}.")
    return Offline(f"Could not connect to {where}: {_detail(exc)}.")


_ERRNO_REASONS = {
    errno.ENETUNREACH: "the network is unreachable",
    errno.EHOSTUNREACH: "the host is unreachable",
    errno.ENETDOWN: "the network is down",
    errno.ETIMEDOUT: "the connection timed out",
    errno.ECONNRESET: "the connection was reset",
    errno.EADDRNOTAVAIL: "the address is not available",
}
