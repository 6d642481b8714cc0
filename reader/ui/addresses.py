"""What a user may type in the open dialog: a web address or a local file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from reader.core.errors import BadURL
from reader.core.sanitize import clean_line
from reader.core.urls import normalize_user_url, scheme_of, shorten


def resolve_user_source(text: str) -> str:
    """Turn typed text into a source for `Library.open`: the path of an
    existing file, or an absolute http(s) URL. Raises BadURL with a reason."""
    raw = clean_line(text)
    if not raw:
        raise BadURL("Type a web address or the path of an HTML file.")
    if scheme_of(raw) == "file":
        from urllib.request import url2pathname  # slow to import; rarely needed

        try:
            path = Path(url2pathname(urlsplit(raw).path))
        except ValueError:
            path = None
        if path is not None and path.is_file():
            return raw
        raise BadURL(f"No such file: {shorten(raw)}")
    if not scheme_of(raw) or raw.startswith(("/", "~", ".")):
        try:
            path = Path(raw).expanduser()
            if path.is_file():
                return str(path)
            if path.is_dir():
                raise BadURL(f"That is a folder, not a page: {shorten(raw)}")
        except (OSError, ValueError):
            pass
        if raw.startswith(("/", "~", "./", "../")):
            raise BadURL(f"No such file: {shorten(raw)}")
    return normalize_user_url(raw)
