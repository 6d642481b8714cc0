"""Theme files: the shipped ones load and are readable, user themes add to or
replace them, and a broken file is a message, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from textual.color import Color
from textual.theme import Theme

from reader.config import Config
from reader.ui.app import ReaderApp
from reader.ui.themes import (
    BUILTIN_ORDER,
    BUILTIN_PACKAGE,
    DEFAULT_THEME,
    READER_VARIABLES,
    ThemeError,
    builtin_theme_files,
    load_themes,
    parse_theme,
    reader_variables,
)
from tests.ui.fakes import FakeLibrary, sample_article, screen_text, wait_until

GOOD = """
name = "ocean"
description = "Deep sea"
dark = true
primary = "#4aa3df"
background = "#0b1722"
foreground = "#d0e4f0"

[variables]
text-muted = "#8aa4b8"
reader-link = "#7fd1ff 90%"
block-cursor-text-style = "bold underline"
"""


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        parsed = Color.parse(colour)
        channels = []
        for value in (parsed.r, parsed.g, parsed.b):
            c = value / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def solid(value: str) -> str:
    """A variable's colour without its opacity."""
    return value.split(maxsplit=1)[0]


def test_the_five_shipped_themes_load_in_order_without_problems() -> None:
    themes = load_themes()
    assert themes.problems == []
    assert themes.names == list(BUILTIN_ORDER)
    assert themes.names[0] == DEFAULT_THEME
    assert len(builtin_theme_files()) == 5
    for found in themes.themes.values():
        assert found.origin == "built-in"
        assert found.description
        assert isinstance(found.theme, Theme)
        generated = found.theme.to_color_system().generate()
        assert set(READER_VARIABLES) <= set(generated) | set(
            reader_variables(found.theme, generated)
        ) | set(found.theme.variables)


def test_each_shipped_theme_is_named_by_its_file() -> None:
    themes = load_themes()
    assert {name: found.name for name, found in themes.themes.items()} == {
        name: name for name in BUILTIN_ORDER
    }
    assert themes.names == list(BUILTIN_ORDER) and themes.problems == []


async def test_start_up_reads_only_the_theme_on_show() -> None:
    themes = load_themes()
    app = ReaderApp(FakeLibrary(), config=Config(theme="paper"), themes=themes)
    assert set(themes.pending) == set(BUILTIN_ORDER) - {"paper"}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        assert app.theme == "sepia-press"
        assert set(themes.pending) == set(BUILTIN_ORDER) - {"paper", "sepia-press"}


FIND_SHIPPED_THEMES = """
import importlib.util, json
from reader.ui.themes import BUILTIN_PACKAGE, builtin_theme_files, load_themes
themes = load_themes()
print(json.dumps({
    "package": BUILTIN_PACKAGE,
    "files": [name for name, _ in builtin_theme_files()],
    "names": themes.names,
    "problems": themes.problems,
    "top_level_themes": importlib.util.find_spec("themes") is not None,
}))
"""


