"""Atomic publish: a build that fails, crashes or is stopped leaves the previous site byte for byte
where it was, and no staging folder beside it. Faults are injected from outside generator/: the
build runs in a subprocess that patches one stage before calling the real `parley` entry point."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_site import FIXTURE, REPO, fixture_config

pytestmark = pytest.mark.slow

# Runs `parley ARGS...` after replacing a function, where it is defined and wherever it has been
# imported by name, with one that raises; modules imported later pick up the replacement.
INJECT = """
import importlib, sys
module, attr, error = sys.argv[1:4]
target = importlib.import_module(module)
original = getattr(target, attr)
def fault(*args, **kwargs):
    raise eval(error, vars(target))  # the error may be one the module defines
for loaded in list(sys.modules.values()):
    if getattr(loaded, attr, None) is original:
        setattr(loaded, attr, fault)
from generator.cli import main
raise SystemExit(main(sys.argv[4:]))
"""

# Ctrl+C at the worst instant of the swap: the old site has been moved aside, the new one not yet
# moved in. Matches build_site's `staging.rename(target)`.
INTERRUPT_SWAP = """
import pathlib, sys
real_rename = pathlib.Path.rename
def rename(self, target):
    if self.name.startswith(".site.parley-") and "-old-" not in self.name and pathlib.Path(target).name == "site":
        raise KeyboardInterrupt
    return real_rename(self, target)
pathlib.Path.rename = rename
from generator.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PARLEY_DEBUG", "SOURCE_DATE_EPOCH")}
    return {**env, **extra}


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True,
                          env=env or environment(), timeout=300)


def snapshot(site: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None), by path inside the site."""
    return {p.relative_to(site).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(site.rglob("*"))}


def leftovers(site: Path) -> list[str]:
    """Staging (`.site.parley-XXXX`) or moved-aside (`.site.parley-old-PID`) folders beside the site."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.parley-"))


def assert_site_unchanged(site: Path, before: dict[str, bytes | None]) -> None:
    assert site.is_dir(), f"no site at {site} any more (beside it: {sorted(p.name for p in site.parent.iterdir())})"
    after = snapshot(site)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k, "gone") != after.get(k, "gone"))
    assert not changed, f"{len(changed)} path(s) changed, e.g. {changed[:5]}"


