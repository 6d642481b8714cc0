"""The keys in effect, for people: the `?` help rows and the key shown with
each palette command. What each binding does and its group come from the
action table (`reader.ui.actions`); the keys come from the live bindings of
the screen and the app, so the user's keymap is applied and keys that do
nothing right now are marked. On a screen where typing goes to a box
(`reader.ui.typing`) the keys that are characters are left out: they type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.actions import parse as parse_action
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import format_key
from textual.widget import Widget

from reader.ui.actions import APP, BY_ID, NUMBER_IDS, help_order
from reader.ui.typing import is_printable_key

#: Keys spelled out rather than drawn as symbols.
_SPELLED = {"enter": "enter", "backspace": "backspace", "escape": "esc", "tab": "tab"}


def key_label(key: str) -> str:
    """How a key is written for people: "j", "↓", "ctrl+f", "pgdn", "esc"."""
    *modifiers, name = key.split("+")
    label = _SPELLED.get(name) or format_key(name)
    return "+".join([*modifiers, label])


@dataclass(frozen=True)
class KeyRow:
    """One line of the help: the keys of a binding and what it does."""

    binding_id: str
    group: str
    keys: tuple[str, ...]
    description: str
    available: bool = True
    """Whether it does something on the screen underneath right now."""

    @property
    def keys_text(self) -> str:
        """The keys, as shown: "j  ↓"."""
        return "  ".join(self.keys)


def _bindings_of(node: DOMNode, keymap: dict[str, str]) -> BindingsMap:
    """The node's bindings with the user's keymap applied."""
    bindings: BindingsMap = node._bindings.copy()
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def _available(node: DOMNode, binding: Binding) -> bool:
    """Whether `node` would run the binding's action now."""
    _destination, name, parameters = parse_action(binding.action)
    return node.check_action(name, parameters) is True


def collect_bindings(app: App[Any], nodes: Iterable[DOMNode]) -> dict[str, list[tuple[str, bool]]]:
    """Binding id -> [(key, available)] over `nodes`, keymap applied, in order."""
    keymap: dict[str, str] = dict(app._keymap)
    found: dict[str, list[tuple[str, bool]]] = {}
    for node in nodes:
        for key, binding in _bindings_of(node, keymap):
            if binding.id is None or binding.system:
                continue
            keys = found.setdefault(binding.id, [])
            if all(existing != key for existing, _ in keys):
                keys.append((key, _available(node, binding)))
    return found


def binding_nodes(app: App[Any], screen: DOMNode) -> list[DOMNode]:
    """The screen, every widget on it (and those it mounts when wanted, such
    as the find box: see `latent_widgets`), and the app."""
    later: list[Widget] = []
    from reader.ui.screens.reading import ReadingScreen

    if isinstance(screen, ReadingScreen):
        later = screen.latent_widgets()
    return [*screen.walk_children(with_self=True), *later, app]


def key_rows(app: App[Any], screen: DOMNode) -> list[KeyRow]:
    """The help for `screen` and the app, grouped and in the help's order."""
    found = collect_bindings(app, binding_nodes(app, screen))
    if hasattr(screen, "typing_box"):
        found = {
            binding_id: kept
            for binding_id, pairs in found.items()
            if (kept := [pair for pair in pairs if not is_printable_key(pair[0])])
        }
    numbers = [pair for binding_id in NUMBER_IDS[:-1] for pair in found.pop(binding_id, [])]
    found.pop(NUMBER_IDS[-1], None)
    rows: list[KeyRow] = []
    for action in help_order():
        if action.id == NUMBER_IDS[0]:
            keys = [key for key, _ in numbers]
            labels = ("1-9",) if keys == list("123456789") else tuple(map(key_label, keys))
            if numbers:
                available = any(ok for _, ok in numbers)
                rows.append(KeyRow("numbers", action.group, labels, action.help, available))
            continue
        pairs = found.pop(action.id, [])
        if pairs and action.help:
            labels = tuple(key_label(key) for key, _ in pairs)
            rows.append(
                KeyRow(action.id, action.group, labels, action.help, any(ok for _, ok in pairs))
            )
    for binding_id, pairs in found.items():  # bindings of another app's widget (none of ours)
        labels = tuple(key_label(key) for key, _ in pairs)
        description = BY_ID[binding_id].help if binding_id in BY_ID else binding_id
        rows.append(KeyRow(binding_id, APP, labels, description.replace("_", " ").capitalize()))
    return rows


def keys_by_id(app: App[Any], screen: DOMNode) -> dict[str, str]:
    """Binding id -> the keys for it, as shown ("B", "j  ↓"), for `screen` and the app."""
    return {row.binding_id: row.keys_text for row in key_rows(app, screen)}
