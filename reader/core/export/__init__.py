"""Stories leaving the library: Markdown files with front matter
(`markdown.py`, named by `names.py`) and EPUB 3 books (`epub.py`, its XHTML
from `xhtml.py`). Pure: articles in, text and bytes out; no store, no UI.
Which stories, and where the files go, is `reader.library.exporting`."""

from reader.core.export.report import ExportReport, Selection
from reader.core.export.story import ExportStory

__all__ = ["ExportReport", "ExportStory", "Selection"]
