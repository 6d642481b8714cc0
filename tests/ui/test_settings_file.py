"""Saving the theme to config.toml: only the theme value changes, comments,
layout and everything else stay, and the file is replaced atomically."""

from __future__ import annotations

import subprocess
import sys
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


@pytest.mark.parametrize(
    "original",
    ['[theme]\nname = "paper"\n', 'theme.name = "paper"\n', '[[theme]]\nname = "paper"\n'],
)
def test_a_layout_that_cannot_be_edited_safely_is_refused(tmp_path: Path, original: str) -> None:
    """A top-level theme that is a table: setting it would drop the user's lines.
    (A quoted key, refused while the theme line was found by a pattern, is now
    edited: see test_a_quoted_theme_key_is_edited.)"""
    path = tmp_path / "config.toml"
    path.write_text(original, encoding="utf-8")
    with pytest.raises(SettingsError, match='set theme = "signal" there yourself'):
        save_theme(path, "signal")
    assert path.read_text(encoding="utf-8") == original


def test_a_quoted_theme_key_is_edited(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('"theme" = "paper"  # quoted\n', encoding="utf-8")
    save_theme(path, "signal")
    assert path.read_text(encoding="utf-8") == '"theme" = "signal"  # quoted\n'


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


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("theme='paper'#dark\n", 'theme="signal"#dark\n'),
        ("  theme   =   'paper' \t# the light one\n", '  theme   =   "signal" \t# the light one\n'),
        (
            "theme = 5  # not a name\nmeasure = 70\n",
            'theme = "signal"  # not a name\nmeasure = 70\n',
        ),
    ],
)
def test_the_comment_and_spacing_of_the_theme_line_are_kept(before: str, after: str) -> None:
    assert with_theme(before, "signal") == after


def test_a_theme_key_in_a_table_is_never_touched() -> None:
    text = '# settings\ntheme = "paper"\n\n[other]\ntheme = "x"  # not the app\'s\n'
    assert with_theme(text, "signal") == text.replace('"paper"', '"signal"')
    nested = '[ui.look]\ntheme = "x"\n\n[keys.more]\ntheme = "y"\n'
    assert with_theme(nested, "signal") == 'theme = "signal"\n\n' + nested


def test_a_file_with_keys_before_any_theme(tmp_path: Path) -> None:
    """The theme goes above the first table (below it, it would belong to
    [keys]); the tables, their comments and blank lines stay as they were."""
    path = tmp_path / "config.toml"
    original = '[keys]   # my keys\nhelp = "f1"\n\n\n[save]\nmax_pages = 5 # enough\n'
    path.write_text(original, encoding="utf-8")
    save_theme(path, "paper")
    assert path.read_text(encoding="utf-8") == 'theme = "paper"\n\n' + original
    save_theme(path, "signal")
    assert path.read_text(encoding="utf-8") == 'theme = "signal"\n\n' + original
    config, problems = load_config(path)
    assert problems == []
    assert config.theme == "signal"
    assert dict(config.keys) == {"help": "f1"}
    assert config.settings.save.max_pages == 5


def test_windows_line_ends_are_kept_on_added_lines(tmp_path: Path) -> None:
    text = 'measure = 70\r\n\r\n[keys]\r\nhelp = "f1"\r\n'
    assert with_theme(text, "signal") == (
        'measure = 70\r\ntheme = "signal"\r\n\r\n[keys]\r\nhelp = "f1"\r\n'
    )
    assert with_theme("[keys]\r\n", "signal") == 'theme = "signal"\r\n\r\n[keys]\r\n'
    assert with_theme("a = 1\r\nb = 2", "signal") == 'a = 1\r\nb = 2\r\ntheme = "signal"\r\n'
    path = tmp_path / "config.toml"
    path.write_bytes(b"# mine\r\ntheme = 'paper'  # dark\r\n\r\n[save]\r\nper_host = 2\r\n")
    save_theme(path, "lamplight")
    assert path.read_bytes() == (
        b'# mine\r\ntheme = "lamplight"  # dark\r\n\r\n[save]\r\nper_host = 2\r\n'
    )


def test_unknown_keys_tables_and_look_alike_lines_are_kept() -> None:
    """Lines that only look like a theme line or a table (inside a multi-line
    string or array) are values, and stay as they are; so do keys and
    tables the app does not know."""
    text = (
        "# top comment\n"
        'note = """\n'
        'theme = "fake"\n'
        "[fake]\n"
        '"""\n'
        "pairs = [\n"
        "  [1, 2],  # a pair\n"
        "]\n"
        'theme = "paper"\n'
        "\n"
        "[unknown.deep]   # kept\n"
        "x = 1\n"
        "\n"
        "[[plugins]]\n"
        'name = "a"\n'
    )
    result = with_theme(text, "signal")
    assert result == text.replace('theme = "paper"', 'theme = "signal"')
    parsed = tomllib.loads(result)
    assert parsed["note"] == 'theme = "fake"\n[fake]\n'
    assert parsed["theme"] == "signal"


def test_tomlkit_is_loaded_only_when_a_theme_is_saved(tmp_path: Path) -> None:
    """Importing the app (which imports this module) does not import tomlkit
    (about 25 ms); saving a theme does. A fresh interpreter, outside the
    repository, since this one may have loaded it already."""
    script = (
        "import sys\n"
        "import reader.cli, reader.ui.app, reader.ui.settings_file as settings\n"
        "print('tomlkit' in sys.modules)\n"
        "settings.with_theme('', 'paper')\n"
        "print('tomlkit' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True"]


@pytest.mark.parametrize("kind", ["link to /dev/zero", "nested", "endless number"])
def test_saving_the_theme_leaves_a_hostile_config_alone(tmp_path: Path, kind: str) -> None:
    config = tmp_path / "config.toml"
    if kind == "link to /dev/zero":
        config.symlink_to("/dev/zero")
    elif kind == "nested":
        config.write_text("a = " + "[" * 20000, encoding="utf-8")
    else:
        config.write_text("a = " + "9" * 5000, encoding="utf-8")
    with pytest.raises(SettingsError):
        save_theme(config, "paper")
    if kind != "link to /dev/zero":
        assert config.read_text(encoding="utf-8").startswith("a = ")
