"""Themes as files: the five shipped as the package data `reader.themes` (the
repository's top-level themes/ folder, installed under reader/) and any the
user puts in the config folder's `themes/`.

One theme per TOML file:

    name = "harbour-night"          # optional: the file name without .toml
    description = "..."             # optional, shown in the command palette
    dark = true                     # optional, default true
    primary = "#8fc1ea"             # required: links, cursors, focus
    background = "#161c24"          # required: the page
    foreground = "#d5dbe3"          # required: the text
    secondary = "..."               # optional colours: secondary, accent,
                                    # surface, panel, boost, warning, error, success
    [variables]                     # optional: Textual's theme variables
    text-muted = "#8c929a"          # and the reader's own (READER_VARIABLES)

A broken file (not TOML, a missing or bad colour, a name used twice) gives
a one-line message naming the file and the problem and is skipped. Colours
are checked with Textual's `Color.parse` and written back as hex (an opacity
folded into "#RRGGBBAA"), and style variables are checked word by word, so
nothing from a file reaches the CSS unchecked.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import Theme

from reader.core.input_caps import BadToml, InputTooLarge, parse_toml, read_capped_path
from reader.core.sanitize import clean_line

#: The theme used when none is chosen (or the chosen one is unknown).
DEFAULT_THEME = "harbour-night"
#: The package that holds the shipped theme files: the repository's themes/
#: folder, installed as reader/themes/ (see setup.py).
BUILTIN_PACKAGE = "reader.themes"
#: The order the shipped themes are cycled in (others follow by name).
BUILTIN_ORDER = ("harbour-night", "paper", "sepia-press", "lamplight", "signal")

REQUIRED_COLOURS = ("primary", "background", "foreground")
OPTIONAL_COLOURS = (
    "secondary",
    "accent",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
COLOUR_KEYS = REQUIRED_COLOURS + OPTIONAL_COLOURS
OTHER_KEYS = frozenset({"name", "description", "dark", "variables"})

#: The reader's own theme variables, and what each colours. Defaults are
#: worked out from the theme's colours (see `reader_variables`).
READER_VARIABLES: dict[str, str] = {
    "reader-title": "the article's title (default: accent)",
    "reader-heading": "headings in the article (default: accent)",
    "reader-link": "links in the article (default: primary)",
    "reader-meta": "byline, date, captions, image lines (default: text-muted)",
    "reader-quote-bar": "the bar beside quotes (default: accent, faded)",
    "reader-code-background": "code blocks (default: foreground at 7%)",
    "reader-match-background": "find-in-page matches (default: warning, faded)",
    "reader-match-current-background": "the current match (default: warning)",
    "reader-match-current-foreground": "text of the current match (default: contrasting)",
    "reader-hint-background": "link labels (default: accent)",
    "reader-hint-foreground": "text of link labels (default: contrasting)",
    "reader-selection": "the cursor in a focused list (default: primary, faded)",
    "reader-selection-blurred": "the cursor in a list without focus (default: faint)",
    "reader-divider": "the line beside the sidebar (default: foreground at 12%)",
    "reader-scrollbar": "scrollbars (default: foreground at 18%)",
}

#: Largest theme file read (bytes).
MAX_THEME_FILE = 64 * 1024
#: Most user theme files read.
MAX_USER_THEMES = 100

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_VARIABLE = re.compile(r"^[a-z][a-z0-9-]{0,60}$")
_PERCENT = re.compile(r"^(\d{1,3}(?:\.\d+)?)%$")


@dataclass(frozen=True)
class ReaderTheme:
    """A theme and where it came from."""

    theme: Theme
    description: str = ""
    origin: str = "built-in"
    """ "built-in", or the user file's name."""

    @property
    def name(self) -> str:
        """The theme's name."""
        return self.theme.name


