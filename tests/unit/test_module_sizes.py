"""Small modules: none in reader/ is over 500 lines (split them on their seams)."""

from __future__ import annotations

from pathlib import Path

import reader

LIMIT = 500


def test_no_module_is_over_the_limit() -> None:
    root = Path(reader.__file__).parent
    sizes = {
        str(path.relative_to(root)): len(path.read_text(encoding="utf-8").splitlines())
        for path in root.rglob("*.py")
    }
    assert sizes
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}
