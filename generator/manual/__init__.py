"""The manual: pages every tracker's site carries as they are — how a briefing is made (method),
how to encode an article (analyst guide), how to edit and check the files (editing).

They ship in the package, beside the templates, so that a site always has the manual of the
Parley that built it; the plugin (and `parley export`) add them to the site as it adds the pages
it generates. A site's own pages live in its docs/ folder.
"""

from __future__ import annotations

import re
from importlib.resources import files

PAGES = ("method.md", "guide.md", "editing.md")
"""In nav order, after the site's own pages."""
FOR_MAINTAINERS = ("guide.md", "editing.md")
"""The pages for those who keep the site (in the sidebar's maintainers' section); the method is
for readers."""


def manual_pages() -> dict[str, str]:
    """Site path → Markdown of each manual page."""
    folder = files(__name__)
    return {name: folder.joinpath(name).read_text(encoding="utf-8") for name in PAGES}


def page_title(markdown: str) -> str:
    """The page's first heading, as plain text (without an attribute list such as `{: #id }`).

    The nav names the manual's pages by it, so that a serve rebuild that leaves a page unchanged,
    and so unread by MkDocs, still knows its title."""
    heading = re.search(r"^# (.+?)(?:\s*\{:?[^}]*\})?\s*$", markdown, re.M)
    return heading[1] if heading else ""
