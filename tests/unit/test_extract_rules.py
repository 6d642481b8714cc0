"""The cleanup rules of the article extractor, one page per rule."""

from __future__ import annotations

from reader.core.extract import extract_article

FILLER = [
    "The harbour authority opened the northern pier again on Monday after three weeks of repairs.",
    "Fishing crews had been forced to land their catch at the smaller southern jetty, which slowed sales.",
    "Engineers replaced forty timber piles and strengthened the deck so that lorries can drive onto it.",
    "Traders at the fish market said the first morning back was the busiest they had seen this year.",
    "The council plans a second phase of work next spring, when the lighthouse steps will be rebuilt.",
    "A public meeting about the timetable will be held at the library on Thursday evening.",
]


def page(body: str, *, title: str = "Northern pier reopens after repairs", extra: str = "") -> str:
    first = "".join(f"<p>{p}</p>" for p in FILLER[:3])
    second = "".join(f"<p>{p}</p>" for p in FILLER[3:])
    return f"""<!doctype html><html lang="en"><head><title>{title} - Harbour Times</title>
    <meta property="og:site_name" content="Harbour Times"></head><body>
    <nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/sport">Sport</a></li></ul></nav>
    <div class="article-content"><h1>{title}</h1>
    <p class="byline">By Lena Marsh</p>
    {first}{body}{second}
    </div>{extra}<footer><p>Copyright 2025 Harbour Times</p></footer></body></html>"""


def test_plain_article_keeps_every_paragraph_and_drops_headline_and_byline() -> None:
    article = extract_article(page(""), "https://harbour.example/news/pier")
    assert article.title == "Northern pier reopens after repairs"
    assert article.byline == "Lena Marsh"
    assert article.site_name == "Harbour Times"
    assert article.lang == "en"
    assert article.text.split("\n\n") == FILLER
    assert article.warnings == ()


def test_read_also_lines_are_taken_out() -> None:
    body = (
        '<p><strong>Read also:</strong> <a href="/news/ferry">Ferry fares to rise in May</a></p>'
        '<p>ALSO READ: <a href="/news/market">Market hall gets a new roof</a></p>'
        '<p>Baca Juga: <a href="/id/berita">Nelayan kembali melaut</a></p>'
        '<div class="baca-juga"><a href="/id/lain">Berita lain tentang pelabuhan</a></div>'
        "<p>See also</p><p><a href='/a'>First linked story</a></p><p><a href='/b'>Second one</a></p>"
    )
    article = extract_article(page(body), "https://harbour.example/news/pier")
    for phrase in (
        "Ferry fares",
        "Market hall",
        "Nelayan",
        "Berita lain",
        "See also",
        "linked story",
    ):
        assert phrase not in article.text
    assert article.text.split("\n\n") == FILLER


def test_share_newsletter_and_ad_boilerplate_are_dropped() -> None:
    body = (
        '<div class="share-buttons"><a href="https://facebook.example/s">Facebook</a>'
        '<a href="https://x.example/s">X</a></div>'
        '<div class="newsletter-signup"><p>Sign up for our morning newsletter in your inbox.</p></div>'
        "<p>Advertisement</p>"
        '<div class="ad-slot">Sponsored</div>'
        "<p>Follow us on social media for more harbour news.</p>"
    )
    article = extract_article(page(body), "https://harbour.example/news/pier")
    assert article.text.split("\n\n") == FILLER


def test_caption_repeating_alt_text_is_dropped_other_captions_kept_off_text() -> None:
    body = (
        '<figure><img src="/a.jpg" alt="Workers on the new pier deck">'
        "<figcaption>Workers on the new pier deck</figcaption></figure>"
        '<figure><img src="/b.jpg" alt="Crane"><figcaption>A crane lifts a pile into place.</figcaption></figure>'
    )
    article = extract_article(page(body), "https://harbour.example/news/pier")
    captions = [b.text for b in article.blocks if b.kind == "caption"]
    images = [b.text for b in article.blocks if b.kind == "image"]
    assert captions == ["A crane lifts a pile into place."]
    assert images == ["Workers on the new pier deck", "Crane"]
    assert "Workers on the new pier deck" not in article.text


