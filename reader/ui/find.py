"""Find in page: every case-insensitive occurrence of a query in the text
units of an article, and which one is current.

No Textual here. The texts are lower-cased once per article; a query is then
a loop of `str.find` over each text, so a 100k-word article is searched in a
few milliseconds. Only the current match is ever turned into a line number
(by the view).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

#: Most matches kept; a one-letter query on a huge article stops there.
MAX_MATCHES = 100_000


class Match(NamedTuple):
    """One occurrence: characters `[start, end)` of text unit `unit`."""

    unit: int
    start: int
    end: int


class FindIndex:
    """The searchable texts of one article (the view's units, in order)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self._lowered: list[str | None] | None = None

    def _prepare(self) -> list[str | None]:
        """Lower-cased texts; None where lower-casing changes the length (then
        a case-insensitive regex keeps offsets right)."""
        if self._lowered is None:
            lowered: list[str | None] = []
            for text in self._texts:
                low = text.lower()
                lowered.append(low if len(low) == len(text) else None)
            self._lowered = lowered
        return self._lowered

    def find(self, query: str, limit: int = MAX_MATCHES) -> list[Match]:
        """Every occurrence of `query`, in document order (at most `limit`)."""
        if not query or not query.strip():
            return []
        needle = query.lower()
        size = len(needle)
        pattern: re.Pattern[str] | None = None
        out: list[Match] = []
        append = out.append
        for unit, low in enumerate(self._prepare()):
            if low is None:
                pattern = pattern or re.compile(re.escape(query), re.IGNORECASE)
                for found in pattern.finditer(self._texts[unit]):
                    if found.end() > found.start():
                        append(Match(unit, found.start(), found.end()))
            else:
                find = low.find
                at = find(needle)
                while at >= 0:
                    append(Match(unit, at, at + size))
                    if len(out) >= limit:
                        return out
                    at = find(needle, at + size)
            if len(out) >= limit:
                return out[:limit]
        return out


class FindResults:
    """The matches of one query and the current one."""

    def __init__(self, query: str, matches: list[Match]) -> None:
        self.query = query
        self.matches = matches
        self.current = 0 if matches else -1
        self._by_unit: dict[int, list[tuple[int, int, int]]] | None = None

    def __len__(self) -> int:
        return len(self.matches)

    @property
    def current_match(self) -> Match | None:
        """The match the reader is on."""
        return self.matches[self.current] if self.current >= 0 else None

    def label(self) -> str:
        """ "3/17", or "no matches"."""
        if not self.matches:
            return "no matches"
        return f"{self.current + 1}/{len(self.matches)}"

    def step(self, step: int) -> Match | None:
        """Move to the next (+1) or previous (-1) match, wrapping around."""
        if not self.matches:
            return None
        self.current = (self.current + step) % len(self.matches)
        return self.matches[self.current]

    def first_from(self, unit: int, offset: int) -> Match | None:
        """Make the first match at or after (`unit`, `offset`) current (the
        first match of all when there is none after it)."""
        if not self.matches:
            return None
        index = bisect.bisect_left(self.matches, (unit, offset, -1))
        self.current = index if index < len(self.matches) else 0
        return self.matches[self.current]

    def in_unit(self, unit: int, start: int, end: int) -> list[tuple[int, int, bool]]:
        """The matches overlapping `[start, end)` of `unit`, clipped to it, as
        (start, end, is_current)."""
        if self._by_unit is None:
            by_unit: dict[int, list[tuple[int, int, int]]] = {}
            for index, match in enumerate(self.matches):
                by_unit.setdefault(match.unit, []).append((match.start, match.end, index))
            self._by_unit = by_unit
        found = self._by_unit.get(unit)
        if not found:
            return []
        out: list[tuple[int, int, bool]] = []
        first = max(0, bisect.bisect_left(found, (start, -1, -1)) - 1)
        for m_start, m_end, index in found[first:]:
            if m_start >= end:
                break
            if m_end <= start:
                continue
            out.append((max(m_start, start), min(m_end, end), index == self.current))
        return out
