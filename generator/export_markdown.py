"""`parley export`: the site's pages as plain Markdown files, for a generator without the MkDocs plugin.

A second edge beside `mkdocs_plugin`: it gathers the generated pages (each with its
front matter), the feed and open data, the manual, the hand-written docs, and Parley's stylesheet
and claim script into one tree of files, {relative path: bytes}; the CLI writes it.
What the plugin adds at build time (the navigation, the Pagefind search index) is
not part of an export, nor is the search page that needs the index.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from generator.manual import manual_pages
from generator.pipeline import DEFAULT_WINDOW_DAYS
from generator.pipeline import build_pages
from generator.render import RECORD_TEMPLATE, RenderOptions

# Parley's stylesheet and claim script, at the paths the theme links them from. The search
# script is left out: it needs the Pagefind index, which only the MkDocs build makes.
THEME_ASSETS = Path(__file__).parent / "theme" / "assets" / "parley"
ASSETS = ("parley.css", "claims.js")
ASSET_DIR = "assets/parley"
MARKER = ".parley-export"
"""A file in every export: `parley export` replaces only a directory that holds one."""


class ExportCollision(ValueError):
    """A hand-written file and a generated one would be written to the same path."""


NOT_EXPORTED = ("search.md",)
"""Generated pages an export leaves out: the claim search page needs the Pagefind index, which
only the MkDocs build makes (a search page without one would wait for it forever)."""


def export_tree(briefings: str | os.PathLike, docs_dir: str | os.PathLike | None = "docs", *,
                directory_urls: bool = True, window_days: int = DEFAULT_WINDOW_DAYS,
                options: RenderOptions | None = None,
                excluded: Callable[[str], bool] = lambda relpath: False,
                command_help: dict[str, str] | None = None) -> dict[str, bytes]:
    """Every file of the export: generated pages and data files, the manual, docs/ as it is (but the
    files `excluded` leaves out, as mkdocs.yml's exclude_docs does), Parley's assets, the marker.

    `options` carries the site's address (absolute links in the feed, the open data and JSON-LD)
    and its name; `directory_urls` replaces theirs. Raises `problems.ProblemsFound` when the
    briefings have problems, like a build.
    """
    options = replace(options or RenderOptions(), directory_urls=directory_urls)
    content = build_pages(briefings, options, window_days=window_days, search=False, command_help=command_help)
    # An article's page names Parley's theme template for it (no sidebars), which an export does
    # not carry: the page is shown with the other generator's own.
    chosen = f"\ntemplate: {RECORD_TEMPLATE}\n"
    tree: dict[str, bytes] = {path: page.markdown.replace(chosen, "\n", 1).encode("utf-8")
                              for path, page in content.pages.items() if path not in NOT_EXPORTED}
    tree.update(content.data_files)  # the feed and the open data, at the paths the pages link to
    tree.update((path, markdown.encode("utf-8")) for path, markdown in manual_pages().items())
    if docs_dir is not None and Path(docs_dir).is_dir():
        docs = Path(docs_dir)
        for path in sorted(docs.rglob("*")):
            if not path.is_file():
                continue
            relpath = path.relative_to(docs).as_posix()
            if excluded(relpath):
                continue
            if relpath in tree or relpath in NOT_EXPORTED:
                raise ExportCollision(f"{docs.as_posix()}/{relpath} collides with a page Parley generates; rename it")
            tree[relpath] = path.read_bytes()
    for name in ASSETS:
        relpath = f"{ASSET_DIR}/{name}"
        if relpath in tree:
            raise ExportCollision(f"{relpath} collides with Parley's own asset; rename it")
        tree[relpath] = (THEME_ASSETS / name).read_bytes()
    tree[MARKER] = b"Made by `parley export`; the next export replaces this whole directory.\n"
    return tree
