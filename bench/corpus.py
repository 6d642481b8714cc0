"""Reading the shared corpus of real pages (never copied into the project)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CorpusPage:
    """One page of a corpus set: id, address, decoded HTML."""

    set_name: str
    page_id: str
    url: str
    html: str


def corpus_sets(corpus: Path) -> list[str]:
    """Names of the sets with a ground truth under `corpus`."""
    return sorted(p.parent.name for p in corpus.glob("*/ground-truth.json"))


def load_set(corpus: Path, set_name: str) -> list[CorpusPage]:
    """All pages of one set, decoded (the corpus is UTF-8)."""
    truth = json.loads((corpus / set_name / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in truth.items():
        raw = gzip.decompress((corpus / set_name / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(CorpusPage(set_name, page_id, item["url"], raw.decode("utf-8", "replace")))
    return pages


def iter_all_html(corpus: Path) -> Iterator[Path]:
    """Every .html.gz file in the corpus, front pages included."""
    yield from sorted(corpus.glob("**/*.html.gz"))
