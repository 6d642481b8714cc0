"""Bookmark exchange: Netscape HTML and JSON, both ways, with browser-style and
hostile files."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.models import Bookmark
from reader.core.paths import resolve_paths
from reader.core.sanitize import clean_line
from reader.core.urls import comparable
from reader.library import Library
from reader.store import Store
from reader.store.exchange import (
    ExchangeError,
    export_json,
    export_netscape,
    import_bookmarks,
    parse_bookmarks,
    parse_json,
    parse_netscape,
)
from reader.store.exchange.fields import clean_note, tag_names

T0 = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
ICON = "data:image/png;base64," + "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA" * 4000

# A Firefox-style export: nested folders, a description on a folder, root
# folders, ICON data URLs, a bookmarklet, place: and file: entries, a
# chrome:// entry, a separator, duplicates, missing dates, lower-case
# attributes, entities, an unclosed anchor followed by a note, an odd
# marked section.
FIREFOX = f"""<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'none'; img-src data: *; object-src 'none'"></meta>
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>

<DL><p>
    <DT><H3 ADD_DATE="1700000000" LAST_MODIFIED="1700000100">Mozilla Firefox</H3>
    <DD>Folder description, not a bookmark note
    <DL><p>
        <DT><A HREF="https://support.mozilla.org/en-US/products/firefox" ADD_DATE="1600000000" LAST_MODIFIED="1600000500" ICON_URI="https://support.mozilla.org/favicon.ico" ICON="{ICON}">Get Help</A>
    </DL><p>
    <DT><A HREF="place:parent=menu________&amp;sort=12" ADD_DATE="1600000000">Recent Tags</A>
    <HR>
    <DT><H3 ADD_DATE="1700000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DD>Add bookmarks to this folder to see them displayed on the Bookmarks Toolbar
    <DL><p>
        <DT><A HREF="javascript:(function(){{alert(document.cookie)}})()" ADD_DATE="1650000000">Bookmarklet</A>
        <DT><H3 ADD_DATE="1700000000">Tech News</H3>
        <DL><p>
            <DT><A HREF="https://news.example.com/story?id=1&amp;page=2" ADD_DATE="1650000000" LAST_MODIFIED="1650000100" TAGS="AI,Machine Learning">Caf&eacute; &amp; &lt;Code&gt; &#8212; weekly</A>
            <DD>A note with <b>bold</b> &amp; entities
            <DT><A HREF="http://www.news.example.com/story?id=1&amp;page=2&amp;utm_source=rss">Same story again</A>
            <DT><a href="https://lower.example.org/page" add_date="1650000001" tags="lower">lowercase attributes</a>
            <DT><H3>Deeper</H3>
            <DL><p>
                <DT><A HREF="https://deep.example.net/a">Deep one</A>
            </DL><p>
        </DL><p>
    </DL><p>
    <DT><A HREF="file:///home/me/notes.html" ADD_DATE="1650000000">Local file</A>
    <DT><A HREF="chrome://settings/">Browser settings</A>
    <![if junk]> <![foo bar]>
    <DT><A HREF="https://no-date.example.net/">No date<DD>note after an unclosed anchor
    <DT><H3 ADD_DATE="1700000000" UNFILED_BOOKMARKS_FOLDER="true">Other Bookmarks</H3>
    <DL><p>
        <DT><A HREF="HTTPS://Other.Example.com/x" ADD_DATE="1650000002">Other one</A>
    </DL><p>
</DL>
"""

CHROME = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1690000000" LAST_MODIFIED="0" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://chrome.example/" ADD_DATE="1690000000" ICON="data:image/png;base64,AAAA">Chrome thing</A>
        <DT><H3 ADD_DATE="1690000000">Recipes &amp; Food</H3>
        <DL><p>
            <DT><A HREF="https://food.example/soto" ADD_DATE="1690000001">Soto ayam</A>
        </DL><p>
    </DL><p>
    <DT><H3 ADD_DATE="1690000000">Other bookmarks</H3>
    <DL><p>
        <DT><A HREF="https://other.example/" ADD_DATE="1690000002">Other</A>
    </DL><p>
</DL><p>
"""

HOSTILE_TITLES = [
    "</A><script>alert(1)</script>",
    "[bold]loud[/bold] [@click=app.quit]x[/]",
    "\x1b]52;c;ZXZpbA==\x07clipboard \x1b[2J\x1b[31mred\x9b1m",
    "\"quoted\" & 'single' <b>tags</b> &amp; entities",
    "\u202eright-to-left override",
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "lib.sqlite3")
    yield s
    s.close()


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return path


def fields(bookmark: Bookmark) -> tuple[object, ...]:
    return (bookmark.url, bookmark.title, bookmark.tags, bookmark.note, bookmark.created)


