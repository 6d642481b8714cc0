"""What one page may cost: caps on the links read, nesting past the parser's
depth limit, and cancelling an extraction that is no longer wanted.

A page is at most 10 MiB, but 10 MiB of links is 100,000 of them, and every
stage of extraction (the section finder, readability's scoring, the cleanup)
works per link and per element. So after parsing, links past `MAX_LINKS` in
document order are taken out (a link on a line of its own goes with its line;
a link inside running text leaves its words), and the article says so. No
real page comes near: the most in the corpus is 849.

libxml2 stops parsing at a depth of 256: everything past it is lost. A page
nested deeper is parsed again with runs of bare opening and closing tags
collapsed (wrappers around wrappers), and if that is not enough, without
its generic containers (div, span, section, ...), so its text is still
read; the article says its layout was flattened.

`cancel_running()` makes every extraction running in this process stop at its
next checkpoint with `ExtractionCancelled` (a quitting app need not wait).
"""

from __future__ import annotations

import re
import threading

from lxml.html import HtmlElement

from reader.core.errors import ExtractionError

__all__ = [
    "MAX_DEPTH",
    "MAX_LINKS",
    "MAX_SECTION_LINKS",
    "ExtractionCancelled",
    "begin",
    "cancel_running",
    "checkpoint",
    "collapse_nesting",
    "drop_containers",
    "trim_attributes",
    "trim_elements",
    "trim_links",
]

MAX_LINKS = 5000
"""Links read per page (document order); the rest are taken out of the tree."""
MAX_SECTION_LINKS = 200
"""Links listed per section."""
MAX_DEPTH = 256
"""libxml2's depth limit. `huge_tree` would raise it to 2048, but trees that
deep overflow Python's recursion in lxml.html and readability (found by
tests/security/test_fuzz.py), so deeper pages are flattened instead."""
MAX_ELEMENTS = 20_000
"""Elements read per page, after the links past `MAX_LINKS` are gone; the
corpus's largest page has 2,763."""
MAX_ATTRIBUTE = 4000
"""Characters kept of a class, id or style value (the corpus's longest: 2,626)."""
MAX_CLASS_TEXT = 200_000
"""Characters of class and id values read per page (the corpus's most: 92,746)."""
SHORT_ATTRIBUTE = 32
"""Characters kept of each class or id value once `MAX_CLASS_TEXT` is spent."""


# -- cancelling ----------------------------------------------------------------


class ExtractionCancelled(ExtractionError):
    """The extraction was cancelled (`cancel_running`): nobody waits for it."""


_generation = [0]
"""Bumped by each `cancel_running` (a list: no `global` statement)."""
_started = threading.local()


def begin() -> None:
    """Mark the start of an extraction on this thread; `cancel_running` stops
    extractions begun before it, never later ones."""
    _started.generation = _generation[0]


def cancel_running() -> None:
    """Stop every extraction running in this process at its next checkpoint
    (each raises `ExtractionCancelled`). Cheap, safe from any thread."""
    _generation[0] += 1


def checkpoint() -> None:
    """Raise `ExtractionCancelled` when this thread's extraction was cancelled."""
    if getattr(_started, "generation", _generation[0]) != _generation[0]:
        raise ExtractionCancelled("The extraction was cancelled.")


# -- links -----------------------------------------------------------------------


def trim_links(root: HtmlElement, limit: int = MAX_LINKS) -> int:
    """Take the links past `limit` out of the tree; returns how many links the
    page had. A link that is its line (a list item, a card) is removed with
    that line; a link inside running text is unwrapped (its words stay)."""
    total = int(root.xpath("count(//a)"))
    if total <= limit:
        return total
    for a in root.xpath("(//a)[position() > $limit]", limit=limit):
        parent = a.getparent()
        if parent is None:
            continue  # inside a line already removed
        if _in_prose(a, parent):
            a.drop_tag()
            continue
        item = a
        while (
            parent is not None
            and parent.tag not in ("body", "html")
            and item.getprevious() is None
            and item.getnext() is None  # len(parent) counts every child: slow here
            and not (parent.text or "").strip()
            and not (item.tail or "").strip()
        ):
            item, parent = parent, parent.getparent()
        item.drop_tree()
    return total


