"""Hostile and broken import files, each with a test: truncated and damaged
zips, zip bombs (refused by their declared sizes before anything is
unpacked), too many members, CSVs with another delimiter or encoding,
missing columns, 100,000 rows, duplicate addresses, other schemes, huge
fields, tags full of junk; and nothing already in the library changes."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.urls import comparable
from reader.store import Store
from reader.store.exchange import ExchangeError, archives, import_bookmarks
from reader.store.exchange.csv_files import MAX_FIELD, decode_text
from reader.store.exchange.fields import MAX_TITLE, MAX_URL
from reader.store.exchange.importing import read_source

POCKET_HEAD = "title,url,time_added,tags,status\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A library that already holds one bookmark."""
    opened = Store(tmp_path / "lib.sqlite3")
    opened.add_bookmark("https://kept.example/story", "Kept", ("mine",), "a note", None)
    yield opened
    opened.close()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    """A file for the test."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def zipped(members: dict[str, bytes]) -> bytes:
    """A zip archive of `members`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def snapshot(store: Store) -> list[Any]:
    """Everything a bookmark holds."""
    return store.bookmarks()


def failing(store: Store, path: Path, reason: str) -> str:
    """Import `path`, which must fail with `reason`, changing nothing."""
    before = snapshot(store)
    with pytest.raises(ExchangeError) as error:
        import_bookmarks(store, path)
    message = str(error.value)
    assert reason in message
    assert "\n" not in message
    assert snapshot(store) == before
    return message


# -- zips ---------------------------------------------------------------------------


def test_a_truncated_zip_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    data = zipped({"part_000000.csv": (POCKET_HEAD + "A,https://a.example/,1,,unread\n").encode()})
    for cut in (len(data) // 2, len(data) - 10, 30):
        failing(store, write(tmp_path, "p.zip", data[:cut]), "damaged or truncated zip archive")


def test_a_damaged_member_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    data = bytearray(
        zipped(
            {"part_000000.csv": (POCKET_HEAD + "A,https://a.example/,1,,unread\n" * 50).encode()}
        )
    )
    start = data.index(b"part_000000.csv") + len("part_000000.csv")
    data[start + 5 : start + 15] = b"\x00" * 10  # the compressed stream, scrambled
    failing(store, write(tmp_path, "p.zip", bytes(data)), "damaged zip archive")


def _declaring(data: bytes, size: int) -> bytes:
    """`data` (a one-member zip) with the member's unpacked size set to
    `size` in both its local header and the central directory."""
    out = bytearray(data)
    local = out.index(b"PK\x03\x04")
    out[local + 22 : local + 26] = struct.pack("<I", size)
    central = out.index(b"PK\x01\x02")
    out[central + 24 : central + 28] = struct.pack("<I", size)
    return bytes(out)


def test_a_zip_bomb_is_refused_before_unpacking(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = zipped({"part_000000.csv": (POCKET_HEAD + "A,https://a.example/,1,,unread\n").encode()})
    bomb = _declaring(data, 4_000_000_000)  # declares 4 GB unpacked

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    message = failing(store, write(tmp_path, "bomb.zip", bomb), "is refused")
    assert "zip bomb" in message


def test_a_member_unpacking_to_more_than_it_declares_stops(store: Store, tmp_path: Path) -> None:
    rows = POCKET_HEAD + "A,https://a.example/,1,,unread\n" * 20_000  # ~700 kB, packs small
    liar = _declaring(zipped({"part_000000.csv": rows.encode()}), 100)
    message = failing(store, write(tmp_path, "liar.zip", liar), "zip archive")
    assert "damaged" in message or "zip bomb" in message


def test_a_member_past_its_cap_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 1000)
    rows = POCKET_HEAD + "A,https://a.example/,1,,unread\n" * 100
    failing(
        store, write(tmp_path, "big.zip", zipped({"part_000000.csv": rows.encode()})), "larger than"
    )


def test_too_many_members_are_refused_from_the_end_record(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBERS", 10)
    members = {f"notes/{i}.txt": b"x" for i in range(11)}

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the directory was parsed")

    data = zipped(members)
    monkeypatch.setattr(zipfile, "ZipFile", never)
    failing(store, write(tmp_path, "many.zip", data), "more than 10 files is refused")


def test_member_names_are_never_paths(store: Store, tmp_path: Path) -> None:
    csv = (POCKET_HEAD + "Escape,https://a.example/escape,1,,unread\n").encode()
    data = zipped({"../../../evil/part_000000.csv": csv, "/etc/part_000001.csv": csv})
    before = {path.name for path in tmp_path.iterdir()}
    result = import_bookmarks(store, write(tmp_path, "names.zip", data))
    assert (result.added, result.duplicates) == (1, 1)
    assert {path.name for path in tmp_path.iterdir()} == {*before, "names.zip"}
    assert not (tmp_path.parent.parent / "evil").exists()


def test_a_zip_without_bookmarks_or_nested_zips(store: Store, tmp_path: Path) -> None:
    inner = zipped({"part_000000.csv": (POCKET_HEAD + "A,https://a.example/,1,,unread\n").encode()})
    failing(
        store,
        write(tmp_path, "nested.zip", zipped({"inner.zip": inner})),
        "no bookmarks file in it",
    )
    failing(store, write(tmp_path, "empty.zip", zipped({})), "no bookmarks file in it")


# -- CSV ----------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_other_delimiters_are_read_from_the_header(
    store: Store, tmp_path: Path, delimiter: str
) -> None:
    rows = [
        ["title", "url", "time_added", "tags", "status"],
        ["One; two, three", "https://a.example/1", "1700000000", "x|y", "archive"],
    ]
    text = "\n".join(delimiter.join(f'"{c}"' if ";" in c else c for c in row) for row in rows)
    result = import_bookmarks(store, write(tmp_path, "p.csv", text))
    assert (result.format, result.added) == ("pocket-csv", 1)
    got = store.bookmark("https://a.example/1")
    assert got is not None
    assert (got.title, got.tags, got.state) == ("One; two, three", ("x", "y"), "archived")


def test_an_unknown_delimiter_is_not_a_bookmarks_file(store: Store, tmp_path: Path) -> None:
    text = "title|url|time_added|tags|status\nA|https://a.example/|1||unread\n"
    failing(store, write(tmp_path, "p.csv", text), "not a bookmarks file")


def test_a_utf8_bom_and_crlf(store: Store, tmp_path: Path) -> None:
    text = "\ufeffURL,Title,Selection,Folder,Timestamp,Tags\r\nhttps://a.example/,Caf\u00e9 \u2014 na\u00efve,,Archive,1700000000,[]\r\n"
    result = import_bookmarks(store, write(tmp_path, "i.csv", text))
    assert (result.format, result.added) == ("instapaper", 1)
    got = store.bookmark("https://a.example/")
    assert got is not None and (got.title, got.state) == ("Caf\u00e9 \u2014 na\u00efve", "archived")


def test_cp1252_is_read_as_windows_text(store: Store, tmp_path: Path) -> None:
    text = (
        POCKET_HEAD
        + "Caf\u00e9 \u2013 \u201cna\u00efve\u201d \u20ac5,https://a.example/,1700000000,,unread\n"
    )
    import_bookmarks(store, write(tmp_path, "p.csv", text.encode("cp1252")))
    got = store.bookmark("https://a.example/")
    assert got is not None and got.title == "Caf\u00e9 \u2013 \u201cna\u00efve\u201d \u20ac5"


def test_utf8_with_one_bad_byte_stays_utf8() -> None:
    data = "Caf\u00e9 na\u00efve \u00fcber ".encode() + b"\xff" + " r\u00e9sum\u00e9".encode()
    assert decode_text(data) == "Caf\u00e9 na\u00efve \u00fcber \ufffd r\u00e9sum\u00e9"


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("title,time_added,tags,status", "'url'"),
        ("Title,Selection,Folder,Timestamp,Tags", "'url'"),
        ("id,title,note,excerpt,folder,tags,created,cover,highlights,favorite", "'url'"),
    ],
)
def test_missing_columns_are_named(store: Store, tmp_path: Path, header: str, missing: str) -> None:
    text = header + "\n" + ",".join("x" for _ in header.split(",")) + "\n"
    message = failing(store, write(tmp_path, "e.csv", text), f"has no column {missing}")
    assert message.startswith("looks like a ")


