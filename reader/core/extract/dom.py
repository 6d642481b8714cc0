"""Parsing and small DOM helpers shared by the extractor and the section finder."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from reader.core.errors import ExtractionError
from reader.core.extract import limits
from reader.core.sanitize import strip_controls

#: Elements that never hold readable content.
JUNK_TAGS = frozenset(
    {"script", "style", "noscript", "template", "link", "svg", "canvas", "object", "embed",
     "button", "select", "option", "textarea", "input", "dialog", "map", "audio", "video",
     "source", "track", "math"}
)  # fmt: skip

#: Block-level elements: they start a new paragraph in text.
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
     "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
     "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body",
     "html", "caption", "legend"}
)  # fmt: skip

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_DISPLAY_NONE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)",
    re.IGNORECASE,
)
#: Elements that may be hidden: a hidden attribute, or an inline style that hides.
_HIDDEN_CANDIDATES = (
    "//*[@hidden or contains(@style, 'none') or contains(@style, 'hidden')"
    " or contains(@style, 'NONE') or contains(@style, 'HIDDEN')]"
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPLIT_TOKENS = re.compile(r"[\s_\-]+")


def parse_html(html: str, notes: list[str] | None = None) -> HtmlElement:
    """Parse a document; raises ExtractionError when there is nothing to parse.

    Bounded (see `limits`): links past `MAX_LINKS` are taken out, and a page
    nested past the parser's depth limit is parsed again flattened. What was
    done is said in `notes`, in a sentence for the reader, when given."""
    if not html or not html.strip():
        raise ExtractionError("The page is empty.")
    html = _XML_DECL.sub("", html, count=1)
    root, too_deep = _parse(html)
    if too_deep:
        for flatten in (limits.collapse_nesting, limits.drop_containers):
            html = flatten(html)
            root, too_deep = _parse(html)
            if not too_deep:
                break
        if notes is not None:
            notes.append(
                f"The page nests its elements more than {limits.MAX_DEPTH} levels deep; "
                + (
                    "it was read with its layout flattened."
                    if not too_deep
                    else "the text past that depth could not be read."
                )
            )
    links = limits.trim_links(root)
    if links > limits.MAX_LINKS and notes is not None:
        notes.append(
            f"The page has {links:,} links; only the first {limits.MAX_LINKS:,} were read."
        )
    elements = limits.trim_elements(root)
    if elements > limits.MAX_ELEMENTS and notes is not None:
        notes.append(
            f"The page is too long to read whole ({elements:,} elements); only its first "
            f"{limits.MAX_ELEMENTS:,} were read."
        )
    limits.trim_attributes(root)
    _strip_namespaces(root)
    if _XML_INCOMPATIBLE.search(html) or _control_reference(html):
        _strip_tree_controls(root)
    return root


#: Every element is a plain HtmlElement, picked in C. lxml.html's own lookup
#: (form and input classes nothing here uses) is a Python call for every
#: element object lxml makes, and each walk over the tree makes them anew:
#: about a millisecond per page.
_ELEMENT_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def _parse(html: str) -> tuple[HtmlElement, bool]:
    """The tree, and whether the parser stopped at its depth limit (a parser
    per call: its error log is this parse's alone)."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"The page could not be parsed as HTML ({exc}).") from None
    if root is None:
        raise ExtractionError("The page could not be parsed as HTML.")
    too_deep = any(
        entry.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT or "Excessive depth" in entry.message
        for entry in parser.error_log
    )
    return root, too_deep


#: Characters lxml keeps when parsing (raw, or from `&#27;`-style references)
#: but refuses to be given back: setting a text, tail or attribute that holds
#: one raises ValueError, as dropping an element does when it merges its tail.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


#: A numeric character reference that may stand for a C0 control (`&#27;`, `&#x1b`).
_SHORT_REFERENCE = re.compile(
    r"&#(?:[xX]0*([0-9a-fA-F]{1,2})(?![0-9a-fA-F])|0*([0-9]{1,2})(?![0-9]))"
)
_ALLOWED_C0 = frozenset({9, 10, 13})


def _control_reference(html: str) -> bool:
    """True when `html` has a character reference to a C0 control."""
    if "&#" not in html:
        return False
    for match in _SHORT_REFERENCE.finditer(html):
        hexa, decimal = match.groups()
        code = int(hexa, 16) if hexa is not None else int(decimal)
        if code < 32 and code not in _ALLOWED_C0:
            return True
    return False


def _strip_tree_controls(root: HtmlElement) -> None:
    """Remove escape sequences and C0 controls from every text, tail and
    attribute value that has any, one node at a time (an unterminated OSC
    takes the rest of its own text node, never the rest of the page)."""
    for el in root.iter():
        text = el.text
        if text and _XML_INCOMPATIBLE.search(text):
            el.text = strip_controls(text)
        tail = el.tail
        if tail and _XML_INCOMPATIBLE.search(tail):
            el.tail = strip_controls(tail)
        for name, value in el.attrib.items():
            if _XML_INCOMPATIBLE.search(value):
                el.set(name, strip_controls(value))


def _strip_namespaces(root: HtmlElement) -> None:
    """XHTML parsed as HTML keeps prefixes like `html:p`; drop them."""
    for el in root.xpath("//*[contains(name(), ':')]"):
        el.tag = el.tag.rsplit(":", 1)[1]


def is_hidden(el: HtmlElement) -> bool:
    """True for elements a browser would not show (hidden attribute, inline style)."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _DISPLAY_NONE.search(style))


def prune(root: HtmlElement) -> None:
    """Drop junk elements and hidden subtrees in place (keeps <meta>, <title>, JSON-LD
    is read before this runs)."""
    doomed: list[HtmlElement] = list(root.iter(*JUNK_TAGS))
    for el in root.xpath(_HIDDEN_CANDIDATES):
        if el.tag not in ("html", "body") and is_hidden(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def drop_scripts(root: HtmlElement) -> None:
    """Remove script, style and template content (their text is not page text)."""
    for el in list(root.iter("script", "style", "noscript", "template")):
        if el.getparent() is not None:
            el.drop_tree()


def tag_of(el: object) -> str:
    """The element's tag, "" for comments and processing instructions."""
    tag = getattr(el, "tag", None)
    return tag if isinstance(tag, str) else ""


def text_of(el: HtmlElement) -> str:
    """Visible text with whitespace collapsed (str.split splits on exactly the
    characters `\\s` matches, and is faster than a regex on long text)."""
    return " ".join(el.text_content().split())


def spaced_text(el: HtmlElement) -> str:
    """Visible text with a space between every text node, so that adjacent
    inline elements ("<span>Jane Doe</span><span>May 1</span>") do not run together."""
    return " ".join(" ".join(el.itertext()).split())


def text_len(el: HtmlElement) -> int:
    """Length of the collapsed text."""
    return len(text_of(el))


def link_text_len(el: HtmlElement) -> int:
    """Length of the text inside links within `el` (or `el` itself if it is a link)."""
    if el.tag == "a":
        return text_len(el)
    return sum(text_len(a) for a in el.iter("a"))


def link_density(el: HtmlElement) -> float:
    """Share of the element's text that sits inside links."""
    total = text_len(el)
    return link_text_len(el) / total if total else 0.0


_NO_TOKENS: frozenset[str] = frozenset()


def class_tokens(el: HtmlElement) -> frozenset[str]:
    """Class and id words: each split on dashes and underscores, and also joined
    ("most-read" gives "most", "read" and "mostread")."""
    cls = el.get("class")
    ident = el.get("id")
    if not cls and not ident:
        return _NO_TOKENS
    out: set[str] = set()
    for word in f"{cls or ''} {ident or ''}".lower().split():
        pieces = [p for p in _SPLIT_TOKENS.split(word) if p]
        out.update(pieces)
        if len(pieces) > 1:
            out.add("".join(pieces))
    return frozenset(out)
