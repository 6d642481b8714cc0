"""The article's title and the site's name, chosen by agreement between sources.

Title sources, most trusted first: the JSON-LD headline, Dublin Core `dc:title`,
og:title, twitter:title, `<meta name="title">`, parsely-title, the `<title>`
and the page's `<h1>`s. Each is cut of a site prefix or suffix only when that
part names the site (the site name or the domain) or is a label the other
sources show to be extra ("Story 3 - Harbour News" when the h1 says "Story 3").
The candidates are then grouped by their words; the group most sources agree on
wins (ties go to the most trusted source), and its text is the most trusted
source's own, punctuation and all.

The site name: og:site_name, the JSON-LD publisher, application-name, then a
title part that names the domain, the other part of "Site - Home", a title part
shown to be a label, the owner in the copyright line, a Twitter handle that is
the domain's name, then the host. A title-like string ("Daily Planet - Latest
News") is not a site name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from reader.core.extract.dom import text_of
from reader.core.extract.jsonld import ld_text
from reader.core.sanitize import clean_line
from reader.core.urls import host_of, site_key

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«|/|:|~)\s+")
#: Text that is an address, not a name.
URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|net|org)/", re.IGNORECASE)
_SPACE_KEY = re.compile(r"[\W_]+", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f]")
_POSSESSIVE = re.compile(r"['’]s\b")
_WORDS = re.compile(r"\w+", re.UNICODE)
_LOGO_HINT = re.compile(r"logo|brand|masthead|site-?title|site-?name", re.IGNORECASE)

# Meta keys per source, the most trusted first; the rank is the source's trust.
_META_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dc", ("dc:title", "dcterms:title", "dcterm:title", "dc.title", "dcterms.title")),
    ("og", ("og:title",)),
    ("twitter", ("twitter:title",)),
    ("meta", ("title",)),
    ("parsely", ("parsely-title",)),
)
_COLON_PREFIX = re.compile(r"([^:|]{2,40}):\s+(?=\S)")
"""A site name written before the headline with a colon ("Harbour News: Ferry ...")."""
_H1 = "h1"
_HOME_LABELS = frozenset(
    {"home", "homepage", "home page", "front page", "frontpage", "main page", "beranda",
     "halaman utama", "startseite", "accueil", "inicio", "portada", "página inicial",
     "pagina inicial", "início", "inizio", "homepagina", "hoofdpagina"}
)  # fmt: skip
_COPYRIGHT = re.compile(r"©|\(c\)|copyright", re.IGNORECASE)
_LAST_TEXTS = etree.XPath("(//body//text())[position() > last() - 150]")
_COPYRIGHT_WORDS = re.compile(r"copyright|all rights reserved|©|\d{4}", re.IGNORECASE)
_MAX_LABEL_WORDS = 5


@dataclass(frozen=True)
class _Candidate:
    source: str
    rank: int
    text: str


def find_title(
    root: HtmlElement,
    meta: dict[str, str],
    ld: list[dict[str, Any]],
    site: str | None,
    url: str | None = None,
) -> str:
    """The headline the page's sources agree on (see the module docstring)."""
    declared = _declared_titles(root, meta, ld)
    headings = _headings(root, site)
    host = host_of(url)
    names = _site_keys(site, host)
    stripped = [
        _Candidate(c.source, c.rank, strip_site_suffix(c.text, site, host)) for c in declared
    ]
    headings = [h for h in headings if _no_article(name_key(h.text)) not in names]
    candidates = _drop_labels(stripped, headings, names)
    site_titled = [c for c in candidates if _no_article(name_key(c.text)) in names]
    candidates = [c for c in candidates if c not in site_titled]
    keys = {title_key(c.text) for c in candidates}
    if any(c.source != "title" for c in site_titled) and not any(
        title_key(h.text) in keys for h in headings
    ):
        # The metas name the site, and no heading is this page's headline: the
        # site's own page (its front page), titled with its name.
        return site_titled[0].text
    best = _vote(candidates, headings)
    if best and (not site or name_key(site) == name_key(host)) and _label_like(best):
        # No declared site name and still a part set off: is it the owner named
        # in the copyright line? (Read only now: the page's text costs time.)
        best = strip_site_suffix(best, None, "", copyright_owners(root))
    if best:
        return best
    for cand in stripped:
        if _no_article(name_key(cand.text)) in names:
            return cand.text  # the site's own page (its front page): its name
    for tag in ("h2", "h3"):
        for h in root.iter(tag):
            text = clean_line(text_of(h))
            if len(text.split()) >= 3:
                return text
    return ""