def _in_prose(a: HtmlElement, parent: HtmlElement) -> bool:
    if (a.tail or "").strip():
        return True
    prev = a.getprevious()
    before = prev.tail if prev is not None else parent.text
    return bool((before or "").strip())


def trim_elements(root: HtmlElement, limit: int = MAX_ELEMENTS) -> int:
    """Cut the document after its `limit`-th element (its text included);
    returns how many elements it had."""
    total = int(root.xpath("count(//*)"))
    if total <= limit:
        return total
    last = root.xpath("(//*)[$limit]", limit=limit)[0]
    del last[:]
    node = last
    parent = node.getparent()
    while parent is not None:
        del parent[parent.index(node) + 1 :]
        node, parent = parent, parent.getparent()
    return total


_LONG_VALUE = (
    "(//*[string-length(@class) > $n or string-length(@id) > $n or string-length(@style) > $n])[1]"
)


def trim_attributes(root: HtmlElement) -> None:
    """Cut class, id and style values: every stage reads class and id names
    per element (readability with slow regular expressions), so the page's
    class and id text is capped at `MAX_CLASS_TEXT` characters, and past it
    each value keeps `SHORT_ATTRIBUTE` characters. The corpus's most is
    92,746 in all; its longest value has 2,626."""
    if sum(map(len, root.xpath("//@class | //@id"))) <= MAX_CLASS_TEXT and not root.xpath(
        _LONG_VALUE, n=MAX_ATTRIBUTE
    ):
        return  # every page of the corpus (no element is looked at)
    budget = MAX_CLASS_TEXT
    for el in root.xpath("//*[@class or @id or @style]"):
        for name in ("class", "id", "style"):
            value = el.get(name)
            if value is None:
                continue
            limit = MAX_ATTRIBUTE if budget > 0 or name == "style" else SHORT_ATTRIBUTE
            if len(value) > limit:
                el.set(name, value[:limit])
            if name != "style":
                budget -= min(len(value), limit)


# -- nesting ---------------------------------------------------------------------

_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr"
#: A run of 8 or more opening tags with nothing but white space between them.
_OPEN_RUN = re.compile(rf"(?:<(?!(?:{_VOID})\b)[a-zA-Z][\w:-]*\b[^<>]*>\s*){{8,}}")
_CLOSE_RUN = re.compile(r"(?:</[a-zA-Z][\w:-]*\s*>\s*){8,}")
_FIRST_TAG = re.compile(r"<[^<>]*>")
#: Generic containers: taking them out keeps every word and paragraph.
_CONTAINERS = re.compile(
    r"</?(?:div|span|section|article|main|aside|header|footer|nav|font|center|"
    r"b|i|u|em|strong|small|big|blockquote|figure|label|form|fieldset|table|tbody|thead|"
    r"tfoot|tr|td|th|ul|ol|li|dl|dd|dt|details|summary|[a-z]+-[\w-]+)\b[^<>]*>",
    re.IGNORECASE,
)


def _keep_ends(match: re.Match[str]) -> str:
    """A run of tags as its first and last tag."""
    tags = _FIRST_TAG.findall(match.group(0))
    return tags[0] + tags[-1] if len(tags) > 1 else match.group(0)


def collapse_nesting(html: str) -> str:
    """`html` with every run of bare opening (or closing) tags cut to its first
    and last: wrappers around wrappers, the usual way a page gets too deep."""
    return _CLOSE_RUN.sub(_keep_ends, _OPEN_RUN.sub(_keep_ends, html))


def drop_containers(html: str) -> str:
    """`html` without generic container tags (each becomes a line break): flat
    enough for any parser, with every word kept."""
    return _CONTAINERS.sub("<br>", html)
