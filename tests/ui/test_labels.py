"""Status labels redraw only what changed: no refresh for the same text, and
a layout pass only when the width changes."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from reader.ui.widgets.labels import set_label


class LabelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("42%", id="label")


async def test_set_label_lays_out_only_when_the_width_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = LabelApp()
    async with app.run_test() as pilot:
        label = app.query_one("#label", Static)
        refreshes: list[bool] = []
        original = label.refresh

        def refresh(*args: Any, layout: bool = False, **kwargs: Any) -> Any:
            refreshes.append(layout)
            return original(*args, layout=layout, **kwargs)

        monkeypatch.setattr(label, "refresh", refresh)
        set_label(label, "42%")
        assert refreshes == []  # unchanged: nothing to draw
        set_label(label, "43%")
        assert refreshes == [False]  # same width: this label only
        set_label(label, "100%")
        assert refreshes == [False, True]  # wider: the screen is arranged again
        await pilot.pause()
        assert str(label.content) == "100%"
