"""The read-later queue in the store: states, favourites, the filter language
(words, #tags, is:, sort:), listings with totals, counts, pages not yet
saved, and the migration that brings older libraries to it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core.bookmark_query import BookmarkQuery, parse_query
from reader.core.models import Bookmark
from reader.store import Store
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.store.test_store import article, page

DAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "lib.sqlite3")
    yield s
    s.close()


def fill(store: Store) -> None:
    """Four bookmarks a day apart: the first is the oldest."""
    store.add_bookmark(
        "https://kabar.example/banjir", "Banjir di Hulu Sungai", ["Cuaca"], created=DAY
    )
    store.add_bookmark(
        "https://kabar.example/bola",
        "Final Liga Pelajar",
        ["sport", "bola"],
        "tonton lagi",
        created=DAY + timedelta(days=1),
        favourite=True,
    )
    store.add_bookmark(
        "https://other.example/pasar",
        "Harga Cabai Turun",
        ["ekonomi"],
        created=DAY + timedelta(days=2),
        state="read",
    )
    store.add_bookmark("https://other.example/ÜBER", "ÜBERSICHT der Woche", ["sport"],
                       created=DAY + timedelta(days=3), state="archived")  # fmt: skip


def titles(found: list[Bookmark]) -> list[str]:
    return [b.title for b in found]


def test_a_new_bookmark_is_unread_and_keeps_its_state_when_bookmarked_again(store: Store) -> None:
    made = store.add_bookmark("https://kabar.example/a", "Satu")
    assert (made.state, made.favourite, made.saved) == ("unread", False, False)
    store.set_bookmark_state(["https://kabar.example/a"], "archived")
    again = store.add_bookmark("https://kabar.example/a", "", ["baru"])
    assert (again.state, again.tags) == ("archived", ("baru",))
    assert again.state_changed is not None


def test_states_and_favourites_change_and_say_how_many(store: Store) -> None:
    fill(store)
    urls = ["https://kabar.example/banjir", "https://kabar.example/bola", "https://nowhere.example"]
    assert store.set_bookmark_state(urls, "read") == 2
    assert store.set_bookmark_state(urls, "read") == 0
    assert store.set_favourite(urls, True) == 1
    assert {b.url: (b.state, b.favourite) for b in store.bookmarks("kabar")} == {
        "https://kabar.example/banjir": ("read", True),
        "https://kabar.example/bola": ("read", True),
    }
    with pytest.raises(ValueError, match="not a bookmark state"):
        store.set_bookmark_state(urls, "gone")


def test_removing_then_restoring_keeps_state_and_favourite(store: Store) -> None:
    fill(store)
    removed = store.remove_bookmark("https://kabar.example/bola")
    assert removed is not None
    store.restore_bookmark(removed)
    back = store.bookmark("https://kabar.example/bola")
    assert back is not None
    assert (back.state, back.favourite, back.created) == ("unread", True, removed.created)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["ÜBERSICHT der Woche", "Harga Cabai Turun", "Final Liga Pelajar",
              "Banjir di Hulu Sungai"]),
        ("#sport", ["ÜBERSICHT der Woche", "Final Liga Pelajar"]),
        ("tag:sport is:unread", ["Final Liga Pelajar"]),
        ("sport", ["ÜBERSICHT der Woche", "Final Liga Pelajar"]),
        ("is:unread", ["Final Liga Pelajar", "Banjir di Hulu Sungai"]),
        ("is:unread sort:oldest", ["Banjir di Hulu Sungai", "Final Liga Pelajar"]),
        ("is:read is:archived", ["ÜBERSICHT der Woche", "Harga Cabai Turun"]),
        ("is:archived", ["ÜBERSICHT der Woche"]),
        ("is:fav", ["Final Liga Pelajar"]),
        ("übersicht", ["ÜBERSICHT der Woche"]),
        ("TONTON", ["Final Liga Pelajar"]),
        ("#cuaca banjir", ["Banjir di Hulu Sungai"]),
        ("other.example cabai", ["Harga Cabai Turun"]),
        ("#nothing", []),
        ("is:whatever", []),
    ],
)  # fmt: skip
def test_the_filter_language(store: Store, text: str, expected: list[str]) -> None:
    fill(store)
    assert titles(store.bookmarks(text)) == expected


def test_a_listing_gives_a_window_and_the_total(store: Store) -> None:
    for n in range(30):
        store.add_bookmark(f"https://kabar.example/{n}", f"Cerita {n}",
                           created=DAY + timedelta(hours=n))  # fmt: skip
    first = store.bookmark_listing("cerita", limit=10)
    assert (len(first.bookmarks), first.total) == (10, 30)
    assert first.bookmarks[0].title == "Cerita 29"
    later = store.bookmark_listing("cerita", limit=10, offset=25)
    assert ([b.title for b in later.bookmarks], later.total) == (
        ["Cerita 4", "Cerita 3", "Cerita 2", "Cerita 1", "Cerita 0"],
        30,
    )
    past = store.bookmark_listing("cerita", limit=10, offset=40)
    assert (past.bookmarks, past.total) == ([], 30)
    assert store.bookmark_listing("tidak ada", limit=10).total == 0


def test_counts_by_state(store: Store) -> None:
    fill(store)
    counts = store.bookmark_counts()
    assert (counts.unread, counts.read, counts.archived, counts.favourite) == (2, 1, 1, 1)
    assert (counts.unsaved, counts.total) == (4, 4)


def test_a_stored_page_fills_in_the_bookmark_and_forgets_a_failed_save(store: Store) -> None:
    url = "https://kabar.example/nanti"
    store.add_bookmark(url)
    store.note_bookmark_save(url, "the server answered 503 Service Unavailable")
    waiting = store.bookmark(url)
    assert waiting is not None
    assert (waiting.title, waiting.saved, waiting.save_error) == (
        "", False, "the server answered 503 Service Unavailable",
    )  # fmt: skip
    assert store.unsaved_bookmarks() == [url]
    assert store.unsaved_bookmarks(tried_before=datetime.now(UTC) - timedelta(hours=1)) == []

    store.save_page(page(url))
    store.save_article(url, article(url, "Nanti Malam di Pelabuhan", "kata " * 460))
    done = store.bookmark(url)
    assert done is not None
    assert (done.title, done.saved, done.site, done.words, done.minutes) == (
        "Nanti Malam di Pelabuhan", True, "Kabar Nusa", 460, 2,
    )  # fmt: skip
    assert done.save_error == ""
    assert store.unsaved_bookmarks() == []
    assert titles(store.bookmarks("kabar nusa is:saved")) == ["Nanti Malam di Pelabuhan"]
    assert store.bookmarks("is:unsaved") == []


def test_unsaved_bookmarks_newest_first_and_only_those_asked(store: Store) -> None:
    fill(store)
    assert store.unsaved_bookmarks(limit=2) == [
        "https://other.example/ÜBER",
        "https://other.example/pasar",
    ]
    assert store.unsaved_bookmarks(urls=["http://kabar.example/banjir/"]) == [
        "https://kabar.example/banjir"
    ]


def test_migration_from_version_3_puts_every_bookmark_in_the_queue(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO bookmarks(url, url_key, title, note, created_at, updated_at) "
        "VALUES ('https://old.example/b', '//old.example/b', 'ÄRGER im Rathaus', 'Notiz', "
        "'2024-05-01T10:00:00+00:00', '2024-05-01T10:00:00+00:00')"
    )
    conn.execute("INSERT INTO bookmark_tags(bookmark_id, tag) VALUES (1, 'politik')")
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        assert store.db.version == SCHEMA_VERSION == 4
        (old,) = store.bookmarks("ärger #politik notiz is:unread")
        assert (old.state, old.favourite, old.tags) == ("unread", False, ("politik",))
    finally:
        store.close()


def test_parse_query_reads_every_kind_of_token() -> None:
    assert parse_query("  Banjir #Cuaca tag:#kota is:unread is:fav is:offline sort:oldest x:y")\
        == BookmarkQuery(
            words=("banjir", "x:y"), tags=("cuaca", "kota"), states=frozenset({"unread"}),
            favourite=True, saved=True, oldest_first=True,
        )  # fmt: skip
    assert parse_query("is:archive is:new is:unsaved") == BookmarkQuery(
        states=frozenset({"archived", "unread"}), saved=False
    )
    assert parse_query("# is:") == BookmarkQuery(words=("#", "is:"))