def test_leftover_link_list_inside_body_is_dropped() -> None:
    body = (
        "<h3>More from the coast</h3><ul>"
        '<li><a href="/1">Lifeboat crew marks fifty years</a></li>'
        '<li><a href="/2">Beach clean draws a record crowd</a></li>'
        '<li><a href="/3">New cycle path opens along the cliffs</a></li></ul>'
    )
    article = extract_article(page(body), "https://harbour.example/news/pier")
    assert "Lifeboat" not in article.text


def test_in_body_links_and_lists_that_are_content_stay() -> None:
    body = (
        "<p>The work was paid for by a <a href='/grant'>coastal grant</a> awarded last year.</p>"
        "<ul><li>Forty new timber piles were driven into the seabed.</li>"
        "<li>The deck was widened by two metres on the seaward side.</li></ul>"
    )
    article = extract_article(page(body), "https://harbour.example/news/pier")
    assert "coastal grant awarded last year" in article.text
    assert "Forty new timber piles" in article.text
    spans = [s for b in article.blocks for s in b.spans if s.href]
    assert spans[0].href == "https://harbour.example/grant"


def test_empty_page_gives_warning_not_exception() -> None:
    article = extract_article("", "https://harbour.example/empty")
    assert article.text == ""
    assert article.warnings


def test_front_page_with_no_article_warns() -> None:
    links = "".join(
        f'<li><a href="/s{i}">Story number {i} about the town</a></li>' for i in range(40)
    )
    html = f"<html><head><title>Harbour Times</title></head><body><ul>{links}</ul></body></html>"
    article = extract_article(html, "https://harbour.example/")
    assert article.warnings
    assert any("short" in w or "links" in w or "No article" in w for w in article.warnings)


def test_garbage_input_never_raises() -> None:
    for junk in ("\x00\x01\x02", "<<<>>>", "<html>" * 1000, "<?xml version='1.0'?><x/>", "\ud800"):
        article = extract_article(junk, None)
        assert isinstance(article.text, str)


URL = "https://harbour.example/news/pier"


def test_note_links_classed_popup_stay_words_of_their_sentence() -> None:
    body = (
        "<p>The pier was built by <a href='javascript:void(0)' class='popup'>a rather elderly"
        "</a> engineer whose <a href='#n2' class='popup note'>avocation</a> was lighthouses.</p>"
    )
    article = extract_article(page(body), URL)
    assert "built by a rather elderly engineer whose avocation was lighthouses." in article.text


def test_compound_furniture_class_words_are_dropped() -> None:
    body = (
        "<div class='sharedaddy sd-like'><h3 class='sd-title'>Like this:</h3></div>"
        "<div id='jp-relatedposts' class='jp-relatedposts'><h3>Related</h3>"
        "<div class='jp-relatedposts-post'><h4><a href='/x'>Quay wall repaired</a></h4>"
        "<p class='jp-relatedposts-post-excerpt'>Workers fixed the quay wall near the market.</p>"
        '<p>March 3, 2025</p><p>In "News"</p></div></div>'
    )
    article = extract_article(page(body), URL)
    for phrase in ("Like this", "Related", "Quay wall", "Workers fixed", 'In "News"'):
        assert phrase not in article.text
    assert article.text.split("\n\n") == FILLER


