"""What the browser tests and scripts/screenshots.py share: build a site, serve it under its
sub-path on 127.0.0.1, and drive Debian's headless Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Keep Chromium from phoning home (updates, safe browsing, field trials) during a test run.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
# Installed by scripts/test.sh from the npm registry (version pinned there).
AXE_JS = REPO / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
# The repo's mkdocs.yml publishes under https://example.org/parley/; serve under the same path.
SUB_PATH = "/parley/"


def build_site(site_dir: Path, config: Path | None = None) -> None:
    """Run the real `parley build --strict`; raise with MkDocs' output if it fails."""
    args = [sys.executable, "-m", "generator", "build", "--strict", "--site-dir", str(site_dir)]
    if config is not None:
        args += ["-f", str(config)]
    result = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"parley build failed ({result.returncode}):\n{result.stderr}")


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves files under `sub_path` only, so a link that escapes the sub-path fails as a 404."""

    sub_path = SUB_PATH

    def send_head(self):
        if not self.path.startswith(self.sub_path):
            self.send_error(404, "outside the site's sub-path")
            return None
        return super().send_head()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` (which holds the site at `root/parley/`) on a free port; yield the site's URL."""
    handler = partial(_SubPathHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch_chromium(playwright):
    """Debian's Chromium, headless; Playwright never downloads a browser of its own here."""
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/test.sh (it installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@dataclass
class PageLog:
    """Everything a page did that a reader would not want: dialogs, errors, failed loads, and
    every URL it requested (to prove nothing left the local server)."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"dialog: {d}" for d in self.dialogs] + [f"console error: {e}" for e in self.console_errors]
                + [f"page error: {e}" for e in self.page_errors] + [f"failed: {r}" for r in self.failed_requests])


def watch(page) -> PageLog:
    """Record what `page` (and its workers, e.g. Material's search worker) does from now on."""
    log = PageLog()

    def on_dialog(dialog):
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_response(response):
        if response.status >= 400:
            log.failed_requests.append(f"{response.status} {response.url}")

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: msg.type == "error" and log.console_errors.append(f"{msg.text} ({msg.location})"))
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("requestfailed", lambda request: log.failed_requests.append(f"{request.failure} {request.url}"))
    page.on("response", on_response)
    return log
