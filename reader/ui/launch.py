"""Starting the app from the CLI: `build_app` (the app with config.toml's
settings and every theme found) and `run_app`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.config import Config
from reader.core.paths import Paths
from reader.ui.app import ReaderApp
from reader.ui.themes import load_themes

if TYPE_CHECKING:
    from reader.ui.contract import LibraryLike


def build_app(
    source: str | None,
    *,
    library: LibraryLike,
    config: Config | None = None,
    problems: Sequence[str] = (),
    paths: Paths | None = None,
) -> ReaderApp:
    """The app on `source` with config.toml's settings, the shipped themes and
    the user's (from `paths`, else the library's paths), and the config's
    `problems` to show at start."""
    paths = paths or library.paths
    themes = load_themes(paths.user_themes)
    app = ReaderApp(library, source=source, config=config, themes=themes, paths=paths)
    app.startup_notices[:0] = list(problems)
    return app


def run_app(
    source: str | None,
    *,
    library: LibraryLike,
    config: Config | None = None,
    problems: Sequence[str] = (),
    paths: Paths | None = None,
) -> int:
    """Run the app on `source` (or the start screen); returns the exit status.
    `problems` are the config file's messages, shown once the app is up."""
    app = build_app(source, library=library, config=config, problems=problems, paths=paths)
    app.run()
    return app.return_code or 0
