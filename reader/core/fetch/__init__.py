"""Fetching web pages over HTTP(S) with httpx.

`fetch` turns a URL into a `Page` or raises one of the typed errors of
`reader.core.errors`, never a raw httpx or socket exception. It enforces the
limits a reader needs against hostile or broken servers: a size cap applied
to the *decoded* body while it streams (compressed bodies are inflated in
bounded steps, not by httpx, so a gzip bomb never expands in memory), a
redirect limit, connect/read/total timeouts, an HTML-only content-type check
and careful charset decoding.

    client         make_client, fetch: headers, timeouts, redirects, body reading
    http_errors    httpx exceptions -> typed errors with a plain message
    decompress     bounded gzip / deflate / brotli decoders
    charset        decode_html, codec_for: declared charsets, then detection
    sniffing       describe_binary, looks_like_html, describe_mime
    meta_refresh   meta_refresh_target

Only `client` and `http_errors` import httpx. This file imports none of them:
`fetch` and `make_client` are loaded on first use (PEP 562), so importing a
light module such as `reader.core.fetch.charset` never pays for httpx. Other
names are imported from their own modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.fetch.client import fetch, make_client

__all__ = ["fetch", "make_client"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reader.core.fetch import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
