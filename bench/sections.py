"""Link sections: our finder against a plain heading-regex scan, same pages,
scored with ../shared/tools/score_sections.py on the idnews labels."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import lxml.html

from bench.corpus import load_set
from reader.core.extract import extract_article
from reader.core.extract.markdown import article_markdown

# The baseline the issue compares against: a heading-regex scan with no notion
# of structure.
_PLAIN_VOCABULARY = (
    ("read_also", re.compile(r"baca juga|read also|see also", re.I)),
    ("related", re.compile(r"terkait|related", re.I)),
    ("popular", re.compile(r"populer|popular|most read|trending", re.I)),
    ("latest", re.compile(r"terkini|terbaru|latest", re.I)),
    ("picks", re.compile(r"pilihan|editor|recommend|rekomendasi", re.I)),
)


@dataclass(frozen=True)
class SectionFigures:
    """Scores of one finder: sections P/R/F1, kind accuracy, link F1."""

    precision: float
    recall: float
    f1: float
    kind_accuracy: float
    link_f1: float


def plain_heading_scan(html: str, url: str) -> list[dict[str, object]]:
    """Any short element whose own text names a list (a heading tag, a div, a
    span), with the links of the nearest block around it that holds a few:
    the obvious scan, with no notion of stories, menus or tabs."""
    root = lxml.html.fromstring(html)
    for junk in root.iter("script", "style"):
        junk.text = ""
    found: list[dict[str, object]] = []
    seen: set[object] = set()
    for el in root.iter():
        own = " ".join((el.text or "").split()) if isinstance(el.tag, str) else ""
        if not own or len(own) > 40:
            continue
        kind = next((k for k, pattern in _PLAIN_VOCABULARY if pattern.search(own)), None)
        if kind is None:
            continue
        # Climb until the block holds a few links: the list under the heading.
        block = el.getparent()
        while block is not None and sum(1 for _ in block.iter("a")) < 3:
            block = block.getparent()
        if block is None or block in seen or block.tag in ("body", "html"):
            continue
        seen.add(block)
        links = [
            {"url": urljoin(url, a.get("href", "")), "text": " ".join(str(t) for t in a.itertext())}
            for a in block.iter("a")
            if a.get("href") and a is not el
        ]
        found.append({"kind": kind, "heading": own, "links": links})
    return found


def _score(tools: Path, truth: Path, predictions: Path) -> SectionFigures:
    out = subprocess.run(
        [
            sys.executable,
            str(tools / "score_sections.py"),
            "--truth",
            str(truth),
            str(predictions),
            "--merge-read-also",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    row = next(line for line in out.splitlines() if line.startswith("ALL"))
    cols = row.split()
    # ALL true pred match secP secR secF1 kind lnkP lnkR lnkF1 ...
    return SectionFigures(
        precision=float(cols[4]),
        recall=float(cols[5]),
        f1=float(cols[6]),
        kind_accuracy=float(cols[7]),
        link_f1=float(cols[10]),
    )


def run_sections(corpus: Path, tools: Path) -> tuple[SectionFigures, SectionFigures]:
    """(ours, plain heading scan) on the labelled idnews pages."""
    truth = corpus / "idnews" / "sections.json"
    pages = load_set(corpus, "idnews")
    with tempfile.TemporaryDirectory() as tmp:
        ours_dir, plain_dir = Path(tmp, "ours"), Path(tmp, "plain")
        ours_dir.mkdir()
        plain_dir.mkdir()
        for page in pages:
            article = extract_article(page.html, page.url)
            (ours_dir / f"{page.page_id}.json").write_text(
                json.dumps(article.to_json(markdown=article_markdown(article)), ensure_ascii=False)
            )
            plain = plain_heading_scan(page.html, page.url)
            (plain_dir / f"{page.page_id}.json").write_text(
                json.dumps({"sections": plain}, ensure_ascii=False)
            )
        return _score(tools, truth, ours_dir), _score(tools, truth, plain_dir)
