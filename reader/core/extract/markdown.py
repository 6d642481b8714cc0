"""Blocks -> Markdown."""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.models import Block


def blocks_to_markdown(blocks: Iterable[Block]) -> str:
    """Render blocks as Markdown (temporary)."""
    return "\n\n".join(b.text for b in blocks)
