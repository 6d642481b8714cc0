"""The store always opens (issue 13, point 4): damage anywhere in the file
(tables, indexes, the full-text index, a truncated, empty or foreign file) is
detected whatever SQLite's message, the file is moved aside with a notice and
its bookmarks (all of them), pages and sources are salvaged; a read-only
library is opened read-only, reading commands work and writes say why not.
Each variant runs `bookmarks list`, `search`, `cache stats`: no traceback."""

from __future__ import annotations

import os
import random
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.paths import resolve_paths
from reader.store import Store, StoreError
from reader.store import db as store_db
from tests.store.test_store import article, page

BOOKMARKS = 40
PAGES = 60


def _build(home: Path) -> Path:
    database = resolve_paths(home).ensure().database
    store = Store(database)
    for n in range(BOOKMARKS):
        store.add_bookmark(f"https://n.example/{n}", f"Story {n}", [f"t{n % 3}"], f"note {n}")
    for n in range(PAGES):
        url = f"https://n.example/page/{n}"
        store.save_page(page(url, "<p>" + secrets.token_hex(300) + "</p>"))
        store.save_article(url, article(url, f"Title {n} xylophone", "word " * 150))
    store.add_source("https://n.example/feed.xml", "feed", "News")
    store.close()
    return database


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _build(tmp_path_factory.mktemp("lib") / "home").read_bytes()


def _pages_of(data: bytes, name: str) -> list[int]:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"reader-dbstat-{os.getpid()}.sqlite3"
    path.write_bytes(data)
    try:
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (name,)).fetchall()
        except sqlite3.Error:  # no dbstat: the table's root page
            query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
            rows = conn.execute(query, (name,)).fetchall()
        conn.close()
    finally:
        path.unlink()
    return [int(r[0]) for r in rows]


def _scribble(data: bytes, pageno: int, seed: int) -> bytes:
    """Random bytes over one page (its header and cells)."""
    out = bytearray(data)
    rnd = random.Random(seed)
    start = (pageno - 1) * 4096 + (100 if pageno == 1 else 0)
    for offset in range(start, start + 4096 - 200, 61):
        out[offset] = rnd.randrange(256)
    out[start : start + 12] = bytes(rnd.randrange(256) for _ in range(12))
    return bytes(out)


def _run(home: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, tuple[int, str, str]]:
    results = {}
    for args in (["bookmarks", "list"], ["search", "xylophone"], ["cache", "stats"]):
        code = main([*args, "--home", str(home)])
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        assert code in (0, 1), (args, code, err)
        results[" ".join(args)] = (code, out, err)
    return results


DAMAGED = [
    "bookmarks",
    "sqlite_autoindex_bookmarks_1",
    "bookmark_tags",
    "pages",
    "articles",
    "links",
    "documents",
    "search_idx",
    "search_docsize",
    "search_content",
    "search_data",
    "sources",
    "visits_url",
]


@pytest.mark.parametrize("name", DAMAGED)
@pytest.mark.parametrize("seed", [1, 2])
def test_damage_in_any_table_or_index(
    pristine: bytes, tmp_path: Path, name: str, seed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    database = resolve_paths(home).ensure().database
    pages = _pages_of(pristine, name)
    database.write_bytes(_scribble(pristine, pages[seed % len(pages)], seed))
    results = _run(home, capsys)
    _, listed, _ = results["bookmarks list"]
    # Every bookmark is still there, found in the file or salvaged from it.
    assert len(listed.splitlines()) == BOOKMARKS, results
    notices = "".join(err for _, _, err in results.values())
    if "damaged" in notices:
        assert list(database.parent.glob("reader.sqlite3.damaged-*"))
        assert len([ln for ln in notices.splitlines() if "damaged" in ln]) == 1
    assert results["cache stats"][0] == 0


@pytest.mark.parametrize(
    "content",
    [b"", b"SQLite format 3\x00" + b"\x00" * 50, b"not a database" * 500, 0.75, 0.33],
    ids=["zero-length", "header only", "not sqlite", "last quarter cut", "two thirds cut"],
)
def test_empty_foreign_and_truncated_files(
    pristine: bytes,
    tmp_path: Path,
    content: bytes | float,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    database = resolve_paths(home).ensure().database
    if isinstance(content, float):  # a file cut short (a copy interrupted, a full disk)
        content = pristine[: int(len(pristine) * content)]
    database.write_bytes(content)
    results = _run(home, capsys)
    assert results["cache stats"][0] == 0
    if len(content) > len(pristine) // 2:
        # The bookmarks and the schema sit in the first half of this file:
        # the header's page count is mended so SQLite reads what is left.
        assert len(results["bookmarks list"][1].splitlines()) == BOOKMARKS
    # (Cut before the schema's last page, nothing can be read through SQLite:
    # the commands still work, on a new library.)


def test_a_wal_left_by_a_crash_is_replayed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    database = _build(home)
    # A writer that dies (os._exit) with its last transaction only in the WAL.
    script = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"UPDATE bookmarks SET title = 'After crash' WHERE id = 1\")\n"
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(database)], check=False, timeout=30)
    assert Path(f"{database}-wal").stat().st_size > 0
    results = _run(home, capsys)
    assert "After crash" in results["bookmarks list"][1]
    assert "damaged" not in "".join(err for _, _, err in results.values())


