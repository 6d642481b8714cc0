"""Typing goes to the box. On a screen that looks like it takes text (the
library's lists, the news) a printable key is never a command: wherever the
keyboard is on that screen, the key goes to the screen's box. Such a screen
has a `typing_box()` method returning the box.

The app calls `send_typing_to_box` for every key it reads, before it hands
the key on: moving the focus there and then (not after the keys already
read, as `Widget.focus` would) keeps fast typing in order. The footer asks
`types_text` to leave out the keys that would type text. (The reader's
boxes are all `Input`s: TextArea is not imported, it costs start-up time.)
"""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key, key_to_character
from textual.screen import Screen
from textual.widgets import Input


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
        screen.set_focus(box, scroll_visible=False)


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
