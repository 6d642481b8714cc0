"""Saving a setting chosen in the app (the theme) back to config.toml.

Only the `theme = "..."` line changes: every other line and comment is kept.
The new text is checked (it must still parse, with only the theme changed)
and written atomically: a temporary file in the same folder, then a rename.
No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from pathlib import Path

#: A top-level `theme = ...` line, keeping what follows the value (a comment).
_THEME_LINE = re.compile(
    r"""^(?P<lead>[ \t]*theme[ \t]*=[ \t]*)"""
    r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s#]+)(?P<rest>.*)$"""
)
_TABLE = re.compile(r"^[ \t]*\[")
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

NEW_FILE_HEADER = (
    '# reader settings (see the README, "Settings"). The app keeps the theme line\n'
    "# up to date when you change themes with t or the command palette.\n"
)


class SettingsError(Exception):
    """The setting could not be saved (the message says why, in one line)."""


def with_theme(text: str, name: str) -> str:
    """`text` (a config.toml) with its top-level theme set to `name`."""
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    for index in range(first_table):
        found = _THEME_LINE.match(lines[index].rstrip("\r\n"))
        if found:
            ending = lines[index][len(lines[index].rstrip("\r\n")) :] or "\n"
            lines[index] = f'{found["lead"]}"{name}"{found["rest"]}{ending}'
            return "".join(lines)
    new_line = f'theme = "{name}"\n'
    if first_table < len(lines):
        at = first_table
        while at > 0 and not lines[at - 1].strip():
            at -= 1
        lines[at:at] = [new_line, "\n"] if at == 0 else [new_line]
        return "".join(lines)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines) + new_line


def save_theme(path: Path, name: str) -> None:
    """Set `theme = "name"` in the config file at `path` (creating it if
    needed). Raises SettingsError when it cannot be done safely."""
    if not _SAFE_NAME.match(name):
        raise SettingsError(f"{name!r} is not a theme name that can be saved.")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raise SettingsError(f"{path.name} could not be read ({exc.strerror}).") from None
    if raw is None:
        new_text = NEW_FILE_HEADER + f'theme = "{name}"\n'
    else:
        try:
            text = raw.decode("utf-8")
            before = tomllib.loads(text)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            raise SettingsError(
                f"{path.name} has errors, so it was left alone; fix it to save the theme."
            ) from None
        new_text = with_theme(text, name)
        try:
            after = tomllib.loads(new_text)
        except tomllib.TOMLDecodeError:
            after = {}
        expected = {**before, "theme": name}
        if after != expected:
            raise SettingsError(
                f"{path.name} is laid out in a way the app cannot edit; "
                f'set theme = "{name}" there yourself.'
            )
        if new_text == text:
            return
    write_atomically(path, new_text)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename, so that
    the file is always either the old or the new text. A new file (and
    folder) is for the user only, like the library's; an old one keeps its mode."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
        handle, temp_name = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SettingsError(f"{path.name} could not be written ({exc.strerror}).") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(mode)
        temp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise SettingsError(f"{path.name} could not be written ({exc.strerror}).") from None
