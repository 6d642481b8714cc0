"""The reading history: every opening of a page (a visit), newest first; the
last pages opened, each once; the marks of a page's links, "read" (opened
before, or its story marked read) or else "saved" (its article is stored);
and where reading stopped on each page (the view's own data, as JSON, and the
fraction read)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reader.core.sanitize import clean_line
from reader.core.urls import comparable
from reader.store.db import Database
from reader.store.schema import from_text, now, to_text

if TYPE_CHECKING:
    from reader.core.records import Visit

#: Addresses looked up per query: SQLite's variable limit is generous, but IN (...)
#: lists stay small.
_CHUNK = 500


def add_visit(db: Database, url: str, title: str, site: str, at: datetime | None) -> None:
    """Record that `url` was opened (and when its stored page was last read).
    History keeps one row per page per local day, with the last time: a page
    visited again the same day moves that row (its time, title and site)
    instead of adding one (and older duplicates of that day are dropped)."""
    moment = at or now()
    text, key = to_text(moment), comparable(url)
    start, end = _local_day(moment)
    with db.write() as conn:
        same_day = conn.execute(
            "SELECT id, visited_at FROM visits WHERE url_key = ? "
            "AND visited_at >= ? AND visited_at < ?",
            (key, start, end),
        ).fetchall()
        # The row moves: a new one (last among equal times) replaces that day's.
        conn.executemany("DELETE FROM visits WHERE id = ?", [(row[0],) for row in same_day])
        latest = max([text, *(row[1] for row in same_day)])
        conn.execute(
            "INSERT INTO visits(url, url_key, title, site, visited_at) VALUES (?, ?, ?, ?, ?)",
            (url, key, clean_line(title), clean_line(site), latest),
        )
        conn.execute(
            "UPDATE pages SET read_at = ? WHERE id = "
            "(SELECT page_id FROM aliases WHERE url_key = ?)",
            (text, key),
        )


def _local_day(moment: datetime) -> tuple[str, str]:
    """The local day of `moment` as [start, end) in the database's time text."""
    day = moment.astimezone().date()
    start = datetime(day.year, day.month, day.day).astimezone()
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day).astimezone()
    return to_text(start), to_text(end)


def visits(db: Database, limit: int, offset: int, text: str = "") -> list[Visit]:
    """Visits, newest first, one per page per local day (the last: stores
    written before visits were grouped hold several rows of one day).
    `text` keeps those whose title, site or address contain every one of its
    words (case-insensitive); reads only as far as the page asked for."""
    words = text.casefold().split()
    out: list[Visit] = []
    seen: set[tuple[str, date]] = set()
    skip = max(0, offset)
    if limit <= 0:
        return out
    with db.read() as conn:
        rows = conn.execute(
            "SELECT url, url_key, title, site, visited_at FROM visits "
            "ORDER BY visited_at DESC, id DESC"
        )
        for row in rows:
            moment = from_text(row["visited_at"]) or now()
            day = (row["url_key"], moment.astimezone().date())
            if day in seen:
                continue
            seen.add(day)
            if words:
                haystack = f"{row['title']} {row['site']} {row['url']}".casefold()
                if not all(word in haystack for word in words):
                    continue
            if skip:
                skip -= 1
                continue
            out.append(_visit(row))
            if len(out) >= limit:
                break
    return out


def recent(db: Database, limit: int) -> list[Visit]:
    """The last pages opened, each once, newest first (reads a bounded window,
    so it costs the same with a large history)."""
    seen: set[str] = set()
    out: list[Visit] = []
    with db.read() as conn:
        rows = conn.execute(
            "SELECT url, url_key, title, site, visited_at FROM visits "
            "ORDER BY visited_at DESC, id DESC LIMIT ?",
            (limit * 10,),
        ).fetchall()
    for row in rows:
        if row["url_key"] in seen:
            continue
        seen.add(row["url_key"])
        out.append(_visit(row))
        if len(out) >= limit:
            break
    return out


def link_states(db: Database, urls: Sequence[str]) -> dict[str, str]:
    """For each address: "read" when it was opened before (a visit, or its
    stored page read) or its story is marked read; else "saved" when its
    article is stored; unknown addresses are left out."""
    keys = {url: comparable(url) for url in urls}
    saved: set[str] = set()
    read: set[str] = set()
    unique = list(set(keys.values()))
    with db.read() as conn:
        for chunk in _chunks(unique):
            marks = ",".join("?" * len(chunk))
            saved.update(
                row[0]
                for row in conn.execute(
                    f"SELECT al.url_key FROM aliases al JOIN articles a "
                    f"ON a.page_id = al.page_id WHERE al.url_key IN ({marks})",
                    chunk,
                )
            )
            read.update(
                row[0]
                for row in conn.execute(
                    f"""SELECT url_key FROM visits WHERE url_key IN ({marks})
                        UNION SELECT al.url_key FROM aliases al JOIN pages p
                          ON p.id = al.page_id
                          WHERE al.url_key IN ({marks}) AND p.read_at IS NOT NULL
                        UNION SELECT url_key FROM items
                          WHERE url_key IN ({marks}) AND read_at IS NOT NULL""",
                    chunk * 3,
                )
            )
    out: dict[str, str] = {}
    for url, key in keys.items():
        if key in read:
            out[url] = "read"
        elif key in saved:
            out[url] = "saved"
    return out


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def save_position(db: Database, url: str, data: Mapping[str, Any], fraction: float | None) -> None:
    """Remember where reading stopped on `url`."""
    with db.write() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO positions(url_key, data, fraction, updated_at) "
            "VALUES (?, ?, ?, ?)",
            (comparable(url), json.dumps(dict(data)), fraction, to_text(now())),
        )


def position(db: Database, url: str) -> dict[str, Any] | None:
    """Where reading stopped on `url`, or None."""
    with db.read() as conn:
        row = conn.execute(
            "SELECT data FROM positions WHERE url_key = ?", (comparable(url),)
        ).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row["data"])
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _visit(row: Any) -> Visit:
    # The records of lists load on first use: opening a stored page needs none.
    from reader.core.records import Visit

    return Visit(
        url=row["url"],
        title=row["title"],
        site=row["site"],
        visited_at=from_text(row["visited_at"]) or now(),
    )
