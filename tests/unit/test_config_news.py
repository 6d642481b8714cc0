"""config.toml [news]: every NewsSettings field read, bad values named and
replaced by the default."""

from __future__ import annotations

from pathlib import Path

from reader.config import load_config
from reader.core.settings import NewsSettings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_news_defaults_without_the_table(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'theme = "paper"\n'))
    assert problems == []
    assert config.settings.news == NewsSettings()


def test_news_values_are_read(tmp_path: Path) -> None:
    config, problems = load_config(
        write(
            tmp_path,
            """
[news]
min_interval_minutes = 15
items_per_source = 5
max_refresh_mb = 50
per_host = 2
overall = 6
keep_days = 7
auto_refresh_minutes = 60
read_after_seconds = 2.5
read_on_scroll = false
""",
        )
    )
    assert problems == []
    assert config.settings.news == NewsSettings(
        min_interval_minutes=15,
        items_per_source=5,
        max_refresh_mb=50,
        per_host=2,
        overall=6,
        keep_days=7,
        auto_refresh_minutes=60,
        read_after_seconds=2.5,
        read_on_scroll=False,
    )


def test_bad_news_values_name_the_key_and_keep_the_default(tmp_path: Path) -> None:
    config, problems = load_config(
        write(
            tmp_path,
            """
[news]
min_interval_minutes = 0
items_per_source = 2.5
per_host = "four"
overall = 1000
keep_days = true
auto_refresh_minutes = -1
read_after_seconds = 99999
read_on_scroll = "yes"
refresh_everything = 1
""",
        )
    )
    assert config.settings.news == NewsSettings()
    joined = "\n".join(problems)
    for key in (
        "news.min_interval_minutes",
        "news.items_per_source",
        "news.per_host",
        "news.overall",
        "news.keep_days",
        "news.auto_refresh_minutes",
        "news.read_after_seconds",
        "news.read_on_scroll",
    ):
        assert f"config.toml: {key} = " in joined
    assert "unknown setting news.refresh_everything" in joined
    assert len(problems) == 9
    assert "a whole number 1-10080" in joined and "true or false" in joined


def test_news_must_be_a_table(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'news = "often"\n'))
    assert config.settings.news == NewsSettings()
    assert problems == ["config.toml: [news] must be a table; ignored."]


def test_zero_items_per_source_is_allowed(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, "[news]\nitems_per_source = 0\n"))
    assert problems == [] and config.settings.news.items_per_source == 0
