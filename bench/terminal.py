"""Programs in a pseudo-terminal (120x40), as a user runs them: what the
start-up, large-article and responsiveness benchmarks share."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable

#: Escape sequences, removed to read the text on screen.
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def app_env() -> dict[str, str]:
    """The environment the apps run in: a colour terminal, and Python free to
    write its bytecode cache, as on a user's machine (the warm-up run writes it)."""
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def spawn_in_pty(argv: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """Start `argv` in its own session on a new 120x40 pty; (process, master fd)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    return process, master


def stop(
    process: subprocess.Popen[bytes], master: int, before_close: Callable[[], None] | None = None
) -> None:
    """Kill the program's whole session, then close the pty."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    if before_close is not None:
        before_close()
    os.close(master)


class Terminal:
    """A program in a pty, its output collected by a thread; keys can be sent."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.process, self.master = spawn_in_pty(argv, env)
        self.output = bytearray()
        self.lock = threading.Lock()
        self.alive = True
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while self.alive:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            with self.lock:
                self.output += chunk

    def mark(self) -> int:
        with self.lock:
            return len(self.output)

    def wait_for(self, found: object, since: int = 0, timeout: float = 30) -> float:
        """Seconds until `found(plain_text_since)` is true."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            with self.lock:
                text = ANSI.sub(b"", bytes(self.output[since:]))
            if found(text):  # type: ignore[operator]
                return time.perf_counter() - start
            time.sleep(0.002)
        raise RuntimeError(f"timed out; screen ends with {text[-400:]!r}")

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        self.alive = False
        stop(self.process, self.master, before_close=self.reader.join)
