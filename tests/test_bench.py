"""bench/run.py's scaling table: growth beside each figure, and a table that updates a page in place."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _load(name: str):
    sys.path.insert(0, str(REPO / "bench"))
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the script is executed
    spec.loader.exec_module(module)
    return module


run = _load("run")


def test_table_shows_growth_for_figures_that_scale_and_not_for_ratios():
    results = {
        "month": [run.figure("articles", 300, "{:,.0f}"), run.figure("build (s)", 5.0),
                  run.figure("ratio", 0.7, "{:.2f}x", at_most=1.25, goal="goal <= 1.25x", scales=False)],
        "year": [run.figure("articles", 3650, "{:,.0f}"), run.figure("build (s)", 60.0),
                 run.figure("ratio", 1.3, "{:.2f}x", at_most=1.25, goal="goal <= 1.25x", scales=False)],
    }
    lines = run.scaling_table(results).splitlines()
    assert lines[0] == "| figure | goal | month | year | growth month→year |"
    assert lines[2] == "| articles |  | 300 | 3,650 | 12.2× |"
    assert lines[3] == "| build (s) |  | 5.0 | 60.0 | 12.0× |"
    assert lines[4] == "| ratio | goal <= 1.25x (missed) | 0.70x | 1.30x |  |"


def test_a_figure_skipped_for_one_size_shows_a_dash():
    results = {"month": [run.figure("serve (s)", 8.0)], "year": []}
    assert run.scaling_table(results).splitlines()[2] == "| serve (s) |  | 8.0 | — |  |"


def test_table_replaces_only_the_part_between_the_markers():
    page = f"# Scaling\n\nBefore.\n\n{run.TABLE_START}\nold table\n{run.TABLE_END}\n\nAfter.\n"
    updated = run.with_table(page, "| new |\n")
    assert updated == f"# Scaling\n\nBefore.\n\n{run.TABLE_START}\n| new |\n{run.TABLE_END}\n\nAfter.\n"
    assert run.with_table("no markers here\n", "| new |\n") == "| new |\n"


def test_skip_applies_everywhere_or_to_one_preset():
    assert run.skipped(["serve", "10k:search"], "year") == {"serve"}
    assert run.skipped(["serve", "10k:search"], "10k") == {"serve", "search"}


def test_extrapolation_follows_the_line_through_the_two_largest_sizes():
    def sized(articles, build):
        return [run.figure("articles", articles, "{:,.0f}"), run.figure("build without search index (s)", build)]

    results = {"month": sized(300, 99.0), "year": sized(1000, 10.0), "10k": sized(2000, 15.0)}
    lines = run.extrapolation_table(results, targets=((4000, "note"), (10_000, ""))).splitlines()
    assert lines[0] == "| figure | 4,000 articles (note) | 10,000 articles | line through |"
    assert lines[2] == "| build without search index (s) | 25.0 | 55.0 | year, 10k |"
    assert len(lines) == 3  # figures measured on fewer than two sizes are left out
