"""The article body: readability-lxml picks the content, our cleanup tidies it.

The cleanup works by structure, link density and class/id vocabulary, never by
site: it drops leftover link lists, share/subscribe/newsletter boilerplate,
read-also lines, captions that repeat the image's alt text, the headline and
byline repeated at the top, and empty elements.
"""

from __future__ import annotations

import copy
import re
from difflib import SequenceMatcher

from lxml.html import HtmlElement

from reader.core.extract.captions import mark_captions
from reader.core.extract.dom import (
    HEADING_TAGS,
    class_tokens,
    link_density,
    link_text_len,
    tag_of,
    text_len,
    text_of,
)
from reader.core.extract.furniture import LOADING, is_cross_reference, is_furniture_word
from reader.core.extract.limits import checkpoint
from reader.core.extract.readable import LINK_LIST_DENSITY, in_running_text, readability_body
from reader.core.extract.readalso import find_read_also, is_link_block
from reader.core.extract.vocabulary import BOILERPLATE_TEXT, CONTENT_TOKENS

__all__ = [
    "DROP_MARK", "SECTION_MARK", "clean_body", "drop_page_chrome", "largest_text_block",
    "mark_not_content", "mark_teasers", "protect_embeds", "readability_body",
]  # fmt: skip

#: Attribute set on blocks of the page that are known not to be article text.
DROP_MARK = "data-reader-not-content"
#: Set by the section finder on the blocks that hold link sections.
SECTION_MARK = "data-reader-section"
_KEY = re.compile(r"\W+", re.UNICODE)
_WORD = re.compile(r"\w", re.UNICODE)
_WORDS = re.compile(r"\w+", re.UNICODE)
_DATE_LINE = re.compile(
    r"^(?:(?:updated|published|posted|diperbarui|dipublikasikan|diterbitkan)\s*:?\s*)?"
    r"(?:\w+,\s*)?\d{1,2}[\s/.-]+\w+[\s/.-]+\d{2,4}(?:[,|\s]+(?:pukul\s+)?\d{1,2}[:.]\d{2}"
    r"(?:\s*\w{1,4})?)?$|^\w+\s+\d{1,2},\s+\d{4}.*$",
    re.IGNORECASE,
)
_LIST_TAGS = frozenset({"ul", "ol", "dl", "table"})
_TABLE_PARTS = frozenset({"tr", "td", "th", "tbody", "thead", "tfoot", "caption", "col"})
_TEXT_BLOCK_TAGS = frozenset(
    {"p", "div", "span", "li", "h2", "h3", "h4", "h5", "h6", "figcaption", "section",
     "strong", "b", "em", "small", "table", "tr", "address"}
)  # fmt: skip
_PROSE_ITEM = 50
"""A list item this long with (almost) no link text is prose, not a link."""
_EMBED_TOKENS = frozenset({"twitter", "tweet", "instagram", "facebook", "tiktok", "embed"})


def clean_body(body: HtmlElement, *, title: str, byline: str | None) -> HtmlElement:
    """Our cleanup on readability's output, in place; returns `body`."""
    kept = _prose_sections(body.xpath(f".//*[@{SECTION_MARK}]"))
    for el in list(body.iter()):
        if el is body or el in kept:
            continue
        if el.get(DROP_MARK) is not None or el.get(SECTION_MARK) is not None:
            _drop(el)
    for group in list(find_read_also(body)):
        for el in group:
            _drop(el)
    total = max(1, text_len(body))
    for el in list(body.iter()):
        checkpoint()
        if el is body or el.getparent() is None or not tag_of(el):
            continue
        if (
            _is_boilerplate_block(el, total)
            or _is_link_list(el)
            or _is_boilerplate_text(el)
            or _is_shouted_promo(el)
        ):
            _drop(el)
    _drop_trailing_link_blocks(body)
    _drop_signoff(body)
    _drop_duplicate_captions(body)
    _drop_leading_chrome(body, title, byline)
    _drop_empty(body)
    return body


