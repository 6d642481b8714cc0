"""The command palette (ctrl+p): every command of the reader by name, with
its key, and every theme. `palette_commands` builds them from the action
table for the screen the palette was opened over (the app's
`get_system_commands` returns them); `ReaderCommands` lists them in that
order and matches them.

It replaces Textual's own provider, which sorts the commands by name and
reads their help as markup (a user theme's description could hold "[")."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.actions import parse as parse_action
from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen

from reader.ui import actions
from reader.ui.keys import keys_by_id

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def palette_commands(app: ReaderApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    """What the palette offers over `screen`: every command of the action
    table that applies there (in the help's order, each with its key), and
    every theme after "Next theme"."""
    keys = keys_by_id(app, screen)
    has_page = app.reading is not None
    for action in actions.help_order():
        if not action.is_command or action.id not in keys:
            continue
        if not actions.applies(action.where, screen, has_page=has_page):
            continue
        name, parameters = parse_action(action.action)[1:]
        if action.on_screen:
            applies = screen.check_action(name, parameters)
        else:  # over the screen the palette was opened on, not the palette
            applies = actions.app_applies(screen, name, parameters, has_page, app.saving)
        if applies is not True:
            continue
        key = ", ".join(keys[action.id].split())
        help_text = f"{key} · {action.palette_help}" if key else action.palette_help
        node = screen if action.on_screen else app
        run = partial(app.run_action, action.action, node)
        yield SystemCommand(_title(app, action, screen), help_text, run)
        if action.id == "next_theme":
            for title, text, use in app.theming.palette_commands():
                yield SystemCommand(title, text, use)


def _title(app: ReaderApp, action: actions.Action, screen: Screen[Any]) -> str:
    """The palette title of `action`, as things stand."""
    from reader.ui.screens.reading import ReadingScreen

    if action.id == "toggle_sidebar" and isinstance(screen, ReadingScreen):
        return "Fold the sidebar" if screen.sidebar_open else "Show the sidebar"
    if action.id == "bookmark_toggle" and app.page_bookmark.current is not None:
        return "Edit or remove the bookmark"
    if action.id == "save_linked" and app.saving:
        return "Cancel saving linked stories"
    return action.palette


class ReaderCommands(Provider):
    """Lists the reader's commands; fuzzy-matches their titles."""

    _commands: list[SystemCommand]

    async def startup(self) -> None:
        """Ask the app once what applies to the screen underneath."""
        self._commands = list(self.app.get_system_commands(self.screen))

    async def discover(self) -> Hits:
        """Every command, in the app's order, before anything is typed."""
        for command in self._commands:
            yield DiscoveryHit(
                Content(command.title),
                command.callback,
                text=command.title,
                help=escape(command.help),
            )

    async def search(self, query: str) -> Hits:
        """The commands whose titles match what is typed, best first."""
        matcher = self.matcher(query)
        for command in self._commands:
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    command.callback,
                    text=command.title,
                    help=escape(command.help),
                )
