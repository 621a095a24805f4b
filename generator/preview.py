"""What `parley serve` adds to `mkdocs serve`: its process tree started and stopped as one, the
saved article's page served before the rest of the site is rebuilt, the claim search index
rebuilt in the background, and the problems of a broken save shown on the pages themselves
while the last good site stays up.

No MkDocs import: the plugin (generator/mkdocs_plugin.py) hands these to the server it runs in,
and the CLI runs the server through `run_server`. Signals differ by system (SIGHUP, SIGSTOP and
SIGCONT are POSIX only, SIGBREAK Windows only): each is looked up where it is used, and what a
system lacks is done without.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from markupsafe import Markup

from generator.problems import Problem

class _Prefixed(logging.LoggerAdapter):
    def process(self, msg, kwargs):
        return f"parley: {msg}", kwargs


log = _Prefixed(logging.getLogger("mkdocs.plugins.parley"), {})
"""The plugin's logger, as MkDocs' get_plugin_logger makes it (MkDocs prints it under serve)."""

PARENT_ENV = "PARLEY_SERVE_PARENT"
"""Set by `parley serve` for the server it starts: the pid the server ends with."""
STOP_GRACE = 2.0
"""Seconds a server has to stop cleanly after `parley serve` asks it to, before it is killed."""


def stop_signals() -> list[signal.Signals]:
    """The signals that stop a preview on this system: Ctrl+C, a kill, a closed terminal, Ctrl+Break."""
    return [s for s in (getattr(signal, name, None) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"))
            if s is not None]


# --- the CLI side: `parley serve` and the server it runs ------------------------------------------

class _Stop(Exception):
    """A stop signal reached `parley serve`."""


def run_server(command: list[str]) -> int:
    """Run the preview server `command` until it ends, or until a stop signal reaches this process:
    then ask the server to stop (it shuts down as on Ctrl+C: the search indexer stopped, its
    temporary site removed) and kill what is left after STOP_GRACE seconds. 0 when stopped by a
    signal, else the server's exit status.

    The server gets a process group (a console group on Windows) of its own, so a signal meant
    for `parley serve` is handled once, here, whether it came from the terminal or from `kill`."""
    def stop(signum, frame):
        raise _Stop(signum)

    previous = {}
    try:
        for signum in stop_signals():
            previous[signum] = signal.signal(signum, stop)
        if os.name == "posix":
            options = {"start_new_session": True}
        else:  # pragma: no cover - Windows
            options = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
        server = subprocess.Popen(command, env={**os.environ, PARENT_ENV: str(os.getpid())}, **options)
        try:
            return server.wait()
        except _Stop:
            end_server(server)
            return 0
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def end_server(server: subprocess.Popen, grace: float = STOP_GRACE) -> None:
    """Ask the server to stop, then kill its whole group if it has not within `grace` seconds."""
    # A second signal while the server stops must not leave it running: ignore them meanwhile.
    for signum in stop_signals():
        signal.signal(signum, signal.SIG_IGN)
    try:
        if os.name == "posix":
            os.kill(server.pid, signal.SIGTERM)
        else:  # pragma: no cover - Windows: the console group's Ctrl+Break, which the server handles
            os.kill(server.pid, signal.CTRL_BREAK_EVENT)
    except OSError:
        pass  # it has ended already
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except OSError:
                pass
        server.kill()
        server.wait()


class StopOnSignal:
    """In the server: every stop signal ends it as Ctrl+C does (`mkdocs serve` shuts down cleanly on
    KeyboardInterrupt and runs the plugins' on_shutdown), not as the default action of SIGTERM or
    SIGHUP would (the process killed, its indexer and temporary site left behind). When started
    by `parley serve`, the server also stops once that process is gone (POSIX)."""

    def __init__(self) -> None:
        self._previous: dict = {}

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in stop_signals():
            if signum != signal.SIGINT:  # Python raises KeyboardInterrupt for it already
                self._previous[signum] = signal.signal(signum, self._stop)
        parent = os.environ.get(PARENT_ENV, "")
        if os.name == "posix" and parent.isdigit() and int(parent) == os.getppid():
            threading.Thread(target=_end_with_parent, args=(int(parent),), daemon=True,
                             name="parley-watch-parent").start()

    def uninstall(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous = {}

    def _stop(self, signum, frame):
        # Once: a second signal must not cut the shutdown short.
        for other in stop_signals():
            signal.signal(other, signal.SIG_IGN)
        raise KeyboardInterrupt


# --- the problems of a broken save, on the page ---------------------------------------------------

OVERLAY_ID = "parley-problems"


def overlay_html(problems: list[Problem]) -> bytes:
    """A panel listing the problems, fixed to the foot of the page (escaped by markupsafe)."""
    items = Markup("").join(Markup("<li><code>{}:{}:{}:</code> {}</li>").format(
        p.path, p.line, p.column, p.explanation) for p in problems)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return str(Markup(
        '<div id="{}" role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:45vh;'
        'overflow:auto;box-sizing:border-box;padding:12px 16px;background:#fff1f0;color:#5a0b0b;'
        'border-top:4px solid #b3261e;font:14px/1.45 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.2)">'
        '<strong>parley serve: {} in the briefings.</strong> This is the last good build; it is replaced '
        'when the files are fixed and saved.'
        '<ul style="margin:8px 0 0;padding-left:20px;font-family:ui-monospace,monospace;font-size:13px;'
        'overflow-wrap:anywhere">{}</ul></div>').format(OVERLAY_ID, count, items)).encode("utf-8")


class ProblemsOverlay:
    """WSGI middleware for the preview server: while the last save left problems, every HTML page
    served carries them in a panel (the site itself is the last good build, unchanged)."""

    def __init__(self, app: Callable, problems: Callable[[], list[Problem]]):
        self.app, self.problems = app, problems

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        answer: dict = {}

        def capture(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return lambda data: None

        # The server holds a request while a rebuild runs: the problems are those of the build
        # the answer comes from only once it is given.
        body = self.app(environ, capture)
        headers = answer.get("headers", [])
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        problems = self.problems()
        if not problems or not kind.startswith("text/html"):
            start_response(answer["status"], headers)
            return body
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        end = content.rfind(b"</body>")
        end = len(content) if end == -1 else end
        content = content[:end] + overlay_html(problems) + content[end:]
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(answer["status"], headers + [("Content-Length", str(len(content)))])
        return [content]


# --- the saved article's page, shown before the rest is rebuilt --------------------------------

FIRST_PAGE_ID = "parley-first-page"


def first_page_notice() -> bytes:
    """A panel saying the page is a preview made first: constant text, nothing from the briefings."""
    return (
        f'<div id="{FIRST_PAGE_ID}" role="status" style="position:fixed;left:0;right:0;bottom:0;z-index:10000;'
        'box-sizing:border-box;padding:10px 16px;background:#fff8e1;color:#3d2e00;border-top:4px solid #8a6d00;'
        'font:14px/1.45 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.2)">'
        '<strong>parley serve: this page was made first from your save.</strong> The rest of the site is '
        'still being rebuilt; until then, the other pages wait, and this page\'s links to other outlets '
        'carrying a quote and to the speakers\' pages are those of the last build. It reloads by itself '
        'when the rebuild is done.</div>').encode("utf-8")


class FirstPages:
    """WSGI middleware for the preview server: while a rebuild runs, the page of the article just
    saved, made first (generator/first_pages.py), is answered at once, with a notice; every other
    request waits for the rebuild as before. The page is served from memory, whole, never from a
    file the rebuild may be writing, and only until the rebuild is done.

    `epochs` gives the server's (visible, wanted) site versions: they differ while a rebuild runs.
    A page asked for then waits here until the rebuild has said which pages it shows first
    (`decide`), not in the server, which would hold it until the whole site is rebuilt."""

    def __init__(self, app: Callable, inject: Callable[[bytes, int], bytes] | None = None,
                 epochs: Callable[[], tuple[int, int]] | None = None):
        self.app, self.inject, self.epochs = app, inject, epochs
        self._changed = threading.Condition()
        self._pages: dict[str, bytes] = {}
        self._static: Callable[[str], Path | None] | None = None
        self._epoch = 0
        self._decided = -1
        """The rebuild (its wanted version) whose first pages are known, or known to be none."""

    def decide(self, build: int, pages: dict[str, bytes] | None = None, epoch: int = 0,
               static: Callable[[str], Path | None] | None = None) -> None:
        """Rebuild `build` shows `pages` (request path → HTML) first, from now until `clear`;
        `epoch` is the version their live-reload script knows, older than the rebuild's, so that
        they reload when it is done. No pages: every request waits for the rebuild. `static`
        gives the file for a request of what the pages load (the theme's stylesheets, scripts,
        images) that this rebuild does not write, or None: those are served as they are meanwhile,
        since a page whose stylesheet waits for the rebuild is not shown either."""
        with self._changed:
            self._pages, self._epoch, self._decided = dict(pages or {}), epoch, max(self._decided, build)
            self._static = static if pages else None
            self._changed.notify_all()

    def clear(self) -> None:
        """The rebuild is done, failed, or is about to rewrite the whole site: every request is
        served from the site again (and waits for the rebuild while it runs)."""
        with self._changed:
            self._pages, self._static = {}, None
            self._changed.notify_all()

    def _rebuilding_undecided(self) -> bool:
        visible, wanted = self.epochs()
        return visible != wanted and self._decided < wanted

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")  # as MkDocs reads it
        if not path.endswith(("/", ".html")):  # live-reload polls, data, the theme's files
            with self._changed:
                static = self._static
            found = static(path) if static is not None else None
            if found is None:
                return self.app(environ, start_response)
            try:
                content = found.read_bytes()
            except OSError:
                return self.app(environ, start_response)
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(content)))])
            return [content]
        with self._changed:
            if self.epochs is not None:
                while self._rebuilding_undecided():
                    self._changed.wait(0.1)  # the server's versions change without telling this
            page, epoch = self._pages.get(path), self._epoch
        if page is None:
            return self.app(environ, start_response)
        end = page.rfind(b"</body>")
        end = len(page) if end == -1 else end
        content = page[:end] + first_page_notice() + page[end:]
        if self.inject is not None:
            content = self.inject(content, epoch)
        start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(content)))])
        return [content]


# --- the claim search index, rebuilt in the background ------------------------------------------

class BackgroundSearchIndex:
    """Pagefind takes 10 s and more on a year of claims, longer than the pages a save changes: under
    `mkdocs serve --dirty` the index is rebuilt once the pages are served, by a child process (at
    low priority, and stopped cleanly with the server), into a folder of its own that replaces
    the site's `pagefind/` whole. Requests are handled in order and only the latest waiting one
    is indexed, so the index ends up matching the last build."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting: tuple[dict[str, str], str] | None = None
        self._worker: threading.Thread | None = None
        self._indexer = None  # the child process, while it runs
        self._stopping = False
        self._paused = False
        """A rebuild is running: no indexer runs meanwhile (see pause)."""
        # The records last asked for (and not failed). Kept whole: comparing is quicker than
        # hashing them (tens of MB for a year of claims).
        self._current: dict[str, str] | None = None

    def request(self, documents: dict[str, str], site_dir: str) -> None:
        with self._changed:
            if documents == self._current:
                return  # no search record changed: the index in the site (or on its way) stands
            self._current, self._waiting, self._stopping = documents, (documents, site_dir), False
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="parley-search-index")
                self._worker.start()

    def forget(self) -> None:
        """The site is being cleaned: let a running index finish, and build the next one whatever
        it holds. (Requests come from the build, so none arrives while the site is cleaned.)"""
        self.resume()
        self.wait()
        with self._changed:
            self._current = None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no index is being built; False if `timeout` ran out first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._worker is None, timeout)

    def pause(self) -> None:
        """Stop the running indexer (and Pagefind under it) in its tracks while a rebuild runs,
        and start no other: on two cores it otherwise takes half the machine from the page the
        analyst is waiting for."""
        with self._changed:
            self._paused = True
            self._signal_group(getattr(signal, "SIGSTOP", None))

    def resume(self) -> None:
        with self._changed:
            self._paused = False
            self._signal_group(getattr(signal, "SIGCONT", None))
            self._changed.notify_all()

    def _signal_group(self, signum: int | None) -> None:
        """Signal the running indexer and its Pagefind (called with the lock held). `signum` is
        None where the system has no such signal (SIGSTOP and SIGCONT are POSIX only: on Windows
        the index is simply not paused)."""
        indexer = self._indexer
        if signum is None or indexer is None or indexer.pid is None or not hasattr(os, "killpg"):
            return
        try:
            os.killpg(indexer.pid, signum)  # the indexer leads its own process group
        except ProcessLookupError:
            # No group yet: the indexer is still starting (it makes its group before it runs
            # Pagefind), so the indexer alone is all there is to stop or continue.
            try:
                os.kill(indexer.pid, signum)
            except OSError:
                pass  # it has just ended
        except OSError:
            pass

    def stop(self) -> None:
        """Drop what is waiting, stop the indexer that runs and wait for it to clean up."""
        with self._changed:
            self._stopping, self._waiting, self._current = True, None, None
            if self._indexer is not None:
                self._indexer.terminate()
        self.resume()  # a paused process only acts on the signal once it runs again
        self.wait(timeout=30)

    def _run(self) -> None:
        while True:
            with self._changed:
                if self._waiting is None:
                    self._worker = None
                    self._changed.notify_all()
                    return
                (documents, site_dir), self._waiting = self._waiting, None
            if not self._build(documents, Path(site_dir)):
                with self._changed:
                    self._current = None  # the next request indexes again, changed or not

    def _build(self, documents: dict[str, str], site: Path) -> bool:
        import multiprocessing

        started = time.perf_counter()
        staging = Path(tempfile.mkdtemp(prefix=".parley-search-", dir=site.parent))
        try:
            # spawn, not fork: the server runs threads (a forked child could inherit a held lock).
            indexer = multiprocessing.get_context("spawn").Process(
                target=_index_search, args=(documents, str(staging)), name="parley-search-index")
            with self._changed:
                self._changed.wait_for(lambda: not self._paused or self._stopping)
                if self._stopping:
                    return False
            # Started outside the lock: handing the records to the child takes a moment, and a
            # rebuild that starts meanwhile must not wait for it to pause the index.
            indexer.start()
            with self._changed:
                self._indexer = indexer
                if self._stopping:
                    indexer.terminate()
                elif self._paused:
                    self._signal_group(getattr(signal, "SIGSTOP", None))
            indexer.join()
            with self._changed:
                self._indexer = None
            if indexer.exitcode != 0:
                error = staging / "error.txt"
                if error.is_file():
                    log.error(f"the search index was not rebuilt: {error.read_text(encoding='utf-8')}")
                return False
            if self._stopping or not site.is_dir():  # the server stopped meanwhile
                return False
            if (site / "pagefind").exists():
                (site / "pagefind").rename(staging / "old")
            (staging / "pagefind").rename(site / "pagefind")
        except OSError as exc:
            log.error(f"the search index was not rebuilt: {exc}")
            return False
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        log.info(f"search index rebuilt in {time.perf_counter() - started:.1f} s, after the pages")
        return True


