"""Blocks -> Markdown: an article's body (`article_markdown`), one block, a title.

The blocks are already the clean article, so rendering them is a small,
exact mapping; the text stays sanitized and Markdown punctuation in it is
escaped where it would change the meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.models import Article, Block, BlockKind, Span

_ESCAPE_INLINE = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-])|(\d+)([.)]))(?=\s)", re.MULTILINE)


def _escape_line_start(match: re.Match[str]) -> str:
    """Keep a paragraph from turning into a heading, quote or list."""
    indent, mark, digits, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{digits}\\{dot}"


def _escape(text: str) -> str:
    return _ESCAPE_INLINE.sub(r"\\\1", text)


def _span(span: Span) -> str:
    if not span.text.strip():
        return span.text
    if span.code:
        ticks = "``" if "`" in span.text else "`"
        body = f"{ticks}{span.text}{ticks}"
    else:
        body = _escape(span.text)
        lead = body[: len(body) - len(body.lstrip())]
        trail = body[len(body.rstrip()) :]
        core = body.strip()
        if span.bold and span.italic:
            core = f"***{core}***"
        elif span.bold:
            core = f"**{core}**"
        elif span.italic:
            core = f"*{core}*"
        body = f"{lead}{core}{trail}"
    if span.href:
        target = span.href.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        lead = body[: len(body) - len(body.lstrip())]
        trail = body[len(body.rstrip()) :]
        body = f"{lead}[{body.strip()}]({target}){trail}"
    return body


def _inline(block: Block) -> str:
    text = "".join(_span(s) for s in block.spans)
    text = text.replace("\n", "  \n")
    return _LINE_START.sub(_escape_line_start, text)


def block_to_markdown(block: Block) -> str:
    """One block as Markdown (no trailing newline)."""
    kind = block.kind
    if kind is BlockKind.HEADING:
        return "#" * max(1, min(6, block.level or 2)) + " " + _inline(block).replace("  \n", " ")
    if kind is BlockKind.QUOTE:
        prefix = "> " * max(1, block.level)
        return "\n".join(prefix + line for line in _inline(block).split("\n"))
    if kind is BlockKind.LIST_ITEM:
        indent = "  " * block.level
        marker = block.marker if block.marker and block.marker != "•" else "-"
        if not block.marker:
            marker = " " * 2
        body = _inline(block).replace("\n", "\n" + indent + "  ")
        return f"{indent}{marker} {body}"
    if kind is BlockKind.CODE:
        text = block.text
        fence = "````" if "```" in text else "```"
        return f"{fence}\n{text}\n{fence}"
    if kind is BlockKind.TABLE:
        return block.text
    if kind is BlockKind.IMAGE:
        alt = _escape(block.text).replace("\n", " ")
        src = block.spans[0].href if block.spans else None
        return f"![{alt}]({src})" if src else f"*[image: {alt}]*"
    if kind is BlockKind.CAPTION:
        return f"*{_inline(block).strip()}*"
    if kind is BlockKind.RULE:
        return "---"
    return _inline(block)


def title_to_markdown(title: str) -> str:
    """A page title as a Markdown level-1 heading, its punctuation escaped."""
    return "# " + _escape(" ".join(title.split()))


def blocks_to_markdown(blocks: Iterable[Block]) -> str:
    """The article body as Markdown; consecutive list items stay together."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        rendered = block_to_markdown(block)
        if not rendered.strip():
            continue
        if out:
            tight = (
                previous is not None
                and previous.kind is BlockKind.LIST_ITEM
                and block.kind is BlockKind.LIST_ITEM
            )
            out.append("\n" if tight else "\n\n")
        out.append(rendered)
        previous = block
    return "".join(out)


def article_markdown(article: Article) -> str:
    """The article's body as Markdown (the "markdown" field of `Article.to_json`)."""
    return blocks_to_markdown(article.blocks)
