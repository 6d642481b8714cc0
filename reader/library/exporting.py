"""Exports: choosing stories in the library and writing them out as Markdown
files or one EPUB book (`Library` inherits `Exports`).

A `Selection` names stories by address, bookmark tag, bookmark state, a
full-text search and a source followed; the criteria given intersect, in the
order of the first one (addresses as given, bookmarks newest first, a
source's stories newest first, search hits best first). With none, every
bookmark. Stories whose page is not stored are skipped and counted
(`NOT_SAVED`): an export never touches the network.

Stories are loaded a batch at a time (`BATCH`), as they are written: the
store's copy, extracted again from the stored page when the extractor
changed since it was saved (as `Library.open` does; several at once in the
worker processes). A book is built in memory compressed (a 500-story book
is a few megabytes) and written whole or not at all by
`reader.core.files.write_file`, as every -o of the CLI; Markdown files are
written one by one into their folder.
"""

from __future__ import annotations

import asyncio
import io
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from reader.core.errors import NotSaved, ReaderError
from reader.core.export.report import NOT_SAVED, ExportReport, Selection
from reader.core.export.story import ExportStory, long_day
from reader.core.extract.version import EXTRACTOR_VERSION
from reader.core.models import BOOKMARK_STATES, Article, Bookmark, Page
from reader.core.urls import comparable

if TYPE_CHECKING:
    from reader.core.paths import Paths
    from reader.store import Store, StoredArticle

#: The most hits a `query` selection takes from the search.
SEARCH_LIMIT = 10_000
#: The most stories a `source` selection takes from a source.
SOURCE_LIMIT = 100_000
#: Stories loaded (and, when outdated, extracted again) together.
BATCH = 32


class ExportError(ReaderError):
    """Nothing to export, or an output that cannot take the export."""


