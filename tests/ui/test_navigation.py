"""The pieces behind keyboard navigation: history, link numbers, hint labels,
sidebar groups, refusal messages."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.core.models import Link, Section
from reader.ui.formatting import not_followed_message
from reader.ui.history import History, PageState
from reader.ui.number_keys import NumberAction, NumberEntry
from reader.ui.section_links import all_links, link_groups
from reader.ui.widgets.article_view import ReadingPosition
from reader.ui.widgets.link_hints import HINT_KEYS, HintTarget, LinkHints, hint_labels

# History


def test_history_visits_back_and_forward() -> None:
    history = History()
    assert history.current is None and history.index == -1
    history.visit("a")
    history.remember(PageState(ReadingPosition(3, 10)))
    history.visit("b")
    assert history.sources == ["a", "b"] and history.index == 1
    entry = history.go(0)
    assert entry.source == "a" and entry.state.position == ReadingPosition(3, 10)
    assert history.entry_at(1) is not None and history.entry_at(2) is None
    assert history.entry_at(-1) is None
    history.visit("c")  # drops "b"
    assert history.sources == ["a", "c"]
    with pytest.raises(IndexError):
        history.go(5)


def test_history_does_not_repeat_the_current_page() -> None:
    history = History()
    history.visit("a")
    history.remember(PageState(ReadingPosition(2)))
    history.visit("a")
    assert history.sources == ["a"]
    assert history.current is not None and history.current.state == PageState()


def test_history_is_bounded() -> None:
    history = History(limit=3)
    for source in "abcde":
        history.visit(source)
    assert history.sources == ["c", "d", "e"] and history.index == 2


# Link numbers


def test_numbers_follow_at_once_when_no_longer_number_exists() -> None:
    entry = NumberEntry()
    assert entry.press("4", 14) == (NumberAction.FOLLOW, 4)
    assert entry.press("7", 9) == (NumberAction.FOLLOW, 7)
    assert entry.pending is None


def test_numbers_wait_for_a_second_digit() -> None:
    entry = NumberEntry()
    assert entry.press("1", 14) == (NumberAction.WAIT, 1)
    assert entry.pending == 1
    assert entry.press("2", 14) == (NumberAction.FOLLOW, 12)
    assert entry.press("1", 14) == (NumberAction.WAIT, 1)
    assert entry.take() == 1 and entry.pending is None
    assert entry.take() is None


def test_three_digit_numbers() -> None:
    entry = NumberEntry()
    assert entry.press("2", 300) == (NumberAction.WAIT, 2)
    assert entry.press("5", 300) == (NumberAction.WAIT, 25)
    assert entry.press("0", 300) == (NumberAction.FOLLOW, 250)


def test_missing_numbers_and_zeros() -> None:
    entry = NumberEntry()
    assert entry.press("9", 5) == (NumberAction.MISSING, 9)
    assert entry.press("0", 5) == (NumberAction.IGNORE, 0)
    assert entry.press("1", 14) == (NumberAction.WAIT, 1)
    assert entry.press("9", 14) == (NumberAction.MISSING, 19)
    assert entry.press("1", 14) == (NumberAction.WAIT, 1)
    assert entry.press("0", 14) == (NumberAction.FOLLOW, 10)
    entry.press("1", 14)
    entry.cancel()
    assert entry.pending is None


# Hint labels


def test_hint_labels_are_prefix_free() -> None:
    assert hint_labels(0) == []
    assert hint_labels(3) == ["a", "s", "d"]
    assert hint_labels(10) == list(HINT_KEYS)
    many = hint_labels(12)
    assert len(set(many)) == 12 and {len(label) for label in many} == {2}
    assert many[:3] == ["aa", "sa", "da"]  # the first letter changes fastest
    assert {len(label) for label in hint_labels(101)} == {3}


def test_link_hints_typing_and_overlay() -> None:
    hints = LinkHints(
        [
            HintTarget(5, 2, 8, "https://a.example/", "aa"),
            HintTarget(5, 11, 15, "https://b.example/", "sa"),
        ]
    )
    assert hints.lines == {5}
    assert hints.accepts("s") and not hints.accepts("x")
    strip = Strip([Segment("  minutes  body  ")])
    label, typed = Style(bold=True), Style(dim=True)
    assert hints.overlay(strip, 5, label, typed).text == "  aanutes  sady  "
    assert hints.overlay(strip, 4, label, typed) is strip
    assert hints.type("s") is None
    # only matching labels stay, the typed part drawn apart
    drawn = hints.overlay(strip, 5, label, typed)
    assert drawn.text == "  minutes  sady  "
    hints.backspace()
    assert hints.typed == ""
    hints.type("s")
    chosen = hints.type("a")
    assert chosen is not None and chosen.href == "https://b.example/"


# Sidebar groups


def test_link_groups_number_links_across_sections() -> None:
    groups = link_groups(
        [
            Section(
                "related", "Berita Terkait", (Link("https://x/1", "One"), Link("https://x/2", ""))
            ),
            Section("popular", None, ()),
            Section("latest", None, (Link("https://x/3", "Three"),)),
            Section("more", "More", (Link("https://x/4", "Four\x1b[2J"),)),
        ]
    )
    assert [group.title for group in groups] == ["Berita Terkait", "Latest", "More"]
    assert [group.label for group in groups] == ["Related", "", ""]
    assert [group.index for group in groups] == [0, 1, 2]
    links = all_links(groups)
    assert [link.number for link in links] == [1, 2, 3, 4]
    assert links[1].text == "https://x/2"  # no text: the address
    assert links[3].text == "Four"
    assert [link.group for link in links] == [0, 0, 1, 2]


# Refusals


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("javascript:alert(1)", "this one is javascript:"),
        ("mailto:a@example.com", "this one is mailto:"),
        ("file:///etc/passwd", "this one is file:"),
        ("data:text/html,hi", "this one is data:"),
        ("/relative/path", "this one is not a web address: /relative/path"),
        ("http:///nohost", "this one has no host: http:///nohost"),
    ],
)
def test_not_followed_message(url: str, detail: str) -> None:
    assert not_followed_message(url) == (
        f"Not followed: only http and https links are opened ({detail})"
    )
