"""An article's blocks as XHTML for an EPUB chapter, built as escaped text.

Page text is hostile: every string goes through `text` (or `attribute`),
which drops what XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/FFFF)
and what the rest of the reader strips (escape sequences, bidi overrides),
then escapes `&`, `<`, `>` and quotes, so `</p><script>` or `]]>` in a title
stays text. Links are made only to http(s) addresses; anything else
(javascript:, data:, file:) is shown as plain text. Images are links to the
image: an e-reader never fetches anything from the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.export.links import web_uri
from reader.core.models import Block, BlockKind, Span
from reader.core.sanitize import strip_controls

#: Not allowed in an XML 1.0 document at all (strip_controls removes most).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
#: Valid BCP 47-looking language tags ("en", "pt-BR", "zh-Hant-TW").
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}$")


def xml_safe(value: str) -> str:
    """`value` without the characters an XML 1.0 document cannot hold (and
    without terminal escapes and bidi overrides)."""
    return _NOT_XML.sub("", strip_controls(value))


def text(value: str) -> str:
    """`value` as XML character data."""
    return xml_safe(value).translate(_ESCAPES)


def attribute(value: str) -> str:
    """`value` for a double-quoted XML attribute (newlines and tabs as
    character references, as XML would otherwise normalise them away)."""
    return text(value).replace("\n", "&#10;").replace("\t", "&#9;")


def language(value: str | None) -> str | None:
    """A language tag fit for xml:lang, or None for a missing or odd one."""
    value = (value or "").strip().replace("_", "-")
    return value if _LANGUAGE.match(value) else None


def link(href: str | None, inner: str) -> str:
    """`inner` (already XHTML) as a link to `href` when it is an http(s)
    address (percent-encoded into a valid URI), else `inner` alone."""
    target = web_uri(href)
    if target is None:
        return inner
    return f'<a href="{attribute(target)}">{inner}</a>'


def _span(span: Span) -> str:
    body = text(span.text).replace("\n", "<br/>")
    if not body:
        return ""
    if span.code:
        body = f"<code>{body}</code>"
    if span.italic:
        body = f"<em>{body}</em>"
    if span.bold:
        body = f"<strong>{body}</strong>"
    return link(span.href, body)


def inline(spans: Iterable[Span]) -> str:
    """A block's spans as inline XHTML."""
    return "".join(_span(span) for span in spans)


def _block(block: Block, shift: int) -> str:
    kind = block.kind
    if kind is BlockKind.HEADING:
        level = max(1, min(6, (block.level or 2) + shift))
        return f"<h{level}>{inline(block.spans)}</h{level}>"
    if kind is BlockKind.QUOTE:
        return f"<blockquote><p>{inline(block.spans)}</p></blockquote>"
    if kind is BlockKind.CODE:
        return f"<pre><code>{text(block.text)}</code></pre>"
    if kind is BlockKind.TABLE:
        return f'<pre class="table">{text(block.text)}</pre>'
    if kind is BlockKind.IMAGE:
        alt = text(" ".join(block.text.split())) or "image"
        href = block.spans[0].href if block.spans else None
        return f'<p class="image">{link(href, f"Image: {alt}")}</p>'
    if kind is BlockKind.CAPTION:
        return f'<p class="caption"><em>{inline(block.spans)}</em></p>'
    if kind is BlockKind.RULE:
        return "<hr/>"
    return f"<p>{inline(block.spans)}</p>"


def _list_tag(block: Block) -> str:
    return "ol" if block.marker[:1].isdigit() else "ul"


def blocks_to_xhtml(blocks: Iterable[Block], *, shift: int = 1) -> str:
    """The article body as XHTML elements, one per line. Headings move down
    `shift` levels (the chapter's title is the h1); runs of list items become
    nested `ul`/`ol` lists by their depth."""
    out: list[str] = []
    open_lists: list[str] = []  # the tag of each list open, outermost first
    for block in blocks:
        if block.kind is BlockKind.LIST_ITEM:
            depth = max(0, min(block.level, 8))
            while len(open_lists) > depth + 1:
                out.append(f"</li></{open_lists.pop()}>")
            if len(open_lists) == depth + 1:
                out.append("</li>")
            while len(open_lists) < depth + 1:
                tag = _list_tag(block)
                # A level skipped (depth 0 to 2) gets an empty item to hold the next list.
                out.append(f"<{tag}>" if len(open_lists) == depth else f"<{tag}><li>")
                open_lists.append(tag)
            out.append(f"<li>{inline(block.spans)}")
            continue
        while open_lists:
            out.append(f"</li></{open_lists.pop()}>")
        if block.kind is BlockKind.PARAGRAPH and not block.text.strip():
            continue
        out.append(_block(block, shift))
    while open_lists:
        out.append(f"</li></{open_lists.pop()}>")
    return "\n".join(out)
