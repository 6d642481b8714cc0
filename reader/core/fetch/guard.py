"""The connection check of guarded fetches (see `addresses`): an httpx
transport with two connection pools, and the network backend of the guarded
one.

`GuardedBackend.connect_tcp` resolves the host itself (getaddrinfo reads
every spelling the system resolver does: numbers, names, /etc/hosts),
refuses when any answer is forbidden, and connects to the checked address;
TLS still verifies the host name (httpcore passes the origin's name for SNI
and the certificate). So every DNS answer of every new connection, redirect
hops included, is checked, and the address checked is the one used.

`Transport` sends a request through the guarded pool inside
`addresses.guarded()` and through an ordinary one otherwise; the pools are
apart, so a connection the user's own reading opened to a local address is
never reused by a guarded fetch. A request hook (`refuse_literal`) also
refuses guarded requests whose URL names a forbidden address outright,
which covers the proxy case (a proxy from the environment resolves names
itself; the proxy settings are the user's).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import anyio
import httpcore
import httpx

from reader.core.fetch.addresses import forbidden, is_guarded, literal_ip, refusal

__all__ = ["GuardedBackend", "Transport", "refuse_literal"]

#: The resolver (a name here so that tests can answer for made-up names).
_getaddrinfo = anyio.getaddrinfo
#: Wait this long for one address before trying the next one too (RFC 8305).
_STAGGER = 0.25


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that connects only to public addresses."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _resolve(host, port, timeout)
        for address in addresses:
            parsed = literal_ip(address)
            if parsed is None or forbidden(parsed, port):
                raise refusal(parsed or address)

        async def connect(address: str) -> httpcore.AsyncNetworkStream:
            return await self._inner.connect_tcp(
                address,
                port,
                timeout=timeout,
                local_address=local_address,
                socket_options=socket_options,
            )

        return await _first_connected(addresses, connect)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("Guarded fetches do not use Unix sockets.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses of `host`, once each, in the resolver's order."""
    try:
        with anyio.fail_after(timeout):
            answers = await _getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"Looking up {host} timed out.") from None
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(str(exc)) from None
    seen: list[str] = []
    for _family, _type, _proto, _name, sockaddr in answers:
        address = str(sockaddr[0])
        if address not in seen:
            seen.append(address)
    if not seen:
        raise httpcore.ConnectError(f"No address found for {host}.")
    return seen


async def _first_connected(addresses: list[str], connect: Any) -> httpcore.AsyncNetworkStream:
    """Connect to the first address that answers, starting the next attempt
    when one fails or has not answered within `_STAGGER` (happy eyeballs, as
    anyio does for a name)."""
    if len(addresses) == 1:
        stream: httpcore.AsyncNetworkStream = await connect(addresses[0])
        return stream
    winner: list[httpcore.AsyncNetworkStream] = []
    errors: list[Exception] = []

    async with anyio.create_task_group() as group:

        async def attempt(address: str, failed: anyio.Event) -> None:
            try:
                stream = await connect(address)
            except (httpcore.ConnectError, httpcore.ConnectTimeout, OSError) as exc:
                errors.append(exc)
                failed.set()
                return
            if winner:
                await stream.aclose()
                return
            winner.append(stream)
            group.cancel_scope.cancel()

        for address in addresses:
            failed = anyio.Event()
            group.start_soon(attempt, address, failed)
            with anyio.move_on_after(_STAGGER):
                await failed.wait()
    if winner:
        return winner[0]
    raise errors[-1] if errors else httpcore.ConnectError("Could not connect.")


async def refuse_literal(request: httpx.Request) -> None:
    """Request hook: in a guarded fetch, refuse a URL that names a forbidden
    address (before any proxy sees it)."""
    if not is_guarded():
        return
    address = literal_ip(request.url.host)
    if address is not None and forbidden(address, request.url.port or _default_port(request)):
        raise refusal(address)


def _default_port(request: httpx.Request) -> int:
    return 443 if request.url.scheme == "https" else 80


class Transport(httpx.AsyncBaseTransport):
    """Sends guarded requests through a pool that checks addresses, others
    through an ordinary pool; both share one TLS context and the limits."""

    def __init__(self, limits: httpx.Limits, context: ssl.SSLContext | None = None) -> None:
        context = context or httpx.create_ssl_context(trust_env=True)
        self._open = httpx.AsyncHTTPTransport(verify=context, limits=limits, trust_env=True)
        self._guarded = httpx.AsyncHTTPTransport(verify=context, limits=limits, trust_env=True)
        # httpx's transport takes no network backend: its pool is made again,
        # as httpx makes it, with ours.
        self._guarded._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self._guarded if is_guarded() else self._open
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        with contextlib.suppress(Exception):
            await self._guarded.aclose()
        await self._open.aclose()
