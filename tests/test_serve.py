"""`parley serve` re-renders only the pages a save changed (`mkdocs serve --dirty`, with the plugin
telling MkDocs which generated pages are unchanged), and the site it serves after any edit is the
site a clean build of the edited corpus makes, byte for byte.

The rebuilds run in this process the way `mkdocs serve` runs them: one plugin object for the
session (MkDocs keeps plugins that define on_startup), the configuration reloaded for every
build, `build(config, dirty=True)` into the same site directory."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from test_cli_tools import _free_port, _get, _wait_for, stop_server
from test_faults import snapshot
from test_site import REPO, fixture_config

MULTIDAY = REPO / "tests" / "fixtures" / "multiday"
ARTICLE = "articles/2030/03/2030-03-04-border-offer.yaml"
# Written on every build, whatever changed: MkDocs' theme templates.
ALWAYS_WRITTEN = {"404.html", "sitemap.xml", "sitemap.xml.gz"}


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> tuple[Path, Path, Path]:
    """A copy of the multi-day fixture, a copy of docs/, and a mkdocs.yml reading both."""
    briefings, docs = tmp_path / "briefings", tmp_path / "docs"
    shutil.copytree(MULTIDAY, briefings)
    shutil.copytree(REPO / "docs", docs)
    config = fixture_config(tmp_path, briefings)
    config.write_text(config.read_text(encoding="utf-8").replace(f"docs_dir: {REPO / 'docs'}", f"docs_dir: {docs}"),
                      encoding="utf-8")
    # The plugin sets SOURCE_DATE_EPOCH in this process, as it does in `mkdocs serve`'s.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    return briefings, docs, config


class Session:
    """One `mkdocs serve --dirty` session's builds, without the web server."""

    def __init__(self, config: Path, site: Path):
        self.config, self.site = config, site
        self.plugin = None

    def rebuild(self, wait_for_search: bool = True) -> None:
        config = load_config(str(self.config), site_dir=str(self.site))
        self.plugin = config.plugins["parley"]
        # serve_url as in `mkdocs serve`; the site_url stays mkdocs.yml's, for the clean build to match.
        build(config, serve_url=config.site_url, dirty=True)
        if wait_for_search:  # under serve, Pagefind runs after the pages
            assert self.plugin.search_index.wait(timeout=120)

    def pages(self) -> dict[str, str]:
        """The Markdown of every generated page, as the plugin handed it to MkDocs."""
        return {path: page.markdown for path, page in self.plugin.pages.items()}


@contextmanager
def serving(config: Path, site: Path):
    first = load_config(str(config), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=True)
    session = Session(config, site)
    try:
        session.rebuild()
        assert session.plugin is first.plugins["parley"]  # the object that remembers the last build
        yield session
    finally:
        first.plugins.on_shutdown()


