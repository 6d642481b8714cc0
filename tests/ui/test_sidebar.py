"""The sidebar of link sections and keyboard navigation: following links by
the sidebar, by number and by hint labels; back and forward; folding."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from reader.core.models import Article, Link, Section
from reader.ui.app import ReaderApp
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.link_list import LinkList
from reader.ui.widgets.status_bar import HINT_PROMPT
from tests.ui.fakes import (
    NEWS,
    FakeLibrary,
    para,
    recorder,
    screen_text,
    sectioned_article,
    sectioned_library,
    showing,
    view_of,
    wait_until,
)

SECTIONS = f"{NEWS}/sections"
STORY = f"{NEWS}/story"
LONG = f"{NEWS}/long"


def screen_of(app: ReaderApp) -> ReadingScreen:
    return app.reading_screen


def links_of(app: ReaderApp) -> LinkList:
    return app.reading_screen.link_list


async def open_app(pilot: Pilot[Any], app: ReaderApp, source: str = SECTIONS) -> None:
    await wait_until(pilot, lambda: showing(app, source))


async def test_sidebar_lists_the_sections() -> None:
    library = sectioned_library()
    library.states = {STORY: "read", f"{NEWS}/popular/2": "saved"}
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        screen = screen_of(app)
        assert screen.sidebar_open
        text = screen_text(app)
        assert "▾ Related stories  Related" in text
        assert "▾ Read also" in text  # no heading: the kind's name
        assert "▾ Most read  Most popular" in text
        assert "▾ Latest news  Latest" in text
        assert " 1 ✓ Harbour cranes return to the" in text  # read in the library
        assert " 6 ● Popular story number 2" in text  # saved
        assert " 4   Night buses return" in text
        assert "14   A link that runs a script" in text
        # the address of the link under the cursor, in full
        assert f"{NEWS}/story" in text
        assert isinstance(app.focused, ArticleView)


async def test_long_titles_wrap_beside_their_number() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "1   Harbour cranes" in line)
        column = lines[first].index("Harbour")
        assert lines[first + 1][column:].startswith("old port")
        assert not lines[first + 1][:column].strip("▏ ")


async def test_tab_then_enter_follows_a_related_link() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        await pilot.press("tab")
        assert isinstance(app.focused, LinkList)
        await pilot.press("j")  # link 2
        await pilot.press("enter")
        await wait_until(pilot, lambda: showing(app, LONG))
        assert library.opened == [SECTIONS, LONG]
        assert app.history.sources == [SECTIONS, LONG]
        assert isinstance(app.focused, ArticleView)  # a new page is for reading
        await pilot.press("tab")
        assert isinstance(app.focused, LinkList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ArticleView)


async def test_keys_in_the_sidebar_move_and_fold() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        links = links_of(app)
        await pilot.press("tab")
        assert links.highlighted_link is not None and links.highlighted_link.number == 1
        await pilot.press("down", "down")
        assert links.highlighted_link is not None and links.highlighted_link.number == 3
        await pilot.press("j")  # skips the gap, onto the "Read also" heading
        assert links.highlighted_link is None
        assert "1 link · enter folds" in screen_text(app)
        await pilot.press("k")
        assert links.highlighted_link is not None and links.highlighted_link.number == 3
        await pilot.press("left")  # folds "Related stories", the cursor on its heading
        assert links.folded == {0}
        assert "▸ Related stories  Related  (3)" in screen_text(app)
        assert "Harbour cranes" not in screen_text(app)
        await pilot.press("right")
        assert links.folded == frozenset()
        assert "Harbour cranes" in screen_text(app)
        await pilot.press("enter")  # enter on a heading folds too
        assert links.folded == {0}
        await pilot.press("space")
        assert links.folded == frozenset()
        await pilot.press("G")
        assert links.highlighted_link is not None and links.highlighted_link.number == 14
        await pilot.press("g")
        assert links.highlighted_link is None  # the first heading
        # numbers stay the same when a group is folded
        links.fold(0)
        await pilot.pause()
        assert " 4   Night buses return" in screen_text(app)
        assert library.opened == [SECTIONS]


async def test_numbers_follow_links() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        await pilot.press("2")  # 20 > 14 links: followed at once
        await wait_until(pilot, lambda: showing(app, LONG))
        await pilot.press("backspace")
        await wait_until(pilot, lambda: showing(app, SECTIONS))
        await pilot.press("1", "2")  # two digits: link 12
        await wait_until(pilot, lambda: showing(app, f"{NEWS}/popular/8"))
        assert library.opened[-1] == f"{NEWS}/popular/8"
        await pilot.press("backspace")
        await wait_until(pilot, lambda: showing(app, SECTIONS))
        await pilot.press("1", "0")
        await wait_until(pilot, lambda: showing(app, f"{NEWS}/popular/6"))


async def test_a_single_digit_waits_for_a_second_one() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        await pilot.press("1")  # links 10-14 exist: wait a moment
        await pilot.pause()
        assert library.opened == [SECTIONS]
        assert "Link 1…" in screen_text(app)
        await wait_until(pilot, lambda: showing(app, STORY))
        assert "Link 1…" not in screen_text(app)


async def test_escape_or_another_key_drops_a_pending_number() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        await pilot.press("1", "escape")
        await pilot.pause(0.8)
        assert library.opened == [SECTIONS]
        await pilot.press("1", "j")
        await pilot.pause(0.8)
        assert library.opened == [SECTIONS]
        assert view_of(app).scroll_y == 1  # the key still did its own job


async def test_a_missing_number_says_so() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_app(pilot, app)
        await pilot.press("1", "9")
        await pilot.pause()
        assert library.opened == [SECTIONS]
        messages = [n.message for n in app._notifications]
        assert "No link 19: this page has 14." in messages


async def test_back_returns_to_the_same_place_and_forward_again() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot, app)
        view = view_of(app)
        await pilot.press("space", "space", "j")
        where = view.position
        top = view.scroll_y
        assert top > 0
        await pilot.press("2")  # the long read
        await wait_until(pilot, lambda: showing(app, LONG))
        assert view.scroll_y == 0
        await pilot.press("space")
        there = view.position
        await pilot.press("backspace")
        await wait_until(pilot, lambda: showing(app, SECTIONS))
        assert view.position == where
        assert view.scroll_y == top
        await pilot.press("l")
        await wait_until(pilot, lambda: showing(app, LONG))
        assert view.position == there
        await pilot.press("h")
        await wait_until(pilot, lambda: showing(app, SECTIONS))
        assert view.position == where
        assert app.history.sources == [SECTIONS, LONG]
        assert app.history.index == 0
        # following a link from here drops the forward entry
        await pilot.press("3")
        await wait_until(pilot, lambda: showing(app, f"{NEWS}/related/3"))
        assert app.history.sources == [SECTIONS, f"{NEWS}/related/3"]


async def test_back_keeps_the_sidebar_cursor_and_folds() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        links = links_of(app)
        links.fold(2)  # "Most read"; the cursor goes to its heading
        await pilot.press("tab", "g", "down", "down")
        assert links.highlighted_link is not None and links.highlighted_link.number == 2
        await pilot.press("enter")
        await wait_until(pilot, lambda: showing(app, LONG))
        await pilot.press("backspace")
        await wait_until(pilot, lambda: showing(app, SECTIONS))
        assert isinstance(app.focused, LinkList)
        assert links.highlighted_link is not None and links.highlighted_link.number == 2
        assert links.folded == {2}
        # the link just read is marked
        assert " 2 ✓ A long read about trams" in screen_text(app)


async def test_back_and_forward_at_the_ends_say_so() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_app(pilot, app)
        await pilot.press("backspace", "l")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "Nothing to go back to." in messages
        assert "Nothing to go forward to." in messages
        assert library.opened == [SECTIONS]


async def test_quick_backs_walk_the_history() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        await pilot.press("2")
        await wait_until(pilot, lambda: showing(app, LONG))
        app.open_source(STORY)
        await wait_until(pilot, lambda: showing(app, STORY))
        library.delay = 0.2
        await pilot.press("backspace", "backspace")  # the second press while loading
        await wait_until(pilot, lambda: showing(app, SECTIONS))
        assert app.history.index == 0
        assert app.history.sources == [SECTIONS, LONG, STORY]


async def test_s_folds_and_unfolds_the_sidebar_when_wide() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        screen = screen_of(app)
        view = view_of(app)
        width_with_sidebar = view.size.width
        assert "Related stories" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert not screen.sidebar_open
        assert "Related stories" not in screen_text(app)
        assert view.size.width == 120 > width_with_sidebar
        await pilot.press("s")
        await pilot.pause()
        assert screen.sidebar_open
        assert "Related stories" in screen_text(app)
        assert view.size.width == width_with_sidebar
        assert isinstance(app.focused, ArticleView)  # a column beside the article
        # folding it while it has the keyboard gives the keyboard back to the article
        await pilot.press("tab", "s")
        assert isinstance(app.focused, ArticleView)
        # folded, the sidebar still comes back with tab
        await pilot.press("tab")
        await pilot.pause()
        assert screen.sidebar_open and isinstance(app.focused, LinkList)


async def test_narrow_sidebar_starts_folded_and_opens_over_the_article() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot, app)
        screen = screen_of(app)
        view = view_of(app)
        assert screen.narrow and not screen.sidebar_open
        assert "Related stories" not in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert screen.sidebar_open
        assert isinstance(app.focused, LinkList)
        lines = screen_text(app).splitlines()
        assert any("Related stories" in line for line in lines)
        # the article is still there, behind it, at full width
        assert view.size.width == 80
        assert lines[1].startswith("  Tram line to reach")
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.sidebar_open
        assert isinstance(app.focused, ArticleView)
        await pilot.press("tab")
        await pilot.pause()
        assert screen.sidebar_open and isinstance(app.focused, LinkList)
        await pilot.press("tab")
        await pilot.pause()
        assert not screen.sidebar_open and isinstance(app.focused, ArticleView)
        # a click on the article closes it too
        await pilot.press("s")
        await pilot.pause()
        assert screen.sidebar_open
        await pilot.click(ArticleView, offset=(2, 10))
        await pilot.pause()
        assert not screen.sidebar_open and isinstance(app.focused, ArticleView)
        # following a link closes it, to read the new page
        await pilot.press("s", "j", "enter")
        await wait_until(pilot, lambda: showing(app, LONG))
        assert not screen.sidebar_open


async def test_resizing_moves_between_column_and_overlay() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        screen = screen_of(app)
        assert screen.sidebar_open and not screen.narrow
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.narrow and not screen.sidebar_open
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.narrow and screen.sidebar_open


async def test_hint_mode_follows_a_link_in_the_article() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot, app)
        view = view_of(app)
        await pilot.press("f")
        await pilot.pause()
        assert view.hinting
        text = screen_text(app)
        assert HINT_PROMPT in text
        # two links on screen: labels "a" and "s" over their first letters
        assert "See the ainutes of the meeting and the sudget" in text
        await pilot.press("s")
        await wait_until(pilot, lambda: showing(app, f"{NEWS}/budget"))
        assert not view.hinting
        assert HINT_PROMPT not in screen_text(app)


async def test_hint_mode_escape_cancels() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot, app)
        view = view_of(app)
        await pilot.press("f")
        assert view.hinting
        await pilot.press("x")  # not a label: ignored
        assert view.hinting
        await pilot.press("escape")
        await pilot.pause()
        assert not view.hinting
        text = screen_text(app)
        assert HINT_PROMPT not in text
        assert "See the minutes of the meeting and the budget" in text
        await pilot.press("j")  # keys work as before
        assert view.scroll_y == 1
        assert library.opened == [SECTIONS]


async def test_hint_labels_get_two_letters_when_there_are_many_links() -> None:
    library = FakeLibrary()
    spans = []
    from reader.core.models import Block, BlockKind, Span

    for i in range(12):
        spans.append(Span(f"link{i:02d}", href=f"{NEWS}/many/{i}"))
        spans.append(Span(" "))
    library.articles["many"] = Article(
        url=f"{NEWS}/many", title="Many links", blocks=(Block(BlockKind.PARAGRAPH, tuple(spans)),)
    )
    library.articles[f"{NEWS}/many/11"] = Article(url=f"{NEWS}/many/11", title="Eleven")
    app = ReaderApp(library, source="many")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot, app, "many")
        await pilot.press("f")
        view = view_of(app)
        assert view.hints is not None
        labels = [target.label for target in view.hints.targets]
        assert len(labels) == 12 and all(len(label) == 2 for label in labels)
        label = labels[11]
        await pilot.press(label[0])
        assert view.hinting
        await pilot.press(label[1])
        await wait_until(pilot, lambda: showing(app, f"{NEWS}/many/11"))


async def test_capital_f_opens_the_link_in_the_browser() -> None:
    library = sectioned_library()
    opened: list[str] = []
    app = ReaderApp(library, source=SECTIONS)
    app.open_external = recorder(opened)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_app(pilot, app)
        await pilot.press("F")
        assert "Open which link in the browser?" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert opened == [f"{NEWS}/minutes"]
        assert library.opened == [SECTIONS]


async def test_clicking_a_link_in_the_article_follows_it() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot, app)
        view = view_of(app)
        line = next(y for y in range(10) if view.links_on_line(y))
        link = view.links_on_line(line)[0]
        await pilot.click(ArticleView, offset=(link.start + 1, line))
        await wait_until(pilot, lambda: showing(app, f"{NEWS}/minutes"))


async def test_other_schemes_are_shown_but_refused() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_app(pilot, app)
        await pilot.press("1", "4")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert (
            "Not followed: only http and https links are opened (this one is javascript:)"
            in messages
        )
        assert library.opened == [SECTIONS]
        # from the sidebar too; its address line says so
        app.clear_notifications()
        links = links_of(app)
        await pilot.press("tab", "G")
        await pilot.pause()
        assert links.highlighted_link is not None and links.highlighted_link.number == 14
        text = screen_text(app)
        assert "not followed (javascript: link)" in text
        assert "javascript:alert(1)" in text
        await pilot.press("enter")
        await pilot.pause()
        assert library.opened == [SECTIONS]
        assert app.is_running


async def test_hostile_headings_and_link_texts_display_literally() -> None:
    hostile = "[@click=app.quit]x[/] [b]bold[/b] [/]"
    library = FakeLibrary()
    article = Article(
        url=f"{NEWS}/hostile",
        title="Hostile",
        blocks=(para("Body."),),
        sections=(
            Section("related", hostile, (Link(f"{NEWS}/a", hostile),)),
            Section("more", "[red]", (Link(f"{NEWS}/[/]", "[/]"),)),
        ),
    )
    library.articles["hostile"] = article
    library.articles[f"{NEWS}/a"] = Article(url=f"{NEWS}/a", title="A", blocks=(para("A."),))
    app = ReaderApp(library, source="hostile")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app, "hostile")
        text = screen_text(app)
        # wrapped in the sidebar's width, but every character is there
        assert "▾ [@click=app.quit]x[/]" in text
        assert "1   [@click=app.quit]x[/]" in text
        assert text.count("[b]bold[/b] [/]") == 2
        assert "▾ [red]  More" in text
        assert "2   [/]" in text
        await pilot.press("tab", "G")
        await pilot.pause()
        assert f"{NEWS}/[/]" in screen_text(app)
        await pilot.press("k", "k", "enter")  # the hostile link itself
        await wait_until(pilot, lambda: showing(app, f"{NEWS}/a"))
        assert app.is_running


async def test_a_page_without_sections_says_so() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_app(pilot, app, STORY)
        text = screen_text(app)
        assert "No link lists on this page." in text
        assert "f labels the links in the article" in text
        await pilot.press("1")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "This page has no numbered links." in messages
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert library.opened == [STORY]


async def test_three_hundred_links_are_numbered_and_followable() -> None:
    library = FakeLibrary()
    links = tuple(Link(f"{NEWS}/many/{i}", f"Story number {i} " * 3) for i in range(1, 301))
    article = Article(
        url=f"{NEWS}/big",
        title="Big",
        blocks=(para("Body."),),
        sections=tuple(
            Section("more", f"Group {g}", links[g * 30 : (g + 1) * 30]) for g in range(10)
        ),
    )
    library.articles["big"] = article
    library.articles[f"{NEWS}/many/250"] = Article(url=f"{NEWS}/many/250", title="250")
    app = ReaderApp(library, source="big")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app, "big")
        assert links_of(app).link_count == 300
        app.reading_screen.show_reading(app.reading, None, {})  # type: ignore[arg-type]
        await pilot.pause()
        await pilot.press("tab", "G")
        assert "300" in screen_text(app)
        await pilot.press("2", "5", "0")
        await wait_until(pilot, lambda: showing(app, f"{NEWS}/many/250"))


async def test_links_opened_this_session_are_marked_read() -> None:
    library = sectioned_library()
    app = ReaderApp(library, source=STORY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app, STORY)
        app.open_source(SECTIONS)
        await wait_until(pilot, lambda: showing(app, SECTIONS))
        text = screen_text(app)
        assert " 1 ✓ Harbour cranes return" in text
        assert " 2   A long read" in text


async def test_a_failing_link_state_lookup_is_ignored() -> None:
    library = sectioned_library()

    def broken(urls: Any) -> Any:
        raise RuntimeError("store is gone")

    library.link_states = broken  # type: ignore[method-assign]
    app = ReaderApp(library, source=SECTIONS)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_app(pilot, app)
        assert "Related stories" in screen_text(app)


def test_the_sectioned_article_is_long_enough_to_scroll() -> None:
    assert len(sectioned_article().blocks) >= 20
