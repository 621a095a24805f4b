"""Weigh a built site against the 1 GB a GitHub Pages site may be, for the line after a build.

An editor learns the site is too big for Pages only when a deployment fails, years into a
tracker; a line after every build says how big it is, what an article costs and, at that rate,
how many articles fit, so the choice (slimmer pages, parts in several repositories, another
host: the Scaling page) is made in time.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PAGES_LIMIT = 1_000_000_000
"""Bytes a published GitHub Pages site may be (GitHub's documented usage limit)."""

WARN_FROM = 0.8
"""The share of that limit from which the line becomes a warning."""

RATE_FROM = 1000
"""Articles from which a rate an article is given: in a smaller site the theme, the search
runtime and the hand-written pages, which do not grow with the corpus, would make it misleading
(the shipped 15 articles come to 335 kB an article)."""

_ARTICLE_PAGE = re.compile(r"\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class SiteWeight:
    bytes: int
    articles: int
    """Article pages in the site (folders `articles/YYYY-MM-DD-slug/`)."""


def weigh(site: Path) -> SiteWeight:
    """The bytes of every file under `site` and its number of article pages."""
    articles_dir = site / "articles"
    articles = sum(1 for entry in os.scandir(articles_dir) if entry.is_dir() and _ARTICLE_PAGE.match(entry.name)) \
        if articles_dir.is_dir() else 0
    return SiteWeight(_bytes_under(site), articles)


def _bytes_under(folder: Path | str) -> int:
    # scandir gives each entry's type without a system call and its size with one lstat; a
    # decade's site is some 400,000 files, weighed after every build.
    total = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                total += _bytes_under(entry.path)
            elif entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
    return total


def _size(n: float) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def weight_line(weight: SiteWeight) -> tuple[str, bool]:
    """(the line to print, whether it is a warning) for a whole site's weight."""
    share = weight.bytes / PAGES_LIMIT
    line = f"site is {_size(weight.bytes)}, {share:.1%} of the 1 GB a GitHub Pages site may be"
    if weight.articles >= RATE_FROM:
        per_article = weight.bytes / weight.articles
        line += (f"; {per_article / 1e3:.0f} kB an article ({weight.articles:,} articles): "
                 f"about {int(PAGES_LIMIT / per_article):,} articles at this rate")
    if share > 1:
        return line + "; publish it in parts or from another host (see the Scaling page)", True
    if share >= WARN_FROM:
        return line + " (see the Scaling page)", True
    return line, False
