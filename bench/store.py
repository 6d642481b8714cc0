"""Store scale: opening a stored article, searching, and what start-up reads,
with 1k and 100k (or any size) synthetic articles.

Synthetic articles are written through the real Store API (batched), from a
Zipf-like vocabulary so the search index has realistic posting lists. The
databases are kept in bench/out/ and reused while the schema is unchanged.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path

from bench.stats import p95
from reader.core.extract import EXTRACTOR_VERSION
from reader.core.models import Article, Block, BlockKind, Link, Page, Section, Span
from reader.core.paths import Paths
from reader.library import Library
from reader.store import Store
from reader.store.schema import SCHEMA_VERSION

OUT = Path(__file__).parent / "out"
_VOCABULARY = 20_000
_LETTERS = "abcdefghijklmnoprstuwy"


@dataclass(frozen=True)
class StoreFigures:
    """Timings (ms) on one store size."""

    articles: int
    open_median: float
    open_p95: float
    search_median: float
    search_p95: float
    startup_median: float
    file_mb: float
    history_median: float = 0.0
    """A page of 500 visits of the history screen (first, later, filtered)."""
    history_p95: float = 0.0


class _Words:
    def __init__(self, seed: int = 7) -> None:
        self.random = random.Random(seed)
        self.words = [
            "".join(self.random.choice(_LETTERS) for _ in range(self.random.randint(3, 9)))
            for _ in range(_VOCABULARY)
        ]
        self.cumulative = list(accumulate(1 / (i + 1) for i in range(_VOCABULARY)))

    def text(self, n: int) -> str:
        return " ".join(self.random.choices(self.words, cum_weights=self.cumulative, k=n))


def _url(n: int) -> str:
    return f"https://news{n % 97}.example/{2000 + n % 25}/{n}/story-{n}"


def build_store(path: Path, count: int) -> None:
    """Write `count` synthetic articles (with pages, sections, visits) to `path`."""
    words = _Words()
    store = Store(path)
    fetched = datetime(2025, 1, 1, tzinfo=UTC)
    try:
        for start in range(0, count, 1000):
            with store.batch():
                for n in range(start, min(count, start + 1000)):
                    url = _url(n)
                    paragraphs = [words.text(50) for _ in range(3)]
                    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs)
                    html += "</body></html>"
                    page = Page(url, url, 200, {}, html.encode(), html, "utf-8", fetched)
                    links = tuple(Link(_url(n + k), words.text(7)) for k in range(1, 6))
                    article = Article(
                        url=url,
                        title=words.text(8),
                        byline=words.text(2),
                        site_name=f"News {n % 97}",
                        lang="en",
                        blocks=tuple(Block(BlockKind.PARAGRAPH, (Span(p),)) for p in paragraphs),
                        sections=(Section("related", "Related", links),),
                        extractor_version=EXTRACTOR_VERSION,
                    )
                    store.save_page(page)
                    store.save_article(url, article)
                    if n % 10 == 0:
                        store.add_visit(url, article.title, article.site_name or "")
                    if n % 50 == 0:
                        store.add_bookmark(url, tags=[words.text(1)], note=words.text(4))
    finally:
        store.close()


def ensure_store(count: int) -> Path:
    """The cached synthetic store of `count` articles, built if missing."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"store-{count}-schema{SCHEMA_VERSION}-x{EXTRACTOR_VERSION}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for old in OUT.glob(partial.name + "*"):
            old.unlink()
        build_store(partial, count)
        partial.replace(path)
    return path


def measure(count: int, samples: int = 200) -> StoreFigures:
    """Open-from-store, search and start-up timings on a store of `count` articles."""
    path = ensure_store(count)
    rng = random.Random(11)
    words = _Words()

    startups: list[float] = []
    for _ in range(15):
        start = time.perf_counter()
        store = Store(path)
        store.recent(20)
        store.link_states([_url(rng.randrange(count)) for _ in range(40)])
        startups.append((time.perf_counter() - start) * 1000)
        store.close()

    store = Store(path)
    paths = Paths(data=path.parent, config=path.parent)
    library = Library(paths=paths, store=store)
    opens: list[float] = []
    for _ in range(samples):
        url = _url(rng.randrange(count))
        start = time.perf_counter()
        reading = library._stored_sync(url, False)
        opens.append((time.perf_counter() - start) * 1000)
        assert reading is not None, url

    queries = [words.words[0], words.words[3], words.words[500], words.words[15000]]
    queries += [f"{words.words[1]} {words.words[40]}", words.words[7][:3], words.words[200][:4]]
    searches: list[float] = []
    for _ in range(5):
        for query in queries:
            start = time.perf_counter()
            store.search(query)
            searches.append((time.perf_counter() - start) * 1000)
    histories: list[float] = []
    for _ in range(5):
        for offset, text in ((0, ""), (500, ""), (0, words.words[3])):
            start = time.perf_counter()
            store.visits(500, offset, text)
            histories.append((time.perf_counter() - start) * 1000)
    store.close()
    return StoreFigures(
        articles=count,
        open_median=statistics.median(opens),
        open_p95=p95(opens),
        search_median=statistics.median(searches),
        search_p95=p95(searches),
        startup_median=statistics.median(startups),
        file_mb=path.stat().st_size / 1e6,
        history_median=statistics.median(histories),
        history_p95=p95(histories),
    )


def startup_home(count: int, home: Path) -> tuple[str, str]:
    """A reader home whose library is the synthetic store of `count` articles
    (hard-linked, not copied); returns (an article's address, a marker text from
    its title) to open."""
    path = ensure_store(count)
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    target = data / "reader.sqlite3"
    if not target.exists():
        os.link(path, target)
    store = Store(target)
    try:
        stored = store.load_article(_url(count // 2))
    finally:
        store.close()
    assert stored is not None
    return stored.url, " ".join(stored.article.title.split()[:2])
