"""The extractor's version: bump it when extraction output changes, so stored
pages are re-extracted from their saved HTML (no refetch)."""

EXTRACTOR_VERSION = "2"
