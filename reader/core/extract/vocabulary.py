"""Words that tell what a block is: boilerplate class names, read-also labels,
and boilerplate sentences, in English, Indonesian and the common European
languages. No per-site rules: only vocabulary that many sites share.
"""

from __future__ import annotations

import re

#: Class/id words of blocks that are never article text.
BOILERPLATE_TOKENS = frozenset(
    {
        # sharing and following
        "share", "shares", "sharing", "sharer", "social", "socials", "sosmed", "follow",
        "sharebar", "addthis", "sharethis", "bagikan",
        # newsletters, subscriptions, paywalls
        "newsletter", "newsletters", "subscribe", "subscription", "signup", "paywall",
        "donate", "donation", "membership", "support", "tipline", "optin", "registration",
        "regwall",
        # ads and promotions
        "ad", "ads", "advert", "advertisement", "adv", "adsense", "dfp", "gpt", "sponsor",
        "sponsored", "promo", "promotion", "outbrain", "taboola", "mgid", "revcontent",
        "iklan", "banner", "commercial", "partner", "affiliate",
        # navigation and page chrome
        "breadcrumb", "breadcrumbs", "pagination", "pager", "navbar", "menu", "toolbar",
        "print", "cookie", "cookies", "consent", "modal", "popup", "overlay",
        # link lists and engagement
        "related", "recommended", "recommendation", "recommendations", "rekomendasi",
        "terkait", "populer", "terpopuler", "trending", "mostread", "most", "popular",
        "comments", "comment", "komentar", "disqus", "tags", "tag", "topics", "keywords",
        "bacajuga", "readalso", "readmore", "alsoread", "lihatjuga",
        # article chrome
        "byline", "author", "dateline", "kicker", "eyebrow", "listen", "audio", "tts",
        "audioplayer", "readspeaker", "timestamp", "meta", "caption-credit", "credit",
        "credits", "copyright", "rating", "reactions", "reaction", "emoji", "votes",
    }
)  # fmt: skip

#: Class/id words that mark a block as the article body; never drop those.
CONTENT_TOKENS = frozenset(
    {"article", "content", "body", "entry", "post", "story", "text", "main", "isi",
     "detail", "artikel", "berita", "read", "articlebody", "txt"}
)  # fmt: skip

#: Labels of inline "read also" lines. Matched at the start of a block's text,
#: which must be stripped first (see `match_label`).
READ_ALSO_LABEL = re.compile(
    r"""^[\[(]?\s*(?:
        baca\s+(?:juga|pula|lagi|selengkapnya|berita\s+lainnya)
      | lihat\s+juga | simak\s+juga | cek\s+juga | tonton\s+juga | saksikan\s+juga
      | jangan\s+lewatkan | berita\s+terkait | artikel\s+terkait
      | read\s+(?:also|more|next|this) | also\s+read | also\s+see | see\s+also
      | related(?:\s+(?:articles?|story|stories|content|coverage|reading|news|posts?|links?))?
      | more\s+on\s+this(?:\s+story)? | recommended(?:\s+reading)? | don'?t\s+miss | must\s+read
      | click\s+here\s+to\s+read | you\s+may\s+also\s+like | further\s+reading
      | leggi\s+anche | lire\s+aussi | à\s+lire\s+aussi | a\s+lire\s+aussi | voir\s+aussi
      | lesen\s+sie\s+auch | auch\s+interessant | mehr\s+zum\s+thema
      | lea\s+también | lee\s+también | ver\s+también | leia\s+(?:também|mais)
      | (?:también\s+)?te\s+puede\s+interesar | quizás\s+te\s+interese | le\s+puede\s+interesar
      | você\s+pode\s+gostar | pode\s+interessar | potrebbe\s+interessarti | vous\s+aimerez\s+aussi
      | das\s+könnte\s+sie\s+auch\s+interessieren | ook\s+interessant
      | lees\s+ook | zie\s+ook | читайте\s+также | смотрите\s+также
    )\s*(?:[:：\-–—|»>›…!]+|\.{2,}|\s*$|(?=\s*[\w"“‘'(\[]))""",
    re.IGNORECASE | re.VERBOSE,
)

#: Whole-block boilerplate sentences (checked on short blocks only).
BOILERPLATE_TEXT = re.compile(
    r"""^\s*(?:
        advertisements?|advertorial|iklan|sponsored(?:\s+content)?|ads?\s+by\b.*|publicidad|anzeige|pubblicità
      | scroll(?:\s+down)?\s+to\s+(?:continue|read).*|scroll\s+untuk\s+melanjutkan.*
      | lanjutkan\s+(?:membaca|baca).*|continue\s+reading.*|story\s+continues\s+below.*
      | article\s+continues\s+below.*|the\s+story\s+continues.*
      | (?:share|bagikan|teilen|partager|compartir)(?:\s+(?:this|on|it|ini|artikel|berita|via)\b.*)?
      | (?:follow|ikuti)\s+(?:us|kami|berita|akun|channel|@).*
      | (?:subscribe|sign\s+up|register|daftar)\b.{0,120}
        (?:newsletter|inbox|email|updates|berlangganan|gratis|free).*
      | (?:get|receive)\s+(?:our|the\s+latest).{0,80}(?:newsletter|inbox|email).*
      | click\s+here\b.* | klik\s+(?:di\s+sini|disini)\b.*
      | download\s+(?:the\s+)?(?:app|aplikasi).*|unduh\s+aplikasi.*
      | loading\.*|memuat\.*|please\s+wait\.*
      | enjoyed\s+this\s+(?:article|story).* | have\s+a\s+(?:news\s+)?tip\b.*
      | support\s+(?:independent|local|our|quality)\s+.{0,40}journalism.*
      | listen\s+to\s+(?:this\s+)?(?:article|story).{0,40} | dengarkan\s+(?:artikel|berita).{0,40}
      | (?:copyright|hak\s+cipta)\b.*|©.*|\(c\)\s+\d{4}.*|all\s+rights\s+reserved.*
      | (?:tags?|topics?|topik|kata\s+kunci|keywords?)\s*:.*
      | (?:photo|foto|image|gambar|video|ilustrasi)\s*:\s*\S.{0,80}
      | (?:editor|penyunting|pewarta|reporter|penulis|sumber|source|author|writer|fotografer
         |photographer|editing\s+by|reporting\s+by|writing\s+by)\s*:.{0,160}
      | (?:photo|foto|picture)s?\s+(?:by|oleh)\s.{0,80}
      | (?:more|other|lainnya)\s+(?:photos?|videos?|stories|galleries|foto|video)
      | (?:foto|video|galeri)\s+lainnya
      | (?:watch|tonton|saksikan)\s*:.{0,120}
      | we\s+use\s+cookies.*|this\s+(?:site|website)\s+uses\s+cookies.*
      | (?:print|email|e-mail|comment|comments|komentar)\s*\d*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def has_any(tokens: set[str], vocabulary: frozenset[str]) -> bool:
    """True when one of the class/id words is in the vocabulary."""
    return not tokens.isdisjoint(vocabulary)


def starts_with_read_also_label(text: str) -> re.Match[str] | None:
    """The read-also label match at the start of `text` (leading spaces ignored).

    Stripping first keeps the pattern linear on long runs of whitespace."""
    return READ_ALSO_LABEL.match(text.lstrip())
