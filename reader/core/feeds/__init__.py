"""Feeds and followed pages: parsing feeds from bytes (`parse`), finding the
feeds a page advertises (`discover`), the story items of a page (`page_items`),
OPML and newsboat files (`opml`, `newsboat`). Importing this package loads
nothing: each module is imported where it is used (feedparser is not cheap)."""
