"""Content sniffing: is a body binary (and what), does it look like HTML, is
a body labelled HTML something else (JSON, plain text), and what a MIME type
is in words for messages."""

from __future__ import annotations

import json
import re

from reader.core.urls import shorten

__all__ = ["describe_binary", "describe_mime", "describe_not_html", "looks_like_html"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"OggS", "an audio or video file"),
    (b"fLaC", "an audio file"),
    (b"ID3", "an audio file"),
    (b"\x1a\x45\xdf\xa3", "a video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an office document"),
    (b"{\\rtf", "an RTF document"),
)
_BZIP2 = re.compile(rb"^BZh[1-9]1AY&SY")
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|title|meta|link|script|style|"
    rb"base|div|p|h[1-6]|table|a|br|b|i|font|iframe|article|section|header|nav|main|ul|span)"
    rb"[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


def describe_binary(data: bytes) -> str | None:
    """What a binary body is ("a PDF document"), or None when it may be text.

    Looks at magic numbers and NUL bytes near the start (UTF-16 with a BOM is text).
    """
    head = data[:8192]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if _BZIP2.match(head):
        return "a bzip2 archive"
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "an audio file", b"AVI ": "a video"}[head[8:12]]
    if head[4:8] == b"ftyp":
        return "a video or image file (MP4/HEIF)"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return None


def looks_like_html(data: bytes) -> bool:
    """Content sniffing for a body without a Content-Type: does it start like HTML?"""
    head = data[:1024]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            if bom != b"\xef\xbb\xbf":
                head = head[len(bom) :].replace(b"\x00", b"")
            else:
                head = head[len(bom) :]
            break
    if describe_binary(head) is not None:
        return False
    return bool(_HTML_START.match(head) or _HTML_ANYWHERE.search(head))


#: Markup: a tag, an end tag, a comment, a doctype or a processing instruction.
_MARKUP = re.compile(rb"<[a-zA-Z!/?]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def describe_not_html(data: bytes) -> str | None:
    """What a body labelled as HTML really is when it is not a page: "JSON
    data" (it parses as a JSON object or array) or "plain text" (not one tag,
    comment or doctype in it); None when it has markup, as any page does.
    Binary bodies are `describe_binary`'s."""
    if data.startswith(_UTF16_BOMS):
        data = data[2:].replace(b"\x00", b"")
    elif data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    start = data.lstrip()[:1]
    if start in (b"{", b"[") and not looks_like_html(data):
        try:
            value = json.loads(data)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict | list):
            return "JSON data"
    if _MARKUP.search(data) is None:
        return "plain text"
    return None


_MIME_KINDS = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "application/ld+json": "JSON data",
    "application/octet-stream": "a binary file (application/octet-stream)",
    "text/plain": "plain text",
    "text/css": "a stylesheet",
    "text/javascript": "a script",
    "application/javascript": "a script",
    "application/zip": "a ZIP archive",
    "application/gzip": "a gzip archive",
    "application/rss+xml": "an RSS feed",
    "application/atom+xml": "an Atom feed",
    "application/xml": "an XML document",
    "text/xml": "an XML document",
    "text/csv": "a CSV table",
    "application/msword": "a Word document",
}


def describe_mime(mime: str) -> str:
    if mime in _MIME_KINDS:
        return _MIME_KINDS[mime]
    major, _, minor = mime.partition("/")
    minor = shorten(minor.split("+")[0], 20).upper()
    if major == "image":
        return f"an image ({minor})" if minor else "an image"
    if major == "video":
        return "a video"
    if major == "audio":
        return "an audio file"
    if major == "font":
        return "a font"
    return f"a file of type {shorten(mime, 60)}"
