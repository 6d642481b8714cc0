"""Hostile pages and a real terminal for the security tests.

`hostile_html()` is a news page whose every visible string carries terminal
escape sequences, control and bidi characters and Rich/Textual markup. Each
payload hides a unique *marker* inside the sequence (the base64 of an OSC 52
clipboard write, the target of an OSC 8 link, ...): the marker can only
reach the terminal if the sequence did, so the tests look for the markers in
every byte the app writes.

`PtySession` runs the real app (`python -m reader`) in a pseudo-terminal,
records everything it writes and types keys at it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

# --------------------------------------------------------------------------- payloads

#: name -> (sequence put into the page, bytes that must never be written to the terminal)
PAYLOADS: dict[str, tuple[str, bytes]] = {
    "osc52 clipboard (BEL)": ("\x1b]52;c;ZXZpbA==\x07", b"ZXZpbA=="),
    "osc52 clipboard (ST)": ("\x1b]52;p;Y2xpcDI=\x1b\\", b"Y2xpcDI="),
    "osc8 hyperlink": ("\x1b]8;;https://evil.example/osc8\x1b\\", b"evil.example"),
    "osc0 window title": ("\x1b]0;pwned-title\x07", b"pwned-title"),
    "osc2 title, 8-bit": ("\x9d2;pwned-c1\x9c", b"pwned-c1"),
    "osc777 notify": ("\x1b]777;notify;NOTIFYMARK;body\x07", b"NOTIFYMARK"),
    "csi clear screen and scrollback": ("\x1b[2J\x1b[3J", b"\x1b[3J"),
    "csi cursor far away": ("\x1b[999;999H", b"\x1b[999;999H"),
    "csi device status report": ("\x1b[6n", b"\x1b[6n"),
    "csi report window title": ("\x1b[21t", b"\x1b[21t"),
    "csi 8-bit": ("\x9b6n", b"\xc2\x9b"),
    "csi mouse off": ("\x1b[?1000l\x1b[?1006l", b"\x1b[?1000l\x1b[?1006l"),
    "dcs": ("\x1bPDCSMARK\x1b\\", b"DCSMARK"),
    "dcs 8-bit": ("\x90DCSEIGHT\x9c", b"DCSEIGHT"),
    "apc kitty graphics": ("\x1b_Gf=100;QVBDTUFSSw==\x1b\\", b"QVBDTUFSSw=="),
    "pm": ("\x1b^PMMARK\x1b\\", b"PMMARK"),
    "sos": ("\x1bXSOSMARK\x1b\\", b"SOSMARK"),
    "ris full reset": ("\x1bc", b"\x1bc"),
    "dec line drawing": ("\x1b(0", b"\x1b(0"),
    "shift out": ("\x0e", b"\x0e"),
    "bell": ("\x07", b"\x07"),
    "backspace": ("\x08", b"\x08"),
    "delete": ("\x7f", b"\x7f"),
    "c1 NEL": ("\x85", b"\xc2\x85"),
    "c1 RI": ("\x8d", b"\xc2\x8d"),
    "c1 ST": ("\x9c", b"\xc2\x9c"),
    "rlo override": ("\u202e", "\u202e".encode()),
    "lro override": ("\u202d", "\u202d".encode()),
    "rle embedding": ("\u202b", "\u202b".encode()),
    "pdf pop": ("\u202c", "\u202c".encode()),
    "lri isolate": ("\u2066", "\u2066".encode()),
    "rli isolate": ("\u2067", "\u2067".encode()),
    "fsi isolate": ("\u2068", "\u2068".encode()),
    "pdi pop isolate": ("\u2069", "\u2069".encode()),
    "rlm mark": ("\u200f", "\u200f".encode()),
    "arabic letter mark": ("\u061c", "\u061c".encode()),
}

#: All payloads in one string, for places that get everything at once.
EVERYTHING = "".join(sequence for sequence, _ in PAYLOADS.values())

#: Bytes of any C1 control encoded as UTF-8 (U+0080-U+009F); 0xC2 is only
#: ever a lead byte, so this cannot match inside another character.
C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
#: Bidi embeddings, overrides, isolates and marks, UTF-8 encoded.
BIDI_UTF8 = re.compile(
    b"|".join(
        re.escape(chr(c).encode())
        for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    )
)

#: Markup that must be shown as text, never interpreted.
MARKUP = (
    "[bold]vote[/bold]",
    "[@click=app.quit]",
    "[link=file:///etc/passwd]",
    "[red]Hawks[/red]",
)


def p(name: str) -> str:
    """The sequence of one payload."""
    return PAYLOADS[name][0]


HOSTILE_PATH = "/news/2025/03/05/water-board/"
SECOND_PATH = "/news/2025/03/06/second-story/"
#: Redirects to a javascript: address whose text carries an OSC 0 title.
JS_REDIRECT_PATH = "/news/2025/03/07/moved-story/"
#: Answers 404 with an escape sequence in its reason phrase and body.
GONE_PATH = "/news/2025/02/11/rates-explained/"

_FILLER = (
    "The county water board postponed its vote on new rates for the second time on "
    "Tuesday, and members said they needed more time to study the consultant's report."
)


def hostile_html(*, long_lines: bool = True) -> str:
    """The hostile page. Its related list links to the second page (through an
    address full of escapes that sanitizes to SECOND_PATH), javascript:,
    file:, data: and mailto: addresses."""
    para = f"<p>{_FILLER}</p>"
    long_words = ("Longline " * 11_112)[:100_000]
    long_word = "W" * 100_000
    long_part = (
        f"<p>{long_words}{p('osc52 clipboard (BEL)')}</p><p>{long_word}{p('dcs')}</p>"
        if long_lines
        else ""
    )
    second = (
        "/news/2025/03/06/second"
        + p("osc52 clipboard (BEL)")
        + p("rlo override")
        + "-story/"
        + p("c1 NEL")
    )
    return f"""<!DOCTYPE html>