class Exports:
    """Choosing stories and writing them as Markdown or EPUB (a `Library` mixin)."""

    paths: Paths

    if TYPE_CHECKING:  # the Library's, as in its other parts

        @property
        def store(self) -> Store: ...

        def _reextract(self, page: Page, stored: StoredArticle) -> Article: ...

        async def extract(self, page: Page) -> Article: ...

    # -- choosing ------------------------------------------------------------------

    def export_choice(self, selection: Selection) -> list[str]:
        """The addresses `selection` chooses, in order, each once; raises
        ExportError when it chooses nothing."""
        return self._choose(selection)[0]

    def _choose(self, selection: Selection) -> tuple[list[str], dict[str, Bookmark]]:
        """`export_choice`, with the bookmarks met on the way (by `comparable` key)."""
        lists, marks = self._candidates(selection)
        first, *others = lists
        wanted = [{comparable(url) for url in urls} for urls in others]
        chosen: list[str] = []
        seen: set[str] = set()
        for url in first:
            key = comparable(url)
            if key in seen or not all(key in keys for keys in wanted):
                continue
            seen.add(key)
            chosen.append(url)
        if not chosen:
            raise ExportError(f"nothing selected: no story is {describe(selection)}.")
        return chosen, marks

    def _candidates(self, selection: Selection) -> tuple[list[list[str]], dict[str, Bookmark]]:
        """One list of addresses per criterion given, and the bookmarks met."""
        lists: list[list[str]] = []
        marks: dict[str, Bookmark] = {}
        if selection.urls:
            lists.append(list(selection.urls))
        if selection.tag or selection.state or selection.everything:
            state = (selection.state or "").strip().lower()
            if state and state not in BOOKMARK_STATES:
                raise ExportError(f"no such state: {state} (one of {', '.join(BOOKMARK_STATES)}).")
            tag = (selection.tag or "").strip().lstrip("#").lower() or None
            found = self.store.bookmarks(f"is:{state}" if state else "", tag)
            marks = {comparable(b.url): b for b in found}
            lists.append([b.url for b in found])
        if selection.source is not None:
            items = self.store.items(source_id=selection.source, limit=SOURCE_LIMIT)
            lists.append([item.url for item in items])
        if selection.query and selection.query.strip():
            hits = self.store.search(selection.query, SEARCH_LIMIT)
            lists.append([hit.url for hit in hits])
        if not lists:  # only an empty query was given
            lists.append([])
        return lists, marks

    def export_stories(
        self, urls: Sequence[str], report: ExportReport, marks: dict[str, Bookmark] | None = None
    ) -> Iterator[ExportStory]:
        """The stored stories at `urls`, in order, a few at a time; those not
        stored are counted in `report` as skipped. `marks`: their bookmarks
        known already, by `comparable` key (others are looked up). Copies an
        older extractor made are extracted again, those of a batch at once
        in the worker processes (the first export after an upgrade)."""
        for start in range(0, len(urls), BATCH):
            batch = [(url, self.store.load_article(url)) for url in urls[start : start + BATCH]]
            fresh = self._extract_again(
                [(url, s) for url, s in batch if s is not None and _outdated(s)]
            )
            for url, stored in batch:
                if stored is None:
                    report.skip(url, NOT_SAVED)
                    continue
                article = fresh.get(url, stored.article)
                mark = (marks or {}).get(comparable(url))
                yield self._export_story(url, stored, article, mark)

    def export_story(self, url: str, mark: Bookmark | None = None) -> ExportStory | None:
        """The stored story at `url` with its bookmark's details (`mark`, else
        looked up), or None when its page is not stored."""
        stored = self.store.load_article(url)
        if stored is None:
            return None
        article = self._extract_again([(url, stored)]).get(url, stored.article)
        return self._export_story(url, stored, article, mark)

    def _export_story(
        self, url: str, stored: StoredArticle, article: Article, mark: Bookmark | None
    ) -> ExportStory:
        mark = mark or self.store.bookmark(url)
        if mark is None:
            return ExportStory(url=stored.url, article=article, saved=stored.fetched_at)
        return ExportStory(
            url=stored.url,
            article=article,
            saved=stored.fetched_at,
            added=mark.created,
            tags=mark.tags,
            state=mark.state,
            favourite=mark.favourite,
        )

    def _extract_again(self, outdated: list[tuple[str, StoredArticle]]) -> dict[str, Article]:
        """Fresh articles for stored copies an older extractor made (by the
        address asked), saved back as reading does: one in this thread,
        several in the worker processes. A page that cannot be extracted
        again keeps its stored article."""
        outdated = [(url, stored) for url, stored in outdated if _outdated(stored)]
        if len(outdated) > 1 and not _loop_running():
            return asyncio.run(self._extract_in_workers(outdated))
        fresh: dict[str, Article] = {}
        for url, stored in outdated:
            page = self.store.load_page(url)
            if page is not None:
                with suppress(ReaderError):
                    fresh[url] = self._reextract(page.page, stored)
        return fresh

    async def _extract_in_workers(
        self, outdated: list[tuple[str, StoredArticle]]
    ) -> dict[str, Article]:
        async def one(url: str, stored: StoredArticle) -> tuple[str, Article] | None:
            page = self.store.load_page(url)
            if page is None:
                return None
            try:
                if stored.article.pages:  # joined again from its stored pages, or kept
                    article = await asyncio.to_thread(self._reextract, page.page, stored)
                    return url, article
                article = await self.extract(page.page)
            except ReaderError:
                return None
            with suppress(ReaderError):
                self.store.save_article(page.page.url, article)
            return url, article

        done = await asyncio.gather(*(one(url, stored) for url, stored in outdated))
        return dict(pair for pair in done if pair is not None)

    # -- writing -----------------------------------------------------------------

    def export_markdown(self, selection: Selection, output: Path) -> ExportReport:
        """Write the stories chosen as Markdown: one file each in the folder
        `output` (made if needed), or the one story into `output` when it
        ends in `.md`."""
        urls, marks = self._choose(selection)
        report = ExportReport(output)
        if output.suffix.lower() == ".md":
            return self._one_markdown(self.export_stories(urls, report, marks), output, report)
        for story in self.export_stories(urls, report, marks):
            if not report.files:
                _make_folder(output)
            report.add(write_story_file(output, story))
        _check_any(report)
        return report

    @staticmethod
    def _one_markdown(
        stories: Iterator[ExportStory], output: Path, report: ExportReport
    ) -> ExportReport:
        from reader.core.export.markdown import story_markdown
        from reader.core.files import write_file

        story = next(stories, None)
        if story is None:
            _nothing_exported(report)
        if next(stories, None) is not None:
            raise ExportError(
                f"more than one story is selected and {output.name} holds one: "
                "give a folder (a name not ending in .md) for one file per story."
            )
        write_file(output, story_markdown(story).encode("utf-8"))
        report.add(output)
        return report

    def export_epub(
        self, selection: Selection, output: Path, title: str | None = None
    ) -> ExportReport:
        """Write the stories chosen as one EPUB 3 book at `output`."""
        from reader.core.export.epub import EpubBook
        from reader.core.files import write_file

        urls, marks = self._choose(selection)
        report = ExportReport(output)
        buffer = io.BytesIO()
        book_title = title or f"Reader — {long_day(date.today())}"
        subtitle = f"Stories {describe(selection)}"
        with EpubBook(buffer, book_title, subtitle=subtitle) as book:
            for story in self.export_stories(urls, report, marks):
                book.add(story)
                report.add()
        _check_any(report)
        write_file(output, buffer.getvalue())
        report.files.append(output)
        return report

    def export_paper(
        self,
        output: Path | None = None,
        selection: Selection | None = None,
        title: str | None = None,
    ) -> ExportReport:
        """Today's paper: the unread queue (narrowed by `selection`), newest
        first, as one EPUB titled "Reader — Thursday 3 December 2026" (or
        `title`), written to `output` (default `paper-2026-12-03.epub` in the
        current folder)."""
        today = datetime.now().astimezone().date()
        chosen = selection or Selection()
        chosen = replace(chosen, state=chosen.state or "unread")
        target = output or Path(f"paper-{today.isoformat()}.epub")
        return self.export_epub(chosen, target, title or paper_title(today))

    def export_story_markdown(self, url: str, folder: Path | None = None) -> Path:
        """Write the stored story at `url` as Markdown into `folder` (default
        `Paths.exports`, made if needed); the file written. Raises NotSaved
        when the story is not stored."""
        story = self.export_story(url)
        if story is None:
            raise NotSaved(f"{NOT_SAVED.capitalize()}.")
        where = folder if folder is not None else self.paths.exports
        _make_folder(where)
        return write_story_file(where, story)


