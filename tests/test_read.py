"""The build's quick road (generator.read) gives exactly what the ordinary check gives.

Same Corpus (dataclass equality, every field) in one process, in worker processes, and
from the serve cache; the same problems when anything is wrong; registry objects shared
by identity as when one process reads everything.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import read
from generator.model import build_model
from generator.pipeline import check, read_corpus
from generator.problems import ProblemsFound
from generator.read import NeedsCheck, ReadCache
from test_paginate import make_corpus

ROOT = Path(__file__).resolve().parents[1]
MULTIDAY = ROOT / "tests" / "fixtures" / "multiday"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("read") / "corpus", "--days", "12", "--articles-per-day", "4",
                       "--claims-per-article", "5")


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "briefings"
    shutil.copytree(src, dst)
    return dst


@pytest.mark.parametrize("corpus", ["shipped", "multiday", "synthetic"])
def test_quick_road_equals_check_then_model(corpus, synthetic):
    root = {"shipped": ROOT / "briefings", "multiday": MULTIDAY, "synthetic": synthetic}[corpus]
    expected = build_model(check(root))
    assert read.read_corpus(root, jobs=1) == expected


def test_workers_give_the_same_corpus_sharing_registry_objects(synthetic, monkeypatch):
    monkeypatch.setattr(read, "PARALLEL_MIN_FILES", 1)  # use workers even for a small corpus
    expected = build_model(check(synthetic))
    got = read.read_corpus(synthetic, jobs=2)
    assert got == expected
    assert [a.key for a in got.articles] == [a.key for a in expected.articles]
    topics = {id(t) for t in got.topics}
    actors = {id(a) for a in got.actors}
    claims = [c for a in got.articles for c in a.claims]
    assert all(id(t) in topics for c in claims for t in c.topics)
    assert all(id(c.actor) in actors for c in claims if c.actor.article is None)
    assert any(c.actor.article is not None for c in claims)  # local actors came back too


def test_a_problem_found_by_a_worker_gives_check_s_report(synthetic, tmp_path, monkeypatch):
    monkeypatch.setattr(read, "PARALLEL_MIN_FILES", 1)
    root = _copy(synthetic, tmp_path)
    victim = sorted((root / "articles").rglob("*.yaml"))[-1]
    victim.write_text(victim.read_text(encoding="utf-8").replace("stance: ", "stance: sideways-", 1),
                      encoding="utf-8")
    with pytest.raises(NeedsCheck):
        read.read_corpus(root, jobs=2)
    with pytest.raises(ProblemsFound) as raised:
        read_corpus(root)
    assert raised.value.problems == check(root).problems
    assert any("sideways-" in p.message and p.path.endswith(victim.name) for p in raised.value.problems)


@pytest.mark.parametrize("breakage", ["registry", "day-notes", "stray-file", "unknown-actor"])
def test_every_kind_of_problem_leaves_the_quick_road(breakage, tmp_path):
    root = _copy(MULTIDAY, tmp_path)
    if breakage == "registry":
        (root / "topics.yaml").write_text("topics: [\n", encoding="utf-8")
    elif breakage == "day-notes":
        (root / "days").mkdir(exist_ok=True)
        (root / "days" / "2001-01-01.yaml").write_text("day:\n  status: talks\n", encoding="utf-8")
    elif breakage == "stray-file":
        (root / "notes.yml").write_text("a: 1\n", encoding="utf-8")
    else:
        article = sorted((root / "articles").rglob("*.yaml"))[0]
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("actor: ", "actor: nobody-", 1), encoding="utf-8")
    with pytest.raises(NeedsCheck):
        read.read_corpus(root, jobs=1)
    with pytest.raises(ProblemsFound) as raised:
        read_corpus(root)
    assert raised.value.problems == check(root).problems != []


def test_cache_reads_only_changed_files_and_forgets_deleted_ones(synthetic, tmp_path):
    root = _copy(synthetic, tmp_path)
    cache = ReadCache()
    first = read.read_corpus(root, jobs=1, cache=cache)
    assert cache.parsed == len(list((root / "articles").rglob("*.yaml"))) + len(list(root.glob("days/*.yaml")))
    assert read.read_corpus(root, jobs=1, cache=cache) == first
    assert cache.parsed == 0

    articles = sorted((root / "articles").rglob("*.yaml"))
    edited, deleted = articles[3], articles[5]
    edited.write_text(edited.read_text(encoding="utf-8").replace("text: \"", "text: \"Edited, ", 1), encoding="utf-8")
    deleted.unlink()
    again = read.read_corpus(root, jobs=1, cache=cache)
    assert cache.parsed == 1
    assert again == build_model(check(root))
    assert deleted.relative_to(root).as_posix() not in cache.files

    # A registry change can change every article's objects: everything is read again.
    actors = root / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("name: \"", "name: \"Renamed ", 1), encoding="utf-8")
    renamed = read.read_corpus(root, jobs=1, cache=cache)
    assert cache.parsed == len(articles) - 1 + len(list(root.glob("days/*.yaml")))
    assert renamed == build_model(check(root))


def test_workers_do_not_rerun_the_callers_script(synthetic, tmp_path):
    """A script fed on stdin (no file to re-import) still reads with workers."""
    script = ("import generator.read as r; r.PARALLEL_MIN_FILES = 1; "
              f"c = r.read_corpus({str(synthetic)!r}, jobs=2); print(len(c.articles))")
    out = subprocess.run([sys.executable, "-"], input=script, text=True, capture_output=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "48"
