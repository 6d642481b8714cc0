"""readability-lxml on our parsed tree, with Readability.js's kinder choices.

readability picks the content element; this subclass works on a copy of our
already pruned tree and, where readability-lxml is harsher than Readability.js
(the reference reader), follows the latter: links and inline words are never
"unlikely candidates", lists with text of their own and linked headings over
story text are kept, every segment of an article cut into sections is merged,
a sibling paragraph is judged on all its text, and the standfirst is not put
back at the top of the body.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from lxml.etree import tounicode
from lxml.html import HtmlElement, document_fromstring, fragment_fromstring
from readability import Document
from readability.readability import REGEXES, text_length

from reader.core.extract.dom import HEADING_TAGS, link_density, link_text_len, tag_of, text_len
from reader.core.extract.limits import checkpoint

#: A list whose text is more links than this is a link list.
LINK_LIST_DENSITY = 0.7
_HEADED_TEXT = 300
_SEGMENT_TEXT = 50
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SENTENCE = re.compile(r"\.( |$)")
_PROSE_END = re.compile(r"[.!?…][\"”’')\]]*( |$)")
_INLINE_TAGS = frozenset(
    {"a", "span", "em", "i", "b", "strong", "abbr", "sup", "sub", "small", "cite", "q", "mark",
     "u", "code", "font", "dfn", "time"}
)  # fmt: skip

# readability logs a traceback (with page text) when it fails, and Python's
# last-resort handler would print it: its failures are ours to report.
_READABILITY_LOG = logging.getLogger("readability.readability")
_READABILITY_LOG.addHandler(logging.NullHandler())
_READABILITY_LOG.propagate = False


class _Readability(Document):  # type: ignore[misc]
    """readability-lxml working on our already parsed and pruned tree.

    Each pass gets a fresh copy, so readability's mutations never reach the
    caller's tree, and the page is not parsed or link-rewritten again.
    """

    def __init__(self, tree: HtmlElement, **kwargs: object) -> None:
        super().__init__(tree, **kwargs)
        self._tree = tree
        self._link_lengths: dict[HtmlElement, int] | None = None

    def _parse(self, input: object) -> HtmlElement:
        return copy.deepcopy(self._tree)

    def class_weight(self, e: HtmlElement) -> int:
        # Called for every node readability scores or cleans: a cancelled
        # extraction stops here (readability_body returns None, and the
        # pipeline's next checkpoint raises).
        checkpoint()
        weight = int(super().class_weight(e))
        ident = e.get("id")
        if ident and weight and _is_anchor_id(e, ident):
            # A heading's anchor id is a slug of its own words ("...-toolchains"):
            # its words say nothing about the element being furniture.
            weight += 25 * bool(REGEXES["negativeRe"].search(ident))
            weight -= 25 * bool(REGEXES["positiveRe"].search(ident))
        return weight

    def remove_unlikely_candidates(self) -> None:
        # readability's own, but like Readability.js it spares links, and also
        # inline elements in running text (a "popup" note link is still words
        # of its sentence).
        # Pages repeat their class names: each is searched once.
        unlikely, maybe = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]
        suspect: dict[str, bool] = {}
        for elem in self.html.findall(".//*"):
            names = f"{elem.get('class', '')} {elem.get('id', '')}"
            if len(names) < 2:
                continue
            found = suspect.get(names)
            if found is None:
                found = suspect[names] = bool(unlikely.search(names)) and not maybe.search(names)
            if not found:
                continue
            if elem.tag in ("html", "body", "a") or in_running_text(elem):
                continue
            if elem.xpath("ancestor-or-self::pre | ancestor-or-self::code") or elem.xpath(
                "descendant-or-self::main | descendant-or-self::article | descendant-or-self::math"
            ):
                continue
            elem.drop_tree()

    def transform_misused_divs_into_paragraphs(self) -> None:
        # readability's own, step for step, with its tests read from the tree:
        # readability serialises a div's children (and each inline child) and
        # searches the markup for a block tag's "<name", once per div of the
        # page; `_holds_block` asks the same of the elements themselves.
        for elem in self.html.findall(".//div"):
            if not any(_holds_block(child, raw_text=False) for child in elem):
                elem.tag = "p"
        for elem in self.html.findall(".//div"):
            children = list(elem)
            paragraph = None
            if elem.text and elem.text.strip():
                p = fragment_fromstring("<p/>")
                p.text = elem.text
                elem.text = None
                elem.insert(0, p)
                paragraph = p
            for child in children:
                if child.tag == "br":
                    paragraph = None
                    continue
                if child.tag not in _DIV_INLINE_TAGS or _holds_block(child, raw_text=True):
                    paragraph = None
                    continue
                if paragraph is None:
                    paragraph = fragment_fromstring("<p/>")
                    child.addprevious(paragraph)
                paragraph.append(child)
            for pos, child in reversed(list(enumerate(elem))):
                if child.tail and child.tail.strip():
                    p = fragment_fromstring("<p/>")
                    p.text = child.tail
                    child.tail = None
                    elem.insert(pos + 1, p)
                if child.tag == "br":
                    child.drop_tree()

    def merge_article_segments(
        self,
        candidates: dict[HtmlElement, dict[str, Any]],
        best_candidate: dict[str, Any],
        score_threshold: float,
    ) -> None:
        # An <article> cut into same-class segments (sections between <hr>s,
        # the steps of a how-to): readability merges only those scoring 5% of
        # the best one; a short segment of real paragraphs (score 10 or more)
        # is the story too, and so is a segment of the same shape (tag and
        # class) whose text is a list rather than paragraphs.
        best_elem = best_candidate["elem"]
        shaped = dict(candidates)
        classes = set((best_elem.get("class") or "").split())
        if classes:
            for el in self.html.iter(best_elem.tag):
                if (
                    el not in shaped
                    and not classes.isdisjoint((el.get("class") or "").split())
                    and text_len(el) >= _SEGMENT_TEXT
                    and link_density(el) < 0.2
                ):
                    shaped[el] = {"content_score": 10.0, "elem": el}
        best = {**best_candidate, "content_score": 0.0}
        super().merge_article_segments(shaped, best, score_threshold)

    def get_preserved_elements(self, node: HtmlElement) -> dict[HtmlElement, bool]:
        # Like Readability.js, a list in the content is not dropped for its
        # links alone (a list of changes, each naming its bug report): only
        # a list that is mostly links is, and our cleanup drops those.
        allowed: dict[HtmlElement, bool] = super().get_preserved_elements(node)
        for el in node.iter("ul", "ol"):
            if el not in allowed and self.class_weight(el) >= 0 and _list_text(el):
                allowed[el] = True
        # A quoted post (marked by `protect_embeds`) and the wrappers that hold
        # only it ("social-media-embed"): readability reads "media" as furniture.
        for post in node.xpath(".//*[@data-embed]"):
            length = text_len(post)
            for wrapper in post.iterancestors("div", "section", "figure"):
                if text_len(wrapper) > 1.2 * length + 40:
                    break
                allowed[wrapper] = True
        return allowed

    def get_link_density(self, elem: HtmlElement) -> float:
        # readability drops headings that are mostly a link; Readability.js
        # keeps them. A linked heading over a run of the story's text ("21)
        # <a>Film title</a>" over its review) is a heading of the story;
        # teaser headlines were marked before and the cleanup drops them.
        if tag_of(elem) in HEADING_TAGS and _heads_text(elem):
            return 0.0
        lengths = self._link_lengths
        if lengths is None:
            return float(super().get_link_density(elem))
        # readability's sum, with each link measured once (see score_paragraphs).
        link_length = 0
        for a in elem.findall(".//a"):
            length = lengths.get(a)
            if length is None:
                length = lengths[a] = int(text_length(a))
            link_length += length
        total: int = text_length(elem)
        return float(link_length) / max(total, 1)

    def score_paragraphs(self) -> dict[HtmlElement, dict[str, Any]]:
        # Scoring reads the tree without changing it, and measures the link
        # density of every parent and grandparent of a paragraph: each link's
        # text length is measured once for all the candidates holding it.
        self._link_lengths = {}
        try:
            scores: dict[HtmlElement, dict[str, Any]] = super().score_paragraphs()
        finally:
            self._link_lengths = None
        return scores

    def get_article(
        self,
        candidates: dict[HtmlElement, dict[str, Any]],
        best_candidate: dict[str, Any],
        html_partial: bool = False,
    ) -> HtmlElement:
        # readability's own, with two changes that follow Readability.js (and
        # the human-marked benchmark): a long sibling paragraph is judged on all
        # its text (readability reads only the text before its first child, so
        # "As <a>Agency</a> reports, ..." looked empty); and the standfirst
        # ("dek", "subtitle") is not put back at the top of the body: it is the
        # story's summary, not its text.
        threshold = max(10.0, best_candidate["content_score"] * 0.2)
        output: HtmlElement = (
            fragment_fromstring("<div/>") if html_partial else document_fromstring("<div/>")
        )
        best_elem = best_candidate["elem"]
        self.add_heading_preamble(candidates, best_elem, threshold)
        self.merge_article_segments(candidates, best_candidate, threshold)
        # Of readability's "editorial leads" only the lead picture is put back
        # (a figure classed "story__lead-image" before the body), not the dek.
        for lead in reversed(self.get_editorial_leads(best_elem)):
            if _is_picture(lead):
                best_elem.insert(0, lead)
        parent = best_elem.getparent()
        siblings = list(parent) if parent is not None else [best_elem]
        root = output if html_partial else output[0][0]
        for sibling in siblings:
            append = sibling is best_elem or (
                sibling in candidates and candidates[sibling]["content_score"] >= threshold
            )
            if not append and sibling.tag == "p":
                density = self.get_link_density(sibling)
                content = " ".join(sibling.text_content().split())
                own = sibling.text or ""  # readability's test for short lines, kept
                append = (
                    len(content) > 80 and density < 0.25 and _PROSE_END.search(content) is not None
                ) or (len(own) <= 80 and density == 0 and _SENTENCE.search(own) is not None)
            if append:
                root.append(sibling)
        return output

    def get_clean_html(self) -> str:
        # Only used by readability for its length check; skip its attribute regexes.
        return str(tounicode(self.html, method="html"))


def readability_body(tree: HtmlElement, *, relaxed: bool = False) -> HtmlElement | None:
    """Run readability on a copy of `tree`; the content element, or None."""
    kwargs: dict[str, object] = {"min_text_length": 10, "retry_length": 100} if relaxed else {}
    doc = _Readability(tree, **kwargs)
    try:
        doc.summary(html_partial=True)
    except Exception:  # readability raises Unparseable and worse on odd markup
        return None
    element = doc.html
    return element if isinstance(element, HtmlElement) else None


#: readability's inline tags: runs of them in a div become a paragraph.
_DIV_INLINE_TAGS = frozenset(
    {"a", "b", "cite", "code", "em", "font", "i", "small", "span", "strong", "sub", "sup", "u"}
)
_BLOCK_MARKUP = REGEXES["divToPElementsRe"]
#: Elements whose text the HTML serialiser writes unescaped.
_RAW_TEXT = frozenset({"script", "style"})


def _holds_block(el: HtmlElement, *, raw_text: bool) -> bool:
    """readability's `divToPElementsRe.search(markup of el)`, read from the
    tree: the markup escapes "<" in text and attribute values, so the pattern
    can only match a start tag, `el`'s own or a descendant's. With `raw_text`
    (readability's HTML serialisation, which writes script and style text
    as it is) a subtree holding those is searched as markup; the pipeline
    drops them before readability runs."""
    for node in el.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if raw_text and tag.lower() in _RAW_TEXT:
            return _BLOCK_MARKUP.search(tounicode(el, method="html")) is not None
        if _BLOCK_MARKUP.match(f"<{tag}"):
            return True
    return False


def _is_anchor_id(el: HtmlElement, ident: str) -> bool:
    """The id of a heading made from its own text ("1.-ai-shines-a-light")."""
    if tag_of(el) not in HEADING_TAGS:
        return False
    key = _NON_WORD.sub("", ident.lower())
    return len(key) >= 8 and key in _NON_WORD.sub("", el.text_content().lower())


def _list_text(el: HtmlElement) -> bool:
    """A list with text of its own around its links: under a third of its
    items are nothing but a link."""
    items = [li for li in el if tag_of(li) == "li"]
    if len(items) < 2 or link_density(el) > LINK_LIST_DENSITY:
        return False
    return sum(1 for li in items if link_density(li) > 0.9) < len(items) / 3


def _heads_text(heading: HtmlElement) -> bool:
    """A heading followed, up to the next heading, by story text (300
    characters or more outside links), not by a teaser's line of summary."""
    text = 0
    for sib in heading.itersiblings():
        if tag_of(sib) in HEADING_TAGS:
            break
        length = text_len(sib)
        if length:
            text += length - link_text_len(sib)
        if text >= _HEADED_TEXT:
            return True
    return False


def in_running_text(el: HtmlElement) -> bool:
    """An inline element with sentence text on either side (a note link, an
    emphasis), or inside an inline wrapper that has: part of its paragraph,
    whatever its class says."""
    for _ in range(3):
        if tag_of(el) not in _INLINE_TAGS:
            return False
        if el.tail and el.tail.strip():
            return True
        before, parent = el.getprevious(), el.getparent()
        text = before.tail if before is not None else (parent.text if parent is not None else None)
        if text and text.strip():
            return True
        if parent is None:
            return False
        el = parent
    return False


def _is_picture(el: HtmlElement) -> bool:
    """A figure or picture wrapper: an image, and no text but its caption's."""
    if el.find(".//img") is None:
        return False
    caption = sum(len(c.text_content()) for c in el.iter("figcaption"))
    return len(el.text_content().strip()) - caption <= 20
