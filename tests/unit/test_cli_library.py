"""The library subcommands: bookmarks, search, fetch and cache, through
`reader.cli.main` with a temporary home, against the loopback demo site."""

from __future__ import annotations

import asyncio
import io
import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len

import reader.cli.progress
import reader.cli.search
from reader.cli import main
from reader.cli.progress import Progress
from reader.core.humanize import byte_size
from reader.core.paths import resolve_paths
from reader.demo.server import DemoServer
from reader.library import Library
from reader.store import Store

Capture = pytest.CaptureFixture[str]


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


@pytest.fixture
def unused_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def home(tmp_path: Path) -> str:
    return str(tmp_path / "home")


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(*args: str) -> int | str | None:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    return exc.value.code


def database(home: str) -> Path:
    return resolve_paths(home).database


# -- bookmarks ------------------------------------------------------------------------


def test_bookmarks_add_list_rm(capsys: Capture, home: str) -> None:
    code, out, err = run(
        capsys, "bookmarks", "add", "--no-fetch", "example.com/news/a", "--tag", "News", "--tag", "id",
        "--note", "a note", "--title", "A story", "--home", home,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "Bookmarked: https://example.com/news/a (A story)\n"
    # an address never read is kept at once, without a title
    code, out, _ = run(
        capsys, "bookmarks", "add", "--no-fetch", "https://example.org/b", "--home", home
    )
    assert code == 0 and out == "Bookmarked: https://example.org/b\n"

    code, out, err = run(capsys, "bookmarks", "list", "--home", home)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 2
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert (
        f"{today}  unread    A story  https://example.com/news/a  #id #news  \u2014 a note" in lines
    )
    assert f"{today}  unread    (untitled)  https://example.org/b" in lines

    code, out, _ = run(capsys, "bookmarks", "list", "--tag", "NEWS", "--format", "json", "--home", home)  # fmt: skip
    items = [json.loads(line) for line in out.splitlines()]
    assert len(items) == 1 and set(items[0]) == {
        "url",
        "title",
        "tags",
        "note",
        "state",
        "favourite",
        "added",
        "saved",
        "site",
        "words",
        "save_error",
        "state_changed",
        "created",
        "updated",
    }
    assert (items[0]["state"], items[0]["favourite"], items[0]["saved"]) == ("unread", False, False)
    assert items[0]["added"] == items[0]["created"]
    assert [(i["url"], i["title"], i["tags"], i["note"]) for i in items] == [
        ("https://example.com/news/a", "A story", ["id", "news"], "a note")
    ]
    assert items[0]["created"].startswith(today) and items[0]["updated"].startswith(today)

    code, out, _ = run(capsys, "bookmarks", "add", "--no-fetch", "https://example.com/news/a", "--tag", "more", "--home", home)  # fmt: skip
    assert out.startswith("Updated bookmark: ")

    code, out, err = run(capsys, "bookmarks", "rm", "example.com/news/a", "--home", home)
    assert (code, err) == (0, "")
    assert out == "Removed bookmark: https://example.com/news/a\n"
    code, out, err = run(capsys, "bookmarks", "rm", "example.com/news/a", "--home", home)
    assert (code, out) == (1, "")
    assert err == "reader: example.com/news/a: not bookmarked\n"


def test_home_before_the_subcommand(capsys: Capture, home: str) -> None:
    run(capsys, "--home", home, "bookmarks", "add", "--no-fetch", "https://example.com/x")
    code, out, _ = run(capsys, f"--home={home}", "bookmarks", "list")
    assert code == 0 and "https://example.com/x" in out
    code, out, _ = run(capsys, "bookmarks", "--home", home, "list")
    assert "https://example.com/x" in out


def test_bad_addresses_fail_with_one_line(capsys: Capture, home: str) -> None:
    for bad in ("javascript:alert(1)", "ftp://example.com/x", "not a url", "\x1b[2Jevil:x"):
        code, out, err = run(capsys, "bookmarks", "add", "--no-fetch", bad, "--home", home)
        assert (code, out) == (1, "")
        assert len(err.splitlines()) == 1 and err.startswith("reader: ")
        assert "\x1b" not in err
    assert run(capsys, "bookmarks", "list", "--home", home)[1] == ""


def test_hostile_bookmark_text_is_printed_safely(capsys: Capture, home: str) -> None:
    title = "\x1b]52;c;ZXZpbA==\x07Evil \x1b[2J[bold]title[/]"
    run(capsys, "bookmarks", "add", "--no-fetch", "https://example.com/e", "--title", title,
        "--note", "\x1b[31mred\u202e note", "--home", home)  # fmt: skip
    for args in (("list",), ("list", "--format", "json"), ("export",), ("export", "--format", "json")):  # fmt: skip
        code, out, _ = run(capsys, "bookmarks", *args, "--home", home)
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "Evil" in out and "[bold]title[/]" in out


@pytest.mark.parametrize("fmt", ["netscape", "json"])
def test_export_and_import(capsys: Capture, tmp_path: Path, home: str, fmt: str) -> None:
    run(capsys, "bookmarks", "add", "--no-fetch", "https://example.com/a", "--tag", "x", "--note", "n", "--title", "A", "--home", home)  # fmt: skip
    run(capsys, "bookmarks", "add", "--no-fetch", "https://example.com/b", "--title", "B & <b>", "--home", home)  # fmt: skip

    code, stdout_text, err = run(capsys, "bookmarks", "export", "--format", fmt, "--home", home)
    assert (code, err) == (0, "")
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "bookmarks", "export", "--format", fmt, "-o", str(target), "--home", home)  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"Exported 2 bookmarks to {target}\n"
    assert target.read_text("utf-8") == stdout_text
    if fmt == "netscape":
        assert stdout_text.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
        assert "B &amp; &lt;b&gt;" in stdout_text
    else:
        assert len(json.loads(stdout_text)["bookmarks"]) == 2

    other = str(tmp_path / "other")
    code, out, err = run(capsys, "bookmarks", "import", str(target), "--home", other)
    assert (code, err) == (0, "")
    assert out == "Imported 2 bookmarks (0 already there, 0 skipped)\n"
    code, out, _ = run(capsys, "bookmarks", "import", str(target), "--home", other)
    assert out == "Imported 0 bookmarks (2 already there, 0 skipped)\n"
    code, listed, _ = run(capsys, "bookmarks", "list", "--format", "json", "--home", other)
    got = {(i["url"], i["title"], tuple(i["tags"]), i["note"], i["created"]) for i in map(json.loads, listed.splitlines())}  # fmt: skip
    code, original, _ = run(capsys, "bookmarks", "list", "--format", "json", "--home", home)
    want = {(i["url"], i["title"], tuple(i["tags"]), i["note"], i["created"]) for i in map(json.loads, original.splitlines())}  # fmt: skip
    assert got == want


