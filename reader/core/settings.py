"""Settings with their defaults. `reader.config` fills them from config.toml."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.fetch_options import FetchOptions


@dataclass(frozen=True)
class SaveLimits:
    """How "save linked stories for offline" behaves."""

    max_pages: int = 30
    per_host: int = 4
    overall: int = 8


@dataclass(frozen=True)
class NewsSettings:
    """How sources are refreshed and when a story counts as read ([news] in config.toml)."""

    min_interval_minutes: int = 30
    """A source is not asked again sooner than this (plus up to a tenth of jitter),
    unless the refresh names it."""
    items_per_source: int = 20
    """At most this many new stories of one source are saved in full per refresh."""
    max_refresh_mb: int = 200
    """Bytes fetched by one refresh, feeds and stories together, at most."""
    per_host: int = 4
    overall: int = 8
    keep_days: int = 30
    """Items older than this are dropped (unless unread or bookmarked)."""
    auto_refresh_minutes: int = 0
    """0: never; otherwise the app refreshes every N minutes while open."""
    read_after_seconds: float = 5.0
    """A story opened for this long counts as read..."""
    read_on_scroll: bool = True
    """...or as soon as it is scrolled past its first screen."""


@dataclass(frozen=True)
class Settings:
    """Everything the user can set."""

    fetch: FetchOptions = field(default_factory=FetchOptions)
    save: SaveLimits = field(default_factory=SaveLimits)
    news: NewsSettings = field(default_factory=NewsSettings)
    store_max_bytes: int = 1024 * 1024 * 1024
    """Stored page bodies above this are evicted, least recently read first
    (bookmarked pages never)."""
