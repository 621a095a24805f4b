"""A whole-corpus `parley check` that remembers each file's result (generator/cache_check.py)
reports exactly what the uncached check reports: cold, warm, after edits to an article, to a
day file and to the registries, and with a damaged cache file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cache_check import check_cached
from generator.pipeline import check

TESTS = Path(__file__).resolve().parent
ERRORS = TESTS / "errors"


@pytest.fixture
def broken(tmp_path) -> Path:
    """The fixture corpus with every example of a mistake added as an article, a day file for a
    day without articles, a file with the wrong extension and a link to a file outside."""
    root = tmp_path / "briefings"
    shutil.copytree(TESTS / "fixtures" / "corpus", root)
    folder = root / "articles" / "2030" / "01"
    for i, example in enumerate(sorted(ERRORS.glob("*.yaml"))):
        shutil.copyfile(example, folder / f"2030-01-{10 + i % 18:02d}-{example.stem}.yaml")
    (root / "days").mkdir()
    (root / "days" / "2031-02-03.yaml").write_text('state: "Quiet."\n', encoding="utf-8")
    (folder / "2030-01-12-extension.yml").write_text("article: {}\n", encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text("article: {}\n", encoding="utf-8")
    (folder / "2030-01-13-link.yaml").symlink_to(outside)
    (folder / "2030-01-14-dangling.yaml").symlink_to(folder / "2030-01-14-missing.yaml")
    (folder / "2030-01-15-huge.yaml").write_text("article:\n  headline: " + "x" * 5_300_000 + "\n", encoding="utf-8")
    return root


def same_as_check(root: Path, cache: Path) -> int:
    """Assert the cached check's report is check's; return how many files it read."""
    cached, plain = check_cached(root, cache_file=cache), check(root)
    assert cached.problems == sorted(plain.problems)
    assert cached.files == len(plain.documents)
    return cached.read


def test_the_cached_check_reports_what_check_reports(broken, tmp_path):
    cache = tmp_path / "cache" / "check.json"
    assert len(check(broken).problems) > 40
    articles = sorted(p for p in (broken / "articles").rglob("*.yaml") if not p.is_symlink())
    messages = {p.message for p in check(broken).problems}
    assert "cannot read file: No such file or directory" in messages
    assert any(m.startswith("file is 5,3") for m in messages)
    assert same_as_check(broken, cache) == len(articles) + 2 + 3  # + the day file, the dangling link, the registries
    # Warm: the registries, and the two files that cannot be read (never kept) only.
    assert same_as_check(broken, cache) == 3 + 2

    valid = next(p for p in articles if p.name.endswith("-valid.yaml"))
    valid.write_text(valid.read_text(encoding="utf-8").replace("stance: ", "stance: x", 1), encoding="utf-8")
    day = broken / "days" / "2031-02-03.yaml"
    day.rename(broken / "days" / "2030-01-10.yaml")  # now a day with articles
    assert same_as_check(broken, cache) == 3 + 2 + 2

    # A name is not part of any other file's result; an id is.
    actors = broken / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    assert same_as_check(broken, cache) == 3 + 2
    first_id = next(line for line in text.splitlines() if line.strip().startswith("- id:")).split(":", 1)[1].strip()
    actors.write_text(text.replace(f"id: {first_id}", f"id: {first_id}-renamed", 1), encoding="utf-8")
    assert same_as_check(broken, cache) > 3
    (broken / "topics.yaml").unlink()
    assert same_as_check(broken, cache) > 3

    cache.write_text('{"format": "parley-check-cache-1", "setting": 1, "files": {"x": [1]}}', encoding="utf-8")
    same_as_check(broken, cache)
    # Damaged entries under the right setting: not one of them is used.
    same_as_check(broken, cache)
    saved = json.loads(cache.read_text(encoding="utf-8"))
    for damage in ({1: "2030-02-30"}, {2: 7}, {3: [["a", "1", 2, "m", "", "c"]]}, {3: [["a", 1, 2, "m", "", None]]}):
        damaged = {**saved, "files": {rel: [*entry] for rel, entry in saved["files"].items()}}
        for entry in damaged["files"].values():
            for index, value in damage.items():
                entry[index] = value
        cache.write_text(json.dumps(damaged), encoding="utf-8")
        assert same_as_check(broken, cache) > 3 + 2
    cache.write_text("not json", encoding="utf-8")
    same_as_check(broken, cache)


def test_parley_check_keeps_its_cache_beside_the_briefings(tmp_path, broken):
    env = {**os.environ, "PYTHONPATH": str(TESTS.parent)}
    env.pop("PARLEY_CACHE_DIR", None)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "generator", "check", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60)

    first, second, fresh = run(), run(), run("--no-cache")
    assert (tmp_path / ".parley-cache" / "check.json").is_file()
    assert first.returncode == second.returncode == fresh.returncode == 1
    assert first.stdout == second.stdout == fresh.stdout
    # Elsewhere when asked; a folder that cannot be written only goes without a cache.
    env["PARLEY_CACHE_DIR"] = str(tmp_path / "elsewhere")
    assert run().stdout == first.stdout and (tmp_path / "elsewhere" / "check.json").is_file()
    blocked = tmp_path / "file-in-the-way"
    blocked.write_text("", encoding="utf-8")
    env["PARLEY_CACHE_DIR"] = str(blocked / "cache")
    assert run().stdout == first.stdout
