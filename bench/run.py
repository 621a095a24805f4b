"""Parley's benchmark: prints figures, each beside its goal. Never part of the test suite.

    python bench/run.py                 # one-year synthetic corpus (365 days, 3,650 articles)
    python bench/run.py --preset month  # quicker
    python bench/run.py --corpus DIR    # an existing corpus

Figures (see bench/README.md): build time with and without the search index, index build
time as a ratio to the MkDocs build, index size on disk, and the bytes a reader downloads
from opening the search to the first results of a one-word query.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from search_figures import bytes_to_first_result, index_size  # noqa: E402


def make_corpus(out: Path, preset: str) -> None:
    subprocess.run([sys.executable, str(REPO / "bench" / "make_corpus.py"), str(out), "--preset", preset],
                   check=True)


def config_for(corpus: Path, folder: Path, search: bool) -> Path:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    text = text.replace("briefings: briefings", f"briefings: {corpus}\n      search: {'true' if search else 'false'}")
    text = text.replace("  - briefings\n  - generator\n", f"  - {corpus}\n")
    path = folder / f"mkdocs-{'search' if search else 'nosearch'}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def timed_build(config: Path, site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(config), "--site-dir", str(site)],
                   check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def timed_index(corpus: Path, output: Path) -> tuple[float, int]:
    """The search index alone, from the same records the plugin indexes."""
    from generator.analyse import analyse
    from generator.index_search import write_search_index
    from generator.pipeline import read_corpus
    from generator.render_search import search_documents

    documents = search_documents(analyse(read_corpus(corpus)))
    started = time.perf_counter()
    write_search_index(documents, output)
    return time.perf_counter() - started, len(documents)


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
if what == "parley":
    from generator.model import build_model
    from generator.pipeline import check
    checked = check(corpus)
    assert not checked.problems, checked.problems[:3]
    build_model(checked)
else:
    import yaml
    for f in files:
        text = f.read_text(encoding="utf-8")
        (yaml.load(text, Loader=yaml.CSafeLoader) if what == "load" else yaml.compose(text, Loader=yaml.CSafeLoader))
elapsed = time.perf_counter() - started
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def timed_load(corpus: Path, what: str) -> tuple[float, int]:
    """(seconds, peak RSS in KiB) of one way to read the corpus, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT, str(corpus), what], check=True, cwd=REPO,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1])


def check_one_file(corpus: Path, runs: int = 5) -> float:
    """Median wall time of `parley check FILE` (a whole process, as the analyst runs it)."""
    target = sorted((corpus / "articles").rglob("*.yaml"))[len(list((corpus / "articles").rglob("*.yaml"))) // 2]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "check", "--briefings", str(corpus), str(target)],
                       check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def site_weight(site: Path) -> tuple[int, int, int, int]:
    """(pages, median page bytes, largest page bytes, total site bytes)."""
    pages = sorted(p.stat().st_size for p in site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return len(pages), pages[len(pages) // 2], pages[-1], total


def row(name: str, value: str, goal: str = "") -> None:
    print(f"  {name:<46} {value:>16}   {goal}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="year", choices=["month", "year", "10k"])
    parser.add_argument("--corpus", type=Path, help="use this corpus instead of generating one")
    parser.add_argument("--query", help="the one-word query (default: a frequent word of the corpus)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        tmp = Path(tmp)
        corpus = args.corpus or tmp / "corpus"
        if args.corpus is None:
            make_corpus(corpus, args.preset)
        articles = sum(1 for _ in (corpus / "articles").rglob("*.yaml"))
        print(f"Parley benchmark — corpus {corpus} ({articles:,} articles)")

        print("Load + validate + model")
        parley_s, parley_rss = timed_load(corpus, "parley")
        load_s, _ = timed_load(corpus, "load")
        compose_s, _ = timed_load(corpus, "compose")
        row("parley load+validate+model (s)", f"{parley_s:.1f}")
        row("bare yaml.load CSafeLoader (s)", f"{load_s:.1f}")
        row("bare yaml.compose CSafeLoader (s)", f"{compose_s:.1f}")
        row("ratio to yaml.load", f"{parley_s / load_s:.2f}x", "goal <= 1.0x")
        row("ratio to yaml.compose", f"{parley_s / compose_s:.2f}x")
        row("peak RSS (MiB)", f"{parley_rss / 1024:.0f}", "goal < 1024")
        row("parley check ONE-FILE, wall (s)", f"{check_one_file(corpus):.3f}", "goal < 0.150")

        print("Search")
        build_plain = timed_build(config_for(corpus, tmp, search=False), tmp / "site-plain")
        build_search = timed_build(config_for(corpus, tmp, search=True), tmp / "site")
        index_seconds, records = timed_index(corpus, tmp / "index-only")
        size, files = index_size(tmp / "site")
        query = args.query or common_word(corpus)
        first = bytes_to_first_result(tmp / "site", query, "timeline/")
        row("build without search index (s)", f"{build_plain:.1f}")
        row("build with search index (s)", f"{build_search:.1f}")
        row("search records indexed", f"{records:,}")
        row("index build alone (s)", f"{index_seconds:.1f}")
        row("index time / build time", f"{index_seconds / build_plain:.2f}")
        row("index size on disk (bytes, files)", f"{size:,} / {files:,}")
        row(f"bytes to first result for '{query}' (gzipped)", f"{first['bytes']:,}", "goal < 1,000,000")
        row("requests to first result", f"{first['requests']}")
        row("time to first result in Chromium (s)", f"{first['seconds']:.2f}")
        for url, n in first["largest"]:
            row("  largest: " + url.rsplit("/", 1)[-1][:38], f"{n:,}")

        print("Site")
        pages, median, largest, total = site_weight(tmp / "site")
        row("pages built", f"{pages:,}")
        row("ms per page (build without index)", f"{1000 * build_plain / pages:.1f}")
        row("median / largest page (bytes)", f"{median:,} / {largest:,}")
        row("total site size (bytes)", f"{total:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
