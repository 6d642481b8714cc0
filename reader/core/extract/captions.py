"""Photo captions and gallery furniture: recognised by structure and vocabulary.

Galleries put their captions, credits ("Photo: ...", "Name | Agency | Getty
Images"), slide counters ("1 of 12") and caption toggles ("... more", "less")
around the article. These helpers make captions CAPTION blocks, never body
paragraphs, and tidy a run of them: toggles stripped, counters dropped, a
caption shown once (a truncated copy or a repeat of one is dropped).
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree
from lxml.html import HtmlElement

from reader.core.extract.dom import BLOCK_TAGS, class_tokens, tag_of, text_of
from reader.core.models import Block, BlockKind, Span

#: Set on the full page (before readability) on text that captions an image.
CAPTION_MARK = "data-reader-caption"

#: Class and id words of caption and credit elements.
CAPTION_TOKENS = frozenset(
    {"caption", "captions", "figcaption", "credit", "credits", "imagecaption", "photocaption",
     "captiontext", "wpcaptiontext", "imgcaption", "keterangan", "caption_text", "photocredit",
     "imagecredit", "legende", "bildunterschrift", "piedefoto", "didascalia"}
)  # fmt: skip
_CAPTION_ENDINGS = ("caption", "captions", "credit", "credits", "captiontext")
MAX_CAPTION = 600
"""Longer text is not a caption, whatever its class says."""
_MAX_FIGURE_TEXT = 250
_FIGURE_TEXT_TAGS = frozenset({"div", "p", "span", "small", "em", "i"})
_MAX_CLIMB = 4
_HAS_TEXT = etree.XPath("normalize-space() != ''")
_IMAGES_ONLY = etree.XPath("boolean(descendant-or-self::img) and normalize-space() = ''")
_MAX_PARTS = 12

#: A caption toggle at the end of a caption ("... more", "2019. less").
_TOGGLE = re.compile(
    r"(?P<cut>\s*(?:\.{2,}|…))?\s*\b(?:(?:show|read|see|view|lihat|tampilkan)\s+)?"
    r"(?:more|less|selengkapnya|lebih\s+banyak|lebih\s+sedikit|mehr|weniger|más|menos|plus)"
    r"\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\"”’')\]]$")
#: A block that is nothing but a toggle or a caption switch.
_TOGGLE_ONLY = re.compile(
    r"^(?:(?:show|hide|view|close|open|toggle|expand|collapse|read|see|lihat|tutup|captions?"
    r"|more|less|keterangan|selengkapnya)\s*)+$",
    re.IGNORECASE,
)
#: Slide counters: "1 of 12", "Image 3 of 23", "4/10", "Foto 2 dari 8".
SLIDE_COUNTER = re.compile(
    r"^(?:(?:image|photo|picture|slide|foto|gambar|bild|imagen|immagine|photo\s+gallery)\s*)?"
    r"\d{1,3}\s*(?:of|/|dari|de|von|di|sur|из)\s*\d{1,3}$",
    re.IGNORECASE,
)
#: A credit line on its own: "Photo: Jane Doe, AP", "(Foto: Antara)",
#: "Jane Doe | Bloomberg | Getty Images", "Kathrin Ziegler/Getty".
CREDIT_LINE = re.compile(
    r"""^\(?\s*(?:
        (?:photo|photograph|foto|image|picture|gambar|ilustrasi|illustration|credit|source
           |sumber|bild|imagen|crédit|dok|doc)s?\.?\s*(?:credit\s*)?[:：]\s*\S.{0,100}
      | (?:photo|foto|image)s?\s+(?:by|oleh|courtesy(?:\s+of)?)\s+\S.{0,80}
      | [^.!?]{0,80}\b(?:getty(?:\s+images)?|reuters|associated\s+press|ap\s+photo|afp|epa(?:-efe)?
           |shutterstock|istock(?:photo)?|alamy|bloomberg|antara(?:\s+foto)?|dpa|xinhua
           |pool|courtesy)\b[^.!?]{0,40}
    )\s*\)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_KEY = re.compile(r"\W+", re.UNICODE)


def is_caption_element(el: HtmlElement) -> bool:
    """True for an element holding a caption: marked as one on the full page,
    or with a caption/credit class or id word ("wp-caption-text",
    "InlineImage-imageEmbedCaption"), and short enough to be one."""
    if el.get(CAPTION_MARK) is None:
        tokens = class_tokens(el)
        if not tokens:
            return False
        if tokens.isdisjoint(CAPTION_TOKENS) and not any(
            t.endswith(_CAPTION_ENDINGS) for t in tokens
        ):
            return False
    return len(text_of(el)) < MAX_CAPTION


