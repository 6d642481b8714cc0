"""config.toml: the user's settings. A bad value gives a message naming the key
and the default is used; a broken file gives a message and all defaults.

    theme = "lamplight"        # a built-in theme or one from the config folder's themes/
    measure = 80               # width of the text column, 40-200
    sidebar = "auto"           # "auto" (shown at 100+ columns), "shown" or "hidden"
    sidebar_width = 36         # 24-80

    [keys]                     # remap any binding by its id: "key" or "key1,key2"
    scroll_down = "j,down"

    [network]
    connect_timeout = 10       # seconds
    read_timeout = 20
    total_timeout = 60
    max_page_mb = 10

    [save]                     # "save linked stories for offline"
    max_pages = 30
    per_host = 4
    overall = 8

    [store]
    max_mb = 1024              # stored pages above this are evicted (bookmarked never)

    [news]                     # sources followed and their stories
    min_interval_minutes = 30  # a source is not asked again sooner (plus up to 10% jitter)
    items_per_source = 20      # new stories of one source saved in full per refresh
    max_refresh_mb = 200       # bytes one refresh fetches, feeds and stories together
    per_host = 4               # requests in flight to one site
    overall = 8                # requests in flight in all
    keep_days = 30             # read stories older than this are dropped (bookmarked never)
    auto_refresh_minutes = 0   # 0: never; else the app refreshes every N minutes
    read_after_seconds = 5     # a story opened this long counts as read...
    read_on_scroll = true      # ...or once scrolled past its first screen
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.core.fetch_options import FetchOptions
from reader.core.input_caps import BadToml, InputTooLarge, parse_toml, read_capped_path
from reader.core.sanitize import clean_line
from reader.core.settings import NewsSettings, SaveLimits, Settings

SIDEBAR_MODES = ("auto", "shown", "hidden")
_KEY_NAME = re.compile(r"^[a-z0-9_+\-]+$|^[^\s,]$", re.IGNORECASE)
_BINDING_ID = re.compile(r"^[a-z][a-z0-9_.-]*$")
#: config.toml is read no further than this (a device or FIFO in its place included).
MAX_CONFIG_BYTES = 256 * 1024
#: The longest text setting (a theme name, a User-Agent).
_MAX_TEXT = 200


@dataclass(frozen=True)
class Config:
    """Everything config.toml can set, with the defaults."""

    settings: Settings = field(default_factory=Settings)
    theme: str | None = None
    measure: int = 80
    sidebar: str = "auto"
    sidebar_width: int = 36
    keys: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys (Textual's keymap format)."""


@dataclass
class _Reader:
    """Reads one table of the file, collecting a message for each bad value."""

    table: Mapping[str, Any]
    where: str
    problems: list[str]

    def value(self, key: str, default: Any, check: Callable[[Any], Any], expected: str) -> Any:
        if key not in self.table:
            return default
        raw = self.table[key]
        try:
            checked = check(raw)
        except (TypeError, ValueError):
            checked = None
        if checked is None:
            shown = _shown(raw)
            self.problems.append(
                f"config.toml: {self.where}{key} = {shown}: expected {expected}; "
                f"using the default ({default!r})."
            )
            return default
        return checked

    def unknown(self, known: set[str]) -> None:
        for key in self.table:
            if key not in known:
                self.problems.append(
                    f"config.toml: unknown setting {self.where}{clean_line(str(key))}; ignored."
                )


def _shown(value: Any) -> str:
    """A bad value as quoted in a message: one short line, whatever it holds
    (repr of a deeply nested array would raise RecursionError)."""
    if isinstance(value, list | dict):
        return "an array" if isinstance(value, list) else "a table"
    if isinstance(value, str):
        value = value[:80]
    try:
        return clean_line(repr(value))[:60]
    except (RecursionError, ValueError):
        return type(value).__name__


def _number(low: float, high: float, *, integer: bool = False) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if integer and not isinstance(value, int):
            return None
        return value if low <= value <= high else None

    return check


def _choice(options: tuple[str, ...]) -> Callable[[Any], Any]:
    return lambda value: value if isinstance(value, str) and value in options else None


def _text(value: Any) -> Any:
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        return None
    return clean_line(value) or None


