"""Keeping the full-text index in step: one search row per story (a page with
all its aliases, or a bookmark of a page never saved), rebuilt from its article
and bookmark whenever either changes."""

from __future__ import annotations

from sqlite3 import Connection

from reader.store.pages import alias_keys, aliased_page_id, page_key


def reindex(conn: Connection, key: str) -> None:
    """Rebuild the search row of one story (a page with all its aliases, or a
    bookmark of a page never saved) from its article and bookmark."""
    page_id = aliased_page_id(conn, key)
    keys = {key}
    canonical = key
    if page_id is not None:
        canonical = page_key(conn, page_id)
        keys.update(alias_keys(conn, page_id))
    for old in keys:
        doc = conn.execute("SELECT id FROM documents WHERE url_key = ?", (old,)).fetchone()
        if doc is not None:
            conn.execute("DELETE FROM search WHERE rowid = ?", (doc[0],))
            conn.execute("DELETE FROM documents WHERE id = ?", (doc[0],))
    article = None
    if page_id is not None:
        article = conn.execute(
            "SELECT title, byline, text FROM articles WHERE page_id = ?", (page_id,)
        ).fetchone()
    marks = ",".join("?" * len(keys))
    bookmark = conn.execute(
        f"""SELECT b.title, b.note, (SELECT group_concat(tag, ' ') FROM bookmark_tags t
                                      WHERE t.bookmark_id = b.id) AS tags
            FROM bookmarks b WHERE b.url_key IN ({marks}) LIMIT 1""",
        tuple(keys),
    ).fetchone()
    if article is None and bookmark is None:
        return
    doc_id = conn.execute("INSERT INTO documents(url_key) VALUES (?)", (canonical,)).lastrowid
    conn.execute(
        "INSERT INTO search(rowid, title, byline, text, tags, note) VALUES (?, ?, ?, ?, ?, ?)",
        (
            doc_id,
            (article["title"] if article else "") or (bookmark["title"] if bookmark else ""),
            (article["byline"] or "") if article else "",
            article["text"] if article else "",
            (bookmark["tags"] or "") if bookmark else "",
            bookmark["note"] if bookmark else "",
        ),
    )
