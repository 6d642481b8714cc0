"""The news screen (S): sources by tag with unread counts, the river, enter,
back and ] from a story, u / A / ctrl+z / z / filter, R in the background,
the read rule, index pages as a list of stories, and `a` on a sidebar
heading; snapshots at 80x24 and 200x60."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any, cast

from textual import events
from textual.css.styles import RulesMap
from textual.pilot import Pilot

from reader.core.feeds.model import FeedItem
from reader.core.records import Source
from reader.core.settings import NewsSettings, Settings
from reader.ui import news_control
from reader.ui.app import ReaderApp
from reader.ui.index_pages import index_list
from reader.ui.news_state import Selection, StoryRow
from reader.ui.screens.news import NewsScreen
from reader.ui.screens.start import StartScreen
from reader.ui.widgets.link_list import LinkList
from reader.ui.widgets.story_list import DETAILS_WIDTH, StoryPrompt, story_from_item
from tests.ui.fakes import (
    FIXED_NOW,
    NEWS,
    NEWS_TITLES,
    FakeLibrary,
    messages,
    news_item,
    news_library,
    opened,
    screen_lines,
    screen_text,
    sectioned_library,
    wait_until,
)

UNREAD_TITLES = [NEWS_TITLES[i] for i in (0, 2, 3, 4, 6, 7, 9)]


def story_url(index: int) -> str:
    """The address of NEWS_TITLES[index] in `news_library`."""
    return f"{NEWS}/news/{index + 1}"


def news_app(library: FakeLibrary | None = None, **news: Any) -> ReaderApp:
    library = library or news_library()
    if news:
        library.settings = Settings(news=NewsSettings(**news))
    app = ReaderApp(library)
    app.clock = lambda: FIXED_NOW
    return app


def news_screen(app: ReaderApp) -> NewsScreen:
    screen = app.screen
    assert isinstance(screen, NewsScreen)
    return screen


async def listed(pilot: Pilot[Any], app: ReaderApp) -> NewsScreen:
    """Wait for the news screen's first listing."""
    await wait_until(pilot, lambda: isinstance(app.screen, NewsScreen) and app.screen.loaded)
    return news_screen(app)


def river_titles(screen: NewsScreen) -> list[str]:
    return [row.title for row in screen.river.rows] if screen.river.display else []


async def test_reader_with_sources_starts_on_the_news() -> None:
    app = news_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(pilot, app)
        titles = [(row.title, row.count) for row in screen.rows]
        assert titles == [
            ("All unread", 7),
            ("All stories", -1),
            ("id", 2),
            ("Kabar Kota", 2),
            ("local", 6),
            ("Harbour Times", 4),
            ("Kabar Kota", 2),
            ("Untagged", -1),
            ("Example News · Latest", 1),
        ]
        assert river_titles(screen) == UNREAD_TITLES  # newest first
        assert screen.river.has_focus
        text = screen_text(app)
        assert "All unread · 7 unread" in text
        assert "summary only" in text  # the story whose page could not be saved
        assert "Harbour Times · 1 h ago · 2 min" in text


async def test_without_sources_the_start_screen_shows(library: FakeLibrary) -> None:
    app = ReaderApp(library)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("S")
        await listed(pilot, app)
        assert "You follow no sources yet" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))


async def test_a_source_and_a_tag_list_their_stories_and_ctrl_o_hides_read() -> None:
    app = news_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(pilot, app)
        await pilot.press("tab")
        assert screen.sources.has_focus
        await pilot.press("down", "down", "down", "enter")  # Kabar Kota under #id
        await wait_until(pilot, lambda: river_titles(screen) == [NEWS_TITLES[i] for i in (1, 4, 7)])
        assert screen.river.has_focus
        assert screen.state.selection == Selection("source", source_id=2)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: river_titles(screen) == [NEWS_TITLES[i] for i in (4, 7)])
        assert "read hidden" in screen_text(app)
        await pilot.press("ctrl+o", "tab", "up", "enter")  # the #id tag
        await wait_until(pilot, lambda: screen.state.selection == Selection("tag", "id"))
        await wait_until(pilot, lambda: len(river_titles(screen)) == 3)


