"""newsboat's `urls` file: one feed a line, its address then its tags.

    https://kabar.example/rss   berita "kabar lokal"   "~Kabar Pagi"
    # a comment
    "query:Belum dibaca:unread = \\"yes\\""          (reported, skipped)

A tag in double quotes may hold spaces (`\\"` and `\\\\` escape); `"~Title"`
sets the title; `!` (newsboat's hidden mark) is ignored; `query:`, `exec:`
and `filter:` lines, and lines that do not start with an http(s) address,
are reported with their line numbers and skipped.
"""

from __future__ import annotations

from reader.core.feeds.model import OutlineEntry
from reader.core.sanitize import clean_line
from reader.core.urls import is_followable, shorten

__all__ = ["read_urls"]

#: At most this many lines are read.
MAX_LINES = 100_000
_SPECIAL = {
    "query:": "a query feed (made from other feeds) is not a source",
    "exec:": "a feed made by running a program is not followed",
    "filter:": "a feed passed through a filter program is not followed",
}


def read_urls(text: str) -> tuple[list[OutlineEntry], list[str]]:
    """The feeds of a newsboat urls file, and one line per line skipped
    ("line 4: ...")."""
    entries: list[OutlineEntry] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines()[:MAX_LINES], start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tokens = _tokens(line)
        if tokens is None:
            problems.append(f"line {number}: a quote is not closed; skipped.")
            continue
        url = tokens[0] if tokens else ""
        special = next((why for prefix, why in _SPECIAL.items() if url.startswith(prefix)), None)
        if special is not None:
            problems.append(f"line {number}: {special}; skipped.")
            continue
        if not is_followable(url):
            problems.append(
                f"line {number}: {shorten(clean_line(url), 60)!r} is not a web address; skipped."
            )
            continue
        title = ""
        tags: list[str] = []
        seen: set[str] = set()
        for token in tokens[1:]:
            if token.startswith("~"):
                title = clean_line(token[1:])[:200]
                continue
            if token.startswith("!"):
                continue  # newsboat's "hidden" mark (also "!tag")
            tag = clean_line(token)[:60]
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        entries.append(OutlineEntry(url=url, title=title, tags=tuple(tags)))
    return entries, problems


def _tokens(line: str) -> list[str] | None:
    """The line split at spaces, double-quoted parts kept whole (with `\\"`
    and `\\\\` escapes); None when a quote is left open."""
    tokens: list[str] = []
    current: list[str] = []
    quoted = in_token = False
    i = 0
    while i < len(line):
        ch = line[i]
        if quoted:
            if ch == "\\" and i + 1 < len(line):
                current.append(line[i + 1])
                i += 2
                continue
            if ch == '"':
                quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = in_token = True
        elif ch.isspace():
            if in_token:
                tokens.append("".join(current))
                current, in_token = [], False
        else:
            current.append(ch)
            in_token = True
        i += 1
    if quoted:
        return None
    if in_token:
        tokens.append("".join(current))
    return tokens
