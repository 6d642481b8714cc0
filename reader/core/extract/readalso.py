"""Inline "read also" lines: "Baca Juga: <a>...</a>", "Read also: ...", "ALSO READ".

The article cleanup takes them out of the body; the section finder turns them
into `read_also` sections. Both use `find_read_also` so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from reader.core.extract.dom import HEADING_TAGS, class_tokens, link_text_len, tag_of, text_of
from reader.core.extract.vocabulary import WEAK_READ_ALSO_LABEL, starts_with_read_also_label

_CONTAINERS = frozenset(
    {"p", "div", "li", "section", "aside", "span", "strong", "b", "em", "h2", "h3", "h4",
     "h5", "h6", "blockquote", "ul", "table", "dl"}
)  # fmt: skip
_CLASS_HINTS = frozenset(
    {"bacajuga", "readalso", "alsoread", "lihatjuga", "inlinerelated", "seealso", "simakjuga",
     "readnext", "embeddedarticle"}
)  # fmt: skip
_CLIMBABLE = _CONTAINERS | {"a"}
_MAX_TEXT = 400
_CLASS_HINT_WORDS = ("baca", "read", "also", "lihat", "simak", "inline", "embedded", "see")
_INLINE_COLON = re.compile(r"^\s*[:：\-–—|»>›]")
_MAX_CLIMB = 5


def label_of(text: str) -> str | None:
    """The read-also label at the start of `text` ("Baca Juga"), or None."""
    match = starts_with_read_also_label(text)
    if not match:
        return None
    label = match.group(0).strip(" \t[(:：-–—|»>›")
    return label or None


def is_read_also(el: HtmlElement) -> bool:
    """True for a short block that is a read-also line: a label followed by
    links, or a link block whose class says it is one."""
    tag = tag_of(el)
    if tag not in _CONTAINERS:
        return False
    text = text_of(el)
    if not text or len(text) > _MAX_TEXT:
        return False
    links = [a for a in el.iter("a") if a.get("href")]
    label = label_of(text)
    if label is not None:
        if not links or _has_second_label(el):
            return False
        if WEAK_READ_ALSO_LABEL.match(label) and (
            len(links) > 2 or not _INLINE_COLON.match(text[len(label) :])
        ):
            return False
        rest = len(text) - len(label)
        return rest <= 0 or link_text_len(el) >= 0.5 * rest
    return bool(class_tokens(el) & _CLASS_HINTS and links) and link_text_len(el) >= 0.6 * len(text)


def _has_second_label(el: HtmlElement) -> bool:
    """Two short text-only blocks inside: two titled boxes, not one line."""
    labels = 0
    for child in el.iter("div", "p", "h2", "h3", "h4", "h5", "h6", "strong", "span"):
        if child is el or child.find(".//a") is not None or len(child):
            continue
        text = text_of(child)
        if 0 < len(text) <= 40:
            labels += 1
            if labels >= 2:
                return True
    return False


def is_read_also_label(el: HtmlElement, *, weak: bool = True) -> bool:
    """A block holding only a label ("Baca Juga:") whose links follow in the next
    block. With `weak=False`, labels that may also head a list ("Related", "Jangan
    Lewatkan") do not count."""
    text = text_of(el)
    if not text or len(text) > 40 or el.find(".//a") is not None:
        return False
    label = label_of(text)
    if label is None or (not weak and WEAK_READ_ALSO_LABEL.match(label)):
        return False
    return len(label) >= len(text.strip(" :：-–—|»>›!")) - 1


def _has_class_hint(el: HtmlElement) -> bool:
    cls = el.get("class")
    ident = el.get("id")
    if not cls and not ident:
        return False
    names = f"{cls or ''} {ident or ''}".lower()
    return any(word in names for word in _CLASS_HINT_WORDS) and not class_tokens(el).isdisjoint(
        _CLASS_HINTS
    )


def _starts_with_label(el: HtmlElement) -> bool:
    text = el.text
    if text is None or not text.strip():
        # The label may sit in the first child: <p><strong>Baca juga:</strong> ...
        first = el[0] if len(el) else None
        text = first.text if first is not None and not (text or "").strip() else None
    return bool(text and starts_with_read_also_label(text[:200]))


def find_read_also(root: HtmlElement, *, weak: bool = True) -> Iterator[list[HtmlElement]]:
    """Yield, in document order, the elements making up each read-also line under
    `root` (usually one block; a label block and the link blocks after it).

    Inside an article body every label counts (`weak=True`); on a whole page,
    "Related" or "Don't miss" over a list is a heading, not a read-also line."""
    done: set[HtmlElement] = set()
    for el in root.iter(*_CLIMBABLE):
        if el in done:
            continue
        if not (_starts_with_label(el) or _has_class_hint(el)):
            continue
        best: HtmlElement | None = None
        node: HtmlElement | None = el
        links = 0
        for _ in range(_MAX_CLIMB):
            if node is None or tag_of(node) not in _CLIMBABLE:
                break
            count = _count_links(node)
            if best is not None and count != links:
                break  # a wrapper that holds more links is more than this line
            if is_read_also(node):
                best, links = node, count
            elif best is not None:
                break
            node = node.getparent()
        if best is not None:
            done.update(best.iter())
            yield [best]
            continue
        if is_read_also_label(el, weak=weak):
            group = [el, *_link_blocks_after(el)]
            if len(group) > 1:
                for member in group:
                    done.update(member.iter())
                yield group


def _count_links(el: HtmlElement) -> int:
    return sum(1 for a in el.iter("a") if a.get("href"))


def is_link_block(el: HtmlElement) -> bool:
    """A short block that is nothing but links (a list of them, or one)."""
    if tag_of(el) not in _CONTAINERS:
        return False
    text = text_of(el)
    return (
        0 < len(text) < 600
        and el.find(".//a") is not None
        and link_text_len(el) >= 0.85 * len(text)
    )


def _link_blocks_after(el: HtmlElement) -> list[HtmlElement]:
    """The run of link-only siblings after a label (never past a heading); empty
    siblings (ad slots) are skipped over."""
    run: list[HtmlElement] = []
    node = el.getnext()
    while node is not None:
        tag = tag_of(node)
        if tag == "a":
            if not node.get("href") or (node.tail or "").strip():
                break  # a link inside running text
            run.append(node)
            node = node.getnext()
            continue
        if tag == "br":
            node = node.getnext()
            continue
        if tag in HEADING_TAGS or next(node.iter(*HEADING_TAGS), None) is not None:
            break
        first = next((c for c in node if tag_of(c)), None)
        if (
            run
            and first is not None
            and tag_of(first) != "a"
            and first.find(".//a") is None
            and text_of(first)
        ):
            break  # another titled box
        if is_link_block(node):
            run.append(node)
        elif text_of(node) or not tag_of(node):
            break
        node = node.getnext()
    return run
