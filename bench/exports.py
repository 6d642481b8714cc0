"""Exports (issue 14): 500 stored stories to one EPUB book (target <= 10 s)
and to Markdown files (target <= 5 s).

The library is built in a temporary home, untimed: 500 bookmarked stories
(tag "bench"), each 800-1,500 words in paragraphs of 40-120 words with two
subheadings, a quote, a three-item list and an image, stored as the
extractor leaves them (current extractor version: nothing is extracted
again). Timed: a fresh `Library` choosing the stories by tag, loading each
from the store and writing the book (`export_epub`) or the folder
(`export_markdown`), as `reader export --tag bench ...` does, best of 3.

`python -m bench.exports --compare` also sets the zipfile writer against
ebooklib on the same 500 stories (writing only, stories in memory; time,
size, peak Python memory), the figures behind the choice in
reader/core/export/epub.py.
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.store import _Words
from reader.core.export import ExportStory, Selection
from reader.core.extract.version import EXTRACTOR_VERSION
from reader.core.models import Article, Block, BlockKind, Page, Span
from reader.core.paths import Paths, resolve_paths
from reader.library import Library
from reader.store import Store

STORIES = 500
ROUNDS = 3
TARGET_EPUB_S = 10.0
TARGET_MARKDOWN_S = 5.0
Row = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class ExportFigures:
    """Best-of-ROUNDS times of the two exports, and what they wrote."""

    stories: int
    words: int
    epub_s: float
    epub_bytes: int
    markdown_s: float
    markdown_files: int
    markdown_bytes: int


def story_article(n: int, words: _Words) -> Article:
    """A realistic stored article: 800-1,500 words."""
    rnd = words.random
    total = rnd.randint(800, 1500)
    blocks: list[Block] = []
    written = 0
    while written < total:
        size = min(rnd.randint(40, 120), total - written)
        if written and len(blocks) % 7 == 3:
            blocks.append(Block(BlockKind.HEADING, (Span(words.text(5).capitalize()),), level=2))
        spans = [
            Span(words.text(size // 2) + " "),
            Span(words.text(3), href=f"https://ref.example/{n}/{written}"),
            Span(" " + words.text(size - size // 2 - 3)),
        ]
        blocks.append(Block(BlockKind.PARAGRAPH, tuple(spans)))
        written += size
        if len(blocks) == 4:
            blocks.append(Block(BlockKind.QUOTE, (Span(words.text(25)),)))
            blocks.append(
                Block(BlockKind.IMAGE, (Span(words.text(6), href=f"https://img.example/{n}.jpg"),))
            )
            blocks += [
                Block(BlockKind.LIST_ITEM, (Span(words.text(12)),), marker="•") for _ in range(3)
            ]
    return Article(
        url=_url(n),
        title=f"Story {n}: " + words.text(rnd.randint(4, 12)).capitalize(),
        byline="Rina Kartika",
        published=(datetime(2026, 1, 1) + timedelta(hours=7 * n)).date().isoformat(),
        site_name=f"Kabar {n % 9}",
        lang="id",
        blocks=tuple(blocks),
        extractor_version=EXTRACTOR_VERSION,
    )


def _url(n: int) -> str:
    return f"https://kabar{n % 13}.example/2026/{n}/story-{n}"


def build_library(home: Path, count: int = STORIES) -> Paths:
    """A home whose library holds `count` bookmarked stored stories (tag "bench")."""
    paths = resolve_paths(home)
    store = Store(paths.ensure().database)
    words = _Words(seed=14)
    saved = datetime(2026, 11, 1, tzinfo=UTC)
    try:
        with store.batch():
            for n in range(count):
                article = story_article(n, words)
                html = (
                    "<html><body><article>"
                    + "".join(f"<p>{block.text}</p>" for block in article.blocks)
                    + "</article></body></html>"
                )
                url = _url(n)
                store.save_page(
                    Page(
                        url,
                        url,
                        200,
                        {"content-type": "text/html; charset=utf-8"},
                        html.encode(),
                        html,
                        "utf-8",
                        saved + timedelta(minutes=n),
                    )
                )
                store.save_article(url, article)
                store.add_bookmark(
                    url, article.title, ["bench"], created=saved + timedelta(minutes=n)
                )
    finally:
        store.close()
    return paths


def _best(run: Callable[[], None], rounds: int = ROUNDS) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def measure(count: int = STORIES) -> ExportFigures:
    """Time both exports of `count` stories from a library built for the run."""
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as tmp:
        root = Path(tmp)
        paths = build_library(root / "home", count)
        book = root / "book.epub"
        folder = root / "md"
        counted: dict[str, int] = {}

        def epub() -> None:
            library = Library(paths=paths, offline=True)
            try:
                report = library.export_epub(Selection(tag="bench"), book, "Bench")
                counted["epub"] = report.exported
            finally:
                library.store.close()

        def markdown() -> None:
            shutil.rmtree(folder, ignore_errors=True)
            library = Library(paths=paths, offline=True)
            try:
                report = library.export_markdown(Selection(tag="bench"), folder)
                counted["markdown"] = report.exported
            finally:
                library.store.close()

        epub_s = _best(epub)
        markdown_s = _best(markdown)
        assert counted == {"epub": count, "markdown": count}, counted
        files = list(folder.iterdir())
        store = Store(paths.database)
        try:
            words = sum(
                a.article.word_count
                for a in (store.load_article(_url(n)) for n in range(count))
                if a is not None
            )
        finally:
            store.close()
        return ExportFigures(
            stories=count,
            words=words,
            epub_s=epub_s,
            epub_bytes=book.stat().st_size,
            markdown_s=markdown_s,
            markdown_files=len(files),
            markdown_bytes=sum(f.stat().st_size for f in files),
        )


def rows() -> list[Row]:
    """The two rows of the table."""
    fig = measure()
    per = fig.words // fig.stories
    return [
        (
            f"reader export --format epub: {fig.stories} stored stories (~{per} words each), "
            f"one book of {fig.epub_bytes / 1e6:.1f} MB",
            f"{fig.epub_s:.2f} s",
            "choose by tag, load each from the store, write nav + NCX + chapters",
            f"<= {TARGET_EPUB_S:.0f} s",
            _verdict(fig.epub_s <= TARGET_EPUB_S),
        ),
        (
            f"reader export --format markdown: {fig.stories} stored stories, "
            f"{fig.markdown_files} files ({fig.markdown_bytes / 1e6:.1f} MB)",
            f"{fig.markdown_s:.2f} s",
            "one file per story, written atomically into a folder",
            f"<= {TARGET_MARKDOWN_S:.0f} s",
            _verdict(fig.markdown_s <= TARGET_MARKDOWN_S),
        ),
    ]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# -- zipfile against ebooklib (python -m bench.exports --compare) ---------------------


def _stories(count: int) -> list[ExportStory]:
    words = _Words(seed=14)
    saved = datetime(2026, 11, 1, tzinfo=UTC)
    return [ExportStory(_url(n), story_article(n, words), saved=saved) for n in range(count)]


def _ours(stories: list[ExportStory]) -> bytes:
    from reader.core.export.epub import EpubBook

    buffer = io.BytesIO()
    with EpubBook(buffer, "Bench") as book:
        for story in stories:
            book.add(story)
    return buffer.getvalue()


def _ebooklib(stories: list[ExportStory]) -> bytes:
    """The same book made with ebooklib (chapter bodies from our XHTML)."""
    from ebooklib import epub

    from reader.core.export.epub import chapter_xhtml

    book = epub.EpubBook()
    book.set_identifier("bench")
    book.set_title("Bench")
    book.set_language("id")
    chapters = []
    for n, story in enumerate(stories, start=1):
        page = chapter_xhtml(story, story.article.title, "id")
        body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
        chapter = epub.EpubHtml(title=story.article.title, file_name=f"s{n:04d}.xhtml", lang="id")
        chapter.content = body
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()


def compare(count: int = STORIES) -> list[tuple[str, float, float, float]]:
    """(writer, seconds best of 3, MB, peak MB of Python allocations) for each."""
    stories = _stories(count)
    out = []
    writers: list[tuple[str, Callable[[list[ExportStory]], bytes]]] = [
        ("zipfile (ours)", _ours),
        ("ebooklib 0.20", _ebooklib),
    ]
    for name, write in writers:

        def run(write: Callable[[list[ExportStory]], bytes] = write) -> None:
            write(stories)

        seconds = _best(run)
        tracemalloc.start()
        size = len(write(stories))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        out.append((name, seconds, size / 1e6, peak / 1e6))
    return out


def main() -> None:
    """Print the rows (and, with --compare, the writers side by side)."""
    parser = argparse.ArgumentParser(prog="python -m bench.exports")
    parser.add_argument("--compare", action="store_true", help="also zipfile against ebooklib")
    args = parser.parse_args()
    for row in rows():
        print(" | ".join(row))
    if args.compare:
        for name, seconds, mb, peak in compare():
            print(f"{name}: {seconds:.2f} s, {mb:.2f} MB, peak {peak:.0f} MB of Python memory")


if __name__ == "__main__":
    main()
