"""`-o PATH` writes to what the path names (issue 13, point 3): a symlink's
target (a dangling one gets its target created), a FIFO or a device as a
stream, a regular file whole or not at all with its permissions kept; a
folder, the library's own files and unwritable places are refused with one
line, never a traceback."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.output import write_file
from reader.core.paths import resolve_paths
from reader.store import Store

DATA = b"<!DOCTYPE NETSCAPE-Bookmark-file-1>\nexport\n"


def _target(tmp_path: Path) -> Path:
    target = tmp_path / "real" / "bookmarks.html"
    target.parent.mkdir()
    target.write_bytes(b"old")
    target.chmod(0o640)
    return target


def _absolute_link(tmp_path: Path) -> tuple[Path, Path]:
    target = _target(tmp_path)
    link = tmp_path / "link.html"
    link.symlink_to(target)
    return link, target


def _relative_link(tmp_path: Path) -> tuple[Path, Path]:
    target = _target(tmp_path)
    link = tmp_path / "rel.html"
    link.symlink_to(Path("real") / "bookmarks.html")
    return link, target


def _chain(tmp_path: Path) -> tuple[Path, Path]:
    first, target = _absolute_link(tmp_path)
    second = tmp_path / "second.html"
    second.symlink_to(first.name)
    return second, target


def _dangling(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "real").mkdir()
    link = tmp_path / "dangling.html"
    link.symlink_to(tmp_path / "real" / "new.html")
    return link, tmp_path / "real" / "new.html"


@pytest.mark.parametrize(
    "make",
    [_absolute_link, _relative_link, _chain, _dangling],
    ids=["symlink", "relative symlink", "symlink chain", "dangling symlink"],
)
def test_a_symlink_is_followed_to_its_target(
    tmp_path: Path, make: Callable[[Path], tuple[Path, Path]]
) -> None:
    link, target = make(tmp_path)
    existed = target.exists()
    write_file(link, DATA)
    assert link.is_symlink(), "the link itself must stay a link"
    assert target.read_bytes() == DATA
    if existed:
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in target.parent.iterdir()] == [target.name], "no temp file left"


def test_a_fifo_is_written_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    write_file(fifo, DATA)
    reader.join(timeout=10)
    assert received == [DATA]
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO must not be replaced by a file"


def test_a_symlink_to_a_fifo_is_written_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out"
    link.symlink_to(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_file(link, DATA)
    reader.join(timeout=10)
    assert received == [DATA] and link.is_symlink() and stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_character_device_is_written_not_replaced(device: str) -> None:
    before = Path(device).stat()
    write_file(Path(device), DATA)
    after = Path(device).stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_hard_linked_file_is_rewritten_in_place(tmp_path: Path) -> None:
    target = _target(tmp_path)
    other = tmp_path / "other-name.html"
    os.link(target, other)
    write_file(target, DATA)
    assert other.read_bytes() == DATA and target.stat().st_ino == other.stat().st_ino


def test_a_regular_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = _target(tmp_path)
    target.chmod(0o600)
    write_file(target, DATA)
    write_file(target, DATA + b"again")  # the same path twice
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == DATA + b"again"


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_file(tmp_path / "new.html", DATA)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.html").stat().st_mode) == 0o640


def _refused_paths(tmp_path: Path) -> list[tuple[str, Path]]:
    cases = [
        ("folder", tmp_path),
        ("symlink to a folder", tmp_path / "to-folder"),
        ("missing folder", tmp_path / "no" / "such" / "folder" / "b.html"),
        ("/proc", Path("/proc/reader-export.html")),
    ]
    (tmp_path / "to-folder").symlink_to(tmp_path)
    return cases


@pytest.mark.parametrize("case", range(4))
def test_unwritable_places_give_one_line_through_the_cli(
    tmp_path: Path, case: int, capsys: pytest.CaptureFixture[str]
) -> None:
    name, path = _refused_paths(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    code = main(["bookmarks", "export", "-o", str(path), "--home", str(tmp_path / "h")])
    out, err = capsys.readouterr()
    assert code == 1, name
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"reader: {path}: ")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "h") == before
    assert out == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="a folder's mode does not stop root")
def test_a_read_only_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code = main(["bookmarks", "export", "-o", str(folder / "b.html")])
    finally:
        folder.chmod(0o755)
    assert code == 1 and "Permission denied" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_librarys_own_files_are_refused(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "h"
    database = resolve_paths(home).ensure().database
    store = Store(database)
    store.add_bookmark("https://n.example/kept", "Kept")
    store.close()
    target = Path(f"{database}{suffix}")
    link = tmp_path / "innocent.html"
    link.symlink_to(target)
    code = main(["bookmarks", "export", "-o", str(link), "--home", str(home)])
    assert code == 1 and "library's own files" in capsys.readouterr().err
    store = Store(database)
    assert store.bookmark("https://n.example/kept") is not None
    store.close()


def test_the_cli_writes_through_a_symlink_and_a_path_given_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "h"
    store = Store(resolve_paths(home).ensure().database)
    store.add_bookmark("https://n.example/a", "A story")
    store.close()
    link, target = _absolute_link(tmp_path)
    args = ["bookmarks", "export", "-o", str(link), "-o", str(link), "--home", str(home)]
    assert main(args) == 0
    assert main(["sources", "export", "-o", str(link), "--home", str(home)]) == 0
    assert link.is_symlink() and b"<opml" in target.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "Traceback" not in capsys.readouterr().err
