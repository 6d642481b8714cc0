"""Caps on every input (issue 13, point 5).

Whatever a user hands the reader (a bookmarks or sources file, standard
input, config.toml, option values) is read with a size cap and parsed with
limits: a device (`/dev/zero`, `/dev/urandom`), a FIFO fed forever or an
endless pipe on stdin stops at the same cap as a file; JSON, TOML and XML
nested thousands deep, dates out of range and numbers too large give one
typed line, never a traceback; one bad record is skipped and counted, never
the whole import; a refused import leaves the library as it was.

The CLI runs as a real process (`python -m reader`) with the real caps
(64 MiB for bookmarks, 16 MiB for sources): reading to them takes well under
a second, so no seam is needed to lower them.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.cli import main
from reader.config import load_config, parse_config
from reader.core.errors import FeedError
from reader.core.feeds.opml import read_opml
from reader.core.input_caps import BadToml, InputTooLarge, parse_toml, read_capped
from reader.store.exchange import ExchangeError, parse_bookmarks
from reader.store.exchange.fields import BadDate, iso_time, unix_time
from reader.store.exchange.netscape import MAX_FOLDER_TAGS, read_netscape
from tests.security.conftest import child_env, reader_argv

# ------------------------------------------------------------------------ helpers


def _run(
    home: Path, *args: str, stdin: int | None = subprocess.DEVNULL, timeout: float = 60
) -> tuple[int, str, str]:
    done = subprocess.run(
        reader_argv("--home", str(home), *args),
        stdin=stdin,
        capture_output=True,
        env=child_env(),
        timeout=timeout,
        check=False,
    )
    return (
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def _one_line(err: str) -> str:
    """The single line on stderr (asserting there is one and no traceback)."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err[-2000:]
    assert lines[0].startswith("reader")
    return lines[0]


def _library(home: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every bookmark and source, with their tags, as the database holds them."""
    database = home / "data" / "reader.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as conn:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("bookmarks", "bookmark_tags", "sources", "source_tags")
        }


@pytest.fixture
def home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A library that already holds a bookmark and a source (made in this
    process: the commands under test run in their own)."""
    where = tmp_path / "home"
    add = [
        "bookmarks",
        "add",
        "--no-fetch",
        "https://kept.example/story",
        "--tag",
        "mine",
        "--title",
        "Kept",
    ]
    assert main(["--home", str(where), *add]) == 0
    opml = tmp_path / "one.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="Kept" xmlUrl="https://kept.example/feed"/>'
        "</body></opml>"
    )
    assert main(["--home", str(where), "sources", "import", str(opml)]) == 0
    capsys.readouterr()
    return where


def _feed_forever(path: Path, stop: threading.Event) -> None:
    """Open the FIFO for writing and write to it until the reader goes away."""
    chunk = b"<DT><A HREF='https://x.example/'>x</A>\n" * 1024
    with contextlib.suppress(OSError), path.open("wb") as out:
        while not stop.is_set():
            out.write(chunk)


@contextlib.contextmanager
def _endless_fifo(tmp_path: Path) -> Iterator[Path]:
    fifo = tmp_path / "endless.fifo"
    os.mkfifo(fifo)
    stop = threading.Event()
    writer = threading.Thread(target=_feed_forever, args=(fifo, stop), daemon=True)
    writer.start()
    try:
        yield fifo
    finally:
        stop.set()
        # If the reader never opened it, unblock the writer's open().
        with contextlib.suppress(OSError):
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        writer.join(timeout=10)