def largest_text_block(tree: HtmlElement) -> HtmlElement | None:
    """The element whose direct paragraphs hold the most text: a fallback for
    pages readability gets wrong."""
    best: HtmlElement | None = None
    best_score = 0
    for el in tree.iter():
        tag = tag_of(el)
        if tag not in ("div", "article", "section", "main", "td", "body"):
            continue
        score = 0
        for child in el:
            ctag = tag_of(child)
            if ctag in ("p", "blockquote", "pre") or ctag in HEADING_TAGS:
                length = text_len(child)
                if length > 20 and link_text_len(child) < 0.5 * length:
                    score += length
        if el.text and el.text.strip():
            score += len(el.text.strip())
        if score > best_score:
            best, best_score = el, score
    return copy.deepcopy(best) if best is not None else None


# -- cleanup rules -----------------------------------------------------------


def _drop(el: HtmlElement) -> None:
    if el.getparent() is not None:
        el.drop_tree()


def _is_boilerplate_block(el: HtmlElement, total: int) -> bool:
    """A share/subscribe/ad/related/... block, judged by its class or id words,
    and small enough (or link-heavy enough) not to be the article itself."""
    if tag_of(el) in _TABLE_PARTS or (in_running_text(el) and not _is_card(el)):
        return False
    tokens = class_tokens(el)
    if not tokens or not is_furniture_word(tokens):
        return False
    if "embed" in tokens and el.find(".//*[@data-embed]") is not None:
        return False  # "social-media-embed" around a quoted post: the post is content
    length = text_len(el)
    if not tokens.isdisjoint(CONTENT_TOKENS) and length > 0.3 * total:
        return False
    return length < 0.25 * total or link_density(el) > 0.5


def _is_card(el: HtmlElement) -> bool:
    """A hover card hidden in a sentence (a picture, several links), not words
    of it; the words it hangs on (its opening link, "Rep. <a>Name</a>") stay."""
    if el.find(".//img") is None and len(el.findall(".//a")) < 2:
        return False
    first = el[0] if len(el) else None
    opens_with_words = bool((el.text or "").strip()) or (first is not None and first.tag == "a")
    return not opens_with_words


def _is_link_list(el: HtmlElement) -> bool:
    """A leftover list of links (related stories, tags) inside the body."""
    if tag_of(el) not in _LIST_TAGS and tag_of(el) not in ("div", "section", "aside", "p"):
        return False
    links = [a for a in el.iter("a") if a.get("href")]
    if len(links) < 2:
        return False
    length = text_len(el)
    if not length:
        return True
    density = link_text_len(el) / length
    if tag_of(el) in _LIST_TAGS:
        return density > LINK_LIST_DENSITY
    return density > 0.8 and length < 80 * len(links)


def _is_boilerplate_text(el: HtmlElement) -> bool:
    if tag_of(el) not in _TEXT_BLOCK_TAGS:
        return False
    text = text_of(el)
    if not 0 < len(text) <= 200:
        return False
    if BOILERPLATE_TEXT.match(text) or LOADING.match(text):
        return True
    if len(text) <= 10 and not _WORD.search(text) and _is_bare_symbols(el):
        return True  # "< >", "« »": carousel arrows
    return is_cross_reference(text, link_text_len(el))


def _is_bare_symbols(el: HtmlElement) -> bool:
    """A block of its own (not a bracket around a word) with no image."""
    return tag_of(el) in ("p", "div", "li", "table", "section") and el.find(".//img") is None


def _is_shouted_promo(el: HtmlElement) -> bool:
    """An all-capitals paragraph that is one link: an in-body promo."""
    if tag_of(el) not in ("p", "div", "h2", "h3", "h4", "strong", "b") or el.find(".//a") is None:
        return False
    text = text_of(el)
    if len(text) > 300 or link_text_len(el) < 0.9 * len(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 12
        and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
        and link_text_len(el) >= 0.9 * len(text)
    )


