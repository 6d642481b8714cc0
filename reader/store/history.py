"""The reading history: every opening of a page (a visit), newest first; the
last pages opened, each once; the marks of a page's links, "read" (opened
before, or its story marked read) or else "saved" (its article is stored);
and where reading stopped on each page (the view's own data, as JSON, and the
fraction read)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
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
    """Record that `url` was opened (and when its stored page was last read)."""
    moment = to_text(at or now())
    with db.write() as conn:
        conn.execute(
            "INSERT INTO visits(url, url_key, title, site, visited_at) VALUES (?, ?, ?, ?, ?)",
            (url, comparable(url), clean_line(title), clean_line(site), moment),
        )
        conn.execute(
            "UPDATE pages SET read_at = ? WHERE id = "
            "(SELECT page_id FROM aliases WHERE url_key = ?)",
            (moment, comparable(url)),
        )


def visits(db: Database, limit: int, offset: int) -> list[Visit]:
    """Visits, newest first."""
    with db.read() as conn:
        rows = conn.execute(
            "SELECT url, title, site, visited_at FROM visits "
            "ORDER BY visited_at DESC, id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
    return [_visit(row) for row in rows]


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
