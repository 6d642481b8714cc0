"""Byline text: labels ("By", "Oleh", "Penulis:", "Editor:"), tidying a byline
(prefix, date, role and button words off) and telling a person's name from an
organisation, a headline or a stray word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.sanitize import clean_line

#: Labels that open a byline line naming its writers.
_WRITER_LABELS = (
    r"by|written\s+by|posted\s+by|words\s+by|story\s+by|reporting\s+by|text\s+by|"
    r"authors?|oleh|penulis|pewarta|reporter|wartawan|kontributor|koresponden|"
    r"laporan(?:\s+(?:wartawan|reporter|kontributor|koresponden))?|rep|"
    r"von|par|por|door|autor|auteur|автор|作者|记者|記者|撰文|筆者"
)
#: Labels that name the editor: a byline only when no writer is named.
_EDITOR_LABELS = (
    r"editor|redaktur|red|penyunting|edited\s+by|editing\s+by|责任编辑|責任編輯|编辑|編輯"
)
LABEL = re.compile(
    rf"^(?:(?P<writer>{_WRITER_LABELS})|(?P<editor>{_EDITOR_LABELS}))"
    r"(?:(?P<colon>\s*[:：])\s*|\s+|$)",
    re.IGNORECASE,
)
#: Labels that are ordinary words too ("Red", "Rep", "Author", "作者"): only with a colon.
COLON_ONLY = frozenset(
    {"rep", "red", "author", "authors", "autor", "auteur", "editor", "reporter", "wartawan",
     "laporan", "kontributor", "koresponden", "作者", "记者", "記者", "撰文", "筆者",
     "责任编辑", "責任編輯", "编辑", "編輯"}
)  # fmt: skip
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:view|see|more)\s+(?:all\s+)?(?:posts|articles|stories)\s+(?:by|from)|"
    rf"reporter\s*/\s*editor|{_WRITER_LABELS}|{_EDITOR_LABELS}|from)(?:\s*[:：\-–—]\s*|\s+)",
    re.IGNORECASE,
)
#: "Kontributor Lhokseumawe, Masriadi", "Laporan wartawan Kabar Kota, Rina Sari".
_PLACE_PREFIX = re.compile(
    r"^(?:laporan\s+(?:wartawan|reporter|kontributor|koresponden)|kontributor|koresponden)"
    r"\s+[^,]{2,40},\s*(?=\S)",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\s+(?:[|•·/]|-{1,2}|—|–)\s+|\s*[|•·]\s*|"
    r"\b(?:updated|published|posted\s+on|last\s+modified|diperbarui|dipublikasikan|publiziert|"
    r"veröffentlicht|publié|follow|ikuti|subscribe|berlangganan)\b|(?:^|\s)@\w|"
    rf"\s(?:{_EDITOR_LABELS}|foto|photo)\s*[:：]|"
    r"\s(?:edited|editing|photos?|photographs?|photography|illustrations?|video)\s+by\b",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\s*\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}.*$")
_DATE_TAIL = re.compile(
    r"\s*(?:\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\b\.?,?\s*)?"
    r"(?:\d{1,2}\.?\s+[^\W\d_]{3,9}\.?,?\s+\d{4}"
    r"|[^\W\d_]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d+\s+(?:minutes?|mins?|hours?|hrs?|days?|menit|jam|hari)\s+(?:ago|lalu|yang\s+lalu)"
    r"|\d{1,2}[:.]\d{2}\b).*$",
    re.IGNORECASE,
)
_TRAILING_WORDS = re.compile(
    r"(?:\s+|^)(?:on|at|am|le|el|pada|posted|published|follow|ikuti|twitter|email|e-mail|"
    r"facebook|instagram|linkedin)\s*$",
    re.IGNORECASE,
)
# The lookbehind: a run of separators is tried from its start only, not
# rescanned from each of its characters (quadratic on a long byline).
_ROLE_SUFFIX = re.compile(
    r"(?<![\s,|/–—-])[\s,|/–—-]+(?:jurnalis|wartawan|journalists?|reporters?|staff\s+writers?|"
    r"contributors?|kontributor|correspondents?|koresponden|editors?|redaktur|penulis|"
    r"columnists?)\s*$",
    re.IGNORECASE,
)
#: Words of a job title or a date, never in a person's name found in the page.
_NOT_NAME_WORDS = frozenset(
    {"writer", "writers", "reporter", "reporters", "editor", "editors", "correspondent",
     "columnist", "journalist", "jurnalis", "wartawan", "contributor", "kontributor", "staff",
     "photographer", "fotografer", "redaksi", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july",
     "august", "september", "october", "november", "december", "senin", "selasa", "rabu",
     "kamis", "jumat", "sabtu", "minggu", "januari", "februari", "maret", "mei", "juni", "juli",
     "agustus", "oktober", "desember", "today", "yesterday", "hari", "ini"}
)  # fmt: skip
_URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|net|org|co\.\w\w)/|^@", re.IGNORECASE)
_CODE = re.compile(r"[{}<>=\[\];]|\(\)|\w\.\w+\(")
_USERNAMES = frozenset(
    {"admin", "administrator", "editor", "staff", "redaksi", "webmaster", "user", "anonymous",
     "guest", "unknown", "author", "follow", "ikuti", "share", "bagikan", "fail", "null", "none"}
)  # fmt: skip
#: Sponsored-content and comment networks whose widgets say "by <network>".
_AD_NETWORKS = frozenset(
    {"taboola", "outbrain", "revcontent", "zergnet", "mgid", "adblade", "content.ad", "google",
     "disqus", "sharethrough", "nativo", "yieldmo", "dianomi", "plista", "ligatus", "adsense",
     "doubleclick", "facebook", "twitter", "wordpress", "blogger", "feedburner"}
)  # fmt: skip
_ORG = re.compile(
    r"\b(?:PT\.?|Media|Cyber|Corp\.?|Inc\.?|Ltd\.?|LLC|Group|Network|Newsroom|Online|News|Press|"
    r"Staff|Desk|Team|Redaksi|Wire|Agency|Editorial|Reports|Magazine|Daily|Times|Post)\b"
    r"|\.com\b|\.co\.\w\w\b",
    re.IGNORECASE,
)
_CORPORATE = re.compile(
    r"\b(?:PT|Tbk|Inc|Ltd|LLC|Corp|GmbH|Pty|S\.A|N\.V|B\.V)\b\.?|^[^\s.]+(?:\.[^\s.]+)*\.[a-z]{2,6}$",
    re.IGNORECASE,
)
_PHOTO = re.compile(
    r"^(?:photo|foto|image|picture|video|credit|illustration|ilustrasi|getty|caption|sumber|source)"
    r"\b",
    re.IGNORECASE,
)
#: Words that may be lower-case inside a name or between names.
_PARTICLES = frozenset(
    {"and", "dan", "und", "et", "y", "e", "&", "de", "da", "di", "van", "von", "der", "den",
     "la", "le", "du", "des", "del", "bin", "binti", "al", "el", "ibn", "ter", "with", "avec"}
)  # fmt: skip
_NAME_SPLIT = re.compile(
    r"\s*(?:,|&|\band\b|\bdan\b|\bund\b|\bet\b|\bwith\b|\bavec\b|(?-i:\by\b|\be\b))\s*",
    re.IGNORECASE,
)
_KEY = re.compile(r"[\W_]+", re.UNICODE)
_STRIP = " ,|-–—:;"


def clean_byline(text: str | None, site: str | None = None) -> str | None:
    """Tidy a byline: no "By" prefix, no trailing date or role, not a URL, not the site."""
    text = tidy(text)
    if not text or is_site(text, site):
        return None
    return text


def tidy(text: str | None) -> str | None:
    """A byline without its label, date, role and button words; None when what is
    left is no name (a URL, code, a username, an ad network, a photo credit)."""
    text = clean_line(text[:400] if text else text)  # a byline is short: no regex on more
    if not text or _URLISH.search(text) or _CODE.search(text):
        return None
    for _ in range(2):  # "Penulis: Kontributor Kota, Nama"
        text = _PLACE_PREFIX.sub("", text)
        text = _BYLINE_PREFIX.sub("", text).strip(_STRIP)
    text = _SPLIT.split(text, maxsplit=1)[0]
    text = _NUMERIC_DATE.sub("", text).strip(_STRIP)
    text = _DATE_TAIL.sub("", text).strip(_STRIP)
    for _ in range(2):
        text = _TRAILING_WORDS.sub("", text).strip(_STRIP)
        text = _ROLE_SUFFIX.sub("", text).strip(_STRIP)
    text = re.sub(r"\s+([,;])", r"\1", text)
    if not text or len(text) > 100 or len(text.split()) > 12:
        return None
    lower = text.lower()
    if (
        lower in _USERNAMES
        or lower in _AD_NETWORKS
        or (" " not in text and lower == text != text.upper())
    ):
        return None
    if not re.search(r"[^\W\d_]", text) or _PHOTO.match(text) or _URLISH.search(text):
        return None
    return text


def looks_like_names(text: str, *, single_word: bool) -> bool:
    """True for one or several people's names: short capitalised words, no digits,
    no sentence punctuation, no job title or date word. A lone word ("Monalisa")
    only when `single_word`."""
    if any(ch.isdigit() for ch in text) or re.search(r"[?!\"“”«»]", text):
        return False
    names = [n for n in _NAME_SPLIT.split(text) if n]
    if not names or len(names) > 6:
        return False
    if not single_word and len(names) == 1 and len(names[0].split()) == 1:
        return False
    if any(w.lower().strip(".,") in _NOT_NAME_WORDS for w in text.split()):
        return False
    for name in names:
        words = [w for w in name.split() if w.lower() not in _PARTICLES]
        if not words or len(words) > 5:
            return False
        # Scripts without case (Chinese, Arabic, Thai...) count as capitalised.
        capitalised = sum(1 for w in words if w[0].isupper() or not w[0].islower())
        if capitalised < 0.75 * len(words):
            return False
    return True


def is_corporate(name: str) -> bool:
    """True for a company's legal name or a domain ("PT Kabar Media Tbk", "Kabar.com"):
    the publisher's paperwork, not who wrote the story."""
    return bool(_CORPORATE.search(name))


def is_job_title(text: str) -> bool:
    """True for a job title with no name in it ("Staff Writer")."""
    words = [w.lower().strip(".,") for w in text.split()]
    return bool(words) and all(w in _NOT_NAME_WORDS or w in _PARTICLES for w in words)


def is_site(name: str, site: str | None) -> bool:
    """True when the name is the site's name."""
    return bool(site) and key(name) == key(site or "")


def looks_like_org(name: str) -> bool:
    """True for names of organisations ("Kompas Cyber Media", "Staff Reports")."""
    return bool(_ORG.search(name)) or is_corporate(name)


def is_ad_network(name: str) -> bool:
    """True for a sponsored-content network's name."""
    return name.lower() in _AD_NETWORKS


def unique(names: Iterable[str]) -> list[str]:
    """Names in order, each once (compared by letters and digits)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(key(name), name)
    return list(seen.values())


def key(text: str) -> str:
    """Lower-cased letters and digits only, to compare names."""
    return _KEY.sub("", text.lower())
