"""Drop the indentation the theme's templates leave in every page (an edge step on finished HTML).

Material's templates are indented for their authors: about a quarter of every page's chrome is
spaces and blank lines (3.6 of 14.4 kB), and a decade of briefings has some 50,000 pages. Each
run of whitespace that holds a line break becomes one line break: the browser shows it exactly
as before (HTML renders any run of whitespace as one space), except where whitespace is kept as
written, so code, preformatted text, text areas, scripts and styles are left untouched.
"""

from __future__ import annotations

import re

# Elements whose whitespace a browser (or Material's CSS: code, kbd, pre) keeps as written.
_KEPT = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_BREAK = re.compile(r"[ \t\r\f]*\n\s*")


def collapse_whitespace(html: str) -> str:
    """`html` with every run of whitespace holding a line break turned into one line break,
    outside the elements that keep whitespace as written."""
    out, at = [], 0
    for kept in _KEPT.finditer(html):
        out.append(_BREAK.sub("\n", html[at:kept.start()]))
        out.append(kept.group())
        at = kept.end()
    out.append(_BREAK.sub("\n", html[at:]))
    return "".join(out)
