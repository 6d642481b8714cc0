"""What a user may give the reader (issue 5, part 3): invalid addresses,
unsupported schemes, missing files, directories, binary and enormous files.

Every bad source is one clean line on stderr and exit status 1 from the CLI
(`reader: SOURCE: reason`, no traceback, no control characters), a
`ReaderError` with the same sentence from `Library.open` (nothing stored),
and an error dialog in the app, which goes on. Exit statuses, as documented
in reader/cli/exit_status.py: 0 ok, 1 a source failed, 2 bad usage, 130 interrupted.
(tests/unit/test_sources.py and tests/unit/test_cli*.py cover the loading
details and more usage errors; this is the user-facing contract over all
the cases at once.)
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.errors import ReaderError
from reader.core.paths import resolve_paths
from reader.library import Library
from tests.net.conftest import gzip_of_zeros
from tests.security.conftest import PtySession, child_env, leaks, reader_argv

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _files(tmp_path: Path) -> dict[str, Path]:
    """Bad local inputs, made once per test."""
    files = {
        "directory": tmp_path / "a-folder",
        "PNG": tmp_path / "photo.html",
        "PDF": tmp_path / "paper.html",
        "program": tmp_path / "program.html",
        "NUL bytes": tmp_path / "nul.html",
        "empty": tmp_path / "empty.html",
        "blank": tmp_path / "blank.html",
        "11 MiB": tmp_path / "huge.html",
        "gzip bomb": tmp_path / "bomb.html.gz",
        "damaged gzip": tmp_path / "damaged.html.gz",
    }
    files["directory"].mkdir()
    files["PNG"].write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(64))
    files["PDF"].write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    files["program"].write_bytes(b"\x7fELF\x02\x01\x01" + bytes(64))
    files["NUL bytes"].write_bytes(b"<html><body>\0\0\0<p>x</p>\0</body></html>")
    files["empty"].write_bytes(b"")
    files["blank"].write_bytes(b" \n\t\r\n ")
    with files["11 MiB"].open("wb") as handle:
        handle.truncate(11 * 1024 * 1024)  # sparse: costs no disk
    files["gzip bomb"].write_bytes(gzip_of_zeros(16 << 20))
    files["damaged gzip"].write_bytes(b"\x1f\x8b\x08\x00" + b"not really gzip" * 4)
    return files


#: (source, words the reason must contain); "{name}" is a file from _files.
CASES: list[tuple[str, str]] = [
    # invalid addresses
    ("http://", "has no host"),
    ("https:///news/story", "has no host"),
    ("http://[::1", "Malformed address"),
    ("http://example.com:99999/", "Malformed address"),
    ("http://exa mple.com/x", "Malformed host name"),
    ("http://%zz/", "Malformed host name"),
    ("https://exa_mple..com/", "Malformed host name"),
    # unsupported schemes
    ("javascript:alert(document.cookie)", "not javascript:"),
    (" JaVaScRiPt:alert(1)", "not javascript:"),
    ("data:text/html,<script>alert(1)</script>", "not data:"),
    ("vbscript:msgbox", "not vbscript:"),
    ("ftp://example.com/file", "not ftp:"),
    ("mailto:desk@example.com", "not mailto:"),
    ("about:blank", "not about:"),
    ("view-source:http://example.com/", "not view-source:"),
    ("file://fileserver/etc/passwd", "Only local file://"),
    # missing files, also with escape sequences in the name
    ("{tmp}/missing.html", "No such file"),
    ("./no-such-page.htm", "No such file"),
    ("~/no-such-dir/page.html", "No such file"),
    ("{tmp}/\x1b]0;pwned-title\x07story\u202e.html", "No such file"),
    # directories, binary files, empty and enormous files
    ("{directory}", "is a directory"),
    ("{PNG}", "is a PNG image, not an HTML page"),
    ("{PDF}", "is a PDF document, not an HTML page"),
    ("{program}", "is a program, not an HTML page"),
    ("{NUL bytes}", "is a binary file, not an HTML page"),
    ("{empty}", "is empty"),
    ("{blank}", "is empty"),
    ("/dev/null", "is empty"),
    ("{11 MiB}", "is 11 MiB, more than the 10 MiB limit"),
    ("/dev/zero", "larger than the 10 MiB limit"),
    ("{gzip bomb}", "larger than the 10 MiB limit once decompressed"),
    ("{damaged gzip}", "damaged gzip data"),
]


def _source(template: str, tmp_path: Path, files: dict[str, Path]) -> str:
    if template.startswith("{tmp}"):
        return str(tmp_path) + template[len("{tmp}") :]
    if template.startswith("{") and template.endswith("}"):
        return str(files[template[1:-1]])
    return template


def _one_clean_line(err: str, reason: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("reader: ")
    assert reason in lines[0], lines[0]
    assert "Traceback" not in err
    assert not CONTROLS.search(err), repr(err)
    assert "pwned" not in err


def test_each_bad_source_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path)
    for template, reason in CASES:
        source = _source(template, tmp_path, files)
        code = main(["extract", source, "--format", "json"])
        out, err = capsys.readouterr()
        assert (code, out) == (1, ""), (source, out)
        _one_clean_line(err, reason)


def test_bad_sources_do_not_stop_the_good_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """All the bad sources in one run, a good file among them: each failure is
    one line, the good page is printed, the status is 1."""
    files = _files(tmp_path)
    good = tmp_path / "good.html"
    good.write_text(
        "<html><head><title>Good page</title></head><body><article>"
        + "<p>Plain words for a plain page, nothing more to it at all.</p>" * 8
        + "</article></body></html>",
        encoding="utf-8",
    )
    sources = [_source(t, tmp_path, files) for t, _ in CASES]
    code = main(["extract", *sources[:10], str(good), *sources[10:]])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith("Good page\n\nPlain words")
    assert len(err.splitlines()) == len(CASES)
    assert "Traceback" not in err and not CONTROLS.search(err)


async def test_library_open_refuses_each_with_a_reader_error(tmp_path: Path) -> None:
    files = _files(tmp_path)
    library = Library(paths=resolve_paths(tmp_path / "home"))
    try:
        for template, reason in CASES:
            source = _source(template, tmp_path, files)
            with pytest.raises(ReaderError) as info:
                await library.open(source)
            message = str(info.value)
            assert reason in message, (source, message)
            assert "\n" not in message and not CONTROLS.search(message)
        stats = library.cache_stats()
        assert (stats.pages, stats.articles, stats.visits) == (0, 0, 0)
    finally:
        await library.close()


def test_stdin_with_a_malformed_base_element(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reader extract -` on a page whose <base href> cannot be parsed (it
    printed a traceback)."""
    stdin = io.TextIOWrapper(io.BytesIO(b'<base href="http://[::1"><p>Some text.</p>'))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["extract", "-"]) == 0
    out, err = capsys.readouterr()
    assert "Some text." in out and "Traceback" not in err
    # The page is too short to read as an article: a warning, nothing else.
    assert all(line.startswith("reader: warning: -:") for line in err.splitlines())


