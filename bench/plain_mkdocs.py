"""The pages of a Parley site, written out beforehand for a plain `mkdocs build` (no plugin).

Used by bench/run.py to compare a Parley build with MkDocs building the same number of
pages of the same size without Parley. `parley export` writes every page Parley generates
as Markdown with front matter, plus the hand-written docs, the feed, the open data and
Parley's stylesheet; `plain_config` (bench/site_config.py) builds them with mkdocs.yml's
theme and settings minus the plugin.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from site_config import source


def export_pages(corpus: Path, out: Path) -> None:
    """`parley export OUT --briefings CORPUS`: every page pre-written as Markdown, with docs/."""
    subprocess.run([sys.executable, "-m", "generator", "export", str(out), "--briefings", str(corpus),
                    "--docs", str(source() / "docs")], check=True, cwd=source(), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def write_skeletons(export: Path, out: Path) -> int:
    """A copy of the export with each generated page's HTML blocks taken out (the placeholder
    comments left in their place): the Markdown that MkDocs itself parses in a Parley build,
    where the plugin puts the blocks back after conversion. Returns the pages rewritten."""
    from generator.render import split_blocks

    shutil.copytree(export, out)
    from generator.manual import PAGES

    # Hand-written pages and the manual's are Markdown, which a Parley build does not split.
    written = {p.relative_to(source() / "docs") for p in (source() / "docs").rglob("*.md")}
    written |= {Path(page) for page in PAGES}
    rewritten = 0
    for page in out.rglob("*.md"):
        if page.relative_to(out) in written:
            continue
        page.write_text(split_blocks(page.read_text(encoding="utf-8"))[0], encoding="utf-8")
        rewritten += 1
    return rewritten