def clean_build(config: Path, site: Path) -> dict[str, bytes | None]:
    """`parley build` of the same mkdocs.yml in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PARLEY_DEBUG")}
    result = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(config), "--site-dir", str(site)],
                            cwd=REPO, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return snapshot(site)


def assert_same_site(served: Path, clean: dict[str, bytes | None]) -> None:
    dirty = snapshot(served)
    differ = sorted(k for k in dirty.keys() | clean.keys() if dirty.get(k, "missing") != clean.get(k, "missing"))
    how = [(k, "only served" if k not in clean else "only clean" if k not in dirty else "bytes") for k in differ]
    assert not differ, f"{len(differ)} path(s) differ from a clean build, e.g. {how[:8]}"


def output_path(page: str) -> str:
    """Where MkDocs writes a page with directory URLs: days/x.md → days/x/index.html."""
    stem = page.removesuffix(".md")
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


def written_times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def parley_serve(config: Path, port: int, log: Path) -> subprocess.Popen:
    """The real `parley serve` in its own process group, its output in `log`."""
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, "-m", "generator", "serve", "-f", str(config),
                                 "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_claim_edit_rerenders_only_the_pages_whose_markdown_changed(corpus, tmp_path):
    briefings, docs, config = corpus
    site = tmp_path / "served"
    with serving(config, site) as session:
        before_pages, before_times = session.pages(), written_times(site)
        replace_in(briefings / ARTICLE, "sees a deal coming", "sees a deal far off")
        session.rebuild()
        after_pages, after_times = session.pages(), written_times(site)

    changed = {path for path in before_pages if before_pages[path] != after_pages[path]}
    assert "articles/2030-03-04-border-offer.md" in changed and len(changed) < len(before_pages) / 2
    handwritten = {output_path(p.relative_to(docs).as_posix()) for p in docs.rglob("*.md")}
    rewritten = {path for path, mtime in after_times.items() if before_times.get(path) != mtime}
    rewritten_pages = {path for path in rewritten if path.endswith(".html")}
    # Hand-written pages are always re-read: the nav every page shows takes their titles.
    assert rewritten_pages == {output_path(p) for p in changed} | handwritten | {"404.html"}
    assert "feed.xml" in rewritten and "data/2030/claims.json.gz" in rewritten  # the claim's text is in both
    assert "data/topics.json" not in rewritten
    assert not [path for path in rewritten if path.startswith("assets/")]  # theme files: copied once


@pytest.mark.slow
def test_every_dirty_rebuild_gives_the_site_of_a_clean_build(corpus, tmp_path):
    briefings, docs, config = corpus
    site, clean = tmp_path / "served", tmp_path / "clean"
    deleted = briefings / "articles/2030/03/2030-03-06-wire-interviews.yaml"
    with serving(config, site) as session:
        assert_same_site(site, clean_build(config, clean))

        replace_in(briefings / ARTICLE, "sees a deal coming", "sees a deal far off")
        session.rebuild()
        assert_same_site(site, clean_build(config, clean))

        deleted.unlink()
        session.rebuild()
        assert not (site / "articles" / "2030-03-06-wire-interviews").exists()
        assert_same_site(site, clean_build(config, clean))

        # A new latest day: the home page, the newest date (SOURCE_DATE_EPOCH) and the sitemap move.
        added = briefings / "articles/2030/04/2030-04-02-talks-resume-again.yaml"
        added.parent.mkdir()
        added.write_text((briefings / ARTICLE).read_text(encoding="utf-8").replace("2030-03-04", "2030-04-02"),
                         encoding="utf-8")
        session.rebuild()
        assert (site / "days" / "2030-04-02" / "index.html").is_file()
        assert_same_site(site, clean_build(config, clean))

        # A broken file: the rebuild keeps the last good site as it is (the server goes on serving it,
        # the problems over every page) and fixing the file resumes dirty rebuilds.
        before = snapshot(site)
        replace_in(added, "stance: optimistic", "stance: optimistc")
        session.rebuild()
        assert snapshot(site) == before
        line = added.read_text(encoding="utf-8").splitlines().index("    stance: optimistc") + 1
        assert [(p.line, p.column, p.code) for p in session.plugin.problems] == [(line, 13, "vocabulary")]
        replace_in(added, "stance: optimistc", "stance: optimistic")
        replace_in(added, "sees a deal far off", "sees no deal")
        session.rebuild()
        assert session.plugin.problems == []
        assert_same_site(site, clean_build(config, clean))

        # Shown on every page: a hand-written page's title (in the nav), then mkdocs.yml.
        about = docs / "about.md"
        about.write_text("# A new title\n" + about.read_text(encoding="utf-8").partition("\n")[2], encoding="utf-8")
        session.rebuild()
        assert_same_site(site, clean_build(config, clean))
        (docs / "about.md").unlink()
        session.rebuild()
        assert_same_site(site, clean_build(config, clean))
        replace_in(config, "window_days: 7", "window_days: 2")
        replace_in(config, "site_name: Parley", "site_name: Parley preview of")
        session.rebuild()
        assert_same_site(site, clean_build(config, clean))


def test_stopping_the_server_while_the_index_is_built_leaves_no_folder_behind(corpus, tmp_path, monkeypatch):
    briefings, docs, config = corpus
    temporary = tmp_path / "tmp"  # where Pagefind's input is written (the indexer's temporary folder)
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    site = tmp_path / "served"
    with serving(config, site) as session:
        replace_in(briefings / ARTICLE, "sees a deal coming", "sees a deal far off")
        session.rebuild(wait_for_search=False)
        # on_shutdown, as Ctrl+C runs it, while the index is being rebuilt
    assert session.plugin.search_index.wait(timeout=0)
    assert list(temporary.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["briefings", "docs", "mkdocs.yml", "served", "tmp"])


def _states(group: int) -> dict[int, str]:
    """pid → state letter (T: stopped) of every process in a process group, from /proc."""
    states = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            states[int(stat.parent.name)] = fields[0]
    return states


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_the_background_index_is_paused_while_a_rebuild_runs(tmp_path):
    """The indexer and the Pagefind it runs stop together (SIGSTOP to their process group) and
    go on afterwards to write the index."""
    from generator.preview import BackgroundSearchIndex

    documents = many_documents()
    site = tmp_path / "site"
    site.mkdir()
    index = BackgroundSearchIndex()
    index.request(documents, str(site))
    try:
        deadline = time.monotonic() + 60
        while not (index._indexer is not None and len(_states(index._indexer.pid)) >= 2):
            assert time.monotonic() < deadline, "Pagefind did not start"
            time.sleep(0.05)
        group = index._indexer.pid
        index.pause()
        time.sleep(0.3)
        paused = _states(group)
        assert len(paused) >= 2 and set(paused.values()) == {"T"}, paused
        index.resume()
        time.sleep(0.3)
        assert "T" not in _states(group).values()
        assert index.wait(timeout=120)
        assert (site / "pagefind" / "pagefind.js").is_file()
    finally:
        index.stop()


SERVER = """
import sys, time
from generator.preview import BackgroundSearchIndex
from test_serve import many_documents

