"""One story as a Markdown document with YAML front matter.

    ---
    title: "The title"
    byline: "Rina Kartika"
    date: 2025-03-01T10:00:00+07:00
    site: "Kabar Nusa"
    url: "https://news.example/a"
    tags: ["sport", "long read"]
    added: 2025-03-02T08:00:00Z
    saved: 2025-03-02T08:00:05Z
    state: "unread"
    ---

    # The title

    The body, as `reader show --format markdown` prints it.

Every value from a page is written as a JSON string, which is also a valid
YAML double-quoted scalar: a title holding `:`, `#`, `---`, quotes or
newlines stays one value and cannot end the front matter early. Characters
YAML forbids in a stream (controls, lone surrogates, U+FFFE) and those it may
read as line breaks (U+0085, U+2028, U+2029) are escaped. Dates are written
bare (a YAML timestamp) only when they are valid ISO 8601, else quoted.

Images are links, `[Image: alt](https://...)`, not `![alt](...)` embeds: a
Markdown viewer fetches embedded images from the network when the file is
opened (the site learns who read it, and when), and an exported story should
read the same offline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from reader.core.export.links import web_uri
from reader.core.export.story import ExportStory, iso_moment
from reader.core.extract.markdown import blocks_to_markdown, title_to_markdown
from reader.core.models import Block, BlockKind, Span
from reader.core.sanitize import clean_line, strip_controls

#: Characters a YAML stream may not hold raw, or may read as line breaks:
#: escaped as \uXXXX inside the JSON-style string.
_YAML_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)


#: What YAML reads as a timestamp (stricter than ISO 8601: seconds required
#: with a time, a zone offset with a colon); other dates are quoted.
_YAML_TIMESTAMP = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})?)?$"
)


def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar (JSON string syntax), safe
    whatever it holds."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def front_matter(story: ExportStory) -> str:
    """The YAML front matter block, `---` lines included, for `story`."""
    article = story.article
    lines = ["---", f"title: {yaml_string(clean_line(article.title))}"]
    if article.byline and clean_line(article.byline):
        lines.append(f"byline: {yaml_string(clean_line(article.byline))}")
    published = clean_line(article.published)
    if published and _YAML_TIMESTAMP.match(published) and story.published is not None:
        lines.append(f"date: {published}")  # a real date: bare, read as a YAML timestamp
    elif published:
        lines.append(f"date: {yaml_string(published)}")
    if article.site_name and clean_line(article.site_name):
        lines.append(f"site: {yaml_string(clean_line(article.site_name))}")
    lines.append(url_line(story.url))
    tags = ", ".join(yaml_string(clean_line(tag)) for tag in story.tags if clean_line(tag))
    lines.append(f"tags: [{tags}]")
    if story.added is not None:
        lines.append(f"added: {iso_moment(story.added)}")
    if story.saved is not None:
        lines.append(f"saved: {iso_moment(story.saved)}")
    if story.state:
        lines.append(f"state: {yaml_string(clean_line(story.state))}")
    if story.favourite:
        lines.append("favourite: true")
    lines.append("---")
    return "\n".join(lines) + "\n"


def url_line(url: str) -> str:
    """The front matter's `url:` line for `url` (also how an earlier export
    of the same story is recognised)."""
    return f"url: {yaml_string(clean_line(url))}"


def image_link(block: Block) -> Block:
    """An image block as a paragraph holding a link to the image
    (`[Image: alt](url)`); an image with no web address stays as it is."""
    src = web_uri(block.spans[0].href if block.spans else None)
    if src is None:
        return Block(BlockKind.IMAGE, (Span(block.text),))
    return Block(BlockKind.PARAGRAPH, (Span(f"Image: {clean_line(block.text)}", href=src),))


def _export_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Images as links; every link target a valid web URI (others dropped)."""
    for block in blocks:
        if block.kind is BlockKind.IMAGE:
            yield image_link(block)
        elif any(span.href and web_uri(span.href) != span.href for span in block.spans):
            spans = tuple(replace(span, href=web_uri(span.href)) for span in block.spans)
            yield replace(block, spans=spans)
        else:
            yield block


def story_markdown(story: ExportStory) -> str:
    """The whole document: front matter, `# Title`, then the body."""
    article = story.article
    body = strip_controls(blocks_to_markdown(_export_blocks(article.blocks)))
    parts = [front_matter(story)]
    title = clean_line(article.title)
    if title:
        parts.append(f"\n{title_to_markdown(title)}\n")
    if body:
        parts.append(f"\n{body}\n")
    return "".join(parts)
