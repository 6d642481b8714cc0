"""Page furniture the body cleanup drops: compound class words, cross-reference
lines and script placeholders.

Plugins name their blocks "jp-relatedposts", "sharedaddy", "relatedArticles",
"newsletterSignup": split on dashes these give one word that the vocabulary's
exact words ("related", "share", ...) miss. A word that starts with one of
these stems is furniture too (a few real words that share a stem excepted).
"""

from __future__ import annotations

import re

from reader.core.extract.vocabulary import BOILERPLATE_TOKENS

#: Stems of furniture words: a class word starting with one (and longer) counts.
FURNITURE_STEMS = (
    "related", "recommend", "share", "sharing", "social", "newsletter", "subscri",
    "sponsor", "advert", "promo", "comment", "outbrain", "taboola", "popular", "mostread",
    "mostpopular", "trending", "readmore", "readalso", "alsoread", "bacajuga", "breadcrumb",
    "rollover", "tooltip", "popover", "hovercard",
)  # fmt: skip
#: Real words that start with a stem and are not furniture.
NOT_FURNITURE = frozenset(
    {"commentary", "commentaries", "commentator", "shared", "shareholder", "shareholders",
     "socialist", "socialism", "promotion"}
)  # fmt: skip


def is_furniture_word(tokens: frozenset[str]) -> bool:
    """True when a class/id word names page furniture (share, related, ...)."""
    if not tokens.isdisjoint(BOILERPLATE_TOKENS):
        return True
    return any(token.startswith(FURNITURE_STEMS) and token not in NOT_FURNITURE for token in tokens)


#: A cross-reference line over a section: "Main article: <a>X</a>", "See also:
#: <a>Y</a>", "Further information: ...", "For the film, see <a>Z</a>."
CROSS_REFERENCE = re.compile(
    r"""^(?:main\s+articles?|see\s+also|further\s+information|more\s+information
        |artikel\s+utama|lihat\s+pula|article\s+(?:principal|détaillé)|voir\s+aussi
        |hauptartikel|siehe\s+auch|artículo\s+principal|véase\s+también
        |artigo\s+principal|ver\s+também)\s*:\s*\S.{0,150}$
      | ^for\s.{3,100},\s+see\s+\S.{0,100}$""",
    re.IGNORECASE | re.VERBOSE,
)
#: A placeholder left by a script that never ran ("Loading...", "正在加载...",
#: "This slideshow requires JavaScript."), an ad slot's label ("Advert",
#: "Anzeige"), or a shortcode the site never rendered ("[button link=...]...[/button]").
LOADING = re.compile(
    r"""^\s*(?:
        (?:loading|memuat|cargando|carregando|chargement(?:\s+en\s+cours)?|wird\s+geladen
          |caricamento(?:\s+in\s+corso)?|laden|загрузка|正在加载|加载中|読み込み中|로딩\s*중)
        \s*(?:\.{2,}|…)?
      | this\s+(?:slideshow|gallery|content|video|page|feature|map)\s+requires\s+javascript\.?
      | (?:please\s+)?enable\s+javascript\b.{0,80}
      | advert|advertisement|anzeige|werbung|publicité|publicidade|reklama|reklame|广告|広告|광고
      | \[(?P<code>[a-z_]+)\b[^\]]*\].{0,200}\[/(?P=code)\]
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_cross_reference(text: str, linked: int) -> bool:
    """A short "Main article: X" line whose target is a link (`linked`: the
    length of its link text)."""
    return len(text) <= 200 and linked > 0 and CROSS_REFERENCE.match(text) is not None
