"""The action table is the one source of the keys: every binding of the
reader's classes comes from it, has help and (for commands) palette text,
and the structure rules of the UI hold (no multiple inheritance among our
classes, every worker says what it is doing)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

import reader.ui
from reader.ui.actions import ACTIONS, BY_ID, NOT_COMMANDS, NUMBER_IDS, bindings_for

UI = Path(reader.ui.__file__).parent


def _reader_classes() -> list[type[DOMNode]]:
    """Every DOM class of reader.ui (all its modules imported first)."""
    for module in pkgutil.walk_packages([str(UI)], "reader.ui."):
        importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    stack: list[type[DOMNode]] = [DOMNode]
    while stack:
        for cls in stack.pop().__subclasses__():
            stack.append(cls)
            if cls.__module__.startswith("reader.") and cls not in found:
                found.append(cls)
    return found


def test_every_binding_comes_from_the_table() -> None:
    bound: set[str] = set()
    for cls in _reader_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), f"{cls.__name__}: a binding without an id"
            assert binding.id in BY_ID, f"{cls.__name__}: {binding.id} is not in the table"
            assert binding == BY_ID[binding.id].binding(), f"{binding.id} differs from the table"
            bound.add(binding.id)
    assert bound == set(BY_ID), "table entries no class binds"


def test_bindings_of_a_scope_keep_the_table_order() -> None:
    scope = BY_ID["toggle_sidebar"].scope
    ids = [binding.id for binding in bindings_for(scope) if isinstance(binding, Binding)]
    assert ids == [action.id for action in ACTIONS if action.scope == scope]


def test_every_binding_has_help_and_every_command_palette_text() -> None:
    for action in ACTIONS:
        if action.id not in NUMBER_IDS[1:]:  # the numbers are one row of the help
            assert action.help, f"{action.id} has no help"
        if action.is_command:
            assert action.palette and action.palette_help, f"{action.id} has no palette text"
            assert "[" not in action.palette, "palette titles are read as markup"
        else:
            assert not action.palette, f"{action.id} is not a command but has palette text"
    keys_only = {action.id for action in ACTIONS if not action.is_command}
    # Keys that are not commands move within a widget or answer a dialog
    # (their scope says so), or are link numbers, tab, escape and the palette.
    assert {action_id for action_id in keys_only if BY_ID[action_id].scope not in NOT_COMMANDS} == {
        *NUMBER_IDS,
        "next_pane",
        "previous_pane",
        "close_sidebar",
        "command_palette",
    }


def test_binding_ids_are_unique_and_keys_do_not_clash_within_a_scope() -> None:
    assert len(BY_ID) == len(ACTIONS)
    for scope in {action.scope for action in ACTIONS}:
        keys = [key for a in ACTIONS if a.scope == scope for key in a.keys.split(",")]
        assert len(keys) == len(set(keys)), f"two bindings of {scope} share a key"


def _classes_and_workers() -> list[tuple[Path, ast.AST]]:
    return [(path, ast.parse(path.read_text())) for path in sorted(UI.rglob("*.py"))]


def test_no_class_of_the_ui_inherits_from_two_of_ours() -> None:
    ours = {cls.__name__ for cls in _reader_classes()}
    for path, tree in _classes_and_workers():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = [b.id for b in node.bases if isinstance(b, ast.Name) and b.id in ours]
                assert len(bases) <= 1, f"{path.name}: {node.name} inherits from {bases}"


def test_every_worker_says_what_it_is_doing() -> None:
    """Worker failures are reported as "while <description>"."""
    for path, tree in _classes_and_workers():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = name or (node.func.id if isinstance(node.func, ast.Name) else None)
            if name in {"work", "run_worker"}:
                keywords = {keyword.arg for keyword in node.keywords}
                assert "description" in keywords, f"{path.name}:{node.lineno} has no description"
