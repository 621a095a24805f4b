"""The `parley` command: the edge where files are written and processes started.

`check` while editing, `new` to start a file, `serve` to preview, `build` to publish,
`schema` and `export` for other tools. Heavy imports (MkDocs) happen only in the
subcommand that needs them, so `parley check` starts fast.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator import __version__
from generator.pipeline import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS
from generator.load import display_path
from generator.problems import FORMATS, Problem
from generator.scaffold import option_name, registry_record
from generator.visible import escape_unseen
from generator.schema import ID_HELP, RECORDS, REGISTRY_FILES, VOCABULARIES


_EXIT = "Exit status: 0 done, 1 refused (nothing written), 2 usage error."


def _parser(width: int | None = None) -> argparse.ArgumentParser:
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
    check.add_argument("paths", nargs="*", metavar="PATH", help="files to report on (default: all)")
    _briefings_option(check)
    check.add_argument("--format", choices=sorted(FORMATS), default="text",
                       help="text (default), json for editors and CI, github for workflow annotations")
    check.add_argument("--sources", metavar="DIR",
                       help="also verify every quote against the archived article texts in DIR")
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
    _config_option(build)

    serve = sub.add_parser(
        "serve", help="preview the site, rebuilding when a file changes", formatter_class=formatter,
        description="Run the real `mkdocs serve --dirty` with the Parley plugin: build the site, serve it and "
                    "rebuild when a file under briefings/, docs/ or mkdocs.yml changes, re-rendering only the "
                    "pages whose content changed (every page when mkdocs.yml, a docs/ page or the theme did); "
                    "the claim search index follows in the background. When a rebuild "
                    "finds problems in the briefings, each is printed as path:line:column and the last "
                    "good site stays up until the file is fixed. Stop with Ctrl+C. Exit status: 0 stopped, "
                    "1 the first build failed, 2 usage error.")
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
                    "open data, the hand-written docs/ and Parley's stylesheet (assets/parley/parley.css), "
                    "into DIR: a docs folder for "
                    "a Markdown site generator that does not run MkDocs plugins. The navigation and the "
                    "claim search are not exported. DIR must be new, empty, or an earlier export (which is "
                    "replaced). Zensical reads links in page HTML as relative to the source file: export with "
                    "--no-directory-urls and set use_directory_urls = false in zensical.toml. "
                    "Exit status: 0 written, 1 problems in the briefings, 2 usage error.")
    export.add_argument("out", metavar="DIR", help="the folder to write")
    _briefings_option(export)
    export.add_argument("--docs", default="docs", metavar="DIR",
                        help="hand-written pages to copy along (default: %(default)s)")
    export.add_argument("--no-directory-urls", dest="directory_urls", action="store_false",
                        help="link pages as page.html instead of page/ (match the target generator)")
    export.add_argument("--window-days", type=int, default=DEFAULT_WINDOW_DAYS, metavar="N",
                        help="how many days back sticking points look (default: %(default)s)")
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
    return {command: p.format_help() for command, p in _subcommands(_parser(width)).items()}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run = {"check": run_check, "build": run_build, "serve": run_serve, "schema": run_schema,
           "init": run_init, "new": run_new, "export": run_export}[args.command]
    try:
        return run(args)
    except KeyboardInterrupt:
        print("parley: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # the machine refused (a full disk, a read-only folder, a name too long)
        from generator.publish import explain_os_error

        if args.debug or os.environ.get("PARLEY_DEBUG"):
            raise
        print(f"parley: {explain_os_error(exc, f'complete parley {args.command}')}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in Parley, not in the user's data
        if args.debug or os.environ.get("PARLEY_DEBUG"):
            raise
        print(f"parley: internal error ({type(exc).__name__}: {escape_unseen(str(exc))}). This is a bug in Parley; "
              "run again with --debug (parley --debug …) to see the traceback and please report it.",
              file=sys.stderr)
        return 3


def _usage_error(message: str) -> int:
    print(f"parley: error: {escape_unseen(message)}", file=sys.stderr)
    return 2


def _lines(text: str) -> str:
    """A message of several lines for the terminal, each line's control characters escaped."""
    return "\n".join(escape_unseen(line) for line in str(text).split("\n"))


