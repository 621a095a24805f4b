"""The MkDocs edge: the only module that imports MkDocs.

Runs the pipeline before MkDocs cleans the site directory (so a bad corpus leaves
the last site in place), hands the pages to MkDocs as generated files (no
Markdown is written into docs/), and puts the index pages in the nav. Article
and day pages stay out of the nav: the sidebar is rendered into every page, so
listing them there would make the build quadratic.

Under `mkdocs serve --dirty` (what `parley serve` runs) one plugin object lives for the whole
session. It keeps the files read and the outputs rendered by the last build (the pipeline
reads and renders again only what a change reaches: generator/read.py, generator/reuse.py)
and tells MkDocs which pages changed, so a save re-renders only the pages whose Markdown
changed; anything shown on every page (config, nav, hand-written pages, theme) changing
means a clean build. Before that rebuild starts, the page of an article just saved is made
from its file alone and served at once, with a notice, while the other pages wait for the
rebuild (generator/first_pages.py, `FirstPages` in generator/preview.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import posixpath
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory

from generator import __version__
from generator.load import DEFAULT_LIMITS, Limits
from generator.compact_html import collapse_whitespace
from generator.manual import FOR_MAINTAINERS, manual_pages, page_title
from generator.pipeline import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS
from generator.analyse.ledger import DEFAULT_STALE_DAYS
from generator.pipeline import build_pages
from generator.first_pages import LastBuild, file_stamps, first_pages
from generator.preview import BackgroundSearchIndex, FirstPages, ProblemsOverlay, StopOnSignal
from generator.problems import Problem, ProblemsFound, format_text
from generator.render import Page, PageCollision, RenderOptions, SiteFacts, join_blocks, split_blocks
from generator.reuse import RenderMemo
from generator.site_plan import BuildState, PreparedPage, SitePlan, corpus_fingerprint, digest as content_digest, \
    state_path

if TYPE_CHECKING:
    from generator.read import ReadCache

# The sidebar: the readers' pages first, then one section for those who keep the site.
# Generated index pages, in nav order, ahead of the hand-written docs.
NAV = (("Latest briefing", "index.md"), ("Where they stand", "stand.md"), ("Briefings", "days/index.md"),
       ("Search claims", "search.md"),
       ("Timeline", "timeline.md"),
       ("Actors", "actors/index.md"), ("Sides", "sides.md"), ("Topics", "topics/index.md"),
       ("Articles", "articles/index.md"))
# After the site's own pages and the manual's method: the readers' last page.
NAV_END = (("Data", "data.md"),)
MAINTAINERS = "For maintainers"
"""The section that holds the manual's guide and editing pages, the site's pages whose front matter
says `audience: maintainers` (or that its own nav puts in a section of this name), then
MAINTAINERS_END."""
MAINTAINERS_END = (("Data format", "format.md"), ("Command reference", "commands.md"))


THEME_DIR = Path(__file__).parent / "theme"
THEME_RENDERED = {"assets/parley/icons.css": "partials/parley-icons.html",
                  "assets/parley/palette.js": "partials/parley-palette.html"}
"""Files of the site made from mkdocs.yml's theme settings by theme templates: the header's icons
as CSS masks, and the colour switch's script with its options. Each was written into every page;
they are theme templates so that Material's icons are at hand, and .html so that MkDocs does not
copy them as they are."""

log = get_plugin_logger("parley")


class ParleyConfig(Config):
    briefings = c.Type(str, default="briefings")
    """The briefings directory, relative to mkdocs.yml."""
    sources = c.Optional(c.Type(str))
    """The archived article texts, relative to mkdocs.yml: `parley check` verifies every quote against
    them (read by generator/site_config.py; the build itself does not need them)."""
    max_file_bytes = c.Type(int, default=DEFAULT_LIMITS.max_file_bytes)
    """Input limits (see generator.load.Limits): larger files are refused before parsing."""
    max_flow_depth = c.Type(int, default=DEFAULT_LIMITS.max_flow_depth)
    max_block_depth = c.Type(int, default=DEFAULT_LIMITS.max_block_depth)
    max_indent = c.Type(int, default=DEFAULT_LIMITS.max_indent)
    search = c.Type(bool, default=True)
    """Build the Pagefind search index (the header search box and the Search claims page)."""
    window_days = c.Type(int, default=DEFAULT_WINDOW_DAYS)
    """How many days back a side's tone and the sides missing today look (the briefing's window)."""
    stale_days = c.Type(int, default=DEFAULT_STALE_DAYS)
    """A position on the issue ledger last stated longer ago than this is marked stale."""
    locale = c.Optional(c.Type(str))
    """The language of dates, durations and plurals (a Babel locale); the theme's language by default."""
    page_size = c.Type(int, default=RenderOptions.page_size)
    """Claims on an actor's or topic's main page, and articles on the articles index; older ones
    are on month pages (see the Method page, "Long records")."""
    archive_size = c.Type(int, default=RenderOptions.archive_size)
    """Claims on one month page before the month is split into parts."""
    recent_days = c.Type(int, default=RenderOptions.recent_days)
    """Days on the briefings index, home page list and timeline before older ones go to year pages."""


