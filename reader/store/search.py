"""Full-text search over stored articles and bookmarks: turning what the user
types into an FTS5 query, ranking the matches, and marking them in titles and
snippets. Loaded on first search (opening a stored page needs none of it).

User text never reaches FTS5's query syntax as is: every word becomes a quoted
prefix term, so quotes, stars, `NEAR`, `-` or column filters in the input are
just words, and a half-typed word still matches.
"""

from __future__ import annotations

import re
from sqlite3 import Connection

from reader.core.records import SearchHit, SnippetPart
from reader.store.db import Database

#: At most this many matches are ranked per search (the newest ones).
RANK_WINDOW = 3_000
_WORD = re.compile(r"\w+", re.UNICODE)


def search(db: Database, query: str, limit: int) -> list[SearchHit]:
    """Stored articles and bookmarks matching `query`, best first, with the
    matching words marked in the title and a snippet of the text."""
    match = fts_query(query)
    if not match:
        return []
    words = query_words(query)
    with db.read() as conn:
        # Ranking costs time per matching row: for words found nearly
        # everywhere, rank the newest RANK_WINDOW matches (a document's
        # rowid grows each time it is saved), so a search stays fast
        # whatever the size of the library.
        floor = conn.execute(
            "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (match, RANK_WINDOW),
        ).fetchone()
        ranked = conn.execute(
            """SELECT d.url_key FROM search JOIN documents d ON d.id = search.rowid
               WHERE search MATCH ? AND search.rowid > ?
               ORDER BY bm25(search, 10.0, 2.0, 1.0, 3.0, 2.0) LIMIT ?""",
            (match, floor[0] if floor else 0, limit),
        ).fetchall()
        hits = []
        for (key,) in ranked:
            hit = _search_hit(conn, key, words)
            if hit is not None:
                hits.append(hit)
    return hits


def _search_hit(conn: Connection, key: str, words: list[str]) -> SearchHit | None:
    """One search result: the story's address, marked title and snippet, marks."""
    row = conn.execute(
        """SELECT p.url AS page_url, a.title AS title, a.text AS text, a.site_name AS site,
                  a.page_id IS NOT NULL AS saved
           FROM aliases al JOIN pages p ON p.id = al.page_id
           LEFT JOIN articles a ON a.page_id = p.id
           WHERE al.url_key = ?""",
        (key,),
    ).fetchone()
    bookmark = conn.execute(
        """SELECT b.url, b.title, b.note, (SELECT group_concat(tag, ' ') FROM
                  (SELECT tag FROM bookmark_tags t WHERE t.bookmark_id = b.id ORDER BY tag))
                  AS tags
           FROM bookmarks b
           WHERE b.url_key = ? OR b.url_key IN
                 (SELECT url_key FROM aliases WHERE page_id =
                    (SELECT page_id FROM aliases WHERE url_key = ?))
           LIMIT 1""",
        (key, key),
    ).fetchone()
    url = (row["page_url"] if row else None) or (bookmark["url"] if bookmark else None)
    if not url:
        return None
    title = (row["title"] if row and row["title"] else "") or (
        bookmark["title"] if bookmark else ""
    )
    text = row["text"] if row and row["text"] else ""
    note = bookmark["note"] if bookmark else ""
    body = snippet(text, words)
    if note and not any(part.match for part in body):
        body = snippet(note, words)
    return SearchHit(
        url=url,
        title=highlight(title or url, words),
        snippet=body,
        site=(row["site"] if row else "") or "",
        saved=bool(row and row["saved"]),
        bookmarked=bookmark is not None,
        tags=tuple((bookmark["tags"] or "").split()) if bookmark else (),
    )


def query_words(text: str) -> list[str]:
    """The words of a query, lower-cased, at most 16."""
    return _WORD.findall(text.lower())[:16]


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression: every word of `text`, all required; the last
    one as a prefix (it may be half typed). Empty when there is nothing to
    search for."""
    words = query_words(text)
    if not words:
        return ""
    terms = [f'"{word}"' for word in words[:-1]]
    terms.append(f'"{words[-1]}"*')
    return " ".join(terms)


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    last = re.escape(words[-1])
    whole = [a for a in alternatives if a != last]
    parts = [rf"{w}\b" for w in whole] + [rf"{last}\w*"]
    return re.compile(rf"\b(?:{'|'.join(parts)})", re.IGNORECASE)


def highlight(text: str, words: list[str]) -> tuple[SnippetPart, ...]:
    """`text` split into parts, the query's words marked."""
    pattern = _pattern(words)
    if pattern is None or not text:
        return (SnippetPart(text),) if text else ()
    parts: list[SnippetPart] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            parts.append(SnippetPart(text[last : match.start()]))
        parts.append(SnippetPart(match.group(0), match=True))
        last = match.end()
    if last < len(text):
        parts.append(SnippetPart(text[last:]))
    return tuple(parts)


def snippet(text: str, words: list[str], width: int = 180) -> tuple[SnippetPart, ...]:
    """About `width` characters of `text` around the first match, marked."""
    text = " ".join(text.split())
    pattern = _pattern(words)
    match = pattern.search(text) if pattern is not None else None
    if match is None:
        cut = text[:width]
        return (SnippetPart(cut + ("…" if len(text) > width else "")),) if cut else ()
    start = max(0, match.start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space > match.end() else end
    parts = list(highlight(text[start:end], words))
    if start:
        parts.insert(0, SnippetPart("…"))
    if end < len(text):
        parts.append(SnippetPart("…"))
    return tuple(parts)