async def test_a_long_list_loads_more_near_its_end() -> None:
    library = news_library()
    source = library.news.source_list[0]
    library.news.stories = [
        news_item(1000 + i, source, f"Old story {i}", hours_ago=100 + i) for i in range(520)
    ]
    app = news_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(pilot, app)
        assert len(screen.river.rows) == 500
        await pilot.press("end")
        await wait_until(pilot, lambda: len(screen.river.rows) == 520)
        assert screen.river.rows[-1].title == "Old story 519"


async def test_enter_opens_a_story_and_back_returns_to_the_list() -> None:
    app = news_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(pilot, app)
        await pilot.press("down", "enter")
        await opened(pilot, app, story_url(2))
        assert not isinstance(app.screen, NewsScreen)
        await pilot.press("backspace")
        screen = await listed(pilot, app)
        assert screen.river.current is not None
        assert screen.river.current.url == story_url(2)


async def test_a_stored_story_opens_at_once_from_the_list() -> None:
    library = news_library()
    library.instant = True
    library.stored = {story_url(0), story_url(2), story_url(3)}
    app = news_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app)
        await pilot.press("enter")
        await opened(pilot, app, story_url(0))
        await pilot.press("S")
        await listed(pilot, app)
        await pilot.press("enter")  # now the reading screen exists: no loading step
        await opened(pilot, app, story_url(0))
        await pilot.press("right_square_bracket")
        await opened(pilot, app, story_url(2))
        assert library.opened_stored == [story_url(0), story_url(2)]


async def test_next_unread_then_S_returns_with_the_cursor_on_the_story() -> None:
    app = news_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app)
        await pilot.press("enter")
        await opened(pilot, app, story_url(0))
        await pilot.press("right_square_bracket")
        await opened(pilot, app, story_url(2))  # story 1 was read: skipped
        await pilot.press("right_square_bracket")
        await opened(pilot, app, story_url(3))
        await pilot.press("S")
        screen = await listed(pilot, app)
        assert screen.river.current is not None
        assert screen.river.current.url == story_url(3)


async def test_next_unread_at_the_end_says_so() -> None:
    app = news_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app)
        await pilot.press("end", "enter")
        await opened(pilot, app, story_url(9))
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: any("No more unread" in m for m in messages(app)))


async def test_next_unread_does_nothing_on_a_page_not_from_the_news(
    library: FakeLibrary,
) -> None:
    app = ReaderApp(news_library(library), source="https://news.example.com/story")
    async with app.run_test() as pilot:
        await opened(pilot, app, "https://news.example.com/story")
        assert app.check_action("next_unread", ()) is False


async def test_ctrl_u_marks_read_and_unread() -> None:
    app = news_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(pilot, app)
        library = app.library
        assert isinstance(library, FakeLibrary)
        news = library.news
        await pilot.press("ctrl+u")
        await wait_until(pilot, lambda: screen.river.rows[0].read)
        assert news.marked[-1] == ((story_url(0),), True)
        assert river_titles(screen)[0] == NEWS_TITLES[0]  # it stays where it is
        await wait_until(pilot, lambda: screen.rows[0].count == 6)
        await pilot.press("ctrl+u")
        await wait_until(pilot, lambda: not screen.river.rows[0].read)
        assert news.unread_count() == 7


async def test_ctrl_a_marks_the_list_read_and_ctrl_z_undoes() -> None:
    app = news_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await listed(pilot, app)
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: "Marked 7 stories read · ctrl+z undoes" in messages(app))
        await wait_until(pilot, lambda: river_titles(screen) == [])
        assert app.library.news.unread_count() == 0
        assert "Nothing unread" in screen_text(app)
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: river_titles(screen) == UNREAD_TITLES)
        assert app.library.news.unread_count() == 7


async def test_typing_filters_by_title_and_escape_clears() -> None:
    app = news_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(pilot, app)
        assert screen.river.has_focus
        await pilot.press(*"Harbour")  # typing goes to the box: u is a letter, not a key
        assert screen.filter_box.value == "Harbour"
        assert river_titles(screen) == [NEWS_TITLES[0]]
        assert app.library.news.unread_count() == 7
        assert "1 of 7 shown" in screen_text(app)
        await pilot.press("enter")
        assert screen.river.has_focus
        await pilot.press("escape")
        assert river_titles(screen) == UNREAD_TITLES
        assert screen.state.filter == ""