def test_article_cut_into_sections_keeps_its_short_segment() -> None:
    clauses = ", ".join(f"clause {n}" for n in range(10))
    long = "".join(f"<p>{FILLER[n % 6]} It went on, {clauses}.</p>" for n in range(30))
    middle = "".join(
        f"<p>{text}</p>"
        for text in (
            "The old crane, which has stood on the quay since 1921, will be painted red.",
            "Its cab, the council said, will become a small museum, open on Saturdays.",
            "Volunteers, many of them retired dockers, offered to staff it, for free.",
        )
    )
    segments = "<hr>".join(
        f"<section class='seg'><div class='n'><div class='col'>{paras}</div></div></section>"
        for paras in (f"<p>{FILLER[0]}</p>", middle, long)
    )
    html = (
        "<html><head><title>Pier</title></head><body><article>"
        f"<h1>Pier</h1>{segments}</article></body></html>"
    )
    article = extract_article(html, URL)
    assert "The old crane, which has stood on the quay since 1921" in article.text
    assert "Volunteers, many of them retired dockers" in article.text


def test_list_of_changes_with_their_links_stays() -> None:
    items = "".join(
        f"<li>Maria fixed <a href='https://bugs.example/{n}'>the crash when saving file {n} "
        f"twice in a row</a> in the editor.</li>"
        for n in range(4)
    )
    article = extract_article(page(f"<h3>Resolved bugs</h3><ul>{items}</ul>"), URL)
    assert "Maria fixed the crash when saving file 3 twice in a row in the editor." in article.text


def test_linked_heading_over_its_text_stays_teaser_headline_does_not() -> None:
    review = " ".join(FILLER[:4])
    body = f"<h3>21) <a href='/films/tide'>The Tide Keeper</a></h3><p>{review}</p>"
    article = extract_article(page(body), URL)
    assert "21) The Tide Keeper" in article.text


def test_sibling_paragraph_opening_with_a_link_is_kept() -> None:
    html = (
        "<html><head><title>Pier</title></head><body><div class='main'>"
        f"<p>{FILLER[0]} {FILLER[1]}</p>"
        "<p>As <a href='https://wire.example/a'>the wire</a> reported, the contractor finished "
        "two weeks early and under budget, which the council welcomed on Monday.</p>"
        "<div class='story-rest'>"
        + "".join(f"<p>{p} More words, with commas, and clauses.</p>" for p in FILLER * 2)
        + "</div></div></body></html>"
    )
    article = extract_article(html, URL)
    assert "As the wire reported, the contractor finished two weeks early" in article.text


def test_cross_references_placeholders_and_arrows_are_dropped() -> None:
    body = (
        "<div role='note' class='hatnote'>Main article: <a href='/wiki/Pier'>Pier</a></div>"
        "<p>For the song, see <a href='/wiki/Pier_song'>Pier (song)</a>.</p>"
        "<table><tr><td>Loading...</td></tr></table><p>&lt; &gt;</p>"
        "<div><center><span style='font-size:0.7em'>Advert</span></center></div>"
        "<p class='slideshow-noscript'>This slideshow requires JavaScript.</p>"
        "<p>[button link='/submit' type='big'] Send us your review[/button]</p>"
    )
    article = extract_article(page(body), URL)
    assert article.text.split("\n\n") == FILLER


def test_standfirst_is_not_body_text() -> None:
    html = (
        "<html><head><title>Pier reopens</title></head><body><main><article>"
        "<div class='headline-block'><h1>Pier reopens</h1>"
        "<p class='standfirst'>Three weeks of repairs end early.</p></div>"
        "<div class='article-body'>" + "".join(f"<p>{p}</p>" for p in FILLER) + "</div>"
        "</article></main></body></html>"
    )
    article = extract_article(html, URL)
    assert "Three weeks of repairs end early" not in article.text
    assert article.text.split("\n\n") == FILLER


