"""Imports from the read-later services, one test per format, from fixtures
written in each service's exact shape (tests/fixtures/imports): address,
title, tags, time added, state and favourite kept; the format told from the
content, never the name; importing again adds nothing; bookmarks already
kept never lose anything nor change state."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.models import Bookmark
from reader.store import Store
from reader.store.exchange import import_bookmarks
from reader.store.exchange.importing import read_source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def zip_of(folder: Path) -> bytes:
    """The files under `folder` as a zip, as the services ship them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh library."""
    opened = Store(tmp_path / "lib.sqlite3")
    yield opened
    opened.close()


def at(seconds: int) -> datetime:
    """A unix time as the store gives it back."""
    return datetime.fromtimestamp(seconds, UTC)


def kept(store: Store) -> dict[str, Bookmark]:
    """The library's bookmarks by address."""
    return {bookmark.url: bookmark for bookmark in store.bookmarks()}


def fields(bookmark: Bookmark) -> tuple[object, ...]:
    """What an import keeps of a bookmark."""
    return (bookmark.title, bookmark.tags, bookmark.created, bookmark.state, bookmark.favourite)


def copy_as(tmp_path: Path, name: str, data: bytes) -> Path:
    """The fixture saved under another name (the name never decides the format)."""
    target = tmp_path / name
    target.write_bytes(data)
    return target


def test_pocket_csv(store: Store, tmp_path: Path) -> None:
    path = copy_as(tmp_path, "export.data", (FIXTURES / "pocket.csv").read_bytes())
    result = import_bookmarks(store, path)
    assert (result.format, result.label, result.added) == ("pocket-csv", "Pocket CSV", 4)
    assert result.reasons == (("not a web address", 1),)
    got = kept(store)
    assert fields(got["https://example.com/stories/lighthouse-ledger"]) == (
        "The Lighthouse Keeper's Ledger", ("history", "sea"), at(1706696400), "unread", False
    )  # fmt: skip
    tides = got["https://news.example.org/2024/01/tides?utm_source=pocket_saves"]
    assert fields(tides) == (
        "Tides, Timetables and the Town Clock", (), at(1706782800), "archived", False
    )  # fmt: skip
    assert got["https://example.net/untitled-draft"].title == ""  # Pocket wrote the address
    quoted = got["https://garden.example.com/quoted"]
    assert (quoted.title, quoted.tags) == ('A "quoted" headline about gardens', ("gardening", "slow-living"))  # fmt: skip


def test_pocket_zip_of_parts_in_a_folder(store: Store, tmp_path: Path) -> None:
    path = copy_as(
        tmp_path, "pocket.csv", zip_of(FIXTURES / "pocket_zip")
    )  # a zip, whatever its name
    result = import_bookmarks(store, path)
    assert (result.format, result.added, result.duplicates) == ("pocket-zip", 3, 1)
    got = kept(store)
    trains = got["https://rail.example.com/night-trains"]
    # The repeat in the second part adds its tag; the first title and the earliest date stay.
    assert fields(trains) == (
        "Night Trains of the North", ("europe", "rail", "travel"), at(1719800000), "unread", False
    )  # fmt: skip
    assert got["https://example.org/bakery/counting"].state == "archived"
    assert got["https://maps.example.net/margins"].tags == ("history", "maps")


def test_pocket_html_is_told_from_netscape(store: Store) -> None:
    result = import_bookmarks(store, FIXTURES / "ril_export.html")
    assert (result.format, result.added, result.skipped_invalid) == ("pocket-html", 3, 1)
    got = kept(store)
    assert fields(got["https://example.com/weather/fog-season"]) == (
        "Fog Season on the Coast", ("coast", "weather"), at(1580000000), "unread", False
    )  # fmt: skip
    assert got["https://example.org/library/quiet-rooms"].title == "Quiet Rooms & Loud Books"
    assert fields(got["https://example.net/chess/endgames"]) == (
        "Endgames for Beginners", ("chess",), at(1570000000), "archived", False
    )  # fmt: skip