def run_check(args) -> int:
    from generator.pipeline import check, check_files
    from generator.verify import verify_quotes

    briefings = Path(args.briefings)
    if not briefings.is_dir():
        return _usage_error(f"briefings directory not found: {args.briefings}")
    if args.sources and not Path(args.sources).is_dir():
        return _usage_error(f"sources directory not found: {args.sources}")
    wanted = set()
    for p in args.paths:
        path = Path(p)
        if not path.is_file():
            return _usage_error(f"no such file: {p}")
        if not path.resolve().is_relative_to(briefings.resolve()):
            return _usage_error(f"{p} is not inside the briefings directory {args.briefings}")
        wanted.add(path.resolve())

    started = time.perf_counter()
    # Given files are checked against the registries alone (an article refers only to them and
    # to itself), so the analyst's loop does not read the whole corpus.
    if not wanted and not args.sources and not args.no_cache:
        # The whole corpus, reading only the files changed since the last check.
        from generator.cache_check import check_cached

        cached = check_cached(briefings)
        return _report(args, cached.problems, cached.files, "", started)
    checked = check_files(briefings, sorted(wanted)) if wanted else check(briefings)
    problems: list[Problem] = list(checked.problems)
    summary = ""
    if args.sources:
        report = verify_quotes(checked, args.sources)
        problems += report.problems
        summary = f"; quotes verified: {report.found} of {report.checked}"
    if wanted:
        problems = [p for p in problems if Path(p.path).resolve() in wanted]
    return _report(args, sorted(problems), len(wanted) if wanted else len(checked.documents), summary, started)


def _report(args, problems: list[Problem], files: int, summary: str, started: float) -> int:
    if problems or args.format != "text":
        output = FORMATS[args.format](problems)
        if output:
            print(output, flush=True)
    elapsed = time.perf_counter() - started
    if args.format == "text":
        verdict = f"{len(problems)} problem(s)" if problems else "no problems"
        print(f"{verdict} in {files} file(s){summary} ({elapsed:.2f} s)", file=sys.stderr)
    return 1 if problems else 0


