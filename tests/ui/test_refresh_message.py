"""The app's refresh message counts stories the library could not store
(a read-only or full library) apart from the saved ones, with the reason."""

from __future__ import annotations

from reader.core.records import RefreshSummary
from reader.ui.news_control import summary_text


def test_stories_not_stored_are_said_with_the_reason() -> None:
    summary = RefreshSummary(
        checked=3,
        new_items=5,
        saved=2,
        not_stored=[
            ("https://a.example/1", "the disk is full; nothing more can be saved"),
            ("https://a.example/2", "the disk is full; nothing more can be saved"),
            ("https://a.example/3", "the disk is full; nothing more can be saved"),
        ],
    )
    text = summary_text(summary)
    assert text.startswith("Checked 3 sources: 5 new stories, 2 saved in full")
    assert "3 not stored (the disk is full; nothing more can be saved)" in text


def test_a_refresh_that_stored_everything_says_nothing_of_it() -> None:
    text = summary_text(RefreshSummary(checked=1, new_items=1, saved=1))
    assert "not stored" not in text


def test_a_hostile_reason_is_one_clean_line() -> None:
    summary = RefreshSummary(checked=1, new_items=1, not_stored=[("u", "full\x1b[2J\nnow")])
    text = summary_text(summary)
    assert "\x1b" not in text and "\n" not in text
