"""Parley's benchmark: prints figures, each beside its goal. Never part of the test suite.

    python bench/run.py                      # one-year synthetic corpus (365 days, 3,650 articles)
    python bench/run.py --preset month       # quicker (a few minutes)
    python bench/run.py --corpus DIR         # an existing corpus
    python bench/run.py --skip serve         # leave a group of figures out (repeatable)
    python bench/run.py --scaling --table-out docs/scaling.md \\
        --corpus month=/tmp/corp-month --corpus year=/tmp/corp-year --corpus 10k=/tmp/corp-10k \\
        --skip 10k:serve                     # month, year and 10k side by side, as a Markdown table

Figures (see bench/README.md), by group (the names `--skip` takes are in brackets):
loading against bare libyaml and peak memory [load]; `parley check ONE-FILE` [check]; the
full build without the search index, its pages and ms per page (always); the same pages
pre-written and built by plain `mkdocs build` without the plugin [plain]; the search index
and the bytes a reader downloads to the first result [search]; site weight; seconds from
saving a YAML file to the rebuilt page under `parley serve` [serve].
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from plain_mkdocs import export_pages, write_skeletons  # noqa: E402
from search_figures import bytes_to_first_result, index_size  # noqa: E402
from site_config import config_for, plain_config, snapshot_source, source  # noqa: E402
import size_floor  # noqa: E402

PRESETS = ("month", "year", "10k", "decade")
GROUPS = ("load", "check", "plain", "search", "floor", "publish", "parts", "serve")
GIB = 1024 ** 3
SITE_GOAL = 1_000_000_000
"""GitHub Pages publishes a site of at most 1 GB."""
DECADE_ARTICLES = 36_500
"""Ten years at ten articles a day: the size the goals of issue 19 are set for."""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # keep Material's notice out of the logs
TABLE_START, TABLE_END = "<!-- bench-scaling-table:start -->", "<!-- bench-scaling-table:end -->"


@dataclass(frozen=True)
class Figure:
    name: str
    """The row's label, with its unit: "build without search index (s)"."""
    value: float | None
    """The number compared across corpus sizes; None for a row that is only text."""
    shown: str
    """The value as printed."""
    goal: str = ""
    met: bool | None = None
    """Whether the goal is met; None when there is no goal."""
    scales: bool = True
    """Whether growth with the corpus means anything (it does not for a ratio of two timings)."""
    in_table: bool = True
    """False for rows that differ in kind between corpora (the largest downloads, by name)."""
    fmt: str = "{}"
    """How a value of this figure is printed (used again for extrapolated values)."""


def figure(name: str, value: float | None, fmt: str = "{:.1f}", *, below: float | None = None,
           at_most: float | None = None, goal: str = "", scales: bool = True, in_table: bool = True) -> Figure:
    """A figure; `below` / `at_most` make the goal checkable (its text is `goal`)."""
    met = None
    if value is not None and below is not None:
        met = value < below
    elif value is not None and at_most is not None:
        met = value <= at_most
    shown = fmt.format(value) if value is not None and "{" in fmt else fmt
    return Figure(name, value, shown, goal, met, scales, in_table, fmt)


def row(f: Figure) -> None:
    verdict = {True: "  (met)", False: "  (MISSED)", None: ""}[f.met]
    print(f"  {f.name:<50} {f.shown:>16}   {f.goal}{verdict}", flush=True)


# --- running things ------------------------------------------------------------------------


def make_corpus(out: Path, preset: str) -> None:
    subprocess.run([sys.executable, str(REPO / "bench" / "make_corpus.py"), str(out), "--preset", preset],
                   check=True)


