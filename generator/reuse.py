"""What one build rendered that the next build under `parley serve` may reuse.

Saving one article changes a handful of pages out of thousands, but which ones follows from
the analysis (its day, the days whose window it falls in, its speakers' and topics' pages,
the indexes). Rather than a hand-kept list of who-affects-what, which would go stale the day
a template reads one more thing, every output is kept with what it was made from:

- a page with its inputs (the template, the title and the context it was given) and the
  corpus-wide facts its template looked up while rendering (`Lookups`: an article by key,
  another outlet carrying the quote, whether an actor has a page, the briefing window). It is
  reused only when the new inputs are equal and every fact it looked up is still equal;
- a claim's open-data record and search record with the claim and article objects they were
  made from. The read cache hands back the very same objects for files that did not change,
  so identity (`is`) is the test: an edited file gives new objects and new records.

Everything is compared, never assumed, so a reused output is exactly what rendering again
would give (tests/test_serve.py builds the site both ways and compares every byte).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RenderMemo:
    """Kept by the MkDocs plugin between the builds of one `parley serve`."""

    setting: object = None
    """The render options and templates the outputs below were made with: a change forgets them."""
    pages: dict = field(default_factory=dict)
    """Page path → (inputs, facts looked up, Page)."""
    records: dict = field(default_factory=dict)
    """(article key, claim id) → (claim, article, what was made from them): open data."""
    search: dict = field(default_factory=dict)
    """The same for the claims' search records."""
    search_setting: object = None
    """What every search record also shows (the outlets' facet ids)."""
    compressed: dict = field(default_factory=dict)
    """Open-data path → (digest of its uncompressed bytes, the compressed bytes): a save under
    `parley serve` compresses again only the year it changed (a year's six files took a second)."""
    reused: int = 0
    rendered: int = 0
    """Pages reused and rendered by the last build: for the serve log, tests and the benchmark."""

    def start(self, setting: object) -> None:
        """A new build with `setting`: counts from zero, and nothing kept if the setting changed."""
        if setting != self.setting:
            self.pages, self.records, self.search, self.search_setting = {}, {}, {}, None
            self.compressed = {}
            self.setting = setting
        self.reused = self.rendered = 0


class ByClaim:
    """Outputs made from one claim and its article, kept while both are the very same objects.

    The frozen model objects never change once made, so the same object gives the same output;
    entries for claims not asked for again (deleted or edited) are dropped at `done`."""

    def __init__(self, kept: dict | None):
        self.kept = kept
        self.fresh: dict = {}

    def get(self, claim, article, make: Callable[[], object]):
        if self.kept is None:
            return make()
        key = (claim.article, claim.id)
        entry = self.kept.get(key)
        if entry is None or entry[0] is not claim or entry[1] is not article:
            entry = (claim, article, make())
        self.fresh[key] = entry
        return entry[2]

    def done(self) -> dict:
        return self.fresh
