"""Atomic publish: a build that fails, crashes or is stopped leaves the previous site byte for byte
where it was, and no staging folder beside it. Faults are injected from outside generator/: the
build runs in a subprocess that patches one stage before calling the real `parley` entry point."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
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

# Faults at the swap (generator/publish.py): Ctrl+C or SIGKILL just before the new site trades places
# with the old one, just after, and, where the platform has no exchange (renameat2), between the two
# renames that replace it then.
AT_SWAP = """
import os, signal, sys, time
import generator.publish as publish
when, fault = sys.argv[1:3]
real_exchange, real_rename = publish.exchange, os.rename
def stop():
    if fault == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    raise KeyboardInterrupt
def exchange(a, b):
    if when == "before":
        stop()
    if when == "slow":
        time.sleep(float(fault))
    done = real_exchange(a, b)
    if when == "after":
        stop()
    return done
publish.exchange = exchange
if when == "between":  # no exchange on this platform: two renames
    publish.exchange = lambda a, b: False
    def rename(source, target):
        real_rename(source, target)
        if "-old-" in os.fspath(target):
            stop()
    os.rename = rename
from generator.cli import main
raise SystemExit(main(sys.argv[3:]))
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


def test_interrupt_at_the_swap_keeps_the_old_site(published):
    corpus, config, site, before = published
    result = run("-c", AT_SWAP, "before", "interrupt", "build", "-f", str(config), "--site-dir", str(site))
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


# --- issue 13: publishing, one fault at a time ---------------------------------------------------

def change_outlet(corpus: Path, outlet: str) -> None:
    article = corpus / "articles" / "2030" / "01" / "2030-01-10-talks-open.yaml"
    article.write_text(article.read_text(encoding="utf-8").replace("The Example Times", outlet), encoding="utf-8")


def build(config: Path, site: Path, *prefix: str, env: dict[str, str] | None = None, **popen) -> subprocess.CompletedProcess:
    command = [*(prefix or ("-m", "generator")), "build", "-f", str(config), "--site-dir", str(site)]
    return subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True,
                          env=env or environment(), timeout=300, **popen)


def test_sigkill_before_the_swap_keeps_the_old_site_and_the_next_build_cleans_up(published):
    corpus, config, site, before = published
    result = build(config, site, "-c", AT_SWAP, "before", "kill")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site), "a killed build leaves its staging folder (nothing can remove it)"
    result = build(config, site)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == []


def test_sigkill_right_after_the_swap_leaves_the_new_site(published):
    """The two folders trade places in one step: there is no instant without a site."""
    corpus, config, site, before = published
    change_outlet(corpus, "The Swapped Times")
    result = build(config, site, "-c", AT_SWAP, "after", "kill")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "The Swapped Times" in (site / "articles" / "2030-01-10-talks-open" / "index.html").read_text(encoding="utf-8")
    assert leftovers(site)  # the old site, traded into the staging folder's place
    assert build(config, site).returncode == 0
    assert leftovers(site) == []


def test_sigkill_between_two_renames_loses_nothing(published):
    """Without renameat2 (not Linux, or a file system without it) the old site is renamed aside and
    the new one renamed in: a kill in between leaves no site, but the old one whole beside it, and
    the next build puts it back before it does anything else (here the build then fails on bad
    YAML, so the site is exactly the old one)."""
    corpus, config, site, before = published
    change_outlet(corpus, "The Interrupted Times")
    result = build(config, site, "-c", AT_SWAP, "between", "kill")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert not site.exists()
    aside = [p for p in site.parent.iterdir() if "-old-" in p.name]
    assert len(aside) == 1 and snapshot(aside[0]) == before
    break_yaml(corpus)
    result = build(config, site)
    assert result.returncode == 1, result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_stale_staging_folders_are_removed_by_the_next_build(published):
    corpus, config, site, before = published
    for name in (".site.parley-staging-k1ll3d", ".site.parley-old-99999"):
        (site.parent / name / "assets").mkdir(parents=True)
        (site.parent / name / "assets" / "x.js").write_text("stale", encoding="utf-8")
    (site.parent / "notes.txt").write_text("not Parley's", encoding="utf-8")
    result = build(config, site)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == []
    assert (site.parent / "notes.txt").read_text(encoding="utf-8") == "not Parley's"


