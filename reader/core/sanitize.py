"""Terminal-safe text: strip escape sequences, control and bidi characters.

Everything that came from a page passes through here before any widget or the
CLI sees it. The result is plain text: it may contain `[` and `]`, so the UI
must still never parse it as markup.
"""

from __future__ import annotations

import re
import unicodedata

# A full escape sequence, 7-bit or 8-bit form, removed as a whole so that
# its parameters do not show up as text:
#   CSI  ESC [ ... final          or 0x9B ... final
#   OSC  ESC ] ... (BEL | ST)     or 0x9D ...
#   DCS/SOS/PM/APC  ESC P|X|^|_ ... ST   or 0x90/0x98/0x9E/0x9F ...
#   two-character ESC sequences (ESC c, ESC 7, ESC ( B, ...)
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?: \x1b\[ | \x9b ) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?
  | (?: \x1b\] | \x9d ) [^\x07\x1b\x9c]* (?: \x07 | \x1b\\ | \x9c )?
  | (?: \x1b[PX^_] | [\x90\x98\x9e\x9f] ) [^\x1b\x9c]* (?: \x1b\\ | \x9c )?
  | \x1b [\x20-\x2f]* [\x30-\x7e]?
    """,
    re.VERBOSE,
)

# Characters that never belong in displayed text: C0 controls except tab and
# newline, DEL, C1 controls, bidi embeddings/overrides/isolates, line and
# paragraph separators, BOM, interlinear annotations, and lone surrogates.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"
)
#: Anything strip_controls would change: CR, escape, forbidden characters.
_UNSAFE = re.compile(
    "[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_C1_INTRODUCER = re.compile("[\x90\x98\x9b\x9d\x9e\x9f]")
_NEWLINES = re.compile(r"\r\n?")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def strip_controls(text: str) -> str:
    """Remove escape sequences and unsafe characters, keeping newlines and tabs."""
    if not text:
        return ""
    if _UNSAFE.search(text) is None:
        return text  # the common case: nothing to remove, one scan
    text = _NEWLINES.sub("\n", text)
    if "\x1b" in text or _C1_INTRODUCER.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _FORBIDDEN.sub("", text)


def clean_text(text: str) -> str:
    """Safe multi-line text: controls removed, runs of spaces collapsed,
    at most one blank line in a row, no trailing spaces."""
    text = strip_controls(text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_line(text: str | None) -> str:
    """Safe single-line text (titles, link texts, headings): all whitespace,
    newlines included, collapsed to single spaces."""
    if not text:
        return ""
    text = strip_controls(text)
    return " ".join(text.split())


def clean_inline(text: str) -> str:
    """Safe inline text inside a paragraph: controls removed and whitespace
    collapsed, keeping a single leading or trailing space where there was one."""
    if not text:
        return ""
    text = strip_controls(text)
    return _SPACES.sub(" ", text.replace("\n", " ").replace("\t", " "))


def clean_optional(text: str | None) -> str | None:
    """`clean_line`, with empty results turned into None."""
    cleaned = clean_line(text)
    return cleaned or None


def is_safe(text: str) -> bool:
    """True when `text` holds nothing `strip_controls` would remove."""
    return strip_controls(text) == _NEWLINES.sub("\n", text)


def display_width_safe(text: str, limit: int = 2000) -> str:
    """Cut pathological lines for one-line displays (status bars, notifications)."""
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def normalize_unicode(text: str) -> str:
    """NFC-normalise so that comparisons and search treat composed forms alike."""
    return unicodedata.normalize("NFC", text)
