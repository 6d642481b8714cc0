"""? (the keys of the screen on show and of the app) and the commands the
command palette offers over each screen."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen, Screen

from reader.core.sanitize import clean_line
from reader.ui.app_base import HELP_SCREEN, LIBRARY_SCREEN, is_screen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.theme_actions import ThemeActions

if TYPE_CHECKING:
    from reader.ui.commands import PaletteCommand

# The key tables, the palette's entries and the help screen are loaded when
# ? or ctrl+p is first pressed, not at start-up.


def home_relative(path: Path) -> str:
    """`path` as shown: "~/..." under the home folder, cleaned to one line."""
    try:
        shown = "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        shown = str(path)
    return clean_line(shown)


class HelpActions(ThemeActions):
    """?, and the palette's commands."""

    user_themes: Path | None
    """The folder of the user's themes (None: not known, as in tests)."""

    def help_settings(self) -> list[tuple[str, str]]:
        """Where the settings live, for the help screen."""
        lines = [("theme", f"{self.theme} (t: next, or ctrl+p and type theme)")]
        if self.config_file is not None:
            lines.append(("settings", home_relative(self.config_file)))
        else:
            lines.append(("settings", "config.toml in your config folder (see the README)"))
        if self.user_themes is not None:
            lines.append(("your themes", home_relative(self.user_themes) + "/*.toml"))
        return lines

    def action_help(self) -> None:
        """Show every key of this screen and of the app."""
        from reader.ui.keys import key_rows
        from reader.ui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        title = "Keys"
        heading = getattr(screen, "HEADING", "") if is_screen(screen, LIBRARY_SCREEN) else ""
        if heading:
            title = f"Keys · {heading}"
        rows = key_rows(self, screen)
        self.push_screen(HelpScreen(rows, title=title, settings=self.help_settings()))

    def palette_commands(self, screen: Screen[Any]) -> list[PaletteCommand]:
        """What the palette offers over `screen`, each with its key."""
        from reader.ui.commands import PaletteCommand
        from reader.ui.keys import keys_by_id
        from reader.ui.palette import PALETTE, with_key

        keys = keys_by_id(self, screen)
        reading = isinstance(screen, ReadingScreen) and self.reading is not None
        browsing = not (
            isinstance(screen, ModalScreen)
            or is_screen(screen, LIBRARY_SCREEN)
            or is_screen(screen, HELP_SCREEN)
        )
        commands: list[PaletteCommand] = []
        for entry in PALETTE:
            if (entry.where == "reading" and not reading) or (
                entry.where == "browsing" and not browsing
            ):
                continue
            title = entry.title
            if entry.binding_id == "toggle_sidebar" and isinstance(screen, ReadingScreen):
                title = "Fold the sidebar" if screen.sidebar_open else "Show the sidebar"
            elif entry.binding_id == "bookmark_toggle" and self.bookmark is not None:
                title = "Edit or remove the bookmark"
            elif entry.binding_id == "save_linked" and self.saving is not None:
                title = "Cancel saving linked stories"
            namespace = screen if entry.on_screen else None
            run = partial(self.run_action, entry.action, namespace)
            commands.append(PaletteCommand(title, with_key(keys, entry), run))
            if entry.binding_id == "next_theme":
                commands.extend(self._theme_commands())
        return commands

    def _theme_commands(self) -> list[PaletteCommand]:
        """ "Theme: <name>" for every theme."""
        from reader.ui.commands import PaletteCommand

        commands = []
        for name, found in self.themes.themes.items():
            text = found.description or "a theme"
            if name == self.theme:
                text += " (current)"
            if found.origin != "built-in":
                text += f" · from {found.origin}"
            commands.append(PaletteCommand(f"Theme: {name}", text, partial(self.use_theme, name)))
        return commands
