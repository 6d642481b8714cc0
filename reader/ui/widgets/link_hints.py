"""Link hints: short labels drawn over the links on screen, typed to follow one.

Labels are made of home-row keys; when there are more links than keys, every
label has two letters (three past 100), so no label is the start of another
and a label is followed as soon as it is complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

#: Keys used for labels, easiest first.
HINT_KEYS = "asdfghjkl;"


def hint_labels(count: int, keys: str = HINT_KEYS) -> list[str]:
    """`count` labels of equal length; the first letter changes fastest, so
    that neighbouring labels look different."""
    if count <= 0:
        return []
    length = 1
    while len(keys) ** length < count:
        length += 1
    labels = ("".join(reversed(combo)) for combo in product(keys, repeat=length))
    return [label for _, label in zip(range(count), labels, strict=False)]


@dataclass(frozen=True, slots=True)
class HintTarget:
    """A labelled link: document line, cell range in the view, address."""

    line: int
    start: int
    end: int
    href: str
    label: str


class LinkHints:
    """The labels on screen and what has been typed so far."""

    def __init__(self, targets: Iterable[HintTarget], *, external: bool = False) -> None:
        self.targets = list(targets)
        self.external = external
        """Open the chosen link in the system browser instead of the reader."""
        self.typed = ""
        self._by_line: dict[int, list[HintTarget]] = {}
        for target in self.targets:
            self._by_line.setdefault(target.line, []).append(target)

    def accepts(self, char: str) -> bool:
        """Whether typing `char` still leads to a label."""
        prefix = self.typed + char.lower()
        return any(target.label.startswith(prefix) for target in self.targets)

    def type(self, char: str) -> HintTarget | None:
        """Type `char` (call `accepts` first); returns the target once a label is complete."""
        self.typed += char.lower()
        for target in self.targets:
            if target.label == self.typed:
                return target
        return None

    def backspace(self) -> None:
        """Forget the last key typed."""
        self.typed = self.typed[:-1]

    @property
    def lines(self) -> set[int]:
        """Document lines that carry a label."""
        return set(self._by_line)

    def overlay(self, strip: Strip, line: int, label_style: Style, typed_style: Style) -> Strip:
        """`strip` (document line `line`) with the matching labels drawn over it."""
        targets = self._by_line.get(line)
        if not targets:
            return strip
        width = strip.cell_length
        typed = self.typed
        for target in targets:
            if not target.label.startswith(typed) or target.start >= width:
                continue
            done, rest = target.label[: len(typed)], target.label[len(typed) :]
            end = min(width, target.start + len(target.label))
            label = Strip([Segment(done, typed_style), Segment(rest, label_style)])
            strip = Strip.join(
                [strip.crop(0, target.start), label.crop(0, end - target.start), strip.crop(end)]
            )
        return strip