def test_short_rows_lack_only_their_last_columns(store: Store, tmp_path: Path) -> None:
    text = POCKET_HEAD + "Short,https://a.example/short\n"
    assert import_bookmarks(store, write(tmp_path, "p.csv", text)).added == 1
    got = store.bookmark("https://a.example/short")
    assert got is not None and (got.title, got.state) == ("Short", "unread")


def test_100000_rows(store: Store, tmp_path: Path) -> None:
    lines = [POCKET_HEAD.rstrip("\n")]
    lines += [
        f'"Story {i}, part {i % 7}",https://s{i % 97}.example.com/{i},{1600000000 + i},t{i % 13}|all,'
        + ("archive" if i % 4 == 0 else "unread")
        for i in range(100_000)
    ]
    path = write(tmp_path, "big.csv", "\n".join(lines) + "\n")
    result = import_bookmarks(store, path)
    assert (result.added, result.skipped_invalid) == (100_000, 0)
    counts = store.bookmark_counts()
    assert (counts.archived, counts.unread) == (25_000, 75_001)  # with the one kept before


def test_duplicate_addresses_are_one_bookmark(store: Store, tmp_path: Path) -> None:
    text = POCKET_HEAD + (
        "First,https://a.example/story?utm_source=x,1700000300,one,unread\n"
        "Second,http://www.a.example/story/,1700000100,two,archive\n"
        ",https://a.example/story#comments,1700000200,three,unread\n"
    )
    result = import_bookmarks(store, write(tmp_path, "p.csv", text))
    assert (result.added, result.duplicates) == (1, 2)
    (got,) = [
        b for b in store.bookmarks() if comparable(b.url) == comparable("https://a.example/story")
    ]
    assert (got.title, got.tags, got.state) == ("First", ("one", "three", "two"), "unread")
    assert got.created is not None and got.created.timestamp() == 1700000100  # the earliest


