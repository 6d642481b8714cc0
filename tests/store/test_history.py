"""History means visits: one row per page per local day with the last time
(a page opened again the same day moves its row), older stores' duplicate rows
grouped the same way when read, and the history filtered by words."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.store import Store

DAY = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "lib.sqlite3")
    yield store
    store.close()


@pytest.fixture
def local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local time zone is UTC+7 (midnight there is 17:00 UTC)."""
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def rows(store: Store) -> int:
    with store.db.read() as conn:
        count: int = conn.execute("SELECT count(*) FROM visits").fetchone()[0]
    return count


def test_a_page_opened_again_the_same_day_moves_its_row(store: Store) -> None:
    store.add_visit("https://n.example/a", "Old title", "N", at=DAY)
    store.add_visit("https://n.example/b", "B", at=DAY + timedelta(minutes=1))
    store.add_visit("https://www.n.example/a", "New title", "News", at=DAY + timedelta(hours=2))
    assert rows(store) == 2
    assert [(v.url, v.title, v.site, v.visited_at) for v in store.visits()] == [
        ("https://www.n.example/a", "New title", "News", DAY + timedelta(hours=2)),
        ("https://n.example/b", "B", "", DAY + timedelta(minutes=1)),
    ]
    # an earlier time the same day never moves the row back
    store.add_visit("https://n.example/a", "Title", at=DAY)
    assert store.visits()[0].visited_at == DAY + timedelta(hours=2)
    # another day is another row
    store.add_visit("https://n.example/a", "Next day", at=DAY + timedelta(days=1))
    assert [v.title for v in store.visits()] == ["Next day", "Title", "B"]


def test_the_day_is_the_local_day(store: Store, local_time: None) -> None:
    evening = datetime(2025, 3, 1, 16, 30, tzinfo=UTC)  # 23:30 in Jakarta
    store.add_visit("https://n.example/a", "Evening", at=evening)
    store.add_visit("https://n.example/a", "After midnight", at=evening + timedelta(hours=1))
    assert [v.title for v in store.visits()] == ["After midnight", "Evening"]
    store.add_visit("https://n.example/a", "Morning", at=evening + timedelta(hours=10))
    assert [v.title for v in store.visits()] == ["Morning", "Evening"]


def test_duplicates_from_older_stores_are_grouped_when_read(store: Store) -> None:
    with store.db.write() as conn:
        for minutes, title in [(0, "first"), (30, "last"), (10, "middle"), (24 * 60, "next")]:
            conn.execute(
                "INSERT INTO visits(url, url_key, title, site, visited_at) "
                "VALUES ('https://n.example/a', '//n.example/a', ?, '', ?)",
                (title, (DAY + timedelta(minutes=minutes)).isoformat()),
            )
    store.add_visit("https://n.example/b", "B", at=DAY + timedelta(minutes=20))
    assert [v.title for v in store.visits()] == ["next", "last", "B"]
    assert [v.title for v in store.visits(1, 1)] == ["last"]
    assert [v.title for v in store.visits(5, 2)] == ["B"]
    assert store.visits(0) == []
    # a new visit that day leaves one row for it
    store.add_visit("https://n.example/a", "again", at=DAY + timedelta(minutes=40))
    assert rows(store) == 3
    assert [v.title for v in store.visits()] == ["next", "again", "B"]


def test_the_history_filtered_by_words(store: Store) -> None:
    store.add_visit("https://harbour.example/ferry", "Ferry runs AGAIN", "Harbour News", at=DAY)
    store.add_visit("https://city.example/tram", "Tram lines close", "Città Oggi", at=DAY)
    store.add_visit("https://city.example/ferry-fares", "Fares rise", "City Post", at=DAY)
    assert [v.title for v in store.visits(text="ferry")] == ["Fares rise", "Ferry runs AGAIN"]
    assert [v.title for v in store.visits(text="  again   HARBOUR ")] == ["Ferry runs AGAIN"]
    assert [v.title for v in store.visits(text="CITTÀ")] == ["Tram lines close"]
    assert [v.title for v in store.visits(text="city.example tram")] == ["Tram lines close"]
    assert store.visits(text="ferry tram") == []
    assert [v.title for v in store.visits(1, 1, text="ferry")] == ["Ferry runs AGAIN"]
    assert len(store.visits(text="")) == 3


def test_a_large_history_is_grouped_page_by_page(store: Store) -> None:
    """10,000 visit rows (a tenth duplicated within a day): every page of 500
    holds each page once per day, pages do not overlap, and a filter keeps
    only matches. (Its speed is a bench row: `python -m bench --only store`.)"""
    with store.batch():
        for n in range(10_000):
            at = DAY - timedelta(minutes=7 * n)
            store.add_visit(f"https://n{n % 97}.example/{n}", f"Story {n}", "N", at=at)
    with store.db.write() as conn:
        conn.execute(
            "INSERT INTO visits(url, url_key, title, site, visited_at) "
            "SELECT url, url_key, title, site, visited_at FROM visits WHERE id % 10 = 0"
        )
    first, later = store.visits(500), store.visits(500, 500)
    assert len({v.url for v in first}) == len(first) == 500
    assert not {v.url for v in first} & {v.url for v in later}
    filtered = store.visits(500, 0, "story 99")
    assert filtered
    for visit in filtered:  # every word, in the title, site or address
        assert all(w in f"{visit.title} {visit.site} {visit.url}".lower() for w in ("story", "99"))
