"""`reader extract SOURCE...`: the clean article of pages, files or stdin as
text, Markdown or JSON lines, without touching the library's store. A story
split over several pages is read whole (its whole-story view, or its next
pages: JSON "pages" lists them) unless `--first-page`; files and stdin
follow no links."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from reader.cli.command_parsers import extract_parser
from reader.cli.exit_status import EXIT_FAILED, EXIT_OK
from reader.cli.output import error_line, json_line, warning_line
from reader.core.errors import ReaderError

if TYPE_CHECKING:
    from reader.core.models import Article


def run_extract(args: list[str]) -> int:
    """Run `reader extract ARGS...`; exit status 1 if any source failed."""
    return asyncio.run(_extract_all(extract_parser().parse_args(args)))


async def _extract_all(ns: argparse.Namespace) -> int:
    from reader.library import Library

    library = Library(use_store=False, follow_pages=not ns.first_page)
    status = EXIT_OK
    first = True
    try:
        for source in ns.sources:
            try:
                reading = await library.open(source, base_url=ns.base_url)
            except ReaderError as exc:
                error_line(source, str(exc))
                status = EXIT_FAILED
                continue
            except OSError as exc:  # stdin closed or unreadable (`<&-`, `< folder`)
                error_line(source, exc.strerror or str(exc))
                status = EXIT_FAILED
                continue
            write_article(source, reading.article, ns.format, first=first)
            first = False
    finally:
        await library.close()
    return status


def write_article(source: str, article: Article, fmt: str, *, first: bool = True) -> None:
    """Print one article: a JSON line (`fmt` "json"), or its title and text
    ("text") or Markdown ("markdown"), after a form feed unless `first`; the
    extractor's warnings go to stderr, one `reader: warning: SOURCE: ...`
    line each (text and Markdown), unlike failures (`reader: SOURCE: ...`)."""
    from reader.core.extract.markdown import article_markdown, title_to_markdown

    if fmt == "json":
        data = article.to_json(markdown=article_markdown(article))
        sys.stdout.write(json_line(data))
    else:
        for warning in article.warnings:
            warning_line(source, warning)
        if not first:
            sys.stdout.write("\f\n")
        body = article_markdown(article) if fmt == "markdown" else article.text
        heading = title_to_markdown(article.title) if fmt == "markdown" else article.title
        sys.stdout.write(f"{heading}\n\n{body}\n" if article.title else f"{body}\n")
    sys.stdout.flush()
