"""`reader --demo`: the demo's feeds and its "Terkini" list followed and
refreshed before the app shows, idempotently, with a real library on a
temporary home and the demo server on loopback."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core.paths import Paths
from reader.core.records import SOURCE_FEED, SOURCE_LIST
from reader.demo import follow
from reader.demo.catalogue import STORIES
from reader.demo.follow import DEMO_SOURCES, demo_session, follow_demo
from reader.demo.server import DemoServer
from reader.library import Library


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


def library_at(home: Path) -> Library:
    return Library(paths=Paths(data=home / "data", config=home / "config"))


def run_follow(home: Path, demo: DemoServer) -> tuple[Any, list[str], Library]:
    library = library_at(home)

    async def go() -> tuple[Any, list[str]]:
        try:
            return await follow_demo(library, demo)
        finally:
            await library.close()

    summary, problems = asyncio.run(go())
    return summary, problems, library


def test_demo_sources_followed_refreshed_and_saved(tmp_path: Path, demo: DemoServer) -> None:
    summary, problems, library = run_follow(tmp_path, demo)
    assert problems == []
    sources = library.news.sources()
    assert len(sources) == len(DEMO_SOURCES) == 3
    kinds = sorted(s.kind for s in sources)
    assert kinds == sorted([SOURCE_FEED, SOURCE_FEED, SOURCE_LIST])
    assert {tag for s in sources for tag in s.tags} == {"indonesia", "english"}
    listed = next(s for s in sources if s.kind == SOURCE_LIST)
    assert listed.title == "Kabar Nusa: Terkini" and listed.list_heading
    titles = {s.title for s in sources}
    assert {"Kabar Nusa", "The Northbridge Ledger"} <= titles
    # Every story of the site arrived once (the Terkini list's stories are
    # the RSS feed's too) and is saved in full for offline.
    items = library.news.items(limit=100)
    assert sorted(i.url for i in items) == sorted(demo.url(s.path) for s in STORIES)
    assert all(i.saved for i in items), [i.url for i in items if not i.saved]
    assert all(not i.read for i in items)
    # The Terkini list's stories arrived through the RSS feed first.
    by_lang = {i.url: i.source_title for i in items}
    for story in STORIES:
        wanted = "Kabar Nusa" if story.lang == "id" else "The Northbridge Ledger"
        assert by_lang[demo.url(story.path)] == wanted
    assert summary.new_items == len(STORIES) and summary.failed == []
    assert library.news.unread_count() == len(STORIES)
    assert library.open_stored(demo.lead_url) is not None


def test_second_run_is_idempotent_and_brings_published_stories(
    tmp_path: Path, demo: DemoServer
) -> None:
    run_follow(tmp_path, demo)
    summary, problems, library = run_follow(tmp_path, demo)
    assert problems == [] and summary.new_items == 0 and summary.failed == []
    assert len(library.news.sources()) == 3
    assert len(library.news.items(limit=100)) == len(STORIES)
    url = demo.publish("id")  # in the RSS feed and at the top of the Terkini list
    summary, problems, library = run_follow(tmp_path, demo)
    assert problems == [] and summary.new_items == 1
    items = library.news.items(limit=100)
    assert len(items) == len(STORIES) + 1
    assert items[0].url == url and items[0].saved


def test_a_source_that_fails_is_told_not_fatal(tmp_path: Path, demo: DemoServer) -> None:
    library = library_at(tmp_path)
    sources = (*DEMO_SOURCES, follow.DemoSource("/id/", ("indonesia",), list_heading="Nope"))

    async def go() -> tuple[Any, list[str]]:
        try:
            return await follow_demo(library, demo, sources)
        finally:
            await library.close()

    summary, problems = asyncio.run(go())
    assert len(problems) == 1 and "/id/" in problems[0]
    assert summary is not None and summary.new_items == len(STORIES)


@pytest.fixture
def free_stable(monkeypatch: pytest.MonkeyPatch) -> None:
    """`DemoServer.stable()` on a free port: tests run in parallel, and a demo
    may be running on this machine."""
    monkeypatch.setattr(DemoServer, "stable", classmethod(lambda cls: cls()))


@pytest.mark.usefixtures("free_stable")
def test_reader_demo_opens_with_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`reader --demo` runs the app on no page (the news screen, as sources
    are followed) with the demo's stories already saved."""
    seen: dict[str, Any] = {}

    def fake_run_app(source: str | None, *, library: Library, **kwargs: Any) -> int:
        seen.update(source=source, problems=kwargs["problems"])
        seen["items"] = library.news.items(limit=100)
        return 0

    monkeypatch.setattr("reader.ui.launch.run_app", fake_run_app)
    from reader.cli.app_start import launch

    ns = argparse.Namespace(demo=True, home=str(tmp_path), offline=False, measure=None, source=None)
    assert launch(ns) == 0
    assert seen["source"] is None and list(seen["problems"]) == []
    assert len(seen["items"]) == len(STORIES) and all(i.saved for i in seen["items"])


def test_taken_port_is_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Taken(DemoServer):
        def start(self) -> DemoServer:
            raise OSError(98, "Address already in use")

    monkeypatch.setattr(DemoServer, "stable", classmethod(lambda cls: Taken()))
    library = library_at(tmp_path)
    with demo_session(library, offline=True) as notes:
        assert len(notes) == 1 and "taken" in notes[0]
    assert library.news.sources() == []  # offline: nothing followed
