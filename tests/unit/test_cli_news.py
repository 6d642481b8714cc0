"""The news commands without the network: `reader sources` (import, list,
tag, rename, rm, export), `reader items`, `reader show`, the counts of
`reader cache stats`, refresh's messages, and bad usage. The library is
real, on a temporary home; stories are put into its store directly (the
loopback refresh is in tests/net/test_cli_refresh.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.command_parsers import parse_library_args
from reader.cli.refresh import summary_line
from reader.core.feeds.model import FeedItem
from reader.core.paths import resolve_paths
from reader.core.records import SOURCE_FEED, SOURCE_LIST, SOURCE_PAGE, RefreshSummary
from reader.demo.server import DemoServer
from reader.store import Store

Capture = pytest.CaptureFixture[str]

WIB = timezone(timedelta(hours=7))

URLS_FILE = """\
# the feeds I read in the morning
https://kabar-pagi.example/rss.xml "lokal" "~Kabar Pagi"
https://harbour-news.example/feed/atom english "port town"
https://harbour-news.example/feed/atom
query:Unread:"unread = \\"yes\\""
exec:~/bin/make-feed.sh
filter:~/bin/clean.py:https://noisy.example/rss
"""

OPML_FILE = """\
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Morning reading</title></head>
  <body>
    <outline text="Lokal" title="Lokal">
      <outline type="rss" text="Warta Lembah" xmlUrl="https://warta-lembah.example/feed.xml"/>
      <outline type="rss" text="Suara Pesisir" xmlUrl="https://suara-pesisir.example/rss"
               category="pesisir"/>
    </outline>
    <outline type="rss" text="Hill Gazette" xmlUrl="https://hill-gazette.example/atom.xml"/>
  </body>
</opml>
"""


@pytest.fixture
def home(tmp_path: Path) -> str:
    return str(tmp_path / "home")


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(*args: str) -> int | str | None:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    return exc.value.code


def store_of(home: str) -> Store:
    return Store(resolve_paths(home).database)


def jsons(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


# -- usage ------------------------------------------------------------------------------


def test_tag_changes_read_minus_words_as_removals() -> None:
    ns = parse_library_args("sources", ["tag", "example.com/rss", "+pagi", "-malam", "siang"])
    assert (ns.changes, ns.remove, ns.add) == (["+pagi", "siang"], ["malam"], [])
    ns = parse_library_args(
        "sources", ["--home", "/tmp/x", "tag", "u", "--add", "a", "-b", "--remove", "c"]
    )
    assert (ns.changes, ns.add, sorted(ns.remove)) == ([], ["a"], ["b", "c"])
    # `-x` is a removal only after the action tag, not an option elsewhere
    assert usage_error("sources", "add", "https://example.com/", "-x") == 2


def test_bad_usage_exits_2(capsys: Capture) -> None:
    for args in (
        ["sources"],
        ["sources", "add"],
        ["sources", "add", "https://example.com/", "--page", "--list", "Terkini"],
        ["sources", "list", "--format", "xml"],
        ["sources", "rename", "https://example.com/"],
        ["sources", "import"],
        ["refresh", "--bogus"],
        ["items", "--limit", "0"],
        ["items", "--format", "csv"],
        ["show"],
        ["show", "https://example.com/", "--format", "pdf"],
    ):
        assert usage_error(*args) == 2, args
    assert "Traceback" not in capsys.readouterr().err


def test_help_lists_the_news_commands(capsys: Capture) -> None:
    assert usage_error("--help") == 0
    out = capsys.readouterr().out
    for word in ("sources ACTION", "refresh", "items", "show URL"):
        assert word in out
    assert usage_error("sources", "--help") == 0
    out = capsys.readouterr().out
    for action in ("list", "add", "rm", "tag", "rename", "import", "export"):
        assert f"    {action} " in out


def test_importing_the_entry_point_loads_no_news_command() -> None:
    script = (
        "import sys, reader.cli\n"
        "names = ['reader.cli.sources', 'reader.cli.refresh', 'reader.cli.items', "
        "'reader.cli.show', 'reader.library']\n"
        "print([n for n in names if n in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


# -- sources: import, list, tag, rename, rm, export ---------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_import_reads_no_more_than_its_cap_from_a_device_or_a_pipe(
    capsys: Capture, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An endless device or pipe is read up to the cap, then refused in one line."""
    code, out, err = run(capsys, "sources", "import", "/dev/zero", "--home", home)
    assert code == 1 and not out
    assert err == "reader: /dev/zero: too large for a sources file (over 16 MiB)\n"
    endless = io.BytesIO(b"\n" * (16 * 1024 * 1024 + 10))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(endless))
    code, out, err = run(capsys, "sources", "import", "-", "--home", home)
    assert code == 1 and "too large" in err


