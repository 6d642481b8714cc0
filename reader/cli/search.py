"""`reader search QUERY...`: the saved stories and bookmarks, best matches
first, with matches in bold when stdout is a terminal. Like grep, it exits 1
when nothing matches (stdout empty, one line on stderr)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.cli.exit_status import EXIT_NO_MATCH, EXIT_OK
from reader.cli.output import stdout_is_tty, write_json_line, write_line
from reader.core.sanitize import clean_line, strip_controls

if TYPE_CHECKING:
    from reader.core.records import SearchHit, SnippetPart
    from reader.library import Library

_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_WHITESPACE = re.compile(r"\s+")


def search(library: Library, ns: argparse.Namespace) -> int:
    """Print the hits: numbered blocks of title, facts and snippet, or JSON
    lines; exit status 1 when there are none."""
    query = " ".join(ns.query)
    hits = library.search(query, ns.limit)
    if not hits:  # as grep: nothing on stdout, and exit status 1
        print(f"No match for \u201c{clean_line(query)}\u201d.", file=sys.stderr)
        return EXIT_NO_MATCH
    if ns.format == "json":
        for hit in hits:
            write_json_line(_hit_json(hit))
        return EXIT_OK
    bold = stdout_is_tty()
    for number, hit in enumerate(hits, 1):
        if number > 1:
            write_line()
        write_line(f"{number}. {_marked(hit.title, bold) or '(untitled)'}")
        facts = [clean_line(hit.url)]
        if hit.site:
            facts.append(clean_line(hit.site))
        facts.extend(
            word for word, on in (("saved", hit.saved), ("bookmarked", hit.bookmarked)) if on
        )
        if hit.tags:
            facts.append(" ".join(f"#{clean_line(tag)}" for tag in hit.tags))
        write_line("   " + " · ".join(facts))
        snippet = _marked(hit.snippet, bold)
        if snippet:
            write_line(f"   {snippet}")
    return EXIT_OK


def _marked(parts: Sequence[SnippetPart], bold: bool) -> str:
    """A highlighted title or snippet as one line; matches in bold on a terminal."""
    out = []
    for part in parts:
        text = _WHITESPACE.sub(" ", strip_controls(part.text))
        out.append(f"{_BOLD}{text}{_RESET}" if bold and part.match and text.strip() else text)
    return "".join(out).strip()


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "url": strip_controls(hit.url),
        "title": clean_line(hit.title_text),
        "snippet": clean_line("".join(part.text for part in hit.snippet)),
        "site": clean_line(hit.site),
        "saved": hit.saved,
        "bookmarked": hit.bookmarked,
        "tags": [clean_line(tag) for tag in hit.tags],
    }
