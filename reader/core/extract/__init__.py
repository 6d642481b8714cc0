"""Turn a page's HTML into an Article: body, metadata and link sections."""

from reader.core.extract.pipeline import EXTRACTOR_VERSION, extract_article

__all__ = ["EXTRACTOR_VERSION", "extract_article"]
