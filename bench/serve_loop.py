"""The analyst's preview loop under `parley serve`: seconds from saving one article's YAML file
to its rebuilt page being served. Used by bench/run.py; also runs alone:

    python bench/serve_loop.py --corpus /tmp/corp-year [--edits 3] [--timeout 300] [--no-search]

The corpus and the hand-written docs are copied to a temporary folder first (the copy is
edited, never the corpus given, and edits elsewhere in the repository do not trigger
rebuilds); run alone, it also runs the server from a copy of the code (see site_config.py). The server is the real `parley serve` (that is, `mkdocs serve`) with the search
index on, as in mkdocs.yml. Each edit puts a new marker word at the start of one claim's
text in a different article, and the article's page is fetched until the word appears. That
page is served before the rest of the site is rebuilt (generator/first_pages.py), while
`mkdocs serve` holds every other request until the rebuild is done: the home page is then
fetched at once, and its answer times the whole rebuild (the search index catches up later,
in the background).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from site_config import config_for, mount_path, snapshot_source, source  # noqa: E402

REBUILD_FAILED = ("An error happened during the rebuild", "problem(s) in the briefings", "Aborted with")
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


class ServeLoopError(RuntimeError):
    """The server did not start, or a rebuild failed or took longer than the timeout."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, timeout: float) -> str | None:
    """The page's text, or None while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=max(timeout, 0.1)) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout):
        return None


def _mark(text: str, marker: str) -> str:
    """The article with `marker` as the first word of its first claim's text (still valid YAML)."""
    edited, count = re.subn(r'^(    text: ")', lambda m: m.group(1) + marker + " ", text, count=1, flags=re.M)
    if not count:
        raise ServeLoopError('no claim line `    text: "…"` to edit (is this a bench/make_corpus.py corpus?)')
    return edited


def serve_loop(corpus: Path, *, edits: int = 3, timeout: float = 300.0, search: bool = True,
               progress=print) -> dict:
    """Start `parley serve` on a copy of `corpus`, time `edits` saves, stop the server.

    Returns {"seconds": [save → page, per edit], "median": …, "whole": [save → every page
    rebuilt, per edit], "logged": [MkDocs' own rebuild seconds, per edit], "startup": seconds
    until the first page was served}.
    """
    with tempfile.TemporaryDirectory(prefix="parley-serve-loop-") as tmp:
        tmp = Path(tmp)
        copy = tmp / "briefings"
        shutil.copytree(corpus, copy)
        shutil.copytree(source() / "docs", tmp / "docs")
        config = config_for(copy, tmp, search=search, docs=tmp / "docs")
        port = _free_port()
        base = f"http://127.0.0.1:{port}{mount_path()}"
        log_path = tmp / "serve.log"
        articles = sorted((copy / "articles").rglob("*.yaml"))
        targets = [articles[len(articles) * (k + 1) // (edits + 1)] for k in range(edits)]

        started = time.perf_counter()
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "generator", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                cwd=source(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

        def server_log() -> str:
            return log_path.read_text(encoding="utf-8", errors="replace")

        def fail(message: str):
            tail = "\n".join(server_log().splitlines()[-15:])
            raise ServeLoopError(f"{message}\n--- last lines of the server's log ---\n{tail}")

        try:
            while _fetch(base, 5) is None:
                if server.poll() is not None:
                    fail(f"parley serve exited with status {server.returncode} before serving")
                if time.perf_counter() - started > timeout:
                    fail(f"parley serve did not answer within {timeout:.0f} s")
                time.sleep(0.5)
            startup = time.perf_counter() - started
            progress(f"    serve: first build served after {startup:.1f} s")

            seconds, whole, logged = [], [], []
            for k, target in enumerate(targets, 1):
                marker = f"loopmark{k}{uuid.uuid4().hex[:8]}"
                url = f"{base}articles/{target.stem}/"
                log_before = len(server_log())
                edited = _mark(target.read_text(encoding="utf-8"), marker)
                with open(target, "w", encoding="utf-8", newline="") as f:
                    f.write(edited)
                saved = time.perf_counter()
                while True:
                    left = timeout - (time.perf_counter() - saved)
                    if left <= 0:
                        fail(f"{url} did not show the edit within {timeout:.0f} s")
                    if any(m in server_log()[log_before:] for m in REBUILD_FAILED):
                        fail("the rebuild after the edit failed (if generator/ was being edited meanwhile, "
                             "the running server mixed old code with new templates: run again)")
                    # A request waits while the server rebuilds, and forever after a failed rebuild:
                    # short requests let the log be checked in between.
                    page = _fetch(url, min(left, 10))
                    if page is not None and marker in page:
                        break
                    time.sleep(0.2)
                seconds.append(time.perf_counter() - saved)
                if _fetch(base, max(timeout - (time.perf_counter() - saved), 0.1)) is None:  # held until rebuilt
                    fail(f"{base} did not answer within {timeout:.0f} s of the edit")
                whole.append(time.perf_counter() - saved)
                built = BUILT.findall(server_log()[log_before:])
                logged.append(float(built[-1]) if built else float("nan"))
                progress(f"    serve: edit {k} ({target.name}) served after {seconds[-1]:.1f} s, "
                         f"every page after {whole[-1]:.1f} s")
                # A late second file event would start another rebuild; any request waits for it.
                time.sleep(1.0)
                _fetch(base, min(timeout, 60))
        finally:
            _stop(server)
    return {"seconds": seconds, "median": statistics.median(seconds), "whole": whole, "logged": logged,
            "startup": startup}


def _stop(server: subprocess.Popen) -> None:
    """Ctrl+C for the whole process group (parley serve and its mkdocs child), so `mkdocs serve`
    removes its temporary site; harder signals only if it does not stop."""
    for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if server.poll() is not None:
            return
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="a briefings directory (it is copied, not edited)")
    parser.add_argument("--edits", type=int, default=3, help="how many saves to time (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds to wait for the first build and for each rebuilt page (default: %(default)s)")
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="turn the search index off (mkdocs.yml has it on)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # stop the server, remove the copies
    with tempfile.TemporaryDirectory(prefix="parley-serve-code-") as code:
        snapshot_source(Path(code))
        result = serve_loop(args.corpus, edits=args.edits, timeout=args.timeout, search=args.search)
    print(f"save → rebuilt page under parley serve: median {result['median']:.1f} s "
          f"(each: {', '.join(f'{s:.1f}' for s in result['seconds'])}; every page rebuilt: "
          f"{', '.join(f'{s:.1f}' for s in result['whole'])}; MkDocs' own rebuild: "
          f"{', '.join(f'{s:.1f}' for s in result['logged'])}; first build served after {result['startup']:.1f} s)"
          "   goal < 2 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