def test_import_a_newsboat_urls_file_from_stdin(
    capsys: Capture, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(URLS_FILE.encode())))
    code, out, err = run(capsys, "sources", "import", "-", "--home", home)
    assert code == 0, err
    assert out.splitlines()[0] == "Imported 2 sources (1 already followed, 3 skipped)"
    problems = err.splitlines()
    assert len(problems) == 3 and all(line.startswith("reader: -: ") for line in problems)
    assert "line 5" in problems[0] and "query" in problems[0]
    assert "line 6" in problems[1] and "line 7" in problems[2]

    code, out, err = run(capsys, "sources", "list", "--format", "json", "--home", home)
    assert (code, err) == (0, "")
    listed = {str(s["url"]): s for s in jsons(out)}
    assert set(listed) == {
        "https://kabar-pagi.example/rss.xml",
        "https://harbour-news.example/feed/atom",
    }
    pagi = listed["https://kabar-pagi.example/rss.xml"]
    assert (pagi["title"], pagi["tags"], pagi["kind"]) == ("Kabar Pagi", ["lokal"], "feed")
    assert listed["https://harbour-news.example/feed/atom"]["tags"] == ["english", "port", "town"]
    assert pagi["checked_at"] is None and pagi["unread"] == 0 and pagi["gone"] is False


def test_opml_import_list_tag_rename_rm_and_export_round_trip(
    capsys: Capture, home: str, tmp_path: Path
) -> None:
    opml = tmp_path / "morning.opml"
    opml.write_text(OPML_FILE, encoding="utf-8")
    code, out, err = run(capsys, "sources", "import", str(opml), "--home", home)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Imported 3 sources (0 already followed, 0 skipped)"
    code, out, _ = run(capsys, "sources", "import", str(opml), "--home", home)
    assert out.splitlines()[0] == "Imported 0 sources (3 already followed, 0 skipped)"

    code, out, err = run(capsys, "sources", "list", "--home", home)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].split()[1:5] == [
        "0/0",
        "Hill",
        "Gazette",
        "https://hill-gazette.example/atom.xml",
    ]
    assert "never checked" in lines[0]
    assert any("Suara Pesisir" in line and "#lokal #pesisir" in line for line in lines)
    code, out, _ = run(capsys, "sources", "list", "--tag", "LOKAL", "--home", home)
    assert len(out.splitlines()) == 2 and "Hill Gazette" not in out

    # tag: +adds, -removes, by address as typed (no scheme) or by title
    code, out, err = run(capsys, "sources", "tag", "hill-gazette.example/atom.xml", "+english", "+hills", "--home", home)  # fmt: skip
    assert (code, err, out) == (0, "", "Hill Gazette: #english #hills\n")
    code, out, _ = run(capsys, "sources", "tag", "Hill Gazette", "-hills", "--home", home)
    assert out == "Hill Gazette: #english\n"
    code, out, _ = run(capsys, "sources", "tag", "hill gazette", "--home", home)
    assert out == "Hill Gazette: #english\n"

    code, out, err = run(capsys, "sources", "rename", "https://warta-lembah.example/feed.xml", "Warta \x1b[2JLembah Hijau", "--home", home)  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "Renamed: https://warta-lembah.example/feed.xml is now “Warta Lembah Hijau”\n"

    code, out, err = run(capsys, "sources", "rm", "https://suara-pesisir.example/rss", "--home", home)  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "Stopped following Suara Pesisir: https://suara-pesisir.example/rss\n"
    code, out, err = run(capsys, "sources", "rm", "https://suara-pesisir.example/rss", "--home", home)  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("reader: https://suara-pesisir.example/rss: not followed")

    code, exported, err = run(capsys, "sources", "export", "--home", home)
    assert (code, err) == (0, "")
    assert exported.startswith("<?xml") and "<opml" in exported
    target = tmp_path / "out.opml"
    code, out, _ = run(capsys, "sources", "export", "-o", str(target), "--home", home)
    assert out == f"Exported 2 sources to {target}\n"
    assert target.read_text("utf-8") == exported

    other = str(tmp_path / "other")
    code, out, err = run(capsys, "sources", "import", str(target), "--home", other)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Imported 2 sources (0 already followed, 0 skipped)"
    wanted = run(capsys, "sources", "list", "--format", "json", "--home", home)[1]
    got = run(capsys, "sources", "list", "--format", "json", "--home", other)[1]
    keep = ("url", "title", "tags", "kind")
    assert [{k: s[k] for k in keep} for s in jsons(got)] == [
        {k: s[k] for k in keep} for s in jsons(wanted)
    ]


