"""ArticleView in a minimal app: rendering, reflow, positions, links."""

from __future__ import annotations

from textual.app import App, ComposeResult

from reader.core.models import Article, Block, BlockKind, Span
from reader.ui.widgets.article_view import ArticleView, ReadingPosition
from tests.ui.fakes import long_article, para, sample_article


class ViewApp(App[None]):
    """Just an ArticleView filling the screen."""

    def __init__(self, article: Article, measure: int = 80) -> None:
        super().__init__()
        self.article = article
        self.measure = measure

    def compose(self) -> ComposeResult:
        yield ArticleView(self.article, measure=self.measure, id="view")

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)


def all_lines(view: ArticleView) -> list[str]:
    return [view.line_text(y) for y in range(view.line_count)]


async def test_header_and_body_are_drawn() -> None:
    app = ViewApp(sample_article())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.view
        lines = view.visible_lines()
        assert lines[0] == ""
        assert lines[1].strip() == "Harbour cranes return to the old port"
        assert lines[2].strip() == "Ana Lima · 25 Nov 2026 14:05 · Example News · 1 min read"
        text = "\n".join(all_lines(view))
        assert "Work began in 2023 and the city council paid for the paint." in text
        assert "  • Guided tours on Sundays" in text
        assert "▎ We did it for our grandchildren." in text
        assert "[image: The red crane at dusk]" in text
        assert "·   ·   ·" in text
        assert "crane --lift 12t" in text


async def test_column_is_centred_and_limited_by_the_measure() -> None:
    app = ViewApp(long_article(), measure=60)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        view = app.view
        assert view.text_width == 60
        body = [line for line in all_lines(view) if line.strip().startswith("Paragraph")]
        indent = len(body[0]) - len(body[0].lstrip())
        assert indent == (view.scrollable_content_region.width - 60) // 2
        assert all(len(line.strip()) <= 60 for line in all_lines(view))


async def test_narrow_terminal_keeps_small_margins() -> None:
    app = ViewApp(long_article())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.view.text_width == app.view.scrollable_content_region.width - 4


async def test_resize_reflows_and_keeps_the_place() -> None:
    app = ViewApp(long_article())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.view
        wide_count = view.line_count
        view.scroll_to_block(20)
        await pilot.pause()
        assert view.position == ReadingPosition(20, 0)
        await pilot.resize_terminal(50, 30)
        await pilot.pause()
        assert view.text_width < 50
        assert view.line_count > wide_count
        assert view.position.block == 20
        assert view.visible_lines()[0].strip().startswith("Paragraph 20.")


async def test_measure_can_change() -> None:
    app = ViewApp(long_article())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.view.measure = 40
        await pilot.pause()
        assert app.view.text_width == 40


async def test_links_are_mapped_to_cells() -> None:
    app = ViewApp(sample_article())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.view
        found = [(y, link) for y in range(view.line_count) for link in view.links_on_line(y)]
        assert len(found) == 1
        y, link = found[0]
        assert link.href == "https://news.example.com/council"
        assert view.line_text(y)[link.start : link.end] == "city council"


async def test_offsets_map_to_lines_and_scroll() -> None:
    app = ViewApp(long_article())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.view
        block = app.article.blocks[30]
        offset = block.text.index("consectetur", 100)
        y = view.line_for_offset(30, offset)
        assert "consectetur" in view.line_text(y)
        assert view.line_for_offset(30, 0) < y
        view.scroll_to_block(30, offset)
        assert view.scroll_y == y
        assert view.position.block == 30


async def test_scroll_fraction_round_trip() -> None:
    app = ViewApp(long_article())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.view
        assert view.scroll_fraction == 0.0
        view.scroll_to_fraction(0.5)
        assert abs((view.scroll_fraction or 0) - 0.5) < 0.01
        view.scroll_to_fraction(1.0)
        assert view.scroll_fraction == 1.0


async def test_short_article_fits() -> None:
    article = Article(url=None, title="Tiny", blocks=(para("Just this."),))
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.view.scroll_fraction is None


