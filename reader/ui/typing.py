"""Typing goes to the box. On a screen that looks like it takes text (the
library's lists, the news) a printable key is never a command: wherever the
keyboard is on that screen, the key goes to the screen's box. Such a screen
has a `typing_box()` method returning the box.

The app calls `key_to_box` for every key it reads, before it hands the key
on: moving the focus there and then (not after the keys already read, as
`Widget.focus` would) keeps fast typing in order. Keys for a box are then
handled there and then too, in the order read: Textual would queue a
character for the box but send an editing key (backspace, delete, the
arrows: the box's bindings) round through its parents' queues back to the
app, so that in keys read together ("abc", three backspaces, "xyz") the
backspaces ran after "xyz" and the box held "abcxy". The footer asks
`types_text` to leave out the keys that would type text. (The reader's boxes
are all `Input`s: TextArea is not imported, it costs start-up time.)
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.keys import _character_to_key, key_to_character
from textual.screen import Screen
from textual.widgets import Input


async def key_to_box(app: App[Any], event: events.Key) -> bool:
    """Give a key read to the box that has the keyboard (or takes typing on
    this screen), now: a character is typed, a key bound on the way from the
    box to the app (its editing keys, tab, the screen's and the app's keys)
    runs. True when the key was handled so; False leaves it to Textual."""
    if event.is_forwarded or not app.screen_stack:
        return False
    send_typing_to_box(app.screen, event)
    box = app.focused
    if not isinstance(box, Input) or app.screen.maximized is not None:
        return False
    # The private method is Textual's own first step for every key
    # (App.on_event): the priority bindings, then the focus chain's.
    if await app._check_bindings(event.key, priority=True):
        return True
    if event.is_printable and event.character is not None:
        selection = box.selection
        if selection.is_empty:
            box.insert_text_at_cursor(event.character)
        else:
            box.replace(event.character, *selection)
        return True
    return await app._check_bindings(event.key)


def send_typing_to_box(screen: Screen[object], event: events.Key) -> None:
    """A printable key on a typing screen: the box takes the keyboard now
    (the key itself then goes there as usual)."""
    if not event.is_printable or isinstance(screen.focused, Input):
        return
    typing_box = getattr(screen, "typing_box", None)
    if typing_box is None:
        return
    box = typing_box()
    if isinstance(box, Input) and box.focusable:
        # What is typed adds to the filter, at its end; it never replaces it
        # (Input selects its text when it takes the keyboard, by default).
        box.select_on_focus = False
        screen.set_focus(box, scroll_visible=False)
        box.cursor_position = len(box.value)


def types_text(screen: Screen[object]) -> bool:
    """Whether printable keys type text on `screen` now."""
    return isinstance(screen.focused, Input) or hasattr(screen, "typing_box")


#: Textual's names of the printable ASCII keys ("slash", "question_mark", "a").
_ASCII_KEYS = frozenset(_character_to_key(chr(code)) for code in range(32, 127))


def is_printable_key(key: str) -> bool:
    """Whether a binding's key ("q", "question_mark", "ctrl+q") types a character."""
    if key in _ASCII_KEYS:
        return True
    character = key_to_character(key)
    return character is not None and character.isprintable()
