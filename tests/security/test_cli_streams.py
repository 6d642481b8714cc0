"""The CLI never prints a traceback, whatever its streams are (issue 13,
point 7): every command that prints, run as a real process (`python -m
reader`) with stdout closed (`>&-`), full (`>/dev/full`), a pipe whose reader
is gone (`| head -1` after head exits), an ASCII-only encoding for non-ASCII
titles (`LC_ALL=C PYTHONIOENCODING=ascii`), and stdin closed (`<&-`).

Expected: a stdout that cannot be written is one line `reader: standard
output: REASON` and exit status 1; a pipe closed early ends quietly with 0; an
ASCII stdout gets `?` for what it cannot hold (JSON escapes it instead); a
closed stdin is one line for `extract -` and no matter for the rest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.paths import resolve_paths
from reader.store import Store
from tests.store.test_store import article, page

TITLE = "Café — naïve “news” 東京"
URL = "https://n.example/cafe"
PAGE = (
    f"<html><head><title>{TITLE}</title></head><body><article>"
    + "".join(f"<p>Déjà vu {i}: the café story is long enough to be read.</p>" for i in range(12))
    + "</article></body></html>"
)

#: name -> arguments (the home is added); each prints something on stdout.
COMMANDS: dict[str, list[str]] = {
    "extract": ["extract", "{page}"],
    "extract json": ["extract", "--format", "json", "{page}"],
    "extract markdown, a failure between": ["extract", "--format", "markdown", "{page}", "nope"],
    "search": ["search", "café", "--home", "{home}"],
    "bookmarks list": ["bookmarks", "list", "--home", "{home}"],
    "bookmarks export": ["bookmarks", "export", "--home", "{home}"],
    "sources list": ["sources", "list", "--home", "{home}"],
    "sources export": ["sources", "export", "--home", "{home}"],
    "cache stats": ["cache", "stats", "--home", "{home}"],
    "show": ["show", URL, "--home", "{home}"],
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("streams")
    home = root / "home"
    store = Store(resolve_paths(home).ensure().database)
    store.save_page(page(URL, PAGE))
    store.save_article(URL, article(URL, TITLE, "Déjà vu: the café story. " * 40))
    store.add_bookmark(URL, TITLE, ["café"], "a “note”")
    store.add_source("https://n.example/feed.xml", "feed", "Kabar “Nusa” 東京")
    store.close()
    html = root / "page.html"
    html.write_text(PAGE, encoding="utf-8")
    return home, html


def _argv(name: str, library: tuple[Path, Path]) -> list[str]:
    home, html = library
    args = [a.format(home=home, page=html) for a in COMMANDS[name]]
    return [sys.executable, "-m", "reader", *args]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO"))}
    env.pop("LANG", None)
    env.update(extra)
    return env


def _shell(redirect: str, argv: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    """Run `argv` with a shell redirection applied (`>&-`, `>/dev/full`, `<&-`)."""
    script = f'exec "$@" {redirect}'
    return subprocess.run(
        ["sh", "-c", script, "sh", *argv],
        capture_output=redirect.startswith("<"),
        stderr=None if redirect.startswith("<") else subprocess.PIPE,
        env=_env(**env),
        timeout=60,
        check=False,
    )


def _no_traceback(err: bytes) -> str:
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    return text


@pytest.mark.parametrize("name", COMMANDS)
def test_closed_stdout(name: str, library: tuple[Path, Path]) -> None:
    done = _shell(">&-", _argv(name, library))
    err = _no_traceback(done.stderr)
    assert done.returncode == 1, err
    assert "reader: standard output: closed" in err


@pytest.mark.parametrize("name", COMMANDS)
def test_full_stdout(name: str, library: tuple[Path, Path]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    done = _shell(">/dev/full", _argv(name, library))
    err = _no_traceback(done.stderr)
    assert done.returncode == 1, err
    assert "reader: standard output: No space left on device" in err


@pytest.mark.parametrize("name", COMMANDS)
def test_pipe_closed_before_the_output(name: str, library: tuple[Path, Path]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written (| head -0)
    try:
        done = subprocess.run(
            _argv(name, library), stdout=write, stderr=subprocess.PIPE, timeout=60, check=False
        )
    finally:
        os.close(write)
    _no_traceback(done.stderr)
    expected = 1 if "failure" in name else 0
    assert done.returncode in {0, expected}


@pytest.mark.parametrize("name", COMMANDS)
def test_ascii_only_stdout(name: str, library: tuple[Path, Path]) -> None:
    done = subprocess.run(
        _argv(name, library),
        capture_output=True,
        env=_env(LC_ALL="C", PYTHONIOENCODING="ascii"),
        timeout=60,
        check=False,
    )
    _no_traceback(done.stderr)
    assert done.returncode == (1 if "failure" in name else 0)
    if "export" not in name:  # exports are UTF-8 documents, whatever the terminal
        done.stdout.decode("ascii")  # nothing the encoding cannot hold
    if "json" in name:
        assert "\\u00e9" in done.stdout.decode()  # escaped, not lost


@pytest.mark.parametrize("name", ["extract", "bookmarks list"])
def test_closed_stdin(name: str, library: tuple[Path, Path]) -> None:
    done = _shell("<&-", _argv(name, library))
    _no_traceback(done.stderr)
    assert done.returncode == 0 and done.stdout


@pytest.mark.parametrize("args", [["extract", "-"], ["extract", "--format", "json", "-", "-"]])
def test_closed_stdin_for_extract_dash(args: list[str]) -> None:
    done = _shell("<&-", [sys.executable, "-m", "reader", *args])
    err = _no_traceback(done.stderr)
    assert done.returncode == 1
    assert err.splitlines()[0] == "reader: -: standard input is closed"


def test_closed_stdout_never_reaches_the_library_file(library: tuple[Path, Path]) -> None:
    """With fd 1 closed, the database would get fd 1 and `print` would write
    into it: the closed descriptors are filled with /dev/null first."""
    home, _ = library
    argv = [sys.executable, "-m", "reader", "bookmarks", "list", "--home", str(home)]
    for _ in range(2):
        _shell(">&- 2>&-", argv)
    done = subprocess.run(argv, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0 and TITLE in done.stdout.decode()


def test_extract_warnings_are_not_failure_lines(tmp_path: Path) -> None:
    """A script counts failures with `grep -c '^reader: [^w]'`-like rules:
    warnings read `reader: warning: SOURCE: ...`, failures `reader: SOURCE: ...`."""
    short = tmp_path / "short.html"
    short.write_text("<p>Too short.</p>", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "extract", str(short), str(tmp_path / "missing.html")],
        capture_output=True,
        timeout=60,
        check=False,
    )
    lines = _no_traceback(done.stderr).splitlines()
    warnings = [line for line in lines if line.startswith("reader: warning: ")]
    failures = [line for line in lines if not line.startswith("reader: warning: ")]
    assert done.returncode == 1
    assert warnings and all(line.startswith(f"reader: warning: {short}: ") for line in warnings)
    assert len(failures) == 1 and failures[0].startswith(f"reader: {tmp_path / 'missing.html'}: ")