def test_page_and_list_sources_survive_the_opml_round_trip(
    capsys: Capture, home: str, tmp_path: Path
) -> None:
    store = store_of(home)
    store.add_source("https://warta-lembah.example/", SOURCE_PAGE, "Warta Lembah", ["lokal"])
    store.add_source(
        "https://warta-lembah.example/", SOURCE_LIST, "Warta Lembah: Terkini", [], "Terkini"
    )
    store.close()
    code, out, _ = run(capsys, "sources", "list", "--home", home)
    assert "  page  #lokal  " in out and "  list “Terkini”  " in out
    target = tmp_path / "pages.opml"
    assert run(capsys, "sources", "export", "-o", str(target), "--home", home)[0] == 0
    other = str(tmp_path / "other")
    code, out, err = run(capsys, "sources", "import", str(target), "--home", other)
    assert (code, err) == (0, ""), out
    kinds = sorted((s["kind"], s["list_heading"]) for s in jsons(run(capsys, "sources", "list", "--format", "json", "--home", other)[1]))  # fmt: skip
    assert kinds == [("list", "Terkini"), ("page", None)]
    # one address, two sources: naming it by address is ambiguous, by title not
    code, out, err = run(capsys, "sources", "tag", "https://warta-lembah.example/", "+x", "--home", home)  # fmt: skip
    assert code == 1 and "2 sources answer" in err
    code, out, err = run(capsys, "sources", "tag", "Warta Lembah: Terkini", "+x", "--home", home)
    assert (code, out) == (0, "Warta Lembah: Terkini: #x\n"), err


def test_import_errors_exit_1_with_one_line(capsys: Capture, home: str, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list: eggs, milk\nand bread\n")
    feed = tmp_path / "feed.xml"  # a feed given where a list of feeds is wanted
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>"
    )
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Not a list of feeds.</p></body></html>")
    for path in (junk, feed, page, tmp_path / "missing.opml", tmp_path):
        code, out, err = run(capsys, "sources", "import", str(path), "--home", home)
        assert (code, out) == (1, ""), path
        assert err.startswith(f"reader: {path}: ") and len(err.splitlines()) == 1, err
    assert run(capsys, "sources", "list", "--home", home)[1] == ""


def test_unknown_sources_fail_with_one_line(capsys: Capture, home: str) -> None:
    for args in (
        ("sources", "rm", "https://nowhere.example/rss"),
        ("sources", "tag", "nowhere.example/rss", "+x"),
        ("sources", "rename", "Nowhere", "Somewhere"),
        ("items", "--source", "https://nowhere.example/rss"),
        ("sources", "add", "javascript:alert(1)"),
    ):
        code, out, err = run(capsys, *args, "--home", home)
        assert (code, out) == (1, ""), args
        assert err.startswith("reader: ") and len(err.splitlines()) == 1, err


def test_export_to_an_unwritable_place_fails_with_one_line(
    capsys: Capture, home: str, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "sources", "export", "-o", str(tmp_path / "no" / "dir.opml"), "--home", home)  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("reader: ") and len(err.splitlines()) == 1


# -- items -------------------------------------------------------------------------------