class GeneratedFile(File):
    """A generated page or data file that knows whether its content changed since the previous
    serve build (MkDocs counts every in-memory file as modified, so `--dirty` alone saves nothing)."""

    modified: bool = True

    def is_modified(self) -> bool:
        return self.modified


@dataclass
class ServedBuild:
    """What one serve build left in the site directory, for the next build to compare with."""

    site_wide: str
    """Digest of what every page shows: mkdocs.yml, the nav, the hand-written pages, the theme."""
    contents: dict[str, str | bytes] = field(default_factory=dict)
    """Generated page or data file (src_uri) → its content. Kept whole rather than as a digest:
    most pages are the very objects the render memo reused, which compare equal at once, and
    comparing the rest is quicker than hashing everything (half a second for a year)."""
    skeletons: dict[str, str] = field(default_factory=dict)
    """Generated page → the Markdown MkDocs was given (see split_blocks): an unchanged page is
    not split again (splitting every page of a year's corpus takes seconds)."""
    outputs: frozenset[str] = frozenset()
    """Every file's path in the site (dest_uri): what a later build removes when it is gone."""


def _digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


class _DirtyWarning(logging.Filter):
    """MkDocs warns on every `--dirty` build that navigation may be stale; the plugin rebuilds
    everything a change reaches, and under `strict: true` the warning would abort each build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


class ParleyPlugin(BasePlugin[ParleyConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.search_documents: dict[str, str] = {}
        self.data_files: dict[str, bytes] = {}
        self.manual: dict[str, str] = {}
        """The manual's pages, read from the package at each build."""
        self.blocks: dict[str, list[str]] = {}
        self.briefings_dir = ""
        self.owns_epoch = False
        self.serving = False
        """Under `mkdocs serve` (set by on_startup): keep what the last build read."""
        self.serving_dirty = False
        """`mkdocs serve --dirty`: rebuild only what changed."""
        self.read_cache: tuple[tuple, ReadCache] | None = None
        """The pipeline's cache of unchanged files under serve, with the settings it was read with."""
        self.render_memo: RenderMemo | None = None
        """Under serve, what the last build rendered, for this one to reuse what did not change."""
        self.served: ServedBuild | None = None
        """The last serve build that completed; None means the next one is a clean build."""
        self.building: ServedBuild | None = None
        """This build's record, from on_files on (the site directory is being changed)."""
        self.search_index = BackgroundSearchIndex()
        self.problems: list[Problem] = []
        """Under serve, the problems of the last save: shown on every page (ProblemsOverlay) over the
        last good build, which stays up until they are fixed."""
        self.stop_on_signal = StopOnSignal()
        self.pipeline_seconds = 0.0
        self.plan = SitePlan()
        """What a `parley build` writes: a part of the site, and only what changed (set by build_site)."""
        self.prepared: dict[str, PreparedPage] = {}
        """Outside serve: the generated pages of this build's part(s), as they were rendered."""
        self.other_pages: list[str] = []
        """Outside serve: every generated page's path, in the order rendered (those of other parts
        are not rendered here, only named)."""
        self.briefings = None
        """Outside serve: the analysis, for the search records made after the pages."""
        self.state: BuildState | None = None
        """Outside serve: what this build wrote, for the next (saved by build_site once published)."""
        self._options: RenderOptions | None = None
        self.rewritten = 0
        """Generated pages and files this build converted and wrote (the others were kept)."""
        self._dirty_warning = _DirtyWarning()
        self.server = None
        """Under serve, the preview server (set by on_serve): the page made first is shown through it."""
        self.first_served: FirstPages | None = None
        """Under serve, the middleware that serves the page made first while the rebuild runs."""
        self.last_build: LastBuild | None = None
        """Under serve, what the last good build leaves for a save's first page; None: none is made."""
        self._this_build: LastBuild | None = None
        """This build's, until it completes."""
        self._theme: tuple | None = None
        """(Jinja environment, nav) of the last good build: the first page is themed as that build's."""
        self._env = self._nav_made = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this object across the rebuilds of one `mkdocs serve`.
        self.serving, self.serving_dirty = command == "serve", command == "serve" and dirty
        self.served = self.read_cache = None
        self.render_memo = RenderMemo() if self.serving else None
        self.problems = []
        if self.serving:
            self.stop_on_signal.install()
        if self.serving_dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(self._dirty_warning)

    def on_shutdown(self) -> None:
        if self.first_served is not None:
            self.first_served.clear()
        self.server = self.first_served = self.last_build = self._this_build = self._theme = None
        self.search_index.stop()
        self.stop_on_signal.uninstall()
        self.serving = self.serving_dirty = False
        self.served = self.read_cache = self.render_memo = None
        logging.getLogger("mkdocs.commands.build").removeFilter(self._dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        self.briefings_dir = str(base / self.config.briefings)
        # `mkdocs build` empties site_dir before writing: a site_dir that is or holds the sources
        # would take the corpus with it (`parley build` refuses it before this, as well).
        from generator.publish import PublishError, refuse_destination

        try:
            refuse_destination(config.site_dir, _sources(config), project=base, option="site_dir")
        except PublishError as exc:
            raise PluginError(f"parley: {exc}") from None
        self.manual = manual_pages()
        config.nav = self._nav(config)
        for name in ("window_days", "stale_days", "page_size", "archive_size", "recent_days", "max_file_bytes",
                     "max_flow_depth", "max_block_depth", "max_indent"):
            value = self.config[name]
            if isinstance(value, bool):  # YAML `true` is an int to Python: 1 day is not what was meant
                raise PluginError(f"parley: {name} must be a number, not {str(value).lower()}")
            if value < 1:
                raise PluginError(f"parley: {name} must be at least 1")
        if self.config.window_days > MAX_WINDOW_DAYS:
            raise PluginError(f"parley: window_days must be at most {MAX_WINDOW_DAYS:,} (200 years, every date a "
                              f"briefing can have); got {self.config.window_days:,}")
        if "search" in config.plugins or "material/search" in config.plugins:
            raise PluginError("parley: remove the 'search' plugin from mkdocs.yml: Parley's Pagefind search "
                              "replaces Material's lunr search, and two indexes would be shipped")
        # Parley's templates (search box, stylesheet, script) override Material's where they exist.
        config.theme.dirs.insert(0, str(THEME_DIR))
        # Generated pages give headings fixed ids with attribute lists ({: #id }).
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        # Tables of the hand-written pages become cards on a phone, as the generated ones do.
        if "generator.markdown_tables" not in config.markdown_extensions:
            config.markdown_extensions.append("generator.markdown_tables")
        return config

    def _nav(self, config: MkDocsConfig) -> list:
        """Readers' pages (Parley's, the site's own, the method, the data), then the maintainers'
        section (the manual's guide and editing pages, the site's pages for maintainers, the data
        format and the command reference)."""
        from mkdocs.utils.meta import get_data

        maintainers: list = []
        if config.nav is not None:
            written = []
            for item in config.nav:  # the site's own section of that name is merged into Parley's
                if isinstance(item, dict) and list(item) == [MAINTAINERS] and isinstance(item[MAINTAINERS], list):
                    maintainers += item[MAINTAINERS]
                else:
                    written.append(item)
            placed = set(_nav_paths(config.nav))
        else:
            docs = Path(config.docs_dir)
            written = []
            for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
                try:
                    meta = get_data(path.read_text(encoding="utf-8-sig"))[1]
                except (OSError, UnicodeDecodeError):
                    meta = {}  # MkDocs reports the unreadable page itself
                page = path.relative_to(docs).as_posix()
                (maintainers if meta.get("audience") == "maintainers" else written).append(page)
            placed = set()
        manual = {path: {page_title(markdown): path} for path, markdown in self.manual.items() if path not in placed}
        readers = [entry for path, entry in manual.items() if path not in FOR_MAINTAINERS]
        keepers = [entry for path, entry in manual.items() if path in FOR_MAINTAINERS]
        section = keepers + maintainers + [{title: path} for title, path in MAINTAINERS_END]
        return ([{title: path} for title, path in NAV] + written + readers + [{title: path} for title, path in NAV_END]
                + [{MAINTAINERS: section}])

    def _locale(self, config: MkDocsConfig) -> str:
        """The plugin's `locale`, else the theme's language when Babel knows it, else English."""
        import babel

        for name in (self.config.locale, config.theme.get("language")):
            if name:
                try:
                    babel.Locale.parse(name.replace("-", "_"))
                    return name.replace("-", "_")
                except (ValueError, babel.UnknownLocaleError):
                    if name == self.config.locale:
                        raise PluginError(f"parley: locale '{name}' is not a language Babel knows; expected a "
                                          "code such as en, fr, ar") from None
        return "en"

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.building = self._this_build = None
        if self.serving_dirty:
            self.search_index.pause()  # resumed once this build is written (on_post_build)
        stamps = file_stamps(self.briefings_dir) if self.serving_dirty else None  # before anything is read
        started = time.perf_counter()
        try:
            options = RenderOptions(directory_urls=config.use_directory_urls, site_url=config.site_url,
                                    site_name=config.site_name, page_size=self.config.page_size,
                                    archive_size=self.config.archive_size, recent_days=self.config.recent_days,
                                    locale=self._locale(config))
            self._options = options
            limits = Limits(max_file_bytes=self.config.max_file_bytes, max_flow_depth=self.config.max_flow_depth,
                            max_block_depth=self.config.max_block_depth, max_indent=self.config.max_indent)
            from generator.commands import help_texts  # the command reference page: --help itself

            if self.serving_dirty:
                self._show_first_pages(config, limits, stamps)
            self.prepared, self.other_pages = {}, []
            content = build_pages(self.briefings_dir, options, limits=limits, window_days=self.config.window_days,
                                  command_help=help_texts(),
                                  stale_days=self.config.stale_days,
                                  search=self.config.search, cache=self._read_cache(limits),
                                  memo=self.render_memo, wanted=None if self.plan.whole else self.plan.wanted,
                                  sink=None if self.serving else self._prepare)
        except ProblemsFound as exc:
            if not (self.serving and self.pages):
                raise PluginError(f"{len(exc.problems)} problem(s) in the briefings:\n{exc}") from None
            self._keep_last_good_build(exc.problems)
            return
        except PageCollision as exc:
            raise PluginError(str(exc)) from None
        if self.problems:
            log.info("the problems are fixed")
        self.problems = []
        self.pipeline_seconds = time.perf_counter() - started
        self.pages = content.pages
        self.search_documents = content.search_documents
        self.data_files = content.data_files
        self.briefings = None if self.serving else content.briefings
        if stamps is not None and content.briefings is not None:
            self._this_build = LastBuild(stamps, SiteFacts.of(content.briefings), options)
        if content.newest and (self.owns_epoch or "SOURCE_DATE_EPOCH" not in os.environ):
            self.owns_epoch = True  # under `mkdocs serve`, follow the corpus as it changes
            # MkDocs stamps the build date into sitemap.xml; the corpus's own newest date
            # keeps the same input byte-identical whenever it is built.
            newest = dt.datetime.combine(content.newest, dt.time(), tzinfo=dt.timezone.utc)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(newest.timestamp()))

    def _show_first_pages(self, config: MkDocsConfig, limits: Limits, stamps: dict) -> None:
        """Under `serve --dirty`, when the save changed only a few articles: their pages, made
        from their files and themed as the last build's, served at once (FirstPages) while this
        build remakes the whole site. MkDocs holds every request until a build is done; moving its
        visible version to one between the last build's and this one's wakes the browsers waiting
        to reload (they then ask for the page again), while any other page still waits."""
        server, served, last, theme = self.server, self.first_served, self.last_build, self._theme
        if server is None or served is None:
            return
        visible, wanted = _epochs(server)
        condition = getattr(server, "_epoch_cond", None)
        if wanted is None or condition is None:
            return  # not the MkDocs server this was written for: every page waits for the build
        if last is None or theme is None or self.problems or wanted - visible < 2:
            served.decide(wanted)
            return
        started = time.perf_counter()
        pages: list[Page] = []
        try:
            pages = first_pages(self.briefings_dir, stamps, last, limits)
            mount = getattr(server, "mount_path", None) or urlsplit(config.site_url or "/").path.rstrip("/") + "/"
            shown = {}
            for page in pages:
                html, url = self._theme_first_page(config, page, theme)
                shown[mount + url] = html
                if url.endswith("/"):  # asked for as the folder or as its index.html
                    shown[mount + url + "index.html"] = html
        except Exception as exc:  # a preview that fails must not fail the build, which reports any problem
            log.info(f"no page shown first ({type(exc).__name__}: {exc}); rebuilding")
            pages = []
        finally:
            self.blocks = {}
        if not pages:
            served.decide(wanted)
            return
        early = wanted - 1
        served.decide(wanted, shown, early, _theme_files(config, mount))
        with condition:
            server._visible_epoch = early
            condition.notify_all()
        log.info(f"{', '.join(p.path for p in pages)} shown first, after {time.perf_counter() - started:.2f} s; "
                 "rebuilding the rest")

    def _theme_first_page(self, config: MkDocsConfig, page: Page, theme: tuple) -> tuple[bytes, str]:
        """The page's HTML as MkDocs makes it (its events, Markdown, the theme's template and the
        last build's nav), without writing it; and its URL."""
        from mkdocs.commands.build import get_context
        from mkdocs.structure.pages import Page as ThemedPage

        env, nav = theme
        skeleton, blocks = split_blocks(page.markdown)
        file = GeneratedFile.generated(config, page.path, content=skeleton)
        file.inclusion = InclusionLevel.NOT_IN_NAV
        files = Files([file])  # a generated page's links are HTML already: nothing to resolve
        themed = ThemedPage(None, file, config)
        config._current_page = themed
        try:
            themed = config.plugins.on_pre_page(themed, config=config, files=files)
            themed.read_source(config)
            themed.markdown = config.plugins.on_page_markdown(themed.markdown, page=themed, config=config, files=files)
            themed.render(config, files)
            themed.content = config.plugins.on_page_content(themed.content, page=themed, config=config, files=files)
            themed.active = True
            context = get_context(nav, files, config, themed)
            template = env.get_template(themed.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=themed, config=config, nav=nav)
            self.blocks[page.path] = blocks  # put back by on_post_page
            output = config.plugins.on_post_page(template.render(context), page=themed, config=config)
        finally:
            themed.active = False
            config._current_page = None
        return output.encode("utf-8", errors="xmlcharrefreplace"), file.url

    def _keep_last_good_build(self, problems: list[Problem]) -> None:
        """Under serve, a save with problems: this build writes the last good pages again (under
        --dirty, none at all) so that the server keeps serving the site instead of holding every
        request until the file is fixed, and the pages show the problems (on_serve)."""
        self.problems = problems
        if self.first_served is not None:
            self.first_served.clear()
        # Not through MkDocs' logger: under `strict: true` a warning would fail this build too.
        print(f"ERROR    -  parley: {len(problems)} problem(s) in the briefings; serving the last good "
              f"build, with the problems shown on every page, until they are fixed:\n{format_text(problems)}",
              file=sys.stderr, flush=True)

    def _prepare(self, page: Page) -> None:
        """A page as it is rendered (outside serve): kept small until MkDocs writes it."""
        self.other_pages.append(page.path)  # every page, in the order rendered (the sitemap's order)
        if page.markdown is not None:
            self.prepared[page.path] = PreparedPage.of(page.markdown, split_blocks)

    def _read_cache(self, limits: Limits) -> ReadCache | None:
        """Under serve, the files read by the last build, by content (a file that did not change
        is not read again); a fresh cache when the briefings folder or the input limits change."""
        if not self.serving:
            return None
        from generator.read import ReadCache

        key = (self.briefings_dir, limits)
        if self.read_cache is None or self.read_cache[0] != key:
            self.read_cache = (key, ReadCache())
        return self.read_cache[1]

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for path in (*self.pages, *self.other_pages):
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} collides with a page Parley generates; rename it")
        for path in self.manual:
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} collides with a page of the manual Parley ships "
                                  "(the same on every tracker's site); rename it")
        if not self.serving:
            return self._planned_files(files, config)
        last = self._start_serve_build(files, config) if self.serving_dirty else None
        self.blocks = {}
        # Every generated page the nav does not list (articles, days, month pages…) is left out of
        # it on purpose: the sidebar is rendered into every page, listing them would make the
        # build quadratic (mkdocs.yml needs no `not_in_nav` for them).
        in_nav = {path for _, path in NAV + NAV_END + MAINTAINERS_END}
        for page in self.pages.values():
            file = self._generated_file(config, page.path, page.markdown, last)
            if page.path not in in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        for path, data in self.data_files.items():
            files.append(self._generated_file(config, path, data, last))
        for path, markdown in self.manual.items():  # plain Markdown: not split into blocks
            files.append(self._generated_file(config, path, markdown, last))
        if self.building is not None:
            self._finish_serve_plan(files, config, last)
        if not self.serving:  # the files hold what is needed now; a serve session compares next time
            self.pages, self.data_files = {}, {}
        return files

    def _planned_files(self, files: Files, config: MkDocsConfig) -> Files:
        """A build's files (outside serve): this build's part(s) of the generated pages and data,
        each left to MkDocs only when it is not the last build's output unchanged; the other
        parts' pages only by name (for the sitemap, and the nav), never converted or written.
        MkDocs runs with `dirty` here (build_site), so it skips every file marked unmodified."""
        written = files.documentation_pages(inclusion=lambda _: True)  # only hand-written ones so far
        site_wide = self._site_wide_digest(config, written, by_content=True)
        plan, self.state, self.rewritten = self.plan, BuildState(site_wide), 0
        if plan.previous is not None and plan.previous.site_wide != site_wide:
            clean_directory(config.site_dir)  # what every page shows changed: nothing can be kept
        # Hand-written pages are few and give the nav its titles: MkDocs reads and writes those
        # whose output is missing (a kept copy would be older than its source's checkout).
        for file in written:
            Path(file.abs_dest_path).unlink(missing_ok=True)
        in_nav = {path for _, path in NAV + NAV_END + MAINTAINERS_END}

        def add(path: str, content: str | bytes, content_digest: str | None, page: bool) -> None:
            file = GeneratedFile.generated(config, path, content=content)
            if content_digest is None:  # another part's page: named, never written here
                file.modified = False
            else:
                self.state.outputs[path] = (content_digest, file.dest_uri)
                file.modified = not (plan.kept(path, content_digest, site_wide) and Path(file.abs_dest_path).is_file())
                self.rewritten += file.modified
            if page and path not in in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)

        for path in self.other_pages:
            prepared = self.prepared.get(path)
            if prepared is not None:
                add(path, prepared.skeleton, prepared.digest, True)
            elif plan.lists_every_page or path in in_nav:
                add(path, "", None, True)
        for path, data in self.data_files.items():
            add(path, data, content_digest(data), False)
        for path, markdown in self.manual.items():  # plain Markdown: not split into blocks
            add(path, markdown, content_digest(markdown) if plan.wanted(path) else None, True)
        self.data_files = {}
        if plan.previous is not None:
            _unlink_rewritten(files, Path(config.site_dir))
        return files

    def _start_serve_build(self, files: Files, config: MkDocsConfig) -> ServedBuild | None:
        """Under `serve --dirty`: the last build to compare with, or None after cleaning the site
        when anything rendered into every page changed (or there is no last build)."""
        written = files.documentation_pages(inclusion=lambda _: True)  # only hand-written ones so far
        last, self.served = self.served, None  # a failure from here on leaves a half-changed site
        self.building = ServedBuild(self._site_wide_digest(config, written))
        if last is None or last.site_wide != self.building.site_wide:
            if self.first_served is not None:
                self.first_served.clear()  # the theme's files too are about to be written again
            self.search_index.forget()
            clean_directory(config.site_dir)
            return None
        # Hand-written pages are few and give the nav its titles: MkDocs reads and writes those
        # whose output is missing.
        for file in written:
            Path(file.abs_dest_path).unlink(missing_ok=True)
        return last

    def _generated_file(self, config: MkDocsConfig, path: str, content: str | bytes,
                        last: ServedBuild | None) -> GeneratedFile:
        """A generated page (its HTML blocks set aside, see split_blocks) or data file; under
        `serve --dirty`, marked unchanged when its content is the last build's.

        Parley writes its links as URLs in HTML, never as .md paths for MkDocs to resolve, so a
        generated page's HTML follows from its own Markdown and the site-wide inputs alone."""
        if last is not None and last.contents.get(path) == content:
            file = GeneratedFile.generated(config, path, content=last.skeletons.get(path, content))
            file.modified = False  # MkDocs neither renders nor writes it
        elif path in self.pages:
            skeleton, self.blocks[path] = split_blocks(content)
            file = GeneratedFile.generated(config, path, content=skeleton)
        else:
            file = GeneratedFile.generated(config, path, content=content)
        if self.building is not None:
            self.building.contents[path] = content
            if path in self.pages:
                self.building.skeletons[path] = file.content_string
        return file

    def _finish_serve_plan(self, files: Files, config: MkDocsConfig, last: ServedBuild | None) -> None:
        """Remove what the last build wrote that is gone (an article deleted or renamed)."""
        self.building.outputs = frozenset(f.dest_uri for f in files)
        pages = len(files.documentation_pages(inclusion=lambda _: True))
        if last is None:
            log.info(f"clean build of {pages} pages (briefings read in {self.pipeline_seconds:.1f} s)")
            return
        for gone in sorted(last.outputs - self.building.outputs):
            _remove_output(Path(config.site_dir), gone)
        changed = sum(1 for path in self.pages if path in self.blocks)
        rendered = f", {self.render_memo.rendered} rendered again" if self.render_memo is not None else ""
        log.info(f"{changed} of {len(self.pages)} generated pages changed; rebuilding them and "
                 f"{pages - len(self.pages)} hand-written pages (briefings read{rendered} in "
                 f"{self.pipeline_seconds:.1f} s)")

    def _site_wide_digest(self, config: MkDocsConfig, written: list[File], by_content: bool = False) -> str:
        """Everything rendered into every page besides the page itself. Under serve the theme's
        files are known by time and size (checked at every save); a build compares them by
        content, since a fresh checkout or install in CI gives every file a new time, and the
        configuration's values too (`--site-url` is not in mkdocs.yml)."""
        parts: list[str | bytes] = [repr(config.nav), repr(sorted(self.config.items()))]
        if config.config_file_path:
            parts.append(Path(config.config_file_path).read_bytes())
        if by_content:
            parts += [__version__, repr(dict(config.theme)), repr([(key, repr(config.get(key))) for key in (
                "site_url", "site_name", "site_description", "site_author", "copyright", "repo_url", "repo_name",
                "edit_uri", "use_directory_urls", "extra", "extra_css", "extra_javascript", "extra_templates",
                "markdown_extensions", "mdx_configs", "strict", "validation")])]
        for file in sorted(written, key=lambda f: f.src_uri):
            parts += [file.src_uri, file.content_bytes]  # a page's title appears in the nav
        for path, markdown in sorted(self.manual.items()):
            parts += [path, markdown]
        for folder in config.theme.dirs:  # templates, partials, icons
            for root, _, names in sorted(os.walk(folder)):
                for name in sorted(names):
                    if by_content:
                        path = os.path.join(root, name)
                        parts += [os.path.relpath(path, folder), Path(path).read_bytes()]
                    else:
                        stat = os.stat(os.path.join(root, name))
                        parts.append(f"{root}/{name} {stat.st_mtime_ns} {stat.st_size}")
        return _digest(*parts)

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self._nav_made = nav if self.serving_dirty else None  # for the next save's first page
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # The footer names the version that made the briefings (theme/partials/copyright.html).
        method = files.get_file_from_path("method.md")
        env.globals.update(parley_version=__version__, parley_method_url=method.url if method else None)
        # Written only when their bytes change (MkDocs runs with `dirty` under serve and for
        # Parley's builds), so that a rebuild rewrites no theme file and a reused build writes
        # nothing through a kept file's hard link.
        for path, template in THEME_RENDERED.items():
            content = env.get_template(template).render(config=config)
            file = GeneratedFile.generated(config, path, content=content)
            written = Path(file.abs_dest_path)
            file.modified = not (written.is_file() and written.read_bytes() == content.encode("utf-8"))
            files.append(file)
        self._env = env if self.serving_dirty else None
        return env

    @event_priority(100)  # before any plugin that strips HTML comments (the placeholders) from pages
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        # The HTML blocks go back in only now, into the finished page, and are then let go: MkDocs
        # converts every page before it writes any, and holding each page whole until then (its
        # Markdown, its blocks and its HTML) made a build hold the whole site three times over.
        prepared = self.prepared.pop(page.file.src_uri, None)
        blocks = prepared.unpacked_blocks() if prepared is not None else self.blocks.pop(page.file.src_uri, None)
        return collapse_whitespace(join_blocks(output, blocks) if blocks else output)

    def on_post_build(self, config: MkDocsConfig) -> None:
        self.served = self.building
        if self.first_served is not None:
            self.first_served.clear()  # the rebuilt pages are written: served as they are
        if self.serving_dirty and not self.problems:
            self.last_build, self._this_build = self._this_build, None
            self._theme = (self._env, self._nav_made) if self._env is not None and self._nav_made is not None else None
        self._env = self._nav_made = None
        self.search_index.resume()
        from generator.index_search import SearchIndexError, write_search_index

        try:
            if not self.serving:  # a `parley build`: this build's parts, and what changed
                from generator.site_plan import finish_build

                finish_build(Path(config.site_dir), self.plan, self.state, self.briefings,
                             self._options if self.config.search else None,
                             fingerprint="" if self.plan.whole else corpus_fingerprint(self.briefings_dir,
                                                                                      self.state.site_wide))
                self.briefings = None
            elif self.config.search and self.serving_dirty:
                self.search_index.request(self.search_documents, config.site_dir)
            elif self.config.search:
                write_search_index(self.search_documents, Path(config.site_dir) / "pagefind")
        except SearchIndexError as exc:
            raise PluginError(f"parley: {exc}") from None

    def on_build_error(self, *, error: Exception) -> None:
        if self.first_served is not None:
            self.first_served.clear()
        self.last_build = self._this_build = self._theme = None
        self._env = self._nav_made = None
        self.search_index.resume()
        if self.building is not None:  # the site directory may be half rewritten
            self.served = None

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Rebuild when an analyst saves a YAML file.
        server.watch(self.briefings_dir)
        # The server is a wsgiref server: its application can be wrapped like any WSGI app.
        # The page made first is answered before the overlay: it is never a broken save's.
        inject = getattr(server, "_inject_js_into_html", None)
        decides = self.serving_dirty and _epochs(server)[1] is not None  # only a dirty build decides its first pages
        self.first_served = FirstPages(ProblemsOverlay(server.get_app(), lambda: self.problems),
                                       inject if getattr(server, "_watched_paths", None) else None,
                                       (lambda: _epochs(server)) if decides else None)
        server.set_app(self.first_served)
        self.server = server
        return server


