"""The command palette (ctrl+p): every command of the reader by name, with
its key, and every theme. The app says which commands apply to the screen
the palette was opened over (`ReaderApp.get_system_commands`, built from
the action table); this provider lists them in that order and matches them.

It replaces Textual's own provider, which sorts the commands by name and
reads their help as markup (a user theme's description could hold "[")."""

from __future__ import annotations

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape


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
