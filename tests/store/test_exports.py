"""Exports from the library (reader.library.exporting) and `reader export`:
choosing stories by address, tag, state, search and source, skipping those
not stored, Markdown files in a folder, one EPUB book, today's paper."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.export import ExportReport, Selection
from reader.core.export.report import NOT_SAVED
from reader.core.feeds.model import FeedItem
from reader.core.models import Article, Block, BlockKind, Page, Span
from reader.core.paths import resolve_paths
from reader.library import Library
from reader.library.exporting import ExportError, paper_title
from reader.store import Store
from tests.unit.test_export_epub import check_epub
from tests.unit.test_export_markdown import parse_front_matter

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
STORIES = {
    # url: (title, tags, state, stored)
    "https://kabar.example/sport/derby": ("Derby day: a 3–2 win", ("sport",), "unread", True),
    "https://kabar.example/sport/swim": ("Swimmers break records", ("sport",), "read", True),
    "https://kabar.example/city/tram": ("The tram line opens", ("city",), "unread", True),
    "https://kabar.example/city/park": ("A park for the river", ("city",), "archived", True),
    "https://kabar.example/sport/late": ("Not stored yet", ("sport",), "unread", False),
}


def page(url: str, n: int) -> Page:
    html = f"<html><body><p>story {n}</p></body></html>"
    return Page(
        url=url,
        requested_url=url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        body=html.encode(),
        html=html,
        charset="utf-8",
        fetched_at=T0 + timedelta(hours=n),
    )


def article(url: str, title: str) -> Article:
    from reader.core.extract.version import EXTRACTOR_VERSION

    return Article(
        url=url,
        title=title,
        byline="Rina Kartika",
        published="2026-11-19",
        site_name="Kabar Nusa",
        lang="id",
        blocks=(
            Block(BlockKind.PARAGRAPH, (Span(f"The body of {title}. Hujan turun di kota."),)),
            Block(BlockKind.IMAGE, (Span("The scene", href="https://img.example/s.jpg"),)),
        ),
        extractor_version=EXTRACTOR_VERSION,
    )


@pytest.fixture
def home(_temporary_home: Path) -> Iterator[Path]:
    store = Store(resolve_paths(_temporary_home).ensure().database)
    for n, (url, (title, tags, state, stored)) in enumerate(STORIES.items()):
        if stored:
            store.save_page(page(url, n))
            store.save_article(url, article(url, title))
        store.add_bookmark(url, title, tags, created=T0 + timedelta(days=n), state=state)
    source = store.add_source("https://kabar.example/feed.xml", "feed", "Kabar Nusa")
    items = [
        FeedItem(guid=url, url=url, title=title, published=T0)
        for url, (title, *_rest) in STORIES.items()
        if "/city/" in url
    ]
    store.add_items(source.id, items, T0)
    store.close()
    yield _temporary_home


@pytest.fixture
def library(home: Path) -> Iterator[Library]:
    lib = Library(paths=resolve_paths(home), offline=True)
    yield lib
    if lib._store is not None:
        lib._store.close()


def titles(report: ExportReport) -> list[str]:
    found = []
    for path in report.files:
        fields, _ = parse_front_matter(path.read_text(encoding="utf-8"))
        found.append(str(fields["title"]))
    return found


# -- choosing -----------------------------------------------------------------------


def test_criteria_intersect_and_keep_the_first_ones_order(library: Library) -> None:
    assert library.export_choice(Selection(tag="sport")) == [
        "https://kabar.example/sport/late",
        "https://kabar.example/sport/swim",
        "https://kabar.example/sport/derby",
    ]
    assert library.export_choice(Selection(tag="#Sport", state="unread")) == [
        "https://kabar.example/sport/late",
        "https://kabar.example/sport/derby",
    ]
    assert library.export_choice(Selection(query="tram")) == ["https://kabar.example/city/tram"]
    assert library.export_choice(Selection(state="archived")) == ["https://kabar.example/city/park"]
    source = library.store.sources()[0].id
    assert set(library.export_choice(Selection(source=source))) == {
        "https://kabar.example/city/tram",
        "https://kabar.example/city/park",
    }
    assert library.export_choice(Selection(source=source, state="unread")) == [
        "https://kabar.example/city/tram"
    ]
    urls = ("https://kabar.example/city/park", "http://www.kabar.example/sport/derby/")
    assert library.export_choice(Selection(urls=urls, state="archived")) == [urls[0]]
    assert len(library.export_choice(Selection())) == len(STORIES)  # none: every bookmark


def test_nothing_selected_is_an_error(library: Library) -> None:
    with pytest.raises(ExportError, match="nothing selected"):
        library.export_choice(Selection(tag="sport", query="tram"))
    with pytest.raises(ExportError, match="no such state"):
        library.export_choice(Selection(state="deleted"))


# -- Markdown -----------------------------------------------------------------------


def test_markdown_files_in_a_folder_skip_what_is_not_stored(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "notes" / "sport"
    report = library.export_markdown(Selection(tag="sport"), folder)
    assert report.exported == 2
    assert report.skipped == [("https://kabar.example/sport/late", NOT_SAVED)]
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-11-19-derby-day-a-3-2-win.md",
        "2026-11-19-swimmers-break-records.md",
    ]
    fields, body = parse_front_matter((folder / "2026-11-19-derby-day-a-3-2-win.md").read_text())
    assert fields["tags"] == ["sport"]
    assert fields["state"] == "unread"
    assert fields["site"] == "Kabar Nusa"
    assert fields["url"] == "https://kabar.example/sport/derby"
    assert "[Image: The scene](https://img.example/s.jpg)" in body
    assert report.summary() == (
        f"Exported 2 stories to {folder} (1 not saved for offline, skipped)"
    )


def test_exporting_again_replaces_the_same_storys_file_only(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "2026-11-19-the-tram-line-opens.md").write_text(
        '---\nurl: "https://other.example/"\n---\nmine\n'
    )
    first = library.export_markdown(Selection(tag="city"), folder)
    again = library.export_markdown(Selection(tag="city"), folder)
    assert [p.name for p in first.files] == [p.name for p in again.files]
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-11-19-a-park-for-the-river.md",
        "2026-11-19-the-tram-line-opens-2.md",
        "2026-11-19-the-tram-line-opens.md",
    ]
    assert (folder / "2026-11-19-the-tram-line-opens.md").read_text().endswith("mine\n")


def test_a_symlink_in_the_folder_is_never_written_through(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (folder / "2026-11-19-the-tram-line-opens.md").symlink_to(victim)
    report = library.export_markdown(Selection(urls=("https://kabar.example/city/tram",)), folder)
    assert victim.read_text() == "keep me"
    assert report.files == [folder / "2026-11-19-the-tram-line-opens-2.md"]


def test_one_story_to_a_md_file(library: Library, tmp_path: Path) -> None:
    target = tmp_path / "tram.md"
    report = library.export_markdown(Selection(urls=("https://kabar.example/city/tram",)), target)
    assert report.files == [target]
    assert titles(report) == ["The tram line opens"]
    with pytest.raises(ExportError, match="holds one"):
        library.export_markdown(Selection(tag="city"), tmp_path / "two.md")
    assert not (tmp_path / "two.md").exists()


def test_nothing_stored_is_an_error(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="not saved for offline"):
        library.export_markdown(
            Selection(urls=("https://kabar.example/sport/late",)), tmp_path / "x"
        )
    assert not (tmp_path / "x").exists()


def test_the_apps_key_writes_into_the_exports_folder(library: Library, home: Path) -> None:
    written = library.export_story_markdown("https://kabar.example/city/park")
    assert written.parent == home / "exports" == library.paths.exports
    fields, _ = parse_front_matter(written.read_text())
    assert fields["state"] == "archived"
    from reader.core.errors import NotSaved

    with pytest.raises(NotSaved):
        library.export_story_markdown("https://kabar.example/sport/late")


def _outdated_page(home: Path, url: str, title: str) -> None:
    body = "<p>Words of a real paragraph that the extractor keeps as the story body.</p>" * 8
    html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
    html += "</article></body></html>"
    store = Store(resolve_paths(home).database)
    try:
        store.save_page(Page(url, url, 200, {}, html.encode(), html, "utf-8", T0))
        store.save_article(url, Article(url=url, title="Stale", extractor_version="0-old"))
    finally:
        store.close()


@pytest.mark.parametrize("count", [1, 3])
def test_outdated_copies_are_extracted_again(home: Path, tmp_path: Path, count: int) -> None:
    """One in this thread; several at once in the worker processes."""
    urls = tuple(f"https://kabar.example/old/{n}" for n in range(count))
    for n, url in enumerate(urls):
        _outdated_page(home, url, f"Fresh title {n}")
    lib = Library(paths=resolve_paths(home), offline=True, workers=2)
    try:
        report = lib.export_markdown(Selection(urls=urls), tmp_path / "out")
        assert sorted(titles(report)) == [f"Fresh title {n}" for n in range(count)]
        stored = lib.store.load_article(urls[0])
        assert stored is not None and stored.article.title == "Fresh title 0"  # saved back
    finally:
        asyncio.run(lib.close())


# -- EPUB ---------------------------------------------------------------------------


def test_an_epub_of_a_selection(library: Library, tmp_path: Path) -> None:
    target = tmp_path / "sport.epub"
    report = library.export_epub(Selection(tag="sport"), target, "Sport")
    assert report.exported == 2 and len(report.skipped) == 1
    found = check_epub(target)
    assert found.title == "Sport"
    assert found.toc == ["Sport", "Swimmers break records", "Derby day: a 3–2 win"]
    assert found.language == "id"


def test_todays_paper_is_the_unread_queue_newest_first(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = library.export_paper()
    today = datetime.now().astimezone().date()
    assert report.output == Path(f"paper-{today.isoformat()}.epub")
    found = check_epub(tmp_path / report.output)
    assert found.title == paper_title(today)
    assert found.toc[1:] == ["The tram line opens", "Derby day: a 3–2 win"]
    assert report.skipped == [("https://kabar.example/sport/late", NOT_SAVED)]


def test_paper_title() -> None:
    assert paper_title(datetime(2026, 12, 3).date()) == "Reader — Thursday 3 December 2026"


# -- the command line ---------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_epub(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "today.epub"
    status, out, err = run(capsys, "--state", "unread", "--format", "epub", "--output", str(target))
    assert (status, err) == (0, "")
    assert out == f"Exported 2 stories to {target} (1 not saved for offline, skipped)\n"
    assert check_epub(target).toc[1:] == ["The tram line opens", "Derby day: a 3–2 win"]


def test_cli_markdown_by_url_and_query(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "md"
    status, out, err = run(
        capsys,
        "--url", "https://kabar.example/city/tram",
        "--url", "kabar.example/city/park",
        "--query", "river",
        "--format", "markdown",
        "--output", str(folder),
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out == f"Exported 1 story to {folder}\n"
    assert [p.name for p in folder.iterdir()] == ["2026-11-19-a-park-for-the-river.md"]


def test_cli_source_and_paper(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "--source", "Kabar Nusa", "--format", "epub", "-o", "city.epub")
    assert status == 0 and out.startswith("Exported 2 stories to city.epub")
    status, out, err = run(capsys, "--paper", "--tag", "city")
    assert (status, err) == (0, "")
    today = datetime.now().astimezone().date().isoformat()
    assert out == f"Exported 1 story to paper-{today}.epub\n"
    assert check_epub(tmp_path / f"paper-{today}.epub").toc[1:] == ["The tram line opens"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tag", "nope"], "reader: export: nothing selected: no story is tagged #nope.\n"),
        (
            ["--url", "https://kabar.example/sport/late"],
            "reader: export: the story selected is not saved for offline "
            "(`reader fetch URL` saves a story).\n",
        ),
        (
            ["--source", "nowhere"],
            "reader: nowhere: not followed (`reader sources list` shows the sources).\n",
        ),
        (["--url", "javascript:alert(1)"], None),
    ],
)
def test_cli_failures_are_one_line(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str | None,
) -> None:
    status, out, err = run(capsys, *args, "--format", "epub", "--output", str(tmp_path / "x.epub"))
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("reader: ")
    if message is not None:
        assert err == message
    assert not (tmp_path / "x.epub").exists()


def test_cli_unwritable_output(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--tag", "city", "--format", "epub", "--output", str(tmp_path))
    assert (status, out) == (1, "")
    assert err == f"reader: {tmp_path}: is a folder; give a file name\n"
    (tmp_path / "file").write_text("x")
    status, _, err = run(
        capsys, "--tag", "city", "--format", "markdown", "--output", str(tmp_path / "file")
    )
    assert status == 1 and "is a file: give a folder" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--tag", "city"],
        ["--tag", "city", "--format", "epub"],
        ["--paper", "--format", "markdown"],
        ["--tag", "city", "--format", "markdown", "-o", "x", "--title", "T"],
        ["--tag", "city", "--format", "markdown", "-o", "-"],
        ["--state", "deleted", "--format", "epub", "-o", "x.epub"],
    ],
)
def test_cli_bad_usage_is_status_2(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", *args])
    assert exit_.value.code == 2
    assert "usage: reader export" in capsys.readouterr().err


def test_exports_folder_without_a_home(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("READER_HOME", raising=False)
    paths = resolve_paths()
    assert paths.home is None
    assert paths.exports == Path(platformdirs.user_documents_dir()) / "reader"
    assert resolve_paths("/srv/r").exports == Path("/srv/r/exports")