@dataclass
class ThemeSet:
    """The themes available, in cycling order, and the problems met loading them.

    A shipped theme file is read when its theme is first wanted (`get`, or
    `themes` for all of them): start-up reads only the one on show. Its name
    is its file name (the shipped files are tested to agree)."""

    order: list[str] = field(default_factory=list)
    """Theme names, in cycling order."""
    loaded: dict[str, ReaderTheme] = field(default_factory=dict)
    pending: dict[str, Traversable] = field(default_factory=dict)
    """Shipped theme files not read yet, by name."""
    problems: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Theme names, in cycling order."""
        return list(self.order)

    @property
    def themes(self) -> dict[str, ReaderTheme]:
        """Every theme (the shipped files not read yet are read now), in order."""
        for name in list(self.pending):
            self.get(name)
        return {name: self.loaded[name] for name in self.order if name in self.loaded}

    def get(self, name: str) -> ReaderTheme | None:
        """The theme called `name`, if there is one (read now if it is not yet)."""
        node = self.pending.pop(name, None)
        if node is not None:
            found = ThemeSet()
            _load_files([(node.name, node)], "built-in", found, builtin=True)
            self.problems.extend(found.problems)
            if name in found.loaded:
                self.loaded[name] = found.loaded[name]
            else:
                self.order.remove(name)
        return self.loaded.get(name)


class ThemeError(ValueError):
    """A theme file that cannot be used (the message says why)."""


def _colour(value: Any, key: str) -> str:
    """A colour from a file, checked and written as hex."""
    if not isinstance(value, str):
        raise ThemeError(f'{key} must be a colour in quotes, like "#1e2630"')
    try:
        color = Color.parse(value.strip())
    except ColorParseError:
        raise ThemeError(f"{key} = {_shown(value)} is not a colour") from None
    return color.hex


def _variable_value(name: str, value: Any) -> str:
    """A variable's value, checked: a style ("bold", "not underline") for
    names ending in "style", else a colour with an optional "NN%" opacity,
    written as one hex token ("#RRGGBB" or "#RRGGBBAA")."""
    if not isinstance(value, str):
        raise ThemeError(f"variables.{name} must be text in quotes")
    text = value.strip()
    if name.endswith("style"):
        words = text.split()
        if not words or not all(word in VALID_STYLE_FLAGS for word in words):
            raise ThemeError(
                f'variables.{name} = {_shown(value)} is not a text style (like "bold" or "none")'
            )
        return " ".join(words)
    parts = text.split()
    opacity = 1.0
    if len(parts) == 2 and (found := _PERCENT.match(parts[1])):
        opacity = float(found.group(1)) / 100
        if opacity > 1:
            raise ThemeError(f"variables.{name} = {_shown(value)}: opacity is above 100%")
        parts = parts[:1]
    if len(parts) != 1:
        raise ThemeError(f"variables.{name} = {_shown(value)} is not a colour")
    colour = Color.parse(_colour(parts[0], f"variables.{name}"))
    # one token ("#RRGGBBAA"), so that CSS may add its own opacity ("$name 40%")
    return colour.with_alpha(colour.a * opacity).hex


def _shown(value: Any) -> str:
    """A value as quoted in a message: one clean, short line."""
    text = clean_line(repr(value))
    return text if len(text) <= 40 else text[:39] + "…"


def parse_theme(
    data: Mapping[str, Any], default_name: str, *, check: bool = True
) -> tuple[ReaderTheme, list[str]]:
    """A theme from a parsed file, and notes about what was ignored.
    Raises ThemeError when the file cannot be used. With `check`, Textual's
    colour system is worked out once to prove the colours usable (the shipped
    themes skip this at start-up: the tests prove them)."""
    notes: list[str] = []
    name = data.get("name", default_name)
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeError(
            f"name = {_shown(name)}: use lower-case letters, digits, - and _ (at most 40)"
        )
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError("dark must be true or false")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ThemeError("description must be text in quotes")
    missing = [key for key in REQUIRED_COLOURS if key not in data]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise ThemeError(f"missing colour{plural} " + ", ".join(missing))
    colours = {key: _colour(data[key], key) for key in COLOUR_KEYS if key in data}
    raw_variables = data.get("variables", {})
    if not isinstance(raw_variables, Mapping):
        raise ThemeError("[variables] must be a table")
    variables: dict[str, str] = {}
    for key, value in raw_variables.items():
        if not isinstance(key, str) or not _VARIABLE.match(key):
            raise ThemeError(f"variables.{clean_line(str(key))[:40]} is not a variable name")
        variables[key] = _variable_value(key, value)
    for key in data:
        if key not in OTHER_KEYS and key not in COLOUR_KEYS:
            notes.append(f"unknown key {clean_line(str(key))[:40]} ignored")
    theme = Theme(
        name=name,
        dark=dark,
        variables=variables,
        primary=colours["primary"],
        secondary=colours.get("secondary"),
        accent=colours.get("accent"),
        background=colours.get("background"),
        surface=colours.get("surface"),
        panel=colours.get("panel"),
        boost=colours.get("boost"),
        foreground=colours.get("foreground"),
        warning=colours.get("warning"),
        error=colours.get("error"),
        success=colours.get("success"),
    )
    if check:
        try:
            theme.to_color_system().generate()
        except Exception as exc:  # a combination Textual cannot work with
            raise ThemeError(f"Textual cannot use these colours ({exc})") from None
    return ReaderTheme(theme, clean_line(description)[:120]), notes


def read_theme(
    text: bytes, origin: str, default_name: str, *, check: bool = True
) -> tuple[ReaderTheme, list[str]]:
    """Parse the bytes of a theme file (ThemeError when it cannot be used)."""
    if len(text) > MAX_THEME_FILE:
        raise ThemeError(f"larger than {MAX_THEME_FILE // 1024} KiB")
    try:
        data = parse_toml(text)  # bad TOML, nesting and endless numbers: one sentence
    except BadToml as exc:
        raise ThemeError(str(exc).removeprefix("is ")) from None
    theme, notes = parse_theme(data, default_name, check=check)
    return ReaderTheme(theme.theme, theme.description, origin), notes


def _load_files(
    files: Iterable[tuple[str, Traversable]], origin: str, found: ThemeSet, *, builtin: bool
) -> None:
    """Read theme files into `found`; each problem becomes one message."""
    seen: set[str] = set()
    for label, node in files:
        where = f"{'Built-in theme' if builtin else 'Theme'} file {label}"
        try:
            loaded, notes = read_theme(
                _theme_bytes(node), origin or label, node.name[:-5], check=not builtin
            )
        except ThemeError as exc:
            found.problems.append(f"{where}: {exc}; skipped.")
            continue
        except OSError as exc:
            found.problems.append(f"{where} could not be read ({exc.strerror}); skipped.")
            continue
        found.problems.extend(f"{where}: {note}." for note in notes)
        if loaded.name in seen:
            found.problems.append(
                f"{where}: the name {loaded.name} is used by another file; skipped."
            )
            continue
        seen.add(loaded.name)
        found.loaded[loaded.name] = loaded


def _theme_bytes(node: Traversable) -> bytes:
    """A theme file's bytes, never more than the cap: a user's theme may be
    a link to a device or a FIFO (/dev/zero would fill the memory)."""
    if not isinstance(node, Path):
        return node.read_bytes()  # a shipped theme, inside the package
    try:
        return read_capped_path(node, MAX_THEME_FILE)
    except InputTooLarge:
        raise ThemeError(f"larger than {MAX_THEME_FILE // 1024} KiB") from None


def builtin_theme_files() -> list[tuple[str, Traversable]]:
    """The shipped theme files, by name."""
    try:
        root = importlib.resources.files(BUILTIN_PACKAGE)
    except ModuleNotFoundError:
        return []
    files = [node for node in root.iterdir() if node.name.endswith(".toml") and node.is_file()]
    return [(node.name, node) for node in sorted(files, key=lambda node: node.name)]


def user_theme_files(folder: Path) -> tuple[list[tuple[str, Traversable]], list[str]]:
    """The theme files in the user's folder, and a message if it cannot be
    listed or holds a .toml that is not a file (a device, a FIFO: not read)."""
    try:
        found = sorted(folder.glob("*.toml"))
        files = [path for path in found if path.is_file()]
    except OSError as exc:
        return [], [f"The themes folder {folder} could not be read ({exc.strerror})."]
    problems = [
        f"Theme file {clean_line(path.name)}: not a regular file; skipped."
        for path in found
        if path not in files
    ]
    if len(files) > MAX_USER_THEMES:
        problems.append(
            f"The themes folder has {len(files)} files; only the first {MAX_USER_THEMES} are read."
        )
        files = files[:MAX_USER_THEMES]
    return [(clean_line(path.name), path) for path in files], problems


def load_themes(user_folder: Path | None = None) -> ThemeSet:
    """The shipped themes (read when first wanted), then the user's (read
    now: a user theme with a shipped theme's name replaces it), with a
    message for each problem."""
    found = ThemeSet()
    files = {label[: -len(".toml")]: node for label, node in builtin_theme_files()}
    found.order = [name for name in BUILTIN_ORDER if name in files]
    found.order += sorted(name for name in files if name not in found.order)
    found.pending = files
    if user_folder is not None and user_folder.is_dir():
        files_found, problems = user_theme_files(user_folder)
        found.problems.extend(problems)
        user = ThemeSet()
        _load_files(files_found, "", user, builtin=False)
        found.problems.extend(user.problems)
        for name, theme in sorted(user.loaded.items()):
            found.pending.pop(name, None)  # replaces a shipped theme of that name, in its place
            found.loaded[name] = theme
            if name not in found.order:
                found.order.append(name)
    if not found.order:
        fallback = Theme(
            name=DEFAULT_THEME, primary="#8fc1ea", background="#161c24", foreground="#d5dbe3"
        )
        found.order = [DEFAULT_THEME]
        found.loaded[DEFAULT_THEME] = ReaderTheme(fallback, "Fallback: no theme files found.")
    return found


def _blend(top: Color, bottom: Color, alpha: float) -> str:
    """`top` at `alpha` over `bottom`, as hex."""
    return bottom.blend(top, alpha).hex


def reader_variables(theme: Theme, generated: Mapping[str, str]) -> dict[str, str]:
    """Defaults for the reader's own variables and for the text colours,
    worked out from `theme` (`generated` is Textual's colour system for it).

    Textual's `text` and `text-muted` contrast with the background whatever
    the foreground is; here they follow the foreground, so that a quiet
    theme stays quiet. Whatever the theme's [variables] set wins."""
    background = Color.parse(theme.background or generated["background"])
    foreground = Color.parse(theme.foreground or generated["foreground"])
    primary = Color.parse(theme.primary)
    accent = Color.parse(theme.accent or theme.primary)
    warning = Color.parse(theme.warning or theme.primary)
    muted = _blend(foreground, background, 0.66)
    values = {
        "text": foreground.hex,
        "text-muted": muted,
        "text-disabled": _blend(foreground, background, 0.42),
        "reader-title": accent.hex,
        "reader-heading": accent.hex,
        "reader-link": primary.hex,
        "reader-meta": muted,
        "reader-quote-bar": _blend(accent, background, 0.6),
        "reader-code-background": _blend(foreground, background, 0.07),
        "reader-match-background": _blend(warning, background, 0.35),
        "reader-match-current-background": warning.hex,
        "reader-match-current-foreground": warning.get_contrast_text(1.0).hex,
        "reader-hint-background": accent.hex,
        "reader-hint-foreground": accent.get_contrast_text(1.0).hex,
        "reader-selection": _blend(primary, background, 0.22 if theme.dark else 0.16),
        "reader-selection-blurred": _blend(foreground, background, 0.07),
        "reader-divider": _blend(foreground, background, 0.12),
        "reader-scrollbar": _blend(foreground, background, 0.18),
    }
    if "text-muted" in theme.variables and "reader-meta" not in theme.variables:
        values["reader-meta"] = theme.variables["text-muted"]
    return {key: value for key, value in values.items() if key not in theme.variables}
