"""Import hygiene of the store: opening a stored page at start-up imports
`reader.store`, so search, the cache's upkeep, bookmark files, damage recovery
and the records of lists load only when first used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: Never loaded by `import reader.store` nor by reading a stored page.
_LATER = (
    "reader.core.records",
    "reader.store.bookmarks",
    "reader.store.cache",
    "reader.store.exchange",
    "reader.store.recover",
    "reader.store.search",
    "reader.store.search_index",
)


def _loaded(script: str) -> set[str]:
    """The names of `_LATER` that are in sys.modules after `script`."""
    script += f"\nprint(' '.join(sorted(set({_LATER!r}) & set(sys.modules))))\n"
    done = subprocess.run(
        [sys.executable, "-c", "import sys\n" + script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_importing_the_store_loads_nothing_used_later() -> None:
    assert _loaded("import reader.store") == set()


def test_reading_a_stored_page_loads_nothing_used_later(tmp_path: Path) -> None:
    script = (
        "from reader.store import Store\n"
        f"store = Store({str(tmp_path / 'lib.sqlite3')!r})\n"
        "url = 'https://news.example/story'\n"
        "store.load_article(url), store.load_page(url), store.position(url)\n"
        "store.link_states([url])\n"
        "store.close()\n"
    )
    assert _loaded(script) == set()
