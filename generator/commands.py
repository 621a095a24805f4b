"""The command line as data: every subcommand, option and help text of `parley`.

Kept apart from the CLI's actions (`generator/cli.py`) so that the site can show the command
reference (`help_texts`) without the plugin importing the CLI, which itself starts builds.
"""

from __future__ import annotations

import argparse

from generator import __version__
from generator.pipeline import DEFAULT_WINDOW_DAYS
from generator.problems import FORMATS
from generator.scaffold import option_name, registry_record
from generator.schema import ID_HELP, RECORDS, REGISTRY_FILES, VOCABULARIES


_EXIT = "Exit status: 0 done, 1 refused (nothing written), 2 usage error."


def parser(width: int | None = None) -> argparse.ArgumentParser:
    """The whole command line. `width` fixes the help's line width (for `help_texts`)."""

    def formatter(prog: str) -> argparse.HelpFormatter:
        return argparse.HelpFormatter(prog, width=width) if width else argparse.HelpFormatter(prog)

    parser = argparse.ArgumentParser(
        prog="parley", formatter_class=formatter,
        description="Validate hand-edited briefing YAML and build the briefing site.",
        epilog="Run `parley COMMAND --help` for a command's options.")
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback of an internal error (for bug reports)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser(
        "check", help="validate the briefings and print every problem", formatter_class=formatter,
        description="Validate the briefings directory (or only the given files, resolving references "
                    "against the whole corpus) and print every problem as path:line:column. "
                    "Exit status: 0 clean, 1 problems found, 2 usage error.")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files to report on (default: all; a registry among them checks everything, "
                            "since the articles refer to it)")
    check.add_argument("--briefings", metavar="DIR",
                       help="the briefings directory (default: the parley plugin's `briefings` in mkdocs.yml, "
                            "else briefings)")
    check.add_argument("--format", choices=sorted(FORMATS), default="text",
                       help="text (default), json for editors and CI, github for workflow annotations")
    check.add_argument("--sources", metavar="DIR",
                       help="also verify every quote against the archived article texts in DIR (default: the "
                            "parley plugin's `sources` in mkdocs.yml, when it is set and the folder is there)")
    check.add_argument("-f", "--config-file", metavar="FILE",
                       help="the MkDocs configuration to take those defaults from (default: mkdocs.yml, if any)")
    check.add_argument("--no-cache", action="store_true",
                       help="check every file afresh; by default a whole-corpus check keeps each file's "
                            "result in .parley-cache/ beside the briefings folder (or PARLEY_CACHE_DIR) "
                            "and reads again only the files that changed")

    build = sub.add_parser(
        "build", help="build the site with MkDocs", formatter_class=formatter,
        description="Run the real MkDocs build with the Parley plugin. The site is written to a "
                    "temporary directory and replaces the old one only when the build succeeds.")
    build.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: mkdocs.yml's site_dir)")
    build.add_argument("--strict", action="store_true", help="fail on any MkDocs warning")
    build.add_argument("--site-url", metavar="URL",
                       help="the address the site is published at, for canonical links, the sitemap and the "
                            "feed (default: mkdocs.yml's site_url)")
    build.add_argument("--reuse", action="store_true",
                       help="start from the last build of the same --site-dir (its files, and the record "
                            "DIR.parley-build.json beside it, which only builds with --reuse write) and "
                            "convert, write and index only what changed: the same bytes as a clean build, in "
                            "a fraction of the time (what the daily publish does with the site kept in its "
                            "cache)")
    build.add_argument("--part", action="append", metavar="YEAR|common",
                       help="build only this part of the site (repeatable): a year's articles, briefings, "
                            "month pages, open data and search index, or 'common' (the pages spanning the "
                            "years, the theme, the sitemap); put the parts together with `parley merge`")
    _config_option(build)

    merge = sub.add_parser(
        "merge", help="put a site together from the folders its parts were built in", formatter_class=formatter,
        description="Copy the parts built by `parley build --part` (each in its own folder, e.g. by the jobs "
                    "of a CI matrix) into one site: the same bytes as one build of the whole site. Refuses "
                    "parts built from different briefings or code, a part given twice or missing, and two "
                    "parts holding the same file. The site replaces the destination only when complete. "
                    "Exit status: 0 merged, 1 the parts do not make one site, 2 usage error.")
    merge.add_argument("parts", nargs="+", metavar="PART_DIR", help="the folders the parts were built in")
    merge.add_argument("--site-dir", required=True, metavar="DIR", help="where to write the site")

    serve = sub.add_parser(
        "serve", help="preview the site, rebuilding when a file changes", formatter_class=formatter,
        description="Run the real `mkdocs serve --dirty` with the Parley plugin: build the site, serve it and "
                    "rebuild when a file under briefings/, docs/ or mkdocs.yml changes, re-rendering only the "
                    "pages whose content changed (every page when mkdocs.yml, a docs/ page or the theme did). "
                    "A saved article's page is shown first, with a note saying so, while the rest is rebuilt "
                    "(the other pages wait for the rebuild); the claim search index follows in the background. "
                    "When a rebuild "
                    "finds problems in the briefings, each is printed as path:line:column and shown on every "
                    "page, over the last good site, which stays up until the file is fixed. Stop with Ctrl+C "
                    "(or SIGTERM, SIGHUP): the server and everything it started end within seconds. Exit "
                    "status: 0 stopped, 1 the first build failed, 2 usage error.")
    serve.add_argument("-a", "--dev-addr", metavar="HOST:PORT",
                       help="address to serve on (default: mkdocs.yml's dev_addr, or 127.0.0.1:8000)")
    _config_option(serve)

    schema = sub.add_parser(
        "schema", help="write the JSON Schemas that editors use to check YAML as you type",
        formatter_class=formatter,
        description="Write one draft-07 JSON Schema per kind of briefings file (article, actors, sides, "
                    "topics, day), generated from the schema table in generator/schema.py. Run it after "
                    "changing the table; the tests fail while the shipped schema/ is out of date.")
    schema.add_argument("--out", default="schema", metavar="DIR", help="where to write them (default: %(default)s)")

    init = sub.add_parser(
        "init", help="start a new tracker: configuration, registries, workflows, README",
        formatter_class=formatter,
        description="Write a new tracker into DIR, a new or empty folder (a .git folder aside; nothing is ever "
                    "overwritten): "
                    "mkdocs.yml, briefings/ with sides.yaml, actors.yaml and topics.yaml, docs/about.md, "
                    "the editors' JSON Schemas in schema/ and VS Code settings wired to them, GitHub "
                    "workflows that publish to Pages and check pull requests, Dependabot, a pre-commit "
                    "hook, requirements.txt pinning what a build installs, .gitignore and a README with "
                    "the two commands that set up and build it. Without --party and --mediator the sides "
                    "are a marked example to replace. The new tracker passes `parley check` and builds "
                    "with `mkdocs build --strict`. " + _EXIT)
    init.add_argument("dir", metavar="DIR", help="the folder to make (or an empty one)")
    init.add_argument("--title", help="the site's name (default: from DIR's name)")
    init.add_argument("--description", default="Daily briefings on the state of the talks, built from who said what.",
                      help="one line on what the site follows (default: %(default)s)")
    init.add_argument("--party", action="append", default=[], metavar="NAME",
                      help="a direct party to the talks; repeat for each. NAME, or ID=NAME to choose its id")
    init.add_argument("--mediator", action="append", default=[], metavar="NAME",
                      help="a mediator; repeat for each. NAME, or ID=NAME")
    init.add_argument("--site-url", metavar="URL",
                      help="the address readers will use, with the trailing slash (default: left to fill in; "
                           "the publish workflow uses the GitHub Pages address)")

    new = sub.add_parser(
        "new", help="start an article file, or add an actor, topic or side", formatter_class=formatter,
        description="Start a new article file from a commented skeleton, or add an entry to a registry "
                    "(actors.yaml, topics.yaml, sides.yaml) without touching the rest of the file. "
                    + _EXIT)
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    article = kinds.add_parser(
        "article", help="start briefings/articles/YYYY/MM/YYYY-MM-DD-SLUG.yaml", formatter_class=formatter,
        description="Write a skeleton article file named for its publication date, with a comment on "
                    "every field and the editor's schema line at the top. Required values are left empty: "
                    "`parley check` reports each one until it is filled in. " + _EXIT)
    article.add_argument("--outlet", required=True, help="the outlet that published the article")
    article.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the publication date")
    article.add_argument("--slug", required=True,
                         help=f"a short name for the file: {ID_HELP.replace('%', '%%')}")
    _briefings_option(article)
    article.add_argument("--schema", default="schema", metavar="DIR",
                         help="the folder of the JSON Schemas, for the editor line (default: %(default)s)")
    for registry in REGISTRY_FILES:
        listing = registry_record(registry)
        entry = kinds.add_parser(
            listing.record, help=f"add an entry to {registry}", formatter_class=formatter,
            description=f"Add one {listing.record} at the end of the list in {registry}, keeping the rest of "
                        "the file byte for byte. Refuses an id already there and any value `parley check` "
                        "would reject. " + _EXIT)
        for spec in RECORDS[listing.record]:
            if spec.type == "list":  # one option per item: --aliases "Taher al-Nunu" --aliases "Taher al-Nono"
                entry.add_argument(option_name(spec.name), action="append", metavar="TEXT",
                                   dest=f"field_{spec.name}", help=_option_help(spec) + " (repeat for each)")
                continue
            entry.add_argument(option_name(spec.name), required=spec.required, metavar=spec.name.upper(),
                               dest=f"field_{spec.name}", help=_option_help(spec))
        _briefings_option(entry)

    export = sub.add_parser(
        "export", help="write the pages as plain Markdown for another site generator", formatter_class=formatter,
        description="Write every generated page as a Markdown file with front matter, plus the feed, the "
                    "open data, the hand-written docs/ (without the files mkdocs.yml's exclude_docs leaves "
                    "out) and Parley's stylesheet (assets/parley/parley.css), into DIR: a docs folder for "
                    "a Markdown site generator that does not run MkDocs plugins. The navigation and the "
                    "claim search (its page and index) are not exported. The feed, the open data and the "
                    "pages' JSON-LD link to the site's address: give --site-url, or it is mkdocs.yml's "
                    "site_url. DIR must be new, empty, or an earlier export (which is replaced). Zensical "
                    "reads links in page HTML as relative to the source file: export with "
                    "--no-directory-urls and set use_directory_urls = false in zensical.toml. "
                    "Exit status: 0 written, 1 problems in the briefings, 2 usage error.")
    export.add_argument("out", metavar="DIR", help="the folder to write")
    export.add_argument("--site-url", metavar="URL",
                        help="the address the exported site is published at, e.g. https://example.org/briefings/ "
                             "(default: mkdocs.yml's site_url)")
    export.add_argument("--briefings", metavar="DIR",
                        help="the briefings directory (default: the parley plugin's `briefings` in mkdocs.yml, "
                             "else briefings)")
    export.add_argument("--docs", metavar="DIR",
                        help="hand-written pages to copy along (default: mkdocs.yml's docs_dir, else docs)")
    export.add_argument("--no-directory-urls", dest="directory_urls", action="store_false",
                        help="link pages as page.html instead of page/ (match the target generator)")
    export.add_argument("--window-days", type=int, metavar="N",
                        help=f"how many days back sticking points look (default: the parley plugin's "
                             f"window_days in mkdocs.yml, else {DEFAULT_WINDOW_DAYS})")
    export.add_argument("-f", "--config-file", metavar="FILE",
                        help="the MkDocs configuration to take those defaults from (default: mkdocs.yml, if any)")
    return parser


def _briefings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--briefings", default="briefings", metavar="DIR",
                        help="the briefings directory (default: %(default)s)")


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE",
                        help="the MkDocs configuration (default: %(default)s)")


def _option_help(spec) -> str:
    """An option's help, from the schema table."""
    text = spec.help
    if spec.vocabulary:
        text += ": " + " | ".join(VOCABULARIES[spec.vocabulary])
    if spec.type in ("id", "ref"):
        text += f" ({ID_HELP})" if spec.type == "id" else f" (an id from {spec.ref}s.yaml)"
    return text.replace("%", "%%")


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "parley") -> dict[str, argparse.ArgumentParser]:
    """Every parser by its command line, e.g. "parley new actor"."""
    out = {prefix: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                out.update(_subcommands(child, f"{prefix} {name}"))
    return out


def help_texts(width: int = 100) -> dict[str, str]:
    """The full `--help` text of `parley` and of each subcommand, keyed by command line."""
    return {command: p.format_help() for command, p in _subcommands(parser(width)).items()}