def drop_page_chrome(tree: HtmlElement) -> None:
    """Before readability (after metadata and sections are read): remove what is
    never the article, so readability scores less: the link sections found,
    navigation, and page-level headers, footers and asides."""
    total = max(1, text_len(tree))
    doomed = []
    for el in tree.iter("nav", "header", "footer", "aside"):
        if any(a.tag in ("article", "main") for a in el.iterancestors()):
            continue  # an article's own header or aside
        if el.find(".//article") is not None or el.find(".//main") is not None:
            continue  # broken markup: the page wrapped in a <header>
        if text_len(el) < 0.3 * total:
            doomed.append(el)
    marked = tree.xpath(f"//*[@{SECTION_MARK}]")
    kept = _prose_sections(marked)
    doomed.extend(el for el in marked if el not in kept and text_len(el) < 0.3 * total)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _prose_sections(marked: list[HtmlElement]) -> set[HtmlElement]:
    """Of the blocks marked by the section finder, those it took for a generic
    link list that hold a list item of prose (a sentence with no link): part
    of the article, like their heading."""
    kept: set[HtmlElement] = set()
    for el in marked:
        if el.get(SECTION_MARK) != "more" or tag_of(el) in HEADING_TAGS:
            continue
        if any(_is_prose_item(li) for li in el.iter("li")):
            kept.add(el)
            heading = el.getprevious()
            if heading is not None and heading.get(SECTION_MARK) is not None:
                kept.add(heading)
    return kept


def _is_prose_item(li: HtmlElement) -> bool:
    length = text_len(li)
    return length >= _PROSE_ITEM and link_text_len(li) <= 0.1 * length


def mark_not_content(el: HtmlElement, reason: str) -> None:
    """Mark a block of the full page as not article text. Readability still sees
    it (removing it would change its scoring); `clean_body` drops it afterwards."""
    el.set(DROP_MARK, reason)


def mark_teasers(tree: HtmlElement) -> None:
    """Mark blocks of story teasers, whose summaries read like article
    paragraphs once readability has stripped their linked headings; and the
    text of figure-shaped wrappers as captions (see `captions.mark_captions`)."""
    mark_captions(tree)
    # Only blocks holding two or more linked headlines can be teaser lists:
    # find those from the headlines up instead of testing every block.
    counts: dict[HtmlElement, int] = {}
    linked_headings: set[HtmlElement] = set()
    for heading in tree.iter(*HEADING_TAGS):
        if heading.find(".//a") is None or link_density(heading) <= 0.9:
            continue
        linked_headings.add(heading)
        for ancestor in heading.iterancestors("div", "section", "aside", "ul", "ol"):
            counts[ancestor] = counts.get(ancestor, 0) + 1
    for el, linked in counts.items():
        if linked >= 2 and el.get(DROP_MARK) is None and _is_teaser_list(el, linked_headings):
            mark_not_content(el, "teasers")


def _is_teaser_list(el: HtmlElement, linked_headings: set[HtmlElement]) -> bool:
    """A block of story teasers: several headings that are nothing but a link
    (`linked_headings`: those of the page)."""
    if tag_of(el) not in ("div", "section", "aside", "ul", "ol"):
        return False
    headings = list(el.iter(*HEADING_TAGS))
    linked = sum(1 for h in headings if h in linked_headings)
    if linked < 2 or linked < 0.5 * len(headings):
        return False
    # One or two summary paragraphs per teaser; an article has many more.
    return sum(1 for _ in el.iter("p")) <= 2 * linked


def _drop_trailing_link_blocks(body: HtmlElement) -> None:
    """Two or more link-only paragraphs that end the body are a link list."""
    blocks = [el for el in body.iter("p", "div", "li", "h3", "h4") if not len(el.findall("p"))]
    run: list[HtmlElement] = []
    for el in reversed(blocks):
        text = text_of(el)
        if not text:
            continue
        if is_link_block(el) and len(text) < 200:
            run.append(el)
        else:
            break
    if len(run) >= 2:
        for el in run:
            _drop(el)


def _drop_signoff(body: HtmlElement) -> None:
    """A writer's name in capitals on the last line ("DINI TEJA") is a sign-off."""
    last = None
    for el in reversed(list(body.iter("p", "div", "span", "strong", "b"))):
        if el.find(".//p") is None and _has_text(el):
            last = el
            break
    if last is None:
        return
    text = text_of(last)
    words = text.split()
    if (
        1 <= len(words) <= 4
        and len(text) <= 40
        and text.upper() == text
        and all(w.isalpha() for w in words)
    ):
        _drop(last)


