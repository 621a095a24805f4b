"""The parts a site is built in: one per year, and one for what spans the years.

Every output (a page, an open-data file) belongs to exactly one part: the year of the article,
day or month it shows, or `common` for the pages that follow the talks across the years (the
latest briefing, the indexes, the actors', topics' and sides' main pages, the reference pages)
and for the site's theme, sitemap, hand-written pages and search index (one index for every
year: see generator/index_search.py for why it is not split). A part's outputs
depend on the whole corpus (a briefing's ledger reaches back across years), so each part is
built from the whole analysis, but only its own pages are converted and written: the parts can
be built by separate processes, or the jobs of a CI matrix, and merged into the same bytes as
one build (`parley build --part`, `parley merge`; see the Scaling page).
"""

from __future__ import annotations

import re

COMMON = "common"

# Paths whose part is the year they start with or hold (article keys and days start with their
# date; archive pages of a month or year are named after it).
_DATED = re.compile(r"^(?:articles|days|timeline)/([0-9]{4})(?:[-/.]|$)"
                    r"|^(?:actors|topics|quotes)/[a-z0-9-]+/([0-9]{4})-[0-9]{2}(?:-part-[0-9]+)?(?:\.md$|\.html$|/)"
                    r"|^data/([0-9]{4})/")


def part_of(path: str) -> str:
    """The part an output belongs to, from its path in the site's sources or in the built site:
    a year ("2031") or `common`. `articles/index.md` and `days/index.md` are common;
    `days/2031.md` (built as `days/2031/index.html`) is 2031's."""
    match = _DATED.match(path)
    if match is None:
        return COMMON
    return next(group for group in match.groups() if group)


def parse_part(value: str) -> str:
    """A part as given on the command line: a four-digit year or `common`."""
    if value == COMMON or re.fullmatch(r"[0-9]{4}", value):
        return value
    raise ValueError(f"unknown part '{value}'; expected a year (e.g. 2031) or '{COMMON}'")
