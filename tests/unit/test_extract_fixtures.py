"""The extractor on the project's own fixture pages (tests/fixtures/pages).

Each page is loaded the way the app loads a file (charset detection included)
and checked against expected.json: metadata, what the body must and must not
contain, and its length.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from reader.core.extract import extract_article
from reader.core.models import Article
from reader.core.sources import load_source

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
EXPECTED: dict[str, dict[str, Any]] = json.loads((PAGES / "expected.json").read_text("utf-8"))
_SPACE = re.compile(r"[\s\u00a0\u202f]+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


async def extract_fixture(name: str) -> Article:
    page = await load_source(str(PAGES / name), base_url=EXPECTED[name]["url"])
    return extract_article(page.html, page.url)


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_metadata(name: str) -> None:
    expected = EXPECTED[name]
    article = await extract_fixture(name)
    assert article.title == expected["title"]
    assert article.byline == expected["byline"]
    assert article.site_name == expected["site_name"]
    assert article.lang == expected["lang"]
    if expected["published"] is None:
        assert article.published is None
    else:
        assert article.published is not None
        assert article.published.startswith(expected["published"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_body(name: str) -> None:
    expected = EXPECTED[name]
    article = await extract_fixture(name)
    text = _squash(article.text)
    for phrase in expected["body_must_contain"]:
        assert _squash(phrase) in text
    for phrase in expected["body_must_not_contain"]:
        assert _squash(phrase) not in text
    assert article.word_count >= expected["min_words"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_sections(name: str) -> None:
    expected = [(s["kind"], s["heading"], s["urls"]) for s in EXPECTED[name]["sections"]]
    article = await extract_fixture(name)
    found = [(s.kind, s.heading, [link.url for link in s.links]) for s in article.sections]
    assert found == expected