def _endless_stdin(home: Path, *args: str) -> tuple[int, str, str]:
    """Run the command with a pipe on stdin that this process feeds forever."""
    process = subprocess.Popen(
        reader_argv("--home", str(home), *args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert process.stdin is not None
    feeder_out = process.stdin

    def feed() -> None:
        chunk = b"https://x.example/feed tag\n" * 4096
        with contextlib.suppress(OSError, ValueError):
            while True:
                feeder_out.write(chunk)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        out, err = _wait(process)
    finally:
        with contextlib.suppress(OSError, ValueError):
            feeder_out.close()
        feeder.join(timeout=10)
    return process.returncode, out, err


def _wait(process: subprocess.Popen[bytes]) -> tuple[str, str]:
    assert process.stdout is not None and process.stderr is not None
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    return (
        process.stdout.read().decode("utf-8", "replace"),
        process.stderr.read().decode("utf-8", "replace"),
    )


# ------------------------------------------------------------ endless inputs


IMPORTS = {
    "bookmarks": ("bookmarks", "import"),
    "sources": ("sources", "import"),
}


@pytest.mark.parametrize("command", sorted(IMPORTS))
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_read_up_to_the_cap(home: Path, command: str, device: str) -> None:
    before = _library(home)
    code, out, err = _run(home, *IMPORTS[command], device)
    assert code == 1
    assert "too large" in _one_line(err)
    assert out == ""
    assert _library(home) == before


@pytest.mark.parametrize("command", sorted(IMPORTS))
def test_a_fifo_fed_forever_is_read_up_to_the_cap(home: Path, tmp_path: Path, command: str) -> None:
    before = _library(home)
    with _endless_fifo(tmp_path) as fifo:
        code, _out, err = _run(home, *IMPORTS[command], str(fifo))
    assert code == 1
    assert "too large" in _one_line(err)
    assert _library(home) == before


@pytest.mark.parametrize("command", sorted(IMPORTS))
def test_stdin_fed_forever_is_read_up_to_the_cap(home: Path, command: str) -> None:
    before = _library(home)
    code, _out, err = _endless_stdin(home, *IMPORTS[command], "-")
    assert code == 1
    line = _one_line(err)
    assert line.startswith("reader: -: too large")
    assert _library(home) == before


@pytest.mark.parametrize("size", [10, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 200_000])
@pytest.mark.parametrize("cap", [64 * 1024, 100_000])
def test_read_capped_stops_just_past_the_cap(size: int, cap: int) -> None:
    import io

    class Counting(io.BytesIO):
        asked = 0

        def read(self, n: int | None = -1) -> bytes:
            data = super().read(n)
            Counting.asked += len(data)
            return data

    stream = Counting(b"x" * size)
    if size > cap:
        with pytest.raises(InputTooLarge):
            read_capped(stream, cap)
        assert Counting.asked == cap + 1  # never a byte more than needed to know
    else:
        assert read_capped(stream, cap) == b"x" * size


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo"])
def test_a_config_file_that_never_ends_is_refused_with_a_warning(
    home: Path, tmp_path: Path, special: str
) -> None:
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        target = stack.enter_context(_endless_fifo(tmp_path)) if special == "fifo" else special
        config.symlink_to(target)
        code, out, err = _run(home, "bookmarks", "list")
    assert code == 0
    assert _one_line(err) == "reader: warning: config.toml is larger than 256 KiB; using defaults."
    assert "https://kept.example/story" in out


# ------------------------------------------------------------ deep nesting


@pytest.mark.parametrize("depth", [10_000, 100_000])
@pytest.mark.parametrize("shape", ["lists", "objects", "inside the list"])
def test_deeply_nested_json_is_one_line(home: Path, tmp_path: Path, depth: int, shape: str) -> None:
    if shape == "lists":
        text = "[" * depth + "]" * depth
    elif shape == "objects":
        text = '{"a":' * depth + "1" + "}" * depth
    else:
        text = '{"bookmarks": [{"url": "https://a.example/"}, ' + "[" * depth + "]" * depth + "]}"
    path = tmp_path / "deep.json"
    path.write_text(text)
    before = _library(home)
    code, _out, err = _run(home, "bookmarks", "import", str(path))
    assert code == 1
    assert "nested too deeply" in _one_line(err)
    assert _library(home) == before
    with pytest.raises(ExchangeError, match="nested too deeply"):
        parse_bookmarks(text)


def _deep_opml(depth: int) -> str:
    return (
        '<opml version="2.0"><body>'
        + '<outline text="folder">' * depth
        + '<outline text="deep" xmlUrl="https://deep.example/feed"/>'
        + "</outline>" * depth
        + '<outline text="after" xmlUrl="https://after.example/feed"/></body></opml>'
    )


@pytest.mark.parametrize("depth", [300, 10_000, 100_000])
def test_deeply_nested_opml_is_one_line_and_nothing_changes(
    home: Path, tmp_path: Path, depth: int
) -> None:
    path = tmp_path / "deep.opml"
    path.write_text(_deep_opml(depth))
    before = _library(home)
    code, _out, err = _run(home, "sources", "import", str(path))
    assert code == 1
    assert "nests outlines too deeply" in _one_line(err)
    assert _library(home) == before


def test_opml_nested_within_the_limit_is_read() -> None:
    urls = [entry.url for entry in read_opml(_deep_opml(200).encode())]
    assert urls == ["https://deep.example/feed", "https://after.example/feed"]
    with pytest.raises(FeedError):
        read_opml(_deep_opml(256).encode())


@pytest.mark.parametrize("depth", [100, 5_000])
def test_deeply_nested_bookmark_folders_give_a_few_tags(depth: int) -> None:
    text = (
        "<!DOCTYPE NETSCAPE-Bookmark-file-1><DL>"
        + "".join(f"<DT><H3>f{i}</H3><DL>" for i in range(depth))
        + "".join(f'<DT><A HREF="https://z.example/{i}">z</A>' for i in range(50))
    )
    parsed = read_netscape(text)
    assert len(parsed.bookmarks) == 50
    assert all(len(b.tags) == MAX_FOLDER_TAGS for b in parsed.bookmarks)
    assert parsed.bookmarks[0].tags == tuple(sorted(f"f{i}" for i in range(MAX_FOLDER_TAGS)))


def _deep_toml(depth: int, shape: str) -> str:
    if shape == "arrays":
        return "measure = " + "[" * depth + "]" * depth + "\n"
    return "measure = " + "{a = " * depth + "1" + "}" * depth + "\n"


@pytest.mark.parametrize("depth", [1_000, 10_000, 100_000])
@pytest.mark.parametrize("shape", ["arrays", "inline tables"])
def test_deeply_nested_toml_config_is_a_warning(tmp_path: Path, depth: int, shape: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(_deep_toml(depth, shape))
    loaded, problems = load_config(config)
    assert loaded == load_config(tmp_path / "none.toml")[0]  # the defaults
    assert len(problems) == 1
    assert problems[0].startswith("config.toml ") and problems[0].endswith("using defaults.")


def test_deeply_nested_toml_config_from_the_cli(home: Path) -> None:
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(_deep_toml(50_000, "arrays"))
    code, out, err = _run(home, "bookmarks", "list")
    assert code == 0
    line = _one_line(err)
    assert line == (
        "reader: warning: config.toml nests arrays or tables too deeply; using defaults."
    )
    assert "https://kept.example/story" in out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"a = " + b"[" * 50_000 + b"]" * 50_000, "nests arrays or tables too deeply"),
        (b"a = " + b"9" * 5000, "number too long"),
        (b"a = \xff", "not UTF-8"),
        (b"a = ", "not valid TOML"),
    ],
)
def test_parse_toml_raises_only_its_typed_error(data: bytes, reason: str) -> None:
    with pytest.raises(BadToml, match=reason):
        parse_toml(data)