@pytest.fixture
def published(tmp_path) -> tuple[Path, Path, Path, dict[str, bytes | None]]:
    """A fixture corpus, its mkdocs.yml, the site built from it, and the site's snapshot."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    config = fixture_config(tmp_path, corpus)
    site = tmp_path / "out" / "site"
    result = run("-m", "generator", "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    before = snapshot(site)
    assert "index.html" in before and "pagefind/pagefind-entry.json" in before
    return corpus, config, site, before


def break_yaml(corpus: Path) -> None:
    article = corpus / "articles" / "2030" / "01" / "2030-01-12-no-headline.yaml"
    article.write_text(article.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")


def test_bad_yaml_leaves_previous_site(published):
    corpus, config, site, before = published
    break_yaml(corpus)
    result = run("-m", "generator", "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 1, result.stderr
    assert "2030-01-12-no-headline.yaml:" in result.stderr
    assert "the previous site was left as it was" in result.stderr
    assert "Traceback" not in result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_exception_in_render_leaves_previous_site_and_no_traceback(published):
    corpus, config, site, before = published
    result = run("-c", INJECT, "generator.render", "render", "RuntimeError('injected fault in render')",
                 "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 3, result.stderr  # a bug in Parley, not in the data (that is 1)
    assert "Traceback" not in result.stderr
    assert "parley: internal error (RuntimeError: injected fault in render)" in result.stderr
    assert "--debug" in result.stderr or "PARLEY_DEBUG=1" in result.stderr  # how to see the traceback
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_exception_in_feed_leaves_previous_site(published):
    corpus, config, site, before = published
    result = run("-c", INJECT, "generator.render_data", "render_feed", "ValueError('injected fault in feed')",
                 "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 3, result.stderr
    assert "internal error (ValueError: injected fault in feed)" in result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_failure_after_every_page_is_written_leaves_previous_site(published):
    """The search index is the last stage: by then the staging folder holds a whole site."""
    corpus, config, site, before = published
    result = run("-c", INJECT, "generator.index_search", "write_search_index",
                 "SearchIndexError('injected: Pagefind failed')",
                 "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 1, result.stderr
    assert "parley: injected: Pagefind failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_parley_debug_env_shows_the_traceback(published):
    corpus, config, site, before = published
    result = run("-c", INJECT, "generator.render", "render", "RuntimeError('injected fault in render')",
                 "build", "-f", str(config), "--site-dir", str(site), env=environment(PARLEY_DEBUG="1"))
    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: injected fault in render" in result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_debug_flag_shows_the_traceback(published):
    corpus, config, site, before = published
    result = run("-c", INJECT, "generator.render", "render", "RuntimeError('injected fault in render')",
                 "--debug", "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode not in (0, 2), result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: injected fault in render" in result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_interrupt_during_the_swap_keeps_a_site(published):
    corpus, config, site, before = published
    result = run("-c", INTERRUPT_SWAP, "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 130, result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_plain_mkdocs_build_with_bad_yaml_leaves_previous_site(tmp_path):
    """`mkdocs build` has no staging folder; Parley's pipeline runs before MkDocs cleans site_dir."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    config = fixture_config(tmp_path, corpus)
    site = tmp_path / "site"
    result = run("-m", "mkdocs", "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    before = snapshot(site)
    break_yaml(corpus)
    result = run("-m", "mkdocs", "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 1, result.stderr
    assert "2030-01-12-no-headline.yaml:" in result.stderr
    assert_site_unchanged(site, before)


# A signal in the middle of a real build: SIGTERM is what CI runners, systemd and `timeout` send
# to stop a job; SIGINT is Ctrl+C.

@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """A corpus that takes a few seconds to build, so a signal lands mid-build."""
    corpus = tmp_path_factory.mktemp("big") / "briefings"
    result = run(str(REPO / "bench" / "make_corpus.py"), str(corpus),
                 "--days", "20", "--articles-per-day", "10", "--claims-per-article", "8")
    assert result.returncode == 0, result.stderr
    return corpus


def staging_dirs(site: Path) -> list[Path]:
    return [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.parley-") and "-old-" not in p.name]


# When to send the signal, given the staging folder: while the pipeline runs (nothing written
# yet), and while MkDocs writes pages (sitemap.xml is written just before the pages).
PHASES = {"pipeline": lambda staging: True,
          "pages": lambda staging: (staging / "sitemap.xml").exists()}


@pytest.fixture(scope="module", params=[("SIGTERM", "pipeline"), ("SIGTERM", "pages"), ("SIGINT", "pages")],
                ids="-".join)
def interrupted(request, big_corpus, tmp_path_factory):
    """Build a small site, then signal a build of the big corpus into the same site_dir."""
    name, phase = request.param
    tmp = tmp_path_factory.mktemp(f"{name}-{phase}")
    site = tmp / "out" / "site"
    result = run("-m", "generator", "build", "-f", str(fixture_config(tmp, FIXTURE)), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    before = snapshot(site)
    (tmp / "big").mkdir()
    config = fixture_config(tmp / "big", big_corpus)
    with open(tmp / "stderr.txt", "w+", encoding="utf-8") as stderr:
        build = subprocess.Popen([sys.executable, "-m", "generator", "build", "-f", str(config), "--site-dir", str(site)],
                                 cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr, env=environment())
        try:
            deadline = time.monotonic() + 120
            while not any(PHASES[phase](s) for s in staging_dirs(site)):
                assert build.poll() is None, f"the build ended before the {phase} phase; make the corpus bigger"
                assert time.monotonic() < deadline, "no staging folder appeared"
                time.sleep(0.005)
            build.send_signal(getattr(signal, name))
            returncode = build.wait(timeout=60)
        finally:
            if build.poll() is None:
                build.kill()
                build.wait()
        stderr.seek(0)
        messages = stderr.read()
    return name, site, before, returncode, messages


def test_signal_mid_build_leaves_previous_site(interrupted):
    name, site, before, returncode, messages = interrupted
    assert returncode != 0, messages
    if name == "SIGINT":
        assert returncode == 130 and "parley: interrupted" in messages and "Traceback" not in messages, messages
    assert_site_unchanged(site, before)


def test_signal_mid_build_leaves_no_staging_folder(interrupted):
    name, site, before, returncode, messages = interrupted
    assert leftovers(site) == []
