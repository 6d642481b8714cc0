"""Extraction: our pipeline against plain readability-lxml, same pages, same run.

Both get the same decoded HTML. Timings alternate between the two on every
page so that machine noise hits both alike. F1 comes from the shared scorer
(../shared/tools/score_extract.py) run on a folder of predictions.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from readability import Document

from bench.corpus import CorpusPage, load_set
from bench.stats import p95
from reader.core.extract import extract_article
from reader.core.extract.markdown import article_markdown

ROUNDS = 3


@dataclass(frozen=True)
class ExtractionFigures:
    """Scores and timings for one corpus set."""

    set_name: str
    pages: int
    ours_f1: float
    plain_f1: float
    ours_median_ms: float
    ours_p95_ms: float
    plain_median_ms: float
    plain_p95_ms: float
    ours_ms: tuple[float, ...] = ()
    """Per page, best of the rounds."""
    plain_ms: tuple[float, ...] = ()


def plain_readability_text(html: str, url: str) -> str:
    """What a user of readability-lxml alone gets: summary() as text."""
    summary = Document(html, url=url).summary()
    return " ".join(str(t) for t in lxml.html.fromstring(summary).itertext())


def score(tools: Path, truth: Path, predictions: Path) -> float:
    """F1 printed by the shared scorer."""
    out = subprocess.run(
        [sys.executable, str(tools / "score_extract.py"), str(truth), str(predictions)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"^F1 ([0-9.]+)$", out, re.MULTILINE)
    if not match:
        raise RuntimeError(f"unexpected scorer output: {out!r}")
    return float(match.group(1))


def _timed(fn: object, page: CorpusPage) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(page.html, page.url)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000, result


def run_set(corpus: Path, tools: Path, set_name: str, rounds: int = ROUNDS) -> ExtractionFigures:
    """Extract every page of a set with both extractors; score and time them."""
    pages = load_set(corpus, set_name)
    ours_ms: list[float] = []
    plain_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        ours_dir, plain_dir = Path(tmp, "ours"), Path(tmp, "plain")
        ours_dir.mkdir()
        plain_dir.mkdir()
        for page in pages:
            best_ours = best_plain = float("inf")
            for _ in range(rounds):
                t_plain, plain_text = _timed(plain_readability_text, page)
                t_ours, article = _timed(extract_article, page)
                best_ours, best_plain = min(best_ours, t_ours), min(best_plain, t_plain)
            ours_ms.append(best_ours)
            plain_ms.append(best_plain)
            (ours_dir / f"{page.page_id}.json").write_text(
                json.dumps(
                    article.to_json(markdown=article_markdown(article)),  # type: ignore[attr-defined,arg-type]
                    ensure_ascii=False,
                )
            )
            (plain_dir / f"{page.page_id}.json").write_text(json.dumps({"text": plain_text}))
        truth = corpus / set_name / "ground-truth.json"
        return ExtractionFigures(
            set_name=set_name,
            pages=len(pages),
            ours_f1=score(tools, truth, ours_dir),
            plain_f1=score(tools, truth, plain_dir),
            ours_median_ms=statistics.median(ours_ms),
            ours_p95_ms=p95(ours_ms),
            plain_median_ms=statistics.median(plain_ms),
            plain_p95_ms=p95(plain_ms),
            ours_ms=tuple(ours_ms),
            plain_ms=tuple(plain_ms),
        )
