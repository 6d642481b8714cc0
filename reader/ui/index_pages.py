"""Index pages on the reading screen: a front or section page opened
directly (a `Reading` with `stories`) is shown as the list of its stories
(the news screen's StoryList) in place of an article that would be broken;
enter opens one. Images on screen: i opens one in the system browser.

Helpers of `ReadingScreen`, kept here so the screen module stays small."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from reader.core.records import Reading
from reader.ui.formatting import image_not_opened_message
from reader.ui.messages import FollowLink

if TYPE_CHECKING:
    from reader.ui.screens.reading import ReadingScreen
    from reader.ui.widgets.story_list import StoryList

#: The id of the list of an index page's stories (mounted when first wanted).
INDEX_ID = "index-stories"


def index_list(screen: ReadingScreen) -> StoryList | None:
    """The list of stories, if it was ever mounted."""
    from reader.ui.widgets.story_list import StoryList

    found = screen.query(f"#{INDEX_ID}")
    widget = found.first() if found else None
    return widget if isinstance(widget, StoryList) else None


def show_index(screen: ReadingScreen, reading: Reading, states: Mapping[str, str]) -> bool:
    """Show the stories of an index page in place of its article (or the
    article again when `reading` is no index page). Whether it is one."""
    stories = bool(reading.stories)
    found = index_list(screen)
    if stories:
        from reader.ui.widgets.story_list import StoryList, stories_of_page

        if found is None:
            found = StoryList(id=INDEX_ID)
            found.styles.width = "1fr"
            screen.query_one("#reading-main").mount(found, before=screen.sidebar)
        found.show_rows(stories_of_page(reading.stories, states))
    if found is not None:
        found.display = stories
    screen.article_view.display = not stories
    return stories


def open_image_on_screen(screen: ReadingScreen) -> None:
    """i: open the image on screen in the system browser; with several on
    screen, label them and open the one whose label is typed."""
    view = screen.article_view
    images = view.images_on_screen()
    if not images:
        screen.notify(
            "No image on screen: i opens the address of an [image: …] line in view.",
            markup=False,
            timeout=3,
        )
    elif len(images) == 1:
        open_image(screen, images[0].href)
    else:
        view.start_image_hints(images)


def open_image(screen: ReadingScreen, href: str) -> None:
    """Open an image's address in the system browser: http and https only."""
    refused = image_not_opened_message(href)
    if refused:
        screen.notify(refused, severity="warning", markup=False)
    else:
        screen.post_message(FollowLink(href, external=True))
