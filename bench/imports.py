"""Importing a read-later export (issue 14): a 10,000-row Pocket CSV export
into a fresh library, no fetching, through `Library.import_bookmarks` as
`reader bookmarks import` runs it (reading the file, telling its format,
parsing, writing the bookmarks with their tags, filter text and search
rows); the same rows as Pocket's zip of `part_*.csv` files; and importing
the file again (nothing to add). The reference, measured in the same run,
is the way imports were written before: one `Store.add_bookmark` per row
(five statements and a search-index rebuild each), in batches of 500.

Best of `ROUNDS` runs, each into a new library. `python -m bench --only imports`.
"""

from __future__ import annotations

import asyncio
import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from reader.core.paths import resolve_paths
from reader.library import Library
from reader.store import Store
from reader.store.exchange.importing import read_source

ROWS = 10_000
PARTS = 10
ROUNDS = 3
TARGET_S = 2.0
HEAD = "title,url,time_added,tags,status\n"

Row = tuple[str, str, str, str, str]


def pocket_rows(count: int = ROWS, start: int = 0) -> str:
    """`count` rows of a Pocket CSV export (no header): 200 sites, a few
    tags each, a third archived, titles with commas and quotes."""
    lines = []
    for i in range(start, start + count):
        tags = "|".join(("news", f"topic{i % 23}", *(("long read",) if i % 5 == 0 else ())))
        title = f'"Story {i}, a ""{i % 7}"" day on the coast"'
        status = "archive" if i % 3 == 0 else "unread"
        lines.append(
            f"{title},https://site{i % 200}.example.com/{i // 200}/story-{i}.html,"
            f"{1_600_000_000 + i * 60},{tags},{status}\n"
        )
    return "".join(lines)


def pocket_zip(count: int = ROWS, parts: int = PARTS) -> bytes:
    """The same rows as Pocket's export zip: `parts` part_NNNNNN.csv files in a folder."""
    buffer = io.BytesIO()
    per = count // parts
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(parts):
            archive.writestr(f"pocket/part_{n:06d}.csv", HEAD + pocket_rows(per, n * per))
    return buffer.getvalue()


def _best(run: Callable[[Path], float]) -> float:
    """The best of ROUNDS runs, each in a new folder."""
    times = []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory(prefix="bench-imports-") as folder:
            times.append(run(Path(folder)))
    return min(times)


def measure_import(data: bytes, name: str, *, again: bool = False) -> tuple[float, int]:
    """Seconds to import the file (`again`: a second time, into a library
    that has it already), and how many bookmarks the library then holds."""
    held = 0

    def run(folder: Path) -> float:
        nonlocal held
        path = folder / name
        path.write_bytes(data)

        async def go() -> float:
            library = Library(paths=resolve_paths(folder / "home"), offline=True)
            try:
                if again:
                    await library.import_bookmarks(path)
                started = time.perf_counter()
                await library.import_bookmarks(path)
                return time.perf_counter() - started
            finally:
                nonlocal held
                held = library.bookmark_counts().total
                await library.close()

        return asyncio.run(go())

    return _best(run), held


def measure_one_by_one(data: bytes) -> float:
    """The reference: the same bookmarks added with one `add_bookmark` per
    row, 500 per transaction (parsing included)."""

    def run(folder: Path) -> float:
        path = folder / "pocket.csv"
        path.write_bytes(data)
        store = Store(folder / "lib.sqlite3")
        try:
            started = time.perf_counter()
            bookmarks = read_source(path).bookmarks
            for at in range(0, len(bookmarks), 500):
                with store.batch():
                    for b in bookmarks[at : at + 500]:
                        store.add_bookmark(b.url, b.title, b.tags, b.note, b.created, state=b.state)
            return time.perf_counter() - started
        finally:
            store.close()

    return _best(run)


def rows() -> list[Row]:
    """The imports rows of the bench table."""
    csv = (HEAD + pocket_rows()).encode("utf-8")
    packed = pocket_zip()
    csv_s, csv_held = measure_import(csv, "pocket.csv")
    zip_s, zip_held = measure_import(packed, "pocket.zip")
    again_s, again_held = measure_import(csv, "pocket.csv", again=True)
    reference = measure_one_by_one(csv)
    kb = len(csv) // 1024
    return [
        (
            f"import a {ROWS:,}-row Pocket CSV export ({kb:,} KB), no fetch: "
            f"{csv_held:,} bookmarks",
            f"{csv_s:.2f} s",
            f"{reference:.2f} s (one add_bookmark per row)",
            f"<= {TARGET_S:.0f} s",
            _verdict(csv_s <= TARGET_S and csv_held == ROWS),
        ),
        (
            f"the same as Pocket's zip ({PARTS} part_*.csv, {len(packed) // 1024:,} KB): "
            f"{zip_held:,} bookmarks",
            f"{zip_s:.2f} s",
            f"{csv_s:.2f} s (the CSV)",
            f"<= {TARGET_S:.0f} s",
            _verdict(zip_s <= TARGET_S and zip_held == ROWS),
        ),
        (
            f"import the same CSV again (nothing added): {again_held:,} bookmarks",
            f"{again_s:.2f} s",
            f"{csv_s:.2f} s (first import)",
            f"<= {TARGET_S:.0f} s",
            _verdict(again_s <= TARGET_S and again_held == ROWS),
        ),
    ]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


if __name__ == "__main__":
    for row in rows():
        print("  ".join(row))
