"""Fixtures for UI tests."""

from __future__ import annotations

import pytest

from tests.ui.fakes import FakeLibrary, long_article, sample_article


@pytest.fixture
def library() -> FakeLibrary:
    """A fake library with the sample and long articles."""
    lib = FakeLibrary()
    for article in (sample_article(), long_article()):
        assert article.url
        lib.articles[article.url] = article
    return lib
