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
class Settings:
    """Everything the user can set."""

    fetch: FetchOptions = field(default_factory=FetchOptions)
    save: SaveLimits = field(default_factory=SaveLimits)
    store_max_bytes: int = 1024 * 1024 * 1024
    """Stored page bodies above this are evicted, least recently read first
    (bookmarked pages never)."""