def test_import_from_stdin_and_skipped_entries(
    capsys: Capture, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>"
        '<DT><A HREF="https://example.com/1">One</A>'
        '<DT><A HREF="javascript:alert(1)">Bookmarklet</A>'
        '<DT><A HREF="place:sort=8">Recent</A>'
        '<DT><A HREF="https://www.example.com/1/">One again</A></DL>'
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, err = run(capsys, "bookmarks", "import", "-", "--home", home)
    assert (code, err) == (0, "")
    assert out == "Imported 1 bookmark (1 already there, 2 skipped: 2 not web addresses)\n"


def test_import_errors_exit_1_with_one_line(capsys: Capture, tmp_path: Path, home: str) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list: eggs, milk\n")
    page = tmp_path / "page.html"
    page.write_text("<html><body><p><a href='https://example.com/'>a link</a></p></body></html>")
    for path, reason in (
        (junk, "not a bookmarks file"),
        (page, "not a bookmarks file"),
        (tmp_path / "missing.html", "no such file"),
        (tmp_path, "directory"),
    ):
        code, out, err = run(capsys, "bookmarks", "import", str(path), "--home", home)
        assert (code, out) == (1, "")
        assert err.startswith(f"reader: {path}: ") and reason in err
        assert len(err.splitlines()) == 1


def test_export_to_an_unwritable_place_fails_with_one_line(
    capsys: Capture, tmp_path: Path, home: str
) -> None:
    code, out, err = run(
        capsys, "bookmarks", "export", "-o", str(tmp_path / "no" / "such" / "dir.html"), "--home", home
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("reader: ") and len(err.splitlines()) == 1


# -- fetch and search ----------------------------------------------------------------


def test_fetch_then_search(capsys: Capture, demo: DemoServer, home: str) -> None:
    code, out, err = run(capsys, "fetch", demo.lead_url, "--home", home)
    assert code == 0
    assert out == "Saved 1 page for offline reading.\n"
    assert err.startswith("1/1 saved 127.0.0.1:")  # a plain line: stderr is not a terminal

    code, out, err = run(capsys, "search", "jembatan", "gantung", "--home", home)
    assert (code, err) == (0, "")
    first, facts, snippet = out.splitlines()[:3]
    assert first.startswith("1. Jembatan Gantung Sungai Lamat")
    assert demo.lead_url in facts and "saved" in facts
    assert "jembatan" in snippet.lower()
    assert "\x1b" not in out  # no bold when stdout is not a terminal

    code, out, _ = run(capsys, "search", "jembatan", "--format", "json", "--limit", "1", "--home", home)  # fmt: skip
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) == 1 and hits[0]["url"] == demo.lead_url and hits[0]["saved"] is True

    # as grep: nothing matched is exit status 1, stdout empty, one line on stderr
    code, out, err = run(capsys, "search", "zzzxqv", "--home", home)
    assert (code, out, err) == (1, "", "No match for \u201czzzxqv\u201d.\n")
    code, out, err = run(capsys, "search", "zzzxqv", "--format", "json", "--home", home)
    assert (code, out, len(err.splitlines())) == (1, "", 1)
    assert usage_error("search", "--home", home) == 2  # no query


def test_search_marks_matches_in_bold_on_a_terminal(
    capsys: Capture, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "bookmarks", "add", "--no-fetch", "https://example.com/k", "--title", "Kopi dari Gunung", "--home", home)  # fmt: skip
    monkeypatch.setattr(reader.cli.search, "stdout_is_tty", lambda: True)
    code, out, _ = run(capsys, "search", "kopi", "--home", home)
    assert code == 0
    assert "\x1b[1mKopi\x1b[0m dari Gunung" in out


def test_fetch_depth_1_saves_linked_stories_for_offline(
    capsys: Capture, demo: DemoServer, home: str
) -> None:
    code, out, err = run(capsys, "fetch", demo.lead_url, "--depth", "1", "--max", "3", "--home", home)  # fmt: skip
    assert code == 0, err
    assert out == "Saved 4 pages for offline reading.\n"
    assert len(err.splitlines()) == 4 and err.splitlines()[-1].startswith("4/4 saved ")

    async def offline() -> tuple[list[str], list[str]]:
        library = Library(paths=resolve_paths(home), offline=True)
        try:
            lead = await library.open(demo.lead_url)
            linked = library.linked_urls(lead.article)
            titles = [(await library.open(url)).article.title for url in linked[:3]]
            assert lead.from_store
        finally:
            await library.close()
        return linked, titles

    linked, titles = asyncio.run(offline())
    assert len(linked) > 3 and all(titles)
    # --max 3: the fourth was not saved
    states = Store(database(home))
    # opened above (a visit): "read", which wins over "saved"
    assert states.link_states(linked) == dict.fromkeys(linked[:3], "read")
    states.close()


def test_fetch_failures_exit_1_with_one_line_each(
    capsys: Capture, demo: DemoServer, home: str
) -> None:
    missing = demo.url("/no/such/page.html")
    code, out, err = run(capsys, "fetch", missing, "javascript:alert(1)", "--home", home)
    assert code == 1
    assert out == "Saved 0 pages for offline reading (2 failed).\n"
    lines = err.splitlines()
    assert len(lines) == 2
    assert f"reader: {missing}: The server answered 404 Not Found." in lines
    assert any(line.startswith("reader: javascript:alert(1): ") for line in lines)


def test_fetch_counts_failures_alike_on_one_line(
    capsys: Capture, demo: DemoServer, home: str, unused_port: int
) -> None:
    """Mixed failures: one line per reason with its count (a reason alone
    keeps its address); a site that refuses is not "no network" when another
    page was saved."""
    refused = [f"http://127.0.0.1:{unused_port}/{n}" for n in range(3)]
    missing = [demo.url(f"/no/such/{n}.html") for n in range(2)]
    odd = demo.url("/no/such/odd.html")
    code, out, err = run(capsys, "fetch", *refused, *missing, demo.lead_url, "--home", home)
    assert code == 1
    assert out == "Saved 1 page for offline reading (5 failed).\n"
    failures = [line for line in err.splitlines() if line.startswith("reader: ")]
    assert failures == [
        "reader: 3 pages: could not connect",
        "reader: 2 pages: the server answered 404 Not Found",
    ]
    code, _, err = run(capsys, "fetch", odd, refused[0], "--home", home)
    assert code == 1
    assert err.splitlines() == [
        f"reader: {odd}: The server answered 404 Not Found.",
        f"reader: {refused[0]}: Could not connect to 127.0.0.1:{unused_port}: connection refused.",
    ]


def test_fetch_with_no_network_says_so_once(capsys: Capture, home: str, unused_port: int) -> None:
    """Every page refused (a closed port on 127.0.0.1 stands for no network):
    one line for the network with the count of pages not saved."""
    urls = [f"http://127.0.0.1:{unused_port}/story/{n}" for n in range(6)]
    code, out, err = run(capsys, "fetch", *urls, "--home", home)
    assert code == 1
    assert out == "Saved 0 pages for offline reading (6 failed).\n"
    assert err == "reader: no network: could not reach any site (6 pages not saved)\n"
    assert Library(paths=resolve_paths(home)).history() == []


def test_fetch_draws_a_bar_on_a_terminal(
    capsys: Capture, demo: DemoServer, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader.cli.progress, "_isatty", lambda stream: True)
    code, out, err = run(capsys, "fetch", demo.lead_url, "--depth", "1", "--max", "2", "--home", home)  # fmt: skip
    assert code == 0 and out == "Saved 3 pages for offline reading.\n"
    assert "\r\x1b[K[" in err and "] 3/3 saving 127.0.0.1:" in err
    assert "\n" not in err  # one line redrawn, then cleared
    assert err.endswith("\r\x1b[K")


def test_progress_bar_and_plain_lines() -> None:
    tty = io.StringIO()
    bar = Progress(tty, tty=True, width=10)
    bar.update(3, 10, "example.com/\x1b[2Ja")
    bar.message("reader: x: failed")
    bar.update(10, 10, "example.com/b")
    bar.finish()
    text = tty.getvalue()
    assert "[###       ] 3/10 saving example.com/a" in text
    assert "\r\x1b[Kreader: x: failed\n" in text
    assert "[##########] 10/10 saving example.com/b" in text
    assert text.endswith("\r\x1b[K") and "\x1b[2J" not in text

    plain = io.StringIO()
    lines = Progress(plain, tty=False)
    lines.update(1, 2, "example.com/a")
    lines.update(2, 2, "example.com/b", ok=False)
    lines.finish()
    assert plain.getvalue() == "1/2 saved example.com/a\n"


@pytest.mark.parametrize(
    "label",
    [
        "tokyo.example/社会/記事の見出しがとても長い場合の表示を確かめる",  # CJK: two cells each
        "news.example/🎉🎊🎉🎊🎉🎊🎉🎊🎉🎊🎉🎊🎉🎊🎉🎊🎉🎊🎉🎊",  # emoji: two cells each
        "a" * 30 + "東京",  # at 58 columns the cut falls inside 東
    ],
)
@pytest.mark.parametrize("columns", [30, 41, 57, 58])
def test_progress_bar_fits_the_terminal_in_cells(
    label: str, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))  # what shutil.get_terminal_size reads first
    tty = io.StringIO()
    Progress(tty, tty=True, width=10).update(3, 10, label)
    text = tty.getvalue()
    assert text.startswith("\r\x1b[K[###       ] 3/10 saving ")
    line = text.removeprefix("\r\x1b[K")
    assert cell_len(line) <= columns - 1  # never wraps, never touches the last column
    assert line.endswith("…")