def test_instapaper_csv(store: Store) -> None:
    result = import_bookmarks(store, FIXTURES / "instapaper-export.csv")
    assert (result.format, result.added, result.reasons) == (
        "instapaper", 4, (("not a web address", 1),)
    )  # fmt: skip
    got = kept(store)
    assert fields(got["https://example.com/essays/slow-mornings"]) == (
        "Slow Mornings", (), at(1690000000), "unread", False
    )  # fmt: skip
    bees = got["https://example.org/science/bees"]
    assert fields(bees) == (
        "How Bees Vote, Quietly", ("nature", "science"), at(1690086400), "archived", False
    )  # fmt: skip
    assert bees.note == "Scouts dance longer for better sites."
    assert fields(got["https://example.net/recipes/soup"])[3:] == ("unread", True)  # Starred
    canal = got["https://example.com/longreads/canal"]  # a user's folder is a tag
    assert canal.tags == ("long-reads", "travel")
    assert canal.note == 'A line I liked:\n"the water keeps the town honest."'


def test_instapaper_html_is_told_from_netscape(store: Store) -> None:
    result = import_bookmarks(store, FIXTURES / "instapaper-export.html")
    assert (result.format, result.label, result.added) == ("instapaper-html", "Instapaper HTML", 4)
    got = {url: fields(b)[3:] for url, b in kept(store).items()}
    assert got == {
        "https://example.com/essays/slow-mornings": ("unread", False),
        "https://example.org/science/bees": ("archived", False),
        "https://example.net/recipes/soup": ("unread", True),
        "https://example.com/longreads/canal": ("unread", False),
    }
    assert kept(store)["https://example.com/longreads/canal"].tags == ("long-reads",)


def test_omnivore_zip(store: Store, tmp_path: Path) -> None:
    parsed = read_source(io.BytesIO(zip_of(FIXTURES / "omnivore")))
    assert (parsed.format, parsed.label) == ("omnivore", "Omnivore")
    assert dict(parsed.reasons) == {"deleted in the service": 1}
    assert [c.url for c in parsed.contents] == ["https://example.com/fiction/clockmaker"]
    assert "dry gear complains" in parsed.contents[0].read()
    result = import_bookmarks(
        store, copy_as(tmp_path, "omnivore.zip", zip_of(FIXTURES / "omnivore"))
    )
    assert result.added == 3
    got = kept(store)
    clock = got["https://example.com/fiction/clockmaker"]
    assert fields(clock) == (
        "The Clockmaker's Apprentice", ("craft", "fiction"),
        datetime(2024, 5, 1, 12, tzinfo=UTC), "read", False,
    )  # fmt: skip
    assert clock.note.startswith("> a dry gear complains all day")  # its highlights
    assert got["https://example.org/history/salt-roads"].state == "archived"
    assert got["https://example.com/garden/winter"].tags == ("gardening",)
    assert "https://example.net/gone" not in got


def test_wallabag_json(store: Store) -> None:
    parsed = read_source(FIXTURES / "wallabag.json")
    assert parsed.label == "wallabag JSON"
    # The article is kept; wallabag's "can't retrieve contents" placeholder is not.
    assert [c.url for c in parsed.contents] == ["https://example.com/cycling/against-the-wind"]
    assert "river road" in parsed.contents[0].read()
    result = import_bookmarks(store, FIXTURES / "wallabag.json")
    assert result.added == 2
    got = kept(store)
    assert fields(got["https://example.com/cycling/against-the-wind"]) == (
        "Bicycles Against the Wind", ("city", "cycling"),
        datetime(2024, 1, 31, 9, tzinfo=UTC), "archived", False,
    )  # fmt: skip
    assert fields(got["https://example.org/nature/owls"])[3:] == ("unread", True)


def test_raindrop_csv(store: Store) -> None:
    result = import_bookmarks(store, FIXTURES / "raindrop.csv")
    assert (result.format, result.added) == ("raindrop", 3)
    got = kept(store)
    boats = got["https://example.com/crafts/paper-boats"]
    assert fields(boats) == (
        "Paper Boats and Puddles", ("crafts", "family", "kids"),
        datetime(2024, 3, 5, 10, 11, 12, tzinfo=UTC), "unread", True,
    )  # fmt: skip
    assert boats.note == "Read this with the kids"
    markets = got["https://example.org/food/night-markets"]
    assert markets.tags == ()  # "Unsorted" is no tag
    assert "noodle stall" in markets.note  # the highlights
    assert got["https://example.net/transit/tram"].tags == (
        "cities/transit",
        "odd-places",
        "transit",
    )


def test_list_of_addresses(store: Store) -> None:
    result = import_bookmarks(store, FIXTURES / "urls.txt")
    assert (result.format, result.added, result.duplicates) == ("urls", 2, 1)
    assert result.reasons == (("not a web address", 1),)
    assert sorted(kept(store)) == [
        "https://example.com/reading/one",
        "https://example.org/reading/two",
    ]


