"""config.toml in the app (theme, sidebar, keymap, save limit), t and the
theme palette entries, the keys screen (?), the command palette, and i."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.config import Config
from reader.core.models import Article, Block, BlockKind, Span
from reader.core.paths import Paths
from reader.core.settings import SaveLimits, Settings
from reader.ui.actions import BY_ID
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.start import StartScreen
from reader.ui.themes import BUILTIN_ORDER, DEFAULT_THEME
from tests.ui.fakes import (
    NEWS,
    FakeLibrary,
    messages,
    palette_open,
    para,
    recorder,
    sample_article,
    screen_text,
    sectioned_library,
    wait_until,
)

STORY = "https://news.example.com/story"
SECTIONS = f"{NEWS}/sections"


def story_library() -> FakeLibrary:
    library = FakeLibrary()
    article = sample_article()
    assert article.url
    library.articles[article.url] = article
    return library


# Themes


async def test_t_cycles_the_themes_and_saves_the_choice(tmp_path: Path) -> None:
    paths = Paths(data=tmp_path / "data", config=tmp_path / "config")
    app = ReaderApp(story_library(), source=STORY, paths=paths)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        assert app.theme == DEFAULT_THEME
        await pilot.press("t")
        assert app.theme == BUILTIN_ORDER[1]
        assert any(m.startswith(f"Theme: {BUILTIN_ORDER[1]} (2/5)") for m in messages(app))
        config = paths.config_file
        await wait_until(pilot, config.exists)
        assert tomllib.loads(config.read_text())["theme"] == BUILTIN_ORDER[1]
        for _ in range(4):
            await pilot.press("t")
        assert app.theme == DEFAULT_THEME
        await wait_until(pilot, lambda: f'theme = "{DEFAULT_THEME}"' in config.read_text())


async def test_a_theme_change_just_before_quitting_is_saved(tmp_path: Path) -> None:
    paths = Paths(data=tmp_path / "data", config=tmp_path / "config")
    app = ReaderApp(story_library(), source=STORY, paths=paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("t", "t", "q")
    assert tomllib.loads(paths.config_file.read_text())["theme"] == BUILTIN_ORDER[2]


async def test_the_config_theme_is_used_and_an_unknown_one_is_a_message() -> None:
    app = ReaderApp(story_library(), config=Config(theme="signal"))
    assert app.theme == "signal"
    app = ReaderApp(story_library(), config=Config(theme="nord"))
    assert app.theme == DEFAULT_THEME
    assert app.startup_notices == [
        'config.toml: theme = "nord": no theme has this name (there are '
        "harbour-night, paper, sepia-press, lamplight, signal); using harbour-night."
    ]


async def test_the_palette_lists_the_themes_and_picks_one() -> None:
    app = ReaderApp(story_library(), source=STORY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: palette_open(app))
        await pilot.press(*"theme")
        await wait_until(pilot, lambda: "Theme: sepia-press" in screen_text(app))
        text = screen_text(app)
        for name in BUILTIN_ORDER:
            assert f"Theme: {name}" in text
        await pilot.press(*" sepia")
        await wait_until(pilot, lambda: "Theme: paper" not in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "sepia-press")
        assert not palette_open(app)


async def test_the_palette_offers_every_action() -> None:
    app = ReaderApp(story_library(), source=STORY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        titles = [command.title for command in list(app.get_system_commands(app.reading_screen))]
        for title in (
            "Open a URL or file",
            "Open in the system browser",
            "Reload",
            "Bookmark this page",
            "Bookmarks",
            "History",
            "Search the library",
            "Find in page",
            "Save linked stories for offline",
            "Fold the sidebar",
            "Follow a link by its label",
            "Open an image in the browser",
            "Next theme",
            "Keys and help",
            "Quit",
            *(f"Theme: {name}" for name in BUILTIN_ORDER),
        ):
            assert title in titles
        assert all("[" not in title for title in titles)  # titles are read as markup
        helps = {c.title: c.help for c in list(app.get_system_commands(app.reading_screen))}
        assert helps["Bookmarks"].startswith("B · ")
        assert helps["Search the library"].startswith("ctrl+f · ")


async def test_a_palette_command_runs_its_action() -> None:
    app = ReaderApp(story_library(), source=STORY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: palette_open(app))
        await pilot.press(*"keys and help")
        await wait_until(pilot, lambda: "Keys and help" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_the_start_screen_palette_has_no_page_actions() -> None:
    app = ReaderApp(FakeLibrary())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        titles = [command.title for command in list(app.get_system_commands(app.screen))]
        assert "Open a URL or file" in titles
        assert "Bookmarks" in titles
        assert "Reload" not in titles
        assert "Find in page" not in titles


# Keys


async def test_a_keymap_remaps_a_binding_and_unknown_ids_are_messages() -> None:
    config = Config(keys={"toggle_sidebar": "x", "no_such_binding": "z"})
    app = ReaderApp(sectioned_library(), source=SECTIONS, config=config)
    assert app.startup_notices == [
        "config.toml: keys.no_such_binding: no binding has this id "
        "(? lists the keys; the README lists the ids); ignored."
    ]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        screen = app.reading_screen
        assert screen.sidebar_open
        await pilot.press("x")
        assert not screen.sidebar_open
        await pilot.press("s")
        assert not screen.sidebar_open
        await pilot.press("x")
        assert screen.sidebar_open
        assert any("keys.no_such_binding" in m for m in messages(app))


async def test_help_lists_the_screen_and_app_keys_with_remapped_keys() -> None:
    config = Config(keys={"toggle_sidebar": "x", "bookmarks": "ctrl+b,B"})
    app = ReaderApp(sectioned_library(), source=SECTIONS, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = help_screen.text
        for group in ("Reading", "Links and sidebar", "Library", "App"):
            assert group in text
        assert "x  Show or fold the sidebar of link lists" in text
        assert "s  Show or fold" not in text
        assert "ctrl+b  B  Bookmarks" in text
        for line in (
            "j  ↓  Scroll down a line",
            "space  pgdn  Scroll down a page",
            "1-9  Follow link number N",
            "i  Open an image on screen in the browser",
            "enter  Sidebar: follow the link",
            "t  Next theme",
            "?  f1  These keys",
            "ctrl+p  Command palette",
        ):
            assert line in text
        shown = screen_text(app)
        assert "Show or fold the sidebar of link lists" in shown
        rows = {row.binding_id: row for row in help_screen.rows}
        assert not rows["find_next"].available  # nothing found yet
        assert rows["find_in_page"].available
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_help_scrolls_at_80x24_and_question_mark_closes_it() -> None:
    app = ReaderApp(story_library(), source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        body = help_screen.body
        await pilot.pause()
        assert body.max_scroll_y > 10
        await pilot.press("j")
        assert body.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        assert "Settings" in screen_text(app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_help_over_the_start_screen_has_no_reading_keys() -> None:
    app = ReaderApp(FakeLibrary())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "Open a web address or a file" in help_screen.text
        assert "Scroll down a line" not in help_screen.text


# Sidebar modes


@pytest.mark.parametrize(
    ("mode", "width", "shown", "narrow"),
    [
        ("auto", 120, True, False),
        ("auto", 80, False, True),
        ("hidden", 120, False, False),
        ("hidden", 80, False, True),
        ("shown", 120, True, False),
        ("shown", 80, True, False),
        ("shown", 60, False, True),
    ],
)
async def test_sidebar_modes(mode: str, width: int, shown: bool, narrow: bool) -> None:
    app = ReaderApp(sectioned_library(), source=SECTIONS, config=Config(sidebar=mode))
    async with app.run_test(size=(width, 30)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        screen = app.reading_screen
        assert screen.sidebar_open is shown
        assert screen.narrow is narrow
        await pilot.press("s")
        assert screen.sidebar_open is not shown


async def test_sidebar_width_and_measure_from_the_config() -> None:
    config = Config(sidebar_width=30, measure=60)
    app = ReaderApp(sectioned_library(), source=SECTIONS, config=config)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        screen = app.reading_screen
        assert screen.article_view.text_width == 60
        # the sidebar grows into the columns the 60-column text leaves, up to a
        # third of the terminal (see tests/ui/test_reading_layout.py)
        assert screen.sidebar.outer_size.width == 40
        await pilot.resize_terminal(100, 30)  # a third of 100
        await pilot.pause()
        assert screen.sidebar.outer_size.width == 33


# Save limit


async def test_the_save_limit_comes_from_the_library_settings() -> None:
    library = sectioned_library()
    library.settings = Settings(save=SaveLimits(max_pages=2))
    app = ReaderApp(library, source=SECTIONS)
    assert app.save_limit == 2
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: any(m.startswith("Saved 2 stories") for m in messages(app)))


# Images


def image_article(*hrefs: str | None) -> Article:
    blocks = [para("The cranes are back.")]
    for number, href in enumerate(hrefs, 1):
        blocks.append(Block(BlockKind.IMAGE, (Span(f"Crane number {number}", href=href),)))
    blocks.append(para("The end."))
    return Article(url=STORY, title="Cranes", blocks=tuple(blocks))


async def open_image_app(article: Article, calls: list[str]) -> ReaderApp:
    library = FakeLibrary()
    library.articles[STORY] = article
    app = ReaderApp(library, source=STORY)
    app.open_external = recorder(calls)
    return app


async def test_i_opens_the_image_on_screen_in_the_browser() -> None:
    calls: list[str] = []
    app = await open_image_app(image_article("https://img.example.com/crane.jpg"), calls)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        assert "[image: Crane number 1]" in screen_text(app)
        await pilot.press("i")
        await wait_until(pilot, lambda: bool(calls))
        assert calls == ["https://img.example.com/crane.jpg"]
        assert any(m.startswith("Opened in the browser") for m in messages(app))


@pytest.mark.parametrize(
    ("href", "message"),
    [
        ("javascript:alert(1)", "Image not opened: only http and https addresses are"),
        ("file:///etc/passwd", "Image not opened: only http and https addresses are"),
        (None, "This image has no web address to open."),
    ],
)
async def test_i_refuses_an_image_that_is_not_http(href: str | None, message: str) -> None:
    calls: list[str] = []
    app = await open_image_app(image_article(href), calls)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("i")
        await wait_until(pilot, lambda: any(m.startswith(message) for m in messages(app)))
        assert calls == []


async def test_i_with_several_images_asks_which_by_label() -> None:
    calls: list[str] = []
    article = image_article("https://img.example.com/1.jpg", "https://img.example.com/2.jpg")
    app = await open_image_app(article, calls)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        screen = app.reading_screen
        await pilot.press("i")
        assert screen.article_view.hinting
        assert screen.status_bar.prompt == "Open which image in the browser? (esc to cancel)"
        await pilot.press("s")  # the second label
        await wait_until(pilot, lambda: bool(calls))
        assert calls == ["https://img.example.com/2.jpg"]
        assert not screen.article_view.hinting


async def test_i_without_an_image_on_screen_says_so() -> None:
    calls: list[str] = []
    app = await open_image_app(image_article(), calls)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        await pilot.press("i")
        await wait_until(
            pilot, lambda: any(m.startswith("No image on screen") for m in messages(app))
        )
        assert calls == []


def test_the_readme_lists_every_binding_id() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = sorted(i for i in BY_ID if f"`{i}`" not in readme)
    assert set(missing) <= {f"number_{d}" for d in "2345678"}


# Reading comfort


async def test_reading_comfort_at_80_columns() -> None:
    """Long addresses and words wrap inside the column, code and quotes are
    set apart, and the position indicator follows the scrolling."""
    long_url = "https://example.com/" + "/".join(f"part{i}" for i in range(30))
    long_word = "Donaudampfschifffahrts" * 6
    blocks = [
        para(f"See {long_url} for the plan, or the {long_word} report."),
        Block(BlockKind.CODE, (Span("tide = 2\nprint(tide)"),)),
        Block(BlockKind.QUOTE, (Span("The harbour was quiet."),), level=1),
        *(para(f"Paragraph {i} about the harbour and the tide. " * 3) for i in range(20)),
    ]
    library = FakeLibrary()
    library.articles[STORY] = Article(url=STORY, title="Comfort", blocks=tuple(blocks))
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        view = app.reading_screen.article_view
        width = view.text_width
        assert width <= 76
        lines = [view.line_text(y) for y in range(view.line_count)]
        assert all(len(line) <= 80 for line in lines)
        joined = "".join(line.strip() for line in lines)
        assert long_url in joined
        assert long_word in joined
        assert any(line.strip().startswith("▎ The harbour was quiet.") for line in lines)
        code = view.get_component_rich_style("article-view--code")
        assert code.bgcolor is not None
        assert code.bgcolor != view.rich_style.bgcolor
        status = app.reading_screen.status_bar
        assert screen_text(app).splitlines()[-2].rstrip().endswith("0%")
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_text(app).splitlines()[-2].rstrip().endswith("100%"))
        assert status.display


async def test_config_problems_are_shown_at_start(tmp_path: Path) -> None:
    """config.toml's problems (from load_config, as the CLI passes them) and
    the app's own (a theme or binding id it does not know) are notifications."""
    from reader.config import load_config
    from reader.ui.launch import build_app

    paths = Paths(data=tmp_path / "data", config=tmp_path / "config")
    paths.config.mkdir(parents=True)
    paths.config_file.write_text(
        'theme = "neon"\nmeasure = 5\n[keys]\nno_such = "x"\n', encoding="utf-8"
    )
    config, problems = load_config(paths.config_file)
    app = build_app(STORY, library=story_library(), config=config, problems=problems, paths=paths)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.reading is not None)
        shown = messages(app)
        assert shown[0].startswith("config.toml: measure = 5: expected a whole number 40-200")
        assert any(
            m.startswith('config.toml: theme = "neon": no theme has this name') for m in shown
        )
        assert any(m.startswith("config.toml: keys.no_such: no binding has this id") for m in shown)
        assert app.theme == DEFAULT_THEME
        assert app.reading_screen.article_view.measure == 80
