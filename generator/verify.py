"""Quote provenance: every quote must occur verbatim in the archived text of its article.

Runs on validated records (which keep each value's position) so a quote that is not in the
source is reported where it stops matching: the message shows the part the source does have
and what each side has next, and the position is the first character that differs.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.load import Document, Mapping, Scalar, read_regular, text_position
from generator.problems import Problem, show
from generator.schema import ARTICLE_FILE, QUOTE_ELISION
from generator.validate import QUOTED_FRAGMENT, Checked, quote_pieces

_CONTEXT = 40
"""Characters of matching text shown before the point where a quote and its source part."""


@dataclass
class QuoteReport:
    checked: int = 0
    """Quotes and quoted fragments compared with a source text."""
    found: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Quote:
    words: str
    """The speaker's words as written in the claim's text (one piece of it)."""
    offset: int
    """Where they start in the claim's text."""
    at: Scalar
    """The claim's text, with its position in the file."""


def normalise(text: str) -> str:
    """Whitespace normalisation only: runs of spaces and line breaks become one space."""
    return " ".join(text.split())


def quotes_of(claim: dict) -> list[_Quote]:
    """The verbatim pieces of a claim or an outlet's report: a quote's pieces between ` […] `, a
    partial quote's “…”."""
    text, at = claim.get("text"), claim.get("_at_text")
    if not text or at is None:
        return []
    found = []
    if claim.get("form") == "quote":
        offset = 0
        for piece in quote_pieces(text):
            words = piece.strip()
            if words:
                found.append(_Quote(words, offset + piece.index(words), at))
            offset += len(piece) + len(QUOTE_ELISION.strip())
    elif claim.get("form") == "partial-quote":
        found = [_Quote(m[1], m.start(1), at) for m in QUOTED_FRAGMENT.finditer(text) if m[1].strip()]
    return found


def names_source_text(document: Document) -> bool:
    """Whether an article file names the archived text its quotes can be verified against."""
    root = document.root
    if document.kind != ARTICLE_FILE or not isinstance(root, Mapping) or "article" not in root.items:
        return False
    article = root.items["article"][1]
    return isinstance(article, Mapping) and "source_text" in article.items


def articles_naming_sources(documents: list[Document]) -> int:
    return sum(1 for d in documents if names_source_text(d))


def verify_quotes(checked: Checked, sources: str | os.PathLike) -> QuoteReport:
    root = Path(sources).resolve()
    report = QuoteReport()
    paths = {d.relpath: d.path for d in checked.documents}
    texts: dict[str, str | None] = {}
    for relpath, data in sorted(checked.records.items()):
        if not relpath.startswith("articles/"):
            continue
        shown = paths.get(relpath, relpath)
        meta = data.get("article", {})
        # A speaker's quoted words, and an outlet's own words quoted in a report, alike.
        items = [quotes for item in [*data.get("claims", []), *data.get("reported", [])]
                 if (quotes := quotes_of(item))]
        if not items:
            continue
        name = meta.get("source_text")
        if name is None:
            at = meta.get("_at")
            report.problems.append(Problem(shown, at.line if at else 0, at.column if at else 0,
                                           f"quotes in {len(items)} claim(s) or report(s) cannot be verified: "
                                           "no source_text",
                                           "article.source_text naming the archived article text", "provenance"))
            continue
        if name not in texts:
            path = (root / name).resolve()
            try:
                # Only a regular file: a FIFO named like the article's text would block the check.
                texts[name] = normalise(read_regular(path).decode("utf-8")) if path.is_relative_to(root) else None
            except (OSError, UnicodeDecodeError):
                texts[name] = None
        source = texts[name]
        if source is None:
            at = meta["_at_source_text"]
            report.problems.append(Problem(shown, at.line, at.column, f"source text '{name}' not found in {sources}",
                                           "a readable UTF-8 file of that name in the sources directory",
                                           "provenance"))
            continue
        article_text: list[str | None] = []  # read only when a quote does not match
        for quote in (q for quotes in items for q in quotes):
            report.checked += 1
            if normalise(quote.words) in source:
                report.found += 1
                continue
            if not article_text:
                article_text.append(_read(shown))
            report.problems.append(_mismatch(shown, article_text[0], quote, source, name))
    return report


