"""Typed errors. Every message is one plain sentence fit for a user."""

from __future__ import annotations


class ReaderError(Exception):
    """Base of every error the app reports to the user instead of a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SourceError(ReaderError):
    """A source (URL, file, stdin) could not be read."""


class BadURL(SourceError):
    """The address is malformed or uses a scheme we do not fetch."""


class FileSourceError(SourceError):
    """A local file is missing, unreadable, a directory or not HTML."""


class FetchError(SourceError):
    """Base of network errors."""


class Offline(FetchError):
    """No connection: DNS failure, connection refused, network unreachable."""


class Timeout(FetchError):
    """Connecting or reading took longer than the configured limit."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        """Seconds to wait before asking again (from Retry-After on 429/503), or None."""


class TooLarge(FetchError):
    """The body grew past the size cap while streaming."""


class NotHTML(FetchError):
    """The response is not an HTML or XHTML document."""


class TooManyRedirects(FetchError):
    """Redirects looped or went past the limit."""


class FeedError(ReaderError):
    """The bytes are not a feed (RSS, Atom, JSON Feed), or one too broken to read."""


class ExtractionError(ReaderError):
    """The page could not be turned into an article at all."""


class NotSaved(ReaderError):
    """Offline, and the page was never saved."""
