"""Saving a setting chosen in the app (the theme) back to config.toml.

Only the top-level theme value changes: tomlkit edits the parsed file, so
comments (the theme line's own included), key order, blank lines, line
endings, other tables and keys the app does not know are kept. The new text is
checked (it must still parse, with only the theme changed) and written
atomically: a temporary file in the same folder, then a rename. tomlkit is
imported only when a theme is saved (about 25 ms), never at start-up.
No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from reader.config import MAX_CONFIG_BYTES
from reader.core.input_caps import BadToml, InputTooLarge, parse_toml, read_capped_path

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
#: A line break that is a bare "\n" (not part of "\r\n").
_BARE_NEWLINE = re.compile(r"(?<!\r)\n")

NEW_FILE_HEADER = (
    '# reader settings (see the README, "Settings"). The app keeps the theme line\n'
    "# up to date when you change themes with t or the command palette.\n"
)


class SettingsError(Exception):
    """The setting could not be saved (the message says why, in one line)."""


class LayoutError(ValueError):
    """The file is laid out in a way the theme cannot be set in safely."""


def with_theme(text: str, name: str) -> str:
    """`text` (a config.toml) with its top-level theme set to `name`.

    An existing value is replaced where it stands, keeping what surrounds it;
    a missing one is added after the last top-level key, before the first
    table. A file written with "\r\n" line ends keeps them on the added lines.
    Raises LayoutError when tomlkit cannot read the file or the top-level
    `theme` is a table (replacing it would drop or move the user's lines)."""
    import tomlkit  # here, not at the top: only saving a theme pays for it
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import AoT, Table

    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise LayoutError(f"tomlkit cannot read it ({exc})") from None
    if isinstance(document.get("theme"), Table | AoT):
        raise LayoutError("theme is a table")
    # A basic string, said so: tomlkit 0.15.3 and later keep the old value's
    # quotes when given a plain str, and the file's look should not depend on that.
    document["theme"] = tomlkit.string(name)
    result = document.as_string()
    if "\n" in text and not _BARE_NEWLINE.search(text):
        # every line ended in "\r\n": so do the ones tomlkit added
        result = _BARE_NEWLINE.sub("\r\n", result)
    return result


def save_theme(path: Path, name: str) -> None:
    """Set `theme = "name"` in the config file at `path` (creating it if
    needed). Raises SettingsError when it cannot be done safely."""
    if not _SAFE_NAME.match(name):
        raise SettingsError(f"{name!r} is not a theme name that can be saved.")
    try:
        raw = read_capped_path(path, MAX_CONFIG_BYTES)  # a link to /dev/zero stops at the cap
    except InputTooLarge as exc:
        raise SettingsError(f"{path.name} is {exc}, so it was left alone.") from None
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raise SettingsError(f"{path.name} could not be read ({exc.strerror}).") from None
    if raw is None:
        new_text = NEW_FILE_HEADER + f'theme = "{name}"\n'
    else:
        try:
            before = parse_toml(raw)
            text = raw.decode("utf-8")
        except BadToml:
            raise SettingsError(
                f"{path.name} has errors, so it was left alone; fix it to save the theme."
            ) from None
        try:
            new_text = with_theme(text, name)
            after = parse_toml(new_text.encode("utf-8"))
        except (LayoutError, BadToml):
            after = {}
        if after != {**before, "theme": name}:
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