def _read(path: str) -> str | None:
    """The article file's text, to place a mismatch in it (None: placed at the value's start)."""
    try:
        return read_regular(path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _mismatch(shown: str, article_text: str | None, quote: _Quote, source: str, name: str) -> Problem:
    """Where the quote parts from the source: the longest start of it the source has, and what
    each has next; when even its first word is not there, the longest part that is."""
    words = normalise(quote.words)
    matched = _longest_prefix_in(words, source)
    expected = "the speaker's words exactly as the source prints them"
    parting = words.rfind(" ", 0, matched + 1)  # the space before the word in which they part
    if parting > 0:
        start = source.find(words[:matched])
        same = words[:parting]
        if len(same) > _CONTEXT:  # its last words, whole
            tail = same[-_CONTEXT:]
            same = "…" + tail[tail.find(" ") + 1:]
        theirs = source[start + parting:].strip()
        message = (f"quoted words differ from {name} after {show(same, _CONTEXT + 2)}: the quote has "
                   f"{show(_next_words(words[parting + 1:]))} where the source has "
                   f"{show(_next_words(theirs)) if theirs else 'nothing more'}")
        index = _raw_index(quote.words, parting + 1)
    else:  # even the first word differs: say what of it the source does have, if anything
        block = difflib.SequenceMatcher(None, words, source, autojunk=False).find_longest_match(
            0, len(words), 0, len(source))
        longest = words[block.a:block.a + block.size].strip()
        message = f"quoted words not found verbatim in {name}: {show(words)}"
        if len(longest.split()) >= 2:
            message += f"; the longest part of them in the source is {show(longest)}"
        index = 0
    line, column = _position(article_text, quote.at, quote.offset + index)
    return Problem(shown, line, column, message, expected, "provenance")


def _longest_prefix_in(words: str, source: str) -> int:
    """Length of the longest start of `words` found in `source` (a binary search: every start of
    a found start is found too)."""
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if words[:middle] in source:
            low = middle
        else:
            high = middle - 1
    return low


def _next_words(text: str, count: int = 5) -> str:
    words = text.split(" ")[:count]
    return " ".join(words) + ("…" if len(text.split(" ")) > count else "")


def _raw_index(raw: str, normalised_index: int) -> int:
    """The index in `raw` of the character at `normalised_index` of normalise(raw)."""
    seen, in_space = 0, True  # leading whitespace is dropped by normalise
    for index, char in enumerate(raw):
        if char.isspace():
            if not in_space:
                in_space = True
                if seen == normalised_index:
                    return index
                seen += 1
            continue
        in_space = False
        if seen == normalised_index:
            return index
        seen += 1
    return len(raw)


_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


def _position(text: str | None, at: Scalar, index: int) -> tuple[int, int]:
    """1-based line and column in the file of character `index` of the scalar at `at`: the
    scalar is walked as written (quotes, escapes, folded line breaks). Falls back to the
    scalar's own position when it cannot be followed (a block scalar, an unreadable file)."""
    if text is None:
        return at.line, at.column
    lines = text.split("\n")
    if not 1 <= at.line <= len(lines):
        return at.line, at.column
    pos = sum(len(s) + 1 for s in lines[: at.line - 1]) + at.column - 1
    style = text[pos] if pos < len(text) else ""
    if style in "|>":
        return at.line, at.column
    if style in "\"'":
        pos += 1
    value = at.value
    for char in value[:index]:
        if pos >= len(text):
            return at.line, at.column
        if char == " " and text[pos] in " \t\r\n":
            ahead = pos
            while ahead < len(text) and text[ahead] in " \t":
                ahead += 1
            if ahead < len(text) and text[ahead] in "\r\n":  # a line break folded into a space
                while ahead < len(text) and text[ahead] in " \t\r\n":
                    ahead += 1
                pos = ahead
            else:
                pos += 1
        elif style == '"' and text[pos] == "\\":
            pos += _ESCAPE_LENGTH.get(text[pos + 1: pos + 2], 2)
        elif style == "'" and text.startswith("''", pos):
            pos += 2
        elif text[pos] == char:
            pos += 1
        else:
            return at.line, at.column
    return text_position(text, pos)  # line breaks counted as YAML counts them (CR-only files too)
