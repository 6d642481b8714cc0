"""Where the reader keeps its files: platformdirs, or everything under READER_HOME."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "reader"
HOME_ENV = "READER_HOME"


@dataclass(frozen=True)
class Paths:
    """The app's data and config directories."""

    data: Path
    config: Path
    home: Path | None = None
    """READER_HOME (or --home) when everything lives under one folder."""

    @property
    def database(self) -> Path:
        """The SQLite store."""
        return self.data / "reader.sqlite3"

    @property
    def user_themes(self) -> Path:
        """Folder of user theme files."""
        return self.config / "themes"

    @property
    def config_file(self) -> Path:
        """The user's settings file."""
        return self.config / "config.toml"

    @property
    def exports(self) -> Path:
        """Where the app's export key writes stories: HOME/exports under
        READER_HOME, else a "reader" folder in the user's documents."""
        if self.home is not None:
            return self.home / "exports"
        return Path(platformdirs.user_documents_dir()) / APP_NAME

    def ensure(self) -> Paths:
        """Create the directories if needed (readable by the user only: the
        library holds what you read); returns self."""
        for folder in (self.data, self.config):
            if not folder.exists():
                folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        return self


def resolve_paths(home: str | os.PathLike[str] | None = None) -> Paths:
    """Paths for `home` (the --home option), else $READER_HOME, else platformdirs."""
    root = home if home is not None else os.environ.get(HOME_ENV) or None
    if root is not None:
        base = Path(root).expanduser().resolve()
        return Paths(data=base / "data", config=base / "config", home=base)
    return Paths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
