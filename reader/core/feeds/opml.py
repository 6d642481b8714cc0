"""OPML 1.0/2.0 subscription lists: `read_opml` (nested outlines: the titles
of the outlines around an entry and its `category` become its tags) and
`write_opml` (OPML 2.0, grouped by first tag; page and list sources kept
with type="page" and listHeading, so that our own round trip keeps them).

The XML is read safely: the prolog (and any DOCTYPE with entity
definitions) is dropped before parsing, and the parser neither loads a DTD,
resolves an entity nor touches the network.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING

from reader.core.errors import FeedError
from reader.core.feeds.model import OutlineEntry
from reader.core.feeds.sniff import root_element
from reader.core.feeds.text import without_bad_char_refs
from reader.core.fetch.charset import decode_feed
from reader.core.records import SOURCE_FEED, SOURCE_LIST, Source
from reader.core.sanitize import clean_line

if TYPE_CHECKING:
    from lxml import etree
    from lxml.etree import _Element

__all__ = ["read_opml", "write_opml"]

#: At most this many entries are read from one file.
MAX_ENTRIES = 10_000
#: Folders deeper than this are read as if they were at this depth.
_MAX_DEPTH = 32
_PAGE_TYPES = frozenset({"page", "html", "link", "website"})


def read_opml(data: bytes) -> list[OutlineEntry]:
    """The subscriptions of an OPML document, in document order. Raises
    `FeedError` when the data is not OPML."""
    from lxml import etree

    text, _ = decode_feed(data, None)
    found = root_element(text)
    if found is None or found[1].rpartition(":")[2].lower() != "opml":
        raise FeedError("This is not an OPML file (its first element is not <opml>).")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )
    document = without_bad_char_refs(text[found[0] :])
    unreadable = FeedError("The OPML file could not be read (it is not well-formed XML).")
    try:
        root = etree.fromstring(document.encode("utf-8", "replace"), parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise unreadable
    _check_limits(parser)
    body = next((el for el in root if _local(el) == "body"), None)
    if body is None:
        return []
    entries: list[OutlineEntry] = []
    try:
        for entry in _walk(body, (), 0):
            entries.append(entry)
            if len(entries) >= MAX_ENTRIES:
                break
    except ValueError:  # lxml's recovery can leave text it cannot hand back
        raise unreadable from None
    return entries


def _check_limits(parser: etree.XMLParser) -> None:
    """libxml2 stops at 256 levels of nesting (and at text nodes of 10 MB),
    and its recovery then drops the rest of the file: refuse it in one
    sentence rather than import part of it unsaid."""
    for entry in parser.error_log:
        message = str(entry.message)
        if "depth" in message.lower():
            raise FeedError(
                "The OPML file nests outlines too deeply (256 levels or more); it was not read."
            )
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "huge" in message.lower():
            raise FeedError("The OPML file holds a value too large to read; it was not read.")


def _walk(parent: _Element, tags: tuple[str, ...], depth: int) -> Iterator[OutlineEntry]:
    for el in parent:
        if _local(el) != "outline":
            continue
        attrs = {str(k).lower(): str(v) for k, v in el.attrib.items()}
        title = clean_line(attrs.get("text") or attrs.get("title"))[:200]
        kind = attrs.get("type", "").strip().lower()
        feed_url = attrs.get("xmlurl", "").strip()
        page_url = (attrs.get("url") or attrs.get("htmlurl") or "").strip()
        own_tags = _merge(tags, _categories(attrs.get("category", "")))
        if feed_url:
            yield OutlineEntry(url=feed_url, title=title, tags=own_tags)
        elif kind in _PAGE_TYPES and page_url:
            heading = clean_line(attrs.get("listheading"))[:200] or None
            yield OutlineEntry(
                url=page_url, title=title, tags=own_tags, kind="page", list_heading=heading
            )
        if len(el):
            folder = (title,) if title and not feed_url and not page_url else ()
            yield from _walk(el, _merge(tags, folder), min(depth + 1, _MAX_DEPTH))


def _local(el: _Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def _categories(value: str) -> tuple[str, ...]:
    """OPML 2.0's category: comma-separated, each a slash-delimited path
    ("/Berita/Lokal" gives "Berita" and "Lokal")."""
    out: list[str] = []
    for part in value.split(","):
        out.extend(segment for segment in part.split("/") if segment.strip())
    return tuple(out)


def _merge(tags: tuple[str, ...], more: Sequence[str]) -> tuple[str, ...]:
    out = list(tags)
    seen = {t.casefold() for t in out}
    for tag in more:
        cleaned = clean_line(tag)[:60]
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            out.append(cleaned)
    return tuple(out)


def write_opml(sources: Sequence[Source], *, title: str = "Reader sources") -> bytes:
    """OPML 2.0 of `sources`: grouped in folders by first tag (untagged ones
    at the top level, after the folders), all tags in `category`; feeds as
    type="rss" with xmlUrl, pages as type="page" with url (and listHeading
    for one list of a page)."""
    from lxml import etree

    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _xml(title)
    etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = etree.SubElement(root, "body")
    groups: dict[str, list[Source]] = {}
    for source in sources:
        groups.setdefault(_tag_text(source.tags[0]) if source.tags else "", []).append(source)
    folders = sorted((name for name in groups if name), key=str.casefold)
    for name in [*folders, ""]:
        members = groups.get(name)
        if not members:
            continue
        parent = body
        if name:
            parent = etree.SubElement(body, "outline", text=_xml(name), title=_xml(name))
        for source in sorted(members, key=lambda s: (s.title.casefold(), s.url)):
            _outline(parent, source)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _outline(parent: _Element, source: Source) -> None:
    from lxml import etree

    attrs = {"text": _xml(source.title or source.url), "title": _xml(source.title or source.url)}
    if source.kind == SOURCE_FEED:
        attrs.update(type="rss", xmlUrl=_xml(source.url))
        if source.site_url:
            attrs["htmlUrl"] = _xml(source.site_url)
    else:
        attrs.update(type="page", url=_xml(source.url), htmlUrl=_xml(source.url))
        if source.kind == SOURCE_LIST and source.list_heading:
            attrs["listHeading"] = _xml(source.list_heading)
    if source.tags:
        attrs["category"] = ",".join(_tag_text(t) for t in source.tags)
    etree.SubElement(parent, "outline", attrs)


def _tag_text(tag: str) -> str:
    """A tag as written: "," separates categories and "/" the parts of one,
    so neither can be in a tag (each becomes a space)."""
    return " ".join(_xml(tag).replace(",", " ").replace("/", " ").split())


def _xml(text: str) -> str:
    """Text XML can hold: controls and escapes removed, one line."""
    return clean_line(text).replace("\ufffe", "").replace("\uffff", "")
