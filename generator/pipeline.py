"""The whole pipeline in one call: load → validate → model → analyse → render.

The CLI and the MkDocs plugin both come through here, so they cannot disagree
about what the corpus says.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass

from typing import TYPE_CHECKING

from generator.load import DEFAULT_LIMITS, Limits, load
from generator.problems import ProblemsFound
from generator.validate import Checked, validate

if TYPE_CHECKING:  # the later stages (Jinja, Markdown) load only when a site is built:
    from generator.analyse import Briefings
    from generator.model import Corpus  # `parley check` stays quick to start
    from generator.read import ReadCache
    from generator.render import Page, RenderOptions
    from generator.reuse import RenderMemo

from generator.analyse.window import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS  # noqa: E402  (for the CLI and plugin)


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while the corpus is read.

    Reading makes millions of small objects that all stay alive; the collector would
    walk them again and again (40% of loading a one-year corpus) and find nothing:
    the loader's own cycles are broken by `dispose()` and freed by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(briefings: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> Checked:
    with collector_paused():
        return validate(load(briefings, limits))


def check_files(briefings: str | os.PathLike, paths: list, limits: Limits = DEFAULT_LIMITS) -> Checked:
    """Check only `paths` (and the registries they refer to): the analyst's loop while editing."""
    from generator.load import article_dates, load_selected

    return validate(load_selected(briefings, paths, limits), published_dates=article_dates(briefings))


def read_corpus(briefings: str | os.PathLike, limits: Limits = DEFAULT_LIMITS, jobs: int | None = None,
                cache: ReadCache | None = None) -> Corpus:
    """The validated corpus; raises ProblemsFound with every problem when there is any.

    A valid corpus is read by `read.read_corpus` (both cores, a cache under `serve`); at the
    first sign of a problem the whole corpus is checked as `parley check` does, so the
    report is the same whichever way the build went.
    """
    from generator.model import build_model
    from generator.read import NeedsCheck, read_corpus as read_valid

    try:
        with collector_paused():
            return read_valid(briefings, limits, jobs=jobs, cache=cache)
    except NeedsCheck:
        pass
    checked = check(briefings, limits)
    if checked.problems:
        raise ProblemsFound(checked.problems)
    with collector_paused():  # pragma: no cover - the quick road refused a corpus the check accepts
        return build_model(checked)


@dataclass(frozen=True)
class SiteContent:
    pages: dict[str, Page]
    """Empty when the pages went to a `sink` as they were rendered."""
    data_files: dict[str, bytes]
    """The feed and the open data: site path → file content."""
    search_documents: dict[str, str]
    """Search records for the indexer: "part/relative path" → small HTML document (made only
    when the pages are kept: a build with a sink makes them later, see `search_records`)."""
    newest: dt.date | None
    """Date of the newest article: the site's date, used instead of the clock for reproducible builds."""
    briefings: Briefings | None = None
    """The analysis the outputs were made from (the search records are made from it after the pages)."""


def build_pages(briefings: str | os.PathLike, options: RenderOptions | None = None,
                limits: Limits = DEFAULT_LIMITS, window_days: int = DEFAULT_WINDOW_DAYS,
                search: bool = True, cache: ReadCache | None = None, memo: RenderMemo | None = None,
                stale_days: int | None = None, command_help: dict[str, str] | None = None,
                wanted: Callable[[str], bool] | None = None, sink: Callable[[Page], None] | None = None
                ) -> SiteContent:
    """All generated pages, finished before any is written (gather, then write).

    `cache` and `memo` (kept by `parley serve` between builds) spare reading the files and
    rendering the outputs that did not change; the result is the same without them. `wanted`
    (a path → yes or no) limits the pages and data files made to a part of the site
    (generator/parts.py); with a `sink`, each page goes to it as it is rendered (see render)."""
    from generator.analyse import analyse
    from generator.render import RenderOptions, render
    from generator.render_data import FEED_PATH, render_data, render_feed
    from generator.render_search import NAMES_FILE, search_documents, search_names
    from generator.history import last_changes

    options = options or RenderOptions()
    wanted_path = wanted or (lambda path: True)
    briefings_dir = briefings
    corpus = read_corpus(briefings, limits, cache=cache)
    newest = max((a.published for a in corpus.articles), default=None)
    # The collector is paused here too: what the stages make stays alive until the pages are
    # written, and its full passes over a year's objects were a fifth of a rebuild under serve.
    with collector_paused():
        briefings = analyse(corpus, window_days, *(() if stale_days is None else (stale_days,)))
        # The command reference page is made from --help itself, handed down by the caller (the CLI
        # or the plugin): a stage never reaches up into the command line.
        pages = render(briefings, options, command_help=command_help, memo=memo, wanted=wanted,
                       sink=sink)  # first: it starts the memo
        data = render_data(briefings, options, memo, wanted=wanted_path)
        if wanted_path(FEED_PATH):
            data[FEED_PATH] = render_feed(briefings, options, options.site_name,
                                          changed=last_changes(briefings_dir))
        # The search records are only rendered when an index will be built from them.
        documents = search_documents(briefings, options, memo) if search and sink is None else {}
        if search and wanted_path(NAMES_FILE):
            data[NAMES_FILE] = search_names(briefings, options)
    return SiteContent(pages, data, documents, newest, briefings)
