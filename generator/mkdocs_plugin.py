"""The MkDocs edge: the only module that imports MkDocs.

Runs the pipeline before MkDocs cleans the site directory (so a bad corpus leaves
the last site in place), hands the pages to MkDocs as generated files (no
Markdown is written into docs/), and puts the index pages in the nav. Article
and day pages stay out of the nav: the sidebar is rendered into every page, so
listing them there would make the build quadratic.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.load import DEFAULT_LIMITS, Limits
from generator.pipeline import DEFAULT_WINDOW_DAYS
from generator.problems import ProblemsFound
from generator.render import Page, PageCollision, RenderOptions, join_blocks, split_blocks
from generator.pipeline import build_pages

# Generated index pages, in nav order, ahead of the hand-written docs.
NAV = (("Latest briefing", "index.md"), ("Briefings", "days/index.md"), ("Search claims", "search.md"),
       ("Timeline", "timeline.md"),
       ("Actors", "actors/index.md"), ("Sides", "sides.md"), ("Topics", "topics/index.md"),
       ("Articles", "articles/index.md"))
NAV_END = (("Data", "data.md"), ("Data format", "format.md"), ("Command reference", "commands.md"))


THEME_DIR = Path(__file__).parent / "theme"


class ParleyConfig(Config):
    briefings = c.Type(str, default="briefings")
    """The briefings directory, relative to mkdocs.yml."""
    max_file_bytes = c.Type(int, default=DEFAULT_LIMITS.max_file_bytes)
    """Input limits (see generator.load.Limits): larger files are refused before parsing."""
    max_flow_depth = c.Type(int, default=DEFAULT_LIMITS.max_flow_depth)
    max_block_depth = c.Type(int, default=DEFAULT_LIMITS.max_block_depth)
    max_indent = c.Type(int, default=DEFAULT_LIMITS.max_indent)
    search = c.Type(bool, default=True)
    """Build the Pagefind search index (the header search box and the Search claims page)."""
    window_days = c.Type(int, default=DEFAULT_WINDOW_DAYS)
    """How many days back sticking points and missing voices look (the briefing's window)."""


class ParleyPlugin(BasePlugin[ParleyConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.search_documents: dict[str, str] = {}
        self.data_files: dict[str, bytes] = {}
        self.blocks: dict[str, list[str]] = {}
        self.briefings_dir = ""
        self.owns_epoch = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        self.briefings_dir = str(base / self.config.briefings)
        config.nav = self._nav(config)
        if self.config.window_days < 1:
            raise PluginError("parley: window_days must be at least 1")
        if "search" in config.plugins or "material/search" in config.plugins:
            raise PluginError("parley: remove the 'search' plugin from mkdocs.yml: Parley's Pagefind search "
                              "replaces Material's lunr search, and two indexes would be shipped")
        # Parley's templates (search box, stylesheet, script) override Material's where they exist.
        config.theme.dirs.insert(0, str(THEME_DIR))
        # Generated pages give headings fixed ids with attribute lists ({: #id }).
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        return config

    def _nav(self, config: MkDocsConfig) -> list:
        ours = [{title: path} for title, path in NAV]
        end = [{title: path} for title, path in NAV_END]
        if config.nav is not None:
            return ours + list(config.nav) + end
        docs = Path(config.docs_dir)
        written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
        return ours + written + end

    def on_pre_build(self, config: MkDocsConfig) -> None:
        try:
            options = RenderOptions(directory_urls=config.use_directory_urls, site_url=config.site_url,
                                    site_name=config.site_name)
            limits = Limits(max_file_bytes=self.config.max_file_bytes, max_flow_depth=self.config.max_flow_depth,
                            max_block_depth=self.config.max_block_depth, max_indent=self.config.max_indent)
            content = build_pages(self.briefings_dir, options, limits=limits, window_days=self.config.window_days,
                                  search=self.config.search)
        except ProblemsFound as exc:
            raise PluginError(f"{len(exc.problems)} problem(s) in the briefings:\n{exc}") from None
        except PageCollision as exc:
            raise PluginError(str(exc)) from None
        self.pages = content.pages
        self.search_documents = content.search_documents
        self.data_files = content.data_files
        if content.newest and (self.owns_epoch or "SOURCE_DATE_EPOCH" not in os.environ):
            self.owns_epoch = True  # under `mkdocs serve`, follow the corpus as it changes
            # MkDocs stamps the build date into sitemap.xml; the corpus's own newest date
            # keeps the same input byte-identical whenever it is built.
            newest = dt.datetime.combine(content.newest, dt.time(), tzinfo=dt.timezone.utc)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(newest.timestamp()))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.blocks = {}
        for page in self.pages.values():
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"docs/{page.path} collides with a page Parley generates; rename it")
            skeleton, self.blocks[page.path] = split_blocks(page.markdown)
            files.append(File.generated(config, page.path, content=skeleton))
        for path, data in self.data_files.items():
            files.append(File.generated(config, path, content=data))
        return files

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        blocks = self.blocks.get(page.file.src_uri)
        return join_blocks(html, blocks) if blocks else html

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.config.search:
            return
        from generator.index_search import SearchIndexError, write_search_index

        try:
            write_search_index(self.search_documents, Path(config.site_dir) / "pagefind")
        except SearchIndexError as exc:
            raise PluginError(f"parley: {exc}") from None

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Rebuild when an analyst saves a YAML file.
        server.watch(self.briefings_dir)
        return server


class BuildFailed(Exception):
    """The build did not complete; the message says why, without a traceback."""


def _raise_on_sigterm():
    """Turn SIGTERM (a CI cancellation, `timeout`, systemd) into an exception while building, so
    the staging folder is removed; Python's default handling would skip every `finally`."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


def build_site(config_file: str, site_dir: str | None = None, *, strict: bool = False) -> str:
    """Run the real MkDocs build into a temporary directory, then swap it into place.

    A failed build (bad YAML, an exception in any stage, an interruption) leaves the
    previous site untouched.
    """
    import logging
    import shutil
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    try:
        overrides = {"site_dir": site_dir} if site_dir else {}
        if strict:  # only ever tighten: `strict: true` in mkdocs.yml stays in force without --strict
            overrides["strict"] = True
        config = load_config(config_file, **overrides)
        target = Path(config.site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        previous_handler = _raise_on_sigterm()  # before the staging folder exists
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.parley-", dir=target.parent))
        try:
            config.site_dir = str(staging)
            build(config)
            old = None
            if target.exists():
                old = target.with_name(f".{target.name}.parley-old-{os.getpid()}")
                target.rename(old)
            try:
                staging.rename(target)
            except BaseException:
                if old is not None:  # interrupted between the two renames: put the old site back
                    old.rename(target)
                raise
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
            if previous_handler is not None:
                signal.signal(signal.SIGTERM, previous_handler)
        return str(target)
    except (Abort, MkDocsException) as exc:
        raise BuildFailed(str(exc).strip() or type(exc).__name__) from None
    finally:
        log.removeHandler(handler)
