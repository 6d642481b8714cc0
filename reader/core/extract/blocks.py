"""Cleaned article HTML -> Blocks (headings, paragraphs, lists, quotes, tables, ...).

One walk over the tree; inline elements become styled Spans, in-body links
keep their resolved address when it is http(s). All text is sanitized here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml.html import HtmlElement

from reader.core.extract.captions import is_caption_element, tidy_captions
from reader.core.extract.dom import BLOCK_TAGS, HEADING_TAGS, tag_of, text_of
from reader.core.models import Block, BlockKind, Span
from reader.core.sanitize import clean_inline, clean_line, strip_controls
from reader.core.urls import is_followable, resolve, without_fragment

_BOLD = frozenset({"b", "strong"})
_ITALIC = frozenset({"i", "em", "cite", "dfn", "var"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
     "button", "select", "input", "textarea", "iframe", "form", "nav"}
)  # fmt: skip
_MAX_TABLE_CELL = 60


@dataclass(frozen=True)
class _Style:
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


def html_to_blocks(root: HtmlElement, base_url: str | None) -> list[Block]:
    """Convert a cleaned article element into a list of Blocks."""
    builder = _Builder(base_url)
    builder.walk(root, _Style())
    builder.flush()
    return tidy_captions(builder.blocks)


class _Builder:
    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.spans: list[Span] = []
        self.kind = BlockKind.PARAGRAPH
        self.level = 0
        self.marker = ""
        self.quote_depth = 0
        self.list_depth = -1
        self.in_caption = False

    # -- paragraph buffer --------------------------------------------------

    def add_text(self, text: str | None, style: _Style) -> None:
        if not text:
            return
        text = clean_inline(text)
        if not text:
            return
        self.spans.append(Span(text, style.bold, style.italic, style.code, style.href))

    def add_break(self) -> None:
        if not self.spans:
            return
        if self.spans[-1].text.endswith("\n"):
            # Two <br> in a row separate paragraphs.
            self.spans[-1] = replace(self.spans[-1], text=self.spans[-1].text.rstrip("\n"))
            kind, level, marker = self.kind, self.level, self.marker
            self.flush()
            self.kind, self.level, self.marker = kind, level, marker
            return
        self.spans.append(Span("\n"))

    def flush(self) -> None:
        spans = _tidy(self.spans)
        self.spans = []
        if spans:
            kind = self.kind
            if kind is BlockKind.PARAGRAPH and self.quote_depth:
                kind = BlockKind.QUOTE
            if kind is BlockKind.PARAGRAPH and self.in_caption:
                kind = BlockKind.CAPTION
            level = self.quote_depth if kind is BlockKind.QUOTE else self.level
            self.blocks.append(Block(kind, tuple(spans), level, self.marker))
        self.kind = BlockKind.PARAGRAPH
        self.level = 0
        self.marker = ""

    def emit(self, block: Block) -> None:
        self.flush()
        self.blocks.append(block)

    # -- the walk ----------------------------------------------------------

    def walk(self, el: HtmlElement, style: _Style) -> None:
        tag = tag_of(el)
        if tag in _SKIP or not tag:
            return
        if tag == "br":
            self.add_break()
        elif tag == "hr":
            self.emit(Block(BlockKind.RULE))
        elif tag == "img":
            self._image(el)
        elif tag in HEADING_TAGS:
            self._heading(el, int(tag[1]))
        elif tag == "pre":
            self._pre(el)
        elif tag == "table" and not _is_layout_table(el):
            self._table(el)
        elif tag in ("ul", "ol", "dl", "menu", "dir"):
            self._list(el, style)
        elif tag == "blockquote":
            self.flush()
            self.quote_depth += 1
            self._children(el, style)
            self.flush()
            self.quote_depth -= 1
        elif tag == "figcaption" or (tag in _CAPTION_TAGS and _is_caption(el)):
            self.flush()
            outer, self.in_caption = self.in_caption, True
            self._children(el, style)
            self.flush()
            self.in_caption = outer
        elif tag in BLOCK_TAGS:
            self.flush()
            self._children(el, style)
            self.flush()
        else:
            self._children(el, _inline_style(el, tag, style, self.base_url))

    def _children(self, el: HtmlElement, style: _Style) -> None:
        self.add_text(el.text, style)
        for child in el:
            self.walk(child, style)
            self.add_text(child.tail, style)

    def _image(self, el: HtmlElement) -> None:
        alt = clean_line(el.get("alt") or el.get("title"))
        if len(alt) < 2:
            return
        src = resolve(self.base_url, el.get("src") or el.get("data-src"))
        href = src if src and is_followable(src) else None
        self.emit(Block(BlockKind.IMAGE, (Span(alt, href=href),)))

    def _heading(self, el: HtmlElement, level: int) -> None:
        self.flush()
        self._children(el, _Style())
        self.kind, self.level = BlockKind.HEADING, level
        self.flush()

    def _pre(self, el: HtmlElement) -> None:
        self.flush()
        text = strip_controls(el.text_content()).expandtabs(4).strip("\n")
        lines = [line.rstrip() for line in text.split("\n")]
        if any(lines):
            self.blocks.append(Block(BlockKind.CODE, (Span("\n".join(lines), code=True),)))

    def _table(self, el: HtmlElement) -> None:
        self.flush()
        rows = _table_rows(el)
        if rows:
            text = _format_table(rows)
            self.blocks.append(Block(BlockKind.TABLE, (Span(text),)))
        caption = el.find("caption")
        if caption is not None and text_of(caption):
            self.blocks.append(Block(BlockKind.CAPTION, (Span(clean_line(text_of(caption))),)))

    def _list(self, el: HtmlElement, style: _Style) -> None:
        self.flush()
        self.list_depth += 1
        ordered = tag_of(el) == "ol"
        number = _start(el)
        # Text straight inside the list, outside any item (broken markup): a paragraph.
        self.add_text(el.text, style)
        for child in el:
            ctag = tag_of(child)
            if ctag in ("li", "dt", "dd"):
                self.flush()
                self.kind = BlockKind.LIST_ITEM
                self.level = self.list_depth + (1 if ctag == "dd" else 0)
                self.marker = f"{number}." if ordered else ("" if ctag in ("dt", "dd") else "•")
                marker_level = (self.kind, self.level, self.marker)
                self._list_item(child, style, marker_level)
                self.flush()
                number += 1
            else:
                self.walk(child, style)
            self.add_text(child.tail, style)
        self.flush()
        self.list_depth -= 1

    def _list_item(self, li: HtmlElement, style: _Style, head: tuple[BlockKind, int, str]) -> None:
        """An item's inline content and paragraphs stay in one block; nested lists
        and other blocks start new ones."""
        self.add_text(li.text, style)
        for child in li:
            ctag = tag_of(child)
            if (
                ctag in ("ul", "ol", "dl", "blockquote", "pre", "table", "figure")
                or ctag in HEADING_TAGS
                or (ctag in _CAPTION_TAGS and _is_caption(child))
            ):
                self.walk(child, style)
            elif ctag in ("p", "div", "section", "span") and self.spans:
                if _needs_space(self.spans[-1].text, child, ctag):
                    self.spans.append(Span(" "))
                self._children(child, style)
            elif ctag in BLOCK_TAGS:
                self._children(child, style)
            else:
                self.walk(child, style)
            if not self.spans and self.kind is BlockKind.PARAGRAPH:
                self.kind, self.level, self.marker = BlockKind.LIST_ITEM, head[1], ""
            self.add_text(child.tail, style)


_CAPTION_TAGS = BLOCK_TAGS | {"span"}


def _needs_space(before: str, child: HtmlElement, tag: str) -> bool:
    """A space between a list item's text and a block-ish child, or a span
    that would run two words together ("Title<span>May 3</span>"); never
    inside a word ("n-by-<span>n</span>")."""
    if before.endswith((" ", "\n")):
        return False
    if tag != "span":
        return True
    first = text_of(child)[:1]
    return before[-1:].isalnum() and first.isalnum()


def _is_caption(el: HtmlElement) -> bool:
    return is_caption_element(el)


def _inline_style(el: HtmlElement, tag: str, style: _Style, base: str | None) -> _Style:
    if tag in _BOLD:
        return replace(style, bold=True)
    if tag in _ITALIC:
        return replace(style, italic=True)
    if tag in _CODE:
        return replace(style, code=True)
    if tag == "a":
        href = resolve(base, el.get("href"))
        return replace(style, href=without_fragment(href) if href and is_followable(href) else None)
    return style


def _tidy(spans: list[Span]) -> list[Span]:
    """Merge same-style neighbours, collapse spaces across spans, trim the ends."""
    merged: list[Span] = []
    for span in spans:
        text = span.text
        if merged:
            prev = merged[-1]
            if prev.text.endswith((" ", "\n")) and text.startswith(" "):
                text = text.lstrip(" ")
            if text.startswith("\n") and prev.text.endswith(" "):
                merged[-1] = prev = replace(prev, text=prev.text.rstrip(" "))
            if not text:
                continue
            if (prev.bold, prev.italic, prev.code, prev.href) == (
                span.bold,
                span.italic,
                span.code,
                span.href,
            ):
                merged[-1] = replace(prev, text=prev.text + text)
                continue
        merged.append(replace(span, text=text) if text != span.text else span)
    # Trim whitespace at both ends and around hard line breaks.
    while merged and not merged[0].text.strip():
        merged.pop(0)
    while merged and not merged[-1].text.strip():
        merged.pop()
    if not merged:
        return []
    merged[0] = replace(merged[0], text=merged[0].text.lstrip())
    merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
    return [
        replace(span, text="\n".join(part.strip(" ") for part in span.text.split("\n")))
        if "\n" in span.text
        else span
        for span in merged
    ]


def _start(el: HtmlElement) -> int:
    try:
        return int(el.get("start", "1"))
    except ValueError:
        return 1


def _is_layout_table(el: HtmlElement) -> bool:
    """Tables used for page layout hold paragraphs and other tables, not data."""
    if el.find(".//table") is not None:
        return True
    for cell in el.iter("td", "th"):
        if len(text_of(cell)) > 300:
            return True
        if sum(1 for child in cell if tag_of(child) in ("p", "div", "ul", "ol", "h2", "h3")) > 1:
            return True
    return False


def _table_rows(el: HtmlElement) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in el.iter("tr"):
        cells = [clean_line(text_of(c)) for c in tr if tag_of(c) in ("td", "th")]
        if any(cells):
            rows.append(cells)
    return rows


def _format_table(rows: list[list[str]]) -> str:
    """Rows as a padded pipe table (valid Markdown, readable as plain text)."""
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    widths = [min(_MAX_TABLE_CELL, max(3, *(len(r[i]) for r in rows))) for i in range(ncols)]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.replace("|", "\\|").ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
