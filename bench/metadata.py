"""Metadata on mozilla-dev: our extractor beside readability-lxml and trafilatura,
same pages, same run, scored by the shared `score_metadata.py`.

readability-lxml gives a title (`Document.short_title()`) and the body; the
other fields are not its job and show as "-". trafilatura (the `bench` extra)
gives every field through `bare_extraction`; without it its column says so.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readability import Document

from bench.corpus import CorpusPage, load_set
from bench.extraction import plain_readability_text
from reader.core.extract import extract_article

SET = "mozilla-dev"
#: Score name -> (row label, issue 15's target).
METRICS = {
    "text": ("text F1", 0.96),
    "title_match": ("title match", 0.90),
    "byline_match": ("byline", 0.80),
    "date_match": ("published date", 0.94),
    "site_match": ("site name", 0.96),
    "lang_match": ("language", 0.95),
}


@dataclass(frozen=True)
class MetadataFigures:
    """Scores of each extractor (None: the field is not the extractor's, or it is not installed)."""

    pages: int
    scores: dict[str, dict[str, float | None]]
    """extractor -> metric -> score."""
    counts: dict[str, int]
    """metric -> pages scored."""


def _ours(page: CorpusPage) -> dict[str, Any]:
    article = extract_article(page.html, page.url or None)
    return article.to_json(markdown="")


def _readability(page: CorpusPage) -> dict[str, Any]:
    return {
        "title": Document(page.html, url=page.url).short_title(),
        "text": plain_readability_text(page.html, page.url),
    }


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError:
        return None
    return trafilatura


def _trafilatura_page(trafilatura: Any, page: CorpusPage) -> dict[str, Any]:
    doc = trafilatura.bare_extraction(
        page.html, url=page.url or None, with_metadata=True, include_comments=False
    )
    if doc is None:
        return {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {
        "title": data.get("title"),
        "byline": data.get("author"),
        "published": data.get("date"),
        "site_name": data.get("sitename"),
        "lang": data.get("language"),
        "text": data.get("text") or "",
    }


def _score(tools: Path, truth: Path, predictions: Path) -> dict[str, Any]:
    out = predictions.with_suffix(".scores.json")
    scorer = str(tools / "score_metadata.py")
    subprocess.run(
        [sys.executable, scorer, str(truth), str(predictions), "--json", str(out)],
        capture_output=True,
        check=True,
    )
    return dict(json.loads(out.read_text(encoding="utf-8")))


def measure(corpus: Path, tools: Path) -> MetadataFigures:
    """Extract every mozilla-dev page with the three extractors and score them."""
    pages = load_set(corpus, SET)
    trafilatura = _trafilatura()
    extractors: dict[str, Any] = {"ours": _ours, "readability-lxml": _readability}
    if trafilatura is not None:
        extractors["trafilatura"] = lambda page: _trafilatura_page(trafilatura, page)
    scores: dict[str, dict[str, float | None]] = {}
    counts: dict[str, int] = {}
    langs: dict[str, bool] = {}
    """extractor -> whether it gave a language for any page."""
    with tempfile.TemporaryDirectory() as tmp:
        truth = corpus / SET / "ground-truth.json"
        for name, extract in extractors.items():
            folder = Path(tmp, name)
            folder.mkdir()
            for page in pages:
                data = extract(page)
                langs[name] = langs.get(name, False) or bool(data.get("lang"))
                (folder / f"{page.page_id}.json").write_text(
                    json.dumps(data, ensure_ascii=False), encoding="utf-8"
                )
            summary = _score(tools, truth, folder)
            scores[name] = {
                "text": summary["text_readerable"]["f1"],
                **{key: summary[key] for key in METRICS if key != "text"},
            }
            if name == "readability-lxml":
                for key in ("byline_match", "date_match", "site_match"):
                    scores[name][key] = None
            if not langs[name]:  # not detected at all (trafilatura needs an extra for it)
                scores[name]["lang_match"] = None
            if name == "ours":  # the pages each of our rows is scored over
                counts = {
                    "text": int(summary["text_readerable"]["n_prec"]),
                    **{
                        key: int(summary["n_" + key.split("_")[0]])
                        for key in METRICS
                        if key != "text"
                    },
                }
    if trafilatura is None:
        scores["trafilatura"] = dict.fromkeys(METRICS)
    return MetadataFigures(pages=len(pages), scores=scores, counts=counts)


def rows(corpus: Path, tools: Path) -> list[tuple[str, str, str, str, str]]:
    """One bench row per metric: ours, then readability-lxml and trafilatura."""
    fig = measure(corpus, tools)
    missing = "trafilatura not installed (pip install -e '.[bench]')"

    def shown(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    out = []
    for key, (label, target) in METRICS.items():
        ours = fig.scores["ours"][key]
        traf = fig.scores["trafilatura"][key]
        others = f"readability-lxml {shown(fig.scores['readability-lxml'][key])}, " + (
            f"trafilatura {shown(traf)}" if _trafilatura() is not None else missing
        )
        out.append(
            (
                f"{SET} {label} ({fig.counts[key]} pages)",
                shown(ours),
                others,
                f">= {target}",
                "ok" if ours is not None and ours >= target else "MISSED",
            )
        )
    return out
