"""config.toml: values, defaults, and a message naming every bad key."""

from __future__ import annotations

from pathlib import Path

from reader.config import Config, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path / "nope.toml")
    assert config == Config() and problems == []


def test_values_are_read(tmp_path: Path) -> None:
    config, problems = load_config(
        write(
            tmp_path,
            """
theme = "paper"
measure = 72
sidebar = "hidden"
sidebar_width = 40
[keys]
scroll_down = "j,down"
open_url = "ctrl+o"
[network]
connect_timeout = 5
max_page_mb = 2
[save]
max_pages = 10
per_host = 2
overall = 4
[store]
max_mb = 200
""",
        )
    )
    assert problems == []
    assert (config.theme, config.measure, config.sidebar, config.sidebar_width) == (
        "paper",
        72,
        "hidden",
        40,
    )
    assert config.keys == {"scroll_down": "j,down", "open_url": "ctrl+o"}
    assert config.settings.fetch.connect_timeout == 5
    assert config.settings.fetch.max_bytes == 2 * 2**20
    assert (config.settings.save.max_pages, config.settings.save.per_host) == (10, 2)
    assert config.settings.store_max_bytes == 200 * 2**20


def test_bad_values_name_the_key_and_use_the_default(tmp_path: Path) -> None:
    config, problems = load_config(
        write(
            tmp_path,
            """
measure = 5
sidebar = "sometimes"
colour = "blue"
[network]
read_timeout = "soon"
[save]
per_host = 0
[keys]
scroll_down = ""
"Not An Id" = "x"
""",
        )
    )
    assert config.measure == 80 and config.sidebar == "auto"
    assert config.settings.fetch.read_timeout == 20
    assert config.settings.save.per_host == 4
    assert config.keys == {}
    text = "\n".join(problems)
    for key in (
        "measure",
        "sidebar",
        "colour",
        "network.read_timeout",
        "save.per_host",
        "keys.scroll_down",
    ):
        assert key in text, key
    assert all(line.startswith("config.toml") for line in problems)


def test_broken_toml_gives_defaults_and_one_message(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, "measure = [\n"))
    assert config == Config()
    assert len(problems) == 1 and "not valid TOML" in problems[0]


def test_hostile_values_are_sanitized_in_messages(tmp_path: Path) -> None:
    _, problems = load_config(write(tmp_path, 'sidebar = "\\u001b]52;c;ZXZpbA==\\u0007"\n'))
    assert problems and "\x1b" not in problems[0] and "\x07" not in problems[0]
