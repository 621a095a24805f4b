"""The one error type of the pipeline: a positioned problem in an input file.

Every stage reports `Problem`s instead of raising, so a run can show all of them
at once. Output formats (text, JSON, GitHub annotations) live here too, apart from
detection, as in yamllint.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Iterable

from generator.visible import escape_unseen, invisible


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    """File the problem is in, as given to the loader (relative to the project where possible)."""
    line: int
    """1-based line; 0 when the problem concerns the whole file."""
    column: int
    """1-based column; 0 when the problem concerns the whole file."""
    message: str
    """What is wrong, in the analyst's terms."""
    expected: str = ""
    """What was expected instead (may be empty when there is nothing to add)."""
    code: str = "invalid"
    """A stable short name for the kind of problem, for editors and tests."""
    hint: str = ""
    """How to fix a common slip, as a clause that follows the expectation (e.g. "to add it:
    parley new actor …"); empty when there is nothing more specific to say."""

    def __str__(self) -> str:
        # Printed on one line whatever the file's name or the message hold: a name with a line
        # break or an escape sequence must not forge a problem line or drive the terminal.
        return escape_unseen(f"{self.path}:{self.line}:{self.column}: {self.explanation}")

    @property
    def explanation(self) -> str:
        """What is wrong, what was expected and how to fix it: everything but the position."""
        text = self.message
        if self.expected:
            text += f"; expected {self.expected}"
        if self.hint:
            text += f"; {self.hint}"
        return text


def show(value: str, limit: int = 60) -> str:
    """A value quoted inside a message: shortened, and with invisible or control characters
    (zero-width spaces, bidi overrides) written as escapes so the reader sees them."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    out = []
    for ch in text:
        if invisible(ch) or ch in "\t\n" or (unicodedata.category(ch) == "Zs" and ch != " "):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


class ProblemsFound(Exception):
    """Raised at the edge of the pipeline (CLI, plugin) when problems stop a build."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_text(self.problems))


def format_text(problems: Iterable[Problem]) -> str:
    return "\n".join(str(p) for p in sorted(problems))


def format_json(problems: Iterable[Problem]) -> str:
    # Exact values for editors, but every character a terminal could act on (C1 controls, bidi
    # overrides; json escapes C0 itself) as a \\u escape, which a JSON reader turns back into it.
    text = json.dumps([asdict(p) for p in sorted(problems)], ensure_ascii=False, indent=2)
    return _JSON_UNSEEN.sub(lambda m: json.dumps(m.group())[1:-1] if invisible(m.group()) else m.group(), text)


_JSON_UNSEEN = re.compile("[\x7f-\x9f\u00ad-\U0010ffff]")


def _github_escape(text: str, *, property_value: bool = False) -> str:
    # GitHub workflow commands need %, CR and LF encoded; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: Iterable[Problem]) -> str:
    # The runner reads one command a line and the log shows ANSI colours: a value holding a
    # line break or an escape sequence is written as escapes before GitHub's own encoding.
    lines = []
    for p in sorted(problems):
        message = escape_unseen(p.explanation)
        props = f"file={_github_escape(escape_unseen(p.path), property_value=True)}"
        if p.line:
            props += f",line={p.line},col={max(p.column, 1)}"
        lines.append(f"::error {props}::{_github_escape(message)}")
    return "\n".join(lines)


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
