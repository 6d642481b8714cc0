"""Writing a file where a user pointed (`-o`, an export folder): symlinks
followed, pipes and terminals written as streams, regular files replaced
whole or not at all, the library's own files never overwritten. Used by the
CLI's `-o` and by the library's exports alike."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to what `path` names, following symlinks (relative ones
    and chains too; a dangling one gets its target created, as the shell's
    `>` does): a regular file or a new path is replaced whole or not at all
    (a temporary file renamed over it, keeping the file's permissions), a
    file with other hard links is rewritten in place so every name sees the
    new content, a FIFO or a character device (a named pipe, /dev/stdout,
    /dev/null) is written as a stream, and anything else (a folder, a block
    device, a socket, the library's own files) is refused with OSError."""
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OSError(errno.EISDIR, "is a folder; give a file name")
    if _is_protected(target):
        raise OSError(errno.EPERM, "is one of the library's own files; not overwritten")
    if info is None or (stat.S_ISREG(info.st_mode) and info.st_nlink <= 1):
        write_atomically(target, data, info)
    elif stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        _write_stream(target, data)
    else:
        kind = "a block device" if stat.S_ISBLK(info.st_mode) else "not a file, pipe or terminal"
        raise OSError(errno.EINVAL, f"is {kind}; not written")


def write_atomically(target: Path, data: bytes, info: os.stat_result | None = None) -> None:
    """Write `data` to the regular file (or new path) `target` so that a reader
    never sees half a file; an existing file keeps its mode (and, when we may
    set it, its owner)."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(info.st_mode & 0o7777 if info is not None else _new_file_mode())
        if info is not None and (info.st_uid, info.st_gid) != _owner(temp):
            with contextlib.suppress(OSError):
                os.chown(temp, info.st_uid, info.st_gid)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_stream(target: Path, data: bytes) -> None:
    """Write into an existing pipe, device or hard-linked file as it is: no
    temporary file, no rename (opening a FIFO waits for its reader, as the
    shell does)."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "wb") as handle:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            handle.truncate(0)
        handle.write(data)


def _owner(path: str) -> tuple[int, int]:
    info = Path(path).stat()
    return info.st_uid, info.st_gid


def _new_file_mode() -> int:
    """The mode a new file gets: 0666 less the umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


#: The library's files, which `-o` must never replace (set by the command runner).
_protected: list[Path] = []


def protect(*paths: Path) -> None:
    """Refuse to write exports over `paths` (the library's database and its
    WAL and shared-memory files)."""
    _protected.extend(Path(os.path.realpath(p)) for p in paths)


def _is_protected(target: Path) -> bool:
    return any(target == p for p in _protected)
