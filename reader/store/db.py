"""The SQLite connections: WAL, foreign keys, busy timeout, migrations, and
locks so the app's threads take turns on them.

Every write is a short `BEGIN IMMEDIATE` transaction: it either commits whole or
leaves nothing behind, and other processes wait (busy timeout) instead of failing
with "database is locked". Reads go through a second, read-only connection
when the file is in WAL mode, so a long write (indexing a book-length article
for search) never keeps the reader waiting for a bookmark or a position; a read
made inside a write transaction uses the writing connection and sees its writes.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from reader.core.errors import ReaderError
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

#: How long a writer waits for another process's transaction (milliseconds).
BUSY_TIMEOUT_MS = 30_000


class StoreError(ReaderError):
    """The store could not be opened or written (read-only, full disk, damage)."""


class StoreCorrupt(StoreError):
    """The database file is damaged."""


class Database:
    """A writing connection and a reading one, shared by the app's threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        self._lock = threading.RLock()
        self._depth = 0
        self._writer: int | None = None
        """The thread inside a write transaction."""
        self._read_lock = threading.RLock()
        self._reader: sqlite3.Connection | None = None
        self._wal = False
        self.read_only: str | None = None
        """Why the library can only be read (None when it can be written)."""
        try:
            new = self.path is not None and not self.path.exists()
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.read_only = None if new else why_read_only(self.path)
            if self.read_only is not None:
                self.conn = _open_read_only(str(path))
            else:
                self.conn = sqlite3.connect(
                    str(path),
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,  # we issue BEGIN / COMMIT ourselves
                    check_same_thread=False,
                )
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"Could not open the library at {path}: {_reason(exc)}.") from None
        self.conn.row_factory = sqlite3.Row
        if new and self.path is not None:
            with suppress(OSError):
                self.path.chmod(0o600)  # what you read is yours alone
        try:
            self._configure()
            self._migrate()
            self._probe()
        except sqlite3.DatabaseError as exc:
            damage = self.damage(exc)
            self.conn.close()
            if damage is not None:
                raise StoreCorrupt(f"The library file {path} is damaged ({damage}).") from None
            raise _store_error(exc, self.read_only) from None

    def _configure(self) -> None:
        # Python's lower case (SQLite's lower() folds ASCII only): migration 4
        # fills the bookmarks' filter text with it.
        self.conn.create_function("py_lower", 1, _lower, deterministic=True)
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.read_only is not None:
            self.conn.execute("PRAGMA query_only = ON")
            self._wal = False
            return
        if self.path is not None:
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            self._wal = str(mode).lower() == "wal"
            if not self._wal:
                self.conn.execute("PRAGMA journal_mode = DELETE")
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def _probe(self) -> None:
        """Touch the schema and the first page of every table: cheap, and enough
        to find a file that is not a database or whose structure is damaged."""
        tables = [
            str(row[0])
            for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%'"
            )
        ]
        for table in tables:
            self.conn.execute(f'SELECT * FROM "{table}" LIMIT 1').fetchall()

    @property
    def version(self) -> int:
        """The schema version of the open database."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"The library was written by a newer version of reader (schema {current}, "
                f"this one knows {SCHEMA_VERSION})."
            )
        if current < SCHEMA_VERSION and self.read_only is not None and current > 0:
            raise StoreError(
                f"The library was written by an older version of reader and cannot be "
                f"updated: {self.read_only}."
            )
        for number in range(current + 1, SCHEMA_VERSION + 1):
            script = MIGRATIONS[number - 1]
            with self._lock:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    # Re-check under the write lock: another process may have migrated.
                    if self.version >= number:
                        self.conn.execute("ROLLBACK")
                        continue
                    for statement in _statements(script):
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version = {number}")
                    self.conn.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: commits on success, rolls back on any error.
        Nested calls (in the same thread) join the outer transaction."""
        if self.read_only is not None:
            raise StoreError(f"The library is read-only ({self.read_only}); nothing can be saved.")
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            self._writer = threading.get_ident()
            try:
                with self._transaction() as conn:
                    yield conn
            finally:
                self._depth = 0
                self._writer = None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            yield self.conn
        except sqlite3.Error as exc:
            self._rollback()
            raise self._error(exc) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self._error(exc) from None

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading: the reading one (which does not wait for
        writes), or the writing one inside a write transaction on this thread."""
        writing_here = self._writer == threading.get_ident()
        lock = self._read_lock if self._wal and not writing_here else self._lock
        with lock:
            try:
                yield self._reading() if lock is self._read_lock else self.conn
            except sqlite3.DatabaseError as exc:
                raise self._error(exc) from None

    def _reading(self) -> sqlite3.Connection:
        """The read-only connection, opened on first use."""
        if self._reader is None:
            reader = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            reader.row_factory = sqlite3.Row
            reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            reader.execute("PRAGMA query_only = ON")
            self._reader = reader
        return self._reader

    def _error(self, exc: sqlite3.Error) -> StoreError:
        """The StoreError for a failed statement: StoreCorrupt when the file
        turns out to be damaged, whatever SQLite's message said."""
        if isinstance(exc, sqlite3.DatabaseError):
            damage = self.damage(exc)
            if damage is not None:
                return StoreCorrupt(f"The library file is damaged ({damage}).")
        return _store_error(exc, self.read_only)

    def damage(self, exc: sqlite3.Error | None = None) -> str | None:
        """What is damaged in the file, or None: after a failed statement
        (`exc`), unless its error plainly is not about the file (locked, busy,
        read-only, full, a newer schema), SQLite's quick check of every table
        and index and FTS5's check of the search index."""
        if exc is not None and _is_corruption(exc):
            return str(exc)
        if exc is not None and _is_not_damage(exc):
            return None
        with self._lock:
            return check_file(self.conn, writable=self.read_only is None)

    def integrity_check(self) -> str:
        """SQLite's verdict on the file: "ok" or the first problems found."""
        with self.read() as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        return "; ".join(str(row[0]) for row in rows)

    def close(self) -> None:
        """Close the connections (checkpointing the WAL)."""
        with self._read_lock:
            reader, self._reader = self._reader, None
            if reader is not None:
                with suppress(sqlite3.Error):
                    reader.close()
        with self._lock, suppress(sqlite3.Error):
            self.conn.close()


