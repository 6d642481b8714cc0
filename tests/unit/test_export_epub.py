"""EPUB books (reader.core.export.epub): they open with a real EPUB library
(ebooklib), their package document is valid, every XHTML file is well-formed,
and hostile page text stays text. `check_epub` is shared with the library's
export tests."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from reader.core.export.epub import EpubBook
from reader.core.export.links import web_uri
from reader.core.export.story import ExportStory
from reader.core.export.xhtml import xml_safe
from reader.core.models import Article, Block, BlockKind, Span
from reader.core.sanitize import clean_line

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=False)

HOSTILE = [
    "]]> and <![CDATA[ x ]]>",
    "</p><script>alert(1)</script><p>",
    "bell\x07 esc\x1b]52;c;AAAA\x07 nul\x00 vt\x0b ff\x0c c1\x85 end\ufffe\uffff",
    "---\ntitle: no",
    "مرحبا بالعالم — עברית 🎉🙂 \u202egnp.exe",
    "&amp; &lt;b&gt; &nbsp; &#0; &unknown;",
    'quotes " and \' in <a href="javascript:alert(1)">x</a>',
    "W" * 5000,
]


def hostile_story(number: int, title: str, lang: str | None = "en") -> ExportStory:
    blocks = (
        Block(BlockKind.HEADING, (Span(title),), level=2),
        Block(
            BlockKind.PARAGRAPH,
            (
                Span(f"Text {title} "),
                Span("bold", bold=True),
                Span(" safe link", href="https://x.example/a?b=1&c=<2>"),
                Span(" script link", href="javascript:alert(1)"),
                Span(" data link", href="data:text/html,<script>x</script>"),
            ),
        ),
        Block(BlockKind.QUOTE, (Span(title),)),
        Block(BlockKind.LIST_ITEM, (Span("one"),), marker="1."),
        Block(BlockKind.LIST_ITEM, (Span("nested"),), level=1, marker="•"),
        Block(BlockKind.LIST_ITEM, (Span("deep"),), level=3, marker="•"),
        Block(BlockKind.LIST_ITEM, (Span("two"),), marker="2."),
        Block(BlockKind.CODE, (Span(f"if a < b && c > d: {title}"),)),
        Block(BlockKind.TABLE, (Span("a | b\n1 | 2"),)),
        Block(BlockKind.IMAGE, (Span(title, href="https://img.example/p.jpg?a=1&b=2"),)),
        Block(BlockKind.IMAGE, (Span("no address"),)),
        Block(BlockKind.CAPTION, (Span(title),)),
        Block(BlockKind.RULE),
        Block(BlockKind.PARAGRAPH, (Span("line\nbreak"),)),
    )
    article = Article(
        url=None,
        title=title,
        byline=title,
        published="2025-03-01T10:00:00Z",
        site_name=title,
        lang=lang,
        blocks=blocks,
    )
    url = f'https://news.example/{number}?q="x"&y=<z>'
    return ExportStory(url, article, saved=datetime(2025, 3, 2, tzinfo=UTC), tags=("a",))


def make_book(stories: list[ExportStory], title: str = "Reader — a test") -> bytes:
    buffer = io.BytesIO()
    with EpubBook(buffer, title, modified=datetime(2026, 12, 3, 9, 30, tzinfo=UTC)) as book:
        for one in stories:
            book.add(one)
    return buffer.getvalue()


@dataclass(frozen=True)
class BookCheck:
    """What `check_epub` found in a valid book."""

    title: str
    language: str
    toc: list[str]
    """The nav document's entries, in order (the title page first)."""
    chapters: list[etree._Element]
    """The stories' XHTML documents, in spine order."""


def _nodes(element: etree._Element, path: str) -> list[etree._Element]:
    return cast(list[etree._Element], element.xpath(path, namespaces={"x": XHTML, "epub": EPUB}))


def _text(element: etree._Element, path: str) -> str:
    return str(element.xpath(f"string({path})", namespaces={"x": XHTML}))