async def test_article_without_body_says_so() -> None:
    app = ViewApp(Article(url=None, title="Nothing here"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "This page has no readable text." in "\n".join(all_lines(app.view))


async def test_cjk_article_is_wrapped_by_cells() -> None:
    text = "東京の港に古いクレーンが戻ってきました。" * 20
    app = ViewApp(Article(url=None, title="港", blocks=(para(text),)))
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        view = app.view
        for strip_y in range(view.line_count):
            strip = view._line(strip_y)[0]
            assert strip.cell_length == view.scrollable_content_region.width


async def test_text_that_looks_like_markup_is_literal() -> None:
    hostile = "[bold]x[/bold] [/] [@click=app.quit]q[/] [link=file:///etc/passwd]x[/link]"
    article = Article(
        url="https://example.com/x",
        title=hostile,
        byline=hostile,
        blocks=(para(hostile), Block(BlockKind.HEADING, (Span(hostile),), level=2)),
    )
    app = ViewApp(article, measure=120)
    async with app.run_test(size=(140, 24)) as pilot:
        await pilot.pause()
        lines = all_lines(app.view)
        assert sum(hostile in line for line in lines) >= 3
        assert app.is_running


async def test_theme_change_restyles() -> None:
    app = ViewApp(sample_article())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.view
        before = view.render_line(1)
        app.theme = "textual-light"
        await pilot.pause()
        after = view.render_line(1)
        assert before.text == after.text
        assert list(before) != list(after)


async def test_hundred_thousand_words_render_the_first_screen() -> None:
    paragraph = " ".join(["lorem", "ipsum", "dolor", "sit", "amet"] * 10)
    blocks = tuple(para(f"{i} {paragraph}") for i in range(2000))
    article = Article(url=None, title="Very long", blocks=blocks)
    app = ViewApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.view
        assert view.visible_lines()[1].strip() == "Very long"
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        assert any("1999 lorem" in line for line in view.visible_lines())
        # only what was drawn was built
        assert len(view._strips) <= 512


async def test_control_characters_never_reach_the_terminal() -> None:
    article = Article(
        url=None,
        title="Title\x1b]52;c;ZXZpbA==\x07 clean",
        blocks=(para("before \x1b[2J\x9b31m after \u202eevil"),),
    )
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.view
        for y in range(view.line_count):
            for segment in view._line(y)[0]:
                assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in segment.text)
                assert "\u202e" not in segment.text
        text = "\n".join(all_lines(view))
        assert "Title clean" in text
        assert "before  after evil" in text


async def test_every_line_is_a_position_that_comes_back() -> None:
    """Blank lines between blocks too: restoring lands on the very same line."""
    app = ViewApp(sample_article())
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        view = app.view
        for y in range(int(view.max_scroll_y) + 1):
            view.scroll_to(y=y, animate=False, immediate=True)
            position = view.position
            view.scroll_to(y=0, animate=False, immediate=True)
            view.restore_position(position)
            assert view.scroll_y == y, (y, position)


async def test_links_wrapped_over_two_lines_are_one_link() -> None:
    words = "a link long enough to wrap over the end of the line and go on"
    article = Article(
        url=None,
        title="Wrap",
        blocks=(
            Block(
                BlockKind.PARAGRAPH,
                (
                    Span("Some words first, then "),
                    Span(words, href="https://x.example/a"),
                    Span(" and "),
                    Span("bold", bold=True, href="https://x.example/b"),
                    Span("part", href="https://x.example/b"),
                    Span("."),
                ),
            ),
        ),
    )
    app = ViewApp(article, measure=40)
    async with app.run_test(size=(44, 12)) as pilot:
        await pilot.pause()
        view = app.view
        found = [link for y in range(view.line_count) for link in view.links_on_line(y)]
        firsts = [link for link in found if not link.continued]
        assert [link.href for link in firsts] == ["https://x.example/a", "https://x.example/b"]
        assert any(link.continued and link.href == "https://x.example/a" for link in found)
        # two styled runs of one link make one cell range
        b_links = [link for link in found if link.href == "https://x.example/b"]
        assert len(b_links) == 1 and b_links[0].end - b_links[0].start == len("boldpart")
