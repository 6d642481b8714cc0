"""Conditional requests: does an If-None-Match or If-Modified-Since header
say the client's copy is still fresh?"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = ["etag_matches", "not_modified_since"]


def etag_matches(header: str, etag: str) -> bool:
    """True if an If-None-Match header names `etag` (weak comparison) or is `*`."""
    wanted = etag.removeprefix("W/")
    for item in header.split(","):
        candidate = item.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


def not_modified_since(header: str, last_modified: datetime) -> bool:
    """True if an If-Modified-Since header is no earlier than `last_modified`."""
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified <= since
