"""What a SOURCE names, without opening it: an http(s) address or a file.

Light on purpose (no network stack): the app uses it to look a page up in the
library before anything is fetched.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.errors import BadURL
from reader.core.urls import FOLLOWABLE_SCHEMES, normalize_user_url, scheme_of

#: Extensions that mark a missing SOURCE as a file name rather than a bare host.
FILE_SUFFIXES = (".html", ".htm", ".xhtml", ".gz", ".txt", ".xml", ".json", ".md", ".pdf")


def web_address(source: str) -> str | None:
    """The http(s) address SOURCE stands for, or None when it is a file, stdin
    or not an address at all (those are reported by `load_source`)."""
    if source == "-":
        return None
    scheme = scheme_of(source)
    if scheme in FOLLOWABLE_SCHEMES:
        try:
            return normalize_user_url(source)
        except BadURL:
            return None
    if scheme or exists(Path(source).expanduser()) or looks_like_file(source):
        return None
    try:
        return normalize_user_url(source)
    except BadURL:
        return None


def exists(path: Path) -> bool:
    """Path.exists() that is False instead of raising on odd names."""
    try:
        return path.exists()
    except (OSError, ValueError):  # e.g. names too long, embedded NUL
        return False


def looks_like_file(source: str) -> bool:
    """True when a missing SOURCE reads as a file name, not as "host/path"."""
    if (
        source.startswith(("/", "./", "../", "~", "\\", ".\\"))
        or os.sep in source.split("/", maxsplit=1)[0]
    ):
        return True
    first = source.split("/", 1)[0].lower()
    host = first.split(":")[0]
    if host == "localhost":
        return False
    return first.endswith(FILE_SUFFIXES) or "." not in host
