"""How names are spelt: one person, side or topic written several ways ("Taher Nounou", "Taher
al-Nunu", "Ṭāhir an-Nūnū") folds to one key, so that validation can tell two registry entries
apart and search can match a name however a reader types it.

The browser's search (theme/assets/parley/spelling.js) folds a query by the same rules; a test
runs both on the same samples (tests/test_spellings.py, tests/test_search_browser.py).
"""

from __future__ import annotations

import re
import unicodedata

# Letters that carry no separable accent, written as readers type them without one.
_PLAIN_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l",
                                "ı": "i", "þ": "th", "ħ": "h"})
# ʿayn and hamza as transliterations write them (Ja'far, Sha'ath): dropped inside a word, though
# not the possessive "'s" (Hamas's), which the search engine reads as it is.
_APOSTROPHES = re.compile(r"(?<=[^\W_])['ʼʻʾʿ‘’`´](?=[^\W_])(?!s(?![^\W_]))")
# The Arabic article before a name: "al-Ansari", "el-Sisi", "Al Thani", and assimilated before
# a sun letter, "as-Sisi", "ash-Sharaa", "ad-Dayf" (its consonant is the name's first).
_PARTICLE = re.compile(r"(?<![^\W_])(?:[ae]l(?:[-‐‑]|\s+)|[ae](sh|th|dh|[dnrstz])[-‐‑](?=\1))(?=[^\W\d_])")
_WORD = re.compile(r"[^\W_]+")


def plain(text: str) -> str:
    """Lower case, without accents: "Nūnū" → "nunu", "Ḥamās" → "hamas"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M")).translate(_PLAIN_LETTERS)


def fold_query(text: str) -> str:
    """A search query as the index is searched: lower case, no accents, no Arabic article before a
    name ("al-Ansari" → "ansari", which finds "Al Ansari", "al-Ansari" and "Ansari" alike). Other
    punctuation stays for the search engine (a hyphenated word, a quoted phrase). A query that is
    only an article ("al") is left as it is."""
    folded = _APOSTROPHES.sub("", plain(text))
    without = _PARTICLE.sub("", folded)
    return without if _WORD.search(without) else folded


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name, folded: what two spellings must share to be one name."""
    return tuple(_WORD.findall(fold_query(text)))


def name_key(text: str) -> str:
    """ "Majed Al Ansari", "Majed al-Ansari" and "MAJED AL-ANSARI" share the key "majed ansari"."""
    return " ".join(name_words(text))


def distance(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance (insertions, deletions, substitutions and swaps of neighbours), stopping
    early once it exceeds `limit` (then any number above it)."""
    if abs(len(a) - len(b)) > (limit if limit is not None else len(a) + len(b)):
        return abs(len(a) - len(b))
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if limit is not None and min(row) > limit:
            return min(row)
        previous2, previous = previous, row
    return previous[-1]


def script_language(text: str) -> str | None:
    """ "ar" or "he" for a name written in Arabic or Hebrew script (so that the page marks its
    language and a screen reader reads it in that language); None for any other."""
    for ch in text:
        if "\u0590" <= ch <= "\u05ff":
            return "he"
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            return "ar"
    return None
