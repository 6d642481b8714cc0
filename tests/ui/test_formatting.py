"""Plain-text formatting helpers and address resolution of the UI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.errors import BadURL
from reader.core.models import Article
from reader.ui.addresses import resolve_user_source
from reader.ui.formatting import article_meta_line, describe_when, format_published, scroll_label
from tests.ui.fakes import para

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-11-25T14:05:00+01:00", "25 Nov 2026 14:05"),
        ("2026-11-25T14:05:00Z", "25 Nov 2026 14:05"),
        ("2026-11-25", "25 Nov 2026"),
        ("yesterday-ish [/]", "yesterday-ish [/]"),
        (None, ""),
    ],
)
def test_format_published(value: str | None, shown: str) -> None:
    assert format_published(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-11-25T14:59:30Z", "just now"),
        ("2026-11-25T14:55:00Z", "5 min ago"),
        ("2026-11-25T12:00:00Z", "3 h ago"),
        ("2026-11-24T10:00:00Z", "yesterday"),
        ("2026-11-21T10:00:00Z", "4 days ago"),
        ("2026-10-01T10:00:00Z", "1 Oct"),
        ("2025-03-01T09:00:00Z", "1 Mar 2025"),
        ("not a date", ""),
    ],
)
def test_describe_when(value: str, shown: str) -> None:
    assert describe_when(value, NOW) == shown


def test_meta_line_has_only_the_parts_that_exist() -> None:
    bare = Article(url=None, title="T")
    assert article_meta_line(bare) == ""
    article = Article(url="https://www.example.com/x", title="T", blocks=(para("word " * 500),))
    assert article_meta_line(article) == "example.com · 3 min read"


def test_meta_line_counts_the_pages_of_a_joined_story() -> None:
    pages = tuple(f"https://example.com/story?page={n}" for n in (1, 2, 3))
    joined = Article(url=pages[0], title="T", blocks=(para("word " * 500),), pages=pages)
    assert article_meta_line(joined) == "example.com · 3 pages · 3 min read"
    whole_view = Article(url=pages[0], title="T", pages=("https://example.com/story?page=all",))
    assert article_meta_line(whole_view) == "example.com"


def test_scroll_label() -> None:
    assert scroll_label(None) == "All"
    assert scroll_label(0.0) == "0%"
    assert scroll_label(0.426) == "43%"


def test_resolve_user_source(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    assert resolve_user_source(str(page)) == str(page)
    assert resolve_user_source(page.as_uri()) == page.as_uri()
    assert resolve_user_source("example.com/news") == "https://example.com/news"
    assert resolve_user_source(" https://example.com/ ") == "https://example.com/"
    for bad in ("", "javascript:alert(1)", str(tmp_path), str(tmp_path / "missing.html")):
        with pytest.raises(BadURL):
            resolve_user_source(bad)
