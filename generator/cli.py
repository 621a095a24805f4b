"""The `parley` command: the edge where files are written and processes started.

`check` while editing, `new` to start a file, `serve` to preview, `build` to publish,
`schema` and `export` for other tools. Heavy imports (MkDocs) happen only in the
subcommand that needs them, so `parley check` starts fast.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.pipeline import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS
from generator.load import display_path
from generator.problems import FORMATS, Problem
from generator.scaffold import registry_record
from generator.visible import escape_unseen
from generator.commands import help_texts, parser
from generator.schema import REGISTRY_FILES


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    run = {"check": run_check, "build": run_build, "merge": run_merge, "serve": run_serve, "schema": run_schema,
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
    from generator.site_config import DEFAULT_CONFIG, SettingsError, read_site_settings
    from generator.verify import articles_naming_sources, verify_quotes

    try:
        settings = read_site_settings(args.config_file or DEFAULT_CONFIG, required=args.config_file is not None)
    except SettingsError as exc:
        return _usage_error(str(exc))
    briefings = Path(args.briefings) if args.briefings else settings.briefings
    if not briefings.is_dir():
        return _usage_error(f"briefings directory not found: {args.briefings or display_path(briefings)}")
    sources, unverified = None, ""
    if args.sources:
        if not Path(args.sources).is_dir():
            return _usage_error(f"sources directory not found: {args.sources}")
        sources = Path(args.sources)
    elif settings.sources is not None and briefings.resolve() == settings.briefings.resolve():
        # (mkdocs.yml's sources are its briefings' sources: another --briefings has its own.)
        if settings.sources.is_dir():
            sources = settings.sources
        else:  # a clone without the archived texts (they are often not the site's to publish)
            unverified = (f"the sources folder {settings.sources_as_written} set in "
                          f"{display_path(settings.config_file)} is not there")
    wanted = set()
    for p in args.paths:
        path = Path(p)
        if not path.is_file():
            return _usage_error(f"no such file: {p}")
        if not path.resolve().is_relative_to(briefings.resolve()):
            return _usage_error(f"{p} is not inside the briefings directory {display_path(briefings)}")
        wanted.add(path.resolve())
    registries = {(briefings / name).resolve() for name in REGISTRY_FILES}
    if wanted & registries:
        # Every article refers to the registries: a changed registry is checked against all of
        # them (a pre-commit hook given only the staged actors.yaml must still see an article
        # that names an actor it removed).
        wanted = set()
        if args.format == "text":
            print("parley: a registry is among the files: checking every file, as the articles refer to it",
                  file=sys.stderr)

    started = time.perf_counter()
    # Given files are checked against the registries alone (an article refers only to them and
    # to itself), so the analyst's loop does not read the whole corpus.
    if not wanted and sources is None and not args.no_cache:
        # The whole corpus, reading only the files changed since the last check.
        from generator.cache_check import check_cached

        cached = check_cached(briefings)
        return _report(args, cached.problems, cached.files, "", started,
                       _not_verified(cached.naming_sources, unverified))
    checked = check_files(briefings, sorted(wanted)) if wanted else check(briefings)
    problems: list[Problem] = list(checked.problems)
    summary = ""
    if sources is not None:
        report = verify_quotes(checked, sources)
        problems += report.problems
        summary = f"; quotes verified: {report.found} of {report.checked}"
    if wanted:
        problems = [p for p in problems if Path(p.path).resolve() in wanted]
    documents = [d for d in checked.documents if not wanted or Path(d.path).resolve() in wanted]
    note = "" if sources is not None else _not_verified(articles_naming_sources(documents), unverified)
    return _report(args, sorted(problems), len(wanted) if wanted else len(checked.documents), summary, started,
                   note)


def _not_verified(naming_sources: int, why: str) -> str:
    """The line that says quotes were not compared with their sources, when some could have been."""
    if not naming_sources:
        return ""
    return (f"quotes not verified: {naming_sources} article(s) name a source_text, but "
            + (why or "no sources folder was given") + "; give --sources DIR, or set `sources: DIR` under "
            "the parley plugin in mkdocs.yml")


def _report(args, problems: list[Problem], files: int, summary: str, started: float, note: str = "") -> int:
    if problems or args.format != "text":
        output = FORMATS[args.format](problems)
        if output:
            print(output, flush=True)
    elapsed = time.perf_counter() - started
    if args.format == "text":
        verdict = f"{len(problems)} problem(s)" if problems else "no problems"
        print(f"{verdict} in {files} file(s){summary} ({elapsed:.2f} s)", file=sys.stderr)
        if note:
            print(f"parley: {note}", file=sys.stderr)
    return 1 if problems else 0


def run_build(args) -> int:
    config_file = Path(args.config_file)
    if not config_file.is_file():
        return _usage_error(f"configuration file not found: {args.config_file}")
    if args.site_url is not None:
        from generator.init_tracker import site_url_problem

        if problem := site_url_problem(args.site_url):
            return _usage_error(problem)
    from generator.mkdocs_plugin import BuildFailed, build_site

    parts = None
    if args.part:
        from generator.parts import parse_part

        try:
            parts = {parse_part(value) for value in args.part}
        except ValueError as exc:
            return _usage_error(f"--part: {exc}")
    started = time.perf_counter()
    try:
        site_dir = build_site(str(config_file), args.site_dir, strict=args.strict, site_url=args.site_url,
                              parts=parts, reuse=args.reuse)
    except BuildFailed as exc:
        print(f"parley: build failed; the previous site was left as it was.\n{_lines(exc)}", file=sys.stderr)
        return 1
    print(f"parley: site built in {escape_unseen(site_dir)} ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    if not parts:  # a part is weighed with the others, once merged
        _say_weight(Path(site_dir))
    return 0


def _say_weight(site_dir: Path) -> None:
    """The site's weight against GitHub Pages' 1 GB, a warning from 80% of it."""
    from generator.weigh_site import weigh, weight_line

    line, warning = weight_line(weigh(site_dir))
    print(f"parley: {'warning: ' if warning else ''}{line}", file=sys.stderr)
    if warning and os.environ.get("GITHUB_ACTIONS") == "true":
        # An annotation on the run's summary, where an editor sees it without opening the log.
        print(f"::warning title=Site size::{line}", file=sys.stderr)


def run_merge(args) -> int:
    from generator.merge_parts import MergeError, merge_into
    from generator.publish import PublishError, publishing

    folders = [Path(folder) for folder in args.parts]
    for folder in folders:
        if not folder.is_dir():
            return _usage_error(f"not a folder: {folder}")
    started = time.perf_counter()
    try:
        with publishing(args.site_dir) as staging:
            files = merge_into(folders, staging)
    except (MergeError, PublishError) as exc:
        print(f"parley: merge failed; the previous site was left as it was.\n{_lines(exc)}", file=sys.stderr)
        return 1
    print(f"parley: {len(folders)} part folder(s), {files:,} files merged into {escape_unseen(args.site_dir)} "
          f"({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    _say_weight(Path(args.site_dir))
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
    from generator.preview import run_server

    # Ctrl+C, SIGTERM and SIGHUP (Ctrl+Break on Windows) stop the server and everything it started.
    return run_server(command)


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
        if not (Path(args.schema) / "article.schema.json").is_file():
            print(f"parley: its first line points editors at {display_path(Path(args.schema))}/article.schema.json, "
                  f"which is not there yet: run parley schema --out {display_path(Path(args.schema))}",
                  file=sys.stderr)
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


def _known_locale(name: str) -> str:
    """`name` as a Babel locale (as the plugin takes the theme's language), else English."""
    import babel

    try:
        babel.Locale.parse(name.replace("-", "_"))
        return name.replace("-", "_")
    except (ValueError, babel.UnknownLocaleError):
        return "en"


def run_export(args) -> int:
    from generator.check_url import url_problem
    from generator.export_markdown import MARKER, ExportCollision, export_tree
    from generator.problems import ProblemsFound, format_text
    from generator.render import RenderOptions
    from generator.site_config import DEFAULT_CONFIG, SettingsError, read_site_settings

    try:
        settings = read_site_settings(args.config_file or DEFAULT_CONFIG, required=args.config_file is not None)
    except SettingsError as exc:
        return _usage_error(str(exc))
    briefings = Path(args.briefings) if args.briefings else settings.briefings
    docs = Path(args.docs) if args.docs else settings.docs_dir
    window_days = args.window_days if args.window_days is not None else (settings.window_days or DEFAULT_WINDOW_DAYS)
    if not briefings.is_dir():
        return _usage_error(f"briefings directory not found: {args.briefings or display_path(briefings)}")
    if not 1 <= window_days <= MAX_WINDOW_DAYS:
        return _usage_error(f"--window-days must be from 1 to {MAX_WINDOW_DAYS:,}")
    site_url = args.site_url or settings.site_url
    if site_url is not None:
        if problem := url_problem(site_url):
            return _usage_error(f"site URL {site_url!r} {problem}; expected the published address, "
                                "e.g. https://example.org/briefings/")
        site_url = site_url if site_url.endswith("/") else site_url + "/"
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        return _usage_error(f"{args.out} exists and is not an earlier export; choose a new or empty folder")
    from generator.publish import PublishError, explain_os_error, publishing, refuse_destination

    try:  # never a folder Parley reads, nor one that holds them: the export replaces DIR whole
        refuse_destination(out, {"briefings": briefings, "docs": docs,
                                 "Parley package": Path(__file__).resolve().parent}, project=Path.cwd(),
                           option="DIR")
    except PublishError as exc:
        return _usage_error(str(exc))
    started = time.perf_counter()
    options = RenderOptions(site_url=site_url, site_name=settings.site_name or RenderOptions.site_name,
                            locale=_known_locale(settings.locale or settings.language))
    try:
        tree = export_tree(briefings, docs, directory_urls=args.directory_urls, window_days=window_days,
                           options=options, excluded=settings.excluded, command_help=help_texts())
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
    if site_url is None:
        print("parley: no site address (--site-url, or site_url in mkdocs.yml): the feed's and the open "
              "data's links are relative to the site", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
