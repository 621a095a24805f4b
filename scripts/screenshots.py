"""Screenshots of the shipped site in Debian's headless Chromium, at desktop and phone width, in the
light and the dark colour scheme, into docs/assets/screenshots/<page>-<desktop|phone>[-dark].png
(run: python scripts/screenshots.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser_support import SUB_PATH, build_site, launch_chromium, serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

OUT = REPO / "docs" / "assets" / "screenshots"
# name: path under the site. Pages the current corpus does not produce are left out, with a note.
PAGES = {
    "home": "",
    "briefing": "days/2025-06-25/",
    "actor": "actors/taher-nounou/",
    "timeline": "timeline/",
    "search": "search/?q=Nunu",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# The reader's system setting, which the site follows until they choose: file suffix → scheme.
SCHEMES = {"": "light", "-dark": "dark"}


def shrink(png: Path) -> None:
    """To 256 colours with pngquant when it is installed (Debian's `pngquant`): a page of text and
    flat colours looks the same and weighs a third; without it the file stays as Chromium wrote it."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--strip", "--quality", "70-95",
                        "--output", str(png), str(png)], check=False)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="parley-shots-") as tmp:
        root = Path(tmp)
        site = root / SUB_PATH.strip("/")
        build_site(site)
        with serve(root) as url, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for name, path in PAGES.items():
                if not (site / path.split("?", 1)[0] / "index.html").is_file():
                    print(f"skipped {name}: the site has no {path}", file=sys.stderr)
                    continue
                for width, viewport in VIEWPORTS.items():
                    for suffix, scheme in SCHEMES.items():
                        # A phone-sized context also gets touch and a device pixel ratio of 1, so every
                        # run writes the same pixels for the same site.
                        context = browser.new_context(viewport=viewport, device_scale_factor=1, color_scheme=scheme,
                                                      is_mobile=width == "phone", has_touch=width == "phone")
                        page = context.new_page()
                        page.goto(url + path, wait_until="networkidle")
                        if "?" in path:  # the search page: once its results are in
                            page.wait_for_function("/claims? match/.test(document.getElementById("
                                                   "'parley-search-status').textContent)")
                        target = OUT / f"{name}-{width}{suffix}.png"
                        page.screenshot(path=str(target), animations="disabled", caret="hide")
                        shrink(target)
                        print(target.relative_to(REPO))
                        context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
