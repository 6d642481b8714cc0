"""What an export writes about one story: the stored article and what the
library knows around it (when it was saved and bookmarked, its tags and
state), plus the dates the writers show and name files after."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from reader.core.models import Article

#: An ISO 8601 date or date-time as pages give them ("2025-03-01",
#: "2025-03-01T10:00:00+07:00", "2025-03-01 10:00Z").
_ISO_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


@dataclass(frozen=True)
class ExportStory:
    """One story to export: a stored article and its place in the library."""

    url: str
    """The stored page's address."""
    article: Article
    saved: datetime | None = None
    """When the page was stored for offline reading."""
    added: datetime | None = None
    """When it was bookmarked (None: not bookmarked)."""
    tags: tuple[str, ...] = ()
    state: str | None = None
    """The bookmark's state (unread, read, archived); None: not bookmarked."""
    favourite: bool = False

    @property
    def published(self) -> str | None:
        """The article's publication date when it is a valid ISO 8601 date
        (a page may say anything there), else None."""
        value = (self.article.published or "").strip()
        return value if published_day(value) is not None else None

    @property
    def day(self) -> date | None:
        """The story's date: published, else bookmarked, else saved."""
        found = published_day(self.article.published or "")
        if found is not None:
            return found
        moment = self.added or self.saved
        return moment.astimezone(UTC).date() if moment is not None else None


def published_day(value: str) -> date | None:
    """The calendar day of an ISO 8601 date or date-time, or None when
    `value` is not one (or not a real day: 2025-02-30)."""
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def iso_moment(moment: datetime) -> str:
    """A time as ISO 8601 in UTC to the second, with a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_day(day: date, *, weekday: bool = False) -> str:
    """ "3 December 2026" (or "Thursday 3 December 2026"), in English
    whatever the locale, as the rest of the interface."""
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text
