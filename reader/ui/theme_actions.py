"""Themes in the app: registering the theme files, the reader's own theme
variables, `t` (next theme), choosing one by name from the palette, and
saving the choice to config.toml (in a thread, a moment after the last
change, so that pressing t five times writes the file once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.timer import Timer

from reader.ui.app_base import ReaderBase
from reader.ui.settings_file import SettingsError, save_theme
from reader.ui.themes import DEFAULT_THEME, ThemeSet, reader_variables

#: Save the theme this long after the last change (seconds).
THEME_SAVE_DELAY = 0.6


class ThemeActions(ReaderBase):
    """t, Theme: <name>, and the theme line of config.toml."""

    themes: ThemeSet
    """The themes found (shipped and the user's), in cycling order."""
    config_file: Path | None
    """Where the theme choice is saved (None: not saved, as in tests)."""
    _theme_timer: Timer | None = None
    _css_variables: dict[tuple[str, bool | None], dict[str, str]]
    """CSS variables by (theme, ANSI colour), worked out once each."""
    _theme_to_save: str | None = None

    def setup_themes(self, themes: ThemeSet, chosen: str | None) -> list[str]:
        """Register `themes` and switch to `chosen` (the default when it is
        unknown); returns the messages for the user."""
        self.themes = themes
        self._css_variables = {}
        notices = list(themes.problems)
        for reader_theme in themes.themes.values():
            self.register_theme(reader_theme.theme)
        name = chosen or DEFAULT_THEME
        if name not in themes.themes:
            fallback = DEFAULT_THEME if DEFAULT_THEME in themes.themes else themes.names[0]
            notices.append(
                f'config.toml: theme = "{name}": no theme has this name '
                f"(there are {', '.join(themes.names)}); using {fallback}."
            )
            name = fallback
        if self.is_running:
            self.theme = name
        else:
            self._select_theme_before_run(name)
        return notices

    def _select_theme_before_run(self, name: str) -> None:
        """Choose the theme the app starts with. Setting `App.theme` queues a
        full stylesheet reparse for after start-up, on top of the first parse
        (some 45 ms); before the app runs, doing what its watcher does, less
        that reparse, is enough: the first parse uses these variables."""
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        classes = {cls: False for cls in self.classes if cls.startswith("-theme-")}
        classes[f"-theme-{theme.name}"] = True
        classes["-dark-mode"] = theme.dark
        classes["-light-mode"] = not theme.dark
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._css_variables = {}
        super().__init__(*args, **kwargs)

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables for the theme, plus the reader's own (worked
        out once per theme: Textual asks more than once while starting)."""
        key = (self.theme, self.ansi_color)
        variables = self._css_variables.get(key)
        if variables is None:
            variables = super().get_css_variables()
            variables.update(reader_variables(self.current_theme, variables))
            self._css_variables[key] = variables
        self.theme_variables = variables
        return dict(variables)

    @property
    def theme_names(self) -> list[str]:
        """The reader's themes, in cycling order."""
        return self.themes.names

    def action_next_theme(self) -> None:
        """Switch to the next theme (and save the choice)."""
        names = self.theme_names
        index = names.index(self.theme) if self.theme in names else -1
        self.use_theme(names[(index + 1) % len(names)])

    def use_theme(self, name: str) -> None:
        """Switch to the theme `name`, say so, and save the choice."""
        found = self.themes.get(name)
        if found is None:
            return
        self.theme = name
        position = f"{self.theme_names.index(name) + 1}/{len(self.theme_names)}"
        text = f"Theme: {name} ({position})"
        if found.description:
            text += f" · {found.description}"
        self.notify(text, markup=False, timeout=3)
        self._schedule_theme_save(name)

    def _schedule_theme_save(self, name: str) -> None:
        if self.config_file is None:
            return
        self._theme_to_save = name
        if self._theme_timer is not None:
            self._theme_timer.stop()
        self._theme_timer = self.set_timer(THEME_SAVE_DELAY, self._save_theme_now)

    def _save_theme_now(self) -> None:
        self._theme_timer = None
        name, self._theme_to_save = self._theme_to_save, None
        if name is not None:
            self._write_theme(name)

    @work(thread=True, exclusive=True, group="theme_save", exit_on_error=False)
    def _write_theme(self, name: str) -> None:
        """Write the theme line (in a thread); a failure is a message."""
        problem = self.write_theme_setting(name)
        if problem:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)

    def write_theme_setting(self, name: str) -> str | None:
        """Save `name` as the theme in config.toml now; the problem, if any."""
        if self.config_file is None:
            return None
        try:
            save_theme(self.config_file, name)
        except SettingsError as exc:
            return f"The theme was not saved: {exc}"
        except Exception as exc:  # saving a preference must never stop the app
            return f"The theme was not saved ({type(exc).__name__})."
        return None

    def pending_theme_save(self) -> str | None:
        """Take the theme change still waiting for its timer (at quit), if any."""
        if self._theme_timer is not None:
            self._theme_timer.stop()
            self._theme_timer = None
        name, self._theme_to_save = self._theme_to_save, None
        return name
