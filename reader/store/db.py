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
        try:
            new = self.path is not None and not self.path.exists()
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                str(path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we issue BEGIN / COMMIT ourselves
                check_same_thread=False,
            )
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"Could not open the library at {path}: {exc}.") from None
        self.conn.row_factory = sqlite3.Row
        if new and self.path is not None:
            with suppress(OSError):
                self.path.chmod(0o600)  # what you read is yours alone
        try:
            self._configure()
            self._migrate()
            self._probe()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if _is_corruption(exc):
                raise StoreCorrupt(f"The library file {path} is damaged ({exc}).") from None
            raise StoreError(f"Could not open the library at {path}: {exc}.") from None

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
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
            raise _store_error(exc) from None
        try:
            yield self.conn
        except sqlite3.Error as exc:
            self._rollback()
            raise _store_error(exc) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise _store_error(exc) from None

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
                raise _store_error(exc) from None

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


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _store_error(exc: sqlite3.Error) -> StoreError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return StoreError("The library is read-only; nothing can be saved.")
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError("The disk is full; nothing more can be saved.")
    if "locked" in text or "busy" in text:
        return StoreError("The library is busy in another program; try again.")
    if isinstance(exc, sqlite3.DatabaseError) and _is_corruption(exc):
        return StoreCorrupt(f"The library file is damaged ({exc}).")
    return StoreError(f"The library could not be used ({exc}).")
