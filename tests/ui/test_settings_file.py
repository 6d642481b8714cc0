"""Saving the theme to config.toml: only the theme line changes, comments
and everything else stay, and the file is replaced atomically."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.config import load_config
from reader.ui.settings_file import SettingsError, save_theme, with_theme

CONFIG = """\
# My reader settings
theme = "paper"        # the light one
measure = 72

[keys]
toggle_sidebar = "x"   # x for the sidebar

[save]
max_pages = 12
"""


def test_the_theme_line_is_replaced_and_everything_else_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    save_theme(path, "lamplight")
    text = path.read_text(encoding="utf-8")
    assert text == CONFIG.replace('theme = "paper"  ', 'theme = "lamplight"  ')
    assert '"lamplight"        # the light one' in text
    config, problems = load_config(path)
    assert problems == []
    assert config.theme == "lamplight"
    assert config.measure == 72
    assert dict(config.keys) == {"toggle_sidebar": "x"}


def test_a_missing_theme_line_is_added_before_the_first_table() -> None:
    text = '# settings\nmeasure = 90\n\n[keys]\nhelp = "f1"\n'
    assert with_theme(text, "signal") == (
        '# settings\nmeasure = 90\ntheme = "signal"\n\n[keys]\nhelp = "f1"\n'
    )
    assert with_theme("[keys]\n", "signal") == 'theme = "signal"\n\n[keys]\n'
    assert with_theme("measure = 90", "signal") == 'measure = 90\ntheme = "signal"\n'
    assert with_theme("", "signal") == 'theme = "signal"\n'


def test_a_theme_key_inside_a_table_is_not_the_theme() -> None:
    text = '[other]\ntheme = "x"\n'
    result = with_theme(text, "paper")
    assert tomllib.loads(result) == {"theme": "paper", "other": {"theme": "x"}}


def test_single_quotes_and_windows_line_ends() -> None:
    text = "theme = 'paper'\r\nmeasure = 70\r\n"
    assert with_theme(text, "signal") == 'theme = "signal"\r\nmeasure = 70\r\n'


def test_a_new_file_is_created_with_a_comment(tmp_path: Path) -> None:
    path = tmp_path / "config" / "config.toml"
    save_theme(path, "sepia-press")
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert text.startswith("# reader settings")
    assert tomllib.loads(text) == {"theme": "sepia-press"}


def test_a_broken_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="has errors, so it was left alone"):
        save_theme(path, "paper")
    assert path.read_text(encoding="utf-8") == "theme = \n"


def test_a_layout_that_cannot_be_edited_safely_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = '"theme" = "paper"\n'
    path.write_text(original, encoding="utf-8")
    with pytest.raises(SettingsError, match='set theme = "signal" there yourself'):
        save_theme(path, "signal")
    assert path.read_text(encoding="utf-8") == original


def test_an_unsafe_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        save_theme(tmp_path / "config.toml", 'x"\n[keys]')
    assert not (tmp_path / "config.toml").exists()


def test_the_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while replacing leaves the old file whole and no temporary file."""
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    path.chmod(0o600)
    renames: list[tuple[Path, Path]] = []

    def failing_replace(self: Path, target: Path) -> Path:
        renames.append((self, Path(target)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", failing_replace)
    with pytest.raises(SettingsError, match="could not be written"):
        save_theme(path, "signal")
    assert path.read_text(encoding="utf-8") == CONFIG
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]
    assert renames and renames[0][1] == path and renames[0][0].parent == tmp_path
    monkeypatch.undo()
    save_theme(path, "signal")
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]