def find_site_name(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]], url: str | None
) -> str | None:
    """The site's name: og:site_name, the JSON-LD publisher, application-name,
    a title part that names the domain or is shown to be a label, then the host."""
    host = host_of(url)
    declared: list[str] = [meta.get("og:site_name", "")]
    declared += [ld_text(obj.get("publisher")) for obj in ld]
    declared += [meta.get("application-name", ""), meta.get("apple-mobile-web-app-title", "")]
    for value in declared:
        name = _site_value(clean_line(value), host)
        if name:
            return name
    titles = _declared_titles(root, meta, ld)
    for cand in titles:
        for part in _outer_parts(cand.text):
            if host and _names_domain(part, host):
                return part
    for cand in titles:
        parts, _ = _split(cand.text)
        if len(parts) == 2 and _is_home_label(parts[1]) != _is_home_label(parts[0]):
            return parts[0] if _is_home_label(parts[1]) else parts[1]  # "Site - Home"
    label = _confirmed_label(titles, _headings(root, None))
    if label:
        return label
    owners = copyright_owners(root) if any(_label_like(c.text) for c in titles) else ()
    for cand in titles:
        for part in _outer_parts(cand.text):
            if _owned_by(part, owners):
                return part
    handle = clean_line(meta.get("twitter:site")).lstrip("@")
    if host and handle and _no_article(name_key(handle)) == _domain_name(host):
        return handle  # the domain's name as the site writes it ("GitLab")
    return host or None


def strip_site_suffix(
    title: str, site: str | None, host: str = "", owners: tuple[str, ...] = ()
) -> str:
    """Remove a prefix or suffix that names the site (its name, its domain, or the
    owner named in the page's copyright line) from a page title; the rest must
    still look like a headline."""
    parts, seps = _split(title)
    if len(parts) > 1 and _is_home_label(parts[-1]):
        parts, seps = parts[:-1], seps[:-1]
    elif len(parts) > 1 and _is_home_label(parts[0]):
        parts, seps = parts[1:], seps[1:]
    names = _site_keys(site, host)
    if not names and not owners:
        return _join(parts, seps)
    changed = True
    while changed and len(parts) > 1:
        changed = False
        if _names_site(parts[-1], names, host, owners) and _headline_like(parts[:-1]):
            parts, seps = parts[:-1], seps[:-1]
            changed = True
        elif _names_site(parts[0], names, host, owners) and _headline_like(parts[1:]):
            parts, seps = parts[1:], seps[1:]
            changed = True
    text = _join(parts, seps)
    match = _COLON_PREFIX.match(text)
    if match and _is_site_name(match.group(1), names, host, owners):
        rest = text[match.end() :]
        if _headline_like([rest]):
            return rest
    return text


def name_key(text: str) -> str:
    """Lower-cased letters and digits only, accents dropped, to compare names
    ("The Ledger" ~ "theledger.com", "Aktuálně.cz" ~ "aktualne.cz")."""
    text = text.lower()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _SPACE_KEY.sub("", text)


def title_key(text: str) -> str:
    """The words of a title, to tell whether two sources give the same one
    (case, quotes, dashes and a possessive "'s" do not count)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORDS.findall(_POSSESSIVE.sub("", text)))


def _declared_titles(
    root: HtmlElement, meta: dict[str, str], ld: list[dict[str, Any]]
) -> list[_Candidate]:
    out: list[_Candidate] = []
    for obj in ld:
        text = ld_text(obj.get("headline")) or ld_text(obj.get("name"))
        if text:
            out.append(_Candidate("ld", 0, text))
            break
    for rank, (source, keys) in enumerate(_META_SOURCES, start=1):
        for key in keys:
            text = clean_line(meta.get(key))
            if text and not URLISH.search(text):
                out.append(_Candidate(source, rank, text))
                break
    el = root.find("head/title")
    if el is None:
        el = root.find(".//title")
    if el is not None:
        text = clean_line(el.text_content())
        if text:
            out.append(_Candidate("title", len(_META_SOURCES) + 1, text))
    return out


def _headings(root: HtmlElement, site: str | None) -> list[_Candidate]:
    """The page's <h1>s that can be headlines (not a logo or the site's name)."""
    site_name = name_key(site or "")
    out: list[_Candidate] = []
    for h in root.iter("h1"):
        text = clean_line(text_of(h))
        if not 2 <= len(text) <= 400 or (site_name and name_key(text) == site_name):
            continue
        if _is_logo(h):
            continue
        out.append(_Candidate(_H1, len(_META_SOURCES) + 2, text))
    return out


def _is_logo(h: HtmlElement) -> bool:
    """A heading that is the site's logo: it links to the home page or is marked as a brand."""
    for a in h.iter("a"):
        href = (a.get("href") or "").strip()
        if href == "/" or re.fullmatch(r"(?:https?:)?//[^/]+/?", href):
            return True
    el: HtmlElement | None = h
    for _ in range(3):
        if el is None:
            break
        if _LOGO_HINT.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            return True
        el = el.getparent()
    return False


