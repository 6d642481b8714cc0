"""From raw feed entries (whatever the parser gave) to `FeedItem`s: links made
absolute and checked (http(s) only), text cleaned, dates read and checked,
duplicate guids kept once, at most `MAX_ITEMS`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from reader.core.feeds.model import FeedItem
from reader.core.feeds.text import parse_date, plain_title, sane_date, summary_text, title_from
from reader.core.sanitize import clean_line
from reader.core.urls import comparable, is_followable, resolve, scheme_of, without_fragment

__all__ = ["MAX_ITEMS", "RawEntry", "build_items", "item_url"]

#: At most this many items are read from one feed.
MAX_ITEMS = 1000


@dataclass
class RawEntry:
    """One entry as a parser gave it, before any checking."""

    link: str | None
    """As written (resolved against `base` here) or already absolute."""
    guid: str = ""
    title: str = ""
    title_is_html: bool = False
    summary: str = ""
    summary_is_html: bool = True
    author: str = ""
    published: str | None = None
    """The date string as written (its offset is kept)."""
    updated: str | None = None
    published_utc: datetime | None = None
    """The parser's own reading of the date, when the string is unreadable to us."""
    updated_utc: datetime | None = None
    base: str | None = None
    """The address relative links are resolved against (xml:base, else the feed's)."""


def item_url(link: str | None, base: str | None) -> tuple[str | None, str | None]:
    """(absolute http(s) URL without fragment, None) or (None, the refused scheme or "")."""
    if not link or not link.strip():
        return None, ""
    absolute = resolve(base, link.strip())
    if absolute is None:
        return None, ""
    if not is_followable(absolute):
        return None, scheme_of(absolute)
    return without_fragment(absolute), None


def build_items(
    entries: Iterable[RawEntry], feed_url: str, now: datetime | None = None
) -> tuple[list[FeedItem], list[str]]:
    """Checked, cleaned items and one sentence per kind of thing dropped."""
    items: list[FeedItem] = []
    seen: set[str] = set()
    no_link = duplicates = bad_dates = 0
    schemes: set[str] = set()
    for entry in entries:
        url, refused = item_url(entry.link, entry.base or feed_url)
        if url is None:
            if refused:
                schemes.add(refused)
            else:
                no_link += 1
            continue
        guid = clean_line(entry.guid)[:500] or comparable(url)
        if guid in seen:
            duplicates += 1
            continue
        seen.add(guid)
        summary = summary_text(entry.summary, is_html=entry.summary_is_html)
        title = plain_title(entry.title, is_html=entry.title_is_html) or title_from(summary, url)
        published, bad_p = _date(entry.published, entry.published_utc, now)
        updated, bad_u = _date(entry.updated, entry.updated_utc, now)
        if entry.updated == entry.published:
            updated = None  # feedparser gives RSS's one pubDate as both
        elif published is None:
            published = updated  # RDF's dc:date, an Atom entry with <updated> only
        bad_dates += bad_p or bad_u
        items.append(
            FeedItem(
                guid=guid,
                url=url,
                title=title,
                summary=summary,
                author=clean_line(entry.author)[:200],
                published=published,
                updated=updated,
            )
        )
        if len(items) >= MAX_ITEMS:
            break
    problems: list[str] = []
    if no_link:
        problems.append(f"{_count(no_link, 'entry')} without a link skipped.")
    if schemes:
        shown = ", ".join(sorted(f"{s}:" for s in schemes))
        problems.append(f"Links to other kinds of address than http(s) dropped ({shown}).")
    if duplicates:
        problems.append(f"{_count(duplicates, 'entry')} with a repeated id kept once.")
    if bad_dates:
        problems.append(f"{_count(bad_dates, 'date')} before 1990 or in the future ignored.")
    return items, problems


def _date(
    raw: str | None, fallback: datetime | None, now: datetime | None
) -> tuple[datetime | None, int]:
    """The checked date and 1 when one was given but dropped as implausible."""
    when = parse_date(raw) or fallback
    checked = sane_date(when, now)
    return checked, int(when is not None and checked is None)


def _count(n: int, noun: str) -> str:
    plural = {"entry": "entries", "date": "dates"}.get(noun, noun + "s")
    return f"{n:,} {noun if n == 1 else plural}"