def run_timed(command: list[str], log: Path) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of one whole process; its output goes to `log`."""
    started = time.perf_counter()
    with open(log, "ab") as out:
        process = subprocess.Popen(command, cwd=source(), stdout=out, stderr=subprocess.STDOUT, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage, for its peak RSS
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        raise RuntimeError(f"{shlex.join(command)} exited with {process.returncode}:\n{tail}")
    return elapsed, usage.ru_maxrss


def best_of(repeat: int, command: list[str], log: Path) -> tuple[float, int]:
    """The fastest of `repeat` runs: on a shared machine the least disturbed one."""
    return min(run_timed(command, log) for _ in range(max(repeat, 1)))


def parley_build(config: Path, site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "-f", str(config), "--site-dir", str(site), *extra]


def same_files(a: Path, b: Path) -> bool:
    """Whether two folders hold the same files, byte for byte."""
    import filecmp

    def walk(folder: Path) -> list[str]:
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())

    names = walk(a)
    if names != walk(b):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return not mismatch and not errors


def last_day(corpus: Path) -> list[Path]:
    """The files of the corpus's newest day: its articles and its editor's note (relative paths)."""
    articles = sorted((corpus / "articles").rglob("*.yaml"))
    day = articles[-1].name[:10]
    found = [p for p in articles if p.name.startswith(day)] + [p for p in (corpus / "days").glob(f"{day}*.yaml")]
    return [p.relative_to(corpus) for p in found]


def linked_copy(corpus: Path, folder: Path, leave_out: list[Path] = ()) -> Path:
    """The corpus as hard links (no bytes copied), without `leave_out`."""
    skip = {corpus / p for p in leave_out}
    for path in corpus.rglob("*"):
        if path.is_file() and path not in skip:
            target = folder / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    return folder


def daily_publish(corpus: Path, work: Path, clean_site: Path | None, log: Path) -> dict:
    """The daily publish: the site of the corpus without its newest day, kept with its record;
    then the newest day's files added and `parley build --reuse` timed (what the publish
    workflow does with the site kept in its cache). Compared with `clean_site`, a clean build
    of the whole corpus, byte for byte."""
    working = linked_copy(corpus, work / "daily-corpus", last_day(corpus))
    config = config_for(working, work, search=True)
    site = work / "daily-site"
    run_timed(parley_build(config, site, "--reuse"), log)  # no record yet: a whole build, which keeps one
    for path in last_day(corpus):
        os.link(corpus / path, working / path)
    seconds, rss = run_timed(parley_build(config, site, "--reuse"), log)
    rewritten = re.findall(r"reused the last build: ([0-9,]+) of ([0-9,]+)", log.read_text(encoding="utf-8"))
    same = same_files(site, clean_site) if clean_site is not None else None
    shutil.rmtree(working)
    return {"seconds": seconds, "rss": rss, "rewritten": rewritten[-1] if rewritten else None, "identical": same,
            "site": site}


def built_in_parts(corpus: Path, work: Path, whole: Path | None, log: Path) -> dict:
    """The site built as separate processes, one per part (each year, and `common`), as the jobs
    of a CI matrix would, then merged; compared with the one-process build `whole`."""
    config = config_for(corpus, work, search=True)
    years = sorted({p.name[:4] for p in (corpus / "articles").rglob("*.yaml")})
    costs = {}
    for part in [*years, "common"]:
        costs[part] = run_timed(parley_build(config, work / f"part-{part}", "--part", part), log)
    started = time.perf_counter()
    merged = work / "merged"
    subprocess.run([sys.executable, "-m", "generator", "merge", *(str(work / f"part-{p}") for p in costs),
                    "--site-dir", str(merged)], check=True, cwd=source(), env=ENV, capture_output=True)
    merge_s = time.perf_counter() - started
    same = same_files(merged, whole) if whole is not None else None
    for part in costs:
        shutil.rmtree(work / f"part-{part}", ignore_errors=True)
    shutil.rmtree(merged, ignore_errors=True)
    return {"costs": costs, "merge": merge_s, "identical": same}


def mkdocs_build(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]


def timed_index(corpus: Path, output: Path) -> tuple[float, int]:
    """The search index alone (every part's), from the same records the plugin indexes."""
    from generator.analyse import analyse
    from generator.index_search import write_search_indexes
    from generator.pipeline import read_corpus
    from generator.render_search import search_records

    records = list(search_records(analyse(read_corpus(corpus))))
    started = time.perf_counter()
    write_search_indexes(records, output)
    return time.perf_counter() - started, len(records)


def common_word(corpus: Path) -> str:
    """A one-word query that many claims match, taken from the corpus itself."""
    sample = next((corpus / "articles").rglob("*.yaml")).read_text(encoding="utf-8")
    texts = " ".join(line.split(":", 1)[1] for line in sample.splitlines() if line.strip().startswith("text:"))
    words = re.findall(r"\b[a-z]{6,}\b", texts)
    return max(set(words), key=words.count) if words else "truce"


LOAD_SCRIPT = """
import sys, time, resource
from pathlib import Path
corpus = Path(sys.argv[1]); what = sys.argv[2]
files = sorted(corpus.rglob("*.yaml"))
started = time.perf_counter()
if what in ("parley", "parley-1"):
    # The build's own road (generator.read): both cores, or one process for "parley-1".
    from generator.pipeline import read_corpus
    read_corpus(corpus, jobs=1 if what == "parley-1" else None)
else:
    import yaml
    for f in files:
        text = f.read_text(encoding="utf-8")
        (yaml.load(text, Loader=yaml.CSafeLoader) if what == "load" else yaml.compose(text, Loader=yaml.CSafeLoader))
elapsed = time.perf_counter() - started
print(elapsed, max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))  # the largest process
"""


def timed_load(corpus: Path, what: str) -> tuple[float, int]:
    """(seconds, peak RSS in KiB) of one way to read the corpus, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT, str(corpus), what], check=True, cwd=source(),
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1])


def check_one_file(corpus: Path, runs: int = 5) -> float:
    """Median wall time of `parley check FILE` (a whole process, as the analyst runs it)."""
    articles = sorted((corpus / "articles").rglob("*.yaml"))
    target = articles[len(articles) // 2]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "check", "--briefings", str(corpus), str(target)],
                       check=True, cwd=source(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def check_whole(corpus: Path, work: Path) -> tuple[float, float]:
    """Wall time of `parley check` of the whole corpus: with --no-cache, and again with the
    cache of an earlier run (generator/cache_check.py; kept under `work`, never beside the corpus)."""
    env = {**os.environ, "PARLEY_CACHE_DIR": str(work / "check-cache")}
    times = []
    for args in (["--no-cache"], [], []):  # the first cached run fills the cache
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "check", "--briefings", str(corpus), *args],
                       cwd=source(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times[0], times[2]


def folder_weights(site: Path) -> dict[str, int]:
    """Bytes of the site by top-level folder, the big ones named, the rest together."""
    named = ("articles", "days", "actors", "topics", "sides", "data", "pagefind", "assets")
    out = {f"{name}/": 0 for name in named} | {"other": 0}
    for path in site.rglob("*"):
        if path.is_file():
            top = path.relative_to(site).parts[0]
            out[f"{top}/" if top in named else "other"] += path.stat().st_size
    return out


def site_weight(site: Path) -> tuple[int, int, int, int]:
    """(pages, median page bytes, largest page bytes, total site bytes)."""
    pages = sorted(p.stat().st_size for p in site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return len(pages), pages[len(pages) // 2], pages[-1], total


# --- the figures ---------------------------------------------------------------------------


def measure(corpus: Path, work: Path, skip: set[str], *, repeat: int = 1, query: str | None = None,
            serve_timeout: float = 300.0) -> list[Figure]:
    """Every figure for one corpus, printed group by group as it is measured."""
    figures: list[Figure] = []
    articles = sum(1 for _ in (corpus / "articles").rglob("*.yaml"))
    log = work / "builds.log"

    def group(title: str, rows: list[Figure]) -> None:
        print(title, flush=True)
        for f in rows:
            row(f)
        figures.extend(rows)

    group("Corpus", [figure("articles", articles, "{:,.0f}")])

    if "load" not in skip:
        parley_s, parley_rss = timed_load(corpus, "parley")
        single_s, _ = timed_load(corpus, "parley-1")
        load_s, _ = timed_load(corpus, "load")
        compose_s, _ = timed_load(corpus, "compose")
        group("Load + validate + model", [
            figure("parley load+validate+model (s)", parley_s, "{:.2f}"),
            figure("load+validate+model per article (ms)", 1000 * parley_s / articles, "{:.2f}"),
            figure("same in one process, PARLEY_JOBS=1 (s)", single_s, "{:.2f}"),
            figure("bare yaml.load CSafeLoader (s)", load_s, "{:.2f}"),
            figure("bare yaml.compose CSafeLoader (s)", compose_s, "{:.2f}"),
            figure("ratio to yaml.load", parley_s / load_s, "{:.2f}x", at_most=1.0, goal="goal <= 1.0x",
                   scales=False),
            figure("ratio to yaml.compose", parley_s / compose_s, "{:.2f}x", scales=False),
            figure("peak RSS (MiB)", parley_rss / 1024, "{:.0f}", below=1024, goal="goal < 1024"),
        ])

    if "check" not in skip:
        whole, warm = check_whole(corpus, work)
        group("Check", [figure("parley check ONE-FILE, wall (s)", check_one_file(corpus), "{:.3f}",
                               below=0.150, goal="goal < 0.150"),
                        figure("parley check, whole corpus, --no-cache (s)", whole, "{:.2f}"),
                        figure("parley check, whole corpus, cache warm (s)", warm, "{:.2f}")])

    # The full build without the search index is the reference for the plain-MkDocs ratio and
    # for ms per page, so it is always measured.
    site_nosearch = work / "site-nosearch"
    build_s, build_rss = best_of(repeat, parley_build(config_for(corpus, work, search=False), site_nosearch), log)
    pages = sum(1 for _ in site_nosearch.rglob("*.html"))
    group("Full build (whole processes)", [
        figure("build without search index (s)", build_s),
        figure("pages built", pages, "{:,.0f}"),
        figure("ms per page (build without index)", 1000 * build_s / pages),
        figure("ms per article (build without index)", 1000 * build_s / articles),
        figure("peak RSS of the build (MiB)", build_rss / 1024, "{:.0f}", below=4096, goal="goal < 4096"),
    ])

    if "plain" not in skip:
        export = work / "export"
        export_pages(corpus, export)
        plain_s, _ = best_of(repeat, mkdocs_build(plain_config(export, work / "mkdocs-plain.yml"), work / "site-pm"),
                             log)
        plain_pages = sum(1 for _ in (work / "site-pm").rglob("*.html"))
        write_skeletons(export, work / "skeletons")
        floor_s, _ = best_of(repeat, mkdocs_build(plain_config(work / "skeletons", work / "mkdocs-floor.yml"),
                                                   work / "site-floor"), log)
        group("Plain mkdocs build of the same pages, pre-written (no plugin)", [
            figure("plain mkdocs build (s)", plain_s),
            figure("plain mkdocs: pages built", plain_pages, "{:,.0f}"),
            figure("plain mkdocs: ms per page", 1000 * plain_s / plain_pages),
            figure("parley build / plain mkdocs build", build_s / plain_s, "{:.2f}x", at_most=1.25,
                   goal="goal <= 1.25x", scales=False),
            figure("plain mkdocs, HTML blocks left out (s)", floor_s),
            figure("parley build / that floor", build_s / floor_s, "{:.2f}x", scales=False),
        ])
        if plain_pages != pages:
            print(f"  NOTE: the plain build made {plain_pages} pages, Parley {pages}: the ratio is not like for like")

    site = site_nosearch
    if "search" not in skip:
        site = work / "site"
        # Its peak memory includes Pagefind's: the indexer holds every record's words at once.
        search_s, search_rss = best_of(1, parley_build(config_for(corpus, work, search=True), site), log)
        index_seconds, records = timed_index(corpus, work / "index-only")
        size, files = index_size(site)
        word = query or common_word(corpus)
        first = bytes_to_first_result(site, word, "timeline/")
        group("Search", [
            figure("build with search index (s)", search_s, below=900, goal="goal < 900 (15 min)"),
            figure("peak RSS of the build with index, Pagefind's too (MiB)", search_rss / 1024, "{:.0f}",
                   below=4096, goal="goal < 4096"),
            figure("search records indexed", records, "{:,.0f}"),
            figure("index build alone (s)", index_seconds),
            figure("index time / build time", index_seconds / build_s, "{:.2f}", scales=False),
            figure("index size on disk (bytes)", size, "{:,.0f}"),
            figure("index files", files, "{:,.0f}"),
            figure("query word", None, word, scales=False),
            figure("bytes to first result, one word (gzipped)", first["bytes"], "{:,.0f}",
                   below=1_000_000, goal="goal < 1,000,000"),
            figure("requests to first result", first["requests"], "{:.0f}"),
            figure("time to first result in Chromium (s)", first["seconds"], "{:.2f}"),
        ] + [figure("  largest: " + url.rsplit("/", 1)[-1][:38], n, "{:,.0f}", in_table=False)
             for url, n in first["largest"]])

    _, median, largest, total = site_weight(site)
    group("Site" + (" (with search index)" if site.name == "site" else " (no search index)"), [
        figure("median page (bytes)", median, "{:,.0f}"),
        figure("largest page (bytes)", largest, "{:,.0f}"),
        figure("total site size (bytes)", total, "{:,.0f}", below=SITE_GOAL, goal="goal < 1,000,000,000"),
        figure("site bytes per article", total / articles, "{:,.0f}", below=SITE_GOAL / DECADE_ARTICLES,
               goal=f"goal < {SITE_GOAL / DECADE_ARTICLES:,.0f} (1 GB at ten years)"),
    ] + [figure(f"  {folder} (bytes per article)", n / articles, "{:,.0f}")
         for folder, n in folder_weights(site).items()])

    if "floor" not in skip:
        # How far markup and structure alone could go (bench/size_floor.py; bounds, not designs).
        markup = sum(size_floor.weigh(site, {"all": set(size_floor.CUTS)})["all"].values())
        saved = sum(now - then for now, then in (size_floor.search_by_article(site), size_floor.articles_by_day(site)))
        group("Site: how far markup and structure could go (bench/size_floor.py)", [
            figure("site bytes per article, every markup cut (bound)", markup / articles, "{:,.0f}",
                   below=SITE_GOAL / DECADE_ARTICLES, goal=f"goal < {SITE_GOAL / DECADE_ARTICLES:,.0f}"),
            figure("same, with one search record an article and a day's articles on one page",
                   (markup - saved) / articles, "{:,.0f}",
                   below=SITE_GOAL / DECADE_ARTICLES, goal=f"goal < {SITE_GOAL / DECADE_ARTICLES:,.0f}"),
        ])

    if "publish" not in skip:
        daily = daily_publish(corpus, work, site if site.name == "site" else None, log)
        group("Daily publish: one more day, reusing the last build (parley build --reuse)", [
            figure("daily publish after one more day (s)", daily["seconds"], below=120, goal="goal < 120"),
            figure("  pages and files rewritten", None,
                   f"{daily['rewritten'][0]} of {daily['rewritten'][1]}" if daily["rewritten"] else "?",
                   scales=False),
            figure("daily publish: same bytes as a clean build", None,
                   {True: "yes", False: "NO", None: "not compared"}[daily["identical"]], scales=False),
        ])
        shutil.rmtree(daily["site"], ignore_errors=True)

    if "parts" not in skip:
        parts = built_in_parts(corpus, work, site if site.name == "site" else None, log)
        years = {k: v for k, v in parts["costs"].items() if k != "common"}
        slowest = max(years, key=lambda k: years[k][0])
        group("Built in parts, one process per year and one for the common part, then merged", [
            figure("parts (years + common)", len(parts["costs"]), "{:.0f}"),
            figure("slowest year's part (s)", years[slowest][0]),
            figure("common part (s)", parts["costs"]["common"][0]),
            figure("merge (s)", parts["merge"]),
            figure("sum of the parts (s)", sum(c[0] for c in parts["costs"].values()) + parts["merge"]),
            figure("peak RSS of one part (MiB)", max(c[1] for c in parts["costs"].values()) / 1024, "{:.0f}",
                   below=4096, goal="goal < 4096"),
            figure("merged parts: same bytes as one build", None,
                   {True: "yes", False: "NO", None: "not compared"}[parts["identical"]], scales=False),
        ] + [figure(f"  part {part} (s)", cost[0], in_table=False) for part, cost in parts["costs"].items()])

    if "serve" not in skip:
        from serve_loop import serve_loop

        try:
            loop = serve_loop(corpus, timeout=serve_timeout)
        except RuntimeError as exc:  # report and go on: the other figures still stand
            print(f"  serve loop failed: {exc}", flush=True)
            group("Serve", [figure("save YAML -> rebuilt page under serve, median (s)", None, "failed",
                                   goal="goal < 2", scales=False)])
        else:
            group("Serve (parley serve, search index on as in mkdocs.yml)", [
                figure("save YAML -> rebuilt page under serve, median (s)", loop["median"], below=2.0, goal="goal < 2"),
                figure("  each edit (s)", None, ", ".join(f"{s:.1f}" for s in loop["seconds"]), in_table=False),
                figure("serve: every page rebuilt, median (s)",
                       sorted(loop["whole"])[len(loop["whole"]) // 2]),
                figure("serve: MkDocs' own rebuild, median (s)", sorted(loop["logged"])[len(loop["logged"]) // 2]),
                figure("serve: first build served after (s)", loop["startup"]),
            ])
    return figures


# --- the scaling table ---------------------------------------------------------------------


def scaling_table(results: dict[str, list[Figure]]) -> str:
    """A Markdown table: one row per figure, one column per corpus, and how each figure grew
    from one corpus to the next beside how the number of articles grew."""
    sizes = list(results)
    names: list[str] = []
    by_size = {size: {f.name: f for f in figures} for size, figures in results.items()}
    for figures in results.values():
        names += [f.name for f in figures if f.in_table and f.name not in names]
    header = ["figure", "goal"] + sizes + ["growth " + "→".join(sizes)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * 2 + "---:|" * len(sizes) + "---|"]
    for name in names:
        found = [by_size[size].get(name) for size in sizes]
        some = next(f for f in found if f is not None)
        cells = [f.shown if f is not None else "—" for f in found]
        missed = [f for f in found if f is not None and f.met is False]
        goal = some.goal + (" (missed)" if missed else "") if some.goal else ""
        growth = ""
        values = [f.value if f is not None else None for f in found]
        if some.scales and len(values) > 1 and all(isinstance(v, (int, float)) and v > 0 for v in values):
            growth = " → ".join(f"{b / a:.1f}×" for a, b in zip(values, values[1:]))
        lines.append("| " + " | ".join([name, goal] + cells + [growth]) + " |")
    return "\n".join(lines) + "\n"


EXTRAPOLATED = ("parley load+validate+model (s)", "build without search index (s)", "build with search index (s)",
                "peak RSS of the build (MiB)", "peak RSS of the build with index, Pagefind's too (MiB)", "pages built", "largest page (bytes)", "total site size (bytes)",
                "index size on disk (bytes)", "index files", "bytes to first result, one word (gzipped)",
                "save YAML -> rebuilt page under serve, median (s)", "daily publish after one more day (s)")
"""Figures worth projecting to corpora larger than one machine measures: time, memory, bytes."""
TARGETS = ((36_500, "ten years at 10 a day"), (100_000, ""))


def extrapolation_table(results: dict[str, list[Figure]], targets=TARGETS) -> str:
    """Each figure in EXTRAPOLATED projected to larger corpora along the straight line through the
    two largest corpora it was measured on (a fixed part plus a part per article). Only a
    projection: it assumes growth stays linear, which the measured growth column can confirm or not."""
    articles = {size: next(f.value for f in figures if f.name == "articles") for size, figures in results.items()}
    header = ["figure"] + [f"{n:,} articles" + (f" ({note})" if note else "") for n, note in targets] + ["line through"]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * len(targets) + "---|"]
    for name in EXTRAPOLATED:
        points = sorted((articles[size], f, size) for size, figures in results.items() for f in figures
                        if f.name == name and isinstance(f.value, (int, float)))
        if len(points) < 2:
            continue
        (n1, f1, s1), (n2, f2, s2) = points[-2:]
        slope = (f2.value - f1.value) / (n2 - n1)
        cells = [f2.fmt.format(f2.value + slope * (n - n2)) for n, _ in targets]
        lines.append("| " + " | ".join([name] + cells + [f"{s1}, {s2}"]) + " |")
    return "\n".join(lines) + "\n"


def with_table(text: str, table: str) -> str:
    """`text` with the part between the table markers replaced, or the table alone when there are none."""
    if TABLE_START in text and TABLE_END in text:
        before, rest = text.split(TABLE_START, 1)
        _, after = rest.split(TABLE_END, 1)
        return f"{before}{TABLE_START}\n{table}{TABLE_END}{after}"
    return table


def machine_note(command: str) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"Measured in {dt.date.today():%B %Y} on {os.cpu_count()} CPU core(s) (load average "
            f"{load:.1f} at the end of the run), Python {platform.python_version()}, by "
            f"`{command}`.\n")


# --- the command line ----------------------------------------------------------------------


def parse_corpora(values: list[str]) -> tuple[Path | None, dict[str, Path]]:
    """`--corpus DIR` (one run) and `--corpus PRESET=DIR` (the scaling run)."""
    single, by_preset = None, {}
    for value in values:
        preset, sep, path = value.partition("=")
        if sep and preset in PRESETS:
            by_preset[preset] = Path(path)
        else:
            single = Path(value)
    return single, by_preset


def skipped(skips: list[str], preset: str) -> set[str]:
    """`--skip GROUP` skips it everywhere, `--skip PRESET:GROUP` only for that preset."""
    out = set()
    for value in skips:
        where, sep, name = value.rpartition(":")
        if not sep or where == preset:
            out.add(name)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="year", choices=PRESETS)
    parser.add_argument("--corpus", action="append", default=[], metavar="[PRESET=]DIR",
                        help="use this corpus instead of generating one; PRESET=DIR for --scaling")
    parser.add_argument("--scaling", action="store_true", help="measure every size in --sizes and print a table")
    parser.add_argument("--sizes", default=",".join(PRESETS), help="presets for --scaling (default: %(default)s)")
    parser.add_argument("--skip", action="append", default=[], metavar="[PRESET:]GROUP",
                        help=f"leave out a group of figures: {', '.join(GROUPS)}")
    parser.add_argument("--repeat", type=int, default=1, help="run each full build N times and keep the fastest")
    parser.add_argument("--table-out", type=Path, metavar="FILE",
                        help="also write the Markdown table here (between the table markers if FILE has them)")
    parser.add_argument("--serve-timeout", type=float, default=300.0, help="seconds to wait for a rebuilt page")
    parser.add_argument("--query", help="the one-word query (default: a frequent word of the corpus)")
    args = parser.parse_args()
    for value in args.skip:
        if value.rpartition(":")[2] not in GROUPS:
            parser.error(f"--skip {value}: the groups are {', '.join(GROUPS)}")
    single, by_preset = parse_corpora(args.corpus)
    sizes = [s for s in args.sizes.split(",") if s] if args.scaling else [args.preset]
    if any(s not in PRESETS for s in sizes):
        parser.error(f"--sizes: choose from {', '.join(PRESETS)}")

    results: dict[str, list[Figure]] = {}
    query = args.query  # across sizes, one query word (from the first corpus) keeps the search rows comparable
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # so the temp folder goes
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        snapshot_source(Path(tmp) / "source")
        for size in sizes:
            work = Path(tmp) / size
            work.mkdir()
            corpus = by_preset.get(size) or (single if not args.scaling else None)
            if corpus is None:
                corpus = work / "corpus"
                make_corpus(corpus, size)
            label = size if args.scaling or single is None else corpus.name
            query = query or common_word(corpus)
            print(f"Parley benchmark — {label}: {corpus}", flush=True)
            results[label] = measure(
                corpus, work, skipped(args.skip, size), repeat=args.repeat, query=query,
                serve_timeout=args.serve_timeout)

    table = scaling_table(results) + "\n" + machine_note(shlex.join(["python", "bench/run.py"] + sys.argv[1:]))
    if len(results) > 1:
        table += ("\n**Extrapolated, not measured**: each figure on the straight line through the two largest "
                  "corpora it was measured on.\n\n" + extrapolation_table(results))
    if args.scaling:
        print("\n" + table)
    if args.table_out:
        previous = args.table_out.read_text(encoding="utf-8") if args.table_out.is_file() else ""
        args.table_out.write_text(with_table(previous, table), encoding="utf-8")
        print(f"table written to {args.table_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