def test_reader_json_lines_keep_state_and_favourite(store: Store, tmp_path: Path) -> None:
    lines = [
        {"url": "https://example.com/a", "title": "A", "tags": ["x"], "state": "archived",
         "favourite": True, "added": "2024-01-02T03:04:05+00:00"},
        {"url": "https://example.com/b", "title": "B", "state": "bogus"},
    ]  # fmt: skip
    path = copy_as(tmp_path, "list.json", "\n".join(map(json.dumps, lines)).encode())
    assert import_bookmarks(store, path).added == 2
    got = kept(store)
    assert fields(got["https://example.com/a"]) == (
        "A", ("x",), datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "archived", True
    )  # fmt: skip
    assert got["https://example.com/b"].state == "unread"


FILES = {
    "pocket.csv": "pocket.csv",
    "pocket.zip": "pocket_zip",
    "ril_export.html": "ril_export.html",
    "instapaper.csv": "instapaper-export.csv",
    "instapaper.html": "instapaper-export.html",
    "omnivore.zip": "omnivore",
    "wallabag.json": "wallabag.json",
    "raindrop.csv": "raindrop.csv",
    "urls.txt": "urls.txt",
}
"""Each import file (as saved) and its fixture (a folder is zipped)."""


@pytest.mark.parametrize("name", sorted(FILES))
def test_importing_again_adds_and_changes_nothing(store: Store, tmp_path: Path, name: str) -> None:
    fixture = FIXTURES / FILES[name]
    data = zip_of(fixture) if fixture.is_dir() else fixture.read_bytes()
    path = copy_as(tmp_path, name, data)
    first = import_bookmarks(store, path)
    before = store.bookmarks()
    again = import_bookmarks(store, path)
    assert (again.added, again.merged) == (0, 0)
    assert again.unchanged == first.added
    assert store.bookmarks() == before


def test_bookmarks_already_kept_keep_their_state_and_gain_only(
    store: Store, tmp_path: Path
) -> None:
    url = "https://example.com/stories/lighthouse-ledger"
    store.add_bookmark(url, "My own title", ("mine",), "my note", at(1500000000), state="read")
    store.add_bookmark("https://garden.example.com/quoted", "", (), "", at(1500000000))
    store.add_bookmark("https://example.net/untitled-draft", "Kept", ("drafts",), "", None)
    other = store.add_bookmark("https://elsewhere.example/x", "Other", ("z",), "n", at(1400000000))
    path = copy_as(tmp_path, "p.csv", (FIXTURES / "pocket.csv").read_bytes())
    result = import_bookmarks(store, path)
    assert (result.added, result.merged, result.unchanged) == (1, 2, 1)
    assert "3 already there, 2 of them updated" in result.summary()
    got = kept(store)
    mine = got[url]
    # The tags are added; title, note, date and state stay as they were.
    assert fields(mine) == (
        "My own title",
        ("history", "mine", "sea"),
        at(1500000000),
        "read",
        False,
    )
    assert mine.note == "my note"
    garden = got["https://garden.example.com/quoted"]
    assert (garden.title, garden.state, garden.created) == (
        'A "quoted" headline about gardens',
        "unread",
        at(1500000000),
    )  # a title it lacked; its state (unread) and date kept, not the file's "archive"
    assert got["https://elsewhere.example/x"] == other


def test_imported_bookmarks_are_filtered_and_searched_like_any(
    store: Store, tmp_path: Path
) -> None:
    from reader.store.bookmarks import refresh_haystacks

    import_bookmarks(store, FIXTURES / "instapaper-export.csv")
    with store.batch() as conn:
        written = conn.execute("SELECT id, haystack FROM bookmarks ORDER BY id").fetchall()
        refresh_haystacks(conn, [row["id"] for row in written])
        again = conn.execute("SELECT id, haystack FROM bookmarks ORDER BY id").fetchall()
    assert [tuple(row) for row in written] == [tuple(row) for row in again]
    assert [b.url for b in store.bookmarks("#science is:archived")] == [
        "https://example.org/science/bees"
    ]
    assert [hit.url for hit in store.search("bees")] == ["https://example.org/science/bees"]
    assert [hit.url for hit in store.search("honest")] == ["https://example.com/longreads/canal"]
