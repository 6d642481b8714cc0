"""The store: round trips, aliases, bookmarks, search, positions, cache limits."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core.models import Article, Block, BlockKind, Link, Page, Section, Span
from reader.store import Store
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION


def page(url: str, html: str = "<html><body><p>Hello</p></body></html>", **kw: object) -> Page:
    return Page(
        url=url,
        requested_url=str(kw.get("requested", url)),
        status=200,
        headers={"content-type": "text/html; charset=utf-8", "etag": '"v1"', "set-cookie": "x"},
        body=html.encode(),
        html=html,
        charset="utf-8",
        fetched_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
    )


def article(url: str, title: str, text: str, sections: tuple[Section, ...] = ()) -> Article:
    return Article(
        url=url,
        title=title,
        byline="Rina Kartika",
        site_name="Kabar Nusa",
        lang="id",
        blocks=(Block(BlockKind.PARAGRAPH, (Span(text),)),),
        sections=sections,
        extractor_version="1",
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "lib.sqlite3")
    yield s
    s.close()


def test_page_and_article_round_trip_with_alias(store: Store) -> None:
    store.save_page(
        page("https://news.example/a", requested="http://www.news.example/a?utm_source=x")
    )
    stored = store.load_page("http://news.example/a/")
    assert stored is not None
    assert stored.page.html.startswith("<html>")
    assert stored.page.etag == '"v1"'
    assert "set-cookie" not in stored.page.headers
    assert store.load_page("http://www.news.example/a?utm_source=x") is not None

    sections = (Section("related", "Berita Terkait", (Link("https://news.example/b", "B story"),)),)
    store.save_article(
        "https://news.example/a",
        article("https://news.example/a", "Jembatan baru", "Warga menyeberang sungai.", sections),
    )
    loaded = store.load_article("http://www.news.example/a")
    assert loaded is not None
    assert loaded.article.title == "Jembatan baru"
    assert loaded.article.sections == sections
    assert loaded.article.text == "Warga menyeberang sungai."
    assert loaded.url == "https://news.example/a"


def test_link_states(store: Store) -> None:
    store.save_page(page("https://news.example/saved"))
    store.save_article(
        "https://news.example/saved", article("https://news.example/saved", "S", "x")
    )
    store.add_visit("https://news.example/read", "R")
    states = store.link_states(
        ["https://news.example/saved", "https://www.news.example/read/", "https://news.example/new"]
    )
    assert states == {
        "https://news.example/saved": "saved",
        "https://www.news.example/read/": "read",
    }


def test_bookmarks_never_duplicate_and_undo_restores(store: Store) -> None:
    first = store.add_bookmark(
        "https://news.example/a", "A title", ["Politik", "pemilu, Jakarta"], "catatan"
    )
    assert first.tags == ("jakarta", "pemilu", "politik")
    again = store.add_bookmark("http://www.news.example/a?utm_medium=x", tags=["baru"])
    assert again.created == first.created
    assert again.tags == ("baru", "jakarta", "pemilu", "politik")
    assert len(store.bookmarks()) == 1
    removed = store.remove_bookmark("https://news.example/a")
    assert removed is not None and store.bookmarks() == []
    store.restore_bookmark(removed)
    assert store.bookmarks()[0].tags == removed.tags
    assert store.bookmarks()[0].created == removed.created


def test_bookmark_of_unread_page_gets_title_when_read(store: Store) -> None:
    store.add_bookmark("https://news.example/later")
    unread = store.bookmark("https://news.example/later")
    assert unread is not None and unread.title == ""
    store.save_page(page("https://news.example/later"))
    store.save_article(
        "https://news.example/later", article("https://news.example/later", "Dibaca nanti", "isi")
    )
    read = store.bookmark("https://news.example/later")
    assert read is not None and read.title == "Dibaca nanti"


def test_bookmark_filter(store: Store) -> None:
    store.add_bookmark("https://a.example/1", "Harga cabai naik", ["pasar"])
    store.add_bookmark("https://a.example/2", "Jembatan diresmikan", ["desa"], "baca lagi")
    assert [b.url for b in store.bookmarks("cabai")] == ["https://a.example/1"]
    assert [b.url for b in store.bookmarks("baca")] == ["https://a.example/2"]
    assert [b.url for b in store.bookmarks(tag="pasar")] == ["https://a.example/1"]


def test_search_ranks_titles_marks_matches_and_finds_tags_and_notes(store: Store) -> None:
    for n, (title, text) in enumerate(
        [
            ("Festival kopi di Gunung Arum", "Petani kopi menyangrai biji sendiri."),
            ("Harga cabai melonjak", "Pedagang mengurangi stok, kopi tidak disebut di judul."),
        ]
    ):
        url = f"https://n.example/{n}"
        store.save_page(page(url))
        store.save_article(url, article(url, title, text))
    store.add_bookmark("https://n.example/9", "Catatan", ["kopi-lokal"], "resep sangrai")
    hits = store.search("kopi")
    assert hits[0].url == "https://n.example/0"
    assert any(part.match and part.text.lower() == "kopi" for part in hits[0].title)
    assert store.search("sangr")[0].url == "https://n.example/9"
    assert store.search('"; DROP TABLE pages; --') == []
    assert store.search("") == []
    assert store.search("NEAR(kopi cabai) OR *") is not None


def test_positions(store: Store) -> None:
    assert store.position("https://n.example/x") is None
    store.save_position("https://n.example/x", {"block": 12, "offset": 40}, 0.5)
    assert store.position("https://www.n.example/x") == {"block": 12, "offset": 40}


def test_recent_and_visits(store: Store) -> None:
    base = datetime(2025, 3, 1, tzinfo=UTC)
    for n in range(5):
        store.add_visit(f"https://n.example/{n % 3}", f"T{n % 3}", at=base + timedelta(minutes=n))
    assert [v.url for v in store.recent(10)] == [
        "https://n.example/1",
        "https://n.example/0",
        "https://n.example/2",
    ]
    # one row per page per day, with the last time
    assert [(v.url, v.visited_at) for v in store.visits()] == [
        ("https://n.example/1", base + timedelta(minutes=4)),
        ("https://n.example/0", base + timedelta(minutes=3)),
        ("https://n.example/2", base + timedelta(minutes=2)),
    ]


def test_purge_and_size_cap_keep_bookmarked(store: Store) -> None:
    for n in range(4):
        url = f"https://n.example/{n}"
        store.save_page(page(url, "<p>" + "x" * 5000 + str(n) + "</p>"))
        store.save_article(url, article(url, f"T{n}", "teks"))
    store.add_bookmark("https://n.example/0")
    assert store.purge(timedelta(days=1)) == 3
    assert store.load_article("https://n.example/0") is not None
    assert store.stats().pages == 1
    for n in range(4, 8):
        url = f"https://n.example/{n}"
        store.save_page(page(url, "<p>" + secrets.token_hex(5000) + "</p>"))
    deleted = store.enforce_size_cap(200)
    assert deleted == 4
    assert store.load_page("https://n.example/0") is not None


def test_migration_from_version_1_keeps_data_and_indexes_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO pages(url, url_key, status, fetched_at, checked_at) VALUES (?, ?, 200, ?, ?)",
        (
            "https://old.example/a",
            "//old.example/a",
            "2024-01-01T00:00:00+00:00",
            "2024-01-01T00:00:00+00:00",
        ),
    )
    conn.execute("INSERT INTO aliases VALUES ('//old.example/a', 1)")
    conn.execute(
        "INSERT INTO articles(page_id, title, word_count, text, data, extractor, extracted_at) "
        "VALUES (1, 'Berita lama tentang gunung', 3, 'isi berita lama', '{}', '0', '2024-01-01')"
    )
    conn.execute(
        "INSERT INTO bookmarks(url, url_key, title, note, created_at, updated_at) "
        "VALUES ('https://old.example/b', '//old.example/b', 'Tanda', 'catatan lama', '2024', '2024')"
    )
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        assert store.db.version == SCHEMA_VERSION
        assert [h.url for h in store.search("gunung")] == ["https://old.example/a"]
        assert [h.url for h in store.search("catatan")] == ["https://old.example/b"]
        assert store.bookmark("https://old.example/b") is not None
    finally:
        store.close()


def test_newer_schema_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(Exception, match="newer version"):
        Store(path)


def test_garbage_file_is_moved_aside_and_a_new_library_started(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    store = Store(path)
    try:
        assert store.notices and "damaged" in store.notices[0]
        assert store.bookmarks() == []
        store.add_bookmark("https://n.example/new")
        assert store.db.integrity_check() == "ok"
        assert list(tmp_path.glob("lib.sqlite3.damaged-*"))
    finally:
        store.close()


def test_damage_found_in_use_salvages_the_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    store = Store(path)
    for n in range(30):
        store.add_bookmark(f"https://n.example/{n}", f"Story {n}", [f"t{n % 3}"], f"note {n}")
    for n in range(300):
        url = f"https://n.example/page/{n}"
        store.save_page(page(url, "<p>" + secrets.token_hex(2000) + "</p>"))
    store.close()
    # Damage the tail of the file, where the page bodies are; the bookmarks,
    # written first, sit near the start.
    data = bytearray(path.read_bytes())
    size = len(data)
    data[size // 2 :] = secrets.token_bytes(size - size // 2)
    path.write_bytes(bytes(data))
    for extra in tmp_path.glob("lib.sqlite3-*"):
        extra.unlink()
    store = Store(path)
    try:
        store.stats()  # reads every page: meets the damage, recovers, retries
        assert store.notices and "30 bookmarks" in store.notices[0]
        kept = {b.url: b for b in store.bookmarks()}
        assert len(kept) == 30
        assert kept["https://n.example/4"].tags == ("t1",)
        assert kept["https://n.example/4"].note == "note 4"
        assert store.db.integrity_check() == "ok"
    finally:
        store.close()


def test_tags_most_used_first(store: Store) -> None:
    store.add_bookmark("https://n.example/1", tags=["pasar", "kota"])
    store.add_bookmark("https://n.example/2", tags=["pasar"])
    assert store.tags() == ["pasar", "kota"]
