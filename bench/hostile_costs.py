"""What hostile but valid-looking input costs: each case at two sizes, to show it grows linearly.

    python bench/hostile_costs.py                    # every case at its two sizes
    python bench/hostile_costs.py --case shared-quote --sizes 250 1000

Each (case, size) runs in a fresh process (so its peak memory is its own) and prints the seconds,
the peak resident memory and, where pages are made, their bytes; then the ratio of the larger
size's time to the smaller's. A linear cost gives a time ratio near the size ratio; a quadratic
one near its square. Figures only: the tests (tests/test_hostile_costs.py) assert ratios, never times.

Cases (all fictional: Envoy C, The Example Times, example.org):
  shared-quote       N articles carrying one quote by the same speaker ("also reported by")
  unknown-ids        N claims naming unknown actors, against N registry actors (did-you-mean)
  summary-ampersands a day's summary of N `&` (Markdown)
  side-name          a side named with N `&` (a heading on many pages), full `mkdocs build`
  headline           an article headline of N `&` (the article page's title and heading), full build
  long-texts         an actor's name, a topic's label, an outlet, a headline and a quote of N characters
                     of Markdown and HTML syntax each, full build
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "corpus"

QUOTE = "We will not sign anything until the crossing is open and the convoys can move freely."

ARTICLE = """article:
  outlet: {outlet}
  headline: {headline}
  published: {date}
claims:
  - id: {claim}
    actor: {actor}
    form: {form}
    text: {text}
    sourcing: on-record
    stance: cautious
    topics: [truce]
