"""The store's stories (items): one story however many sources list it, the
river's order, what the stored article adds, read state and its marks,
retention, and counts that stay right."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.core.feeds.model import FeedItem
from reader.core.models import Article, Block, BlockKind, Page, Span
from reader.core.records import SOURCE_FEED, SOURCE_PAGE
from reader.store import Store
from reader.store.items import is_global_guid

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
WIB = timezone(timedelta(hours=7))
SITE = "https://kabarnusa.example"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "lib.sqlite3")
    yield s
    s.close()


def story(path: str, title: str = "", guid: str | None = None, **kw: object) -> FeedItem:
    url = path if path.startswith("http") else f"{SITE}/{path}"
    return FeedItem(
        guid=url if guid is None else guid,
        url=url,
        title=title or f"Berita {path}",
        summary=str(kw.get("summary", "")),
        author=str(kw.get("author", "")),
        published=kw.get("published"),  # type: ignore[arg-type]
        updated=kw.get("updated"),  # type: ignore[arg-type]
    )


def store_article(store: Store, url: str, final: str | None = None, words: int = 3) -> None:
    """A stored page and article for `url` (found at `final` after a redirect)."""
    html = "<html><body><p>Isi</p></body></html>"
    store.save_page(
        Page(
            url=final or url,
            requested_url=url,
            status=200,
            headers={},
            body=html.encode(),
            html=html,
            charset="utf-8",
            fetched_at=NOW,
        )
    )
    text = " ".join(["kata"] * words)
    store.save_article(
        final or url,
        Article(
            url=final or url,
            title="Judul",
            site_name="Kabar Nusa",
            blocks=(Block(BlockKind.PARAGRAPH, (Span(text),)),),
            extractor_version="1",
        ),
    )


def test_new_items_are_returned_once_in_the_order_given(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Kabar Nusa")
    items = [
        story("banjir", "Banjir surut di\x1b[2J Kampung Melayu", summary="Air mulai surut."),
        story("pasar", published=datetime(2026, 3, 1, 19, 30, tzinfo=WIB), author="Rina"),
    ]
    new = store.add_items(feed.id, items, NOW)
    assert [n.url for n in new] == [f"{SITE}/banjir", f"{SITE}/pasar"]
    first = new[0]
    assert first.title == "Banjir surut di Kampung Melayu"
    assert first.summary == "Air mulai surut." and first.source_title == "Kabar Nusa"
    assert first.source_id == feed.id and first.first_seen == NOW
    assert not first.read and not first.saved and first.word_count is None
    assert first.site == "kabarnusa.example"
    published = new[1].published
    assert published is not None and published.utcoffset() == timedelta(hours=7)
    assert new[1].author == "Rina" and new[1].when == published
    assert store.add_items(feed.id, items, NOW + timedelta(hours=1)) == []
    assert store.unread_count() == 2


def test_one_story_through_two_sources_is_one_item(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
    front = store.add_source(f"{SITE}/", SOURCE_PAGE, "Front")
    store.add_items(
        feed.id,
        [story("a"), story("b", guid="tag:kabarnusa.example,2026:b"), story("c", guid="7")],
        NOW,
    )
    # Same address (www., tracking parameter), same worldwide guid at a new address.
    again = store.add_items(
        front.id,
        [
            story("http://www.kabarnusa.example/a?utm_source=rss"),
            story("https://m.kabarnusa.example/b", guid="tag:kabarnusa.example,2026:b"),
            story("https://lain.example/x", guid="7"),  # a short guid is the feed's own
        ],
        NOW,
    )
    assert [n.url for n in again] == ["https://lain.example/x"]
    assert store.stats().items == 4
    assert {n.url for n in store.items(source_id=front.id)} == {
        f"{SITE}/a",
        f"{SITE}/b",
        "https://lain.example/x",
    }
    # The river names the source the story came through first; a source's own
    # list names that source.
    by_url = {n.url: n for n in store.items()}
    assert by_url[f"{SITE}/a"].source_title == "Feed"
    assert {n.source_title for n in store.items(source_id=front.id)} == {"Front"}
    counts = {s.title: (s.items, s.unread) for s in store.sources()}
    assert counts == {"Feed": (3, 3), "Front": (3, 3)}
    # Reading it once reads it in both.
    assert store.mark_read([f"{SITE}/a"]) == 1
    counts = {s.title: (s.items, s.unread) for s in store.sources()}
    assert counts == {"Feed": (3, 2), "Front": (3, 2)}


def test_a_short_guid_finds_the_story_within_its_own_feed(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
    store.add_items(feed.id, [story("lama", guid="1042")], NOW)
    moved = store.add_items(feed.id, [story("baru", guid="1042")], NOW)
    assert moved == [] and [n.url for n in store.items()] == [f"{SITE}/lama"]
    assert is_global_guid("https://x.example/1") and is_global_guid("urn:uuid:1234")
    assert not is_global_guid("1042") and not is_global_guid("") and not is_global_guid("abc")


def test_a_known_story_gets_what_it_lacked_and_newer_text(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
    store.add_items(feed.id, [story("a", "Judul awal")], NOW)
    store.add_items(feed.id, [story("a", "Judul lain", summary="Ringkasan", author="Dewi")], NOW)
    found = store.item(f"{SITE}/a")
    assert found is not None
    assert (found.title, found.summary, found.author) == ("Judul awal", "Ringkasan", "Dewi")
    updated = NOW + timedelta(hours=2)
    store.add_items(feed.id, [story("a", "Judul diperbarui", updated=updated)], NOW)
    found = store.item(f"{SITE}/a")
    assert found is not None and found.title == "Judul diperbarui" and found.updated == updated


def test_a_story_read_before_it_arrives_is_read(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
    store.add_visit(f"{SITE}/dibaca", "Dibaca")
    # Opened at its final address after a redirect: the stored page was read.
    store_article(store, f"{SITE}/pendek", final=f"{SITE}/2026/03/panjang")
    store.add_visit(f"{SITE}/2026/03/panjang", "Panjang")
    new = store.add_items(feed.id, [story("dibaca"), story("pendek"), story("baru")], NOW)
    assert [(n.url.rsplit("/", 1)[1], n.read) for n in new] == [
        ("dibaca", True),
        ("pendek", True),
        ("baru", False),
    ]
    assert store.unread_count() == 1
    assert store.sources()[0].unread == 1


def test_river_is_newest_first_by_published_else_first_seen(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
    store.add_items(
        feed.id,
        [
            story("kemarin", published=NOW - timedelta(days=1)),
            story("tanpa-waktu"),  # first seen NOW
            story("pagi", published=(NOW - timedelta(hours=1)).astimezone(WIB)),
            story("besok", published=NOW + timedelta(days=1)),  # never later than first seen
        ],
        NOW,
    )
    order = [n.url.rsplit("/", 1)[1] for n in store.items()]
    assert order[:2] in (["tanpa-waktu", "besok"], ["besok", "tanpa-waktu"])
    assert order[2:] == ["pagi", "kemarin"]
    assert [n.url for n in store.items(limit=2, offset=2)] == [f"{SITE}/pagi", f"{SITE}/kemarin"]


def test_saved_word_count_and_site_come_from_the_stored_article(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
    store.add_items(feed.id, [story("simpan"), story("alih"), story("ringkas")], NOW)
    store_article(store, f"{SITE}/simpan", words=250)
    store_article(store, f"{SITE}/alih", final=f"{SITE}/artikel/alih", words=40)
    by_url = {n.url.rsplit("/", 1)[1]: n for n in store.items()}
    assert (by_url["simpan"].saved, by_url["simpan"].word_count) == (True, 250)
    assert (by_url["alih"].saved, by_url["alih"].word_count) == (True, 40)
    assert by_url["simpan"].site == "Kabar Nusa"
    assert (by_url["ringkas"].saved, by_url["ringkas"].word_count) == (False, None)
    assert by_url["ringkas"].site == "kabarnusa.example"


def test_lists_by_source_tag_and_unread(store: Store) -> None:
    ekonomi = store.add_source(f"{SITE}/ekonomi.xml", SOURCE_FEED, "Ekonomi", tags=["uang"])
    bola = store.add_source("https://bola.example/rss", SOURCE_FEED, "Bola", tags=["olahraga"])
    hourly = [story(f"e{n}", published=NOW - timedelta(hours=n)) for n in range(5)]
    store.add_items(ekonomi.id, hourly, NOW)
    store.add_items(bola.id, [story(f"https://bola.example/b{n}") for n in range(3)], NOW)
    store.mark_read([f"{SITE}/e0", "https://bola.example/b1"])
    assert [n.url for n in store.items(source_id=ekonomi.id, unread_only=True)] == [
        f"{SITE}/e{n}" for n in range(1, 5)
    ]
    assert {n.url for n in store.items(tag="OLAHRAGA")} == {
        f"https://bola.example/b{n}" for n in range(3)
    }
    assert len(store.items(tag="olahraga", unread_only=True)) == 2
    assert len(store.items(unread_only=True)) == store.unread_count() == 6
    assert store.items(tag="none") == [] and store.items(source_id=999) == []
    assert store.item("https://bola.example/b1") is not None
    assert store.item("https://bola.example/nothing") is None


def test_a_large_and_a_small_group_list_the_same_stories_either_way(store: Store) -> None:
    """A group holding most stories is listed by walking the river, a small one
    by gathering its stories: both must give the same list as a plain filter."""
    big = [
        store.add_source(f"https://big{n}.example/", SOURCE_PAGE, f"Big {n}", tags=["big"])
        for n in range(3)
    ]
    small = store.add_source("https://small.example/", SOURCE_PAGE, "Small", tags=["small"])
    rng = random.Random(11)
    for n, source in enumerate(big):
        store.add_items(
            source.id,
            [
                story(
                    f"https://big.example/{n}/{k}",
                    published=NOW - timedelta(minutes=rng.randrange(5000)),
                )
                for k in range(60)
            ],
            NOW,
        )
    store.add_items(
        small.id,
        [story(f"https://big.example/0/{k}") for k in range(0, 60, 7)]
        + [
            story(f"https://small.example/{k}", published=NOW - timedelta(minutes=k))
            for k in range(5)
        ],
        NOW,
    )
    store.mark_read([f"https://big.example/1/{k}" for k in range(0, 60, 3)])
    everything = store.items(limit=1000)
    for tag in ("big", "small"):
        ids = {s.id for s in store.sources(tag=tag)}
        for unread_only in (False, True):
            held = {
                n.id
                for source_id in ids
                for n in store.items(source_id=source_id, limit=1000)
                if not (unread_only and n.read)
            }
            want = [n.url for n in everything if n.id in held]
            for limit, offset in ((1000, 0), (10, 0), (10, 25)):
                got = store.items(tag=tag, unread_only=unread_only, limit=limit, offset=offset)
                assert [n.url for n in got] == want[offset : offset + limit]


def test_mark_read_unread_and_all_read_with_undo(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed", tags=["id"])
    other = store.add_source("https://lain.example/rss", SOURCE_FEED, "Lain")
    store.add_items(feed.id, [story(f"s{n}") for n in range(4)], NOW)
    store.add_items(other.id, [story("https://lain.example/x")], NOW)
    assert store.mark_read([f"{SITE}/s0", f"http://www.{SITE[8:]}/s0/", f"{SITE}/none"]) == 1
    assert store.mark_read([f"{SITE}/s0"]) == 0
    assert store.mark_read([f"{SITE}/s0"], read=False) == 1
    # A story opened at its final address after a redirect is marked by it too.
    store_article(store, f"{SITE}/s1", final=f"{SITE}/2026/s1")
    assert store.mark_read([f"{SITE}/2026/s1"]) == 1
    changed = store.mark_all_read(tag="id")
    assert sorted(changed) == [f"{SITE}/s0", f"{SITE}/s2", f"{SITE}/s3"]
    assert store.unread_count() == 1
    assert store.mark_read(changed, read=False) == 3
    assert store.mark_all_read(source_id=other.id) == ["https://lain.example/x"]
    assert len(store.mark_all_read()) == 3 and store.unread_count() == 0
    assert store.mark_all_read() == []


def test_link_states_read_wins_over_saved(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
    store.add_items(feed.id, [story("dari-feed"), story("belum")], NOW)
    store_article(store, f"{SITE}/dibuka")
    store.add_visit(f"{SITE}/dibuka", "Dibuka")
    store_article(store, f"{SITE}/disimpan")
    store_article(store, f"{SITE}/dari-feed")
    store.mark_read([f"{SITE}/dari-feed"])
    urls = [f"{SITE}/{name}" for name in ("dibuka", "disimpan", "dari-feed", "belum", "asing")]
    assert store.link_states(urls) == {
        f"{SITE}/dibuka": "read",
        f"{SITE}/disimpan": "saved",
        f"{SITE}/dari-feed": "read",
    }


def test_purge_drops_old_read_stories_only(store: Store) -> None:
    feed = store.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
    long_ago = NOW - timedelta(days=400)
    store.add_items(
        feed.id,
        [story(name, published=long_ago) for name in ("lama", "belum", "ditandai", "alih")],
        long_ago,
    )
    today = datetime.now(UTC)
    store.add_items(feed.id, [story("baru")], today)
    store.add_items(feed.id, [story("masih-tercantum", published=long_ago)], long_ago)
    store.add_items(feed.id, [story("masih-tercantum")], today)  # listed again today
    store_article(store, f"{SITE}/alih", final=f"{SITE}/artikel/alih")
    store.add_bookmark(f"{SITE}/ditandai")
    store.add_bookmark(f"{SITE}/artikel/alih")  # bookmarked at its final address
    store.mark_all_read()
    store.mark_read([f"{SITE}/belum"], read=False)
    assert store.purge_items(30) == 1
    assert sorted(n.url.rsplit("/", 1)[1] for n in store.items()) == [
        "alih",
        "baru",
        "belum",
        "ditandai",
        "masih-tercantum",
    ]
    assert store.sources()[0].items == 5
    assert store.purge_items(30) == 0


def test_counts_stay_right_through_any_mix_of_changes(store: Store) -> None:
    """The per-source counts kept by triggers equal a count made from scratch."""
    rng = random.Random(5)
    sources = [store.add_source(f"https://s{n}.example/", SOURCE_PAGE, f"S{n}") for n in range(4)]
    urls = [f"https://pool.example/{n}" for n in range(40)]
    for step in range(60):
        source = rng.choice(sources)
        action = rng.randrange(6)
        if action <= 1:
            store.add_items(source.id, [story(u) for u in rng.sample(urls, 8)], NOW)
        elif action == 2:
            store.mark_read(rng.sample(urls, 5), read=rng.random() < 0.7)
        elif action == 3:
            store.mark_all_read(source_id=source.id)
        elif action == 4 and step % 3 == 0:
            store.remove_source(source.id)
            sources.remove(source)
            sources.append(store.add_source(f"https://n{step}.example/", SOURCE_PAGE, "N"))
        else:
            store.add_visit(rng.choice(urls), "x", at=datetime(2000, 1, 1, tzinfo=UTC))
            store.purge_items(30)
        with store.db.read() as conn:
            truth = {
                row[0]: (row[1], row[2])
                for row in conn.execute(
                    """SELECT s.id,
                         (SELECT count(*) FROM item_sources x WHERE x.source_id = s.id),
                         (SELECT count(*) FROM item_sources x JOIN items i ON i.id = x.item_id
                          WHERE x.source_id = s.id AND i.read_at IS NULL)
                       FROM sources s"""
                )
            }
        assert {s.id: (s.items, s.unread) for s in store.sources()} == truth
        assert store.unread_count() == len(store.items(unread_only=True, limit=1000))


def test_two_processes_adding_the_same_story_make_one_item(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    first, second = Store(path), Store(path)
    try:
        feed = first.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed")
        assert second.add_source(f"{SITE}/rss.xml", SOURCE_FEED, "Feed").id == feed.id
        assert len(first.add_items(feed.id, [story("sama")], NOW)) == 1
        assert second.add_items(feed.id, [story("sama")], NOW) == []
        assert len(second.items()) == 1 and second.unread_count() == 1
    finally:
        first.close()
        second.close()
