"""Exported Markdown: front matter that hostile titles cannot break, images
as links, safe file names (reader.core.export.markdown, names)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.export.markdown import front_matter, story_markdown, yaml_string
from reader.core.export.names import MAX_SLUG, numbered, slug, story_file_name, unique_name
from reader.core.export.story import ExportStory, published_day
from reader.core.models import Article, Block, BlockKind, Span
from reader.core.sanitize import clean_line

HOSTILE_TITLES = [
    'Breaking: "quotes" & #hashtags',
    "---\ntitle: injected\n---",
    "line one\nline two\r\nthree",
    "]]> </p><script>alert(1)</script>",
    "bell\x07 esc\x1b[2J nul\x00 c1\x85\x9b end",
    "sep\u2028para\u2029bom\ufeff",
    "مرحبا بالعالم — עברית 🎉🙂",
    "key: value # comment",
    "- item",
    "'single' and \\ backslash",
    "x" * 5000,
]


def story(title: str = "A title", **changes: object) -> ExportStory:
    article = Article(
        url="https://news.example/a",
        title=title,
        byline="Rina Kartika",
        published="2025-03-01T10:00:00+07:00",
        site_name="Kabar Nusa",
        lang="id",
        blocks=(
            Block(
                BlockKind.PARAGRAPH,
                (Span("First <b>paragraph</b> with "), Span("a link", href="https://x.example/l")),
            ),
            Block(BlockKind.IMAGE, (Span("A cat on a mat", href="https://img.example/cat.jpg"),)),
            Block(BlockKind.IMAGE, (Span("No address"),)),
            Block(BlockKind.RULE),
            Block(BlockKind.PARAGRAPH, (Span("---"),)),
        ),
    )
    base: dict[str, object] = {
        "url": "https://news.example/a",
        "article": article,
        "saved": datetime(2025, 3, 2, 8, 0, 5, tzinfo=UTC),
        "added": datetime(2025, 3, 2, 8, 0, 0, tzinfo=UTC),
        "tags": ("sport", "long read"),
        "state": "unread",
    }
    base.update(changes)
    return ExportStory(**base)  # type: ignore[arg-type]


_BARE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")


def parse_front_matter(document: str) -> tuple[dict[str, object], str]:
    """A strict reader of the front matter we write: `---`, `key: value`
    lines whose values are JSON (strings, lists, true) or bare ISO dates,
    `---`; returns the fields and the rest of the document."""
    assert document.startswith("---\n")
    head, rest = document[4:].split("\n---\n", 1)
    fields: dict[str, object] = {}
    for line in head.split("\n"):
        key, _, value = line.partition(": ")
        assert re.fullmatch(r"[a-z]+", key), line
        assert key not in fields, f"duplicate {key}"
        if _BARE_TIME.match(value):
            fields[key] = value
        else:
            fields[key] = json.loads(value)
    return fields, rest


def test_front_matter_fields_and_order() -> None:
    fields, rest = parse_front_matter(story_markdown(story()))
    assert list(fields) == [
        "title",
        "byline",
        "date",
        "site",
        "url",
        "tags",
        "added",
        "saved",
        "state",
    ]
    assert fields["title"] == "A title"
    assert fields["date"] == "2025-03-01T10:00:00+07:00"
    assert fields["tags"] == ["sport", "long read"]
    assert fields["added"] == "2025-03-02T08:00:00Z"
    assert fields["saved"] == "2025-03-02T08:00:05Z"
    assert fields["state"] == "unread"
    assert rest.startswith("\n# A title\n")


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_stay_one_value(title: str) -> None:
    document = story_markdown(story(title, tags=(title, "#x: y")))
    fields, rest = parse_front_matter(document)
    shown = fields["title"]
    assert isinstance(shown, str)
    assert "\n" not in shown and "\x1b" not in shown and "\x07" not in shown
    assert fields["url"] == "https://news.example/a"
    assert isinstance(fields["tags"], list) and len(fields["tags"]) == 2
    # the heading is one line, escaped, and nothing from the title becomes markup
    heading = rest.split("\n")[1]
    assert heading.startswith("# ")
    assert "<script>" not in rest  # in the front matter it is a quoted string: data


def test_yaml_string_escapes_what_yaml_forbids() -> None:
    for char in [
        "\x00",
        "\x1f",
        "\x7f",
        "\x85",
        "\x9b",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\ufffe",
        "\ud800",
    ]:
        quoted = yaml_string(f"a{char}b")
        assert char not in quoted
        assert json.loads(quoted) == f"a{char}b"
    assert yaml_string('say "hi"\n') == '"say \\"hi\\"\\n"'
    assert yaml_string("é 🎉 مرحبا") == '"é 🎉 مرحبا"'


def test_unknown_values_are_left_out_and_bad_dates_quoted() -> None:
    odd = Article(url=None, title="T", published="last Tuesday: 10:00")
    fields, _ = parse_front_matter(front_matter(ExportStory("https://a.example/", odd)))
    assert fields == {
        "title": "T",
        "date": "last Tuesday: 10:00",
        "url": "https://a.example/",
        "tags": [],
    }
    assert published_day("2025-02-30") is None
    for value, bare in [
        ("2025-03-01", True),
        ("2025-03-01T10:00:00Z", True),
        ("2025-03-01T10:00:00.5+07:00", True),
        ("2025-03-01T10:00+07:00", False),  # ISO, but no YAML timestamp: quoted
        ("2025-03-01 10:00:00", False),
        ("2025-03-01T10:00:00+0700", False),
        ("2025-02-30", False),
    ]:
        dated = Article(url=None, title="T", published=value)
        line = front_matter(ExportStory("https://a.example/", dated)).split("\n")[2]
        assert line == (f"date: {value}" if bare else f'date: "{value}"'), value
    assert published_day("2025-03-01 10:00Z") == date(2025, 3, 1)


def test_link_targets_are_web_uris() -> None:
    blocks = (
        Block(
            BlockKind.PARAGRAPH,
            (
                Span("odd", href="https://x.example/a b?q=<x>"),
                Span(" script", href="javascript:alert(1)"),
            ),
        ),
        Block(BlockKind.IMAGE, (Span("pic", href='https://img.example/a"b.jpg'),)),
    )
    document = story_markdown(story(article=Article(url=None, title="T", blocks=blocks)))
    body = parse_front_matter(document)[1]
    assert "[odd](https://x.example/a%20b?q=%3Cx%3E) script" in body
    assert "javascript" not in body
    assert "[Image: pic](https://img.example/a%22b.jpg)" in body


def test_images_are_links_not_embeds() -> None:
    document = story_markdown(story())
    assert "![" not in document
    assert "[Image: A cat on a mat](https://img.example/cat.jpg)" in document
    assert "*[image: No address]*" in document
    assert "First \\<b\\>paragraph\\</b\\> with [a link](https://x.example/l)" in document


def test_slugs_are_ascii_capped_and_never_paths() -> None:
    assert slug("Café crème: l'été à Paris!") == "cafe-creme-l-ete-a-paris"
    assert slug("Straße & Søren") == "strasse-and-soren"
    assert slug("Derby: a 3–2 win") == "derby-a-3-2-win"
    assert slug("Ελλάδα and Ñandú") == "and-nandu"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("..") == ""
    assert slug("東京 🎉") == ""
    long = slug("word " * 100)
    assert len(long) <= MAX_SLUG and not long.endswith("-")
    for title in [*HOSTILE_TITLES, "a/b\\c", "C:\\x", "\u202eexe.md", "CON"]:
        name = story_file_name(date(2025, 3, 1), title, "https://a.example/x")
        assert re.fullmatch(r"2025-03-01-[a-z0-9-]+\.md", name), name
        assert len(name) <= 11 + MAX_SLUG + 3 + 20


def test_titles_without_latin_letters_get_a_stable_name() -> None:
    first = story_file_name(None, "東京", "https://a.example/1")
    assert re.fullmatch(r"undated-story-[0-9a-f]{10}\.md", first)
    assert first == story_file_name(None, "東京", "https://a.example/1")
    assert first != story_file_name(None, "東京", "https://a.example/2")


def test_collisions_are_numbered() -> None:
    assert numbered("a.md", 1) == "a.md"
    assert numbered("a.md", 3) == "a-3.md"
    taken = {"a.md", "a-2.md"}
    assert unique_name("a.md", lambda name: name not in taken) == "a-3.md"


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=200), tag=st.text(max_size=30), published=st.text(max_size=30))
def test_any_title_keeps_the_front_matter_whole(title: str, tag: str, published: str) -> None:
    article = Article(url=None, title=title, published=published, byline=tag)
    document = story_markdown(ExportStory("https://a.example/x", article, tags=(tag, "b")))
    fields, _ = parse_front_matter(document)
    assert fields["title"] == clean_line(title)
    assert fields["url"] == "https://a.example/x"
    assert fields["tags"] == [t for t in (clean_line(tag), "b") if t]
    name = story_file_name(None, title, "https://a.example/x")
    assert re.fullmatch(r"undated-[a-z0-9-]+\.md", name) and ".." not in name
