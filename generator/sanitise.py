"""Editor-written Markdown (day summaries) → safe HTML.

Raw HTML is never passed through (it is escaped before Markdown sees it), links
survive only with http(s) targets, and images are dropped (an image would be a
request to another host). `markdown_problems` gives the same verdicts to
`validate`, so the analyst hears about them before they are silently removed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from generator.check_url import url_problem

_RAW_HTML = re.compile(r"<(?!https?://[^\s<>]+>)[A-Za-z!/?]")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")


class _LinkGuard(Treeprocessor):
    def __init__(self, md):
        super().__init__(md)
        self.refused: list[str] = []

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    self.refused.append(f"image {_restore(child.get('src', ''))!r}")
                    span = etree.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, span)
                elif child.tag == "a":
                    href = _restore(child.get("href", ""))
                    if url_problem(href):
                        self.refused.append(f"link {href!r}")
                        child.tag = "span"
                        child.attrib.clear()
                    else:
                        child.set("rel", "noopener noreferrer nofollow")


# `&` and `<` stand in the text Markdown sees as these tokens, and become `&amp;` and `&lt;` in
# its output. Escaping them as entities instead made each one an inline match, which Python-Markdown
# handles by rebuilding the whole paragraph: a summary of 100,000 `&` took 31 s. The tokens match no
# Markdown syntax (Python-Markdown itself strips STX and ETX, so not those) and cannot come from YAML
# (control characters are refused in every file; any left are removed first).
_MARK = "\x01"
_AMP, _LT = _MARK + "\x04", _MARK + "\x05"


def _restore(text: str) -> str:
    """Text with the tokens back as the characters they stand for (for checking a link's address)."""
    return text.replace(_AMP, "&").replace(_LT, "<")


MAX_MARKDOWN_DEPTH = 8
"""Deepest nesting of lists, quotes and indentation, and of [ brackets, in a summary. Python-Markdown
parses nesting recursively (500 nested list markers raise RecursionError) and in more than linear
time (2,000 lines indented one level deeper each took 3 minutes); a summary never needs more."""
_LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)")


def nesting_problem(text: str) -> str | None:
    """Why Python-Markdown must not see `text` (nested too deep), or None. Linear in the text."""
    for number, line in enumerate(text.split("\n"), 1):
        depth, columns, at = 0, 0, 0
        while at < len(line):
            ch = line[at]
            if ch == " ":
                columns, at = columns + 1, at + 1
            elif ch == "\t":
                columns, at = columns + 4 - columns % 4, at + 1
            elif ch == ">":
                depth, at = depth + 1, at + 1
            else:
                marker = _LIST_MARKER.match(line, at)
                if marker is None:
                    break
                depth, at = depth + 1, marker.end()
            if depth + columns // 4 > MAX_MARKDOWN_DEPTH:
                return (f"lists, quotes and indentation are nested more than {MAX_MARKDOWN_DEPTH} levels deep "
                        f"(line {number} of the text)")
    depth = 0
    escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            depth += 1
            if depth > MAX_MARKDOWN_DEPTH:
                return f"[ brackets are nested more than {MAX_MARKDOWN_DEPTH} deep"
        elif ch == "]" and depth:
            depth -= 1
    return None


def _convert(text: str) -> tuple[str, list[str]]:
    """Python-Markdown's HTML and the links it refused; callers check the nesting first."""
    md = markdown.Markdown(extensions=[], output_format="html")
    guard = _LinkGuard(md)
    md.treeprocessors.register(guard, "parley_link_guard", 0)
    # `&` and `<` become tokens first, so any raw HTML or entity stays visible text (escaped on the
    # way out); Markdown syntax still works.
    text = _AUTOLINK.sub(lambda m: f"[{m[1]}]({m[1]})", text)
    html = md.convert(text.replace(_MARK, "").replace("&", _AMP).replace("<", _LT))
    return html.replace(_AMP, "&amp;").replace(_LT, "&lt;"), guard.refused


def markdown_problems(text: str) -> list[str]:
    """What would be removed from this Markdown, in words for a validation message."""
    problems = []
    nested = nesting_problem(text)
    if nested:
        return [nested]
    if _RAW_HTML.search(text):
        problems.append("raw HTML is not allowed (it would be shown as text)")
    problems += [f"{what} is not allowed (only http(s) links; no images)" for what in _convert(text)[1]]
    return problems


def summary_html(text: str) -> Markup:
    if nesting_problem(text):  # refused by validation: never handed to Python-Markdown
        return Markup(f"<p>{escape(text)}</p>")
    return Markup(_convert(text)[0])
