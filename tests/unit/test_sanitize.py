"""Terminal safety: escape sequences, control and bidi characters never survive."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.sanitize import (
    clean_inline,
    clean_line,
    clean_optional,
    clean_text,
    display_width_safe,
    is_safe,
    normalize_unicode,
    strip_controls,
)

#: What must never reach the terminal: ESC and the other C0 controls except
#: tab and newline, DEL, C1 controls, and bidi embeddings/overrides/isolates/marks.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # CSI, 7-bit and 8-bit
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x1b[2Jb", "ab"),
        ("a\x1b[?1049hb", "ab"),
        ("a\x1b[1 qb", "ab"),
        ("a\x1b[38;2;255;0;0mb", "ab"),
        ("a\x9b31mb", "ab"),
        ("a\x9b?25lb", "ab"),
        # OSC: title, clipboard (OSC 52), hyperlinks (OSC 8); BEL or ST; 8-bit
        ("\x1b]0;evil title\x07text", "text"),
        ("\x1b]52;c;ZWNobyBwd25lZA==\x07text", "text"),
        ("\x1b]52;c;ZWNobyBwd25lZA==\x1b\\text", "text"),
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),
        ("\x9d0;evil title\x9ctext", "text"),
        ("\x9d0;evil title\x07text", "text"),
        # DCS, SOS, PM, APC (kitty graphics), 7-bit and 8-bit
        ("\x1bPq#0;2;0;0;0#0~~\x1b\\after", "after"),
        ("\x90q#0~~\x9cafter", "after"),
        ("\x1bXsos\x1b\\after", "after"),
        ("\x98sos\x9cafter", "after"),
        ("\x1b^pm\x1b\\after", "after"),
        ("\x9epm\x9cafter", "after"),
        ("\x1b_Gf=100;AAAA\x1b\\after", "after"),
        ("\x9fGf=100;AAAA\x9cafter", "after"),
        # two-character and charset sequences
        ("a\x1bcb", "ab"),
        ("a\x1b7b\x1b8", "ab"),
        ("a\x1b(Bb", "ab"),
        ("a\x1b#8b", "ab"),
        ("a\x1b", "a"),
        ("a\x1b\x1b[31mb", "ab"),
        # C0, DEL, C1 controls
        ("a\x00b\x07c\x08d\x0be\x0cf\x0eg\x1fh\x7fi", "abcdefghi"),
        ("a\x80b\x85c\x9cd", "abcd"),
        # newlines: CRLF and lone CR become LF; tab kept
        ("one\r\ntwo\rthree\nfour\tfive", "one\ntwo\nthree\nfour\tfive"),
        # bidi controls (Trojan Source), marks, separators, BOM
        ("admin\u202e\u2066txt.exe\u2069\u202c", "admintxt.exe"),
        ("a\u202ab\u202bc\u202dd\u2067e\u2068f", "abcdef"),
        ("a\u200eb\u200fc\u061cd", "abcd"),
        ("a\u2028b\u2029c\ufeffd", "abcd"),
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean
    assert is_safe(clean)
    if "\r" not in raw:  # CR/CRLF are normalised, not "unsafe"
        assert not is_safe(raw)


def test_unterminated_osc_swallows_the_rest_like_a_terminal() -> None:
    assert strip_controls("before\x1b]0;title and more") == "before"


@pytest.mark.parametrize(
    "text",
    [
        "Presiden meresmikan jalan tol Trans-Sumatera di Lampung, Selasa (12/3).",
        "Crème brûlée à l'été — naïve façade, Ångström, Ñandú, Łódź, Øresund, ß.",
        "日本語のテキスト、中文文本，한국어 텍스트",
        "👨\u200d👩\u200d👧\u200d👦 👍🏽 🏳️\u200d🌈 🇮🇩",
        "مرحبا بالعالم — שלום עולם",
        "می\u200cخواهم",
        "नमस्ते दुनिया, สวัสดีชาวโลก",
        "e\u0301 and a\u0308",
        "[bold]not markup[/] [@click=app.quit]x[/] $x {y}",
        "tabs\tand\nnewlines\n\nkept",
        "",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert strip_controls(text) == text
    assert is_safe(text)


def test_clean_line() -> None:
    assert clean_line("  A \x1b[1mbold\x1b[0m\n title\t ") == "A bold title"
    assert clean_line(None) == ""
    assert clean_line("a\u00a0\u2003b") == "a b"


def test_clean_text_collapses_blank_lines_and_spaces() -> None:
    raw = "  Para one  \x1b[31mred\x1b[0m \r\n\r\n\r\n\n  Para   two\t \n"
    assert clean_text(raw) == "Para one red\n\nPara two"


def test_clean_inline_keeps_edge_spaces() -> None:
    assert clean_inline(" a\n\x1b[1mb\x1b[0m  c ") == " a b c "
    assert clean_inline("") == ""


def test_clean_optional() -> None:
    assert clean_optional(" \x1b[0m ") is None
    assert clean_optional(" x ") == "x"


def test_display_width_safe() -> None:
    text = display_width_safe("x" * 5000 + "\x1b[2J", limit=100)
    assert len(text) == 100
    assert text.endswith("…")


def test_normalize_unicode() -> None:
    assert normalize_unicode("e\u0301") == "é"


# ----------------------------------------------------------------- properties

HOSTILE = st.sampled_from(
    list(
        "\x1b\x9b\x9d\x90\x98\x9e\x9f\x9c\x07\x00\r\n\t[]\\;P_^X09m?\x7f\x85"
        "\u202e\u2066\u2069\u200f\u061c\ud800"
    )
)
TEXT = st.text(alphabet=st.one_of(HOSTILE, st.characters()), max_size=80)


@given(TEXT)
def test_strip_controls_output_is_always_safe(text: str) -> None:
    out = strip_controls(text)
    assert "\x1b" not in out
    assert not UNSAFE.search(out), repr(out)
    assert "\r" not in out
    assert is_safe(out)
    assert strip_controls(out) == out


@given(TEXT)
def test_clean_line_is_one_safe_line(text: str) -> None:
    out = clean_line(text)
    assert "\n" not in out
    assert "\t" not in out
    assert not UNSAFE.search(out)
    assert out == out.strip()


SAFE_TEXT = st.text(
    alphabet=st.characters(
        exclude_categories=("Cc", "Cs", "Zl", "Zp"),
        exclude_characters="\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069\ufeff\ufff9\ufffa\ufffb",
    ),
    max_size=80,
)


@given(SAFE_TEXT)
def test_text_without_controls_passes_through(text: str) -> None:
    assert strip_controls(text) == text