def check_epub(path: Path) -> BookCheck:
    """Validate the book at `path` as an EPUB 3 package (and open it with
    ebooklib); returns what the tests look at: title, language, chapter
    titles (from nav), and the parsed chapters."""
    from ebooklib import epub

    with zipfile.ZipFile(path) as book:
        infos = book.infolist()
        first = infos[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert first.extra == b""
        assert book.read("mimetype") == b"application/epub+zip"
        names = {info.filename for info in infos}
        assert len(names) == len(infos), "no duplicate entries"
        container = etree.fromstring(book.read("META-INF/container.xml"), _PARSER)
        ns = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}
        rootfile = container.find(".//c:rootfile", ns)
        assert rootfile is not None
        assert rootfile.get("media-type") == "application/oebps-package+xml"
        opf_path = rootfile.get("full-path", "")
        base = opf_path.rpartition("/")[0] + "/" if "/" in opf_path else ""
        package = etree.fromstring(book.read(opf_path), _PARSER)
        assert package.tag == f"{{{OPF}}}package" and package.get("version") == "3.0"
        o = {"opf": OPF, "dc": DC}
        unique = package.get("unique-identifier")
        ident = package.find(f"opf:metadata/dc:identifier[@id='{unique}']", o)
        assert ident is not None and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", ident.text or "")
        title = package.findtext("opf:metadata/dc:title", namespaces=o)
        assert title
        lang = package.findtext("opf:metadata/dc:language", namespaces=o)
        assert lang and re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]+)*", lang)
        modified = package.findtext(
            "opf:metadata/opf:meta[@property='dcterms:modified']", namespaces=o
        )
        assert modified and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)
        manifest = {item.get("id"): item for item in package.iterfind("opf:manifest/opf:item", o)}
        for item in manifest.values():
            assert base + item.get("href", "") in names, item.get("href")
        navs = [i for i in manifest.values() if "nav" in (i.get("properties") or "").split()]
        assert len(navs) == 1
        spine = package.find("opf:spine", o)
        assert spine is not None
        refs = [ref.get("idref") for ref in spine.iterfind("opf:itemref", o)]
        assert refs and all(ref in manifest for ref in refs)
        toc = spine.get("toc")
        assert toc in manifest and manifest[toc].get("media-type") == "application/x-dtbncx+xml"
        ncx = etree.fromstring(book.read(base + manifest[toc].get("href", "")), _PARSER)
        uid = ncx.find(f"{{{NCX}}}head/{{{NCX}}}meta[@name='dtb:uid']")
        assert uid is not None and uid.get("content") == ident.text
        documents: dict[str, etree._Element] = {}
        for item in manifest.values():
            if item.get("media-type") == "application/xhtml+xml":
                name = base + item.get("href", "")
                documents[name] = etree.fromstring(book.read(name), _PARSER)  # well-formed
                assert documents[name].tag == f"{{{XHTML}}}html"
        nav = documents[base + navs[0].get("href", "")]
        lists = _nodes(nav, "//x:nav[@epub:type='toc']/x:ol")
        assert lists, "the nav document has a toc"
        entries = [_text(a, ".") for a in lists[0].iterfind(f"{{{XHTML}}}li/{{{XHTML}}}a")]
        ncx_points = ncx.findall(f".//{{{NCX}}}navPoint")
        assert len(ncx_points) == len(entries)
        chapters = [
            documents[base + manifest[ref].get("href", "")]
            for ref in refs
            if ref not in {"title", "nav"}
        ]
    opened = epub.read_epub(str(path))
    assert opened.title == title
    return BookCheck(title, lang, entries, chapters)


def test_a_plain_book_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(make_book([hostile_story(1, "A calm title")]))
    found = check_epub(path)
    assert found.title == "Reader — a test"
    assert found.toc == ["Reader — a test", "A calm title"]
    assert found.language == "en"


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_text_stays_text(tmp_path: Path, title: str) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(
        make_book([hostile_story(1, title, lang="ar"), hostile_story(2, "Calm")], title=title)
    )
    found = check_epub(path)
    assert len(found.chapters) == 2
    chapter = found.chapters[0]
    assert not _nodes(chapter, "//x:script | //x:iframe | //x:object")
    hrefs = [a.get("href", "") for a in _nodes(chapter, "//x:a")]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert "https://x.example/a?b=1&c=%3C2%3E" in hrefs  # a valid URI, escaped in the attribute
    heading = _text(chapter, "//x:h1")
    expected = clean_line(title).replace("\ufffe", "").replace("\uffff", "")
    assert heading == expected
    assert "AAAA" not in heading and "\u202e" not in heading
    assert chapter.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"


