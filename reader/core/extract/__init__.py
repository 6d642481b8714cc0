"""Turn a page's HTML into an Article: body, metadata and link sections.

`extract_article` is loaded on first use (lxml and readability are heavy), so
code that only needs `EXTRACTOR_VERSION` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.core.extract.version import EXTRACTOR_VERSION

if TYPE_CHECKING:
    from reader.core.extract.pipeline import extract_article

__all__ = ["EXTRACTOR_VERSION", "extract_article"]


def __getattr__(name: str) -> Any:
    if name == "extract_article":
        from reader.core.extract.pipeline import extract_article

        return extract_article
    raise AttributeError(name)
