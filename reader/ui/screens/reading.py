"""The reading screen: the article column, room for a link sidebar, status and keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from reader.core.urls import host_of
from reader.ui.formatting import article_site
from reader.ui.protocols import ReadingLike
from reader.ui.widgets.article_view import DEFAULT_MEASURE, ArticleView, ReadingPosition
from reader.ui.widgets.status_bar import StatusBar


class ReadingScreen(Screen[None]):
    """Shows one article; the app loads pages into it."""

    def __init__(self, *, measure: int = DEFAULT_MEASURE) -> None:
        super().__init__(id="reading")
        self._measure = measure
        self._site = ""

    def compose(self) -> ComposeResult:
        """Article and (hidden until the next issue) sidebar, status bar, footer."""
        with Horizontal(id="reading-main"):
            yield ArticleView(measure=self._measure, id="article")
            yield Vertical(id="sidebar")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def article_view(self) -> ArticleView:
        """The article view."""
        return self.query_one("#article", ArticleView)

    @property
    def status_bar(self) -> StatusBar:
        """The status bar."""
        return self.query_one("#status", StatusBar)

    def show_reading(self, reading: ReadingLike, position: ReadingPosition | None = None) -> None:
        """Show a freshly opened page."""
        article = reading.article
        self._site = article_site(article) or host_of(reading.page.url) or reading.source
        view = self.article_view
        view.loading = False
        view.show_article(article, position)
        self.status_bar.show_loading(None, self._site)
        view.focus()

    def show_loading(self, source: str | None) -> None:
        """Show that `source` is loading (None: loading ended). The page on
        screen stays readable; an empty view shows a loading indicator."""
        view = self.article_view
        view.loading = source is not None and view.article is None
        self.status_bar.show_loading(source, self._site, indicator=not view.loading)
        if source is None and view.article is None:
            self.status_bar.show_position(None, empty=True)

    def on_article_view_position_changed(self, message: ArticleView.PositionChanged) -> None:
        """Keep the position indicator up to date."""
        self.status_bar.show_position(message.fraction, empty=message.view.article is None)
