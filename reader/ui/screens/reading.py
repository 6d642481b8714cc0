"""The reading screen: the article column, the sidebar of link sections,
status and keys.

The sidebar mode (config.toml `sidebar`) says where it starts: "auto" puts it
beside the article at 100 columns and more and folds it below that (s opens
it over the article); "shown" keeps it beside the article whenever 40
columns are left for the text; "hidden" starts folded at any width. Links are
followed from the sidebar (enter), by number (1-9, more digits when there
are more links) or by hint labels over the article's own links (f). `/`
finds text in the article (n and N step through the matches). A panel over
the status bar shows the progress of saving linked stories.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.css.scalar import Scalar
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList

from reader.core.records import Reading
from reader.core.urls import host_of, is_followable
from reader.ui.actions import SCOPE_READING, bindings_for
from reader.ui.formatting import article_site
from reader.ui.history import PageState
from reader.ui.index_pages import index_list, open_image, open_image_on_screen, show_index
from reader.ui.messages import FollowLink, LinksSaved
from reader.ui.number_keys import LinkNumbers
from reader.ui.section_links import link_groups
from reader.ui.widgets.article_view import DEFAULT_MEASURE, ArticleView
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.link_list import LinkList
from reader.ui.widgets.sidebar import SIDEBAR_MODES, SIDEBAR_WIDTH, Sidebar, sidebar_placement
from reader.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from reader.ui.widgets.find_bar import FindBar
    from reader.ui.widgets.save_panel import SavePanel


#: Ids of the widgets mounted when first wanted.
FIND_BAR_ID = "find-bar"
SAVE_PANEL_ID = "save-panel"


class ReadingScreen(Screen[None]):
    """Shows one article and its link sections; the app loads pages into it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE_READING)

    def __init__(
        self,
        *,
        measure: int = DEFAULT_MEASURE,
        sidebar: str = "auto",
        sidebar_width: int = SIDEBAR_WIDTH,
        on_mounted: Callable[[], None] | None = None,
    ) -> None:
        """`on_mounted` runs once the screen's widgets exist, before its
        first paint (the app shows a stored page there)."""
        super().__init__(id="reading")
        self._on_mounted = on_mounted
        self._measure = measure
        self.sidebar_mode = sidebar if sidebar in SIDEBAR_MODES else "auto"
        """Where the sidebar starts: "auto", "shown" or "hidden"."""
        self.sidebar_width = sidebar_width
        """Width of the sidebar beside the article."""
        self._site = ""
        self._narrow: bool | None = None
        self._wide_open = self.sidebar_mode != "hidden"
        self._numbers = LinkNumbers(
            count=lambda: self.link_list.link_count,
            follow=self.follow_number,
            prompt=self._show_prompt,
            notify=lambda text, seconds: self.notify(text, markup=False, timeout=seconds),
            set_timer=self.set_timer,
        )
        self._last_query = ""

    def compose(self) -> ComposeResult:
        """Article and sidebar, status bar, footer. The find box and the save
        progress are mounted above the status bar when first wanted, which
        keeps them (an Input, a ProgressBar) out of start-up."""
        with Horizontal(id="reading-main"):
            yield ArticleView(measure=self._measure, id="article")
            yield Sidebar(id="sidebar")
        yield StatusBar(id="status")
        yield ReaderFooter()

    @property
    def article_view(self) -> ArticleView:
        """The article view."""
        return self.query_one("#article", ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        """The sidebar."""
        return self.query_one("#sidebar", Sidebar)

    @property
    def link_list(self) -> LinkList:
        """The sidebar's list of links."""
        return self.sidebar.links

    @property
    def status_bar(self) -> StatusBar:
        """The status bar."""
        return self.query_one("#status", StatusBar)

    @property
    def find_bar(self) -> FindBar:
        """The find-in-page box (mounted, and its module imported, now if it
        never was)."""
        bar = self._find_bar()
        if bar is None:
            from reader.ui.widgets.find_bar import FindBar

            bar = FindBar(id=FIND_BAR_ID)
            self.mount(bar, before=self.status_bar)
        return bar

    @property
    def save_panel(self) -> SavePanel:
        """The progress of saving linked stories (mounted, and its module
        imported, now if it never was)."""
        panel = self._save_panel()
        if panel is None:
            from reader.ui.widgets.save_panel import SavePanel

            panel = SavePanel(id=SAVE_PANEL_ID)
            self.mount(panel, before=self.status_bar)
        return panel

    def _mounted(self, widget_id: str) -> Widget | None:
        """The screen's child with `widget_id`, if it has been mounted."""
        for child in self.children:
            if child.id == widget_id:
                return child
        return None

    def _find_bar(self) -> FindBar | None:
        return cast("FindBar | None", self._mounted(FIND_BAR_ID))

    def _save_panel(self) -> SavePanel | None:
        return cast("SavePanel | None", self._mounted(SAVE_PANEL_ID))

    def latent_widgets(self) -> list[Widget]:
        """Widgets mounted when first wanted that are not yet (their keys
        belong in the help all the same)."""
        if self._find_bar() is not None:
            return []
        from reader.ui.widgets.find_bar import FindBar

        return [FindBar()]

    @property
    def find_open(self) -> bool:
        """Whether the find box is on screen."""
        bar = self._find_bar()
        return bar is not None and bar.shown

    # Saving linked stories (the save panel does it)

    @property
    def saving(self) -> bool:
        """Whether linked stories are being saved."""
        panel = self._save_panel()
        return panel is not None and panel.busy

    def cancel_save(self) -> None:
        """Stop saving linked stories."""
        panel = self._save_panel()
        if panel is not None:
            panel.cancel()

    def on_links_saved(self, message: LinksSaved) -> None:
        """Mark the links saved so far."""
        message.stop()
        self.mark_links(dict.fromkeys(message.urls, "saved"))

    # Pages

    def show_reading(
        self,
        reading: Reading,
        state: PageState | None = None,
        link_states: Mapping[str, str] | None = None,
    ) -> None:
        """Show a page, at `state` (where the reader left it) or at the top;
        `link_states` marks sidebar links "read" or "saved" by URL."""
        article = reading.article
        self._site = article_site(article) or host_of(reading.page.url) or reading.source
        self._numbers.cancel()
        self._close_find()
        view = self.article_view
        view.loading = False
        view.show_article(article, state.position if state else None)
        index = index_list(self) if show_index(self, reading, link_states or {}) else None
        self.sidebar.show_groups(
            link_groups(article.sections),
            link_states or {},
            folded=state.folded if state else (),
            link=state.link if state else None,
        )
        self.status_bar.show_loading(None, self._site)
        if state is not None and state.sidebar_focused and self.sidebar_open:
            self.link_list.focus()
        else:
            (index or view).focus()

    def replace_article(self, reading: Reading, link_states: Mapping[str, str]) -> None:
        """Show a newer copy of the page on screen, keeping the reader's place
        as far as the new text allows."""
        state = self.capture_state()
        focused = self.app.focused
        self.show_reading(reading, state, link_states)
        if focused is not None and focused.is_attached and focused is not self.article_view:
            focused.focus()

    def capture_state(self) -> PageState:
        """Where the reader is on the page on screen."""
        links = self.link_list
        link = links.highlighted_link
        return PageState(
            position=self.article_view.position,
            link=link.number if link else None,
            folded=links.folded,
            sidebar_focused=links.has_focus,
        )

    def mark_link(self, url: str, state: str) -> None:
        """Mark the sidebar links to `url` ("read" or "saved")."""
        self.link_list.set_state(url, state)

    def mark_links(self, states: Mapping[str, str]) -> None:
        """Mark the sidebar links by URL ("read" or "saved")."""
        for url, state in states.items():
            self.link_list.set_state(url, state)

    def show_loading(self, source: str | None) -> None:
        """Show that `source` is loading (None: loading ended): the status
        bar's indicator moves; the page on screen stays readable, and an empty
        view says that a page is opening."""
        view = self.article_view
        view.loading = source is not None and view.article is None
        self.status_bar.show_loading(source, self._site)
        if source is None and view.article is None:
            self.status_bar.show_position(None, empty=True)

    def on_article_view_position_changed(self, message: ArticleView.PositionChanged) -> None:
        """Keep the position indicator up to date."""
        self.status_bar.show_position(message.fraction, empty=message.view.article is None)

    # Sidebar layout

    @property
    def narrow(self) -> bool:
        """Whether the sidebar opens over the article (a narrow terminal)."""
        return bool(self._narrow)

    @property
    def sidebar_open(self) -> bool:
        """Whether the sidebar is on screen."""
        return self.sidebar.has_class("-shown")

    def on_mount(self) -> None:
        """Lay the sidebar out for the terminal's width."""
        self._sync_layout(self.app.size.width)
        if self._on_mounted is not None:
            self._on_mounted()

    def on_resize(self, event: events.Resize) -> None:
        """Narrow terminals get the sidebar as an overlay, folded at first."""
        self._sync_layout(event.size.width)

    def on_screen_resume(self) -> None:
        """The terminal may have been resized while another screen was on top."""
        self._sync_layout(self.app.size.width)

    def _sync_layout(self, width: int) -> None:
        if width <= 0:
            return
        narrow, sidebar_width = sidebar_placement(
            width,
            self.sidebar_mode,
            self.sidebar_width,
            article=self.article_view.width_for_measure(),
        )
        sidebar = self.sidebar
        if sidebar.styles.width != Scalar.from_number(sidebar_width):
            sidebar.styles.width = sidebar_width
        if narrow == self._narrow:
            return
        self._narrow = narrow
        self.set_class(narrow, "-narrow")
        self._set_sidebar(not narrow and self._wide_open)

    def _set_sidebar(self, shown: bool, *, focus: bool = False) -> None:
        """Show or fold the sidebar; `focus` gives it the keyboard."""
        sidebar = self.sidebar
        if not shown and self.link_list.has_focus:
            self.article_view.focus()
        sidebar.set_class(shown, "-shown")
        if shown and focus:
            self.link_list.focus()
        if not self.narrow:
            self._wide_open = shown

    def _close_overlay(self) -> None:
        """Fold the sidebar when it lies over the article (a narrow terminal)."""
        if self.narrow and self.sidebar_open:
            self._set_sidebar(False)

    def action_toggle_sidebar(self) -> None:
        """Fold the sidebar away, or bring it back (over the article when narrow)."""
        shown = not self.sidebar_open
        self._set_sidebar(shown, focus=shown and self.narrow)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """When the article gets the keyboard (a click, a key), the overlay goes."""
        if self.narrow and self.sidebar_open and event.widget is self.article_view:
            self._set_sidebar(False)

    def action_switch_pane(self) -> None:
        """Tab: move between the article and the sidebar (opening it if folded)."""
        if self.link_list.has_focus:
            if self.narrow:
                self._set_sidebar(False)
            else:
                self.article_view.focus()
        else:
            self._set_sidebar(True, focus=True)

    def action_escape(self) -> None:
        """Cancel a pending number, close the overlay, leave the sidebar, clear
        the find highlights, or cancel saving linked stories."""
        if self._numbers.pending is not None:
            self._numbers.cancel()
        elif self.narrow and self.sidebar_open:
            self._set_sidebar(False)
        elif self.link_list.has_focus:
            self.article_view.focus()
        elif self.article_view.found is not None:
            self._close_find()
        elif self.saving:
            self.cancel_save()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape only when there is something to close; 0 only after a digit;
        n and N only when there are matches."""
        if action == "escape":
            return (
                self._numbers.pending is not None
                or (self.narrow and self.sidebar_open)
                or self.link_list.has_focus
                or self.article_view.found is not None
                or self.saving
            )
        if action == "number" and parameters == ("0",):
            return self._numbers.pending is not None
        if action == "find_step":
            found = self.article_view.found
            return found is not None and len(found) > 0 and not self.find_open
        if action == "find":
            return self.article_view.article is not None and not self.find_open
        if action == "open_image":
            return self.article_view.article is not None
        return True

    # Find in page

    def action_find(self) -> None:
        """Open the find box (with the last query, selected)."""
        self._close_overlay()
        self.article_view.cancel_hints()
        found = self.article_view.found
        self.find_bar.open(found.query if found else self._last_query)
        self.refresh_bindings()

    def on_find_bar_changed(self, message: FindBar.Changed) -> None:
        """Find as you type."""
        message.stop()
        self._last_query = message.query
        results = self.article_view.find(message.query)
        self.status_bar.show_find(results.label() if message.query else None)

    def on_find_bar_submitted(self, message: FindBar.Submitted) -> None:
        """Enter: back to the article, keeping the highlights (n/N step)."""
        message.stop()
        self.find_bar.close()
        if not message.query:
            self._close_find()
        self.article_view.focus()
        self.refresh_bindings()

    def on_find_bar_cancelled(self, message: FindBar.Cancelled) -> None:
        """Escape in the find box: clear everything."""
        message.stop()
        self._close_find()
        self.article_view.focus()

    def action_find_step(self, step: int) -> None:
        """n / N: the next or previous match."""
        view = self.article_view
        view.find_step(step)
        found = view.found
        self.status_bar.show_find(found.label() if found is not None else None)

    def _close_find(self) -> None:
        """Close the box, take the highlights and the count away."""
        bar = self._find_bar()
        if bar is not None:
            bar.close()
        self.article_view.clear_find()
        self.status_bar.show_find(None)
        self.refresh_bindings()

    # Following links

    def follow(self, url: str, *, external: bool = False) -> None:
        """Ask the app to follow `url` (it refuses anything but http and https)."""
        if not external and self.narrow and self.sidebar_open and is_followable(url):
            self._set_sidebar(False)
        self.post_message(FollowLink(url, external=external))

    def on_link_list_link_selected(self, message: LinkList.LinkSelected) -> None:
        """Enter on a sidebar link."""
        message.stop()
        self.follow(message.link.url)

    def on_article_view_link_chosen(self, message: ArticleView.LinkChosen) -> None:
        """A link of the article body, by hint label or click (or an image,
        by its label)."""
        message.stop()
        if message.image:
            self.open_image(message.href)
        else:
            self.follow(message.href, external=message.external)

    # Images

    def action_open_image(self) -> None:
        """Open the image on screen in the system browser (several: labelled)."""
        self._close_overlay()
        open_image_on_screen(self)

    def open_image(self, href: str) -> None:
        """Open an image's address in the system browser: http and https only."""
        open_image(self, href)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a story of an index page opens it."""
        found = index_list(self)
        if event.option_list is found and found.current is not None:
            event.stop()
            self.follow(found.current.url)

    def action_hint_links(self, external: bool = False) -> None:
        """Label the links on screen in the article; typing a label follows it."""
        self._close_overlay()
        if not self.article_view.start_hints(external=external):
            self.notify("No links on screen.", markup=False, timeout=2)

    def on_article_view_hints_changed(self, message: ArticleView.HintsChanged) -> None:
        """Say what the labels are for while they are shown."""
        if message.active:
            self._numbers.cancel()
        self.status_bar.show_hint_prompt(
            message.active, images=message.images, external=message.external
        )

    # Link numbers

    def action_number(self, digit: str) -> None:
        """A digit: follow that link, or wait a moment for another digit."""
        self._numbers.press(digit)

    def follow_number(self, number: int) -> None:
        """Follow the sidebar's link `number`."""
        link = self.link_list.link(number)
        if link is not None:
            self.link_list.select_link(number)
            self.follow(link.url)

    def _show_prompt(self, text: str | None) -> None:
        self.status_bar.show_prompt(text)

    def on_key(self, event: events.Key) -> None:
        """Any other key drops a half-typed link number."""
        if self._numbers.pending is not None and not (event.key.isdigit() or event.key == "escape"):
            self._numbers.cancel()
