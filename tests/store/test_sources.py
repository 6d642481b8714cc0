"""The store's sources: following once, tags, titles, refresh state, moving,
due times, removal (with the stories only the source held), migration 3 and
the cache's counts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core.feeds.model import FeedItem
from reader.core.models import Page
from reader.core.records import SOURCE_FEED, SOURCE_LIST, SOURCE_PAGE, Source
from reader.store import Store
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
FEED = "https://kabarnusa.example/rss/terkini.xml"
FRONT = "https://harian.example/"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "lib.sqlite3")
    yield s
    s.close()


def story(path: str, title: str = "Warga membersihkan saluran air") -> FeedItem:
    url = f"https://kabarnusa.example/{path}"
    return FeedItem(guid=url, url=url, title=title)


def test_a_source_is_followed_once_by_comparable_address(store: Store) -> None:
    first = store.add_source(FEED, SOURCE_FEED, "Kabar Nusa: Terkini", tags=["Berita", "ID"])
    again = store.add_source(
        "http://www.kabarnusa.example/rss/terkini.xml/?utm_source=x", SOURCE_FEED, "Other"
    )
    assert again == first
    assert first.title == "Kabar Nusa: Terkini" and first.tags == ("berita", "id")
    assert first.kind == SOURCE_FEED and first.list_heading is None
    assert first.added_at is not None and first.next_due is None and not first.gone
    assert len(store.sources()) == 1
    assert store.source("https://kabarnusa.example/rss/terkini.xml") == first
    assert store.source_by_id(first.id) == first
    assert store.source("https://kabarnusa.example/other.xml") is None
    assert store.source_by_id(first.id + 100) is None


def test_a_page_and_its_lists_are_separate_sources(store: Store) -> None:
    page = store.add_source(FRONT, SOURCE_PAGE, "Harian")
    latest = store.add_source(FRONT, SOURCE_LIST, "Harian: Terkini", list_heading="Terkini")
    popular = store.add_source(FRONT, SOURCE_LIST, "Harian: Populer", list_heading="Populer")
    assert len({page.id, latest.id, popular.id}) == 3
    assert latest.list_heading == "Terkini"
    # The heading is matched case- and space-insensitively.
    assert store.add_source(FRONT, SOURCE_LIST, "x", list_heading="  TERKINI ") == latest
    assert store.source(FRONT, "terkini") == latest
    assert store.source(FRONT) == page


def test_sources_by_title_with_tags_and_counts(store: Store) -> None:
    zeta = store.add_source("https://zeta.example/feed", SOURCE_FEED, "Zeta Daily", tags=["en"])
    alpha = store.add_source(FEED, SOURCE_FEED, "antara kita", tags=["id", "Berita"])
    store.add_items(alpha.id, [story("a"), story("b"), story("c")], NOW)
    store.add_items(zeta.id, [story("c")], NOW)
    store.mark_read(["https://kabarnusa.example/a"])
    listed = store.sources()
    assert [s.title for s in listed] == ["antara kita", "Zeta Daily"]
    assert [(s.items, s.unread) for s in listed] == [(3, 2), (1, 1)]
    assert [s.title for s in store.sources(tag="ID")] == ["antara kita"]
    assert store.sources(tag="nothing") == []


def test_titles_and_tags_are_cleaned_and_replaced(store: Store) -> None:
    source = store.add_source(FEED, SOURCE_FEED, "Kabar\x1b]0;owned\x07 Nusa\n")
    assert source.title == "Kabar Nusa"
    renamed = store.rename_source(source.id, "  Berita\x1b[2J pagi ")
    assert renamed is not None and renamed.title == "Berita pagi"
    tagged = store.set_source_tags(source.id, ["Ekonomi", "pasar, saham"])
    assert tagged is not None and tagged.tags == ("ekonomi", "pasar", "saham")
    tagged = store.set_source_tags(source.id, [])
    assert tagged is not None and tagged.tags == ()
    assert store.rename_source(999, "x") is None
    assert store.set_source_tags(999, ["x"]) is None


def test_update_source_keeps_the_refresh_state(store: Store) -> None:
    source = store.add_source(FEED, SOURCE_FEED, "Kabar Nusa")
    due = NOW + timedelta(minutes=33)
    updated = store.update_source(
        source.id,
        checked_at=NOW,
        error="The server answered 503 \x1b[31mService Unavailable\x1b[0m.",
        failures=2,
        etag='W/"abc"',
        last_modified="Mon, 02 Mar 2026 05:00:00 GMT",
        next_due=due,
        site_url="https://kabarnusa.example/",
    )
    assert updated is not None
    assert updated.checked_at == NOW and updated.next_due == due
    assert updated.error == "The server answered 503 Service Unavailable."
    assert updated.failures == 2 and updated.etag == 'W/"abc"'
    assert updated.last_modified == "Mon, 02 Mar 2026 05:00:00 GMT"
    assert updated.site_url == "https://kabarnusa.example/"
    cleared = store.update_source(source.id, error=None, failures=0, gone=True)
    assert cleared is not None and cleared.error is None and cleared.failures == 0
    assert cleared.gone and cleared.etag == 'W/"abc"'
    with pytest.raises(TypeError):
        store.update_source(source.id, colour="red")
    assert store.update_source(999, failures=1) is None


def test_a_source_that_moved_for_good_gets_its_new_address(store: Store) -> None:
    source = store.add_source(FEED, SOURCE_FEED, "Kabar Nusa")
    moved = store.update_source(source.id, url="https://baru.example/feed.xml", checked_at=NOW)
    assert moved is not None and moved.id == source.id
    assert moved.url == "https://baru.example/feed.xml" and moved.checked_at == NOW
    assert store.source(FEED) is None
    assert store.source("https://baru.example/feed.xml") == moved


def test_moving_onto_a_followed_address_merges_the_two(store: Store) -> None:
    old = store.add_source(FEED, SOURCE_FEED, "Old", tags=["lama"])
    new = store.add_source("https://baru.example/feed.xml", SOURCE_FEED, "New", tags=["baru"])
    store.add_items(old.id, [story("a"), story("b")], NOW)
    store.add_items(new.id, [story("b"), story("c")], NOW)
    merged = store.update_source(old.id, url="https://baru.example/feed.xml", etag='"m"')
    assert merged is not None and merged.id == new.id and merged.etag == '"m"'
    assert merged.tags == ("baru", "lama") and (merged.items, merged.unread) == (3, 3)
    assert [s.id for s in store.sources()] == [new.id]


def test_due_sources(store: Store) -> None:
    never = store.add_source(FEED, SOURCE_FEED, "A never asked", tags=["id"])
    later = store.add_source("https://b.example/feed", SOURCE_FEED, "B later", tags=["id"])
    past = store.add_source("https://c.example/", SOURCE_PAGE, "C due")
    gone = store.add_source("https://d.example/feed", SOURCE_FEED, "D gone")
    store.update_source(later.id, next_due=NOW + timedelta(minutes=5))
    store.update_source(past.id, next_due=NOW - timedelta(minutes=5))
    store.update_source(gone.id, gone=True)

    def ids(found: list[Source]) -> list[int]:
        return [s.id for s in found]

    assert ids(store.due_sources(NOW)) == [never.id, past.id]
    assert ids(store.due_sources(NOW, force=True)) == [never.id, later.id, past.id]
    assert ids(store.due_sources(NOW + timedelta(minutes=5))) == [never.id, later.id, past.id]
    assert ids(store.due_sources(NOW, tag="id")) == [never.id]
    assert ids(store.due_sources(NOW, urls=["http://www.b.example/feed"], force=True)) == [later.id]
    assert ids(store.due_sources(NOW, urls=["https://d.example/feed"], force=True)) == []
    assert store.due_sources(NOW, urls=[]) == []


def test_removing_a_source_keeps_shared_stories_bookmarks_and_pages(store: Store) -> None:
    mine = store.add_source(FEED, SOURCE_FEED, "Mine")
    other = store.add_source(FRONT, SOURCE_PAGE, "Other")
    store.add_items(mine.id, [story("only"), story("shared"), story("marked")], NOW)
    store.add_items(other.id, [story("shared")], NOW)
    store.add_bookmark("https://kabarnusa.example/marked", "Ditandai")
    html = "<html><body><p>Isi berita</p></body></html>"
    store.save_page(
        Page(
            url="https://kabarnusa.example/only",
            requested_url="https://kabarnusa.example/only",
            status=200,
            headers={},
            body=html.encode(),
            html=html,
            charset="utf-8",
            fetched_at=NOW,
        )
    )
    removed = store.remove_source("http://www.kabarnusa.example/rss/terkini.xml")
    assert removed is not None and removed.id == mine.id
    assert store.source(FEED) is None and store.remove_source(FEED) is None
    assert [i.url for i in store.items()] == ["https://kabarnusa.example/shared"]
    assert store.bookmark("https://kabarnusa.example/marked") is not None
    assert store.load_page("https://kabarnusa.example/only") is not None
    left = store.source_by_id(other.id)
    assert left is not None and (left.items, left.unread) == (1, 1)
    assert store.remove_source(other.id) is not None
    assert store.items() == [] and store.sources() == []


def test_cache_stats_count_sources_items_and_unread(store: Store) -> None:
    assert (store.stats().sources, store.stats().items, store.stats().unread) == (0, 0, 0)
    source = store.add_source(FEED, SOURCE_FEED, "Kabar Nusa")
    store.add_items(source.id, [story("a"), story("b"), story("c")], NOW)
    store.mark_read(["https://kabarnusa.example/b"])
    stats = store.stats()
    assert (stats.sources, stats.items, stats.unread) == (1, 3, 2)


def test_migration_from_version_2_adds_the_news_tables(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(
        "INSERT INTO bookmarks(url, url_key, title, note, created_at, updated_at) "
        "VALUES ('https://old.example/b', '//old.example/b', 'Tanda', '', '2024', '2024')"
    )
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        assert store.db.version == SCHEMA_VERSION == 4
        assert store.bookmark("https://old.example/b") is not None
        source = store.add_source(FEED, SOURCE_FEED, "Kabar Nusa")
        assert [n.url for n in store.add_items(source.id, [story("a")], NOW)] == [
            "https://kabarnusa.example/a"
        ]
    finally:
        store.close()


def test_any_followed_says_whether_a_source_is_followed(store: Store) -> None:
    assert not store.any_followed()
    source = store.add_source(FEED, SOURCE_FEED, "Kabar Nusa")
    assert store.any_followed()
    store.remove_source(source.id)
    assert not store.any_followed()
