"""Charset labels as they arrive in a page, not only through `codec_for`: the
WHATWG labels Python does not know (on text too short for detection to find
the charset by itself), and labels of codecs that are not web encodings (which
must never make decoding raise or turn escapes into markup)."""

from __future__ import annotations

import pytest

from reader.core.fetch.charset import decode_html

from .test_charsets import page


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("x-mac-cyrillic", "<p>Привет, мир</p>", "mac-cyrillic"),
        ("windows-949", "<p>안녕하세요</p>", "cp949"),
        ("x-gbk", "<p>你好，世界</p>", "gb18030"),
        ("iso-8859-8-i", "<p>שלום עולם</p>", "iso8859-8"),
        ("x-euc-jp", "<p>こんにちは</p>", "euc_jp"),
        ("x-user-defined", "<p>café crème</p>", "cp1252"),
    ],
    ids=lambda value: value if value.isascii() else "text",
)
@pytest.mark.parametrize("where", ["header", "meta"])
def test_whatwg_labels_python_lacks_are_honoured(
    label: str, text: str, codec: str, where: str
) -> None:
    if where == "header":
        html, content_type = page(text), f"text/html; charset={label}"
    else:
        html, content_type = page(text, f'<meta charset="{label}">'), "text/html"
    decoded, charset = decode_html(html.encode(codec), content_type)
    assert (decoded, charset) == (html, codec)


@pytest.mark.parametrize("label", ["base64", "rot13", "hex", "unicode_escape", "cp437"])
def test_labels_of_codecs_browsers_lack_are_skipped(label: str) -> None:
    body = b"<p>caf\xc3\xa9 \\x3cscript\\x3e</p>"
    assert decode_html(body, f"text/html; charset={label}") == (body.decode(), "utf-8")
