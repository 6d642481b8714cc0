"""Safe file names for exported stories: `YYYY-MM-DD-slug.md`.

A title is hostile text: the slug keeps only ASCII letters and digits
(accents folded: "Café" -> "cafe") joined by single dashes, capped in
length, so a name can never hold a path separator, start with a dot, be
`..`, carry a control or bidi character, or be too long for a file system.
A title with no Latin letters (Thai, Arabic, emoji) gets a slug made from
its address instead, the same on every export.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from datetime import date

#: The longest slug (the whole name stays far below the usual 255 bytes).
MAX_SLUG = 60
_NOT_WORD = re.compile(r"[^a-z0-9]+")
#: Letters that do not decompose into a base letter and an accent.
_FOLD = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ł": "l",
    "Ł": "l", "ı": "i", "&": " and ",
})  # fmt: skip


def slug(title: str, limit: int = MAX_SLUG) -> str:
    """`title` as lower-case ASCII words joined by dashes, at most `limit`
    characters (cut at a dash when one is near); "" when nothing is left."""
    folded = unicodedata.normalize("NFKD", title.translate(_FOLD))
    # Accents go; any other character (a dash, a quote, a letter of another
    # script) separates words: "3–2" is "3-2", not "32".
    bare = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    text = _NOT_WORD.sub("-", bare).strip("-")
    if len(text) <= limit:
        return text
    cut = text[:limit]
    dash = cut.rfind("-")
    if dash >= limit // 2:
        cut = cut[:dash]
    return cut.strip("-")


def story_file_name(day: date | None, title: str, url: str, suffix: str = ".md") -> str:
    """`2025-03-01-the-title.md`: the story's day ("undated" when unknown)
    and its title's slug (or `story-` and a short hash of its address)."""
    words = slug(title) or f"story-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}"
    stamp = day.isoformat() if day is not None else "undated"
    return f"{stamp}-{words}{suffix}"


def numbered(name: str, number: int) -> str:
    """`name` with `-N` before its extension (`a.md`, 2 -> `a-2.md`); 1 is `name`."""
    if number <= 1:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return f"{name}-{number}"
    return f"{stem}-{number}.{extension}"


def unique_name(name: str, free: Callable[[str], bool], limit: int = 10_000) -> str:
    """The first of `name`, `name-2`, `name-3`, ... that `free` accepts."""
    for number in range(1, limit + 1):
        candidate = numbered(name, number)
        if free(candidate):
            return candidate
    raise FileExistsError(f"no free name like {name} (tried {limit})")
