"""Several processes on one library file: nothing lost, nothing locked, and a
process killed in the middle of saving leaves a sound database with every
acknowledged write in it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")

# Adds COUNT bookmarks as fast as it can once GO exists; prints each address
# only after add_bookmark returned (the transaction committed).
ADDER = """
import sys, time
from pathlib import Path
from reader.store import Store

db, prefix, go, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
store = Store(db)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
for n in range(count):
    url = f"https://{prefix}.example/story/{n}"
    store.add_bookmark(url, f"{prefix} story {n}", [prefix, "shared"], "note " * 20)
    print(url, flush=True)
store.close()
"""

# Searches, lists and counts in a loop while others write, until STOP exists.
READER = """
import sys, time
from pathlib import Path
from reader.store import Store

db, go, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
store = Store(db)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
rounds = 0
while not stop.exists() or rounds < 5:
    store.search("story")
    store.bookmarks(tag="shared")
    store.stats()
    store.bookmark("https://alpha.example/story/1")
    rounds += 1
print(rounds, flush=True)
store.close()
"""

# Saves a page and a bookmark per round, forever; prints the address after
# both calls returned. The parent kills it with SIGKILL.
SAVER = """
import sys
from datetime import UTC, datetime
from reader.core.models import Page
from reader.store import Store

db, run = sys.argv[1], sys.argv[2]
store = Store(db)
body = ("<html><body>" + "<p>Words of a long story. </p>" * 2000 + "</body></html>").encode()
n = 0
while True:
    url = f"https://killed.example/{run}/{n}"
    store.save_page(Page(url=url, requested_url=url, status=200,
                         headers={"content-type": "text/html"}, body=body, html="",
                         charset="utf-8", fetched_at=datetime.now(UTC)))
    store.add_bookmark(url, f"story {n}", ["killed"], "note")
    print(url, flush=True)
    n += 1
"""


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == "ready", process.stderr.read() if process.stderr else ""


def finish(process: subprocess.Popen[str]) -> tuple[list[str], str]:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out.splitlines(), err


def check(db: Path) -> Store:
    store = Store(db)
    assert store.db.integrity_check() == "ok"
    return store


def test_two_writers_at_once_keep_every_bookmark(tmp_path: Path) -> None:
    db, go = tmp_path / "lib.sqlite3", tmp_path / "go"
    writers = [spawn(ADDER, str(db), prefix, str(go), "40") for prefix in ("alpha", "beta")]
    for process in writers:
        wait_ready(process)
    go.touch()
    acknowledged = []
    for process in writers:
        lines, err = finish(process)
        assert "locked" not in err and "busy" not in err
        acknowledged += lines
    assert len(acknowledged) == 80
    store = check(db)
    bookmarks = store.bookmarks()
    assert len(bookmarks) == 80
    assert {b.url for b in bookmarks} == set(acknowledged)
    assert len(store.bookmarks(tag="alpha")) == len(store.bookmarks(tag="beta")) == 40
    assert len(store.search("story", limit=200)) == 80
    store.close()


def test_two_writers_and_a_reader_never_see_a_locked_database(tmp_path: Path) -> None:
    db, go, stop = tmp_path / "lib.sqlite3", tmp_path / "go", tmp_path / "stop"
    Store(db).close()  # an existing library, as the app would have made
    writers = [spawn(ADDER, str(db), prefix, str(go), "40") for prefix in ("gamma", "delta")]
    reader = spawn(READER, str(db), str(go), str(stop))
    for process in (*writers, reader):
        wait_ready(process)
    go.touch()
    for process in writers:
        _, err = finish(process)
        assert "locked" not in err
    stop.touch()
    lines, err = finish(reader)
    assert "locked" not in err and "Error" not in err
    assert int(lines[-1]) >= 5
    store = check(db)
    assert len(store.bookmarks()) == 80
    store.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_process_killed_while_saving_loses_nothing_it_acknowledged(
    tmp_path: Path, seed: int
) -> None:
    db = tmp_path / "lib.sqlite3"
    timing = random.Random(seed)
    acknowledged: list[str] = []
    for run in range(2):
        process = spawn(SAVER, str(db), f"{seed}-{run}")
        assert process.stdout is not None
        first = process.stdout.readline().strip()  # it is saving now
        assert first, process.stderr.read() if process.stderr else ""
        time.sleep(timing.uniform(0.0, 0.15))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL
        # A partly written last line was not acknowledged.
        lines = [first, *out.split("\n")[:-1]]
        acknowledged += [line for line in lines if line]

        store = check(db)
        kept = {b.url for b in store.bookmarks()}
        missing = [url for url in acknowledged if url not in kept]
        assert missing == []
        for url in acknowledged[-3:]:
            assert store.load_page(url) is not None
        store.close()
    assert len(acknowledged) >= 2


def test_reads_do_not_wait_for_a_long_write_in_another_thread(tmp_path: Path) -> None:
    # Storing a book-length article holds a write transaction for a while; the
    # reader's bookmark and position look-ups go on meanwhile (WAL snapshot).
    store = Store(tmp_path / "library.sqlite3")
    store.add_bookmark("https://news.example/a", "Harbour story", ("port",))
    inside, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with store.batch():
            store.add_bookmark("https://news.example/b", "Second story")
            inside.set()
            release.wait(10)

    writer = threading.Thread(target=long_write)
    writer.start()
    try:
        assert inside.wait(10)
        started = time.monotonic()
        found = store.bookmark("https://news.example/a")
        waited = time.monotonic() - started
        # The other thread's uncommitted bookmark is not visible yet.
        assert store.bookmark("https://news.example/b") is None
    finally:
        release.set()
        writer.join(10)
    assert found is not None and found.title == "Harbour story"
    assert waited < 5  # it would wait for `release`, 10 s, if reads shared the writer's lock
    assert store.bookmark("https://news.example/b") is not None  # committed, seen
    store.close()


def test_a_read_inside_a_write_sees_that_write(tmp_path: Path) -> None:
    store = Store(tmp_path / "library.sqlite3")
    with store.batch():
        store.add_bookmark("https://news.example/c", "Third story")
        seen = store.bookmark("https://news.example/c")
    assert seen is not None and seen.title == "Third story"
    store.close()
