"""A small language guesser for article text: scripts, then common function words.

Pages often declare the wrong language (templates left at lang="en"), so the
extractor checks the declared language against the text.
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# The most frequent function words; short lists are enough to tell these apart
# on a paragraph or more of text.
_STOPWORD_TEXT = {
    "en": (
        "the of and to in is that for it was on with as he by at from his are be this "
        "have an not but had they which has were their been its she who will would said"
    ),
    "id": (
        "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada karena "
        "oleh bisa sudah saat kata mereka lebih telah para tersebut menjadi kami atau "
        "seperti"
    ),
    "de": (
        "der die und das ist nicht mit sich auf den ein eine dem des auch von zu für wie "
        "im sie es werden wird dass bei aus hat nach noch über"
    ),
    "fr": (
        "le la les des et est une un du dans que qui pour pas sur au avec il elle sont ce "
        "ont par plus été aux ses mais cette"
    ),
    "es": (
        "el la los las de que y en un una del por con para es se su al lo como más pero "
        "sus ha fue este esta son también"
    ),
    "pt": (
        "o a os as de que e do da em um uma para com não por se na no mais dos das ao "
        "como foi mas seu sua também são pelo pela"
    ),
    "it": (
        "il di che e la per un una in del della è non sono con si le dei da gli al ha più "
        "anche come nel alla questo"
    ),
    "nl": (
        "de het een en van in is dat op te zijn met voor niet aan er die ook als bij door "
        "om maar wordt heeft naar werd"
    ),
}
_STOPWORDS: dict[str, frozenset[str]] = {
    code: frozenset(text.split(" ")) for code, text in _STOPWORD_TEXT.items()
}

# (guess, pattern, languages written in that script that we leave as declared)
_SCRIPTS: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]"), frozenset({"ja"})),
    ("ko", re.compile(r"[\uac00-\ud7af]"), frozenset({"ko"})),
    ("zh", re.compile(r"[\u4e00-\u9fff]"), frozenset({"zh", "ja", "yue"})),
    ("ru", re.compile(r"[\u0400-\u04ff]"), frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk"})),
    ("ar", re.compile(r"[\u0600-\u06ff]"), frozenset({"ar", "fa", "ur", "ps"})),
    ("th", re.compile(r"[\u0e00-\u0e7f]"), frozenset({"th"})),
    ("el", re.compile(r"[\u0370-\u03ff]"), frozenset({"el"})),
    ("he", re.compile(r"[\u0590-\u05ff]"), frozenset({"he", "yi"})),
)


def _script_of(text: str, letters: int) -> tuple[str, float, frozenset[str]] | None:
    for code, pattern, family in _SCRIPTS:
        share = len(pattern.findall(text)) / letters
        if share > 0.3:
            return code, min(1.0, share * 1.5), family
    return None


def guess_language(text: str, *, sample: int = 6000) -> tuple[str | None, float]:
    """(language code, confidence 0..1) for `text`; (None, 0) when unsure."""
    text = text[:sample]
    if not text.strip():
        return None, 0.0
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return None, 0.0
    script = _script_of(text, letters)
    if script is not None:
        return script[0], script[1]
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 8:
        return None, 0.0
    scores = Counter(
        {code: sum(1 for w in words if w in stop) for code, stop in _STOPWORDS.items()}
    )
    (best, top), *rest = [*scores.most_common(2), ("", 0)]
    second = rest[0][1]
    if top < 3:
        return None, 0.0
    coverage = top / len(words)
    margin = (top - second) / top
    return best, max(0.0, min(1.0, coverage * 4)) * margin


_DEPRECATED = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv", "mo": "ro"}


def primary_subtag(code: str | None) -> str | None:
    """ "en-US", "en_us" and "EN" all become "en"; old codes are updated ("in" is
    Indonesian's retired code: "id"); junk becomes None."""
    if not code:
        return None
    head = re.split(r"[-_\s]", code.strip(), maxsplit=1)[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", head):
        return None
    return _DEPRECATED.get(head, head)


def choose_language(declared: str | None, text: str) -> str | None:
    """The declared language unless the text clearly says otherwise."""
    declared = primary_subtag(declared)
    sample = text[:6000]
    letters = sum(1 for ch in sample if ch.isalpha())
    script = _script_of(sample, letters) if letters else None
    if script is not None and declared in script[2]:
        return declared
    guessed, confidence = guess_language(text)
    if guessed is None:
        return declared
    if declared is None:
        return guessed if confidence >= 0.2 else None
    if guessed != declared and confidence >= 0.4:
        return guessed
    return declared