def _theme_files(config: MkDocsConfig, mount: str):
    """Request path → the theme's file (stylesheet, script, image, font, or one made from the
    theme's settings) as the last build wrote it
    into the site, or None. A build that changes no theme file writes none of these (MkDocs copies
    a static file only when its source is newer; a changed theme cleans the site first, and the
    page made first is withdrawn before that), so they may be served while the build runs. A
    file of the docs folder by the same name is left to the server: the build may copy it."""
    site, docs = Path(config.site_dir).resolve(), Path(config.docs_dir)
    themes = [Path(folder) for folder in config.theme.dirs]

    def find(path: str) -> Path | None:
        if not path.startswith(mount):
            return None
        relative = posixpath.normpath("/" + path[len(mount):]).lstrip("/")
        if not relative.startswith("assets/") or (docs / relative).exists():
            return None
        # The files made from the theme's settings (THEME_RENDERED) change with them alone, as
        # the theme's own files do.
        if relative not in THEME_RENDERED and not any((folder / relative).is_file() for folder in themes):
            return None
        found = (site / relative).resolve()
        return found if found.is_relative_to(site) and found.is_file() else None

    return find


def _epochs(server) -> tuple[int | None, int | None]:
    """The preview server's (visible, wanted) site versions: MkDocs' LiveReloadServer holds every
    request while they differ (a rebuild runs). (None, None) from a server without them."""
    visible, wanted = getattr(server, "_visible_epoch", None), getattr(server, "_wanted_epoch", None)
    return (visible, wanted) if isinstance(visible, int) and isinstance(wanted, int) else (None, None)


