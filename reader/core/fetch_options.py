"""Fetching limits and identity (kept apart from the fetcher so that settings
load without the network stack)."""

from __future__ import annotations

from dataclasses import dataclass

from reader import __version__

DEFAULT_USER_AGENT = f"reader/{__version__} (+terminal news reader; Python httpx)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits and identity for fetching. Times are in seconds."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    """Wall-clock cap for the whole fetch, redirects included (drip-feeding servers)."""
    max_bytes: int = 10 * 1024 * 1024
    """Cap on the decoded body size."""
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    accept_language: str | None = None
    """Accept-Language header; None derives it from the locale (LANG etc.)."""
