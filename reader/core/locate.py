"""What a SOURCE names, read once where it comes in: a web address (already
normalised and keyed), a local file, or standard input.

    https://example.com/news      WebAddress("https://example.com/news")
    example.com/news              the same, when no such file exists
    localhost:8000/x, 10.0.0.2/x  WebAddress("http://...") (local servers rarely speak TLS)
    story.html, ~/story.html.gz   LocalFile (an absolute path)
    file:///tmp/story.html        LocalFile("/tmp/story.html")
    -                             StandardInput()

`parse_source` raises `BadURL` (javascript:, data:, a malformed address) or
`FileSourceError` (a file name that does not exist) with a message for
people. Everything after it takes the typed value and never reads the text
again. Light on purpose (no network stack): the app uses it to look a page
up in the library before anything is fetched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from reader.core.errors import BadURL, FileSourceError
from reader.core.sanitize import clean_line
from reader.core.urls import FOLLOWABLE_SCHEMES, comparable, normalize_user_url, scheme_of, shorten

#: Extensions that mark a missing SOURCE as a file name rather than a bare host.
FILE_SUFFIXES = (".html", ".htm", ".xhtml", ".gz", ".txt", ".xml", ".json", ".md", ".pdf")


@dataclass(frozen=True)
class WebAddress:
    """An absolute http(s) address, normalised (see `normalize_user_url`)."""

    url: str
    key: str = field(init=False, compare=False)
    """The address as the library keys it (`comparable`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", comparable(self.url))

    def __str__(self) -> str:
        return self.url


@dataclass(frozen=True)
class LocalFile:
    """A file on this machine, by its absolute path."""

    path: Path

    @property
    def uri(self) -> str:
        """Its file:// address (what a page read from it is called)."""
        return self.path.as_uri()

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class StandardInput:
    """The page comes on standard input ("-")."""

    def __str__(self) -> str:
        return "-"


#: What a SOURCE can name.
Source = WebAddress | LocalFile | StandardInput


def parse_source(text: str) -> Source:
    """Read what the user gave as a SOURCE, once (see the module docstring)."""
    if text == "-":
        return StandardInput()
    scheme = scheme_of(text)
    if scheme in FOLLOWABLE_SCHEMES:
        return WebAddress(normalize_user_url(text))
    if scheme == "file":
        return LocalFile(_file_url_path(text).resolve())
    path = Path(text).expanduser()
    if exists(path):
        return LocalFile(path.resolve())
    if scheme or not looks_like_file(text):
        # "example.com/news", "localhost:8000/x"; BadURL for javascript: etc.
        try:
            return WebAddress(normalize_user_url(text))
        except BadURL:
            if scheme:
                raise
    raise FileSourceError(f"No such file: {display_path(text)}")


def web_address(text: str) -> WebAddress | None:
    """The web address SOURCE `text` names, or None (a file, stdin, or not
    an address at all: `parse_source` says why)."""
    try:
        source = parse_source(text)
    except (BadURL, FileSourceError):
        return None
    return source if isinstance(source, WebAddress) else None


def display_path(path: Path | str, limit: int = 80) -> str:
    """A file name for messages: one safe line, long paths cut at the front
    so that the file name itself stays visible."""
    text = clean_line(str(path))
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


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


def _file_url_path(url: str) -> Path:
    # urllib.request brings email, http.client and hashlib (some 20 ms at start-up).
    from urllib.request import url2pathname

    try:
        parts = urlsplit(url)
    except ValueError:
        raise BadURL(f"Malformed file address: {shorten(url)}") from None
    if parts.netloc not in ("", "localhost"):
        raise BadURL(f"Only local file:// addresses can be opened, not {shorten(url)}")
    if not parts.path:
        raise BadURL(f"The file address has no path: {shorten(url)}")
    return Path(url2pathname(parts.path))