# ------------------------------------------------------------ dates


BAD_DATES = [
    "0001-01-01T00:00:00+01:00",  # before year 1 once in UTC: OverflowError
    "9999-12-31T23:30:00-01:00",  # after year 9999 once in UTC
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "3000-01-01T00:00:00Z",
    "yesterday",
    -1,
    -86400 * 365 * 5000,
    1e20,
    10**30,
    math.nan,
    math.inf,
    -math.inf,
    True,
    ["2020-01-01"],
]


@pytest.mark.parametrize("value", BAD_DATES, ids=repr)
def test_a_bad_date_is_a_typed_error(value: object) -> None:
    with pytest.raises(BadDate):
        iso_time(value)


@pytest.mark.parametrize("value", ["-1", "1e20", "nan", "inf", "-1e300", "1e400", "9" * 5000, "x"])
def test_a_bad_netscape_date_is_a_typed_error(value: str) -> None:
    with pytest.raises(BadDate):
        unix_time(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("0", None),  # browsers write 0 for "unknown"
        ("1650000000", datetime.fromtimestamp(1650000000, UTC)),
        ("1650000000000", datetime.fromtimestamp(1650000000, UTC)),  # milliseconds
        ("2022-04-15T05:20:00+02:00", datetime(2022, 4, 15, 3, 20, tzinfo=UTC)),
    ],
)
def test_good_and_missing_dates_still_read(value: str | None, expected: datetime | None) -> None:
    assert iso_time(value) == expected


