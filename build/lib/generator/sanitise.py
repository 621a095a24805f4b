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
from markupsafe import Markup

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
                    self.refused.append(f"image {child.get('src', '')!r}")
                    span = etree.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, span)
                elif child.tag == "a":
                    href = child.get("href", "")
                    if url_problem(href):
                        self.refused.append(f"link {href!r}")
                        child.tag = "span"
                        child.attrib.clear()
                    else:
                        child.set("rel", "noopener noreferrer nofollow")


def _convert(text: str) -> tuple[str, list[str]]:
    md = markdown.Markdown(extensions=[], output_format="html")
    guard = _LinkGuard(md)
    md.treeprocessors.register(guard, "parley_link_guard", 0)
    # Escaping < and & first turns any raw HTML into visible text; Markdown syntax still works.
    text = _AUTOLINK.sub(lambda m: f"[{m[1]}]({m[1]})", text)
    html = md.convert(text.replace("&", "&amp;").replace("<", "&lt;"))
    return html, guard.refused


def markdown_problems(text: str) -> list[str]:
    """What would be removed from this Markdown, in words for a validation message."""
    problems = []
    if _RAW_HTML.search(text):
        problems.append("raw HTML is not allowed (it would be shown as text)")
    problems += [f"{what} is not allowed (only http(s) links; no images)" for what in _convert(text)[1]]
    return problems


def summary_html(text: str) -> Markup:
    return Markup(_convert(text)[0])