def test_two_builds_at_once_are_serialised(published):
    """The second build waits for the first (a lock on the site's folder) and says so; both succeed."""
    corpus, config, site, before = published
    with open(site.parent / "first.txt", "w+", encoding="utf-8") as first_err:
        first = subprocess.Popen([sys.executable, "-c", AT_SWAP, "slow", "4", "build", "-f", str(config),
                                  "--site-dir", str(site)], cwd=REPO, stdout=subprocess.DEVNULL,
                                 stderr=first_err, env=environment())
        try:
            deadline = time.monotonic() + 120
            while not any((s / "sitemap.xml").exists() for s in staging_dirs(site)):
                assert first.poll() is None, "the first build ended before it wrote its pages"
                assert time.monotonic() < deadline
                time.sleep(0.01)
            second = build(config, site)
            assert first.wait(timeout=120) == 0
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
    assert second.returncode == 0, second.stderr
    assert "waiting for it to finish" in second.stderr
    assert leftovers(site) == []
    assert (site / "index.html").is_file()


def test_a_symlinked_site_keeps_its_link(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    config = fixture_config(tmp_path, corpus)
    served = tmp_path / "www" / "briefings"
    served.mkdir(parents=True)
    site = tmp_path / "site"
    site.symlink_to(served, target_is_directory=True)
    for _ in range(2):
        result = build(config, site)
        assert result.returncode == 0, result.stderr
        assert site.is_symlink() and os.readlink(site) == str(served)
        assert (served / "index.html").is_file()
    assert sorted(p.name for p in served.parent.iterdir()) == ["briefings"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "mkdocs.yml", "site", "www"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o755), (0o027, 0o750)])
def test_a_new_site_folder_has_the_modes_mkdir_gives(tmp_path, umask, mode):
    """Not mkdtemp's 700: a web server running as another user must be able to read the site."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    config = fixture_config(tmp_path, corpus)
    site = tmp_path / "site"
    result = build(config, site, preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(site.stat().st_mode) == mode
    assert stat.S_IMODE((site / "articles").stat().st_mode) == mode
    out = tmp_path / "export"
    result = subprocess.run([sys.executable, "-m", "generator", "export", str(out), "--briefings", str(corpus)],
                            cwd=REPO, capture_output=True, text=True, env=environment(), timeout=300,
                            preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_a_site_folder_keeps_its_mode(published):
    corpus, config, site, before = published
    site.chmod(0o711)
    assert build(config, site).returncode == 0
    assert stat.S_IMODE(site.stat().st_mode) == 0o711


# A mount point cannot be renamed (EBUSY): its content is swapped entry by entry inside it.
IN_PLACE = """
import os, errno, sys
import generator.publish as publish
site = os.path.realpath(sys.argv[1])
real_ismount, real_rename = os.path.ismount, os.rename
os.path.ismount = lambda path: os.path.realpath(path) == site or real_ismount(path)
def rename(source, target):
    if site in (os.path.realpath(source), os.path.realpath(target)):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), source)
    return real_rename(source, target)
os.rename = rename
real_exchange = publish.exchange
def exchange(a, b):
    if site in (os.path.realpath(a), os.path.realpath(b)):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), b)
    return real_exchange(a, b)
publish.exchange = exchange
from generator.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


def assert_mount_point_rebuilt(site: Path, corpus: Path, config: Path, *prefix: str) -> None:
    change_outlet(corpus, "The Mounted Times")
    result = build(config, site, *prefix)
    assert result.returncode == 0, result.stderr
    assert "The Mounted Times" in (site / "articles" / "2030-01-10-talks-open" / "index.html").read_text(encoding="utf-8")
    assert not [p.name for p in site.iterdir() if p.name.startswith(".parley-")]
    fresh = site.parent / "fresh"
    assert build(config, fresh).returncode == 0
    assert snapshot(site) == snapshot(fresh)


def test_a_site_folder_that_cannot_be_renamed_is_swapped_entry_by_entry(published):
    corpus, config, site, before = published
    assert_mount_point_rebuilt(site, corpus, config, "-c", IN_PLACE, str(site))


def _can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(tempfile.mkdtemp(prefix="parley-mount-probe-"))
    try:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)], capture_output=True).returncode:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


@pytest.mark.skipif(not _can_mount(), reason="needs root and a kernel that lets it mount a tmpfs")
def test_a_real_mount_point_stays_mounted(published):
    corpus, config, site, before = published
    shutil.rmtree(site)
    site.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(site)], check=True)
    try:
        assert build(config, site).returncode == 0
        assert_mount_point_rebuilt(site, corpus, config)
        assert os.path.ismount(site)
    finally:
        subprocess.run(["umount", str(site)], check=True)


def test_a_full_disk_is_a_clear_error_and_keeps_the_old_site(published):
    corpus, config, site, before = published
    result = run("-c", INJECT, "mkdocs.utils", "write_file",
                 "OSError(28, 'No space left on device', 'site/index.html')",
                 "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 1, result.stderr
    assert "No space left on device; the disk is full: free some space and run again" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


@pytest.mark.skipif(not _can_mount(), reason="needs root and a kernel that lets it mount a tmpfs")
def test_a_really_full_disk(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    config = fixture_config(tmp_path, corpus)
    small = tmp_path / "small"
    small.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(small)], check=True)
    try:
        result = build(config, small / "site")
        assert result.returncode == 1, result.stderr
        assert "the disk is full" in result.stderr and "internal error" not in result.stderr
        assert os.listdir(small) == []
    finally:
        subprocess.run(["umount", str(small)], check=True)