SAMPLE = [
    Bookmark(
        "https://news.example.com/a?x=1&y=2",
        "Jembatan baru — “quoted” & <b>",
        ("id", "news"),
        "Line one\nline two & <three>",
        T0,
    ),
    Bookmark("https://ex.org/ünï/路径", "Unicode 路径", (), "", datetime(2001, 1, 1, tzinfo=UTC)),
    Bookmark("http://127.0.0.1:8000/local", "", ("local",), "only a note", None),
]


# -- round trips --------------------------------------------------------------------


def anchors(html: str) -> list[lxml.html.HtmlElement]:
    """The links of an exported page, in order."""
    tree = lxml.html.fromstring(html)
    return [a for a in tree.iter("a") if isinstance(a, lxml.html.HtmlElement)]


@pytest.mark.parametrize("fmt", ["netscape", "json"])
def test_export_import_round_trip_through_the_store(tmp_path: Path, fmt: str) -> None:
    source = Store(tmp_path / "a.sqlite3")
    for b in SAMPLE:
        source.add_bookmark(b.url, b.title, b.tags, b.note, b.created)
    exported = source.bookmarks()
    text = export_netscape(exported) if fmt == "netscape" else export_json(exported)
    source.close()

    target = Store(tmp_path / "b.sqlite3")
    result = import_bookmarks(target, write(tmp_path, f"b.{fmt}", text))
    assert (result.added, result.already, result.skipped_invalid, result.format) == (3, 0, 0, fmt)
    got = {b.url: fields(b) for b in target.bookmarks()}
    want = {b.url: fields(b) for b in exported}
    assert got == want
    # created dates survive; a missing one became the time of the first add
    assert got[SAMPLE[0].url][4] == T0
    target.close()


def test_json_keeps_the_queue_state_and_favourites(tmp_path: Path) -> None:
    source = Store(tmp_path / "a.sqlite3")
    source.add_bookmark("https://a.example/1", "One", (), "", T0, state="archived", favourite=True)
    source.add_bookmark("https://a.example/2", "Two", (), "", T0, state="read")
    text = export_json(source.bookmarks())
    source.close()
    target = Store(tmp_path / "b.sqlite3")
    import_bookmarks(target, write(tmp_path, "b.json", text))
    got = {b.url: (b.state, b.favourite) for b in target.bookmarks()}
    assert got == {
        "https://a.example/1": ("archived", True),
        "https://a.example/2": ("read", False),
    }
    target.close()


def test_netscape_export_is_a_valid_bookmarks_page() -> None:
    text = export_netscape(SAMPLE)
    assert text.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n")
    assert '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">' in text
    assert "<TITLE>Bookmarks</TITLE>" in text and "<H1>Bookmarks</H1>" in text
    assert f'ADD_DATE="{int(T0.timestamp())}"' in text
    assert 'TAGS="id,news"' in text
    assert 'HREF="https://news.example.com/a?x=1&amp;y=2"' in text
    links = anchors(text)
    assert [a.get("href") for a in links] == [b.url for b in SAMPLE]
    assert links[0].text_content() == SAMPLE[0].title


def test_json_export_shape() -> None:
    data = json.loads(export_json(SAMPLE[:1]))
    assert data == {
        "version": 1,
        "bookmarks": [
            {
                "url": SAMPLE[0].url,
                "title": SAMPLE[0].title,
                "tags": ["id", "news"],
                "note": SAMPLE[0].note,
                "created": "2024-05-06T07:08:09+00:00",
                "state": "unread",
                "favourite": False,
            }
        ],
    }


# -- browser files ------------------------------------------------------------------


