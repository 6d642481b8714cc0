"""Themes in the app: a plain object the app holds. It registers the theme
files, adds the reader's own CSS variables, cycles (`t`) or picks a theme
by name (the palette), and saves the choice to config.toml in a thread a
moment after the last change, so that pressing t five times writes the
file once."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.timer import Timer

from reader.ui.settings_file import SettingsError, save_theme
from reader.ui.themes import DEFAULT_THEME, ReaderTheme, ThemeSet, reader_variables

#: Save the theme this long after the last change (seconds).
THEME_SAVE_DELAY = 0.6


class ThemeController:
    """The app's themes and the theme line of config.toml."""

    def __init__(self, app: App[Any], themes: ThemeSet, config_file: Path | None) -> None:
        """`config_file` is where the choice is saved (None: not saved, as in tests)."""
        self.app = app
        self.themes = themes
        """The themes found (shipped and the user's), in cycling order."""
        self.config_file = config_file
        self._css_variables: dict[tuple[str, bool | None], dict[str, str]] = {}
        """CSS variables by (theme, ANSI colour), worked out once each."""
        self._timer: Timer | None = None
        self._to_save: str | None = None

    @property
    def names(self) -> list[str]:
        """The reader's themes, in cycling order."""
        return self.themes.names

    def setup(self, chosen: str | None) -> list[str]:
        """Switch to `chosen` (the default when it is unknown); returns the
        messages for the user. Themes are registered with Textual as they are
        first used (the shipped files are read then too)."""
        app = self.app
        name = chosen or DEFAULT_THEME
        notice = None
        if self._register(name) is None:
            names = self.themes.names
            fallback = DEFAULT_THEME if DEFAULT_THEME in names else names[0]
            notice = (
                f'config.toml: theme = "{name}": no theme has this name '
                f"(there are {', '.join(names)}); using {fallback}."
            )
            name = fallback
            self._register(name)
        notices = list(self.themes.problems)
        if notice is not None:
            notices.append(notice)
        if app.is_running:
            app.theme = name
        else:
            self._select_before_run(name)
        return notices

    def _select_before_run(self, name: str) -> None:
        """Choose the theme the app starts with. Setting `App.theme` queues a
        full stylesheet reparse for after start-up, on top of the first parse
        (some 45 ms); before the app runs, doing what its watcher does, less
        that reparse, is enough: the first parse uses these variables."""
        app = self.app
        app.set_reactive(App.theme, name)
        theme = app.current_theme
        classes = {cls: False for cls in app.classes if cls.startswith("-theme-")}
        classes[f"-theme-{theme.name}"] = True
        classes["-dark-mode"] = theme.dark
        classes["-light-mode"] = not theme.dark
        app.update_classes(classes, update=False)
        app._refresh_truecolor_filter(app.ansi_theme)
        app.stylesheet.set_variables(app.get_css_variables())

    def css_variables(self, textual_variables: Callable[[], dict[str, str]]) -> dict[str, str]:
        """Textual's variables for the theme (`textual_variables`), plus the
        reader's own; worked out once per theme (Textual asks more than once
        while starting)."""
        app = self.app
        key = (app.theme, app.ansi_color)
        variables = self._css_variables.get(key)
        if variables is None:
            variables = textual_variables()
            variables.update(reader_variables(app.current_theme, variables))
            self._css_variables[key] = variables
        app.theme_variables = variables
        return dict(variables)

    def next(self) -> None:
        """Switch to the next theme (and save the choice)."""
        names = self.names
        current = self.app.theme
        index = names.index(current) if current in names else -1
        self.use(names[(index + 1) % len(names)])

    def _register(self, name: str) -> ReaderTheme | None:
        """The theme `name`, registered with Textual (None: there is none)."""
        found = self.themes.get(name)
        if found is not None:
            self.app.register_theme(found.theme)
        return found

    def use(self, name: str) -> None:
        """Switch to the theme `name`, say so, and save the choice."""
        found = self._register(name)
        if found is None:
            return
        app = self.app
        app.theme = name
        text = f"Theme: {name} ({self.names.index(name) + 1}/{len(self.names)})"
        if found.description:
            text += f" · {found.description}"
        app.notify(text, markup=False, timeout=3)
        self._schedule_save(name)

    def _schedule_save(self, name: str) -> None:
        if self.config_file is None:
            return
        self._to_save = name
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(THEME_SAVE_DELAY, self._save_now)

    def _save_now(self) -> None:
        self._timer = None
        name, self._to_save = self._to_save, None
        if name is not None:
            self.app.run_worker(
                lambda: self._write_in_thread(name),
                thread=True,
                exclusive=True,
                group="theme_save",
                description="saving the theme",
                exit_on_error=False,
            )

    def _write_in_thread(self, name: str) -> None:
        problem = self.write(name)
        if problem:
            self.app.call_from_thread(self.app.notify, problem, severity="warning", markup=False)

    def write(self, name: str) -> str | None:
        """Save `name` as the theme in config.toml now; the problem, if any."""
        if self.config_file is None:
            return None
        try:
            save_theme(self.config_file, name)
        except SettingsError as exc:
            return f"The theme was not saved: {exc}"
        return None

    def take_pending(self) -> str | None:
        """Take the theme change still waiting for its timer (at quit), if any."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        name, self._to_save = self._to_save, None
        return name

    def palette_commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(title, help, run) of "Theme: <name>" for every theme."""
        commands: list[tuple[str, str, Callable[[], None]]] = []
        for name, found in self.themes.themes.items():
            text = found.description or "a theme"
            if name == self.app.theme:
                text += " (current)"
            if found.origin != "built-in":
                text += f" · from {found.origin}"
            commands.append((f"Theme: {name}", text, partial(self.use, name)))
        return commands
