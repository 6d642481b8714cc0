"""Link targets in exported files: only http(s) addresses, written as valid
URIs. A page's link may hold characters a URI cannot (`"`, `<`, `>`, spaces,
a bare `%`, non-ASCII letters): e-readers and epubcheck refuse those, and in
Markdown a `<` or a space would end or change the link. They are
percent-encoded here; the address shown to the reader stays as it was."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from reader.core.urls import is_followable

_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
#: An address that is a valid URI as it is (the common case: no work).
_CLEAN = re.compile(
    r"^https?://[A-Za-z0-9.\-]+(?::\d{1,5})?(?:[/?][A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?$"
)
#: What RFC 3986 allows as is in a path, and in a query or fragment.
_PATH_SAFE = "/%!$&'()*+,;=:@~-._"
_QUERY_SAFE = _PATH_SAFE + "?"


def web_uri(href: str | None) -> str | None:
    """`href` as a valid http(s) URI, or None when it is not a web address
    (javascript:, data:, file:, mailto:, relative, no host)."""
    if not href:
        return None
    if _CLEAN.match(href) and "%" not in href:
        return href
    if not is_followable(href):
        return None
    try:
        parts = urlsplit(_BARE_PERCENT.sub("%25", href.strip()))
        netloc = parts.netloc
        if not netloc.isascii():
            netloc = _ascii_host(netloc)
    except ValueError:
        return None
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_PATH_SAFE),
            quote(parts.query, safe=_QUERY_SAFE),
            quote(parts.fragment, safe=_QUERY_SAFE),
        )
    )


def _ascii_host(netloc: str) -> str:
    """An internationalised host in its ASCII (IDNA) form; raises ValueError."""
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(str(exc)) from None
    return f"{quote(userinfo, safe='%:')}{at}{ascii_host}{colon}{port}"
