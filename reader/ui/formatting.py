"""Plain-text formatting for the UI: dates, the article metadata line, sizes.

Everything here returns plain strings; callers put them in widgets as
Content or Segments, never as markup.
"""

from __future__ import annotations

from datetime import datetime

from reader.core.humanize import MONTHS, time_ago
from reader.core.models import Article
from reader.core.sanitize import clean_line
from reader.core.urls import host_of, is_followable, scheme_of, shorten

#: Separator between parts of one-line summaries.
DOT = " · "


def _parse_iso(value: str) -> datetime | None:
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def format_published(value: str | None) -> str:
    """An ISO 8601 date as "25 Nov 2026" or, with a time, "25 Nov 2026 14:05".

    The time is shown as published (in the page's own offset). Unparseable
    values are shown cleaned and shortened rather than dropped.
    """
    if not value:
        return ""
    parsed = _parse_iso(value)
    if parsed is None:
        text = clean_line(value)
        return text if len(text) <= 40 else text[:39] + "…"
    day = f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"
    has_time = "T" in value or " " in value.strip()
    return f"{day} {parsed.hour:02d}:{parsed.minute:02d}" if has_time else day


def article_site(article: Article) -> str:
    """The site name of an article, or its host."""
    return article.site_name or host_of(article.url)


def article_meta_line(article: Article) -> str:
    """ "byline · date · site · N pages · N min read" with only the parts that
    exist (the pages of a story joined from several)."""
    parts = [
        article.byline or "",
        format_published(article.published),
        article_site(article),
    ]
    if len(article.pages) > 1:
        parts.append(f"{len(article.pages)} pages")
    minutes = article.reading_minutes
    if minutes:
        parts.append(f"{minutes} min read")
    return DOT.join(part for part in parts if part)


def describe_when(value: str, now: datetime | None = None) -> str:
    """How long ago an ISO 8601 time was ("5 min ago", "yesterday", "25 Nov";
    see `time_ago`); "" when it cannot be read."""
    parsed = _parse_iso(value)
    return "" if parsed is None else time_ago(parsed, now)


def scroll_label(fraction: float | None) -> str:
    """The position indicator: "All" when everything fits, else a percentage."""
    if fraction is None:
        return "All"
    return f"{round(fraction * 100)}%"


def not_followed_message(url: str) -> str:
    """Why a link is not followed: only http and https links are."""
    scheme = shorten(scheme_of(url), 20)
    if scheme in ("http", "https"):
        detail = f"this one has no host: {shorten(url, 60)}"
    elif scheme:
        detail = f"this one is {scheme}:"
    else:
        detail = f"this one is not a web address: {shorten(url, 60)}"
    return f"Not followed: only http and https links are opened ({detail})"


def page_not_opened_message(url: str | None) -> str:
    """Why the page is not opened in the browser ("" when it is: http and https only)."""
    if not url:
        return "This page has no web address."
    if is_followable(url):
        return ""
    return f"Not opened in the browser: only http and https pages are, not {shorten(url)}"


def image_not_opened_message(href: str) -> str:
    """Why an image's address is not opened ("" when it is: http and https only)."""
    if not href:
        return "This image has no web address to open."
    if is_followable(href):
        return ""
    scheme = scheme_of(href)
    detail = f"this one is {shorten(scheme, 20)}:" if scheme else shorten(href, 60)
    return f"Image not opened: only http and https addresses are ({detail})"


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def format_date(moment: datetime | None) -> str:
    """A date as "25 Nov 2026" ("" for None)."""
    if moment is None:
        return ""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def format_time(moment: datetime) -> str:
    """A time of day as "14:05"."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_label(moment: datetime, now: datetime) -> str:
    """The heading of a day of history: "Today", "Yesterday", or
    "Mon 24 Nov 2025". Both times should be in the same (local) zone."""
    days = (now.date() - moment.date()).days
    if days == 0:
        return "Today"
    if days == 1:
        return "Yesterday"
    return f"{WEEKDAYS[moment.weekday()]} {format_date(moment)}"


def tags_text(tags: tuple[str, ...] | list[str]) -> str:
    """Tags as "#news #to-read" (plain, cleaned)."""
    return " ".join(f"#{clean_line(tag)}" for tag in tags if clean_line(tag))


def save_summary_text(saved: int, failed: int, cancelled: int) -> str:
    """ "Saved 27 stories for offline, to read (B) · 2 failed · 1 cancelled"."""
    noun = "story" if saved == 1 else "stories"
    parts = [f"Saved {saved} {noun} for offline" + (", to read (B)" if saved else "")]
    if failed:
        parts.append(f"{failed} failed")
    if cancelled:
        parts.append(f"{cancelled} cancelled")
    return DOT.join(parts)