def _nav_paths(nav) -> list[str]:
    """Every page path in a nav as mkdocs.yml writes it (strings, titled entries, sections)."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_paths(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in _nav_paths(item)]
    return []


def _remove_output(site: Path, dest_uri: str) -> None:
    """Remove a file an earlier build wrote, and the folders it leaves empty."""
    path = site / dest_uri
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == site or not folder.is_relative_to(site) or any(folder.iterdir()):
            break
        folder.rmdir()


class BuildFailed(Exception):
    """The build did not complete; the message says why, without a traceback."""


def _link_tree(source: Path, target: Path) -> None:
    """`target` made a copy of `source` whose files are hard links to `source`'s (its symlinks
    copied as links, its folders made anew)."""
    for root, folders, names in os.walk(source):
        here = target / Path(root).relative_to(source)
        here.mkdir(exist_ok=True)
        for name in names:
            path = os.path.join(root, name)
            if os.path.islink(path):
                os.symlink(os.readlink(path), here / name)
            else:
                os.link(path, here / name)
        for name in folders:
            if os.path.islink(os.path.join(root, name)):
                os.symlink(os.readlink(os.path.join(root, name)), here / name)


# What MkDocs writes on every build, whatever `dirty` says (the sitemap and the error page).
_ALWAYS_WRITTEN = ("sitemap.xml", "sitemap.xml.gz", "404.html")


def _unlink_rewritten(files: Files, site: Path) -> None:
    """Unlink from a staging folder made by `_link_tree` every file MkDocs will write into it:
    each written file is then a new one, and the last build's, still published, is left as it
    was. MkDocs (run with `dirty`) writes the files it finds modified, and a few every time."""
    for file in files:
        if file.is_modified():
            Path(file.abs_dest_path).unlink(missing_ok=True)
    for name in _ALWAYS_WRITTEN:
        (site / name).unlink(missing_ok=True)


def _raise_on_sigterm():
    """Turn SIGTERM (a CI cancellation, `timeout`, systemd) into an exception while building, so
    the staging folder is removed; Python's default handling would skip every `finally`."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        # Ctrl+C reaches this process and the server, which then sends SIGTERM: a second signal
        # must not cut the clean-up short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