def mark_captions(tree: HtmlElement) -> None:
    """Mark the text of figure-shaped wrappers on the full page: a short text
    block whose only siblings are images ("<div><div><img></div><div>Text.
    Photo: X</div></div>"). Readability often keeps the text and drops the
    image; the mark keeps the text a caption."""
    for img in tree.iter("img"):
        holder, parent = img, img.getparent()
        # Climb out of the image's own wrappers (links, spans, divs holding nothing else).
        for _ in range(_MAX_CLIMB):
            if parent is None or tag_of(parent) in ("body", "html") or len(parent) > _MAX_PARTS:
                break
            others = [child for child in parent if child is not holder and tag_of(child)]
            texts = [child for child in others if not _only_images(child)]
            if texts:
                if len(texts) == 1 and _is_figure_text(texts[0], holder):
                    texts[0].set(CAPTION_MARK, "figure")
                break
            if _has_text(parent):
                break  # text right beside the image, in the same block: not a figure
            holder, parent = parent, parent.getparent()


def _has_text(el: HtmlElement) -> bool:
    """Any visible text inside."""
    return bool(_HAS_TEXT(el))


def _only_images(el: HtmlElement) -> bool:
    """An element that shows images (at least one) and no text."""
    return bool(_IMAGES_ONLY(el))


def _is_figure_text(el: HtmlElement, image: HtmlElement) -> bool:
    if tag_of(el) not in _FIGURE_TEXT_TAGS or el.get(CAPTION_MARK) is not None:
        return False
    if len(el) > _MAX_PARTS or any(
        tag_of(d) in BLOCK_TAGS and tag_of(d) not in ("div", "br") for d in el.iterdescendants()
    ):
        return False
    text = text_of(el)
    if not text or len(text) > _MAX_FIGURE_TEXT:
        return False
    # The text comes after the image, as captions do.
    parent = el.getparent()
    return parent is not None and parent.index(el) > parent.index(image)


def tidy_captions(blocks: list[Block]) -> list[Block]:
    """Strip caption toggles, drop slide counters, toggle-only lines and
    repeated or truncated copies of a caption, and turn a credit line that
    follows an image or caption into a caption."""
    out: list[Block] = []
    for block in blocks:
        kept = _classify(block, out)
        if kept is not None:
            out.append(kept)
    return _dedupe(out)


def _classify(block: Block, out: list[Block]) -> Block | None:
    """`block` as it should be shown after `out`, or None to drop it."""
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.CAPTION):
        return block
    text = block.text.strip()
    if len(text) < 40:
        if SLIDE_COUNTER.match(text):
            return None
        if block.kind is BlockKind.CAPTION and (
            _TOGGLE_ONLY.match(text) or not any(c.isalpha() for c in text)
        ):
            return None  # a switch, or a bare photo count
    if block.kind is BlockKind.PARAGRAPH and (
        (
            out
            and out[-1].kind in (BlockKind.IMAGE, BlockKind.CAPTION)
            and len(text) <= 120
            and CREDIT_LINE.match(text)
        )
        or _repeats_image(out, text)
    ):
        block = replace(block, kind=BlockKind.CAPTION)
    if block.kind is BlockKind.CAPTION:
        return _strip_toggle(block)
    return block


def _repeats_image(out: list[Block], text: str) -> bool:
    """The text of an image shown just before (its alt text): a caption."""
    images = [b for b in out[-3:] if b.kind is BlockKind.IMAGE]
    if not images:
        return False
    key = _key(text)
    return bool(key) and any(_key(b.text) == key for b in images)


def _strip_toggle(block: Block) -> Block | None:
    """The caption without its trailing "more"/"less" toggle (a truncated
    caption keeps an ellipsis); None when nothing is left."""
    text = block.text
    match = _TOGGLE.search(text)
    if match is None:
        return block
    head = text[: match.start()].rstrip()
    if not match.group("cut") and not _SENTENCE_END.search(head):
        return block  # "... and more" is the caption's own words
    if not head:
        return None
    if match.group("cut"):
        head += "…"
    return _with_text(block, head)


def _with_text(block: Block, text: str) -> Block:
    """`block` cut to `text` (a prefix of its text), styles kept where they fit."""
    spans: list[Span] = []
    left = len(text)
    for span in block.spans:
        if left <= 0:
            break
        piece = span.text[:left]
        left -= len(span.text)
        spans.append(replace(span, text=piece))
    if spans and text.endswith("…") and not spans[-1].text.endswith("…"):
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip(". …") + "…")
    return replace(block, spans=tuple(spans))


def _key(text: str) -> str:
    return _KEY.sub("", text.lower())


def _dedupe(blocks: list[Block]) -> list[Block]:
    """Each caption once: a caption repeating an earlier caption or an image
    just before it, or a truncated copy of another caption, is dropped."""
    keys = [_key(b.text) if b.kind in (BlockKind.CAPTION, BlockKind.IMAGE) else "" for b in blocks]
    captions = {k for k, b in zip(keys, blocks, strict=True) if k and b.kind is BlockKind.CAPTION}
    seen: set[str] = set()
    out: list[Block] = []
    for n, block in enumerate(blocks):
        key = keys[n]
        if block.kind is BlockKind.CAPTION and key:
            truncated = block.text.endswith("…")
            if key in seen or _repeats_image(out, block.text):
                continue
            if truncated and any(other != key and other.startswith(key) for other in captions):
                continue
            seen.add(key)
        out.append(block)
    return out