def load_config(path: Path) -> tuple[Config, list[str]]:
    """The configuration in `path` (defaults when there is none) and the
    problems found, each a one-line message naming the key."""
    problems: list[str] = []
    try:
        raw = read_capped_path(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Config(), problems
    except InputTooLarge:
        limit = MAX_CONFIG_BYTES // 1024
        return Config(), [f"config.toml is larger than {limit} KiB; using defaults."]
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        return Config(), [f"config.toml could not be read ({why}); using defaults."]
    try:
        data = parse_toml(raw)
    except BadToml as exc:
        return Config(), [f"config.toml {exc}; using defaults."]
    return parse_config(data, problems), problems


def parse_config(data: Mapping[str, Any], problems: list[str]) -> Config:
    """Build a Config from parsed TOML, adding a message to `problems` for each
    bad or unknown value."""
    top = _Reader(data, "", problems)
    top.unknown(
        {"theme", "measure", "sidebar", "sidebar_width", "keys", "network", "save", "store", "news"}
    )
    config = Config(
        theme=top.value("theme", None, _text, "a theme name"),
        measure=top.value("measure", 80, _number(40, 200, integer=True), "a whole number 40-200"),
        sidebar=top.value("sidebar", "auto", _choice(SIDEBAR_MODES), '"auto", "shown" or "hidden"'),
        sidebar_width=top.value(
            "sidebar_width", 36, _number(24, 80, integer=True), "a whole number 24-80"
        ),
        keys=_keys(_table(data, "keys", problems), problems),
    )
    network = _Reader(_table(data, "network", problems), "network.", problems)
    network.unknown(
        {"connect_timeout", "read_timeout", "total_timeout", "max_page_mb", "user_agent"}
    )
    base = FetchOptions()
    fetch = replace(
        base,
        connect_timeout=network.value(
            "connect_timeout", base.connect_timeout, _number(0.5, 300), "seconds, 0.5-300"
        ),
        read_timeout=network.value(
            "read_timeout", base.read_timeout, _number(0.5, 600), "seconds, 0.5-600"
        ),
        total_timeout=network.value(
            "total_timeout", base.total_timeout, _number(1, 3600), "seconds, 1-3600"
        ),
        max_bytes=int(
            network.value("max_page_mb", base.max_bytes / 2**20, _number(0.1, 1024), "MB, 0.1-1024")
            * 2**20
        ),
        user_agent=network.value("user_agent", base.user_agent, _text, "a line of text"),
    )
    save = _Reader(_table(data, "save", problems), "save.", problems)
    save.unknown({"max_pages", "per_host", "overall"})
    limits = SaveLimits()
    save_limits = SaveLimits(
        max_pages=save.value(
            "max_pages", limits.max_pages, _number(1, 1000, integer=True), "a whole number 1-1000"
        ),
        per_host=save.value(
            "per_host", limits.per_host, _number(1, 32, integer=True), "a whole number 1-32"
        ),
        overall=save.value(
            "overall", limits.overall, _number(1, 64, integer=True), "a whole number 1-64"
        ),
    )
    store = _Reader(_table(data, "store", problems), "store.", problems)
    store.unknown({"max_mb"})
    default_mb = Settings().store_max_bytes / 2**20
    max_mb = store.value("max_mb", default_mb, _number(10, 10**7), "MB, at least 10")
    return replace(
        config,
        settings=Settings(
            fetch=fetch,
            save=save_limits,
            news=_news(_table(data, "news", problems), problems),
            store_max_bytes=int(max_mb * 2**20),
        ),
    )


def _whole(low: int, high: int) -> tuple[Callable[[Any], Any], str]:
    return _number(low, high, integer=True), f"a whole number {low}-{high}"


def _boolean(value: Any) -> Any:
    return value if isinstance(value, bool) else None


def _news(table: Mapping[str, Any], problems: list[str]) -> NewsSettings:
    """[news]: how sources are refreshed and when a story counts as read."""
    news = _Reader(table, "news.", problems)
    checks: dict[str, tuple[Callable[[Any], Any], str]] = {
        "min_interval_minutes": _whole(1, 10080),
        "items_per_source": _whole(0, 1000),
        "max_refresh_mb": _whole(1, 100_000),
        "per_host": _whole(1, 32),
        "overall": _whole(1, 64),
        "keep_days": _whole(1, 36500),
        "auto_refresh_minutes": _whole(0, 10080),
        "read_after_seconds": (_number(0, 3600), "seconds, 0-3600"),
        "read_on_scroll": (_boolean, "true or false"),
    }
    news.unknown(set(checks))
    default = NewsSettings()
    values = {
        key: news.value(key, getattr(default, key), check, expected)
        for key, (check, expected) in checks.items()
    }
    return NewsSettings(**values)


def _table(data: Mapping[str, Any], name: str, problems: list[str]) -> Mapping[str, Any]:
    value = data.get(name, {})
    if isinstance(value, Mapping):
        return value
    problems.append(f"config.toml: [{name}] must be a table; ignored.")
    return {}


def _keys(table: Mapping[str, Any], problems: list[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for binding, value in table.items():
        name = clean_line(str(binding))
        if not _BINDING_ID.match(name):
            problems.append(f"config.toml: keys.{name}: not a binding id; ignored.")
            continue
        spec = value if isinstance(value, str) else None
        parts = [p.strip() for p in spec.split(",")] if spec else []
        if not parts or not all(_KEY_NAME.match(p) for p in parts):
            shown = _shown(value)[:40]
            problems.append(
                f'config.toml: keys.{name} = {shown}: expected keys like "j" or "ctrl+f,f3"; '
                "ignored."
            )
            continue
        keys[name] = ",".join(parts)
    return keys