def _statements(script: str) -> Iterator[str]:
    """Split a migration into complete statements (sqlite3.complete_statement)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if statement and statement != ";":
                yield statement
    if buffer.strip():
        yield buffer.strip()


def _is_corruption(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _is_not_damage(exc: sqlite3.Error) -> bool:
    """Errors that say what else went wrong (no need to check the file)."""
    text = str(exc).lower()
    return any(
        word in text
        for word in ("readonly", "read-only", "disk is full", "locked", "busy", "interrupted")
    )


def check_file(conn: sqlite3.Connection, *, writable: bool) -> str | None:
    """What SQLite finds damaged in the open file (None when it finds nothing):
    `PRAGMA quick_check` (every table and index, not the rows' contents), then
    FTS5's 'integrity-check' of the search index (it runs as a write, so only
    on a writable connection)."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        verdict = "; ".join(str(row[0]) for row in rows[:3])
        if verdict != "ok":
            return verdict
        if (
            writable
            and conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search'"
            ).fetchone()
        ):
            conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")
    except sqlite3.Error as exc:
        if _is_not_damage(exc) and not _is_corruption(exc):
            return None
        return f"the check failed: {exc}"
    return None


def why_read_only(path: Path) -> str | None:
    """Why the library at `path` can only be read (the file or its folder not
    writable, a read-only file system), or None."""
    if not os.access(path, os.W_OK):
        return f"the file {path.name} is not writable"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"its folder {path.parent} is not writable"
    return None


def _open_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection (`mode=ro`); when even that cannot open a WAL
    file (no shared-memory file, a folder we may not write), an immutable one."""
    uri = Path(path).absolute().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(
            f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
    return conn


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _store_error(exc: sqlite3.Error, read_only: str | None = None) -> StoreError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        why = f" ({read_only})" if read_only else ""
        return StoreError(f"The library is read-only{why}; nothing can be saved.")
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError("The disk is full; nothing more can be saved.")
    if "locked" in text or "busy" in text:
        return StoreError("The library is busy in another program; try again.")
    if isinstance(exc, sqlite3.DatabaseError) and _is_corruption(exc):
        return StoreCorrupt(f"The library file is damaged ({exc}).")
    return StoreError(f"The library could not be used ({exc}).")


def _lower(value: str | bytes | int | float | None) -> str | bytes | int | float | None:
    """SQL `py_lower(x)`: Python's str.lower for text, anything else as it is."""
    return value.lower() if isinstance(value, str) else value