# ------------------------------------------------------------ mixed good and bad records


def test_a_json_file_mixing_good_and_bad_records(home: Path, tmp_path: Path) -> None:
    items: list[object] = [
        {"url": "https://good.example/1", "title": "One", "created": "2021-05-01T10:00:00Z"},
        {"url": "https://good.example/2", "created": "0001-01-01T00:00:00+01:00"},
        {"url": "https://good.example/3", "created": 1e20},
        {"url": "https://good.example/4", "created": math.nan},
        {"url": "javascript:alert(1)"},
        {"url": ["not", "a", "string"]},
        42,
        "https://not.an.object/",
        None,
        [[[[]]]],
        {"href": "https://good.example/5", "time": "10000-01-01"},
    ]
    text = json.dumps({"bookmarks": items}, allow_nan=True)
    # One entry with a 5,000-digit number: int() would refuse the whole file.
    text = text.replace('"https://good.example/5"', '"https://good.example/5", "n": ' + "9" * 5000)
    path = tmp_path / "mixed.json"
    path.write_text(text)
    before = _library(home)
    code, out, err = _run(home, "bookmarks", "import", str(path))
    assert (code, err) == (0, "")
    assert out == (
        "Imported 5 bookmarks (0 already there, 6 skipped: 4 not bookmark entries, "
        "2 not web addresses; 4 dates out of range left out)\n"
    )
    after = _library(home)
    urls = [row[1] for row in after["bookmarks"]]
    assert {f"https://good.example/{i}" for i in range(1, 6)} <= set(urls)
    assert set(before["bookmarks"]) <= set(after["bookmarks"])  # the kept one is untouched


def test_a_netscape_file_mixing_good_and_bad_records(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.html"
    path.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>"
        '<DT><A HREF="https://good.example/a" ADD_DATE="1650000000">A</A>'
        '<DT><A HREF="https://good.example/b" ADD_DATE="-5">B</A>'
        '<DT><A HREF="https://good.example/c" ADD_DATE="1e20" LAST_MODIFIED="nan">C</A>'
        '<DT><A HREF="place:sort=8">Recent</A>'
        '<DT><A HREF="https://kept.example/story" ADD_DATE="99999999999999999999999">Again</A>'
        "</DL>"
    )
    before = _library(home)
    code, out, err = _run(home, "bookmarks", "import", str(path))
    assert (code, err) == (0, "")
    assert out == (
        "Imported 3 bookmarks (1 already there, 1 skipped: 1 not a web address; "
        "4 dates out of range left out)\n"
    )
    kept_before = [row for row in before["bookmarks"] if row[1] == "https://kept.example/story"]
    kept_after = [row for row in _library(home)["bookmarks"] if row[1] == kept_before[0][1]]
    assert kept_after == kept_before


