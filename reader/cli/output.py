"""What the subcommands print: lines and JSON lines on stdout, one sanitized
`reader: WHAT: reason` line on stderr per failure, dates (sizes and "time
ago" come from `reader.core.humanize`, shared with the app), and exports
written to stdout or, whole or not at all, to a file (`write_output`)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from reader.core.sanitize import clean_line


def write_line(text: str = "") -> None:
    """One line on stdout."""
    sys.stdout.write(text + "\n")


def write_json_line(data: object) -> None:
    """One JSON object on one line of stdout (non-ASCII kept as is, or
    escaped as \\uXXXX when stdout's encoding cannot hold it)."""
    sys.stdout.write(json_line(data))


def json_line(data: object) -> str:
    """`data` as one line of JSON for stdout (see `write_json_line`)."""
    from reader.cli.streams import stdout_is_unicode

    return json.dumps(data, ensure_ascii=not stdout_is_unicode()) + "\n"


def stdout_is_tty() -> bool:
    """Whether stdout is a terminal (False when it cannot tell)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def error_line(what: str, message: str) -> None:
    """Print one sanitized error line on stderr."""
    what = clean_line(what)
    if len(what) > 200:
        what = what[:199] + "…"
    _to_stderr(f"reader: {what}: {clean_line(message)}")


def failure_lines(groups: Sequence[tuple[str, list[tuple[str, str]]]], noun: str) -> None:
    """Failures grouped by reason (`records.group_by_reason`), one line each:
    a failure alone keeps its address and message; failures alike are
    counted, `reader: 4 pages: the disk is full; nothing more can be saved`."""
    for reason, group in groups:
        if len(group) == 1:
            error_line(*group[0])
            continue
        clause = reason.rstrip(".")
        if clause[1:2].islower():  # "The disk is full." -> "the disk is full", not "TLS"
            clause = clause[:1].lower() + clause[1:]
        error_line(f"{len(group)} {noun}", clause)


def warning_line(what: str, message: str) -> None:
    """Print one sanitized warning on stderr: `reader: warning: WHAT: message`,
    so that a script counting failure lines (`reader: WHAT: reason`) can tell
    the two apart (`grep -v '^reader: warning: '`)."""
    what = clean_line(what)
    if len(what) > 200:
        what = what[:199] + "…"
    _to_stderr(f"reader: warning: {what}: {clean_line(message)}")


def _to_stderr(line: str) -> None:
    """One line on stderr; a stderr that cannot be written (closed, full) is
    left silent rather than failing the command."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def day(moment: datetime | None) -> str:
    """The UTC day of `moment`, 2025-03-14 (dashes when there is none)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d") if moment else "----------"


def iso_time(moment: datetime | None) -> str | None:
    """`moment` in UTC as ISO 8601 to the second, for JSON."""
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def write_output(output: str | None, data: bytes) -> bool:
    """Write an export to stdout (no `output`, or "-") or to what the path
    `output` names (see `write_file`); False, with one line on stderr, when it
    could not be written."""
    if not output or output == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            buffer.write(data)
            buffer.flush()
        return True
    try:
        write_file(Path(output), data)
    except OSError as exc:
        error_line(output, exc.strerror or str(exc))
        return False
    return True


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
