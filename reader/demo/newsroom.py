"""The demo's newsroom: the feeds, the front pages' latest lists, and stories
published while the server runs.

    room = Newsroom()
    story = room.publish("en")                 # the next story on the wire
    story = room.publish("id", title="...", paragraphs=("...",))

Published stories live in memory only (a restarted demo starts from the
site's own stories again); they come first in their outlet's feeds and in
the front page's "Terkini"/"Latest" list, and their pages are served like
the others. Everything is thread-safe: the server answers in threads.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from reader.demo.catalogue import SITES, STORIES, WIB, DemoSite, DemoStory, site_for
from reader.demo.feeds import ATOM_TYPE, RSS_TYPE, atom_feed, rss_feed
from reader.demo.wire import WIRE

__all__ = ["LATEST_MARKER", "Newsroom", "Rendered", "slugify"]

#: Where the front pages' newest-first lists take the stories published since start.
LATEST_MARKER = b"<!-- demo:latest -->"
HTML_TYPE = "text/html; charset=utf-8"
MAX_TITLE = 300
MAX_TEXT = 50_000
#: The site's own stories were written before this; the time the feeds give
#: when an outlet has no stories at all.
SITE_DATE = datetime(2025, 3, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page the newsroom made: its bytes, type and the time it last changed."""

    body: bytes
    content_type: str
    last_modified: datetime