"""


def _date(i: int) -> str:
    import datetime as dt

    return (dt.date(2030, 2, 1) + dt.timedelta(days=i // 10)).isoformat()


def _article(briefings: Path, i: int, **fields) -> None:
    date = _date(i)
    values = dict(outlet=f"The Example Times {i}", headline=f"Talks, day {i}", date=date, claim="line",
                  actor="envoy-c", form="paraphrase", text="Envoy C said a truce was close.")
    values.update(fields)
    path = briefings / "articles" / date[:4] / date[5:7] / f"{date}-item-{i}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(**values), encoding="utf-8")


def make_shared_quote(briefings: Path, n: int) -> None:
    for i in range(n):
        _article(briefings, i, form="quote", text=json.dumps(QUOTE))


def make_unknown_ids(briefings: Path, n: int) -> None:
    actors = ["actors:"]
    for i in range(n):
        actors += [f"  - id: envoy-{i:05d}-of-the-broker", f"    name: Envoy {i}", "    kind: person"]
    with open(briefings / "actors.yaml", "a", encoding="utf-8") as out:
        out.write("\n".join(actors[1:]) + "\n")
    per_file = 100
    for f in range(0, n, per_file):
        date = _date(f)
        head = f"article:\n  outlet: The Example Times\n  published: {date}\nclaims:\n"
        claims = "".join(f"  - {{id: c{i}, actor: envoy-{i:05d}-of-the-brokr, form: paraphrase, text: Said so., "
                         f"sourcing: on-record, stance: neutral, topics: [truce]}}\n" for i in range(f, min(n, f + per_file)))
        path = briefings / "articles" / date[:4] / date[5:7] / f"{date}-unknown-{f}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(head + claims, encoding="utf-8")


def make_summary(briefings: Path, n: int) -> None:
    _article(briefings, 0)
    (briefings / "days").mkdir(exist_ok=True)
    (briefings / "days" / f"{_date(0)}.yaml").write_text(
        "day:\n  summary: " + json.dumps("&" * n) + "\n", encoding="utf-8")


def make_side_name(briefings: Path, n: int) -> None:
    sides = briefings / "sides.yaml"
    sides.write_text(sides.read_text(encoding="utf-8").replace("name: Broker State", "name: " + json.dumps("&" * n)),
                     encoding="utf-8")
    for i in range(20):
        _article(briefings, i)


def make_headline(briefings: Path, n: int) -> None:
    _article(briefings, 0, headline=json.dumps("&" * n))


def make_long_texts(briefings: Path, n: int) -> None:
    """Every text field that has no length limit, n characters of Markdown and HTML syntax each."""
    text = json.dumps(("&<*_`#>!" * n)[:n])  # no [ or {: the loader counts them as nesting, even quoted
    actors = briefings / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("name: Envoy C", f"name: {text}"), encoding="utf-8")
    topics = briefings / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("label: Truce", f"label: {text}"), encoding="utf-8")
    _article(briefings, 0, headline=text, outlet=text, text=text)


CASES = {
    # name: (make, what is measured, default sizes)
    "shared-quote": (make_shared_quote, "pages", (250, 1000)),
    "unknown-ids": (make_unknown_ids, "check", (500, 2000)),
    "summary-ampersands": (make_summary, "pages", (5000, 20000)),
    "side-name": (make_side_name, "build", (5000, 20000)),
    "headline": (make_headline, "build", (5000, 20000)),
    "long-texts": (make_long_texts, "build", (20000, 80000)),
}


def config_for(root: Path, briefings: Path) -> Path:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    text = text.replace("briefings: briefings", f"briefings: {briefings}\n      search: false")
    text = text.replace("  - briefings\n  - generator\n", f"  - {briefings}\n")
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def measure(case: str, size: int) -> dict:
    """In this process: make the input, run what the case measures, report seconds and bytes."""
    make, what, _ = CASES[case]
    with tempfile.TemporaryDirectory(prefix="parley-cost-") as tmp:
        root = Path(tmp)
        briefings = root / "briefings"
        shutil.copytree(FIXTURE, briefings)
        make(briefings, size)
        sys.path.insert(0, str(REPO))
        started = time.perf_counter()
        out_bytes = None
        if what == "check":
            from generator.pipeline import check

            problems = len(check(briefings).problems)
            detail = f"{problems} problems"
        elif what == "pages":
            from generator.pipeline import build_pages

            content = build_pages(briefings, search=False)
            out_bytes = sum(len(p.markdown.encode("utf-8")) for p in content.pages.values())
            detail = f"{len(content.pages)} pages"
        else:
            from generator.mkdocs_plugin import BuildFailed, build_site

            site = root / "site"
            try:
                build_site(str(config_for(root, briefings)), str(site))
                out_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
                detail = "built"
            except BuildFailed as exc:  # a limit refuses the input: how quickly is the figure
                found = [line for line in str(exc).splitlines() if ".yaml:" in line] or str(exc).splitlines()
                detail = "refused: " + found[0].rsplit("/", 1)[-1][:150]
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"case": case, "size": size, "seconds": seconds, "peak_bytes": peak, "out_bytes": out_bytes,
            "detail": detail}


def run(case: str, size: int, timeout: float) -> dict:
    try:
        result = subprocess.run([sys.executable, __file__, "--one", case, str(size)], capture_output=True, text=True,
                                timeout=timeout, cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    except subprocess.TimeoutExpired:
        return {"case": case, "size": size, "seconds": None, "detail": f"over {timeout:.0f} s"}
    if result.returncode != 0:
        return {"case": case, "size": size, "seconds": None, "detail": "failed: " + result.stderr.strip()[-300:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only this case (repeatable)")
    parser.add_argument("--sizes", type=int, nargs=2, metavar=("SMALL", "LARGE"))
    parser.add_argument("--timeout", type=float, default=600, help="seconds one run may take (default 600)")
    parser.add_argument("--one", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return 0
    for case in args.case or CASES:
        sizes = args.sizes or CASES[case][2]
        rows = [run(case, size, args.timeout) for size in sizes]
        for row in rows:
            secs = f"{row['seconds']:8.2f} s" if row.get("seconds") is not None else "       — "
            mem = f"{row['peak_bytes'] / 2**20:7.0f} MB" if row.get("peak_bytes") else ""
            out = f"{row['out_bytes'] / 2**20:8.2f} MB out" if row.get("out_bytes") else ""
            print(f"{case:20} {row['size']:>8,} {secs} {mem} {out}  {row['detail']}", flush=True)
        if all(r.get("seconds") for r in rows):
            print(f"{case:20} size ×{sizes[1] / sizes[0]:.0f} → time ×{rows[1]['seconds'] / rows[0]['seconds']:.1f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
