"""CLI output to a terminal: `reader extract`, `fetch`, `search`, `bookmarks`
and `cache` with stdout and stderr on a pseudo-terminal, reading the hostile
page and keeping it in a library. No escape sequence, C1 or bidi control
from the page reaches the terminal (the only sequences are the CLI's own
bold in search results and the progress line's clear-to-end-of-line), the
markup on the page is printed as text, and the exit statuses are as
documented.

All commands run in one Python process on the pty (a driver calling
`reader.cli.main` for each), so that a dozen commands cost one start-up.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from reader.cli import main
from tests.security.conftest import (
    GONE_PATH,
    MARKUP,
    PAYLOADS,
    HostileSite,
    PtySession,
    child_env,
    leaks,
    screen_text,
)

_DRIVER = """
import json, sys
from reader.cli import main
for argv in json.loads(sys.argv[1]):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout.write("\\n@@end %s@@\\n" % code)
    sys.stdout.flush()
"""
_END = re.compile(rb"\r?\n@@end (\S+)@@\r?\n")

#: Every payload, for the arguments a user (or a script) might paste.
HOSTILE_ARG = "Evil " + "".join(seq for seq, _ in PAYLOADS.values() if "\x00" not in seq)


def run_commands(
    pty_session: type[PtySession], home: Path, commands: list[list[str]]
) -> list[tuple[int, bytes]]:
    """Run `reader ARGS` for each of `commands` on a pty: (status, output) each."""
    argv = [sys.executable, "-c", _DRIVER, json.dumps(commands)]
    session = pty_session(argv, env=child_env(READER_HOME=str(home)))
    assert session.wait_exit(timeout=60) == 0
    parts = _END.split(session.output)
    results = [(int(code), output) for output, code in zip(parts[0::2], parts[1::2], strict=False)]
    assert len(results) == len(commands), session.output[-2000:]
    return results


def test_cli_commands_on_a_terminal(
    pty_session: type[PtySession],
    hostile_site: HostileSite,
    hostile_file: Path,
    tmp_path: Path,
) -> None:
    url = hostile_site.hostile_url
    base = ["--base-url", url]
    commands = [
        ["extract", str(hostile_file), *base],
        ["extract", str(hostile_file), *base, "--format", "markdown"],
        ["extract", str(hostile_file), *base, "--format", "json"],
        ["extract", url, "--format", "json"],
        ["extract", hostile_site.server.url_for(GONE_PATH)],
        ["fetch", url, "--depth", "1"],
        ["search", "water", "board"],
        ["search", "second", "--format", "json"],
        ["bookmarks", "add", "--no-fetch", url],
        [
            "bookmarks",
            "add",
            "--no-fetch",
            "https://example.com/evil",
            "--title",
            HOSTILE_ARG,
            "--tag",
            HOSTILE_ARG,
            "--note",
            HOSTILE_ARG,
        ],
        ["bookmarks", "list"],
        ["bookmarks", "list", "--format", "json"],
        ["bookmarks", "export"],
        ["search", "evil"],
        ["cache", "stats"],
        ["extract", f"{tmp_path}/\x1b]0;pwned-title\x07missing\u202e.html"],
    ]
    results = run_commands(pty_session, tmp_path / "home", commands)
    statuses = [code for code, _ in results]
    assert statuses == [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], list(
        zip(statuses, commands, strict=True)
    )
    for (_, output), command in zip(results, commands, strict=True):
        found = leaks(output)
        assert not found, f"{command[:2]}: {found}"
    text = {i: screen_text(output) for i, (_, output) in enumerate(results)}
    for markup in ("[bold]x[/bold]", "[@click=app.quit]quit[/]", "[link=file:///etc/passwd]x"):
        assert markup in text[0], markup
        escaped = markup.replace("[", "\\[").replace("]", "\\]")  # Markdown escapes
        assert escaped in text[1], markup
    assert "Water board" in text[3]
    assert "404" in text[4] and text[4].count("reader: ") == 1
    assert "Saved 2 pages" in text[5] and "failed" in text[5]
    assert "Water board [bold]vote[/bold]" in text[6]
    assert "Evil" in text[10] and "Water board" in text[10]
    assert "No such file" in text[15]
    all_text = "".join(text.values())
    for markup in MARKUP:
        assert markup in all_text


def test_extract_on_a_terminal_exits_0_for_the_hostile_page(
    pty_session: type[PtySession], hostile_file: Path, tmp_path: Path
) -> None:
    """The plain `reader extract FILE` process on a terminal, as a user runs it."""
    session = pty_session(
        [sys.executable, "-m", "reader", "extract", str(hostile_file)],
        env=child_env(READER_HOME=str(tmp_path / "home")),
    )
    assert session.wait_exit(timeout=30) == 0
    output = session.output
    assert not leaks(output)
    assert b"\x1b" not in output  # plain text: not even the CLI's own sequences
    assert "[@click=app.quit]quit[/]" in output.decode()


def test_markdown_title_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>[Win](javascript:alert(1)) now</title></head><body><article>"
        + "<p>Plain words for a plain page, nothing more to it at all.</p>" * 8
        + "</article></body></html>",
        encoding="utf-8",
    )
    assert main(["extract", str(page), "--format", "markdown"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("# ")
    assert "[Win](" not in first