def test_the_shipped_themes_are_found_through_the_installed_package(tmp_path: Path) -> None:
    """The theme files are package data of reader (`reader.themes`), found with
    importlib.resources wherever reader is installed: here by a fresh
    interpreter started outside the repository in isolated mode (neither the
    repository nor PYTHONPATH on sys.path), so only the installed package can
    provide them; no top-level `themes` package is installed."""
    assert BUILTIN_PACKAGE == "reader.themes"
    run = subprocess.run(
        [sys.executable, "-I", "-c", FIND_SHIPPED_THEMES],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found == {
        "package": "reader.themes",
        "files": sorted(f"{name}.toml" for name in BUILTIN_ORDER),
        "names": list(BUILTIN_ORDER),
        "problems": [],
        "top_level_themes": False,
    }


def test_kinds_of_shipped_theme() -> None:
    themes = load_themes()
    dark = {name for name, found in themes.themes.items() if found.theme.dark}
    assert dark == {"harbour-night", "lamplight", "signal"}


def variables_of(name: str) -> dict[str, str]:
    theme = load_themes().themes[name].theme
    generated = theme.to_color_system().generate()
    return {**generated, **theme.variables, **reader_variables(theme, generated)}


@pytest.mark.parametrize("name", BUILTIN_ORDER)
def test_every_theme_is_readable(name: str) -> None:
    """Body text at least 4.5:1 (WCAG AA) in every theme, and the title,
    links and metadata clearly readable too."""
    values = variables_of(name)
    background = values["background"]
    assert contrast(values["foreground"], background) >= 4.5
    for key in ("reader-title", "reader-link", "reader-heading"):
        assert contrast(solid(values[key]), background) >= 4.5, key
    assert contrast(solid(values["text-muted"]), background) >= 3.5


def test_lamplight_is_low_contrast_and_signal_is_high_contrast() -> None:
    lamp = variables_of("lamplight")
    assert contrast(lamp["foreground"], lamp["background"]) < 7.5
    signal = variables_of("signal")
    background = signal["background"]
    for key in (
        "foreground",
        "text-muted",
        "reader-title",
        "reader-link",
        "reader-meta",
        "text-warning",
        "text-accent",
    ):
        assert contrast(solid(signal[key]), background) >= 7, key
    for key in ("reader-match-background", "reader-selection", "reader-code-background"):
        assert contrast(signal["foreground"], solid(signal[key])) >= 7, key
    assert contrast(signal["reader-divider"], background) >= 4.5


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_user_theme_is_added_after_the_shipped_ones(tmp_path: Path) -> None:
    write(tmp_path, "ocean.toml", GOOD)
    themes = load_themes(tmp_path)
    assert themes.problems == []
    assert themes.names == [*BUILTIN_ORDER, "ocean"]
    ocean = themes.themes["ocean"]
    assert ocean.origin == "ocean.toml"
    assert ocean.description == "Deep sea"
    assert ocean.theme.variables["reader-link"] == "#7FD1FFE5"
    assert ocean.theme.variables["block-cursor-text-style"] == "bold underline"


def test_a_user_theme_with_a_shipped_name_replaces_it_in_place(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", GOOD.replace('name = "ocean"', 'name = "paper"'))
    themes = load_themes(tmp_path)
    assert themes.names == list(BUILTIN_ORDER)
    assert themes.themes["paper"].origin == "mine.toml"
    assert themes.themes["paper"].theme.background == "#0B1722"


def test_the_name_defaults_to_the_file_name(tmp_path: Path) -> None:
    write(tmp_path, "deep-sea.toml", GOOD.replace('name = "ocean"\n', ""))
    assert "deep-sea" in load_themes(tmp_path).names


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("primary = ", "not valid TOML"),
        (b"\xff\xfe", "not UTF-8"),
        ('name = "x"\nprimary = "#fff"\nbackground = "#000"\n', "missing colour foreground"),
        (GOOD.replace('"#0b1722"', '"#12345g"'), "background = '#12345g' is not a colour"),
        (GOOD.replace('"#0b1722"', "12"), "background must be a colour in quotes"),
        (GOOD.replace('"#8aa4b8"', '"red; } Screen { color: blue"'), "variables.text-muted"),
        (GOOD.replace('"bold underline"', '"bold; wild"'), "is not a text style"),
        (GOOD.replace('"#7fd1ff 90%"', '"#7fd1ff 900%"'), "opacity is above 100%"),
        (GOOD.replace("dark = true", 'dark = "yes"'), "dark must be true or false"),
        (GOOD.replace('name = "ocean"', 'name = "Ocean [bold]"'), "name = 'Ocean [bold]'"),
        (GOOD.replace("[variables]", "variables = 3\n[other]"), "[variables] must be a table"),
        (GOOD + '"Bad Name" = "#fff"\n', "is not a variable name"),
    ],
)
def test_a_broken_theme_is_a_message_naming_the_file_and_is_skipped(
    tmp_path: Path, text: str | bytes, problem: str
) -> None:
    write(tmp_path, "broken.toml", text)
    themes = load_themes(tmp_path)
    assert themes.names == list(BUILTIN_ORDER)
    assert len(themes.problems) == 1, themes.problems
    message = themes.problems[0]
    assert message.startswith("Theme file broken.toml: ")
    assert problem in message
    assert message.endswith("skipped.")
    assert "\n" not in message


def test_unknown_keys_are_noted_but_the_theme_is_kept(tmp_path: Path) -> None:
    write(tmp_path, "ocean.toml", GOOD.replace("dark = true", 'dark = true\nbackgroud = "#000"'))
    themes = load_themes(tmp_path)
    assert "ocean" in themes.names
    assert themes.problems == ["Theme file ocean.toml: unknown key backgroud ignored."]


def test_two_user_files_with_one_name(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", GOOD)
    write(tmp_path, "b.toml", GOOD)
    themes = load_themes(tmp_path)
    assert themes.names.count("ocean") == 1
    assert themes.themes["ocean"].origin == "a.toml"
    assert themes.problems == [
        "Theme file b.toml: the name ocean is used by another file; skipped."
    ]


def test_a_huge_theme_file_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, "big.toml", GOOD + "#" * 70_000 + "\n")
    themes = load_themes(tmp_path)
    assert "ocean" not in themes.names
    assert "larger than 64 KiB" in themes.problems[0]