if __name__ == "__main__":  # the indexer is spawned: it imports this file again
    index = BackgroundSearchIndex()
    index.request(many_documents(40_000), sys.argv[1])  # about 20 s of indexing
    while index._indexer is None:
        time.sleep(0.05)
    print(index._indexer.pid, flush=True)
    time.sleep(600)
"""


def many_documents(count: int = 6000) -> dict[str, str]:
    """Search records enough for Pagefind to take a few seconds."""
    return {f"claims/c{i}.html": f"<html><body><main data-pagefind-body><p>word{i} talks "
            f"{' '.join(f'filler{j}' for j in range(i % 97, i % 97 + 60))}</p></main></body></html>"
            for i in range(count)}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_the_indexer_ends_when_the_server_is_killed(tmp_path):
    """In its own process group, the indexer is out of reach of a closed terminal; it watches
    for its server to go and then stops itself and its Pagefind."""
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "server.py").write_text(SERVER, encoding="utf-8")
    temporary = tmp_path / "tmp"  # where the indexer writes Pagefind's input
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")]), "TMPDIR": str(temporary)}
    server = subprocess.Popen([sys.executable, str(tmp_path / "server.py"), str(site)], stdout=subprocess.PIPE,
                              text=True, env=env, cwd=tmp_path)
    try:
        group = int(server.stdout.readline())
        deadline = time.monotonic() + 60
        while len(_states(group)) < 2:
            assert time.monotonic() < deadline, "Pagefind did not start"
            time.sleep(0.05)
    finally:
        server.kill()
        server.wait()
    deadline = time.monotonic() + 6  # well before the index would be finished
    while set(_states(group).values()) - {"Z"}:
        assert time.monotonic() < deadline, f"still running: {_states(group)}"
        time.sleep(0.2)
    assert list(temporary.iterdir()) == []  # it cleaned up as on a stop


@pytest.mark.slow
def test_parley_serve_drops_a_deleted_article_and_serves_a_new_one(corpus, tmp_path):
    """The real `parley serve` (the real `mkdocs serve --dirty`) over HTTP."""
    briefings, docs, config = corpus
    replace_in(config, "      briefings: ", "      search: false\n      briefings: ")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/sub/"
    gone = briefings / "articles/2030/03/2030-03-06-wire-interviews.yaml"
    new = briefings / "articles/2030/03/2030-03-05-talks-resume-again.yaml"
    log = tmp_path / "serve.log"
    server = parley_serve(config, port, log)
    try:
        page = _wait_for(lambda: _get(base + "articles/2030-03-06-wire-interviews/", 2), 60, "the first build", log)
        assert page[0] == 200
        gone.unlink()
        new.write_text((briefings / ARTICLE).read_text(encoding="utf-8").replace("2030-03-04", "2030-03-05"),
                       encoding="utf-8")
        _wait_for(lambda: (r := _get(base + "articles/2030-03-05-talks-resume-again/", 5)) and r[0] == 200,
                  30, "the new article", log)
        assert _get(base + "articles/2030-03-06-wire-interviews/", 5)[0] == 404
        output = log.read_text(errors="replace")
        assert re.search(r"parley: \d+ of \d+ generated pages changed", output), output
        assert "A 'dirty' build is being performed" not in output  # strict: true would abort on it
    finally:
        stop_server(server)
    assert server.returncode == 0, log.read_text(errors="replace")


# A hook (MkDocs `hooks:`) that holds each build after the plugin's on_pre_build until the gate
# file exists: the first page is then looked at while the rest of the site is still being rebuilt.
GATE_HOOK = """
import os, time