def _seed_stories(home: str) -> None:
    """Two sources, four stories (one read, one with a hostile title)."""
    store = store_of(home)
    pagi = store.add_source("https://kabar-pagi.example/rss.xml", SOURCE_FEED, "Kabar Pagi", ["lokal"])  # fmt: skip
    hill = store.add_source("https://hill-gazette.example/atom.xml", SOURCE_FEED, "Hill Gazette", [])  # fmt: skip
    seen = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    store.add_items(
        pagi.id,
        [
            FeedItem(
                guid="pagi-1",
                url="https://kabar-pagi.example/2026/03/pasar-ikan-dibuka-lagi",
                title="Pasar ikan dibuka lagi setelah banjir surut",
                summary="Para pedagang kembali menata lapak sejak subuh.",
                author="Rina Wulandari",
                published=datetime(2026, 3, 10, 8, 15, tzinfo=WIB),
            ),
            FeedItem(
                guid="pagi-2",
                url="https://kabar-pagi.example/2026/03/jalan-desa-diperbaiki",
                title="Jalan desa \x1b]52;c;ZXZpbA==\x07diperbaiki [bold]warga[/]",
                published=datetime(2026, 3, 9, 17, 0, tzinfo=WIB),
            ),
        ],
        seen,
    )
    store.add_items(
        hill.id,
        [
            FeedItem(
                guid="hill-1",
                url="https://hill-gazette.example/news/orchard-harvest",
                title="Orchard harvest comes in early",
                published=datetime(2026, 3, 10, 2, 30, tzinfo=UTC),
            ),
            FeedItem(
                guid="hill-2",
                url="https://hill-gazette.example/news/bridge-vote",
                title="Council votes on the old bridge",
            ),
        ],
        seen,
    )
    store.mark_read(["https://hill-gazette.example/news/orchard-harvest"])
    store.close()


def test_items_as_json_lines(capsys: Capture, home: str) -> None:
    _seed_stories(home)
    code, out, err = run(capsys, "items", "--format", "json", "--home", home)
    assert (code, err) == (0, "")
    stories = jsons(out)
    assert [s["url"] for s in stories] == [
        "https://hill-gazette.example/news/bridge-vote",  # first seen 06:00 UTC, no date
        "https://hill-gazette.example/news/orchard-harvest",  # 02:30 UTC
        "https://kabar-pagi.example/2026/03/pasar-ikan-dibuka-lagi",  # 01:15 UTC
        "https://kabar-pagi.example/2026/03/jalan-desa-diperbaiki",  # yesterday
    ]
    first = stories[2]
    assert {"url", "title", "source", "published", "read", "saved", "word_count"} <= set(first)
    assert first["title"] == "Pasar ikan dibuka lagi setelah banjir surut"
    assert first["source"] == "Kabar Pagi"
    assert first["published"] == "2026-03-10T08:15:00+07:00"  # the publisher's offset kept
    assert (first["read"], first["saved"], first["word_count"]) == (False, False, None)
    assert stories[0]["published"] is None
    assert stories[1]["read"] is True
    assert "\x1b" not in out and "\x07" not in out
    assert stories[3]["title"] == "Jalan desa diperbaiki [bold]warga[/]"

    code, out, _ = run(capsys, "items", "--unread", "--format", "json", "--home", home)
    assert len(jsons(out)) == 3
    code, out, _ = run(capsys, "items", "--tag", "Lokal", "--format", "json", "--home", home)
    assert {s["source"] for s in jsons(out)} == {"Kabar Pagi"} and len(jsons(out)) == 2
    code, out, _ = run(capsys, "items", "--source", "hill-gazette.example/atom.xml", "--limit", "1", "--format", "json", "--home", home)  # fmt: skip
    assert [s["title"] for s in jsons(out)] == ["Council votes on the old bridge"]


def test_items_as_text_lines(capsys: Capture, home: str) -> None:
    _seed_stories(home)
    code, out, err = run(capsys, "items", "--home", home)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 4
    local = datetime(2026, 3, 10, 8, 15, tzinfo=WIB).astimezone().strftime("%Y-%m-%d %H:%M")
    assert lines[2] == (
        f"{local}  Kabar Pagi  Pasar ikan dibuka lagi setelah banjir surut  "
        "https://kabar-pagi.example/2026/03/pasar-ikan-dibuka-lagi  unread · summary only"
    )
    assert lines[1].endswith("orchard-harvest  summary only")
    assert "\x1b" not in out