def test_other_schemes_are_skipped_with_a_reason(store: Store, tmp_path: Path) -> None:
    text = POCKET_HEAD + "".join(
        f"X,{url},1,,unread\n"
        for url in (
            "javascript:alert(1)", "mailto:a@example.com", "ftp://f.example/x", "file:///etc/passwd",
            "data:text/html,hi", "https://ok.example/", "https://" + "a" * MAX_URL + ".example/",
        )
    )  # fmt: skip
    result = import_bookmarks(store, write(tmp_path, "p.csv", text))
    assert result.added == 1
    assert dict(result.reasons) == {"not a web address": 5, "address too long": 1}
    assert "6 skipped: 5 not web addresses, 1 address too long" in result.summary()


def test_huge_fields_are_cut_or_refused(store: Store, tmp_path: Path) -> None:
    title = "Long " * 1_000_000  # 5 MB, under the field cap
    text = POCKET_HEAD + f"{title},https://a.example/long,1,,unread\n"
    assert import_bookmarks(store, write(tmp_path, "p.csv", text)).added == 1
    got = store.bookmark("https://a.example/long")
    assert got is not None and len(got.title) <= MAX_TITLE
    huge = POCKET_HEAD + f'"{"x" * (MAX_FIELD + 10)}",https://a.example/huge,1,,unread\n'
    failing(store, write(tmp_path, "h.csv", huge), "a field is larger than 8 MiB")


def test_broken_quoting_gives_what_csv_reads(store: Store, tmp_path: Path) -> None:
    text = (
        POCKET_HEAD
        + 'Fine,https://a.example/1,1,,unread\n"Unclosed,https://a.example/2,1,,unread\n'
    )
    result = import_bookmarks(store, write(tmp_path, "p.csv", text))
    assert result.added == 1  # the unclosed quote swallows the rest as one title


def test_junk_tags_are_cleaned(store: Store, tmp_path: Path) -> None:
    tags = "|".join(
        ["<b>Bold</b>", "#hash", "a,b", "\x1b[31mred\x1b[0m", "[link](x)", "Tom &amp; Jerry",
         "\x1b]52;c;aGk=\x07clip", "<script>alert(1)</script>", "   ", "#"]
    )  # fmt: skip
    text = POCKET_HEAD + f'T,https://a.example/t,1,"{tags}",unread\n'
    import_bookmarks(store, write(tmp_path, "p.csv", text))
    got = store.bookmark("https://a.example/t")
    assert got is not None
    assert got.tags == ("a-b", "alert(1)", "bold", "clip", "hash", "link(x)", "red", "tom-&-jerry")
    for tag in got.tags:
        assert not set(tag) & set("<>[]{}\"'`\\#\x1b\x07 ,")


def test_a_file_that_is_not_an_export(store: Store, tmp_path: Path) -> None:
    for name, data in {
        "notes.csv": b"shopping,list\neggs,milk\n",
        "binary.zip": b"PK\x03\x04" + os.urandom(200),
        "words.txt": b"just some words, no addresses\n",
    }.items():
        with pytest.raises(ExchangeError):
            read_source(write(tmp_path, name, data))
    assert len(store.bookmarks()) == 1


def test_bookmark_files_of_an_archive_are_capped_together(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archives, "MAX_LISTS_BYTES", 5000)
    part = (POCKET_HEAD + "A,https://a.example/,1,,unread\n" * 60).encode()  # ~2 kB each
    members = {f"part_{n:06d}.csv": part for n in range(3)}
    failing(store, write(tmp_path, "parts.zip", zipped(members)), "bookmark files hold")


def test_markup_built_to_backtrack_is_read_in_linear_time(store: Store, tmp_path: Path) -> None:
    # "<a <a <a ..." once made the Pocket HTML check scan to the end from every "<a".
    text = "<title>Pocket Export</title><h1>Unread</h1>" + "<a " * 300_000
    failing(store, write(tmp_path, "p.html", text), "not a bookmarks file")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    head=st.sampled_from(
        ["", POCKET_HEAD, "URL,Title,Selection,Folder,Timestamp,Tags\n", "[", "{", "PK\x03\x04",
         "<title>Pocket Export</title><h1>Unread</h1>", "url;title;tags\n"]
    ),
    body=st.text(max_size=400),
)  # fmt: skip
def test_any_input_is_bookmarks_or_one_clear_error(head: str, body: str) -> None:
    try:
        parsed = read_source(io.BytesIO((head + body).encode("utf-8", "surrogatepass")))
    except ExchangeError as exc:
        assert "\n" not in str(exc)
        return
    for bookmark in parsed.bookmarks:
        assert bookmark.url.startswith(("http://", "https://"))
        assert bookmark.state in ("unread", "read", "archived")