def test_images_are_links_and_nothing_is_fetched(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(make_book([hostile_story(1, "Pictures")]))
    chapter = check_epub(path).chapters[0]
    assert not _nodes(chapter, "//x:img")
    links = _nodes(chapter, "//x:p[@class='image']/x:a")
    assert [a.get("href") for a in links] == ["https://img.example/p.jpg?a=1&b=2"]
    assert _text(chapter, "//x:p[@class='image'][2]") == "Image: no address"
    with zipfile.ZipFile(path) as book:
        assert all(
            name.endswith((".xhtml", ".css", ".ncx", ".opf", ".xml", "mimetype"))
            for name in book.namelist()
        )


def test_lists_nest_and_metadata_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(make_book([hostile_story(1, "Lists")]))
    chapter = check_epub(path).chapters[0]
    assert len(_nodes(chapter, "//x:ol/x:li/x:ul/x:li")) == 1
    assert _text(chapter, "//x:p[@class='meta']") == "Lists · Lists · 1 March 2025"
    source = _nodes(chapter, "//x:p[@class='source']/x:a")[0]
    assert source.get("href") == "https://news.example/1?q=%22x%22&y=%3Cz%3E"
    assert _text(source, ".") == 'https://news.example/1?q="x"&y=<z>'  # shown as it was


def test_many_chapters_and_languages(tmp_path: Path) -> None:
    stories = [
        hostile_story(n, f"Story {n}", lang="id" if n % 3 else "bad lang!") for n in range(1, 31)
    ]
    path = tmp_path / "book.epub"
    path.write_bytes(make_book(stories))
    found = check_epub(path)
    assert found.language == "id"
    assert found.toc == ["Reader — a test", *(f"Story {n}" for n in range(1, 31))]


def test_an_empty_title_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(make_book([hostile_story(1, "\x00\x1b[2J")], title="\x07"))
    found = check_epub(path)
    assert found.title == "Reader"
    assert found.toc[1].startswith("https://news.example/1")


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://x.example/a?b=1&c=<2>", "https://x.example/a?b=1&c=%3C2%3E"),
        (
            "https://bücher.example/straße?q=ü#a b#c",
            "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC#a%20b%23c",
        ),
        ("https://x.example/100%/a%20b", "https://x.example/100%25/a%20b"),
        ("HTTPS://x.example/", "https://x.example/"),
        ("javascript:alert(1)", None),
        ("data:text/html,<b>", None),
        ("file:///etc/passwd", None),
        ("/relative", None),
    ],
)
def test_link_targets_are_valid_web_uris(href: str, expected: str | None) -> None:
    assert web_uri(href) == expected


@settings(max_examples=150, deadline=None)
@given(title=st.text(max_size=200), body=st.text(max_size=400), href=st.text(max_size=80))
def test_any_text_makes_well_formed_xhtml(title: str, body: str, href: str) -> None:
    from reader.core.export.epub import chapter_xhtml

    article = Article(
        url=None,
        title=title,
        byline=body[:20],
        blocks=(
            Block(BlockKind.PARAGRAPH, (Span(body, href="https://x.example/" + href),)),
            Block(BlockKind.CODE, (Span(body),)),
        ),
    )
    page = chapter_xhtml(ExportStory("https://x.example/" + href, article), title, None)
    root = etree.fromstring(page.encode("utf-8"), _PARSER)
    x = {"x": XHTML}
    assert root.xpath("string(//x:h1)", namespaces=x) == xml_safe(title)
    assert root.xpath("string(//x:pre)", namespaces=x) == xml_safe(body)
    for a in _nodes(root, "//x:a"):
        assert web_uri(a.get("href")) == a.get("href")