def test_lead_picture_before_the_body_stays_with_its_caption() -> None:
    # The standfirst stays out, but the story's lead picture beside it is kept.
    html = (
        "<html><head><title>Pier reopens</title></head><body><main><article>"
        "<header><h1>Pier reopens</h1>"
        "<p class='standfirst'>Three weeks of repairs end early.</p></header>"
        "<figure class='story__lead-image'><img src='/img/pier.jpg' alt='The pier at dawn'>"
        "<figcaption>The pier at dawn on its first day open again.</figcaption></figure>"
        "<div class='article-body'>" + "".join(f"<p>{p}</p>" for p in FILLER) + "</div>"
        "</article></main></body></html>"
    )
    article = extract_article(html, URL)
    kinds = [(b.kind.value, b.text) for b in article.blocks[:2]]
    assert kinds == [
        ("image", "The pier at dawn"),
        ("caption", "The pier at dawn on its first day open again."),
    ]
    assert "Three weeks of repairs end early" not in article.text
    assert article.text.split("\n\n") == FILLER


def test_opening_heading_repeating_the_title_words_is_dropped() -> None:
    html = page("", title="Northern pier reopens after repairs").replace(
        "<h1>Northern pier reopens after repairs</h1>", "<h1>Pier reopens after repairs</h1>"
    )
    article = extract_article(html, URL)
    assert article.text.split("\n\n") == FILLER


def test_headed_list_with_a_prose_item_stays_in_the_body() -> None:
    bugs = "".join(
        f"<li><a href='https://bugs.example/show?id={n}'>Bug {n} – Window {n} opens behind "
        f"the player</a></li>"
        for n in range(100, 105)
    )
    body = (
        "<h4>Picture in picture</h4><ul><li>Students from the university will work on the "
        "floating video player again next term, with two mentors from the team.</li>"
        f"<li>In progress:<ul>{bugs}</ul></li></ul>"
    )
    article = extract_article(page(body), URL)
    assert "Students from the university will work on the floating video player" in article.text


def test_heading_anchor_id_made_of_its_words_is_not_a_class_hint() -> None:
    body = (
        "<h2 id='2-new-tools-for-the-harbour-master'>2. New tools for the harbour master</h2>"
        f"<p>{FILLER[0]} {FILLER[1]}</p>"
    )
    article = extract_article(page(body), URL)
    assert "2. New tools for the harbour master" in article.text


def test_title_words_inside_the_first_sentence_stay() -> None:
    html = (
        "<html><head><title>Tide gauge</title></head><body><article><h1>Tide gauge</h1>"
        "<p>In hydrography, a <b>tide gauge</b> (or <b>mareograph</b>) is a device that "
        "measures the change in sea level relative to a vertical datum.</p>"
        + "".join(f"<p>{p}</p>" for p in FILLER)
        + "</article></body></html>"
    )
    article = extract_article(html, URL)
    assert article.text.startswith("In hydrography, a tide gauge (or mareograph) is a device")


def test_quoted_post_in_a_social_embed_wrapper_stays() -> None:
    body = (
        "<div class='social-media-embed'><blockquote class='twitter-tweet'><p lang='en'>"
        "The new pier lights look great tonight, well done to the crews "
        "<a href='https://t.example/x'>https://t.example/x</a></p>&mdash; Harbour Fan "
        "(@harbourfan) <a href='https://twitter.example/s/1'>March 3, 2025</a></blockquote></div>"
    )
    article = extract_article(page(body), URL)
    assert "The new pier lights look great tonight" in article.text


def test_hover_card_inside_a_sentence_goes_its_name_stays() -> None:
    body = (
        "<p>Councillor <span class='rollover-people'><a class='rollover-people-link' "
        "href='/people/ada-reyes'>Ada Reyes</a><span class='rollover-people-block'>"
        "<span><img src='/p.jpg' alt=''><a href='/people/ada-reyes'>Ada Reyes</a>"
        "<a href='/news/1'>Reyes backs ferry plan</a> <a href='/news/2'>Budget vote delayed</a>"
        "</span></span></span> (Ward 4) said the pier was worth every penny.</p>"
    )
    article = extract_article(page(body), URL)
    assert "Councillor Ada Reyes (Ward 4) said the pier was worth every penny." in article.text
    assert "Reyes backs ferry plan" not in article.text
