"""Each story numbered once in the sidebar: a story in several lists (Baca
Juga, Berita Terkait, Terpopuler, ...) keeps the number it got in the first
list; the number keys and every listing open the same story; marks and the
counts in headings stay right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.core.extract.pipeline import extract_article
from reader.core.models import Article, Link, Section
from reader.core.urls import comparable
from reader.ui.app import ReaderApp
from reader.ui.section_links import all_links, link_groups
from reader.ui.widgets.hanging import HangingPrompt
from reader.ui.widgets.link_list import LinkList
from tests.ui.fakes import FakeLibrary, opened, para, screen_text, wait_until

DEMO = Path(__file__).parents[2] / "reader" / "demo" / "site"
PAGE_PATH = "id/berita/2025/03/jembatan-gantung-sungai-lamat-diresmikan.html"
BASE = "https://demo.example"
PAGE = f"{BASE}/{PAGE_PATH}"


def demo_library() -> tuple[FakeLibrary, Article]:
    """The demo's Indonesian story (5 stories in 18 links over five lists),
    extracted for real, and a small article behind each linked story."""
    article = extract_article((DEMO / PAGE_PATH).read_text(encoding="utf-8"), PAGE)
    library = FakeLibrary()
    library.articles[PAGE] = article
    for section in article.sections:
        for link in section.links:
            library.articles.setdefault(
                link.url, Article(url=link.url, title=link.text, blocks=(para("Isi berita."),))
            )
    return library, article


def rows_of(links: LinkList) -> list[str]:
    """The text of every row of the sidebar's list (scrolled out of view or not)."""
    rows: list[str] = []
    for index in range(links.option_count):
        prompt = links.get_option_at_index(index).prompt
        if isinstance(prompt, HangingPrompt):
            rows.append(prompt.gutter.plain + prompt.body.plain)
        else:
            rows.append(str(prompt))
    return rows


def test_the_demo_page_numbers_each_story_once() -> None:
    _, article = demo_library()
    groups = link_groups(article.sections)
    links = all_links(groups)
    assert len(links) == 18
    first: dict[str, int] = {}
    for link in links:
        number = first.setdefault(comparable(link.url), link.number)
        assert link.number == number  # one number per story, in every list
        assert link.repeat == (
            links.index(link)
            != min(
                i for i, other in enumerate(links) if comparable(other.url) == comparable(link.url)
            )
        )
    assert sorted(set(first.values())) == [1, 2, 3, 4, 5]
    # numbers go 1, 2, 3 ... in the order stories first appear
    assert list(first.values()) == [1, 2, 3, 4, 5]
    assert [link.slot for link in links] == list(range(18))
    # counts: the stories in each list
    assert [group.story_count for group in groups] == [1, 4, 3, 5, 5]


def test_the_same_story_under_another_address_form_keeps_its_number() -> None:
    groups = link_groups(
        [
            Section("related", "Related", (Link("https://x.example/a", "A"),)),
            Section(
                "popular",
                "Popular",
                (
                    Link("https://www.x.example/a/?utm_source=feed#top", "A again"),
                    Link("https://x.example/b", "B"),
                    Link("https://x.example/b", "B twice in one list"),
                ),
            ),
            Section(
                "more",
                "More",
                (Link("javascript:go()", "Script"), Link("mailto:go()", "Mail")),
            ),
        ]
    )
    links = all_links(groups)
    assert [link.number for link in links] == [1, 1, 2, 2, 3, 4]
    assert [link.repeat for link in links] == [False, True, False, True, False, False]
    assert [group.story_count for group in groups] == [1, 2, 2]


async def test_each_list_shows_the_story_with_its_first_number() -> None:
    library, _ = demo_library()
    app = ReaderApp(library, source=PAGE)
    async with app.run_test(size=(200, 60)) as pilot:
        await opened(pilot, app, PAGE)
        links = app.reading_screen.link_list
        assert links.link_count == 5  # stories, not rows
        rows = rows_of(links)
        numbered = [row for row in rows if row[:2].strip().isdigit()]
        assert len(numbered) == 18
        assert {row[:2].strip() for row in numbered} == {"1", "2", "3", "4", "5"}
        harga = [row for row in numbered if "Harga Cabai Rawit" in row]
        assert harga == [harga[0]] * 3  # in Berita Terkait, Terpopuler and Terkini
        assert harga[0].startswith("3   Harga Cabai Rawit")
        assert "3   Harga Cabai Rawit" in screen_text(app)  # as drawn
        # a folded list counts its stories
        await pilot.press("tab")
        links.fold(3)  # Terpopuler
        await pilot.pause()
        assert "▸ Terpopuler  Most popular  (5)" in screen_text(app)


async def back_in_the_sidebar(pilot: Pilot[Any], app: ReaderApp) -> LinkList:
    """Go back to the demo page and put the keyboard in its sidebar."""
    await pilot.press("backspace")
    await opened(pilot, app, PAGE)
    links = app.reading_screen.link_list
    if not links.has_focus:
        await pilot.press("tab")
    assert isinstance(app.focused, LinkList)
    return links


async def test_a_number_and_every_listing_open_the_same_story() -> None:
    library, article = demo_library()
    harga = next(link.url for link in article.sections[1].links if "harga-cabai" in link.url)
    app = ReaderApp(library, source=PAGE)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app, PAGE)
        await pilot.press("3")  # the number key
        await opened(pilot, app, harga)
        links = await back_in_the_sidebar(pilot, app)
        listings = links.listings(3)
        titles = [links.groups[item.group].title for item in listings]
        assert titles == ["Berita Terkait", "Terpopuler", "Terkini"]
        # every listing of story 3, reached with the cursor, says which other
        # lists have it and opens it
        for item, title in zip(listings, titles, strict=True):
            while (current := links.highlighted_link) is None or current.slot != item.slot:
                await pilot.press("down")
            others = ", ".join(other for other in titles if other != title)
            await pilot.pause()
            address = str(app.reading_screen.sidebar.address.content)
            assert address == f"{harga}\nalso in {others}"
            assert "also in" in screen_text(app)  # drawn under the list
            await pilot.press("enter")
            await opened(pilot, app, harga)
            links = await back_in_the_sidebar(pilot, app)
        assert library.opened.count(harga) == 4  # by number, then from each list
        # the story was read: every listing of it is marked, and nothing else
        marked = [row for row in rows_of(links) if "✓" in row]
        assert len(marked) == 3
        assert all(row.startswith("3 ✓ Harga Cabai Rawit") for row in marked)


async def test_saving_marks_every_listing_of_a_story() -> None:
    library, article = demo_library()
    app = ReaderApp(library, source=PAGE)
    async with app.run_test(size=(200, 60)) as pilot:
        await opened(pilot, app, PAGE)
        kebun = next(link.url for link in article.sections[1].links if "kebun" in link.url)
        # the same story under another form of its address
        app.reading_screen.mark_link(
            kebun.replace("https://", "https://www.") + "?utm_medium=x", "saved"
        )
        links = app.reading_screen.link_list
        await wait_until(pilot, lambda: sum("2 ● Tiga" in row for row in rows_of(links)) == 4)
        assert sum("●" in row for row in rows_of(links)) == 4
