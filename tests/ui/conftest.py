"""Fixtures for UI tests."""

from __future__ import annotations

import pytest

from reader.ui import bookmark_saver
from tests.ui.fakes import FakeLibrary, long_article, sample_article


@pytest.fixture
def library() -> FakeLibrary:
    """A fake library with the sample and long articles."""
    lib = FakeLibrary()
    for article in (sample_article(), long_article()):
        assert article.url
        lib.articles[article.url] = article
    return lib


@pytest.fixture(autouse=True)
def _no_saving_round_after_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake library saves every bookmarked page it is asked to: the round
    the app starts after its first paint would change the bookmarks under
    the tests (and the snapshots). Its own tests start it at once."""
    monkeypatch.setattr(bookmark_saver, "START_DELAY", 3600.0)