async def test_words_typed_at_once_all_go_to_the_box() -> None:
    """A terminal delivers "food A/u" typed fast as one batch of keys: every
    letter must land in the box, none run as a command (o would open the
    address box, A mark everything read, u mark a story), from either column."""
    app = news_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(pilot, app)
        for character in "food A/u":
            key = {"/": "slash", " ": "space"}.get(character, character)
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert screen.filter_box.value == "food A/u"
        await pilot.press("escape", "escape")
        assert screen.filter_box.value == ""
        app.post_message(events.Key("tab", None))
        for character in "sun":
            app.post_message(events.Key(character, character))
        await pilot.pause()
        assert screen.filter_box.value == "sun"  # tab went to the sources, then the box
        assert app.screen is screen
        assert app.library.news.unread_count() == 7


async def test_R_refreshes_in_the_background_with_progress() -> None:
    library = news_library()
    news = library.news
    news.hold = asyncio.Event()
    source = news.source_list[0]
    news.incoming = [news_item(99, source, "Ferry strike called off at dawn", 0.5)]
    app = news_app(library)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await listed(pilot, app)
        await pilot.press("ctrl+r")  # R would type in the filter box here
        await wait_until(pilot, lambda: "Refreshing 1/3 sources" in screen_text(app))
        await pilot.press("down")  # the screen stays responsive
        assert screen.river.highlighted == 1
        news.hold.set()
        await wait_until(pilot, lambda: not app.news.refreshing)
        await wait_until(
            pilot, lambda: river_titles(screen)[:1] == ["Ferry strike called off at dawn"]
        )
        summary = "Checked 3 sources: 1 new story, 1 saved in full"
        assert any(summary in m for m in messages(app))
        assert "Refreshing" not in screen_text(app)


async def test_R_again_stops_a_refresh_and_the_reading_screen_shows_progress() -> None:
    library = news_library()
    news = library.news
    news.hold = asyncio.Event()
    app = news_app(library)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await listed(pilot, app)
        await pilot.press("enter")
        await opened(pilot, app, story_url(0))
        await pilot.press("R")
        status = app.reading_screen.status_bar
        await wait_until(pilot, lambda: "Refreshing 1/3 sources" in status.refresh_text)
        await pilot.press("R")
        news.hold.set()
        await wait_until(pilot, lambda: not app.news.refreshing)
        assert status.refresh_text == ""
        assert any("stopped" in m for m in messages(app))


async def test_auto_refresh_minutes_refreshes_on_a_timer(monkeypatch: Any) -> None:
    monkeypatch.setattr(news_control, "MINUTE", 0.02)
    library = news_library()
    app = news_app(library, auto_refresh_minutes=1)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await listed(pilot, app)
        await wait_until(pilot, lambda: library.news.refreshes >= 2)
        assert not any("Checked" in m for m in messages(app))  # quiet when nothing is new


async def test_a_failing_source_is_marked_and_says_why() -> None:
    library = news_library()
    news = library.news
    news.source_list[1] = replace(news.source_list[1], error="The server answered 500.")
    app = news_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(pilot, app)
        marked = [line for line in screen_lines(app) if "Kabar Kota" in line and " ! 2" in line]
        assert len(marked) == 2  # under both of its tags
        await pilot.press("tab", "down", "down", "down")
        await wait_until(pilot, lambda: "Kabar Kota: The server answered 500." in screen_text(app))
        assert screen.sources.highlighted == 3


async def test_a_story_counts_as_read_after_a_while() -> None:
    library = news_library()
    app = news_app(library, read_after_seconds=0.05, read_on_scroll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app)
        await pilot.press("enter")
        await opened(pilot, app, story_url(0))
        news = library.news
        await wait_until(pilot, lambda: ((story_url(0),), True) in news.marked)


async def test_a_story_counts_as_read_once_scrolled_past_its_first_screen() -> None:
    library = news_library()
    app = news_app(library, read_after_seconds=1000, read_on_scroll=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, app)
        await pilot.press("enter")
        await opened(pilot, app, story_url(0))
        news = library.news
        await pilot.pause(0.05)
        assert not news.marked
        await pilot.press("space", "space")
        await wait_until(pilot, lambda: ((story_url(0),), True) in news.marked)


