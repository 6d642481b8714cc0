"""The standard streams of a subcommand, made safe to fail.

A subcommand may start with stdin, stdout or stderr closed (`<&-`, `>&-`),
write into a full device (`>/dev/full`), a pipe closed early (`| head -1`) or
a terminal whose encoding cannot show every character (`PYTHONIOENCODING=ascii`).
None of these may end in a traceback:

- a closed descriptor 0, 1 or 2 is pointed at /dev/null, so that no file the
  command opens later (the library's database) gets its number and receives
  what was meant for the terminal; a closed stdin then reads as "standard
  input is closed", a closed stdout fails every write the same way, and a
  closed stderr stays silent;
- a failed write to stdout raises `StdoutError` (a broken pipe stays
  `BrokenPipeError`), which `reader.cli.main` turns into one line
  `reader: standard output: REASON` and exit status 1;
- characters stdout's encoding cannot hold are written as `?` (JSON lines
  escape them instead, so they stay exact: see `output.write_json_line`).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from pathlib import Path
from typing import IO, Any, cast

#: The message of a read or write on a stream that was closed when we started.
CLOSED_STDIN = "standard input is closed"
CLOSED_STDOUT = "closed"


class StdoutError(OSError):
    """Writing to standard output failed (full device, closed, I/O error)."""


class _ClosedRaw(io.RawIOBase):
    """A descriptor closed before we started: every read or write fails."""

    def __init__(self, message: str, *, read: bool) -> None:
        super().__init__()
        self._message = message
        self._read = read
        self.silent = False

    def readable(self) -> bool:
        return self._read

    def writable(self) -> bool:
        return not self._read

    def readinto(self, buffer: Any) -> int:
        raise OSError(errno.EBADF, self._message)

    def write(self, data: Any) -> int:
        if self.silent:
            return len(data)
        raise OSError(errno.EBADF, self._message)


#: The stand-ins for a closed stdout (made to discard once the failure is reported).
_closed_outputs: list[_ClosedRaw] = []


class _Guarded:
    """A stream whose write errors (but a broken pipe) become StdoutError."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _call(self, name: str, *args: Any) -> Any:
        try:
            return getattr(self._stream, name)(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StdoutError(exc.errno or errno.EIO, exc.strerror or str(exc)) from None

    def write(self, data: Any) -> Any:
        return self._call("write", data)

    def writelines(self, lines: Any) -> Any:
        return self._call("writelines", lines)

    def flush(self) -> Any:
        return self._call("flush")

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(self._stream.buffer)


def prepare_streams() -> None:
    """Make the standard streams safe for a subcommand (see the module doc)."""
    closed = [fd for fd in (0, 1, 2) if not _is_open(fd)]
    for fd in closed:
        _fill_with_devnull(fd)
    if 0 in closed or sys.stdin is None:
        raw = _ClosedRaw(CLOSED_STDIN, read=True)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8")
    if 2 in closed or sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - lives as long as we do
    if 1 in closed or sys.stdout is None:
        raw = _ClosedRaw(CLOSED_STDOUT, read=False)
        _closed_outputs.append(raw)
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8")
    if not isinstance(sys.stdout, _Guarded):
        if isinstance(sys.stdout, io.TextIOWrapper) and not stdout_is_unicode():
            sys.stdout.reconfigure(errors="replace")
        sys.stdout = cast("IO[str]", _Guarded(sys.stdout))


def stdout_is_unicode() -> bool:
    """Whether stdout's encoding can hold every character (a UTF codec)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding.startswith("utf")


def finish_stdout() -> None:
    """Flush stdout now, while a failure can still be reported (the
    interpreter's own flush at exit would print "Exception ignored")."""
    sys.stdout.flush()


def silence_stdout() -> None:
    """After stdout failed, point descriptor 1 at /dev/null (and make a closed
    stdout discard), so that what is still buffered goes nowhere quietly when
    the interpreter flushes it at exit."""
    _fill_with_devnull(1)
    for raw in _closed_outputs:
        raw.silent = True


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _fill_with_devnull(fd: int) -> None:
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
    except OSError:
        return
    if devnull != fd:
        with contextlib.suppress(OSError):
            os.dup2(devnull, fd)
        os.close(devnull)
