"""Class and id words of page furniture written as one compound word.

Plugins name their blocks "jp-relatedposts", "sharedaddy", "relatedArticles",
"newsletterSignup": split on dashes these give one word that the vocabulary's
exact words ("related", "share", ...) miss. A word that starts with one of
these stems is furniture too (a few real words that share a stem excepted).
"""

from __future__ import annotations

from reader.core.extract.vocabulary import BOILERPLATE_TOKENS

#: Stems of furniture words: a class word starting with one (and longer) counts.
FURNITURE_STEMS = (
    "related", "recommend", "share", "sharing", "social", "newsletter", "subscri",
    "sponsor", "advert", "promo", "comment", "outbrain", "taboola", "popular", "mostread",
    "mostpopular", "trending", "readmore", "readalso", "alsoread", "bacajuga", "breadcrumb",
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
