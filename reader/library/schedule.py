"""When a source is asked next (its `next_due`), from the answer it gave.

- A good answer (200 or 304): the minimum interval (`min_interval_minutes`)
  plus up to a tenth of it at random (so sources added together drift
  apart), or longer when the server says its answer stays fresh longer
  (Cache-Control max-age, else Expires against the server's Date), at most
  a day; `no-store`, `no-cache` or max-age=0 add nothing.
- A failure: the interval times 2**failures in a row, capped at a day; a 429
  or 503 with Retry-After waits exactly that long instead (capped at a week).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from reader.core.settings import NewsSettings

__all__ = ["after_failure", "after_success", "freshness"]

DAY = 24 * 3600.0
WEEK = 7 * DAY


def _interval(settings: NewsSettings, rng: random.Random) -> float:
    base = settings.min_interval_minutes * 60.0
    return base * (1.0 + rng.uniform(0.0, 0.1))


def after_success(
    now: datetime, headers: Mapping[str, str], settings: NewsSettings, rng: random.Random
) -> datetime:
    """The next time to ask a source that answered well."""
    wait = _interval(settings, rng)
    fresh = freshness(headers)
    if fresh is not None:
        wait = max(wait, min(fresh, DAY))
    return now + timedelta(seconds=wait)


def after_failure(
    now: datetime,
    failures: int,
    settings: NewsSettings,
    rng: random.Random,
    retry_after: float | None = None,
) -> datetime:
    """The next time to ask a source that failed `failures` times in a row
    (`retry_after`: the seconds a 429/503 asked to wait)."""
    if retry_after is not None and retry_after >= 0:
        return now + timedelta(seconds=min(retry_after, WEEK))
    wait = _interval(settings, rng) * 2 ** min(failures, 20)
    return now + timedelta(seconds=min(wait, DAY))


def freshness(headers: Mapping[str, str]) -> float | None:
    """Seconds the server says its answer stays fresh (Cache-Control max-age,
    else Expires - Date), or None when it says nothing usable."""
    directives = _cache_control(headers.get("cache-control", ""))
    if "no-store" in directives or "no-cache" in directives:
        return None
    if "max-age" in directives:
        value = directives["max-age"].strip('"')
        return float(value) if value.isdigit() else None
    expires = _when(headers.get("expires"))
    if expires is None:
        return None
    date = _when(headers.get("date"))
    start = date if date is not None else datetime.now(expires.tzinfo)
    seconds = (expires - start).total_seconds()
    return seconds if seconds > 0 else None


def _cache_control(value: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in value.split(","):
        name, _, arg = part.strip().partition("=")
        if name:
            out.setdefault(name.lower(), arg.strip())
    return out


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return moment