def test_progress_bar_shows_a_short_wide_label_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    tty = io.StringIO()
    Progress(tty, tty=True, width=10).update(1, 1, "example.jp/記事")
    assert tty.getvalue() == "\r\x1b[K[##########] 1/1 saving example.jp/記事"


# -- cache ------------------------------------------------------------------------------


def test_cache_stats_and_purge(capsys: Capture, demo: DemoServer, home: str) -> None:
    fetched = run(capsys, "fetch", demo.lead_url, "--depth", "1", "--max", "1", "--home", home)
    assert fetched[:2] == (0, "Saved 2 pages for offline reading.\n"), fetched
    code, out, err = run(capsys, "cache", "stats", "--home", home)
    assert (code, err) == (0, "")
    rows = dict(line.split(None, 1) for line in out.replace("body size", "body_size").replace("file size", "file_size").splitlines())  # fmt: skip
    assert rows["pages"] == "2" and rows["articles"] == "2" and rows["bookmarks"] == "0"
    assert rows["body_size"].endswith("KiB") and "just now" in rows["oldest"]
    code, out, _ = run(capsys, "cache", "stats", "--format", "json", "--home", home)
    stats = json.loads(out)
    assert stats["pages"] == 2 and stats["file_bytes"] > 0

    code, out, _ = run(capsys, "cache", "purge", "--older-than", "30d", "--home", home)
    assert (code, out) == (0, "Deleted 0 saved pages not read for 30 days (bookmarked pages are kept).\n")  # fmt: skip

    # Both pages were last read long ago; one of them is bookmarked.
    run(capsys, "bookmarks", "add", demo.lead_url, "--home", home)
    store = Store(database(home))
    # `reader fetch` opens the lead (a visit: "read"); the linked story is only "saved"
    states = store.link_states(_demo_urls(demo))
    saved = [url for url, state in states.items() if state in ("saved", "read")]
    assert len(saved) == 2
    for url in saved:
        store.add_visit(url, "old", at=datetime(2000, 1, 1, tzinfo=UTC))
    store.close()

    code, out, _ = run(capsys, "cache", "purge", "--older-than", "2w", "--home", home)
    assert (code, out) == (0, "Deleted 1 saved page not read for 2 weeks (bookmarked pages are kept).\n")  # fmt: skip
    store = Store(database(home))
    assert store.load_article(demo.lead_url) is not None  # bookmarked: kept
    assert [url for url in saved if store.load_article(url) is not None] == [demo.lead_url]
    store.close()