def slugify(title: str) -> str:
    """A URL-safe ASCII slug of `title` (at most 60 characters; "story" if none is left)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "story"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class Newsroom:
    """The outlets' stories (the site's own and those published since), as
    feeds, front-page lists and story pages."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        """`clock` gives "now" for stories published (tests fix it)."""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._published: list[tuple[DemoStory, tuple[str, ...]]] = []
        self._wire_next = dict.fromkeys(SITES, 0)

    # -- publishing ------------------------------------------------------------

    def publish(
        self,
        lang: str = "en",
        *,
        title: str | None = None,
        summary: str | None = None,
        paragraphs: Sequence[str] | None = None,
        author: str | None = None,
        section: str | None = None,
    ) -> DemoStory:
        """Publish a story in the outlet writing in `lang` ("id" or "en"); with
        no `title`, the next story on the wire (numbered once the wire has run
        out). Raises ValueError for an unknown language or text too long."""
        if lang not in SITES:
            raise ValueError(f"unknown language {lang!r}: the demo has 'id' and 'en'")
        site = site_for(lang)
        with self._lock:
            if title is None:
                wire = WIRE[lang]
                turn = self._wire_next[lang]
                self._wire_next[lang] = turn + 1
                pick = wire[turn % len(wire)]
                suffix = f" ({turn // len(wire) + 1})" if turn >= len(wire) else ""
                title = pick.title + suffix
                summary = pick.summary if summary is None else summary
                paragraphs = pick.paragraphs if paragraphs is None else paragraphs
                author = author or pick.author
                section = section or pick.section
            title = _one_line(title)
            body = tuple(p.strip() for p in (paragraphs or ()) if p.strip())
            summary = _one_line(summary if summary is not None else (body[0] if body else ""))
            if not title or len(title) > MAX_TITLE:
                raise ValueError(f"a title of 1 to {MAX_TITLE} characters is needed")
            if sum(len(p) for p in body) + len(summary) > MAX_TEXT:
                raise ValueError(f"the story is longer than {MAX_TEXT:,} characters")
            now = self._clock().replace(microsecond=0)
            published = now.astimezone(WIB if lang == "id" else UTC)
            story = DemoStory(
                lang=lang,
                path=self._free_path(site, published, slugify(title)),
                title=title,
                summary=summary[:600],
                author=_one_line(author or ("Redaksi" if lang == "id" else "Staff")),
                published=published,
                section=_one_line(section or ("Terkini" if lang == "id" else "News")),
            )
            self._published.append((story, body or (summary,)))
        return story

    def publish_fields(self, fields: Mapping[str, str]) -> DemoStory:
        """`publish` with the fields of the server's publish endpoint: lang,
        title, summary, body (paragraphs split by blank lines), author, section."""
        body = fields.get("body")
        return self.publish(
            fields.get("lang", "en"),
            title=fields.get("title") or None,
            summary=fields.get("summary"),
            paragraphs=re.split(r"\n\s*\n", body) if body else None,
            author=fields.get("author"),
            section=fields.get("section"),
        )

    def _free_path(self, site: DemoSite, when: datetime, slug: str) -> str:
        if site.lang == "id":
            folder = f"{site.story_prefix}{when.year}/{when.month:02d}/"
        else:
            folder = site.story_prefix
        taken = {s.path for s in STORIES} | {s.path for s, _ in self._published}
        path, n = f"{folder}{slug}.html", 2
        while path in taken:
            path, n = f"{folder}{slug}-{n}.html", n + 1
        return path

    @property
    def published(self) -> tuple[DemoStory, ...]:
        """Stories published since the server started, newest first."""
        with self._lock:
            return tuple(s for s, _ in reversed(self._published))

    def stories(self, lang: str) -> list[DemoStory]:
        """Every story of the outlet writing in `lang`, newest first."""
        mine = [s for s in self.published if s.lang == lang]
        return mine + [s for s in STORIES if s.lang == lang]

    def changed_at(self, lang: str) -> datetime:
        """When the outlet last published a story since start (`SITE_DATE` if never)."""
        mine = [s.published for s in self.published if s.lang == lang]
        return max(mine, default=SITE_DATE)

    # -- serving ---------------------------------------------------------------

    def render(self, path: str, base_url: str) -> Rendered | None:
        """The feed or published story at `path` (decoded), or None when the
        newsroom has no such page (the static site may)."""
        for site in SITES.values():
            if path in (site.rss_path, site.atom_path):
                stories = self.stories(site.lang)
                newest = max((s.published for s in stories), default=SITE_DATE)
                if path == site.rss_path:
                    return Rendered(rss_feed(site, stories, base_url), RSS_TYPE, newest)
                return Rendered(atom_feed(site, stories, base_url), ATOM_TYPE, newest)
        with self._lock:
            found = next(((s, b) for s, b in self._published if s.path == path), None)
        if found is None:
            return None
        story, body = found
        return Rendered(
            _story_page(story, body, self.stories(story.lang)), HTML_TYPE, story.published
        )

    def front_page(self, lang: str, static: bytes) -> bytes:
        """The outlet's static front page with the stories published since
        start put at the top of its latest list (at `LATEST_MARKER`)."""
        items = "".join(
            f'\n      <li><a href="{escape(s.path)}">{escape(s.title)}</a> '
            f'<span class="time">{_clock_text(s)}</span></li>'
            for s in self.published
            if s.lang == lang
        )
        return static.replace(LATEST_MARKER, LATEST_MARKER + items.encode("utf-8"), 1)

    def site_of_front_page(self, path: str) -> str | None:
        """The language of the outlet whose front page is at `path`, or None."""
        for site in SITES.values():
            if path in (site.home, site.home + "index.html"):
                return site.lang
        return None


def _clock_text(story: DemoStory) -> str:
    if story.lang == "id":
        return story.published.strftime("%H:%M WIB")
    return story.published.strftime("%H:%M")


def _story_page(story: DemoStory, body: Sequence[str], latest: Sequence[DemoStory]) -> bytes:
    """A published story's page, shaped like the site's own story pages."""
    site = site_for(story.lang)
    indonesian = story.lang == "id"
    words = {
        "home": "Beranda" if indonesian else "Home",
        "by": "Penulis:" if indonesian else "By",
        "latest": site.latest_heading,
        "css": "berita" if indonesian else "story",
    }
    paragraphs = "\n".join(f"    <p>{escape(p)}</p>" for p in body)
    others = "\n".join(
        f'      <li><a href="{escape(s.path)}">{escape(s.title)}</a></li>'
        for s in latest
        if s.path != story.path
    )
    stamp = story.published.isoformat()
    shown = story.published.strftime("%d/%m/%Y %H:%M") + (" WIB" if indonesian else "")
    return f"""<!DOCTYPE html>
<html lang="{story.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(story.title)} - {escape(site.name)}</title>
<meta name="description" content="{escape(story.summary)}">
<meta property="og:title" content="{escape(story.title)}">
<meta property="og:site_name" content="{escape(site.name)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{stamp}">
<meta name="author" content="{escape(story.author)}">
<link rel="stylesheet" href="/static/site.css">
</head>
<body class="article-page">
<header class="site-header">
  <a class="logo" href="{site.home}">{escape(site.name)}</a>
  <nav class="main-nav"><ul><li><a href="{site.home}">{words["home"]}</a></li></ul></nav>
</header>
<main>
<article class="{words["css"]}">
  <h1>{escape(story.title)}</h1>
  <p class="byline">{words["by"]} {escape(story.author)}</p>
  <p class="dateline"><time datetime="{stamp}">{shown}</time></p>
  <div class="story-body">
{paragraphs}
  </div>
</article>
<aside class="col-side">
  <section class="latest-stories">
    <h2>{escape(words["latest"])}</h2>
    <ul>
{others}
    </ul>
  </section>
</aside>
</main>
<footer class="site-footer">
  <p class="copyright">{escape(site.name)} (fiction, for the reader demo)</p>
</footer>
</body>
</html>
""".encode()