def protect_embeds(tree: HtmlElement) -> None:
    """Embedded posts (tweets, Instagram, Facebook) are quoted article content,
    but readability's vocabulary drops anything named "tweet"; neutralise their
    class names so they survive."""
    for el in tree.iter("blockquote"):
        tokens = class_tokens(el)
        if tokens & _EMBED_TOKENS:
            el.attrib.pop("class", None)
            el.attrib.pop("id", None)
            el.set("data-embed", "post")


def _key(text: str) -> str:
    return _KEY.sub("", text.lower())


def _drop_duplicate_captions(body: HtmlElement) -> None:
    for caption in list(body.iter("figcaption")):
        figure = caption.getparent()
        if figure is None:
            continue
        caption_key = _key(text_of(caption))
        if not caption_key:
            continue
        for img in figure.iter("img"):
            alt_key = _key(img.get("alt") or "")
            if alt_key and (
                alt_key == caption_key
                or (alt_key in caption_key and len(alt_key) > 0.8 * len(caption_key))
            ):
                _drop(caption)
                break


def _drop_leading_chrome(body: HtmlElement, title: str, byline: str | None) -> None:
    """Drop the headline, byline and date lines repeated at the top of the body
    (and the headline anywhere)."""
    title_key = _key(title)
    byline_key = _key(byline or "")
    if title_key:
        for n, h in enumerate(list(body.iter(*HEADING_TAGS))):
            key = _key(text_of(h))
            if key == title_key or (
                n == 0
                and tag_of(h) in ("h1", "h2")
                and (_near(key, title_key) or _in_title(text_of(h), title))
                and _opens(body, h)
            ):
                _drop(h)
    seen_text = 0
    for el in list(body.iter()):
        if el is body or el.getparent() is None or not tag_of(el):
            continue
        if len(el) and tag_of(el) not in ("p", "span", "time", "address"):
            continue
        text = text_of(el)
        if not text:
            continue
        key = _key(text)
        # Words inside a sentence ("In mathematics, a <b>Hermitian matrix</b> is")
        # are never the repeated headline or byline.
        own_line = not in_running_text(el)
        if (
            (
                own_line
                and byline_key
                and (key == byline_key or (byline_key in key and len(key) < len(byline_key) + 40))
            )
            or (own_line and title_key and key == title_key)
            or (len(text) < 80 and _DATE_LINE.match(text))
            or tag_of(el) == "time"
        ):
            _drop(el)
            continue
        seen_text += len(text)
        if seen_text > 300:
            break


def _near(key: str, title_key: str) -> bool:
    """The headline with a word or two shortened or added ("HS" for "High
    School"): the page's h1 when the meta title was edited."""
    if not key or abs(len(key) - len(title_key)) > 0.3 * len(title_key):
        return False
    return SequenceMatcher(None, key, title_key).ratio() >= 0.85


def _opens(body: HtmlElement, heading: HtmlElement) -> bool:
    """The heading comes before any other text of the body."""
    text = text_of(heading)
    return bool(text) and text_of(body).find(text) < 20


def _in_title(heading: str, title: str) -> bool:
    """Nearly all the heading's words are the title's ("Make your Firefox your
    own" under "Firefox — Customize and make it your own"), as Readability.js
    judges a heading that repeats the title."""
    words = _WORDS.findall(heading.lower())
    if not words:
        return False
    title_words = set(_WORDS.findall(title.lower()))
    new = " ".join(w for w in words if w not in title_words)
    return 1 - len(new) / len(" ".join(words)) > 0.75


def _drop_empty(body: HtmlElement) -> None:
    for el in reversed(list(body.iter())):
        if el is body or el.getparent() is None or not tag_of(el):
            continue
        if tag_of(el) in ("img", "br", "hr", "td", "th", "tr"):
            continue
        if el.find(".//img") is not None:
            continue
        if not _has_text(el):
            if el.text and not (el.tail or "")[:1].isspace():
                el.tail = " " + (el.tail or "")  # "libertés<b> </b>(CNIL)" keeps its space
            _drop(el)


def _has_text(el: HtmlElement) -> bool:
    """Any visible text inside (reads only as far as the first)."""
    return any(text.strip() for text in el.itertext())