def _end_with_parent(parent: int) -> None:
    """In the indexer: stop (as on SIGTERM, cleaning up) once the server that started it is gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)


def _index_search(documents: dict[str, str], staging: str) -> None:
    """The indexer process: writes `staging`/pagefind, or the reason it could not in error.txt.

    It yields the CPU to the next rebuild, and a stop (SIGTERM from the server, SIGINT from
    Ctrl+C) ends it through `finally` blocks: Pagefind is killed and its temporary folder removed."""
    from generator.index_search import SearchIndexError, write_search_index

    def stop(signum, frame):
        # Ctrl+C reaches this process and the server, which then sends SIGTERM: a second signal
        # must not cut the clean-up short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if hasattr(os, "setpgid"):
        # Its own process group, shared with the Pagefind it starts, so that the server can pause
        # both while it rebuilds (BackgroundSearchIndex.pause). Ctrl+C then reaches the server
        # only, which stops this group in on_shutdown; if the server dies without doing so (a
        # closed terminal, a kill), the watch below, or the kernel's SIGHUP to a stopped group
        # left without its parent, ends this one.
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, stop)
        os.setpgid(0, 0)
        threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    if hasattr(os, "nice"):
        os.nice(10)
    try:
        write_search_index(documents, Path(staging) / "pagefind")
    except SearchIndexError as exc:
        (Path(staging) / "error.txt").write_text(str(exc), encoding="utf-8")
        sys.exit(1)
