"""Which URLs may become links: absolute http(s) only, with a host and no credentials.

Used by `validate` (to report) and by `render`/`sanitise` (to check again where a
URL becomes a link).
"""

from __future__ import annotations

import functools
import unicodedata
from urllib.parse import urlsplit


@functools.lru_cache(maxsize=8192)  # a page checks the same article URL once per claim
def url_problem(url: str) -> str:
    """Why a URL may not become a link, or "" when it may."""
    if url != url.strip():
        return "contains spaces or control characters"
    if url.isascii():  # in ASCII only the space is Zs, and isprintable() is False for Cc
        if " " in url or not url.isprintable():
            return "contains spaces or control characters"
    elif any(unicodedata.category(c) in ("Cc", "Cf", "Zs") for c in url):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a valid address"
    if parts.scheme not in ("http", "https"):
        return "does not start with http:// or https://"
    if not parts.hostname:
        return "has no host name"
    if parts.username or parts.password:
        return "contains a user name or password"
    try:
        parts.hostname.encode("ascii")
    except UnicodeEncodeError:
        # Internationalised host names can imitate others (IDN homographs): ask for punycode.
        return "has a non-ASCII host name (write it in punycode, xn--…)"
    return ""