def test_usage_errors_exit_2_with_a_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["--no-such-option"],
        ["--measure", "wide"],
        ["--measure", "500"],
        ["one.html", "two.html"],
        ["extract", "--format", "pdf", "x.html"],
        ["extract", "x.html", "--base-url"],
    ):
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == 2, args
        err = capsys.readouterr().err
        assert "usage: reader" in err and "Traceback" not in err, args


def test_a_bad_base_url_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    for base in ("javascript:alert(1)", "file:///etc/", "http://[::1", "\x1b[2J"):
        code = main(["extract", str(page), "--base-url", base])
        out, err = capsys.readouterr()
        assert (code, out) == (1, ""), base
        assert len(err.splitlines()) == 1 and "Traceback" not in err
        assert not CONTROLS.search(err)


def _wait_until_reading_a_pipe(pid: int, timeout: float = 15.0) -> None:
    """Until a thread of `pid` blocks reading a pipe (Linux /proc), else a second."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        time.sleep(1.0)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for wchan in tasks.glob("*/wchan"):
            try:
                if "pipe_read" in wchan.read_text():
                    return
            except OSError:
                pass
        time.sleep(0.05)


def test_interrupted_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C while `reader extract -` waits for its input."""
    process = subprocess.Popen(
        reader_argv("extract", "-"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(READER_HOME=str(tmp_path / "home")),
    )
    try:
        assert process.stdin is not None
        process.stdin.write(b"<html><body><p>half a page")
        process.stdin.flush()
        _wait_until_reading_a_pipe(process.pid)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert out == b""


def test_the_app_says_why_and_goes_on(pty_session: type[PtySession], tmp_path: Path) -> None:
    """`reader SOURCE` with a bad source, then bad addresses typed into the
    open dialog: each says why (a dialog, or a line in the open dialog), the
    app stays alive, and q quits with status 0."""
    png = tmp_path / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(64))
    folder = tmp_path / "folder"
    folder.mkdir()
    session = pty_session(
        reader_argv("--home", str(tmp_path / "home"), str(tmp_path / "missing.html")),
        size=(100, 30),
    )
    session.wait_for("No such file", timeout=20)
    session.send("\r", pause=0.3)  # close the dialog
    for typed, reason, close in (
        (str(png), "PNG image", "\r"),  # refused when loading: an error dialog
        (str(folder), "folder", "\x1b"),  # refused in the open dialog itself
        ("javascript:alert(1)", "Only http and https", "\x1b"),
        ("http://[::1", "Malformed address", "\x1b"),
    ):
        mark = session.mark()
        session.send("o", pause=0.3)
        session.wait_for("Open a page", since=mark)
        session.send(typed + "\r", pause=0.2)
        session.wait_for(reason, since=mark)
        assert session.alive()
        session.send(close, pause=0.3)
    session.send("q")
    assert session.wait_exit() == 0
    assert not leaks(session.output)


def test_no_file_is_left_behind_by_a_failed_extract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reader extract` keeps no library: a failed run writes nothing under the home."""
    home = tmp_path / "home"
    monkeypatch.setenv("READER_HOME", str(home))
    assert main(["extract", "javascript:alert(1)", str(tmp_path / "missing.html")]) == 1
    capsys.readouterr()
    assert not home.exists() or not any(home.rglob("*"))
