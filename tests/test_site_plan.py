"""A site built in parts (`parley build --part`, `parley merge`) and a build that reuses the
last one (`parley build --reuse`) give the same bytes as one clean build; the merge refuses
parts that do not make one site. The builds are real `parley build` processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.merge_parts import MergeError, check_parts
from generator.parts import COMMON, parse_part, part_of
from generator.site_plan import MANIFEST, BuildState, SitePlan, state_path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "bench" / "make_corpus.py"


# --- which part an output belongs to ----------------------------------------------------------------

@pytest.mark.parametrize("path,part", [
    ("articles/2031-01-02-talks-resume.md", "2031"),
    ("articles/2031-01-02-talks-resume/index.html", "2031"),
    ("days/2030-12-31.md", "2030"),
    ("days/2031.md", "2031"),
    ("timeline/2030-12.md", "2030"),
    ("actors/envoy-c/2031-02.md", "2031"),
    ("actors/envoy-c/2031-02-part-2.md", "2031"),
    ("topics/hostages/2030-11/index.html", "2030"),
    ("data/2031/claims.json.gz", "2031"),
    ("articles/index.md", COMMON),
    ("days/index.md", COMMON),
    ("actors/envoy-c.md", COMMON),
    ("data/index.json", COMMON),
    ("data/claims.schema.json", COMMON),
    ("index.md", COMMON),
    ("sitemap.xml", COMMON),
    ("pagefind/pagefind.js", COMMON),
    ("assets/parley/search.js", COMMON),
])
def test_every_output_belongs_to_one_part(path, part):
    assert part_of(path) == part


def test_a_part_on_the_command_line_is_a_year_or_common():
    assert parse_part("2031") == "2031" and parse_part(COMMON) == COMMON
    for wrong in ("31", "2031-01", "Common", ""):
        with pytest.raises(ValueError, match="expected a year"):
            parse_part(wrong)


def test_a_build_keeps_an_output_only_while_its_digest_and_the_site_wide_inputs_are_the_same():
    previous = BuildState("site-1", {"days/2031-01-02.md": ("aaa", "days/2031-01-02/index.html")})
    plan = SitePlan(None, previous)
    assert plan.kept("days/2031-01-02.md", "aaa", "site-1")
    assert not plan.kept("days/2031-01-02.md", "bbb", "site-1")  # the page changed
    assert not plan.kept("days/2031-01-02.md", "aaa", "site-2")  # the nav or theme changed
    assert not plan.kept("days/2031-01-03.md", "aaa", "site-1")  # a new page
    assert not SitePlan().kept("days/2031-01-02.md", "aaa", "site-1")  # a clean build


def test_the_build_record_is_kept_beside_the_site_and_read_back(tmp_path):
    record = state_path(tmp_path / "site")
    assert record.parent == tmp_path and record.name == "site.parley-build.json"
    state = BuildState("w", {"a.md": ("d", "a/index.html")}, {COMMON: "s"})
    state.save(record)
    assert BuildState.load(record) == state
    record.write_text(json.dumps({"version": 0}), encoding="utf-8")
    assert BuildState.load(record) is None  # another version's record: build everything
    assert BuildState.load(tmp_path / "missing.json") is None


def _part(folder: Path, parts: list[str], site_parts: list[str], fingerprint: str = "f") -> Path:
    folder.mkdir()
    (folder / MANIFEST).write_text(json.dumps({"parley": "0", "parts": parts, "fingerprint": fingerprint,
                                               "site_parts": site_parts}), encoding="utf-8")
    return folder


def test_the_merge_refuses_parts_that_do_not_make_one_site(tmp_path):
    every = ["2030", "2031", COMMON]
    a = _part(tmp_path / "a", ["2030"], every)
    b = _part(tmp_path / "b", ["2031"], every)
    c = _part(tmp_path / "c", [COMMON], every)
    assert check_parts([a, b, c]) == {"2030": a, "2031": b, COMMON: c}
    with pytest.raises(MergeError, match="missing part.*2031"):
        check_parts([a, c])
    with pytest.raises(MergeError, match="part 2030 is in both"):
        check_parts([a, _part(tmp_path / "a2", ["2030"], every), b, c])
    with pytest.raises(MergeError, match="different briefings or code"):
        check_parts([a, b, _part(tmp_path / "c2", [COMMON], every, fingerprint="g")])
    with pytest.raises(MergeError, match="does not have: 2032"):
        check_parts([a, b, c, _part(tmp_path / "d", ["2032"], every)])
    (tmp_path / "plain").mkdir()
    with pytest.raises(MergeError, match=r"not a part of a site \(no \.parley-part\.json\)"):
        check_parts([a, b, c, tmp_path / "plain"])


# --- real builds --------------------------------------------------------------------------------------

def _run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """A small fictional corpus across a new year, its config, and its clean build."""
    root = tmp_path_factory.mktemp("plan")
    corpus = root / "corpus"
    subprocess.run([sys.executable, str(SCRIPT), str(corpus), "--days", "8", "--articles-per-day", "2",
                    "--claims-per-article", "3", "--start", "2030-12-28"], check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}").replace("briefings: briefings",
                                                                                 f"briefings: {corpus}")
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    whole = root / "whole"
    result = _run("build", "-f", str(config), "--site-dir", str(whole))
    assert result.returncode == 0, result.stderr
    assert not state_path(whole).exists()  # only a build asked to reuse keeps a record beside the site
    return root, corpus, config, whole


@pytest.mark.slow
def test_parts_built_apart_and_merged_are_the_one_build(two_years):
    root, _, config, whole = two_years
    folders = []
    for part in ("2030", "2031", COMMON):
        folder = root / f"part-{part}"
        result = _run("build", "-f", str(config), "--site-dir", str(folder), "--part", part)
        assert result.returncode == 0, result.stderr
        assert "parley: site is" not in result.stderr  # a part is weighed once merged
        assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["parts"] == [part]
        assert {part_of(path) for path in _files(folder) if path != MANIFEST} == {part}
        folders.append(folder)
    merged = root / "merged"
    result = _run("merge", *map(str, folders), "--site-dir", str(merged))
    assert result.returncode == 0, result.stderr
    assert _files(merged) == _files(whole)
    merged_bytes = sum(p.stat().st_size for p in merged.rglob("*") if p.is_file())
    assert f"parley: site is {merged_bytes / 1e6:.1f} MB" in result.stderr
    refused = _run("merge", *map(str, folders[:2]), "--site-dir", str(root / "refused"))
    assert refused.returncode == 1 and "missing part(s): common" in refused.stderr
    assert not (root / "refused").exists()  # nothing published


@pytest.mark.slow
def test_a_build_reusing_the_last_one_gives_the_clean_build(two_years):
    root, corpus, config, whole = two_years
    # The corpus without its newest day, built; then the day added and built again with --reuse.
    working = root / "working"
    shutil.copytree(corpus, working)
    newest = sorted((working / "articles").rglob("*.yaml"))[-1].name[:10]
    held = root / "held"
    held.mkdir()
    for path in [*(working / "articles").rglob(f"{newest}*.yaml"), *(working / "days").glob(f"{newest}*.yaml")]:
        shutil.move(path, held / path.relative_to(working).as_posix().replace("/", "__"))
    moved = config.read_text(encoding="utf-8").replace(f"briefings: {corpus}", f"briefings: {working}")
    daily = root / "mkdocs-daily.yml"
    daily.write_text(moved, encoding="utf-8")
    site = root / "daily"
    first = _run("build", "-f", str(daily), "--site-dir", str(site), "--reuse")
    assert first.returncode == 0, first.stderr
    assert "reused the last build" not in first.stderr  # nothing to reuse: a whole build, with its record
    assert state_path(site).is_file()
    before = _files(site)
    # A build reusing the last one starts from hard links to its files: a second set of links
    # shows whether any of them was written through (the published site must stay as it was).
    snapshot = root / "snapshot"
    for path in site.rglob("*"):
        if path.is_file():
            (snapshot / path.relative_to(site)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, snapshot / path.relative_to(site))
    for path in held.iterdir():
        target = working / path.name.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
    result = _run("build", "-f", str(daily), "--site-dir", str(site), "--reuse")
    assert result.returncode == 0, result.stderr
    assert "reused the last build:" in result.stderr
    rewritten, total = (int(n.replace(",", "")) for n in
                        result.stderr.split("reused the last build: ")[1].split(" generated")[0].split(" of "))
    assert 0 < rewritten < total
    after = _files(site)
    assert after == _files(whole)
    assert after != before
    assert _files(snapshot) == before  # no file of the last build was changed in place
