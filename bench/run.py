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
    return 0


if __name__ == "__main__":
    sys.exit(main())
