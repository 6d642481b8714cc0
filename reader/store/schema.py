"""The database schema: its tables, as forward migrations (1: pages, articles,
bookmarks, visits; 2: positions and search; 3: sources and their items; 4:
the read-later queue), and how times are written in them (ISO 8601 text,
UTC, to the second).
`PRAGMA user_version` holds the number of migrations applied; each runs in its
own transaction."""

from __future__ import annotations

from datetime import UTC, datetime

#: Migration N (1-based) brings a database from version N-1 to N.
MIGRATIONS: tuple[str, ...] = (
    # 1: pages, articles, link sections, bookmarks, visits.
    """
    CREATE TABLE pages (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL,
        url_key       TEXT NOT NULL UNIQUE,
        status        INTEGER NOT NULL,
        headers       TEXT NOT NULL DEFAULT '{}',
        charset       TEXT NOT NULL DEFAULT 'utf-8',
        body          BLOB,
        body_size     INTEGER NOT NULL DEFAULT 0,
        fetched_at    TEXT NOT NULL,
        checked_at    TEXT NOT NULL,
        read_at       TEXT
    );
    CREATE TABLE aliases (
        url_key       TEXT PRIMARY KEY,
        page_id       INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE
    );
    CREATE INDEX aliases_page ON aliases(page_id);
    CREATE TABLE articles (
        page_id       INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
        title         TEXT NOT NULL,
        byline        TEXT,
        published     TEXT,
        site_name     TEXT,
        lang          TEXT,
        word_count    INTEGER NOT NULL,
        text          TEXT NOT NULL,
        data          TEXT NOT NULL,
        extractor     TEXT NOT NULL,
        extracted_at  TEXT NOT NULL
    );
    CREATE TABLE sections (
        id            INTEGER PRIMARY KEY,
        page_id       INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        kind          TEXT NOT NULL,
        heading       TEXT
    );
    CREATE INDEX sections_page ON sections(page_id);
    CREATE TABLE links (
        id            INTEGER PRIMARY KEY,
        section_id    INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        url           TEXT NOT NULL,
        url_key       TEXT NOT NULL,
        text          TEXT NOT NULL
    );
    CREATE INDEX links_section ON links(section_id);
    CREATE INDEX links_url ON links(url_key);
    CREATE TABLE bookmarks (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL,
        url_key       TEXT NOT NULL UNIQUE,
        title         TEXT NOT NULL DEFAULT '',
        note          TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE bookmark_tags (
        bookmark_id   INTEGER NOT NULL REFERENCES bookmarks(id) ON DELETE CASCADE,
        tag           TEXT NOT NULL,
        PRIMARY KEY (bookmark_id, tag)
    );
    CREATE INDEX bookmark_tags_tag ON bookmark_tags(tag);
    CREATE TABLE visits (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL,
        url_key       TEXT NOT NULL,
        title         TEXT NOT NULL DEFAULT '',
        site          TEXT NOT NULL DEFAULT '',
        visited_at    TEXT NOT NULL
    );
    CREATE INDEX visits_at ON visits(visited_at);
    CREATE INDEX visits_url ON visits(url_key);
    """,
    # 2: reading positions and full-text search over articles and bookmarks.
    """
    CREATE TABLE positions (
        url_key       TEXT PRIMARY KEY,
        data          TEXT NOT NULL,
        fraction      REAL,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE documents (
        id            INTEGER PRIMARY KEY,
        url_key       TEXT NOT NULL UNIQUE
    );
    CREATE VIRTUAL TABLE search USING fts5(
        title, byline, text, tags, note,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO documents(url_key)
        SELECT url_key FROM pages WHERE id IN (SELECT page_id FROM articles)
        UNION SELECT url_key FROM bookmarks;
    INSERT INTO search(rowid, title, byline, text, tags, note)
        SELECT d.id,
               coalesce(a.title, b.title, ''),
               coalesce(a.byline, ''),
               coalesce(a.text, ''),
               coalesce((SELECT group_concat(tag, ' ') FROM bookmark_tags t
                         WHERE t.bookmark_id = b.id), ''),
               coalesce(b.note, '')
        FROM documents d
        LEFT JOIN pages p ON p.url_key = d.url_key
        LEFT JOIN articles a ON a.page_id = p.id
        LEFT JOIN bookmarks b ON b.url_key = d.url_key;
    """,
    # 3: sources followed (feeds, pages, lists of pages), their stories and read state.
    # Small, often-read columns come first: counting unread stories never reads
    # past `read_at` into the long text of a row. Each source's counts of
    # stories and unread stories are kept by triggers (item_sources.unread
    # mirrors items.read_at), so the news screen reads 500 sources' counts from
    # 500 rows, and a refresh run by another process keeps them right too.
    """
    CREATE TABLE sources (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL,
        url_key       TEXT NOT NULL,
        kind          TEXT NOT NULL,
        list_heading  TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
        title         TEXT NOT NULL DEFAULT '',
        site_url      TEXT,
        added_at      TEXT NOT NULL,
        checked_at    TEXT,
        error         TEXT,
        failures      INTEGER NOT NULL DEFAULT 0,
        etag          TEXT,
        last_modified TEXT,
        next_due      TEXT,
        gone          INTEGER NOT NULL DEFAULT 0,
        item_count    INTEGER NOT NULL DEFAULT 0,
        unread_count  INTEGER NOT NULL DEFAULT 0,
        UNIQUE (url_key, list_heading)
    );
    CREATE TABLE source_tags (
        source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        tag           TEXT NOT NULL,
        PRIMARY KEY (source_id, tag)
    );
    CREATE INDEX source_tags_tag ON source_tags(tag);
    CREATE TABLE items (
        id            INTEGER PRIMARY KEY,
        read_at       TEXT,
        sort_at       TEXT NOT NULL,
        url_key       TEXT NOT NULL UNIQUE,
        url           TEXT NOT NULL,
        guid          TEXT NOT NULL DEFAULT '',
        first_seen    TEXT NOT NULL,
        published     TEXT,
        updated       TEXT,
        title         TEXT NOT NULL DEFAULT '',
        author        TEXT NOT NULL DEFAULT '',
        summary       TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX items_sort ON items(sort_at, id);
    CREATE INDEX items_unread ON items(sort_at, id) WHERE read_at IS NULL;
    CREATE INDEX items_guid ON items(guid) WHERE guid != '';
    CREATE TABLE item_sources (
        item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        seen_at       TEXT NOT NULL,
        unread        INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (item_id, source_id)
    );
    CREATE INDEX item_sources_source ON item_sources(source_id, item_id);
    CREATE TRIGGER item_sources_added AFTER INSERT ON item_sources BEGIN
        UPDATE sources SET item_count = item_count + 1, unread_count = unread_count + NEW.unread
        WHERE id = NEW.source_id;
    END;
    CREATE TRIGGER item_sources_removed AFTER DELETE ON item_sources BEGIN
        UPDATE sources SET item_count = item_count - 1, unread_count = unread_count - OLD.unread
        WHERE id = OLD.source_id;
    END;
    CREATE TRIGGER item_sources_read AFTER UPDATE OF unread ON item_sources
    WHEN NEW.unread != OLD.unread BEGIN
        UPDATE sources SET unread_count = unread_count + NEW.unread - OLD.unread
        WHERE id = NEW.source_id;
    END;
    CREATE TRIGGER items_read AFTER UPDATE OF read_at ON items
    WHEN (NEW.read_at IS NULL) != (OLD.read_at IS NULL) BEGIN
        UPDATE item_sources SET unread = (NEW.read_at IS NULL) WHERE item_id = NEW.id;
    END;
    """,
    # 4: the read-later queue: each bookmark's state (unread, read, archived),
    # a favourite mark, why saving its page last failed, and `haystack`, the
    # lower-case text the bookmarks filter looks in (title, address, note,
    # #tags, site), kept by every write so filtering 100,000 bookmarks reads
    # one column. Bookmarks kept before the queue are unread.
    """
    ALTER TABLE bookmarks ADD COLUMN state TEXT NOT NULL DEFAULT 'unread';
    ALTER TABLE bookmarks ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE bookmarks ADD COLUMN state_at TEXT;
    ALTER TABLE bookmarks ADD COLUMN save_error TEXT;
    ALTER TABLE bookmarks ADD COLUMN save_tried_at TEXT;
    ALTER TABLE bookmarks ADD COLUMN haystack TEXT NOT NULL DEFAULT '';
    CREATE INDEX bookmarks_created ON bookmarks(created_at, id);
    CREATE INDEX bookmarks_state ON bookmarks(state, created_at, id);
    CREATE INDEX bookmarks_favourite ON bookmarks(created_at, id) WHERE favourite = 1;
    UPDATE bookmarks SET haystack = py_lower(
        title || ' ' || url || ' ' || note || ' ' ||
        coalesce((SELECT group_concat('#' || tag, ' ') FROM bookmark_tags t
                  WHERE t.bookmark_id = bookmarks.id), '') || ' ' ||
        coalesce((SELECT a.site_name FROM aliases al JOIN articles a ON a.page_id = al.page_id
                  WHERE al.url_key = bookmarks.url_key), ''));
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def now() -> datetime:
    """The current time, UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def to_text(moment: datetime) -> str:
    """How times are written in the database (ISO 8601, UTC)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_text(text: str | None) -> datetime | None:
    """Inverse of `to_text`; None for missing or unreadable values."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