def test_damage_found_in_search_is_detected_whatever_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error whose message does not say "malformed" still runs the check."""
    database = _build(tmp_path / "home")
    store = Store(database)
    try:
        assert store.db.damage(sqlite3.DatabaseError("vtable constructor failed")) is None
        monkeypatch.setattr(store_db, "check_file", lambda conn, writable: "page 7 is bad")
        assert store.db.damage(sqlite3.DatabaseError("some new message")) == "page 7 is bad"
        assert store.db.damage(sqlite3.OperationalError("database is locked")) is None
    finally:
        store.close()


@pytest.mark.parametrize("variant", ["file", "folder"])
def test_read_only_library_through_the_seam(
    tmp_path: Path,
    variant: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As root no mode stops us: the decision (`why_read_only`) is forced here,
    and checked for real as another user below."""
    home = tmp_path / "home"
    _build(home)
    reason = (
        "the file reader.sqlite3 is not writable"
        if variant == "file"
        else "its folder is not writable"
    )
    monkeypatch.setattr(store_db, "why_read_only", lambda path: reason)
    results = _run(home, capsys)
    assert len(results["bookmarks list"][1].splitlines()) == BOOKMARKS
    assert results["search xylophone"][0] == 0
    assert reason in results["cache stats"][2]
    code = main(["bookmarks", "add", "--no-fetch", "https://n.example/new", "--home", str(home)])
    err = capsys.readouterr().err
    assert code == 1 and f"read-only ({reason}); nothing can be saved" in err
    store = Store(resolve_paths(home).database)
    with pytest.raises(StoreError, match="read-only"):
        store.add_bookmark("https://n.example/new")
    store.close()


def _as_nobody(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI as user 65534: imports made as root, then setuid."""
    script = (
        "import os, sys, importlib\n"
        "for m in ('reader.cli', 'reader.cli.library_commands', 'reader.library', "
        "'reader.store.store', 'reader.store.bookmarks', 'reader.store.search', "
        "'reader.store.cache', 'reader.store.recover', 'reader.config', "
        "'reader.cli.streams', 'encodings.idna', 'reader.store.items', 'reader.store.sources'):\n"
        "    importlib.import_module(m)\n"
        "if os.geteuid() == 0:\n"
        "    os.setgid(65534); os.setuid(65534)\n"
        "from reader.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd="/",
    )


@pytest.mark.parametrize("variant", ["file", "folder", "folder, no WAL files"])
def test_read_only_library_for_real(variant: str) -> None:
    # pytest's own temporary folders are closed to other users: one in /tmp.
    tmp_path = Path(tempfile.mkdtemp(prefix="reader-ro-"))
    home = tmp_path / "home"
    database = _build(home)
    if variant.endswith("no WAL files"):
        for extra in database.parent.glob("reader.sqlite3-*"):
            extra.unlink()
    for folder in (tmp_path, home, home / "config"):
        folder.chmod(0o755)
    if variant == "file":
        database.chmod(0o444)
        database.parent.chmod(0o777 if os.geteuid() == 0 else 0o755)
    else:
        database.chmod(0o644)
        database.parent.chmod(0o555)
    try:
        listed = _as_nobody(["bookmarks", "list", "--home", str(home)])
        found = _as_nobody(["search", "xylophone", "--home", str(home)])
        added = _as_nobody(
            ["bookmarks", "add", "--no-fetch", "https://n.example/new", "--home", str(home)]
        )
    finally:
        database.parent.chmod(0o755)
        shutil.rmtree(tmp_path, ignore_errors=True)
    for done in (listed, found, added):
        assert "Traceback" not in done.stderr, done.stderr
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == BOOKMARKS, listed.stderr
    assert found.returncode == 0 and "xylophone" in found.stdout
    assert "read-only" in listed.stderr
    assert added.returncode == 1 and "nothing can be saved" in added.stderr
    assert not list(database.parent.glob("*.damaged-*"))
