"""Running one library subcommand (bookmarks, search, fetch, cache, sources,
refresh, items, show, export): parse its
arguments, open the library of the chosen home, run the command, and turn
every failure into one `reader: ...` line and exit status 1."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.cli import (
    bookmark_import,
    bookmarks,
    cache,
    export,
    fetch,
    items,
    refresh,
    search,
    show,
    sources,
)
from reader.cli.command_parsers import parse_library_args
from reader.cli.exit_status import EXIT_FAILED
from reader.cli.output import error_line, protect
from reader.cli.streams import StdoutError
from reader.core.errors import ReaderError

if TYPE_CHECKING:
    from reader.library import Library

Command = Callable[["Library", argparse.Namespace], int]

#: (subcommand, action) -> the function that runs it.
COMMANDS: dict[tuple[str, str | None], Command] = {
    ("bookmarks", "list"): bookmarks.list_bookmarks,
    ("bookmarks", "add"): bookmarks.add_bookmark,
    ("bookmarks", "mark"): bookmarks.mark_bookmarks,
    ("bookmarks", "rm"): bookmarks.remove_bookmark,
    ("bookmarks", "export"): bookmarks.export_bookmarks,
    ("bookmarks", "import"): bookmark_import.import_bookmarks,
    ("search", None): search.search,
    ("fetch", None): fetch.fetch,
    ("cache", "stats"): cache.cache_stats,
    ("cache", "purge"): cache.cache_purge,
    ("sources", "list"): sources.list_sources,
    ("sources", "add"): sources.add_source,
    ("sources", "rm"): sources.remove_source,
    ("sources", "tag"): sources.tag_source,
    ("sources", "rename"): sources.rename_source,
    ("sources", "import"): sources.import_sources,
    ("sources", "export"): sources.export_sources,
    ("refresh", None): refresh.refresh,
    ("items", None): items.list_items,
    ("show", None): show.show,
    ("export", None): export.export,
}


def run_library_command(name: str, args: list[str], home: str | None = None) -> int:
    """Run `reader NAME ARGS...`; `home` is a `--home` given before NAME."""
    ns = parse_library_args(name, args)
    home = getattr(ns, "home", None) or home
    command = COMMANDS[(name, getattr(ns, "action", None))]
    from reader.config import load_config
    from reader.core.paths import resolve_paths
    from reader.library import Library

    paths = resolve_paths(home)
    database = paths.database
    protect(
        database,
        database.with_name(f"{database.name}-wal"),
        database.with_name(f"{database.name}-shm"),
    )
    config, problems = load_config(paths.config_file)
    for problem in problems:
        error_line("warning", problem)
    # Commands that extract many pages, with no screen to keep responsive,
    # use every core (2 workers on 2 cores: a refresh of 2,000 stories 70 -> 62 s).
    workers = None
    if name in {"refresh", "fetch", "export"}:
        from reader.core.extract.workers import batch_workers

        workers = batch_workers()
    library = Library(config.settings, paths, workers=workers)
    try:
        return command(library, ns)
    except ReaderError as exc:
        error_line(name, str(exc))
        return EXIT_FAILED
    except OSError as exc:
        if isinstance(exc, BrokenPipeError | StdoutError):
            raise  # reader.cli.main says it once, for every command alike
        error_line(name, exc.strerror or str(exc))
        return EXIT_FAILED
    except Exception as exc:  # a bug: still one line, never a traceback
        error_line(name, f"unexpected error ({type(exc).__name__}: {exc})")
        return EXIT_FAILED
    finally:
        for notice in library.notices:
            error_line("warning", notice)
        asyncio.run(library.close())