def _outdated(stored: StoredArticle) -> bool:
    """Whether an older extractor made this copy."""
    return stored.extractor_version != EXTRACTOR_VERSION


def _loop_running() -> bool:
    """Whether this thread runs an event loop (then no `asyncio.run` here)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def paper_title(day: date) -> str:
    """ "Reader — Thursday 3 December 2026"."""
    return f"Reader — {long_day(day, weekday=True)}"


def describe(selection: Selection) -> str:
    """The selection in words, for messages and a book's title page."""
    parts: list[str] = []
    if selection.state:
        parts.append(selection.state.strip().lower())
    if selection.tag:
        parts.append(f"tagged #{selection.tag.strip().lstrip('#')}")
    if selection.source is not None:
        parts.append(f"from source {selection.source}")
    if selection.query:
        parts.append(f"matching “{' '.join(selection.query.split())}”")
    if selection.urls:
        parts.append(f"at the {len(selection.urls)} addresses given")
    return ", ".join(parts) if parts else "bookmarked"


def _check_any(report: ExportReport) -> None:
    """Raise when not one story of those selected could be exported."""
    if not report.exported:
        _nothing_exported(report)


def _nothing_exported(report: ExportReport) -> NoReturn:
    """Raise why nothing was exported: none of the stories selected is stored."""
    skipped = len(report.skipped)
    what = (
        "the story selected is not"
        if skipped == 1
        else f"none of the {skipped} stories selected is"
    )
    raise ExportError(f"{what} saved for offline (`reader fetch URL` saves a story).")


def _make_folder(folder: Path) -> None:
    """Make the export folder; a file in its place is refused."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file: give a folder (or a name ending in .md).")
    folder.mkdir(parents=True, exist_ok=True)


def write_story_file(folder: Path, story: ExportStory) -> Path:
    """Write `story` as `YYYY-MM-DD-slug.md` in `folder`: a name taken by
    another story's file (or by anything but a regular file) gets `-2`,
    `-3`...; a file of the same story (an earlier export) is replaced. Never
    written through a symlink placed in the folder."""
    from reader.core.export.markdown import story_markdown
    from reader.core.export.names import story_file_name, unique_name
    from reader.core.files import write_atomically

    name = story_file_name(story.day, story.article.title, story.url)
    chosen = unique_name(name, lambda candidate: _free_for(folder / candidate, story.url))
    target = folder / chosen
    try:
        info: os.stat_result | None = target.lstat()
    except FileNotFoundError:
        info = None
    write_atomically(target, story_markdown(story).encode("utf-8"), info)
    return target


def _free_for(path: Path, url: str) -> bool:
    """Whether `path` may take the story at `url`: nothing there, or a
    regular file exported from that story before."""
    from reader.core.export.markdown import url_line

    try:
        info = path.lstat()
    except FileNotFoundError:
        return True
    if not stat.S_ISREG(info.st_mode):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(8192).decode("utf-8", "replace")
    except OSError:
        return False
    if not head.startswith("---\n"):
        return False
    front = head[4:].split("\n---\n", 1)[0]
    return url_line(url) in front.split("\n")
