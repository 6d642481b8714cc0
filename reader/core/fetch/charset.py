"""Charsets: decoding an HTML body to text the way browsers do (`decode_html`),
the Python codec for a charset label (`codec_for`), and detection when
nothing is declared.

w3lib's `html_to_unicode` was tried in this place and falls short of the tests:
it keeps a label that is plainly wrong (UTF-8 on a windows-1252, Shift_JIS or
GBK page; ISO-8859-1 on a UTF-8 page), reads <meta charset="utf-16"> as
UTF-16, drops WHATWG labels Python lacks (x-mac-cyrillic, iso-8859-8-i, x-gbk,
...), decodes with any Python codec (unicode_escape, cp437) and raises on
non-text ones (base64).
"""

from __future__ import annotations

import codecs
import functools
import re

__all__ = ["codec_for", "decode_feed", "decode_html"]

#: How far into the document <meta charset> and the XML declaration are looked for.
_PRESCAN_BYTES = 8 * 1024
#: How much of the body charset detection looks at.
_DETECT_BYTES = 256 * 1024
#: How much more "chaos" windows-1252 may show than the best guess and still win.
_LATIN_MARGIN = 0.1

#: WHATWG labels Python does not know, mapped to Python codecs.
_LABELS = {
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "windows-874": "cp874",
    "dos-874": "cp874",
    "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic",
    "iso-8859-8-i": "iso8859-8",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "x-gbk": "gb18030",
    "x-euc-jp": "euc_jp",
    "x-x-big5": "big5hkscs",
    "windows-949": "cp949",
    "x-user-defined": "cp1252",
}
#: Python codecs replaced by the superset browsers use for the same label.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
    "utf-8-sig": "utf-8",
    "utf-16": "utf-16-le",
}
#: The encodings browsers support (the WHATWG Encoding Standard), as Python codecs.
#: Anything else (utf-7, unicode-escape, DOS code pages, ...) is not honoured.
_WEB_CODECS = frozenset(
    {
        "utf-8",
        "utf-16-le",
        "utf-16-be",
        "cp866",
        *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "mac-cyrillic",
        "cp874",
        *(f"cp125{n}" for n in range(9)),
        "gb18030",
        "big5hkscs",
        "euc_jp",
        "iso2022_jp",
        "cp932",
        "cp949",
    }
)
#: With fewer non-ASCII bytes than this, detection is a coin toss: use windows-1252.
_DETECT_MIN_NON_ASCII = 16
_ASCII = bytes(range(128))
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I
)
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.S)


def codec_for(label: str | None, *, from_document: bool = False) -> str | None:
    """The Python codec for a charset label, or None when unknown or unsuitable.

    Follows browsers: ISO-8859-1 and ASCII decode as windows-1252, Shift_JIS as
    cp932, GBK/GB2312 as GB18030, EUC-KR as cp949. A UTF-16 label inside the
    document itself means UTF-8 (the declaration could not have been read otherwise).
    """
    if not label:
        return None
    name = label.strip().strip("\"'").strip().lower()
    if not name or len(name) > 40:
        return None
    name = _LABELS.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    codec = _SUPERSETS.get(info.name, info.name)
    if from_document and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec if codec in _WEB_CODECS else None


def _bom(body: bytes) -> tuple[str, int] | None:
    if body.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if body.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if body.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    return None


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"""charset\s*=\s*["']?([^"';,\s]+)""", content_type, re.I)
    return match.group(1) if match else None


def _document_charset(body: bytes) -> str | None:
    """The charset declared by an XML declaration or <meta> near the start."""
    head = body[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head)
    if match:
        return match.group(1).decode("ascii")
    match = _META_CHARSET.search(_COMMENT.sub(b"", head))
    return match.group(1).decode("ascii") if match else None


@functools.lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    # (UTF-8 would pass the length test: each invalid byte becomes one U+FFFD.)
    return codec != "utf-8" and len(bytes(range(256)).decode(codec, "replace")) == 256


def _decode_declared(
    body: bytes, codec: str, *, in_document: bool = False
) -> tuple[str, str] | None:
    """Decode with a declared charset, or None when the declaration is clearly wrong.

    Valid multi-byte UTF-8 does not happen by chance in legacy text, so a body
    that is valid UTF-8 is read as UTF-8 when a single-byte label says
    otherwise (the classic mislabel: a UTF-8 page served as ISO-8859-1), and
    when a <meta> names any legacy charset (a page re-encoded without its meta
    being updated). A multi-byte charset in the HTTP header is believed.
    """
    if codec != "utf-8" and (in_document or _single_byte(codec)) and _is_utf8_with_non_ascii(body):
        return body.decode("utf-8"), "utf-8"
    try:
        return body.decode(codec), codec
    except UnicodeDecodeError:
        pass
    text = body.decode(codec, "replace")
    errors = text.count("\ufffd")
    non_ascii = len(body.translate(None, _ASCII))
    # A few bad bytes in a page that is otherwise in this charset: keep it.
    # Mostly errors: the label is wrong, try the next source of truth.
    if errors * 10 <= non_ascii:
        return text, codec
    return None


