"""Quote provenance: every quote must occur verbatim in the archived text of its article.

Runs on validated records (which keep each value's position) so a quote that is
not in the source is reported on the line where the analyst typed it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.load import read_regular
from generator.problems import Problem
from generator.validate import Checked, quote_pieces, quoted_fragments


@dataclass
class QuoteReport:
    checked: int = 0
    """Quotes and quoted fragments compared with a source text."""
    found: int = 0
    problems: list[Problem] = field(default_factory=list)


def normalise(text: str) -> str:
    """Whitespace normalisation only: runs of spaces and line breaks become one space."""
    return " ".join(text.split())


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
        quotes = []
        # A speaker's quoted words, and an outlet's own words quoted in a report, alike.
        for item in [*data.get("claims", []), *data.get("reported", [])]:
            text, at = item.get("text"), item.get("_at_text")
            if item.get("form") == "quote":
                quotes += [(piece.strip(), at) for piece in quote_pieces(text) if piece.strip()]
            elif item.get("form") == "partial-quote":
                quotes += [(frag, at) for frag in quoted_fragments(text) if frag.strip()]
        if not quotes:
            continue
        name = meta.get("source_text")
        if name is None:
            at = meta.get("_at")
            report.problems.append(Problem(shown, at.line if at else 0, at.column if at else 0,
                                           f"quotes in {len({id(at) for _, at in quotes})} claim(s) or report(s) cannot be verified: no source_text",
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
        for quote, at in quotes:
            report.checked += 1
            if normalise(quote) in source:
                report.found += 1
            else:
                shown_quote = quote if len(quote) <= 60 else quote[:59] + "…"
                report.problems.append(Problem(shown, at.line, at.column,
                                               f"quoted words not found verbatim in {name}: {shown_quote!r}",
                                               "the speaker's words exactly as the source prints them",
                                               "provenance"))
    return report
