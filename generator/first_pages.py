"""The page `parley serve` shows first after a save: the saved article's own page, made from that
one file and the last build's analysis, while the build that follows remakes the whole site.

A save changes one article's page at once, and the analysis (the days from that article's on,
its speakers' and topics' pages, the indexes) only through a whole rebuild, whose cost grows
with the corpus. The article's page reads little of that analysis (`SiteFacts`: whether a
speaker has a page, the other outlets carrying a quote), so it can be made from the file alone
in a time that does not grow with the corpus. It is a preview of the page, not the page: the
server shows it with a notice until the rebuild is done, and then serves the rebuilt page
(generator/preview.py). No MkDocs import: the plugin themes the page.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from generator.load import DEFAULT_LIMITS, Limits
from generator.render import Page, RenderOptions, SiteFacts, article_pages

MAX_FIRST_PAGES = 3
"""A save touching more articles than this (a search and replace, a checkout) is rebuilt whole
before any page is shown, as before: previews would only delay the build."""


def file_stamps(briefings: str | os.PathLike) -> dict[str, tuple[int, int]]:
    """Every YAML file under `briefings` (relative path → modification time and size): what a
    save changed is what differs from the last build's stamps. Stat calls only, no reading; the
    files a build does not read (an editor's swap and backup files) are left out."""
    root = str(briefings)
    stamps: dict[str, tuple[int, int]] = {}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.lower().endswith((".yaml", ".yml")) and entry.is_file(follow_symlinks=False):
                    stat = entry.stat()
                    stamps[os.path.relpath(entry.path, root).replace(os.sep, "/")] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
    return stamps


@dataclass(frozen=True)
class LastBuild:
    """What the last good serve build leaves for the next save's first page."""

    stamps: dict[str, tuple[int, int]]
    """The briefings' files as they were when that build read them."""
    facts: SiteFacts
    options: RenderOptions


def saved_articles(now: dict[str, tuple[int, int]], last: LastBuild) -> list[str] | None:
    """The article files changed since `last` (`now`: the briefings' `file_stamps`), when a save
    changed nothing else (no registry, no day notes, no file added or removed: those reach beyond
    one article's page); else None."""
    if now.keys() != last.stamps.keys():
        return None
    changed = sorted(rel for rel, stamp in now.items() if last.stamps[rel] != stamp)
    if not changed or len(changed) > MAX_FIRST_PAGES or not all(rel.startswith("articles/") for rel in changed):
        return None
    return changed


def first_pages(briefings: str | os.PathLike, now: dict[str, tuple[int, int]], last: LastBuild,
                limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    """The pages of the articles a save changed (`now`: the briefings' `file_stamps`), made from
    their files and `last`'s analysis; empty when the save is not one a page can be made first
    for (see `saved_articles`), or the files have a problem (the build that follows reports it,
    as ever)."""
    from generator.read import NeedsCheck, read_articles

    changed = saved_articles(now, last)
    if changed is None:
        return []
    try:
        _, articles = read_articles(Path(briefings), changed, limits)
    except NeedsCheck:
        return []
    corpus = last.facts.corpus
    replaced = {article.key: article for article in articles}
    if not replaced.keys() <= {a.key for a in corpus.articles}:
        return []  # an article's key is its file's name: a renamed file is an added one
    # The corpus as the save left it, for the page's own lookups (its article, its day).
    corpus = dataclasses.replace(corpus, articles=tuple(replaced.get(a.key, a) for a in corpus.articles))
    return article_pages(dataclasses.replace(last.facts, corpus=corpus), articles, last.options)