def _is_utf8_with_non_ascii(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(body: bytes) -> str | None:
    """Guess the charset with charset-normalizer (on a prefix cut at a safe boundary).

    charset-normalizer cannot tell the Latin code pages apart well (French in
    windows-1252 comes out as cp1250 or cp1257); like browsers, windows-1252
    wins whenever it is among the guesses and about as plausible as the best.
    A few bytes windows-1252 leaves undefined (stray 0x81, 0x9D, ...) do not
    rule it out either.
    """
    if len(body.translate(None, _ASCII)) < _DETECT_MIN_NON_ASCII:
        return "cp1252"
    sample = body
    if len(sample) > _DETECT_BYTES:
        sample = body[:_DETECT_BYTES]
        cut = max(sample.rfind(b"\n"), sample.rfind(b"<"))
        if cut > 0:
            sample = sample[:cut]
    choice = _best_web_codec(sample)
    if choice is not None and choice != "cp1252" and _single_byte(choice):
        undefined = len(sample) - len(sample.translate(None, _CP1252_UNDEFINED))
        few = 0 < undefined * 50 <= len(sample.translate(None, _ASCII))
        if few and _best_web_codec(sample.translate(None, _CP1252_UNDEFINED)) == "cp1252":
            return "cp1252"
    return choice


def _best_web_codec(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    try:
        matches = list(from_bytes(sample))
    except Exception:  # pragma: no cover - detection is best effort
        return None
    web = [(codec, m) for m in matches if (codec := codec_for(str(m.encoding))) is not None]
    if not web:
        return None
    best_chaos = web[0][1].chaos
    for codec, match in web:
        if codec == "cp1252" and match.chaos <= best_chaos + _LATIN_MARGIN:
            return "cp1252"
    return web[0][0]


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTML body; returns (text, Python codec name).

    Order: byte-order mark; the Content-Type charset; <meta charset>, <meta
    http-equiv> or the XML declaration in the first 8 KiB; valid UTF-8;
    charset-normalizer's guess; UTF-8 with replacement characters. Unknown
    labels are skipped, and a declared charset that mostly fails to decode is
    treated as wrong. Never raises on bad bytes.
    """
    bom = _bom(body)
    if bom is not None:
        bom_codec, skip = bom
        return body[skip:].decode(bom_codec, "replace"), bom_codec
    tried: set[str] = set()
    decoded = _by_declaration(body, _header_charset(content_type), _document_charset(body), tried)
    if decoded is not None:
        return decoded
    if "utf-8" not in tried:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    detected = _detect(body)
    if detected is not None and detected not in tried:
        return body.decode(detected, "replace"), detected
    return body.decode("utf-8", "replace"), "utf-8"


def decode_feed(body: bytes, content_type: str | None, *, json: bool = False) -> tuple[str, str]:
    """Decode a feed body; returns (text, Python codec name). Never raises.

    JSON (JSON Feed) is UTF-8 (RFC 8259), a BOM skipped. XML: a byte-order
    mark; then the Content-Type charset (RFC 7303: the header wins over the
    document), unless it is clearly wrong (a UTF-8 body labelled
    ISO-8859-1, bytes that mostly fail to decode); then the XML
    declaration; then UTF-8 with replacement characters (XML's default: no
    guessing).
    """
    if json:
        text = body.decode("utf-8", "replace")
        return text.removeprefix("\ufeff"), "utf-8"
    bom = _bom(body)
    if bom is not None:
        bom_codec, skip = bom
        return body[skip:].decode(bom_codec, "replace"), bom_codec
    declared = _xml_declared_charset(body)
    decoded = _by_declaration(body, _header_charset(content_type), declared, set())
    return decoded or (body.decode("utf-8", "replace"), "utf-8")


def _by_declaration(
    body: bytes, header: str | None, document: str | None, tried: set[str]
) -> tuple[str, str] | None:
    """The body decoded by the first charset declared (the header's, then the
    document's) that is known and reads it; the codecs tried go into `tried`."""
    for label, in_document in ((header, False), (document, True)):
        codec = codec_for(label, from_document=in_document)
        if codec is None or codec in tried:
            continue
        tried.add(codec)
        decoded = _decode_declared(body, codec, in_document=in_document)
        if decoded is not None:
            return decoded
    return None


def _xml_declared_charset(body: bytes) -> str | None:
    match = _XML_ENCODING.match(body[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None
