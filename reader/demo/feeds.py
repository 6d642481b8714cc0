"""The demo outlets' RSS 2.0 and Atom 1.0 feeds, written from `DemoStory` values.

Links are absolute (the server's own address); ids do not name the address,
so the same story keeps its id whatever port the demo runs on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from reader.demo.catalogue import DemoSite, DemoStory

__all__ = ["ATOM_TYPE", "RSS_TYPE", "atom_feed", "rss_feed", "story_id"]

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def story_id(site: DemoSite, story: DemoStory) -> str:
    """A story's port-independent id: ``tag:DOMAIN,YEAR:PATH``."""
    return f"tag:{site.domain},{story.published.year}:{story.path}"


def _newest(stories: Sequence[DemoStory], fallback: datetime) -> datetime:
    return max((s.published for s in stories), default=fallback)


def rss_feed(site: DemoSite, stories: Sequence[DemoStory], base_url: str) -> bytes:
    """The outlet's RSS 2.0 feed of `stories` (newest first), links under `base_url`."""
    built = _newest(stories, datetime(2025, 3, 1, tzinfo=UTC))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(site.name)}</title>",
        f"<link>{escape(base_url + site.home)}</link>",
        f"<description>{escape(site.description)}</description>",
        f"<language>{site.lang}</language>",
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>",
        '<atom:link rel="self" type="application/rss+xml"'
        f" href={quoteattr(base_url + site.rss_path)}/>",
    ]
    for story in stories:
        lines += [
            "<item>",
            f"<title>{escape(story.title)}</title>",
            f"<link>{escape(base_url + story.path)}</link>",
            f'<guid isPermaLink="false">{escape(story_id(site, story))}</guid>',
            f"<pubDate>{format_datetime(story.published)}</pubDate>",
            f"<dc:creator>{escape(story.author)}</dc:creator>",
            f"<category>{escape(story.section)}</category>",
            f"<description>{escape(story.summary)}</description>",
            "</item>",
        ]
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines).encode("utf-8")


def atom_feed(site: DemoSite, stories: Sequence[DemoStory], base_url: str) -> bytes:
    """The outlet's Atom 1.0 feed of `stories` (newest first), links under `base_url`."""
    updated = _newest(stories, datetime(2025, 3, 1, tzinfo=UTC))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{site.lang}">',
        f"<id>tag:{site.domain},2025:{site.home}</id>",
        f"<title>{escape(site.name)}</title>",
        f"<subtitle>{escape(site.description)}</subtitle>",
        f"<updated>{updated.isoformat()}</updated>",
        '<link rel="self" type="application/atom+xml"'
        f" href={quoteattr(base_url + site.atom_path)}/>",
        f'<link rel="alternate" type="text/html" href={quoteattr(base_url + site.home)}/>',
    ]
    for story in stories:
        lines += [
            "<entry>",
            f"<id>{escape(story_id(site, story))}</id>",
            f'<title type="text">{escape(story.title)}</title>',
            f'<link rel="alternate" type="text/html" href={quoteattr(base_url + story.path)}/>',
            f"<published>{story.published.isoformat()}</published>",
            f"<updated>{story.published.isoformat()}</updated>",
            f"<author><name>{escape(story.author)}</name></author>",
            f"<category term={quoteattr(story.section)}/>",
            f'<summary type="text">{escape(story.summary)}</summary>',
            "</entry>",
        ]
    lines += ["</feed>", ""]
    return "\n".join(lines).encode("utf-8")