@pytest.mark.parametrize("errno_name, says", [("EPERM", "chattr -i"), ("EROFS", "read-only"),
                                              ("EACCES", "permission denied")])
def test_a_site_folder_that_cannot_be_replaced_is_a_clear_error(published, errno_name, says):
    """An immutable site folder (chattr +i), a read-only file system, a folder without write
    permission: the swap fails, the old site stays, and the message says what to do."""
    corpus, config, site, before = published
    result = run("-c", INJECT, "generator.publish", "exchange",
                 f"OSError(errno.{errno_name}, os.strerror(errno.{errno_name}), {str(site)!r})",
                 "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 1, result.stderr
    assert says in result.stderr and str(site) in result.stderr, result.stderr
    assert "internal error" not in result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def _can_make_immutable(folder: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("chattr"):
        return False
    probe = folder / "probe"
    probe.mkdir()
    try:
        return subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
    finally:
        subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
        probe.rmdir()


def test_a_really_immutable_site_folder(published):
    corpus, config, site, before = published
    if not _can_make_immutable(site.parent):
        pytest.skip("needs root and a file system with the immutable attribute")
    subprocess.run(["chattr", "+i", str(site)], check=True)
    try:
        result = build(config, site)
    finally:
        subprocess.run(["chattr", "-i", str(site)], check=True)
    assert result.returncode == 1, result.stderr
    assert "chattr -i" in result.stderr and "internal error" not in result.stderr
    assert_site_unchanged(site, before)
    assert leftovers(site) == []


def test_a_read_only_folder_for_the_staging_is_a_clear_error(published):
    corpus, config, site, before = published
    result = run("-c", INJECT, "tempfile", "mkdtemp",
                 "OSError(30, 'Read-only file system', 'out/.site.parley-staging-x')",
                 "build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 1, result.stderr
    assert "the file system is read-only" in result.stderr and "internal error" not in result.stderr
    assert_site_unchanged(site, before)


# --- a destination that is, holds or lies inside the sources ---------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    """A project of its own: mkdocs.yml, briefings/ and docs/ side by side (nothing of the repo's at risk)."""
    shutil.copytree(FIXTURE, tmp_path / "briefings")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("  - briefings\n  - generator\n", "  - briefings\n")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("site_dir, relation", [
    ("briefings", "is the briefings folder"), ("briefings/articles", "lies inside the briefings folder"),
    ("docs", "is the docs folder"), ("docs/assets", "lies inside the docs folder"),
    (".", "contains the briefings folder"), ("..", "contains the briefings folder"),
])
def test_a_site_dir_over_the_sources_is_refused_and_nothing_is_written(project, site_dir, relation):
    """Issue 13: `parley build --site-dir briefings` reported success with the corpus gone."""
    before = snapshot(project)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", site_dir], cwd=project,
                            capture_output=True, text=True, env=environment(PYTHONPATH=str(REPO)), timeout=300)
    assert result.returncode == 1, result.stderr
    # MkDocs refuses a site_dir that holds or lies in docs_dir itself; Parley everything else it reads.
    assert (relation in result.stderr and "Nothing was written" in result.stderr
            or "should not be within" in result.stderr), result.stderr
    assert snapshot(project) == before
    # `mkdocs build` empties its site_dir first: the plugin refuses it before that.
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", site_dir], cwd=project,
                            capture_output=True, text=True, env=environment(PYTHONPATH=str(REPO)), timeout=300)
    assert result.returncode == 1, result.stderr
    assert relation in result.stderr or "should not be within" in result.stderr, result.stderr  # MkDocs' own check
    assert snapshot(project) == before
    # `parley export` too (it replaces its folder whole): a usage error.
    if site_dir not in (".", ".."):  # an export folder must be new or empty first, which those are not
        result = subprocess.run([sys.executable, "-m", "generator", "export", site_dir + "/out"], cwd=project,
                                capture_output=True, text=True, env=environment(PYTHONPATH=str(REPO)), timeout=300)
        assert result.returncode == 2 and "lies inside the" in result.stderr, result.stderr
        assert snapshot(project) == before


def test_a_site_dir_inside_the_package_is_refused(project):
    target = REPO / "generator" / "site-from-a-test"
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(target)], cwd=project,
                            capture_output=True, text=True, env=environment(PYTHONPATH=str(REPO)), timeout=300)
    assert result.returncode == 1, result.stderr
    assert "lies inside the Parley package folder" in result.stderr
    assert not target.exists()
