"""Starting the app from the command line: garbage collection held off, and
only what the first screen needs imported, until the first paint."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError

if TYPE_CHECKING:
    import argparse

#: In the app, a page just read is stored after this many seconds: its first
#: paint goes first (see `Library.store_delay`).
APP_STORE_DELAY = 0.25


def launch(ns: argparse.Namespace) -> int:
    """Run the app with the options of `reader [SOURCE]`; returns the exit status."""
    # Start-up allocates a great many objects that live as long as the app
    # (modules, styles, widgets); collecting garbage among them only slows
    # the first paint. The app freezes them and turns collection back on
    # once the first screen is painted (and, whatever happens, so does this).
    gc.disable()
    try:
        return _start_app(ns)
    finally:
        gc.enable()


def _start_app(ns: argparse.Namespace) -> int:
    from dataclasses import replace

    from reader.config import load_config
    from reader.core.paths import resolve_paths
    from reader.library import Library
    from reader.ui.launch import run_app

    paths = resolve_paths(ns.home)
    config, problems = load_config(paths.config_file)
    if ns.measure:
        config = replace(config, measure=ns.measure)
    library = Library(config.settings, paths, offline=ns.offline, store_delay=APP_STORE_DELAY)
    try:
        library.store  # noqa: B018 - open it now, so a damaged file is reported at start
    except ReaderError as exc:
        problems = [*problems, f"The library cannot be used: {exc}"]
    if ns.demo:  # the demo's sources followed and refreshed first: opens on the news
        from reader.demo.follow import demo_session

        with demo_session(library, offline=ns.offline) as notes:
            return run_app(None, library=library, config=config, problems=[*problems, *notes])
    return run_app(ns.source, library=library, config=config, problems=problems)
