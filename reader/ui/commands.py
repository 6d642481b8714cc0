"""The command palette (ctrl+p): every action of the reader by name, with
its key, and every theme. The app says which commands apply to the screen
the palette was opened over (`ReaderApp.palette_commands`); this provider
only lists and matches them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen


@dataclass(frozen=True)
class PaletteCommand:
    """One entry of the palette. `title` is plain text without square
    brackets (Textual's matcher reads it as markup); `help` may be any text."""

    title: str
    help: str
    run: Callable[[], Any]


def palette_commands_of(app: object, screen: Screen[Any]) -> list[PaletteCommand]:
    """The commands the app offers over `screen` (none if it offers none)."""
    source: Callable[[Screen[Any]], Sequence[PaletteCommand]] | None = getattr(
        app, "palette_commands", None
    )
    return list(source(screen)) if source is not None else []


class ReaderCommands(Provider):
    """Lists the reader's commands; fuzzy-matches their titles."""

    _commands: list[PaletteCommand]

    async def startup(self) -> None:
        """Ask the app once what applies to the screen underneath."""
        self._commands = palette_commands_of(self.app, self.screen)

    async def discover(self) -> Hits:
        """Every command, in the app's order, before anything is typed."""
        for command in self._commands:
            yield DiscoveryHit(
                Content(command.title), command.run, text=command.title, help=escape(command.help)
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
                    command.run,
                    text=command.title,
                    help=escape(command.help),
                )
