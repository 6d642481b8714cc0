"""Choosing a link of the article view: hint labels drawn over the links (or
the image lines) on screen and typed to follow one, or a click on a link.

`LinkPicker` belongs to one `ArticleView`; it posts the view's messages
(`HintsChanged`, `LinkChosen`). The labels themselves, and how they are drawn
over a line, are in `link_hints.py`, loaded when hints are first shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import events

from reader.ui.widgets.article_lines import ImageLine

if TYPE_CHECKING:
    from reader.ui.widgets.article_view import ArticleView
    from reader.ui.widgets.link_hints import LinkHints

#: What gets a label: document line, cells `[start, end)` of the view, address.
Target = tuple[int, int, int, str]


class LinkPicker:
    """The link hints of one view, and the links under its clicks."""

    def __init__(self, view: ArticleView) -> None:
        self._view = view
        self.hints: LinkHints | None = None
        """The hints on screen, if any."""
        self._images = False

    def start_links(self, *, external: bool = False) -> int:
        """Label every link on screen; returns the number of labels."""
        view = self._view
        top = view.scroll_offset.y
        found: list[Target] = [
            (line, link.start, link.end, link.href)
            for line in range(top, top + view.scrollable_content_region.height)
            for link in view.links_on_line(line)
            if not link.continued
        ]
        return self._start(found, external=external)

    def start_images(self, images: Sequence[ImageLine]) -> int:
        """Label `images`; returns the number of labels."""
        found = [(image.line, image.start, image.end, image.href) for image in images]
        return self._start(found, external=True, images=True)

    def _start(self, found: Sequence[Target], *, external: bool, images: bool = False) -> int:
        self.cancel()
        if not found:
            return 0
        from reader.ui.widgets.link_hints import HintTarget, LinkHints, hint_labels

        view = self._view
        labels = hint_labels(len(found))
        self.hints = LinkHints(
            (
                HintTarget(line, start, end, href, label)
                for (line, start, end, href), label in zip(found, labels, strict=True)
            ),
            external=external,
        )
        self._images = images
        view.focus()
        view.refresh()
        view.post_message(view.HintsChanged(view, active=True, external=external, images=images))
        return len(found)

    def cancel(self) -> None:
        """Take the hints away."""
        if self.hints is None:
            return
        self.hints = None
        view = self._view
        view.refresh()
        view.post_message(view.HintsChanged(view, active=False))

    def key(self, event: events.Key) -> None:
        """While hints are shown, keys choose a label (and nothing else)."""
        hints = self.hints
        if hints is None:
            return
        view = self._view
        event.stop()
        event.prevent_default()
        char = event.character
        if event.key == "escape":
            self.cancel()
        elif event.key == "backspace":
            hints.backspace()
            view.refresh()
        elif char and len(char) == 1 and hints.accepts(char):
            target = hints.type(char)
            view.refresh()
            if target is not None:
                images = self._images
                self.cancel()
                view.post_message(
                    view.LinkChosen(view, target.href, external=hints.external, image=images)
                )
        elif char and char.isprintable():
            view.app.bell()
        else:
            self.cancel()

    def link_at(self, x: int, y: int) -> str | None:
        """The address of the link drawn at view cell (x, y), if any."""
        view = self._view
        for link in view.links_on_line(view.scroll_offset.y + y):
            if link.start <= x < link.end:
                return link.href
        return None

    def click(self, event: events.Click) -> None:
        """A click on a link chooses it."""
        href = self.link_at(event.x, event.y)
        if href is not None:
            event.stop()
            view = self._view
            view.post_message(view.LinkChosen(view, href))
