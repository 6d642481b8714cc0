"""Charsets: header, <meta>, XML declaration, detection, wrong labels, broken bytes."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from reader.core.fetch.charset import codec_for, decode_html
from reader.core.fetch.client import fetch

from .conftest import FAST

FRENCH = (
    "<p>Il était une fois, dans un café près de l’église, un garçon qui rêvait d’été. "
    "« Où êtes-vous ? » demanda-t-il à la fenêtre. Le théâtre, la forêt et les élèves "
    "étaient là, “comme toujours”.</p>"
)
SPANISH = (
    "<p>El niño comió piñas en la montaña. ¿Qué pasó después? La canción del señor "
    "García sonó en la habitación; él sonrió. Mañana habrá más información.</p>"
)
JAPANESE = (
    "<p>日本語のテキストです。今日は天気がとても良いので、公園に散歩に行きました。"
    "桜の花がきれいに咲いていました。ニュースによると、来週は雨が降るそうです。</p>"
)
CHINESE = (
    "<p>这是一段中文文本。今天天气很好，我们去公园散步。新闻报道说，下周将会下雨。"
    "经济发展和社会进步是人民共同的愿望。</p>"
)
KOREAN = (
    "<p>한국어 텍스트입니다. 오늘은 날씨가 아주 좋아서 공원에 산책을 갔습니다. "
    "뉴스에 따르면 다음 주에는 비가 온다고 합니다.</p>"
)
RUSSIAN = (
    "<p>Это русский текст. Сегодня хорошая погода, и мы пошли гулять в парк. "
    "Новости сообщают, что на следующей неделе будет дождь.</p>"
)


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body>{body * 4}</body></html>"


async def _fetch_bytes(httpserver: HTTPServer, body: bytes, content_type: str) -> tuple[str, str]:
    httpserver.expect_request("/").respond_with_data(body, content_type=content_type)
    result = await fetch(httpserver.url_for("/"), FAST)
    return result.html, result.charset


async def test_charset_from_header(httpserver: HTTPServer) -> None:
    text = page(RUSSIAN)
    html, charset = await _fetch_bytes(
        httpserver, text.encode("cp1251"), "text/html; charset=windows-1251"
    )
    assert html == text
    assert charset == "cp1251"


async def test_charset_from_meta_charset(httpserver: HTTPServer) -> None:
    text = page(JAPANESE, '<meta charset="Shift_JIS">')
    html, charset = await _fetch_bytes(httpserver, text.encode("shift_jis"), "text/html")
    assert html == text
    assert charset == "cp932"


async def test_charset_from_meta_http_equiv(httpserver: HTTPServer) -> None:
    text = page(KOREAN, '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">')
    html, charset = await _fetch_bytes(httpserver, text.encode("euc-kr"), "text/html")
    assert html == text
    assert charset == "cp949"


async def test_charset_from_xml_declaration(httpserver: HTTPServer) -> None:
    text = '<?xml version="1.0" encoding="ISO-8859-2"?>\n' + page(
        "<p>Zażółć gęślą jaźń, powiedział pan Żółtek.</p>"
    )
    html, charset = await _fetch_bytes(
        httpserver, text.encode("iso-8859-2"), "application/xhtml+xml"
    )
    assert html == text
    assert charset == "iso8859-2"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (page(FRENCH), "cp1252"),
        (page(SPANISH), "iso-8859-1"),
        (page(JAPANESE), "shift_jis"),
        (page(CHINESE), "gbk"),
        (page(KOREAN), "euc-kr"),
        (page(RUSSIAN), "cp1251"),
    ],
    ids=["windows-1252", "iso-8859-1", "shift_jis", "gbk", "euc-kr", "windows-1251"],
)
async def test_charset_detected_when_none_declared(
    httpserver: HTTPServer, text: str, encoding: str
) -> None:
    html, _ = await _fetch_bytes(httpserver, text.encode(encoding), "text/html")
    assert html == text


async def test_header_wins_over_meta(httpserver: HTTPServer) -> None:
    text = page(FRENCH, '<meta charset="koi8-r">')
    html, charset = await _fetch_bytes(
        httpserver, text.encode("cp1252"), "text/html; charset=windows-1252"
    )
    assert html == text
    assert charset == "cp1252"


async def test_iso_8859_1_decodes_as_windows_1252(httpserver: HTTPServer) -> None:
    body = b"<p>\x93Quoted\x94 \x96 caf\xe9 \x80 5</p>"
    html, charset = await _fetch_bytes(httpserver, body, "text/html; charset=ISO-8859-1")
    assert html == "<p>“Quoted” – café € 5</p>"
    assert charset == "cp1252"


async def test_wrong_declared_charset_utf8_for_windows_1252(httpserver: HTTPServer) -> None:
    text = page(FRENCH)
    html, charset = await _fetch_bytes(
        httpserver, text.encode("cp1252"), "text/html; charset=utf-8"
    )
    assert html == text
    assert charset == "cp1252"


async def test_wrong_declared_charset_latin1_for_utf8(httpserver: HTTPServer) -> None:
    text = page(FRENCH)
    html, charset = await _fetch_bytes(
        httpserver, text.encode("utf-8"), "text/html; charset=iso-8859-1"
    )
    assert html == text
    assert charset == "utf-8"


async def test_unknown_charset_label_falls_through(httpserver: HTTPServer) -> None:
    text = page(JAPANESE)
    html, _ = await _fetch_bytes(
        httpserver, text.encode("utf-8"), "text/html; charset=x-klingon-pIqaD"
    )
    assert html == text


async def test_invalid_utf8_bytes_are_replaced(httpserver: HTTPServer) -> None:
    text = page(JAPANESE)
    body = text.encode("utf-8")
    body = body[:200] + b"\xff\xfe\xc3" + body[200:]
    html, charset = await _fetch_bytes(httpserver, body, "text/html; charset=utf-8")
    assert charset == "utf-8"
    assert "\ufffd" in html
    assert html.replace("\ufffd", "") == text


# ----------------------------------------------------------------- decode_html directly


def test_utf8_bom_wins() -> None:
    assert decode_html("\ufeff<p>é</p>".encode(), "text/html; charset=windows-1252") == (
        "<p>é</p>",
        "utf-8",
    )


def test_utf16_with_bom() -> None:
    text, charset = decode_html("<p>日本</p>".encode("utf-16"), None)
    assert text == "<p>日本</p>"
    assert charset.startswith("utf-16")


def test_meta_declaring_utf16_means_utf8() -> None:
    body = '<meta charset="utf-16"><p>é</p>'.encode()
    assert decode_html(body, None) == ('<meta charset="utf-16"><p>é</p>', "utf-8")


def test_meta_inside_a_comment_is_ignored() -> None:
    text = page(FRENCH, '<!-- <meta charset="koi8-r"> -->')
    decoded, charset = decode_html(text.encode("cp1252"), None)
    assert decoded == text
    assert charset == "cp1252"


def test_meta_far_down_the_page_is_not_used() -> None:
    text = "<p>" + "x" * 10000 + '</p><meta charset="koi8-r">' + page(FRENCH)
    decoded, charset = decode_html(text.encode("cp1252"), None)
    assert charset == "cp1252"
    assert decoded == text


def test_utf7_label_is_not_honoured() -> None:
    body = b"<p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p>"
    text, charset = decode_html(body, "text/html; charset=utf-7")
    assert "<script>" not in text
    assert charset == "utf-8"


def test_pure_ascii_is_utf8() -> None:
    assert decode_html(b"<p>plain</p>", None) == ("<p>plain</p>", "utf-8")


def test_short_latin_text_defaults_to_windows_1252() -> None:
    assert decode_html("<p>café</p>".encode("cp1252"), None) == ("<p>café</p>", "cp1252")


@pytest.mark.parametrize("content_type", ["text/html; charset=windows-1252", None])
def test_stray_undefined_windows_1252_bytes(content_type: str | None) -> None:
    text = page(FRENCH)
    body = text.encode("cp1252")
    body = body[:100] + b"\x9d" + body[100:300] + b"\x81" + body[300:]
    decoded, charset = decode_html(body, content_type)
    assert charset == "cp1252"
    assert decoded.replace("\ufffd", "") == text
    assert "\x81" not in decoded
    assert "\x9d" not in decoded


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("utf8", "utf-8"),
        ('"windows-1252"', "cp1252"),
        ("latin1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("Shift_JIS", "cp932"),
        ("x-sjis", "cp932"),
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("euc-kr", "cp949"),
        ("ks_c_5601-1987", "cp949"),
        ("big5", "big5hkscs"),
        ("iso-8859-9", "cp1254"),
        ("tis-620", "cp874"),
        ("koi8-r", "koi8-r"),
        ("x-klingon", None),
        ("utf-7", None),
        ("unicode_escape", None),
        ("base64", None),
        ("cp437", None),
        ("", None),
        (None, None),
    ],
)
def test_codec_for_labels(label: str | None, codec: str | None) -> None:
    assert codec_for(label) == codec


@pytest.mark.parametrize("label", ["gb2312", "Shift_JIS", "EUC-KR", "windows-1251"])
def test_utf8_bytes_under_a_legacy_meta_read_as_utf8(label: str) -> None:
    # A page re-encoded to UTF-8 without its <meta> being updated.
    text = page(CHINESE + JAPANESE + KOREAN + RUSSIAN, f'<meta charset="{label}">')
    html, charset = decode_html(text.encode("utf-8"), None)
    assert (html, charset) == (text, "utf-8")


def test_a_multibyte_header_charset_still_wins_over_utf8_looking_bytes() -> None:
    text = page(CHINESE, '<meta charset="utf-8">')
    body = text.encode("utf-8")
    html, charset = decode_html(body, "text/html; charset=gb2312")
    assert charset == "gb18030"
    assert html == body.decode("gb18030", "replace")


def test_legacy_bytes_under_their_own_meta_keep_it() -> None:
    text = page(CHINESE, '<meta charset="gb2312">')
    html, charset = decode_html(text.encode("gb18030"), None)
    assert (html, charset) == (text, "gb18030")
