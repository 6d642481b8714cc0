"""A library that cannot be written (read-only, disk full) gives messages, not
tracebacks, and reading goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.cli import main
from reader.core.paths import resolve_paths
from reader.library import Library
from reader.store import Store, StoreError

PAGE = (
    "<html><head><title>Quiet day</title></head><body><article>"
    + "".join(
        f"<p>Line {i}: nothing much happened in the village today, and that is the news.</p>"
        for i in range(8)
    )
    + "</article></body></html>"
)


def test_read_only_library_raises_a_clear_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.sqlite3")
    store.db.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="read-only"):
        store.add_bookmark("https://n.example/a")
    store.close()


def test_full_disk_raises_a_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.sqlite3")
    store.add_bookmark("https://n.example/kept", "Kept")
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="disk is full"):
        for n in range(200):
            store.add_bookmark(f"https://n.example/{n}", "x" * 2000, note="y" * 2000)
    assert store.bookmark("https://n.example/kept") is not None
    assert store.db.integrity_check() == "ok"
    store.close()


async def test_reading_goes_on_when_the_library_cannot_be_written(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/quiet").respond_with_data(PAGE, content_type="text/html")
    library = Library(paths=resolve_paths(tmp_path))
    try:
        library.store.db.conn.execute("PRAGMA query_only = ON")
        reading = await library.open(httpserver.url_for("/quiet"))
        assert reading.article.title == "Quiet day"
        with pytest.raises(StoreError, match="read-only"):
            library.add_bookmark(httpserver.url_for("/quiet"))
    finally:
        await library.close()


def test_cli_reports_a_damaged_library_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "reader.sqlite3").write_bytes(b"garbage" * 1000)
    code = main(["bookmarks", "list", "--home", str(home)])
    _, err = capsys.readouterr()
    assert code == 0
    assert "Traceback" not in err
    assert "damaged" in err
