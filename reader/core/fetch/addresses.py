"""Which network addresses saving stories in bulk may reach, and the switch
that turns the check on (no httpx here: the library's bulk code imports it).

Saving linked stories and refreshing sources fetch addresses chosen by pages
and feeds, not by the user. Those fetches run `guarded()`: the HTTP client
(`reader.core.fetch.guard`) then resolves every host itself when it opens a
connection and refuses loopback, private, link-local, unspecified, reserved
and multicast addresses (`forbidden`) with `PrivateAddress`, whatever the
spelling in the URL (127.1, 2130706433, 0x7f000001, [::ffff:127.0.0.1],
localhost., a name in /etc/hosts) and on every redirect hop. Pages the user
opens are not guarded: a person may read their router's page.

`literal_ip` and `is_local_host` classify an address as written, without
DNS: the bulk code uses them to let a page the user opened on this machine
or network keep its local links (the demo site, the tests).

`treat_as_public` is the one seam for tests, whose servers all listen on
127.0.0.1: inside it, the given (address, port) endpoints count as public,
for the connection check and for `is_local_host` alike.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from reader.core.errors import FetchError

__all__ = [
    "PrivateAddress",
    "forbidden",
    "guarded",
    "is_guarded",
    "is_local_host",
    "literal_ip",
    "refusal",
    "treat_as_public",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: What the C resolver reads as an IPv4 number: one to four parts, each
#: decimal, octal (leading 0) or hex (0x); "127.1", "2130706433", "0x7f000001".
_NUMERIC_V4 = re.compile(
    r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}$", re.IGNORECASE
)
#: Names that are this machine or a local network by their form.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")

_GUARDED: ContextVar[bool] = ContextVar("reader_fetch_guarded", default=False)
#: Endpoints counted as public (`treat_as_public`); empty outside tests.
_public_endpoints: set[tuple[str, int]] = set()


class PrivateAddress(FetchError):
    """A guarded fetch would have connected to this machine or a private network."""


def refusal(address: IPAddress | str) -> PrivateAddress:
    """The error for a refused address, in one line."""
    return PrivateAddress(f"Refused: a link to a private address ({address}).")


def literal_ip(host: str) -> IPAddress | None:
    """The address `host` spells, in any form the system resolver reads as a
    number (dotted, shortened, integer, octal, hex, IPv6, IPv4-mapped IPv6,
    with brackets, with a zone), or None for a name."""
    host = host.strip().strip("[]")
    if not host:
        return None
    if _NUMERIC_V4.match(host):
        with contextlib.suppress(OSError):
            return ipaddress.IPv4Address(socket.inet_aton(host))
        return None
    if ":" in host:
        try:
            address = ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
        return address.ipv4_mapped or address
    return None


def forbidden(address: IPAddress, port: int | None = None) -> bool:
    """True when a guarded fetch may not connect to `address`: anything but a
    public unicast address (IPv4-mapped IPv6 is judged by its IPv4 address)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if port is not None and (str(address), port) in _public_endpoints:
        return False
    return not address.is_global or address.is_multicast


def is_local_host(host: str, port: int | None = None) -> bool:
    """True when `host`, as written, is this machine or a private network:
    localhost and its subdomains, names of local networks (.local, .lan, ...),
    single-label names, and every spelling of a non-public address. A public
    name that resolves to a private address is not caught here (the
    connection check of `guarded` fetches catches it)."""
    host = host.strip().strip("[]").lower()
    if host.endswith(".") and not host.endswith(".."):
        host = host[:-1]
    if not host:
        return False
    address = literal_ip(host)
    if address is not None:
        return forbidden(address, port)
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    return "." not in host and ":" not in host


def is_guarded() -> bool:
    """True inside `guarded()`."""
    return _GUARDED.get()


@contextlib.contextmanager
def guarded(on: bool = True) -> Iterator[None]:
    """Fetches made inside (in this task and the tasks it starts) connect only
    to public addresses (`forbidden`); `on=False` leaves them unguarded."""
    token = _GUARDED.set(on)
    try:
        yield
    finally:
        _GUARDED.reset(token)


@contextlib.contextmanager
def treat_as_public(endpoints: Iterable[tuple[str, int]]) -> Iterator[None]:
    """For tests: the (IP address, port) `endpoints` count as public inside."""
    added = {(str(ipaddress.ip_address(a)), p) for a, p in endpoints} - _public_endpoints
    _public_endpoints.update(added)
    try:
        yield
    finally:
        _public_endpoints.difference_update(added)
