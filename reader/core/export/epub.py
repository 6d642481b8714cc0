"""Stories as one EPUB 3 book, written with the standard library's zipfile.

    mimetype                     first, stored uncompressed (the EPUB rule)
    META-INF/container.xml       points at the package document
    OEBPS/content.opf            package: metadata, manifest, spine
    OEBPS/nav.xhtml              the table of contents (EPUB 3)
    OEBPS/toc.ncx                the same for older readers (EPUB 2)
    OEBPS/title.xhtml            a title page (no cover image)
    OEBPS/style.css
    OEBPS/s0001.xhtml ...        one chapter per story, with its metadata

Chapters are written into the zip as they are added (`EpubBook.add`), so a
book of 500 stories holds one story at a time plus the compressed book; the
title page, navigation and package document follow at `close`. Every string
from a page goes through `reader.core.export.xhtml` (escaped, stripped of
what XML cannot hold); file names inside the book are ours (`s0001.xhtml`),
never a title. Images are links: nothing is fetched.

Why not ebooklib: it is AGPL-3.0 (this project is MIT), keeps every chapter
in memory until the book is written, and the few files above are short and
tested (tests open the books with ebooklib and check the package document).
"""

from __future__ import annotations

import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import IO

from reader.core.export.story import ExportStory, iso_moment, long_day
from reader.core.export.xhtml import attribute, blocks_to_xhtml, language, link, text
from reader.core.sanitize import clean_line

MEDIA_TYPE = "application/epub+zip"
XHTML = "application/xhtml+xml"
_XML = '<?xml version="1.0" encoding="utf-8"?>\n'
_CONTAINER = (
    _XML + '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" '
    'media-type="application/oebps-package+xml"/></rootfiles>\n</container>\n'
)
_STYLE = """body { margin: 0 1em; line-height: 1.5; }
h1 { font-size: 1.5em; line-height: 1.25; margin: 1em 0 0.5em; }
p.meta, p.source { font-size: 0.85em; margin: 0.2em 0; color: #555; }
p.source { word-break: break-all; }
p.caption, p.image { font-size: 0.9em; }
blockquote { margin: 1em 1.5em; font-style: italic; }
pre { white-space: pre-wrap; font-size: 0.85em; }
nav ol { list-style: none; padding: 0; }
nav li { margin: 0.4em 0; }
section.title { text-align: center; margin-top: 30%; }
"""


@dataclass(frozen=True)
class _Chapter:
    """What the navigation needs of a chapter written already."""

    ident: str
    title: str