def test_no_themes_folder_is_fine(tmp_path: Path) -> None:
    themes = load_themes(tmp_path / "missing")
    assert themes.problems == []
    assert themes.names == list(BUILTIN_ORDER)


def test_parse_theme_rejects_a_colour_textual_cannot_use() -> None:
    with pytest.raises(ThemeError):
        parse_theme({"primary": ["#fff"], "background": "#000", "foreground": "#fff"}, "x")


def test_reader_variables_follow_the_foreground_and_leave_the_themes_own() -> None:
    theme = Theme(
        name="t",
        primary="#336699",
        background="#000000",
        foreground="#808080",
        variables={"reader-link": "#ff0000"},
    )
    values = reader_variables(theme, theme.to_color_system().generate())
    assert values["text"] == "#808080"
    assert "reader-link" not in values
    muted = Color.parse(values["text-muted"])
    assert muted.brightness < Color.parse("#808080").brightness  # quieter than the text


# In the app


@pytest.mark.parametrize("name", BUILTIN_ORDER)
async def test_the_app_runs_in_every_theme(name: str) -> None:
    from reader.config import Config

    library = FakeLibrary()
    article = sample_article()
    assert article.url
    library.articles[article.url] = article
    app = ReaderApp(library, source=article.url, config=Config(theme=name))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        assert app.theme == name
        assert "Harbour cranes return" in screen_text(app)
        view = app.reading_screen.article_view
        title = view.get_component_rich_style("article-view--title")
        expected = variables_of(name)["reader-title"]
        assert title.color is not None
        assert title.color.triplet is not None
        assert Color.parse(expected).rgb == tuple(title.color.triplet)


async def test_a_broken_user_theme_does_not_stop_the_app(tmp_path: Path) -> None:
    from reader.config import Config
    from reader.core.paths import Paths
    from reader.ui.launch import build_app

    paths = Paths(data=tmp_path / "data", config=tmp_path / "config")
    write(paths.user_themes, "broken.toml", "primary = ")
    write(paths.user_themes, "ocean.toml", GOOD)
    app = build_app(
        None, library=FakeLibrary(), config=Config(theme="ocean"), problems=["P"], paths=paths
    )
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "ocean"
        messages = [n.message for n in app._notifications]
        assert messages[0] == "P"
        assert any(m.startswith("Theme file broken.toml: not valid TOML") for m in messages)


async def test_variables_with_opacity_never_break_the_css(tmp_path: Path) -> None:
    """Every variable the CSS uses, set with an opacity: the app still starts
    (an opacity is folded into one hex token the CSS can fade further)."""
    names = [*READER_VARIABLES, "text", "text-muted", "foreground", "accent", "primary"]
    lines = "".join(f'{name} = "#cc3366 50%"\n' for name in names)
    head = GOOD[: GOOD.index("[variables]")]
    write(tmp_path, "faded.toml", head + "[variables]\n" + lines)
    themes = load_themes(tmp_path)
    assert themes.problems == []
    from reader.config import Config

    library = FakeLibrary()
    article = sample_article()
    assert article.url
    library.articles[article.url] = article
    app = ReaderApp(library, source=article.url, config=Config(theme="ocean"), themes=themes)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("slash", *"crane", "enter", "f", "escape", "s")
        assert app.theme == "ocean"
        assert "Harbour cranes return" in screen_text(app)


@pytest.mark.parametrize(
    "kind", ["link to /dev/zero", "fifo", "nested 20000 deep", "a 5000-digit number", "too big"]
)
def test_a_hostile_user_theme_is_one_problem_not_a_crash(tmp_path: Path, kind: str) -> None:
    """A theme file that never ends, nests without end or holds an endless
    number: one message, the other themes still load."""
    import os

    theme = tmp_path / "bad.toml"
    if kind == "link to /dev/zero":
        theme.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(theme)
        import threading

        def feed() -> None:
            with theme.open("wb") as pipe:
                try:
                    while True:
                        pipe.write(b"x" * 65536)
                except BrokenPipeError:
                    pass

        threading.Thread(target=feed, daemon=True).start()
    elif kind == "nested 20000 deep":
        theme.write_text("a = " + "[" * 20000, encoding="utf-8")
    elif kind == "a 5000-digit number":
        theme.write_text("a = " + "9" * 5000, encoding="utf-8")
    else:
        theme.write_bytes(b"#" * (1024 * 1024))
    themes = load_themes(tmp_path)
    assert "harbour-night" in themes.names
    assert len([p for p in themes.problems if "bad.toml" in p]) == 1, themes.problems
