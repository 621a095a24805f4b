"""Search figures for a built site: what a reader downloads to get the first results of a
one-word query, and the index size. Used by bench/run.py; prints nothing itself.

Measured in real headless Chromium: the page is opened, then every response from the moment
the search box is focused until the first result is shown is counted, at its gzipped size
(Pagefind's index files are already gzip-compressed and counted as they are; JavaScript and
WebAssembly are gzipped here as a static host such as GitHub Pages serves them).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _served_size(body: bytes, url: str) -> int:
    if url.split("?")[0].endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")):
        return len(body)  # Pagefind writes these gzip-compressed already
    return len(gzip.compress(body, mtime=0))


def index_size(site: Path) -> tuple[int, int]:
    """(bytes, files) of the search index folder."""
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def bytes_to_first_result(site: Path, query: str, page_path: str = "") -> dict:
    """Open `page_path`, type `query` in the header box, wait for the first result."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    counted: list[tuple[str, int]] = []
    counting = {"on": False}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()

            def on_response(response):
                if counting["on"]:
                    try:
                        counted.append((response.url, _served_size(response.body(), response.url)))
                    except Exception:  # redirects and aborted requests have no body
                        pass

            page.on("response", on_response)
            page.goto(base + page_path)
            page.wait_for_load_state("networkidle")
            counting["on"] = True
            started = time.perf_counter()
            page.keyboard.press("/")
            page.keyboard.type(query)
            page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
            elapsed = time.perf_counter() - started
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return {"bytes": sum(n for _, n in counted), "requests": len(counted), "seconds": elapsed,
            "largest": sorted(counted, key=lambda x: -x[1])[:3]}