def test_items_of_an_empty_library(capsys: Capture, home: str) -> None:
    assert run(capsys, "items", "--home", home) == (0, "", "")
    assert run(capsys, "items", "--format", "json", "--unread", "--home", home) == (0, "", "")


# -- show ----------------------------------------------------------------------------------


def test_show_prints_a_stored_story_like_extract(
    capsys: Capture, home: str, demo: DemoServer
) -> None:
    code, out, err = run(capsys, "show", demo.lead_url, "--home", home)
    assert (code, out) == (1, "")
    assert err.startswith(f"reader: {demo.lead_url}: not saved") and len(err.splitlines()) == 1

    assert run(capsys, "fetch", demo.lead_url, "--home", home)[0] == 0
    code, extracted, _ = run(capsys, "extract", demo.lead_url, "--format", "json")
    assert code == 0
    code, shown, err = run(capsys, "show", demo.lead_url, "--format", "json", "--home", home)
    assert (code, err) == (0, "")
    assert json.loads(shown) == json.loads(extracted)
    code, text, _ = run(capsys, "show", demo.lead_url, "--home", home)
    assert text.startswith("Jembatan Gantung Sungai Lamat")
    code, markdown, _ = run(capsys, "show", demo.lead_url, "--format", "markdown", "--home", home)
    assert markdown.startswith("# Jembatan Gantung Sungai Lamat")
    code, out, err = run(capsys, "show", "javascript:alert(1)", "--home", home)
    assert (code, out) == (1, "") and len(err.splitlines()) == 1


def test_show_never_uses_the_network(
    capsys: Capture, home: str, demo: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "fetch", demo.lead_url, "--home", home)[0] == 0

    async def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("show fetched a page")

    monkeypatch.setattr("reader.library.flow.fetch", no_network)
    code, out, err = run(capsys, "show", demo.lead_url, "--home", home)
    assert code == 0 and out.startswith("Jembatan Gantung"), err
    code, out, err = run(capsys, "show", demo.url("/id/never/read.html"), "--home", home)
    assert (code, out) == (1, "") and "not saved" in err


# -- cache stats, refresh's words -------------------------------------------------------------


def test_cache_stats_counts_sources_and_stories(capsys: Capture, home: str) -> None:
    _seed_stories(home)
    code, out, err = run(capsys, "cache", "stats", "--home", home)
    assert (code, err) == (0, "")
    assert "sources    2\n" in out and "stories    4 (3 unread)\n" in out
    code, out, _ = run(capsys, "cache", "stats", "--format", "json", "--home", home)
    stats = json.loads(out)
    assert (stats["sources"], stats["items"], stats["unread"]) == (2, 4, 3)


def test_refresh_with_nothing_followed_or_an_unknown_source(capsys: Capture, home: str) -> None:
    code, out, err = run(capsys, "refresh", "--home", home)
    assert (code, err) == (0, "")
    assert out == "No sources followed yet: `reader sources add URL` follows one.\n"
    _seed_stories(home)
    code, out, err = run(capsys, "refresh", "--source", "https://nowhere.example/rss", "--home", home)  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("reader: https://nowhere.example/rss: not followed")


def test_refresh_summary_lines() -> None:
    summary = RefreshSummary(checked=12, new_items=34, saved=30)
    assert summary_line(summary) == "Checked 12 sources: 34 new stories, 30 saved in full."
    summary.failed = [("https://a.example/rss", "The server answered 500.")] * 2
    summary.unsaved = [("https://a.example/1", "404")] * 4
    assert summary_line(summary) == (
        "Checked 12 sources: 34 new stories, 30 saved in full; 4 only as feed summaries; 2 failed."
    )
    assert summary_line(RefreshSummary(checked=1)) == "Checked 1 source: 0 new stories."
    assert summary_line(RefreshSummary(skipped=5)) == (
        "Checked 0 sources: 0 new stories; 5 not due yet (--force asks them)."
    )
    capped = RefreshSummary(checked=2, new_items=50, saved=40, capped=True, skipped=1)
    assert summary_line(capped) == (
        "Checked 2 sources: 50 new stories, 40 saved in full; some held back by a cap "
        "(items_per_source, max_refresh_mb); 1 not due yet."
    )