def test_firefox_style_file(tmp_path: Path, store: Store) -> None:
    parsed = parse_bookmarks(FIREFOX)
    assert parsed.skipped == 4  # place:, javascript:, file:, chrome:
    by_url = {comparable(b.url): b for b in parsed.bookmarks}
    help_ = by_url[comparable("https://support.mozilla.org/en-US/products/firefox")]
    assert help_.title == "Get Help"
    assert help_.tags == ("mozilla-firefox",)  # folder names become tags
    assert help_.note == ""  # the folder's description is not a bookmark note
    assert help_.created == datetime.fromtimestamp(1600000000, UTC)
    story = parsed.bookmarks[1]
    assert story.url == "https://news.example.com/story?id=1&page=2"
    assert story.title == "Café & <Code> — weekly"
    # root folders (toolbar) are not tags; TAGS keep multi-word tags whole
    assert story.tags == ("ai", "machine-learning", "tech-news")
    assert story.note == "A note with bold & entities"
    lower = by_url[comparable("https://lower.example.org/page")]
    assert (lower.title, lower.tags) == ("lowercase attributes", ("lower", "tech-news"))
    deep = by_url[comparable("https://deep.example.net/a")]
    assert deep.tags == ("deeper", "tech-news")
    no_date = by_url[comparable("https://no-date.example.net/")]
    assert (no_date.title, no_date.created) == ("No date", None)
    assert no_date.note == "note after an unclosed anchor"
    other = by_url[comparable("https://other.example.com/x")]
    assert other.tags == ()  # "Other Bookmarks" is a root

    result = import_bookmarks(store, write(tmp_path, "firefox.html", FIREFOX))
    assert (result.added, result.duplicates, result.skipped_invalid) == (6, 1, 4)
    stored = store.bookmarks()
    assert len(stored) == 6
    assert len({comparable(b.url) for b in stored}) == 6
    merged = store.bookmark("https://news.example.com/story?id=1&page=2")
    assert merged is not None and merged.title == "Café & <Code> — weekly"
    assert merged.created == datetime.fromtimestamp(1650000000, UTC)

    again = import_bookmarks(store, write(tmp_path, "firefox.html", FIREFOX))
    assert (again.added, again.merged, again.unchanged) == (0, 0, 6)
    assert (
        again.summary() == "Imported 0 bookmarks (7 already there, 4 skipped: 4 not web addresses)"
    )
    assert len(store.bookmarks()) == 6


def test_utf16_and_bom_files(tmp_path: Path, store: Store) -> None:
    write(tmp_path, "utf16.html", CHROME.encode("utf-16"))
    write(tmp_path, "bom.html", "\ufeff" + FIREFOX)
    assert import_bookmarks(store, tmp_path / "utf16.html").added == 3
    assert import_bookmarks(store, tmp_path / "bom.html").added == 6


def test_chrome_style_roots_are_not_tags() -> None:
    got = {b.url: b.tags for b in parse_netscape(CHROME)}
    assert got == {
        "https://chrome.example/": (),
        "https://food.example/soto": ("recipes-&-food",),
        "https://other.example/": (),
    }


def test_import_merges_into_existing_bookmarks_without_overwriting(
    tmp_path: Path, store: Store
) -> None:
    store.add_bookmark("https://lower.example.org/page", "My own title", ["keep"], "my note")
    store.add_bookmark("https://deep.example.net/a", "", ["deeper", "tech-news"])
    result = import_bookmarks(store, write(tmp_path, "f.html", FIREFOX))
    assert (result.added, result.merged, result.unchanged) == (4, 2, 0)
    mine = store.bookmark("https://lower.example.org/page")
    assert mine is not None
    assert (mine.title, mine.note) == ("My own title", "my note")
    assert mine.tags == ("keep", "lower", "tech-news")
    deep = store.bookmark("https://deep.example.net/a")
    assert deep is not None and deep.title == "Deep one"  # a missing title is filled in


def test_import_through_the_library(tmp_path: Path) -> None:
    library = Library(paths=resolve_paths(tmp_path / "home"))
    result = import_bookmarks(library, write(tmp_path, "c.html", CHROME))
    assert result.added == 3
    assert len(library.bookmarks()) == 3
    library.store.close()


def test_buku_and_pinboard_json(tmp_path: Path) -> None:
    buku = [
        {"index": 1, "uri": "https://buku.example/", "title": "Buku", "description": "desc",
         "tags": ",linux,command line,"},
        {"index": 2, "uri": "javascript:void(0)", "title": "x", "description": "", "tags": ""},
    ]  # fmt: skip
    parsed = parse_bookmarks(json.dumps(buku))
    assert parsed.skipped == 1
    assert [fields(b) for b in parsed.bookmarks] == [
        ("https://buku.example/", "Buku", ("command-line", "linux"), "desc", None)
    ]
    pinboard = [
        {"href": "https://pin.example/", "description": "Pin", "extended": "more",
         "tags": "a b", "time": "2020-01-02T03:04:05Z"},
    ]  # fmt: skip
    assert [fields(b) for b in parse_json(json.dumps(pinboard))] == [
        (
            "https://pin.example/",
            "Pin",
            ("a", "b"),
            "more",
            datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC),
        )
    ]