def test_a_sources_file_mixing_good_and_bad_lines(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "urls"
    path.write_text(
        "https://good.example/feed one\n"
        'https://bad.example/feed "unclosed\n'
        "javascript:alert(1)\n"
        'query:x:unread = "yes"\n'
        "https://good.example/other\n"
    )
    code, out, err = _run(home, "sources", "import", str(path))
    assert code == 0
    assert "Traceback" not in err
    assert len(err.splitlines()) == 3  # one line per skipped line, each saying why
    assert out.splitlines()[0] == "Imported 2 sources (0 already followed, 3 skipped)"


# ------------------------------------------------------------ option values


OPTIONS = [
    ("search", "x", "--limit"),
    ("items", "--limit"),
    ("fetch", "https://a.example/", "--max"),
    ("fetch", "https://a.example/", "--depth"),
]
VALUES = [str(10**30), "-1", "0", "nan", "1e400", "inf", "1.5", "9" * 5000, "", "\u0661\u0662"]


def _usage_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the CLI in this process; it must stop with status 2 and one error line."""
    try:
        status = main(list(args))
    except SystemExit as stopped:  # argparse's own exit, if main lets it through
        status = stopped.code  # type: ignore[assignment]
    assert status == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1, err
    assert len(errors[0]) < 200  # a 5,000-digit value is not echoed whole
    return errors[0]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: v[:12] or "empty")
@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: " ".join(o[::2]))
def test_bad_option_values_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: tuple[str, ...], value: str
) -> None:
    if option[-1] == "--depth" and value == "0":
        pytest.skip("0 is a good depth")
    line = _usage_error(capsys, "--home", str(tmp_path / "home"), *option, value)
    assert option[-1] in line


@pytest.mark.parametrize("value", [str(10**30), "nan", "-1"])
def test_bad_option_values_from_a_real_process(tmp_path: Path, value: str) -> None:
    code, _out, err = _run(tmp_path / "home", "search", "x", "--limit", value)
    assert code == 2
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1 and "--limit" in errors[0]


@pytest.mark.parametrize("age", ["999999w", "999999d", "999999h", "5215w"])
def test_an_age_past_a_hundred_years_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], age: str
) -> None:
    line = _usage_error(
        capsys, "--home", str(tmp_path / "h"), "cache", "purge", "--older-than", age
    )
    assert line == (
        "reader cache purge: error: argument --older-than: must be 100 years (5214w) or less"
    )


@pytest.mark.parametrize("number", [str(10**30), "9" * 19, "9" * 5000, "\u00b2"])
@pytest.mark.parametrize("command", [("sources", "rm"), ("items", "--source")])
def test_a_source_number_past_the_database_is_not_followed(
    home: Path, capsys: pytest.CaptureFixture[str], number: str, command: tuple[str, str]
) -> None:
    before = _library(home)
    code = main(["--home", str(home), *command, number])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert "no source" in err or "not followed" in err
    assert _library(home) == before


def test_a_source_number_past_the_database_from_a_real_process(home: Path) -> None:
    code, _out, err = _run(home, "sources", "rm", str(10**30))
    assert code == 1
    assert "no source has that number" in _one_line(err)


BAD_CONFIG = [
    ("measure", "99999999999999999999999999", "measure"),
    ("measure", "nan", "measure"),
    ("measure", "inf", "measure"),
    ("measure", "-inf", "measure"),
    ("measure", "80.0", "measure"),  # a float where a whole number is wanted
    ("sidebar_width", "-1", "sidebar_width"),
    ("theme", '"' + "x" * 1000 + '"', "theme"),
    ("[network]\nmax_page_mb", "nan", "network.max_page_mb"),
    ("[network]\ntotal_timeout", "1e400", "network.total_timeout"),
    ("[network]\nread_timeout", "0", "network.read_timeout"),
    ("[store]\nmax_mb", "1e308", "store.max_mb"),
    ("[news]\nkeep_days", "10000000000000000000", "news.keep_days"),
    ("[news]\nread_after_seconds", "nan", "news.read_after_seconds"),
    ("[save]\nmax_pages", "1.5", "save.max_pages"),
    ("[keys]\nquit", "[[[[1]]]]", "keys.quit"),
]


@pytest.mark.parametrize(("key", "value", "named"), BAD_CONFIG)
def test_config_values_out_of_range_fall_back_to_the_default(
    key: str, value: str, named: str
) -> None:
    import tomllib

    problems: list[str] = []
    config = parse_config(tomllib.loads(f"{key} = {value}\n"), problems)
    assert len(problems) == 1 and named in problems[0]
    assert len(problems[0]) < 300
    default = parse_config({}, [])
    assert config == default


def test_a_bad_config_value_is_one_warning_line_from_the_cli(home: Path) -> None:
    config = home / "config" / "config.toml"
    config.write_text("measure = nan\n[news]\nkeep_days = 1e400\n")
    code, _out, err = _run(home, "bookmarks", "list")
    assert code == 0
    assert "Traceback" not in err
    assert len(err.splitlines()) == 2
    assert all(line.startswith("reader: warning: config.toml: ") for line in err.splitlines())


@pytest.mark.skipif(sys.platform != "linux", reason="/dev/zero and FIFOs as on Linux")
def test_extract_is_capped_too(tmp_path: Path) -> None:
    code, _out, err = _run(tmp_path / "home", "extract", "/dev/zero")
    assert code == 1
    assert "limit" in _one_line(err)
