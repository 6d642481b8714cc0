"""The forms of a refresh's content that the HTML standard's declarative
refresh steps accept (and browsers follow): "url=" may be left out, a comma
may stand for the semicolon, and "=" may have spaces around it."""

from __future__ import annotations

import pytest

from reader.core.fetch.meta_refresh import meta_refresh_target

BASE = "https://news.example.com/a"


def _page(content: str, http_equiv: str = "refresh") -> str:
    return (
        f'<html><head><meta http-equiv="{http_equiv}" content="{content}"></head>'
        "<body>Moved.</body></html>"
    )


@pytest.mark.parametrize(
    "content",
    ["0; url=/b", "0;URL='/b'", "0; /b", "0;/b", "0, url=/b", "0; url = /b", "1.5; url=/b"],
)
def test_refresh_forms_browsers_follow(content: str) -> None:
    assert meta_refresh_target(_page(content), BASE) == "https://news.example.com/b"


def test_only_the_refresh_pragma_counts() -> None:
    assert meta_refresh_target(_page("0; url=/b", "x-refresh-later"), BASE) is None
