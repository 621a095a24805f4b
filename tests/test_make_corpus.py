"""bench/make_corpus.py writes a valid, deterministic and wholly fictional corpus."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.analyse import analyse
from generator.pipeline import check, read_corpus

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bench" / "make_corpus.py"
SMALL = ["--days", "3", "--articles-per-day", "2", "--claims-per-article", "4", "--seed", "7"]


def _load_script():
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script is executed
    spec.loader.exec_module(module)
    return module


make_corpus = _load_script()


def make(out: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, str(SCRIPT), str(out), *args], capture_output=True, text=True,
                          timeout=60, env=env)


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    result = make(out, *SMALL)
    assert result.returncode == 0, result.stderr
    assert "6 articles, 24 claims" in result.stderr
    return out


def test_small_corpus_is_valid(small):
    assert check(small).problems == []


def test_layout_and_counts(small):
    names = sorted(files_of(small))
    assert names[-3:] == ["days/2030-01-03.yaml", "sides.yaml", "topics.yaml"]
    assert "actors.yaml" in names
    articles = [n for n in names if n.startswith("articles/2030/01/2030-01-0")]
    assert len(articles) == 6
    corpus = read_corpus(small)
    assert len(corpus.articles) == 6
    assert len(corpus.claims) == 24
    assert [len(a.claims) for a in corpus.articles] == [4] * 6
    assert sorted({a.published.isoformat() for a in corpus.articles}) == ["2030-01-01", "2030-01-02", "2030-01-03"]


def test_same_arguments_give_identical_files(small, tmp_path):
    again = tmp_path / "again"
    make_corpus.main([str(again), *SMALL])
    assert files_of(again) == files_of(small)


def test_another_seed_gives_another_corpus(small, tmp_path):
    other = tmp_path / "other"
    make_corpus.main([str(other), *SMALL[:-1], "8"])
    assert files_of(other) != files_of(small)


def test_only_fictional_names(small):
    corpus = read_corpus(small)
    assert {s.name for s in corpus.sides} <= {name for _, name, _, _ in make_corpus.SIDES}
    assert {a.name for a in corpus.actors} <= set(make_corpus.ACTOR_NAMES)
    for article in corpus.articles:
        assert article.outlet in make_corpus.OUTLETS
        assert article.republished_by in (None, *make_corpus.REPUBLISHERS)
        assert article.byline in (None, *make_corpus.BYLINES)
        assert article.url is None or article.url.startswith("https://example.org/")
        assert {a.name for a in article.actors} <= set(make_corpus.LOCAL_ACTOR_NAMES)
        for claim in article.claims:
            assert claim.via in (None, *make_corpus.OUTLETS)


def test_mix_of_forms_and_sourcing(tmp_path):
    """A month-sized sample has every form and sourcing level, positions and sticking points."""
    out = tmp_path / "mix"
    counts = make_corpus.write_corpus(out, days=10, articles_per_day=5, claims_per_article=10, seed=1,
                                      start=make_corpus.dt.date(2030, 1, 1))
    assert counts.claims == 500
    corpus = read_corpus(out)
    assert {c.form for c in corpus.claims} == {"quote", "partial-quote", "paraphrase"}
    assert {c.sourcing for c in corpus.claims} == {"on-record", "official-statement", "unnamed-source",
                                                   "unattributed"}
    assert sum(1 for c in corpus.claims if c.positions) > 25
    assert any(day.sticking_points for day in analyse(corpus).days)
    quotes = [c for c in corpus.claims if c.form == "quote"]
    assert all(15 <= len(c.text.replace("[…]", "").split()) <= 60 for c in quotes)


def test_refuses_a_directory_that_is_not_empty(small):
    result = make(small, *SMALL)
    assert result.returncode == 2
    assert "not empty" in result.stderr