def test_cache_stats_of_an_empty_library_writes_sizes_like_the_app(
    capsys: Capture, home: str
) -> None:
    code, out, _ = run(capsys, "cache", "stats", "--format", "json", "--home", home)
    file_bytes = json.loads(out)["file_bytes"]
    code, out, err = run(capsys, "cache", "stats", "--home", home)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:7] == [
        "pages      0",
        "articles   0",
        "bookmarks  0",
        "visits     0",
        "body size  0 bytes",
        f"file size  {byte_size(file_bytes)}",  # "40 KiB", as the app writes it (not "40.0 KiB")
        "oldest     -",
    ]


def _demo_urls(demo: DemoServer) -> list[str]:
    paths = [
        "/id/berita/2025/03/jembatan-gantung-sungai-lamat-diresmikan.html",
        "/id/berita/2025/03/puskesmas-terapung-mulai-beroperasi.html",
        "/id/berita/2025/03/kebun-gizi-sekolah-dasar.html",
        "/id/berita/2025/03/harga-cabai-rawit-melonjak-jelang-ramadan.html",
        "/id/berita/2025/03/festival-kopi-gunung-arum.html",
        "/id/berita/2025/03/persilam-tundukkan-bintang-selatan.html",
    ]
    return [demo.url(path) for path in paths]


# -- usage ----------------------------------------------------------------------------


def test_bad_usage_exits_2(capsys: Capture) -> None:
    for args in (
        ["bookmarks"],
        ["bookmarks", "list", "--format", "xml"],
        ["bookmarks", "add"],
        ["bookmarks", "export", "--format", "csv"],
        ["search"],
        ["search", "x", "--limit", "0"],
        ["fetch"],
        ["fetch", "https://example.com/", "--depth", "2"],
        ["fetch", "https://example.com/", "--max", "-1"],
        ["cache"],
        ["cache", "purge"],
        ["cache", "purge", "--older-than", "30x"],
        ["cache", "purge", "--older-than", "d"],
    ):
        assert usage_error(*args) == 2, args
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_help_is_readable(capsys: Capture) -> None:
    assert usage_error("--help") == 0
    out = capsys.readouterr().out
    for word in (
        "bookmarks ACTION",
        "search QUERY",
        "fetch URL",
        "cache stats|purge",
        "exit status",
    ):
        assert word in out
    assert usage_error("bookmarks", "--help") == 0
    out = capsys.readouterr().out
    for action in ("list", "add", "rm", "export", "import"):
        assert f"    {action} " in out