class EpubBook:
    """An EPUB 3 book written into `target` (a binary file open for writing),
    one story at a time: `add` each, then `close` (or use `with`)."""

    def __init__(
        self,
        target: IO[bytes],
        title: str,
        *,
        identifier: str | None = None,
        modified: datetime | None = None,
        language_tag: str | None = None,
        subtitle: str = "",
    ) -> None:
        self.title = clean_line(title) or "Reader"
        self.subtitle = clean_line(subtitle)
        self.identifier = identifier or f"urn:uuid:{uuid.uuid4()}"
        self.modified = (modified or datetime.now(UTC)).replace(microsecond=0)
        self._language = language(language_tag)
        self._languages: Counter[str] = Counter()
        self._chapters: list[_Chapter] = []
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self._zip.writestr(zipfile.ZipInfo("mimetype"), MEDIA_TYPE, zipfile.ZIP_STORED)
        self._write("META-INF/container.xml", _CONTAINER)
        self._write("OEBPS/style.css", _STYLE)
        self._closed = False

    @property
    def chapters(self) -> int:
        """Stories added so far."""
        return len(self._chapters)

    @property
    def language(self) -> str:
        """The book's language: the one given, else its stories' most common, else "en"."""
        if self._language:
            return self._language
        common = self._languages.most_common(1)
        return common[0][0] if common else "en"

    def add(self, story: ExportStory) -> None:
        """Write one story as the next chapter."""
        ident = f"s{len(self._chapters) + 1:04d}"
        title = clean_line(story.article.title) or clean_line(story.url) or "Untitled"
        lang = language(story.article.lang)
        if lang:
            self._languages[lang.lower()] += 1
        self._write(f"OEBPS/{ident}.xhtml", chapter_xhtml(story, title, lang))
        self._chapters.append(_Chapter(ident, title))

    def close(self) -> None:
        """Write the title page, the navigation and the package document, and
        finish the zip."""
        if self._closed:
            return
        self._closed = True
        self._write("OEBPS/title.xhtml", self._title_page())
        self._write("OEBPS/nav.xhtml", self._nav())
        self._write("OEBPS/toc.ncx", self._ncx())
        self._write("OEBPS/content.opf", self._package())
        self._zip.close()

    def __enter__(self) -> EpubBook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._closed = True
            self._zip.close()

    # -- the files ----------------------------------------------------------------

    def _write(self, name: str, content: str) -> None:
        self._zip.writestr(name, content.encode("utf-8"))

    def _page(self, title: str, body: str, lang: str | None = None) -> str:
        return xhtml_page(title, body, lang or self.language)

    def _title_page(self) -> str:
        count = len(self._chapters)
        made = long_day(self.modified.date())
        lines = [
            '<section class="title" epub:type="titlepage">',
            f"<h1>{text(self.title)}</h1>",
        ]
        if self.subtitle:
            lines.append(f"<p>{text(self.subtitle)}</p>")
        lines.append(f"<p>{count} {'story' if count == 1 else 'stories'} · {made}</p>")
        lines.append("</section>")
        return self._page(self.title, "\n".join(lines))

    def _nav(self) -> str:
        items = "\n".join(
            f'<li><a href="{c.ident}.xhtml">{text(c.title)}</a></li>' for c in self._chapters
        )
        body = (
            '<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n<ol>\n'
            f'<li><a href="title.xhtml">{text(self.title)}</a></li>\n{items}\n</ol>\n</nav>'
        )
        return self._page("Contents", body)

    def _ncx(self) -> str:
        points = [("title", self.title)] + [(c.ident, c.title) for c in self._chapters]
        nav = "\n".join(
            f'<navPoint id="n-{ident}" playOrder="{order}"><navLabel><text>{text(label)}'
            f'</text></navLabel><content src="{ident}.xhtml"/></navPoint>'
            for order, (ident, label) in enumerate(points, start=1)
        )
        return (
            _XML + '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">\n'
            f'<head><meta name="dtb:uid" content="{attribute(self.identifier)}"/>'
            '<meta name="dtb:depth" content="1"/><meta name="dtb:totalPageCount" content="0"/>'
            '<meta name="dtb:maxPageNumber" content="0"/></head>\n'
            f"<docTitle><text>{text(self.title)}</text></docTitle>\n"
            f"<navMap>\n{nav}\n</navMap>\n</ncx>\n"
        )

    def _package(self) -> str:
        chapters = [c.ident for c in self._chapters]
        manifest = [
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
            '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
            '<item id="css" href="style.css" media-type="text/css"/>',
            f'<item id="title" href="title.xhtml" media-type="{XHTML}"/>',
            *(f'<item id="{c}" href="{c}.xhtml" media-type="{XHTML}"/>' for c in chapters),
        ]
        spine = ['<itemref idref="title"/>', '<itemref idref="nav"/>']
        spine += [f'<itemref idref="{c}"/>' for c in chapters]
        stamp = iso_moment(self.modified)
        return (
            _XML + '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
            f'unique-identifier="book-id" xml:lang="{self.language}">\n'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
            f'<dc:identifier id="book-id">{text(self.identifier)}</dc:identifier>\n'
            f"<dc:title>{text(self.title)}</dc:title>\n"
            f"<dc:language>{self.language}</dc:language>\n"
            f"<dc:date>{stamp}</dc:date>\n"
            f'<meta property="dcterms:modified">{stamp}</meta>\n'
            "</metadata>\n"
            "<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n"
            '<spine toc="ncx">\n' + "\n".join(spine) + "\n</spine>\n</package>\n"
        )


def xhtml_page(title: str, body: str, lang: str | None) -> str:
    """A whole XHTML document: `body` is XHTML already; `title` is text."""
    return (
        _XML + "<!DOCTYPE html>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f"{_lang_attributes(lang)}>\n"
        f'<head>\n<meta charset="utf-8"/>\n<title>{text(title)}</title>\n'
        '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def chapter_xhtml(story: ExportStory, title: str, lang: str | None) -> str:
    """One story as a chapter: its title, a line of byline, site and date,
    its address as a link, then the body."""
    article = story.article
    meta = [clean_line(article.byline), clean_line(article.site_name)]
    day = story.day
    if day is not None:
        meta.append(long_day(day))
    details = " · ".join(text(part) for part in meta if part)
    url = clean_line(story.url)
    lines = ['<section epub:type="chapter">', f"<h1>{text(title)}</h1>"]
    if details:
        lines.append(f'<p class="meta">{details}</p>')
    if url:
        lines.append(f'<p class="source">{link(url, text(url))}</p>')
    lines.append(blocks_to_xhtml(article.blocks))
    lines.append("</section>")
    return xhtml_page(title, "\n".join(lines), lang)


def _lang_attributes(lang: str | None) -> str:
    return f' lang="{lang}" xml:lang="{lang}"' if lang else ""


__all__ = ["EpubBook", "chapter_xhtml", "xhtml_page"]
