"""Saving linked stories for offline: what there is to save, and the summary
of what was saved. No Textual here; the save panel
(`reader.ui.widgets.save_panel`) runs the library call in its worker and
shows the progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.models import Article
from reader.core.records import SaveSummary
from reader.ui.formatting import save_summary_text

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike

#: Most stories saved by one `p` (the library's default).
SAVE_LIMIT = 30
#: Ask before saving more stories than this.
CONFIRM_ABOVE = 10


@dataclass(frozen=True)
class SavePlan:
    """The stories linked from a page and which of them would be saved."""

    linked: int
    """Story links of the page (once each)."""
    already: int
    """Of those, saved before."""
    count: int
    """How many `p` will save (at most the limit)."""
    left_out: int
    """Not saved now because of the limit."""


def plan_save(library: LibraryLike, article: Article, limit: int = SAVE_LIMIT) -> SavePlan:
    """Count what saving the links of `article` would do (database calls: run
    it in a thread)."""
    urls = list(library.linked_urls(article))
    states = library.link_states(urls)
    todo = [url for url in urls if states.get(url) != "saved"]
    count = min(len(todo), limit)
    return SavePlan(len(urls), len(urls) - len(todo), count, len(todo) - count)


def save_question(plan: SavePlan) -> str:
    """The confirmation asked before a large save."""
    text = f"Save the {plan.count} stories linked from this page for reading offline?"
    if plan.left_out:
        text += f" ({plan.left_out} more are left for next time: at most {plan.count} at once.)"
    return text


def summarize(summary: SaveSummary, planned: int) -> str:
    """ "Saved 27 stories for offline · 2 failed · 1 cancelled"; with no
    network (nothing saved, every failure a failure to connect) "No network:
    30 stories not saved."."""
    if summary.no_network:
        return no_network_text(len(summary.failed))
    saved = len(summary.saved)
    failed = len(summary.failed)
    cancelled = max(0, planned - saved - failed) if summary.cancelled else 0
    return save_summary_text(saved, failed, cancelled)


def no_network_text(count: int) -> str:
    """ "No network: 30 stories not saved."."""
    return f"No network: {count} {stories(count)} not saved."


def stories(count: int) -> str:
    """ "story" or "stories"."""
    return "story" if count == 1 else "stories"


def failure_groups(summary: SaveSummary) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the report lists: the failures grouped by reason, the most common
    first, each group headed "12 stories: could not connect" (a failure
    alone is headed by nothing: its address and message say it all); none
    with no network (the summary's one line says it)."""
    if summary.no_network:
        return []
    return [
        (f"{len(group)} {stories(len(group))}: {reason}" if len(group) > 1 else "", group)
        for reason, group in summary.by_reason()
    ]