def build_site(config_file: str, site_dir: str | None = None, *, strict: bool = False,
               site_url: str | None = None, parts: set[str] | None = None, reuse: bool = False) -> str:
    """Run the real MkDocs build into a staging folder, then publish it (generator/publish.py).

    A failed build (bad YAML, an exception in any stage, an interruption, a full disk) leaves
    the previous site untouched; a site folder that is or holds the project's sources is
    refused before anything is written.

    `parts` builds only those parts of the site (generator/parts.py: years, `common`), for
    `parley merge` to put together; `reuse` starts from the last build of the same folder
    and converts and writes only what changed (generator/site_plan.py). Either way the bytes
    are those of one clean build.
    """
    import errno
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from generator.publish import PublishError, explain_os_error, publishing, refuse_destination

    handler = logging.StreamHandler()
    handler.setFormatter(_EscapingFormatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    previous_handler = None
    try:
        overrides = {"site_dir": site_dir} if site_dir else {}
        if site_url:  # the publish workflow gives the GitHub Pages address
            overrides["site_url"] = site_url
        if strict:  # only ever tighten: `strict: true` in mkdocs.yml stays in force without --strict
            overrides["strict"] = True
        config = load_config(config_file, **overrides)
        target = Path(config.site_dir)
        refuse_destination(target, _sources(config), project=Path(config.config_file_path or config_file).parent,
                           option="--site-dir" if site_dir else "site_dir (mkdocs.yml)")
        plugin = config.plugins.get("parley")
        plan = SitePlan(frozenset(parts) if parts else None)
        record = state_path(target)
        if reuse and target.is_dir():
            plan.previous = BuildState.load(record)
            if plan.previous is None:
                log.warning("parley: no record of the last build of this folder (or it was made by another "
                            "version): building everything")
        if isinstance(plugin, ParleyPlugin):
            plugin.plan = plan
        previous_handler = _raise_on_sigterm()  # before the staging folder exists
        with publishing(target) as staging:
            config.site_dir = str(staging)
            if plan.previous is not None:
                # The last build's files, hard-linked (a year's site is 40,000 files: copying them
                # was a third of the daily publish). MkDocs writes a file by truncating it, which
                # would change the published copy too, so every file this build writes is unlinked
                # from the staging folder first (`_unlink_rewritten`): the published site stays as
                # it was should this build fail.
                _link_tree(target, staging)
            if reuse:  # whatever happens now, the old record no longer describes the site
                record.unlink(missing_ok=True)
            quiet = _DirtyWarning()
            logging.getLogger("mkdocs.commands.build").addFilter(quiet)
            try:
                # `dirty`: MkDocs skips the files the plugin marks unchanged (kept or another part's).
                build(config, dirty=True)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                                 errno.ENAMETOOLONG, errno.EIO):
                    raise BuildFailed(explain_os_error(exc, "write the site") +
                                      ". Nothing was published") from None
                raise
            finally:
                logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        # The record is kept only for builds that ask to reuse: a plain build leaves nothing
        # beside the site it publishes.
        if reuse and isinstance(plugin, ParleyPlugin) and plugin.state is not None:
            plugin.state.save(record)
            if plan.previous is not None:
                print(f"parley: reused the last build: {plugin.rewritten:,} of {len(plugin.state.outputs):,} "
                      "generated pages and files rewritten, the others kept", file=sys.stderr)
        return str(target)
    except (Abort, MkDocsException) as exc:
        raise BuildFailed(str(exc).strip() or type(exc).__name__) from None
    except PublishError as exc:
        raise BuildFailed(str(exc)) from None
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)
        log.removeHandler(handler)


def _sources(config: MkDocsConfig) -> dict[str, str | None]:
    """The folders a build reads, by what they are: none may be where the site goes."""
    base = Path(config.config_file_path or ".").resolve().parent
    plugin = config.plugins.get("parley")
    sources: dict[str, str | None] = {
        "briefings": str(base / plugin.config.briefings) if isinstance(plugin, ParleyPlugin) else None,
        "docs": config.docs_dir,
        "Parley package": str(Path(__file__).resolve().parent),
        "theme": config.theme.custom_dir,
    }
    for watched in config.watch or ():
        sources[f"watched ({watched})"] = watched
    return sources


class _EscapingFormatter(logging.Formatter):
    """MkDocs' warnings carry file names: printed with their control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        from generator.visible import escape_unseen

        return "\n".join(escape_unseen(line) for line in super().format(record).split("\n"))