def on_files(files, config):
    deadline = time.monotonic() + 120
    while not os.path.exists({gate!r}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return files
"""
LIVE_RELOAD = re.compile(rb"<script>\s*var livereload = function.*?</script>", re.S)


def gated(config: Path, tmp_path: Path) -> Path:
    """mkdocs.yml with the gate hook and no search index; the gate file, open."""
    gate = tmp_path / "gate-open"
    gate.touch()
    (tmp_path / "gate.py").write_text(GATE_HOOK.format(gate=str(gate)), encoding="utf-8")
    replace_in(config, "      briefings: ", "      search: false\n      briefings: ")
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - gate.py\n", encoding="utf-8")
    return gate


def _fetch(url: str, timeout: float) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, TimeoutError, ConnectionError, socket.timeout):
        return None


@pytest.mark.slow
def test_parley_serve_shows_a_saved_articles_page_first_then_the_site_of_a_clean_build(corpus, tmp_path):
    """The real `parley serve` over HTTP: while the rebuild after a save runs, the saved article's
    page is served (with a notice saying so) and every other page waits; once it is done, every
    file served is a clean build's."""
    briefings, docs, config = corpus
    gate = gated(config, tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/sub/"
    article, day = base + "articles/2030-03-04-border-offer/", base + "days/2030-03-04/"
    log = tmp_path / "serve.log"
    server = parley_serve(config, port, log)
    try:
        _wait_for(lambda: _fetch(article, 2), 60, "the first build", log)
        gate.unlink()  # the next build stops after the page made first
        replace_in(briefings / ARTICLE, "sees a deal coming", "sees a deal far off")
        first = _wait_for(lambda: (page := _fetch(article, 5)) and b"sees a deal far off" in page and page,
                          30, "the saved article's page", log)
        assert b'id="parley-first-page"' in first and b"made first from your save" in first
        assert _fetch(day, 1) is None  # held: the day's briefing is being rebuilt
        assert _fetch(base + "feed.xml", 1) is None  # and so is the feed
        assert _fetch(base + "assets/parley/parley.css", 5) is not None  # the theme's, unchanged: the page needs it
        assert "articles/2030-03-04-border-offer.md shown first" in log.read_text(errors="replace")
        gate.touch()
        final = _wait_for(lambda: (page := _fetch(article, 10)) and b"parley-first-page" not in page and page,
                          60, "the rebuilt site", log)
        assert b"sees a deal far off" in final and _fetch(day, 10) is not None
        # The page made first was the rebuilt page (the edit changed nothing else it shows).
        notice = re.compile(rb'<div id="parley-first-page".*?</div>', re.S)
        assert LIVE_RELOAD.sub(b"", notice.sub(b"", first)) == LIVE_RELOAD.sub(b"", final)

        clean = tmp_path / "clean"
        result = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(config), "--site-dir",
                                 str(clean), "--site-url", base], cwd=REPO, capture_output=True, text=True,
                                timeout=300, env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"})
        assert result.returncode == 0, result.stderr
        differ, files = [], sorted(p for p in clean.rglob("*") if p.is_file() and p.name != "404.html")
        assert clean / "articles/2030-03-04-border-offer/index.html" in files and len(files) > 100
        for path in files:
            relative = path.relative_to(clean).as_posix()
            served = _fetch(base + relative, 10)
            if served is None or LIVE_RELOAD.sub(b"", served) != path.read_bytes():
                differ.append(relative)
        assert not differ, f"{len(differ)} file(s) served differ from a clean build's, e.g. {differ[:8]}"
    finally:
        gate.touch()
        stop_server(server)
    assert server.returncode == 0, log.read_text(errors="replace")


@pytest.mark.slow
def test_an_open_article_page_reloads_to_the_page_made_first_then_to_the_rebuilt_one(corpus, tmp_path, browser):
    """In a real browser: the page open on the saved article reloads by itself (live reload) to
    the page made first, with its note, and again, without the note, once the rebuild is done."""
    briefings, docs, config = corpus
    gate = gated(config, tmp_path)
    port = _free_port()
    article = f"http://127.0.0.1:{port}/sub/articles/2030-03-04-border-offer/"
    log = tmp_path / "serve.log"
    server = parley_serve(config, port, log)
    try:
        _wait_for(lambda: _fetch(article, 2), 60, "the first build", log)
        page = browser.new_page()
        page.goto(article)
        page.wait_for_load_state("load")
        gate.unlink()
        replace_in(briefings / ARTICLE, "sees a deal coming", "sees a deal far off")
        page.wait_for_selector("#parley-first-page", timeout=30_000)
        assert "sees a deal far off" in page.content()
        assert "made first from your save" in page.inner_text("#parley-first-page")
        gate.touch()
        page.wait_for_selector("#parley-first-page", state="detached", timeout=60_000)
        page.wait_for_load_state("load")
        assert "sees a deal far off" in page.content()
        page.close()
    finally:
        gate.touch()
        stop_server(server)
    assert server.returncode == 0, log.read_text(errors="replace")


# --- stopping: the whole process tree, on every stop signal, on every system --------------------

def _children() -> dict[int, set[int]]:
    """pid → its children's pids, from /proc."""
    children: dict[int, set[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), set()).add(int(stat.parent.name))
    return children


def _tree(root: int) -> set[int]:
    children, found, todo = _children(), set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo += children.get(pid, ())
    return found


def _running(pids: set[int]) -> set[int]:
    """The pids still running (a zombie has ended; only its parent has not collected it yet)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts processes in /proc")
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_parley_serve_ends_its_whole_process_tree_within_3_s_of_a_stop_signal(corpus, tmp_path, name):
    """The signal goes to `parley serve` alone (as `kill` sends it, not a terminal's Ctrl+C to the
    whole group): the server it started, the search indexer and Pagefind end with it, and the port
    is free again."""
    briefings, docs, config = corpus
    port = _free_port()
    log = tmp_path / "serve.log"
    server = parley_serve(config, port, log)
    try:
        _wait_for(lambda: (r := _get(f"http://127.0.0.1:{port}/sub/", 2)) and r[0] == 200, 90, "the first build", log)
        tree = _tree(server.pid)
        assert len(tree) >= 2, "parley serve runs the server as a process of its own"
        started = time.monotonic()
        os.kill(server.pid, getattr(signal, name))
        while True:
            for pid in _running(tree):  # what the tree starts meanwhile (an indexer) ends too
                tree |= _tree(pid)
            if not _running(tree) and not _port_open(port):
                break
            assert time.monotonic() - started < 3, \
                f"still running after 3 s: {sorted(_running(tree))}; port open: {_port_open(port)}"
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        assert server.wait(timeout=1) == 0
        print(f"{name}: process tree of {len(tree)} gone in {elapsed:.2f} s")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert "Traceback" not in log.read_text(errors="replace")


def test_without_posix_only_signals_serving_still_starts_pauses_and_stops(tmp_path, monkeypatch):
    """Windows has no SIGHUP, SIGSTOP, SIGCONT, killpg or setpgid: every use of them is guarded.
    Simulated here by removing them; the indexer (a fresh interpreter) still builds the index."""
    from generator import preview

    for attribute in ("SIGHUP", "SIGSTOP", "SIGCONT", "SIGBREAK"):
        monkeypatch.delattr(signal, attribute, raising=False)
    for attribute in ("killpg", "setpgid"):
        monkeypatch.delattr(os, attribute, raising=False)
    assert preview.stop_signals() == [signal.SIGINT, signal.SIGTERM]

    stopper = preview.StopOnSignal()
    before = signal.getsignal(signal.SIGTERM)
    stopper.install()
    assert signal.getsignal(signal.SIGTERM) == stopper._stop
    stopper.uninstall()
    assert signal.getsignal(signal.SIGTERM) == before

    site = tmp_path / "site"
    site.mkdir()
    index = preview.BackgroundSearchIndex()
    try:
        index.pause()
        index.request(many_documents(50), str(site))
        index.resume()
        assert index.wait(timeout=120)
        assert (site / "pagefind" / "pagefind.js").is_file()
    finally:
        index.stop()

    # `parley serve`'s side: a stop signal ends the server it runs.
    import threading

    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    started = time.monotonic()
    code = preview.run_server([sys.executable, "-c", "import time; time.sleep(60)"])
    assert code == 0 and time.monotonic() - started < 1.0 + preview.STOP_GRACE + 1
    assert signal.getsignal(signal.SIGTERM) == before
