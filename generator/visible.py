"""Which characters a reader cannot see: the rule behind "visible text only" and the escapes in messages.

A text field may not hold a character that shows nothing or changes how the text around it
reads (controls, bidi overrides, zero-width characters, fillers such as U+3164 HANGUL
FILLER or U+2800 BRAILLE PATTERN BLANK): the page would show something other than what
the file holds. The same characters, and line breaks, are written as escapes wherever a
value or a file name is printed to a terminal or a CI annotation, so that a name can
neither drive the terminal nor forge a line of the report.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 15.1): characters
# a renderer shows as nothing when it has no glyph for them. Most are format characters (Cf) refused
# by category already; the others are letters or marks that render as blanks: U+034F COMBINING
# GRAPHEME JOINER, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the Khmer inherent vowels,
# the Mongolian variation selectors, the variation selectors, and the tag characters.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
# Not default-ignorable, but drawn as an empty cell in every font: a filler that passes for text.
_BLANK_GLYPHS = frozenset({0x2800, 0x1D159})  # BRAILLE PATTERN BLANK, MUSICAL SYMBOL NULL NOTEHEAD
# Variation selectors choose how the character before them is drawn (❤ + U+FE0F is the red heart):
# they are visible text after a visible character, and hidden text anywhere else.
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))

_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_SUSPECT = re.compile(r"[^\t\n\x20-\x7e]")


def _in(code: int, ranges) -> bool:
    return any(low <= code <= high for low, high in ranges)


@functools.lru_cache(maxsize=4096)
def invisible(ch: str) -> bool:
    """A character that shows nothing, or changes how the text around it reads."""
    code = ord(ch)
    if code < 0x80:
        return not 0x20 <= code <= 0x7E and ch not in "\t\n"
    return (unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or _in(code, _DEFAULT_IGNORABLE)
            or code in _BLANK_GLYPHS or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE)


def first_invisible(text: str) -> str | None:
    """The first character of `text` a reader cannot see, or None. A variation selector counts only
    where it follows no visible character. Fast on long texts: printable ASCII is skipped by a regex."""
    for m in _SUSPECT.finditer(text):
        ch = m.group()
        if not invisible(ch):
            continue
        if _in(ord(ch), _VARIATION_SELECTORS):
            start = m.start()
            before = text[start - 1] if start else ""
            if before and not before.isspace() and not invisible(before):
                continue
        return ch
    return None


@functools.lru_cache(maxsize=4096)
def _escaped(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if invisible(ch) or unicodedata.category(ch) == "Zs":
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return ch


_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_unseen(text: str) -> str:
    """`text` with every character a reader cannot see (and tabs, line breaks, spaces other than
    U+0020) written as an escape: \\x1b, \\n, \\u202e. Text without any is returned as it is."""
    if not _NOT_PRINTABLE_ASCII.search(text):
        return text
    return _NOT_PRINTABLE_ASCII.sub(lambda m: _escaped(m.group()), text)