async def test_an_index_page_shows_as_a_list_of_its_stories(library: FakeLibrary) -> None:
    front = "https://news.example.com/front"
    story = "https://news.example.com/story"
    library.articles[front] = replace(library.articles[story], url=front, title="Front page")
    library.index_pages[front] = (
        FeedItem(story, story, "Harbour cranes return to the old port"),
        FeedItem(f"{NEWS}/long", f"{NEWS}/long", "A long read"),
    )
    library.states = {story: "read"}
    app = ReaderApp(library, source=front)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opened(pilot, app, front)
        stories = index_list(app.reading_screen)
        assert stories is not None and stories.display
        assert not app.reading_screen.article_view.display
        assert [row.title for row in stories.rows] == [
            "Harbour cranes return to the old port",
            "A long read",
        ]
        assert stories.rows[0].read
        assert not any("whole article" in m for m in messages(app))
        await pilot.press("down", "enter")
        await opened(pilot, app, f"{NEWS}/long")
        assert app.reading_screen.article_view.display
        assert not stories.display


async def test_a_on_a_list_heading_follows_the_list() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=f"{NEWS}/sections")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, f"{NEWS}/sections")
        await pilot.press("tab", "g")
        links = app.reading_screen.link_list
        while not (links.current_row is not None and links.current_row.kind == "group"):
            await pilot.press("up")
        await pilot.press("a")
        await wait_until(pilot, lambda: bool(library.news.followed))
        assert library.news.followed == [(f"{NEWS}/sections", "Related stories")]
        await wait_until(pilot, lambda: any(m.startswith("Following") for m in messages(app)))


async def test_a_on_a_list_without_a_heading_says_why() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=f"{NEWS}/sections")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await opened(pilot, app, f"{NEWS}/sections")
        await pilot.press("tab")
        links = app.reading_screen.link_list
        links.fold(0)  # the cursor on the first heading, folded: down to the next
        await pilot.press("down")  # the read-also group has no heading of its own
        await pilot.press("a")
        await pilot.pause()
        assert not library.news.followed
        assert any("a follows a list" in m for m in messages(app))


async def test_read_wins_over_saved_in_the_sidebar() -> None:
    links = LinkList()
    links._states = {"https://a.example/1": "saved"}
    links.set_state("https://a.example/1", "read")
    assert links._states["https://a.example/1"] == "read"
    links.set_state("https://a.example/1", "saved")
    assert links._states["https://a.example/1"] == "read"


def test_a_story_row_is_one_line_when_wide_and_two_when_narrow() -> None:
    row = StoryRow("https://a.example/1", "A title", "Source", FIXED_NOW, 3, saved=False)
    prompt = StoryPrompt(row, FIXED_NOW)
    rules = cast("RulesMap", {})
    assert prompt.get_height(rules, 120) == 1
    assert prompt.get_height(rules, 60) == 2
    assert "summary only" in prompt.details.plain


def test_a_long_source_name_leaves_room_for_the_age_and_the_marks() -> None:
    source = "Kumpulan Artikel Berita, Foto dan Video Nusantara Hari Ini"
    row = StoryRow("https://a.example/1", "A title", source, FIXED_NOW, 3, saved=False)
    details = StoryPrompt(row, FIXED_NOW).details.plain
    assert details.startswith("Kumpulan…")
    assert details.endswith("3 min · summary only")
    assert len(details) <= DETAILS_WIDTH


def test_hostile_titles_are_plain_text() -> None:
    """A title from a feed with markup and an escape sequence (OSC 52 would
    write the clipboard): the markup is shown as text, the escape removed."""
    source = Source(id=1, url="https://a.example/feed", kind="feed", title="S\x1b[2J")
    item = news_item(1, source, "[@click=app.quit]x[/] \x1b]52;c;aGk=\x07", 1)
    prompt = StoryPrompt(story_from_item(item), FIXED_NOW)
    assert "[@click=app.quit]x[/]" in prompt.title.plain  # shown, never run
    shown = prompt.title.plain + prompt.details.plain
    assert "\x1b" not in shown and "\x07" not in shown


def news_snapshot_app() -> ReaderApp:
    return news_app()


def test_news_screen_80x24(snap_compare: Any) -> None:
    app = news_snapshot_app()

    async def shown(pilot: Pilot[Any]) -> None:
        await listed(pilot, app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=shown)


def test_news_screen_200x60(snap_compare: Any) -> None:
    app = news_snapshot_app()

    async def shown(pilot: Pilot[Any]) -> None:
        screen = await listed(pilot, app)
        await pilot.press("tab", "down", "enter")  # All stories: read ones dimmed
        await wait_until(pilot, lambda: len(screen.river.rows) == 10)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(200, 60), run_before=shown)
