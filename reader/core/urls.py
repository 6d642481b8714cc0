"""URL resolution, comparison and the allow-list of schemes we follow."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from reader.core.errors import BadURL
from reader.core.sanitize import clean_line, strip_controls

#: The only schemes the reader fetches or opens.
FOLLOWABLE_SCHEMES = frozenset({"http", "https"})

_TRACKING_PARAM = re.compile(
    r"^(utm_[a-z]+|itm_[a-z]+|ref|ref_src|src|srcref|source|cmpid|ocid|fbclid|gclid|mc_[a-z]+"
    r"|mod|ns_[a-z]+|cmp|share|_ga|yclid|igshid)$",
    re.IGNORECASE,
)
#: A path segment that names one story: a long number, a slug of three words
#: or more, a file name. The section finder, the index-page check and the
#: pager finder all judge story addresses by it.
STORY_SEGMENT = re.compile(r"\d{4,}|^[\w%]+(?:[-_.][\w%]+){2,}|\.s?html?$|\.php$|\.aspx?$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What a user types without a scheme: "example.com/x", "127.0.0.1:8000",
# "localhost:8000/x", "[::1]:8000/".
_HOSTLIKE = re.compile(
    r"^(?:[\w-]+(?:\.[\w-]+)+|localhost|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?(?:[/?#]|$)", re.UNICODE
)
_LOCAL_HOST = re.compile(
    r"^(?:localhost|[\w-]+\.localhost|\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*)$"
)
_VALID_HOST = re.compile(r"^(?:[\w-]+(?:\.[\w-]+)*\.?|[0-9a-f:.]+)$", re.UNICODE)
# Browsers drop tabs and newlines inside URLs.
_URL_NEWLINES = re.compile(r"[\t\n\r]")


def scheme_of(url: str) -> str:
    """The lower-cased scheme of `url`, or "" when it has none."""
    match = _SCHEME.match(url.strip())
    return match.group(1).lower() if match else ""


def is_followable(url: str) -> bool:
    """True for absolute http(s) URLs with a host: the only links we open."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in FOLLOWABLE_SCHEMES and bool(parts.hostname)


def resolve(base: str | None, href: str | None) -> str | None:
    """Resolve `href` against `base`; None when it cannot be resolved.

    Whitespace and control characters inside the href (and the base) are
    removed, as browsers do.
    """
    if not href:
        return None
    href = strip_controls(_URL_NEWLINES.sub("", href)).strip()
    if not href:
        return None
    href = href.replace(" ", "%20")
    try:
        url = urljoin(base, href) if base else href
        if base:  # the base may carry controls too
            url = strip_controls(_URL_NEWLINES.sub("", url))
        urlsplit(url)  # raises on invalid IPv6 literals and the like
    except ValueError:
        return None
    return url


def without_fragment(url: str) -> str:
    """`url` with any `#fragment` removed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit(parts._replace(fragment="")) if parts.fragment else url


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter only tracks the visit (utm_source, fbclid, ...)."""
    return _TRACKING_PARAM.match(name) is not None


def comparable(url: str) -> str:
    """A key under which two addresses of the same page compare equal:
    no scheme, no "www.", lower-case host, no fragment, no tracking
    parameters, no trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    return comparable_parts(parts) or url.strip()


def comparable_parts(parts: SplitResult) -> str:
    """`comparable` for an address already split with urlsplit ("" if malformed)."""
    try:
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return ""
    if host.startswith("www."):
        host = host[4:]
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = ""
    if parts.query:
        query = urlencode(
            [
                (k, v)
                for k, v in parse_qsl(parts.query, keep_blank_values=True)
                if not is_tracking_param(k)
            ]
        )
    path = parts.path or "/"
    if "//" in path:
        path = re.sub(r"/+", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("", host, path, query, ""))


def host_of(url: str | None) -> str:
    """The host of `url` without "www.", lower-cased; "" when there is none."""
    if not url:
        return ""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def site_key(host: str) -> str:
    """The registrable-ish part of a host ("news.example.co.id" -> "example.co.id").

    A heuristic without a public-suffix list: keeps three labels when the
    second-level label is a common generic one (co, com, ac, go, or, ...).
    """
    labels = host.lower().split(".")
    if len(labels) <= 2:
        return host.lower()
    if labels[-2] in {"co", "com", "ac", "go", "or", "net", "org", "gov", "edu", "web", "sch"}:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def normalize_user_url(text: str) -> str:
    """Turn what a user typed into an absolute http(s) URL, or raise BadURL.

    "example.com/news" becomes "https://example.com/news"; "localhost:8000/x"
    and bare IP addresses get "http://" (local servers rarely speak TLS).
    Other schemes (javascript:, file:, data:, ...) are refused with a clear reason.
    """
    raw = clean_line(text)
    if not raw:
        raise BadURL("No address given.")
    scheme = scheme_of(raw)
    if raw.startswith("//"):
        raw = "https:" + raw
        scheme = "https"
    elif _HOSTLIKE.match(raw) and scheme not in FOLLOWABLE_SCHEMES:
        host = re.split(r"[/?#]", raw, maxsplit=1)[0]
        host = host[1:].split("]")[0] if host.startswith("[") else host.split(":")[0]
        raw = ("http://" if _LOCAL_HOST.match(host.lower()) else "https://") + raw
        scheme = "https"
    elif not scheme or "." in scheme:
        raise BadURL(f"Not a web address: {shorten(raw)}")
    if scheme not in FOLLOWABLE_SCHEMES:
        raise BadURL(f"Only http and https addresses are opened, not {scheme}: links.")
    try:
        parts = urlsplit(raw)
        host = parts.hostname
        _ = parts.port
    except ValueError as exc:
        raise BadURL(f"Malformed address: {shorten(raw)} ({exc}).") from None
    if not host:
        raise BadURL(f"The address has no host: {shorten(raw)}")
    if not _VALID_HOST.match(host):
        raise BadURL(f"Malformed host name in {shorten(raw)}")
    if " " in raw:
        raw = raw.replace(" ", "%20")
    return raw


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters, for messages quoting a URL."""
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_local_address(url: str) -> bool:
    """True for addresses on this machine or a private network, as written:
    localhost, names of local networks, and every spelling of a loopback,
    private, link-local, unspecified, reserved or multicast address (see
    `reader.core.fetch.addresses.is_local_host`). A public name that resolves
    to a private address is not caught here; guarded fetches catch it when
    they connect."""
    from reader.core.fetch.addresses import is_local_host

    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return False
    if port is None:
        port = 443 if parts.scheme.lower() == "https" else 80
    return is_local_host(host, port)