<html lang="en{p("csi clear screen and scrollback")}">
<head>
<meta charset="utf-8">
<title>Water board [bold]vote[/bold] {p("osc52 clipboard (BEL)")}delayed{p("rlo override")} again{p("osc0 window title")} - The Mallory Gazette</title>
<meta property="og:title" content="Water board [bold]vote[/bold] {p("osc52 clipboard (BEL)")}delayed{p("rlo override")} again{p("osc0 window title")}">
<meta property="og:site_name" content="The Mallory {p("osc2 title, 8-bit")}Gazette{p("bell")}">
<meta property="og:type" content="article">
<meta name="author" content="Eve {p("csi clear screen and scrollback")}Mallory{p("osc0 window title")}">
<meta property="article:published_time" content="2025-03-05T16:00:00-05:00{p("bell")}">
</head>
<body>
<div class="masthead"><a href="/">The Mallory Gazette</a>
  <nav><a href="/news/">News</a> <a href="javascript:alert('nav')">Log in</a></nav>
</div>
<div class="main">
  <article class="story">
    <h1>Water board [bold]vote[/bold] {p("osc52 clipboard (BEL)")}delayed{p("rlo override")} again</h1>
    <p class="byline">By Eve {p("csi clear screen and scrollback")}Mallory{p("osc0 window title")}</p>
    <div class="story-body">
      <p>The county water board postponed{p("csi cursor far away")} its vote on new rates for
      the second time on Tuesday.{p("csi clear screen and scrollback")} Members said they needed
      more time{p("csi device status report")} to study the consultant's report.</p>
      <p>Board secretary Dana Pike said the agenda software had mangled several items,
      printing codes such as [bold]x[/bold] and a lone [/] where headings should have
      been{p("csi report window title")}.</p>
      <p>One line of the posted agenda read [@click=app.quit]quit[/], and another
      [link=file:///etc/passwd]x[/link], which staff blamed on a template error{p("csi 8-bit")}.</p>
      <h2>What the {p("osc8 hyperlink")}board{p("osc8 hyperlink")} said{p("dcs 8-bit")}</h2>
      <p>Pike said the board would meet again on March 18.{p("rlo override")}{p("lri isolate")}
      The new rates{p("pdi pop isolate")} would take effect in July if approved{p("apc kitty graphics")}.</p>
      <p>Residents can read <a href="javascript:alert(document.cookie)">the report
      [@click=app.quit]online[/]</a> at the county library{p("osc52 clipboard (ST)")} or
      request <a href="file:///etc/passwd">a printed copy</a> from the
      <a href="/about/board{p("osc8 hyperlink")}/">board office</a>.</p>
      <blockquote><p>We will print the next agenda by hand{p("pm")} if we have to{p("sos")},
      she said{p("ris full reset")}.</p></blockquote>
      <ul><li>Rates up {p("dec line drawing")}six dollars{p("shift out")}</li>
      <li>Vote on March 18{p("csi mouse off")}{p("osc777 notify")}</li></ul>
      <table><tr><th>Item{p("backspace")}</th><th>Cost{p("delete")}</th></tr>
      <tr><td>Water{p("c1 RI")}</td><td>$6{p("c1 ST")}</td></tr></table>
      <pre><code>rate = base * 1.06{p("osc52 clipboard (BEL)")}{p("rle embedding")}{p("pdf pop")}</code></pre>
      <figure><img src="/img/board.jpg" alt="The board{p("osc0 window title")} meeting{p("fsi isolate")}{p("rli isolate")}">
      <figcaption>The board in session{p("rlm mark")}{p("arabic letter mark")}{p("lro override")}</figcaption></figure>
      {para * 4}
      {long_part}
    </div>
  </article>
  <div class="related">
    <h3>Related {p("osc0 window title")}stories{p("csi clear screen and scrollback")}</h3>
    <ul>
      <li><a href="{second}">Second {p("osc8 hyperlink")}story about the water board{p("osc8 hyperlink")}</a></li>
      <li><a href="javascript:alert(document.cookie)">Click [@click=app.quit]me[/] now please</a></li>
      <li><a href="file:///etc/passwd">[link=file:///etc/passwd]passwords[/link] list here</a></li>
      <li><a href=" JaVaScRiPt:void(0)">Harmless-looking link to nowhere</a></li>
      <li><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Data link with a story</a></li>
      <li><a href="mailto:board@county.example">Email the board about rates</a></li>
      <li><a href="{JS_REDIRECT_PATH}">The moved story {p("osc52 clipboard (ST)")}about rates</a></li>
      <li><a href="{GONE_PATH}">Rates, explained [/] {p("dcs")}in full</a></li>
    </ul>
  </div>
  <div class="most-read">
    <h3>Most read{p("bell")}</h3>
    <ol>
      <li><a href="/news/2025/03/05/school-bus-routes-change/">School bus routes change next week</a></li>
      <li><a href="/sports/2025/03/03/hawks-win-title/">[red]Hawks[/red] win the title{p("apc kitty graphics")}</a></li>
    </ol>
  </div>
</div>
<footer><a href="file:///C:/Windows/win.ini">Local file</a> <p>&copy; 2025 The Mallory Gazette</p></footer>
</body>
</html>
"""


def second_html() -> str:
    """The page the hostile page's first related link leads to: hostile too."""
    para = f"<p>{_FILLER} The second story{p('osc52 clipboard (ST)')} adds more detail.</p>"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Second story{p("osc0 window title")} [@click=app.quit]about{p("rlo override")} rates</title>
</head><body><article>
<h1>Second story{p("osc0 window title")} [@click=app.quit]about{p("rlo override")} rates</h1>
<p class="byline">By Mallory{p("osc8 hyperlink")}</p>
{para * 6}
</article></body></html>
"""


@dataclass(frozen=True)
class HostileSite:
    """The hostile pages on a loopback server."""

    server: HTTPServer
    hostile_url: str
    second_url: str


@pytest.fixture
def hostile_site(httpserver: HTTPServer) -> HostileSite:
    """The hostile page and the second page it links to, served on loopback."""
    content_type = "text/html; charset=utf-8"
    httpserver.expect_request(HOSTILE_PATH).respond_with_data(
        hostile_html(), content_type=content_type
    )
    httpserver.expect_request(SECOND_PATH).respond_with_data(
        second_html(), content_type=content_type
    )
    httpserver.expect_request(JS_REDIRECT_PATH).respond_with_response(
        Response(
            "", status=302, headers={"Location": f"javascript:alert('{p('osc0 window title')}')"}
        )
    )
    httpserver.expect_request(GONE_PATH).respond_with_response(
        Response(
            f"<html><body><h1>Gone{p('osc0 window title')}</h1></body></html>",
            status=f"404 Gone{p('osc0 window title')}",
            content_type=content_type,
        )
    )
    return HostileSite(
        httpserver, httpserver.url_for(HOSTILE_PATH), httpserver.url_for(SECOND_PATH)
    )


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    """The hostile page as a file (real control bytes, UTF-8)."""
    path = tmp_path / "hostile.html"
    path.write_bytes(hostile_html().encode("utf-8"))
    return path


# --------------------------------------------------------------------------- checks

#: Textual's own output: CSI, OSC and two-character escape sequences.
_ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=:]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\|\x1b[ -~]",
    re.S,
)


def screen_text(data: bytes) -> str:
    """What the output shows as text: every escape sequence removed."""
    return _ANSI.sub(b"", data).decode("utf-8", "replace")


#: The sequences Textual itself writes: CSI with these final bytes, and OSC 22
#: (the mouse pointer's shape). Anything else came from somewhere it should not.
_TEXTUAL_CSI_FINALS = frozenset(b"HhlmpuJKABCDGdrq")
_SEQUENCE = re.compile(
    rb"\x1b\[[0-9;?<>=:]*[ -/]*([@-~])?|\x1b\]([0-9]*)[^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b(.)?",
    re.S,
)
_TEXTUAL_OSC = re.compile(rb"\x1b\]22;[^\x07\x1b]*(?:\x07|\x1b\\)")


def foreign_sequences(data: bytes) -> list[bytes]:
    """Escape sequences in `data` that Textual does not write. A sequence cut
    off by the end of `data` (the output read while the app was writing it)
    is not judged: its end has not arrived yet."""
    foreign = []
    for match in _SEQUENCE.finditer(data):
        csi_final, osc_number, other = match.groups()
        text = match.group(0)
        if match.end() == len(data) and _unfinished(text, csi_final, other):
            continue
        if text.startswith(b"\x1b["):
            if csi_final is None or csi_final[0] not in _TEXTUAL_CSI_FINALS:
                foreign.append(text)
        elif text.startswith(b"\x1b]"):
            if osc_number != b"22":
                foreign.append(text)
        else:
            foreign.append(text if other is not None else b"\x1b")
    return foreign


def _unfinished(text: bytes, csi_final: bytes | None, other: bytes | None) -> bool:
    if text.startswith(b"\x1b["):
        return csi_final is None
    if text.startswith(b"\x1b]"):
        return not text.endswith((b"\x07", b"\x1b\\"))
    return other is None


def leaks(data: bytes) -> list[str]:
    """Every page payload found in `data` (bytes written to a terminal)."""
    found = [
        name
        for name, (_, marker) in PAYLOADS.items()
        if marker in (_TEXTUAL_OSC.sub(b"", data) if name == "bell" else data)
    ]
    found.extend(f"foreign sequence {seq!r}" for seq in foreign_sequences(data)[:5])
    if C1_UTF8.search(data):
        found.append(f"C1 control {C1_UTF8.search(data)!r}")
    if BIDI_UTF8.search(data):
        found.append(f"bidi control {BIDI_UTF8.search(data)!r}")
    text = screen_text(data)
    # An escape removed but its parameters left behind would show as text.
    for rest in ("]52;", "]8;;", "]0;", "]777;", "[2J", "[999;999H", "[21t", "Gf=100"):
        if rest in text:
            found.append(f"leftover {rest!r}")
    return found


# --------------------------------------------------------------------------- the pty


def child_env(**extra: str) -> dict[str, str]:
    """The environment of the app under test: a plain xterm, no proxies."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key.lower() not in {"http_proxy", "https_proxy", "all_proxy"}
        and not key.startswith(("TEXTUAL", "PYTEST"))
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        NO_PROXY="*",
        LANG="C.UTF-8",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


class PtySession:
    """A process on a pseudo-terminal; every byte it writes is kept in `output`."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        size: tuple[int, int] = (120, 40),
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        columns, rows = size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env or child_env(),
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            with self._lock:
                self._buffer += chunk
        self._closed.set()

    @property
    def output(self) -> bytes:
        """Everything written so far."""
        with self._lock:
            return bytes(self._buffer)

    def mark(self) -> int:
        """A position in the output, for `wait_for(..., since=)`."""
        with self._lock:
            return len(self._buffer)

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def send(self, keys: str | bytes, pause: float = 0.05) -> None:
        """Type `keys` (then give the app a moment)."""
        data = keys.encode() if isinstance(keys, str) else keys
        os.write(self.master, data)
        time.sleep(pause)

    def wait_for(self, *texts: str, since: int = 0, timeout: float = 10.0) -> str:
        """Wait until one of `texts` is on screen (after `since`); returns it."""
        deadline = time.monotonic() + timeout
        while True:
            shown = screen_text(self.output[since:])
            for text in texts:
                if text in shown:
                    return text
            if time.monotonic() > deadline or not self.alive():
                tail = shown[-1500:]
                state = "running" if self.alive() else f"exited {self.process.returncode}"
                raise AssertionError(f"{texts!r} never appeared ({state}); screen ended: {tail!r}")
            time.sleep(0.05)

    def wait_exit(self, timeout: float = 10.0) -> int:
        """The exit status, waiting for it."""
        code = self.process.wait(timeout)
        self._closed.wait(2)
        return code

    def close(self) -> None:
        """Kill the process group if still running and release the pty."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        with contextlib.suppress(OSError):
            os.close(self.master)
        self._reader.join(2)


@pytest.fixture
def pty_session() -> Iterator[type[PtySession]]:
    """Start PtySessions that are always cleaned up."""
    sessions: list[PtySession] = []

    class Tracked(PtySession):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            sessions.append(self)

    yield Tracked
    for session in sessions:
        session.close()


def reader_argv(*args: str) -> list[str]:
    """`python -m reader ARGS`."""
    return [sys.executable, "-m", "reader", *args]
