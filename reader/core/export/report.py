"""What to export (`Selection`) and what an export did (`ExportReport`):
plain records shared by the library, the CLI and the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: The reason given for a story selected whose page is not stored.
NOT_SAVED = "not saved for offline: reader fetch URL saves it"


@dataclass(frozen=True)
class Selection:
    """Which stories to export; the criteria given intersect. With none,
    every bookmarked story."""

    urls: tuple[str, ...] = ()
    tag: str | None = None
    state: str | None = None
    """A bookmark state: unread, read or archived."""
    query: str | None = None
    """Words for the library's full-text search."""
    source: int | None = None
    """A source followed, by its number (`reader sources list`): its stored stories."""

    @property
    def everything(self) -> bool:
        """No criterion given: every bookmark."""
        return not (self.urls or self.tag or self.state or self.query or self.source is not None)


@dataclass
class ExportReport:
    """What an export wrote and what it skipped."""

    output: Path
    """The book, the one Markdown file, or the folder of Markdown files."""
    files: list[Path] = field(default_factory=list)
    """Every file written."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(address, reason) of each story selected and not exported."""

    exported: int = 0
    """Stories written (one file each in Markdown, one chapter each in EPUB)."""

    def add(self, path: Path | None = None) -> None:
        """Count a story written (to `path`, for Markdown)."""
        self.exported += 1
        if path is not None:
            self.files.append(path)

    def skip(self, url: str, reason: str) -> None:
        """Count a story not exported, and why."""
        self.skipped.append((url, reason))

    def reasons(self) -> dict[str, int]:
        """How many stories were skipped for each reason, most first."""
        counts: dict[str, int] = {}
        for _, reason in self.skipped:
            counts[reason] = counts.get(reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))

    def summary(self) -> str:
        """One line: `Exported 12 stories to today.epub (3 not saved for offline, skipped)`."""
        noun = "story" if self.exported == 1 else "stories"
        line = f"Exported {self.exported} {noun} to {self.output}"
        notes = [f"{count} {_short(reason)}" for reason, count in self.reasons().items()]
        return line + (f" ({'; '.join(notes)}, skipped)" if notes else "")


def _short(reason: str) -> str:
    """A reason without its advice (`not saved for offline: ...` -> `not saved for offline`)."""
    return reason.split(":", 1)[0]