def run_build(args) -> int:
    config_file = Path(args.config_file)
    if not config_file.is_file():
        return _usage_error(f"configuration file not found: {args.config_file}")
    if args.site_url is not None:
        from generator.init_tracker import site_url_problem

        if site_url_problem(args.site_url):
            return _usage_error(site_url_problem(args.site_url))
    from generator.mkdocs_plugin import BuildFailed, build_site

    started = time.perf_counter()
    try:
        site_dir = build_site(str(config_file), args.site_dir, strict=args.strict, site_url=args.site_url)
    except BuildFailed as exc:
        print(f"parley: build failed; the previous site was left as it was.\n{_lines(exc)}", file=sys.stderr)
        return 1
    print(f"parley: site built in {escape_unseen(site_dir)} ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return 0


def run_serve(args) -> int:
    config_file = Path(args.config_file)
    if not config_file.is_file():
        return _usage_error(f"configuration file not found: {args.config_file}")
    # The real `mkdocs serve`, in its own process: MkDocs stays behind the plugin edge, and the
    # server logs, rebuilds and stops exactly as documented by MkDocs. With --dirty the plugin
    # re-renders only the pages a save changed (a clean build when the nav, config or theme did).
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--config-file", str(config_file)]
    if args.dev_addr:
        command += ["--dev-addr", args.dev_addr]
    server = subprocess.Popen(command)
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches the server too; let it shut down
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait()
        return 0


def run_schema(args) -> int:
    from generator.export_schema import schema_files

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        return _usage_error(f"{args.out} is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_files().items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(name)
    if changed:
        print(f"parley: wrote {', '.join(changed)} to {escape_unseen(display_path(out))}/", file=sys.stderr)
    else:
        print(f"parley: the schema files in {escape_unseen(display_path(out))}/ are up to date", file=sys.stderr)
    return 0


def run_init(args) -> int:
    from generator.init_tracker import (InitError, installed_requirement, pinned_dependencies, side_from_option,
                                        tracker_files)

    target = Path(args.dir)
    if target.exists() and not target.is_dir():
        return _usage_error(f"{args.dir} exists and is not a folder")
    title = args.title if args.title is not None else target.resolve().name.replace("-", " ").replace("_", " ")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    requirement = installed_requirement()
    try:
        sides = [side_from_option(v, "party") for v in args.party]
        sides += [side_from_option(v, "mediator") for v in args.mediator]
        files = tracker_files(title=title[:1].upper() + title[1:], description=args.description, sides=sides,
                              site_url=args.site_url, python_version=python, requirement=requirement,
                              dependencies=pinned_dependencies())
    except InitError as exc:
        for message in exc.messages:
            print(f"parley: error: {escape_unseen(message)}", file=sys.stderr)
        return 2
    # A clone of an empty repository holds only .git, which init leaves alone.
    held = sorted(p.name for p in target.iterdir() if p.name != ".git") if target.is_dir() else []
    if held:
        print(f"parley: {escape_unseen(display_path(target))} is not empty (it holds "
              f"{escape_unseen(', '.join(held[:3]))}"
              f"{'…' if len(held) > 3 else ''}); parley init writes only into a new or empty folder (a .git "
              "folder aside), so nothing was written", file=sys.stderr)
        return 1
    _write_new_files(target, files)
    shown = escape_unseen(display_path(target))
    print("\n".join(sorted(files)))
    print(f"parley: started a tracker in {shown} ({len(files)} files). Next, set it up and build it:\n"
          f"  cd {shown}\n  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt\n"
          f"  .venv/bin/parley build\nthen read its README.md.", file=sys.stderr)
    if requirement.note:
        print(f"parley: note: {requirement.note}", file=sys.stderr)
    return 0


def _write_new_files(target: Path, files: dict[str, str]) -> None:
    """Write every file into `target` (new or empty), never over anything; on failure remove what
    was written, so that the folder is as it was."""
    made: list[Path] = []  # files and folders, in the order they were made
    try:
        if not target.exists():
            target.mkdir(parents=True)
            made.append(target)
        for relpath, text in sorted(files.items()):
            path = target / relpath
            for folder in reversed(path.parents):
                if folder.is_relative_to(target) and not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
                made.append(path)
                f.write(text)
    except BaseException:
        for path in reversed(made):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        raise


def run_new(args) -> int:
    from generator.scaffold import ScaffoldError, add_entry, new_article

    try:
        if args.kind == "article":
            made = new_article(args.briefings, outlet=args.outlet, date=args.date, slug=args.slug,
                               schema_dir=args.schema)
        else:
            registry = next(name for name in REGISTRY_FILES if registry_record(name).record == args.kind)
            values = {key.removeprefix("field_"): value for key, value in vars(args).items()
                      if key.startswith("field_")}
            made = add_entry(args.briefings, registry, values)
    except ScaffoldError as exc:
        for message in exc.messages:
            print(f"parley: {'error: ' if exc.usage else ''}{_lines(message)}", file=sys.stderr)
        if not exc.usage:
            print("parley: nothing was written", file=sys.stderr)
        return 2 if exc.usage else 1
    shown = escape_unseen(display_path(made.path))
    if args.kind == "article":
        made.path.parent.mkdir(parents=True, exist_ok=True)
        with open(made.path, "x", encoding="utf-8", newline="") as f:  # "x": never overwrite
            f.write(made.text)
        print(shown)
        print(f"parley: next: edit the file, then run parley check {shown}", file=sys.stderr)
    else:
        _replace_file(made.path, made.text.encode("utf-8"))
        print(shown)
        print(f"parley: added {args.kind} '{args.field_id}' at the end of {shown}; "
              f"next: parley check {shown}", file=sys.stderr)
    return 0


def _replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so an interruption leaves the old file whole."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def run_export(args) -> int:
    from generator.export_markdown import MARKER, ExportCollision, export_tree
    from generator.problems import ProblemsFound, format_text

    briefings = Path(args.briefings)
    if not briefings.is_dir():
        return _usage_error(f"briefings directory not found: {args.briefings}")
    if not 1 <= args.window_days <= MAX_WINDOW_DAYS:
        return _usage_error(f"--window-days must be from 1 to {MAX_WINDOW_DAYS:,}")
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        return _usage_error(f"{args.out} exists and is not an earlier export; choose a new or empty folder")
    from generator.publish import PublishError, explain_os_error, publishing, refuse_destination

    try:  # never a folder Parley reads, nor one that holds them: the export replaces DIR whole
        refuse_destination(out, {"briefings": briefings, "docs": args.docs,
                                 "Parley package": Path(__file__).resolve().parent}, project=Path.cwd(),
                           option="DIR")
    except PublishError as exc:
        return _usage_error(str(exc))
    started = time.perf_counter()
    try:
        tree = export_tree(briefings, args.docs, directory_urls=args.directory_urls,
                           window_days=args.window_days, command_help=help_texts())
    except ProblemsFound as exc:
        print(format_text(exc.problems), flush=True)
        print(f"parley: {len(exc.problems)} problem(s) in the briefings; nothing was exported", file=sys.stderr)
        return 1
    except ExportCollision as exc:
        print(f"parley: {escape_unseen(str(exc))}; nothing was exported", file=sys.stderr)
        return 1
    # Gather, then write: a staging folder replaces DIR only when every file is written.
    try:
        with publishing(out, what="the export") as staging:
            try:
                for relpath, data in tree.items():
                    path = staging / relpath
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
            except OSError as exc:
                raise PublishError(explain_os_error(exc, "write the export") + ". Nothing was exported") from None
    except PublishError as exc:
        print(f"parley: {exc}", file=sys.stderr)
        return 1
    pages = sum(1 for p in tree if p.endswith(".md"))
    print(f"parley: exported {pages} Markdown page(s) and {len(tree) - pages} other file(s) to "
          f"{escape_unseen(display_path(out))} ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
