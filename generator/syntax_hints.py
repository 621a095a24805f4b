"""How to fix the YAML slips of hand editing, worked out from libyaml's error and the lines
around it: a value holding ": " left unquoted, a line indented out of step with its neighbours,
text after a closing quote. `load` prints libyaml's own words first and this after them.

Each rule looks only at the line libyaml stopped on and the lines before it (never guesses
from the whole file), and says nothing when the lines do not fit the slip it knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line that opens with a key: indentation, any "- " item markers, then a plain or quoted key
# and its colon (followed by a space or the end of the line, as YAML requires).
_KEY_LINE = re.compile(r"""^(?P<indent> *)(?P<dash>(?:-[ ]+)*)"""
                       r"""(?P<key>"[^"]*"|'[^']*'|[^\s#:"'\[\]{},][^:#]*?)[ ]*:(?=[ ]|$)""")
# A key glued to its value ("outlet:The Times"): YAML reads the whole as one plain text.
_GLUED = re.compile(r"^ *(?:- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/].*)$")
_SUGGESTION_LIMIT = 100


@dataclass(frozen=True)
class SyntaxHint:
    expected: str
    """Replaces the generic "valid YAML": what the line should look like."""
    hint: str = ""
    """How to get there, when it is more than the expectation says."""


def syntax_hint(text: str, problem: str, line: int, column: int,
                opened: tuple[int, int] | None = None) -> SyntaxHint | None:
    """A hint for libyaml's `problem` at 1-based `line`:`column` of `text`, or None. `opened`:
    where the construct libyaml was reading began (its context mark), when it says."""
    lines = [s.rstrip("\r") for s in text.split("\n")]
    if not 1 <= line <= len(lines):
        return None
    flow = re.match(r"did not find expected ',' or '([\]}])'", problem)
    if flow and opened is not None:
        what = "list" if flow[1] == "]" else "mapping"
        return SyntaxHint(f"a '{flow[1]}' closing the {what} opened at line {opened[0]}, column {opened[1]}")
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_value(lines, line, column) or _continued_line(lines, line, column)
    if problem.startswith(("did not find expected '-' indicator", "did not find expected key")):
        return _text_after_quote(lines, line, column) or _out_of_step(lines, line, column)
    return None


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


def _previous(lines: list[str], line: int) -> int | None:
    """1-based number of the last line before `line` holding something besides a comment."""
    for number in range(line - 1, 0, -1):
        content = lines[number - 1].strip()
        if content and not content.startswith("#"):
            return number
    return None


def _key_column(s: str) -> tuple[int, str] | None:
    """0-based column of the line's key and the key, for a line that opens with one."""
    m = _KEY_LINE.match(s)
    return (len(m["indent"]) + len(m["dash"]), m["key"]) if m else None


def _opens_block(s: str) -> bool:
    """`key:` with nothing after it but a comment: what follows belongs under it."""
    m = _KEY_LINE.match(s)
    if not m:
        return False
    rest = s[m.end():].strip()
    return rest == "" or rest.startswith("#")


def _double_quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _single_quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _shown(suggestion: str) -> str:
    if len(suggestion) <= _SUGGESTION_LIMIT:
        return suggestion
    return suggestion[: _SUGGESTION_LIMIT - 2] + "…" + suggestion[-1]


def _colon_in_value(lines: list[str], line: int, column: int) -> SyntaxHint | None:
    """`note: said on the record: twice`: the second ": " would start another key."""
    current = lines[line - 1]
    m = _KEY_LINE.match(current)
    if not m or column - 1 <= m.end() - 1:
        return None  # the colon libyaml stopped at is the line's own key's
    value = current[m.end():].strip()
    if " #" in value:  # a plain value ends where a comment starts
        value = value[: value.index(" #")].rstrip()
    if not value or value[0] in "\"'[{|>":
        return None
    key = m["key"]
    return SyntaxHint(f"the value of '{key}' in quotes, as it holds \": \" (YAML reads a new key there)",
                      f"write: {_shown(f'{key}: {_double_quoted(value)}')}")


def _continued_line(lines: list[str], line: int, column: int) -> SyntaxHint | None:
    """A key line that YAML read as more of the value above: over-indented, or the line above
    glues its key to its value (`outlet:The Times`)."""
    current = lines[line - 1]
    here = _key_column(current)
    before = _previous(lines, line)
    if here is None or before is None:
        return None
    column_here, key = here
    above = lines[before - 1]
    glued = _GLUED.match(above)
    if glued and _key_column(above) is None:
        return SyntaxHint(f"a space after the colon of '{glued['key']}' on line {before}",
                          f"write: {_shown(glued['key'] + ': ' + glued['value'].strip())}")
    there = _key_column(above)
    if there is None or there[0] >= column_here or _opens_block(above):
        return None
    spaces = column_here - there[0]
    return SyntaxHint(f"'{key}' at column {there[0] + 1}, like '{there[1]}' on line {before} "
                      f"(indented further, it reads as more of the value of '{there[1]}')",
                      f"remove {spaces} space{'s' if spaces != 1 else ''} before '{key}'")


def _out_of_step(lines: list[str], line: int, column: int) -> SyntaxHint | None:
    """A line indented to no column the lines above it open: a key between its siblings' column
    and its parent's, or a list item's "- " out of line with the items before it."""
    current = lines[line - 1]
    if column - 1 != _indent(current):
        return None  # libyaml stopped inside the line, not at its start
    before = _previous(lines, line)
    if before is None:
        return None
    at = _indent(current)
    if current.lstrip(" ").startswith("- "):
        for number in range(line - 1, 0, -1):
            earlier = lines[number - 1]
            if earlier.lstrip(" ").startswith("- ") and _indent(earlier) != at:
                return SyntaxHint(f"the '- ' at column {_indent(earlier) + 1}, like the item on line {number}",
                                  _move(_indent(earlier) - at, "'- '"))
            if earlier.lstrip(" ").startswith("- "):
                return None
        return None
    here = _key_column(current)
    above = lines[before - 1]
    there = _key_column(above)
    if here is None or there is None:
        return None
    key = here[1]
    if _opens_block(above):
        if at > there[0]:
            return None
        return SyntaxHint(f"'{key}' further in than '{there[1]}' on line {before}, as it belongs under it "
                          f"(e.g. at column {there[0] + 3})", _move(there[0] + 2 - at, f"'{key}'"))
    if at == there[0]:
        return None
    return SyntaxHint(f"'{key}' at column {there[0] + 1}, like '{there[1]}' on line {before}",
                      _move(there[0] - at, f"'{key}'"))


def _move(spaces: int, what: str) -> str:
    count = f"{abs(spaces)} space{'s' if abs(spaces) != 1 else ''}"
    return f"add {count} before {what}" if spaces > 0 else f"remove {count} before {what}"


def _text_after_quote(lines: list[str], line: int, column: int) -> SyntaxHint | None:
    """`text: "We are close," he said`: a quoted value ends at its closing quote."""
    current = lines[line - 1]
    m = _KEY_LINE.match(current)
    if not m or column - 1 <= m.end():
        return None
    value = current[m.end():].strip()
    if len(value) < 2 or value[0] not in "\"'":
        return None
    closing = value.find(value[0], 1)
    if closing == -1 or closing == len(value) - 1:
        return None
    return SyntaxHint(f"nothing after the closing quote of the value of '{m['key']}'",
                      "to keep the quote marks in the text, put the whole value in single quotes: "
                      + _shown(f"{m['key']}: {_single_quoted(value)}"))