# -- hostile content ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["netscape", "json"])
def test_hostile_titles_are_escaped_and_safe_after_reimport(
    tmp_path: Path, store: Store, fmt: str
) -> None:
    for n, title in enumerate(HOSTILE_TITLES):
        store.add_bookmark(f"https://hostile.example/{n}", title, ["x"], f"note {title}", T0)
    bookmarks = store.bookmarks()
    text = export_netscape(bookmarks) if fmt == "netscape" else export_json(bookmarks)
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in text
    if fmt == "netscape":
        assert "<script>" not in text and "</A><script>" not in text
        tree = lxml.html.fromstring(text)
        assert list(tree.iter("script")) == []
        assert len(anchors(text)) == len(HOSTILE_TITLES)
        assert "</A><script>alert(1)</script>" in [a.text_content() for a in anchors(text)]

    other = Store(tmp_path / "other.sqlite3")
    import_bookmarks(other, write(tmp_path, "h", text))
    titles = {b.title for b in other.bookmarks()}
    notes = {b.note for b in other.bookmarks()}
    assert titles == {clean_line(t) for t in HOSTILE_TITLES}
    assert "</A><script>alert(1)</script>" in titles
    assert "[bold]loud[/bold] [@click=app.quit]x[/]" in titles
    for value in (*titles, *notes):
        assert "\x1b" not in value and "\x07" not in value and "\u202e" not in value
    other.close()


# -- junk ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a bookmarks file"),
        (b"just some text\n", "not a bookmarks file"),
        (bytes(range(256)) * 4, "not a bookmarks file"),
        (b"<html><body><p>A page <a href='https://x.example/'>link</a></p></body></html>",
         "not a bookmarks file"),
        (b'{"name": "not bookmarks"}', "not a bookmarks file"),
        (b'{"bookmarks": ', "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a bookmarks file"),
    ],
)  # fmt: skip
def test_junk_gives_a_clear_error(
    tmp_path: Path, store: Store, content: bytes, reason: str
) -> None:
    with pytest.raises(ExchangeError) as error:
        import_bookmarks(store, write(tmp_path, "junk", content))
    assert reason in str(error.value)
    assert "\n" not in str(error.value)
    assert store.bookmarks() == []


def test_missing_files_and_directories(tmp_path: Path, store: Store) -> None:
    with pytest.raises(ExchangeError, match="no such file"):
        import_bookmarks(store, tmp_path / "missing.html")
    with pytest.raises(ExchangeError, match="directory"):
        import_bookmarks(store, tmp_path)


def test_a_broken_bookmarks_file_gives_what_it_can() -> None:
    text = '<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><DT><A HREF="https://a.example/">A</A><DT><A HREF="https://b.example/'
    assert [b.url for b in parse_netscape(text)] == ["https://a.example/"]
    assert parse_netscape("<![foo bar <DT><A HREF='https://c.example/'>C") != []


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_parse_never_raises_on_arbitrary_text(text: str) -> None:
    for candidate in (text, "<DL><DT><A HREF='https://x.example/'>" + text):
        parse_netscape(candidate)
        with contextlib.suppress(ExchangeError):
            parse_bookmarks(candidate)


# -- the lossless property -----------------------------------------------------------

MARKUP = st.sampled_from(
    ["</A>", "<script>", "</DL><p>", "<DT>", "[bold]", "[/]", "&amp;", "&", "&#10;", '"', "'",
     "<!--", "<![foo", "\x1b[2J", "\x07", "\u202e", "\r\n", " ", "\t", "é", "路", "😀"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=8), MARKUP), max_size=8).map("".join)
URL_CHARS = st.sampled_from(list("abcXYZ019-._~!$&'()*+,;=:@/%\"<>üé路?#"))
URLS = st.builds(
    lambda host, path: f"https://{host}.example/{path}",
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10),
    st.lists(URL_CHARS, max_size=20).map("".join),
)
TAGS = st.lists(TEXT, max_size=4).map(tag_names)
DATES = st.none() | st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))
BOOKMARKS = st.lists(
    st.builds(
        Bookmark,
        url=URLS,
        title=TEXT.map(clean_line),
        tags=TAGS,
        note=TEXT.map(clean_note),
        created=DATES,
    ),
    max_size=6,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BOOKMARKS)
def test_export_then_parse_is_lossless(bookmarks: list[Bookmark]) -> None:
    want = [fields(b) for b in bookmarks]
    assert [fields(b) for b in parse_netscape(export_netscape(bookmarks))] == want
    assert [fields(b) for b in parse_json(export_json(bookmarks))] == want
    assert [fields(b) for b in parse_bookmarks(export_netscape(bookmarks)).bookmarks] == want


def test_an_untitled_bookmark_exports_with_its_address_as_the_text(tmp_path: Path) -> None:
    """A browser shows an empty link as nothing to click: the address is the
    text; importing the file again keeps the bookmark untitled."""
    untitled = Bookmark("https://news.example.com/a?x=1&y=<2>", "", ("id",), "", T0, T0)
    text = export_netscape([untitled, SAMPLE[0]])
    links = anchors(text)
    assert [a.text_content() for a in links] == [untitled.url, SAMPLE[0].title]
    assert "&amp;y=&lt;2&gt;</A>" in text
    parsed = parse_netscape(text)
    assert [(b.url, b.title) for b in parsed] == [
        (untitled.url, ""),
        (SAMPLE[0].url, SAMPLE[0].title),
    ]