def _drop_labels(
    candidates: list[_Candidate], headings: list[_Candidate], names: frozenset[str]
) -> list[_Candidate]:
    """Cut the parts of a title that other sources show to be labels: when the
    rest of "Story 3 - Harbour News" is what the h1 or another meta says."""
    known = {
        title_key(c.text)
        for c in [*candidates, *headings]
        if _no_article(name_key(c.text)) not in names
    }
    known.discard("")
    out = []
    for cand in candidates:
        out.append(_Candidate(cand.source, cand.rank, _reduce(cand.text, known)))
    return out


def _reduce(text: str, known: set[str]) -> str:
    parts, seps = _split(text)
    if len(parts) < 2:
        return text
    n = len(parts)
    # The longest run of parts that another source gives whole, with only
    # short label parts around it.
    for size in range(n - 1, 0, -1):
        for start in range(0, n - size + 1):
            end = start + size
            outside = parts[:start] + parts[end:]
            if any(len(p.split()) > _MAX_LABEL_WORDS for p in outside):
                continue
            run = _join(parts[start:end], seps[start : end - 1])
            if title_key(run) in known:
                return run
    return text


def _confirmed_label(titles: list[_Candidate], headings: list[_Candidate]) -> str | None:
    """The outermost part of a title that the other sources show to be a label
    (the site's name when nothing else gives it): the rest is what another
    source says. Suffixes first: "Story 3 - Harbour News"."""
    keyed = [(title_key(c.text), c) for c in [*titles, *headings]]
    for suffix in (True, False):
        for cand in titles:
            parts, seps = _split(cand.text)
            if len(parts) < 2:
                continue
            label, rest = (parts[-1], parts[:-1]) if suffix else (parts[0], parts[1:])
            rest_key = title_key(_join(rest, seps[:-1] if suffix else seps[1:]))
            if _name_like(label) and any(
                key == rest_key and other is not cand for key, other in keyed
            ):
                return label
    return None


def _vote(candidates: list[_Candidate], headings: list[_Candidate]) -> str:
    """The text of the winning group of same-worded candidates. A group an <h1>
    joins with a meta title wins; otherwise the group most sources give, ties
    going to the most trusted source. The text is the most trusted source's own."""
    groups: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        key = title_key(cand.text)
        if key:
            groups.setdefault(key, []).append(cand)
    for h in headings:
        key = title_key(h.text)
        if key in groups and all(c.source != _H1 for c in groups[key]):
            groups[key].append(h)
    if not groups:
        return headings[0].text if headings else ""

    def support(key: str) -> tuple[bool, int, int]:
        members = groups[key]
        sources = {c.source for c in members}
        confirmed = _H1 in sources and bool(sources - {_H1, "title"})
        return confirmed, len(sources), -min(c.rank for c in members)

    best = sorted(groups[max(groups, key=support)], key=lambda c: c.rank)
    for cand in best:
        if not _shouting(cand.text):
            return cand.text
    return best[0].text


def _shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 12 and all(not ch.islower() for ch in letters)


def _site_value(value: str, host: str) -> str | None:
    """A declared site name, or None when it is an address or a page title. Of a
    name with a tagline ("Daily Planet - Latest News") the part naming the
    domain is kept, else a short first part."""
    if not value or URLISH.search(value):
        return None
    parts, _ = _split(value)
    if len(parts) > 1:
        for part in (parts[0], parts[-1]):
            if host and _names_domain(part, host):
                return part
        short = len(parts[0].split()) <= 3 and not _is_home_label(parts[0])
        return parts[0] if short and len(parts[0]) >= 2 else None
    return value if len(value.split()) <= 6 else None


