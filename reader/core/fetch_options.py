"""Fetching limits and identity (kept apart from the fetcher so that settings
load without the network stack)."""

from __future__ import annotations

import os
import re
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


_LANG_TAG = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?$", re.IGNORECASE)


def locale_accept_language() -> str:
    """An Accept-Language value from LC_ALL / LC_MESSAGES / LANG ("id_ID.UTF-8" -> id-ID)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            break
    tag = value.split(".")[0].split("@")[0]
    if not _LANG_TAG.match(tag) or tag.lower() in {"c", "posix"}:
        return "en;q=0.9, *;q=0.5"
    tag = tag.replace("_", "-")
    primary = tag.split("-")[0].lower()
    parts = [tag]
    if primary != tag:
        parts.append(f"{primary};q=0.9")
    if primary != "en":
        parts.append("en;q=0.8")
    parts.append("*;q=0.5")
    return ", ".join(parts)
