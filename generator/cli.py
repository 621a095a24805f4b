"""The `parley` command: check the corpus while editing, build the site to publish.

Heavy imports (MkDocs) happen only in the subcommand that needs them, so
`parley check` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from generator import __version__
from generator.problems import FORMATS, Problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Validate hand-edited briefing YAML and build the briefing site.",
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser(
        "check", help="validate the briefings and print every problem",
        description="Validate the briefings directory (or only the given files, resolving references "
                    "against the whole corpus) and print every problem as path:line:column. "
                    "Exit status: 0 clean, 1 problems found, 2 usage error.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files to report on (default: all)")
    check.add_argument("--briefings", default="briefings", metavar="DIR",
                       help="the briefings directory (default: %(default)s)")
    check.add_argument("--format", choices=sorted(FORMATS), default="text",
                       help="text (default), json for editors and CI, github for workflow annotations")
    check.add_argument("--sources", metavar="DIR",
                       help="also verify every quote against the archived article texts in DIR")

    build = sub.add_parser(
        "build", help="build the site with MkDocs",
        description="Run the real MkDocs build with the Parley plugin. The site is written to a "
                    "temporary directory and replaces the old one only when the build succeeds.")
    build.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: mkdocs.yml's site_dir)")
    build.add_argument("--strict", action="store_true", help="fail on any MkDocs warning")
    build.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE",
                       help="the MkDocs configuration (default: %(default)s)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        return run_build(args)
    except KeyboardInterrupt:
        print("parley: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in Parley, not in the user's data
        if os.environ.get("PARLEY_DEBUG"):
            raise
        print(f"parley: internal error ({type(exc).__name__}: {exc}). This is a bug in Parley; "
              "run again with PARLEY_DEBUG=1 to see the traceback and please report it.", file=sys.stderr)
        return 3


def _usage_error(message: str) -> int:
    print(f"parley: error: {message}", file=sys.stderr)
    return 2


def run_check(args) -> int:
    from generator.load import display_path
    from generator.pipeline import check
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
    checked = check(briefings)
    problems: list[Problem] = list(checked.problems)
    summary = ""
    if args.sources:
        report = verify_quotes(checked, args.sources)
        problems += report.problems
        summary = f"; quotes verified: {report.found} of {report.checked}"
    if wanted:
        problems = [p for p in problems if Path(p.path).resolve() in wanted]
    problems.sort()
    if problems or args.format != "text":
        output = FORMATS[args.format](problems)
        if output:
            print(output, flush=True)
    elapsed = time.perf_counter() - started
    if args.format == "text":
        files = len(wanted) if wanted else len(checked.documents)
        verdict = f"{len(problems)} problem(s)" if problems else "no problems"
        print(f"{verdict} in {files} file(s){summary} ({elapsed:.2f} s)", file=sys.stderr)
    return 1 if problems else 0


def run_build(args) -> int:
    config_file = Path(args.config_file)
    if not config_file.is_file():
        return _usage_error(f"configuration file not found: {args.config_file}")
    from generator.mkdocs_plugin import BuildFailed, build_site

    started = time.perf_counter()
    try:
        site_dir = build_site(str(config_file), args.site_dir, strict=args.strict)
    except BuildFailed as exc:
        print(f"parley: build failed; the previous site was left as it was.\n{exc}", file=sys.stderr)
        return 1
    print(f"parley: site built in {site_dir} ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
