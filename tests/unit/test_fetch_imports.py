"""The fetch package's light modules (charset, sniffing, meta refresh, content
decoding) load without httpx, and the package still hands out `fetch` and
`make_client` as the library imports them."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "reader.core.fetch",
        "reader.core.fetch.charset",
        "reader.core.fetch.sniffing",
        "reader.core.fetch.meta_refresh",
        "reader.core.fetch.decompress",
    ],
)
def test_light_fetch_modules_do_not_import_httpx(module: str) -> None:
    script = f"import sys, {module}\nprint('httpx' in sys.modules)\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.split() == ["False"], done.stderr


def test_the_package_hands_out_fetch_and_make_client() -> None:
    from reader.core.fetch import fetch, make_client
    from reader.core.fetch.client import fetch as client_fetch
    from reader.core.fetch.client import make_client as client_make_client

    assert fetch is client_fetch and make_client is client_make_client
    with pytest.raises(ImportError):
        from reader.core.fetch import decode_html  # noqa: F401 - lives in .charset