@lru_cache(maxsize=256)
def _site_keys(site: str | None, host: str) -> frozenset[str]:
    keys = {_no_article(name_key(site or ""))}
    if host:
        keys.add(name_key(host))
        keys.add(name_key(site_key(host)))
        keys.add(_domain_name(host))
    keys.discard("")
    return frozenset(keys)


def _names_site(part: str, names: frozenset[str], host: str, owners: tuple[str, ...] = ()) -> bool:
    key = _no_article(name_key(part))
    if not key:
        return False
    if key in names or (host and _names_domain(part, host)):
        return True
    if _owned_by(part, owners):
        return True
    # "BuzzFeed News" for the site "BuzzFeed": the name's words and a word or
    # two ("Timeline of events" does not start with the site "Time").
    words = part.split()
    if len(words) > 3:
        return False
    lead = ""
    for word in words[:-1]:
        lead = _no_article(lead + name_key(word))
        if len(lead) >= 3 and lead in names:
            return True
    return False


def copyright_owners(root: HtmlElement) -> tuple[str, ...]:
    """The name keys of the copyright lines at the end of the page ("© 2024
    Harbour News Ltd"); only the last text nodes are read."""
    found = _LAST_TEXTS(root)
    tail = " ".join(str(t) for t in found) if isinstance(found, list) else ""
    out = []
    for match in _COPYRIGHT.finditer(tail):
        line = tail[match.start() : match.end() + 120]
        out.append(name_key(_COPYRIGHT_WORDS.sub(" ", line)))
    return tuple(out[:4])


def _name_like(label: str) -> bool:
    """A few words written as a name ("Harbour News", "the Guardian", "Kompas.com"),
    not a phrase ("Halaman tidak ditemukan")."""
    words = label.split()
    if not words or len(words) > _MAX_LABEL_WORDS or _is_home_label(label):
        return False
    return "." in label or all(not w[0].islower() for w in words if len(w) > 3)


def _is_home_label(part: str) -> bool:
    """ "Home", "Beranda", "Front page": the part names the page as the site's front page."""
    return " ".join(_WORDS.findall(part.casefold())) in _HOME_LABELS


def _label_like(title: str) -> bool:
    """The title has an outer part short enough to be a name."""
    return any(len(p.split()) <= 4 and len(name_key(p)) >= 5 for p in _outer_parts(title))


def _owned_by(part: str, owners: tuple[str, ...]) -> bool:
    """The part is the owner named in a copyright line (a name, not a phrase)."""
    key = name_key(part)
    return len(key) >= 5 and len(part.split()) <= 4 and any(key in owner for owner in owners)


def _is_site_name(part: str, names: frozenset[str], host: str, owners: tuple[str, ...]) -> bool:
    """The part is exactly the site's name (no extra words: "9to5Mac Gift Guide:"
    is a series of the site, part of the headline)."""
    key = _no_article(name_key(part))
    return key in names or (bool(host) and _names_domain(part, host)) or _owned_by(part, owners)


def _names_domain(part: str, host: str) -> bool:
    """The part is the site's domain or its name ("The Verge" ~ theverge.com)."""
    key = _no_article(name_key(part))
    if len(key) < 3:
        return False
    return key in (
        _domain_name(host),
        _no_article(name_key(host)),
        _no_article(name_key(site_key(host))),
    )


@lru_cache(maxsize=256)
def _domain_name(host: str) -> str:
    """The name in a host: "hakibenita" for hakibenita.com, "harian" for news.harian.co.id."""
    return _no_article(name_key(site_key(host).split(".")[0]))


def _no_article(key: str) -> str:
    return key[3:] if key.startswith("the") and len(key) > 6 else key


def _outer_parts(title: str) -> list[str]:
    parts, _ = _split(title)
    return [parts[-1], parts[0]] if len(parts) > 1 else []


def _headline_like(parts: list[str]) -> bool:
    """What is left once the site's name is cut is still a headline: two words or
    more, or a run of characters in a language written without spaces."""
    text = " ".join(parts)
    return len(text.split()) >= 2 or (len(text) >= 6 and not text.isascii())


def _split(title: str) -> tuple[list[str], list[str]]:
    """The parts of a title between separators, and the separators themselves."""
    parts = _TITLE_SEPARATORS.split(title)
    seps = _TITLE_SEPARATORS.findall(title)
    return [p.strip() for p in parts], seps


def _join(parts: list[str], seps: list[str]) -> str:
    out = parts[0] if parts else ""
    for sep, part in zip(seps, parts[1:], strict=False):
        out += sep + part
    return out.strip()
