"""What the benchmark builds: a snapshot of the code, and MkDocs configurations derived from mkdocs.yml.

`snapshot_source` copies generator/, docs/ and mkdocs.yml once, at the start of a run, and every
process the benchmark starts runs from that copy: a run takes minutes, and the working tree
may change meanwhile (a server that mixes old code with new templates fails; a process pool
whose workers import a newer module than their parent never starts). `config_for` is the real
site pointed at another corpus; `plain_config` is the same site without the `parley` plugin,
for a plain `mkdocs build` of pages written out beforehand.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parents[1]
_source = REPO


def source() -> Path:
    """Where the code, docs/ and mkdocs.yml are taken from; the working directory of every process."""
    return _source


def snapshot_source(folder: Path) -> Path:
    """Copy the code, docs/ and mkdocs.yml into `folder` and use the copy from now on: in this
    process (first on sys.path; call it before anything imports `generator`) and in every
    process started in `source()` (Python puts the working directory first for `python -m`)."""
    global _source
    if "generator" in sys.modules:
        raise RuntimeError("snapshot_source must run before anything imports generator")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "generator", folder / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "docs", folder / "docs")
    shutil.copy2(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    sys.path.insert(0, str(folder))
    _source = folder
    return folder


def config_for(corpus: Path, folder: Path, search: bool, docs: Path | None = None) -> Path:
    """mkdocs.yml with the briefings (and, if given, the hand-written docs) taken from elsewhere."""
    text = (_source / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {docs or _source / 'docs'}")
    text = text.replace("briefings: briefings", f"briefings: {corpus}\n      search: {'true' if search else 'false'}")
    path = folder / f"mkdocs-{'search' if search else 'nosearch'}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def mount_path() -> str:
    """The path the site is served under (`mkdocs serve` mounts it at site_url's path)."""
    site_url = yaml.safe_load((_source / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url") or "/"
    return urlsplit(site_url).path or "/"


def plain_config(pages: Path, path: Path) -> Path:
    """mkdocs.yml minus the `parley` plugin, building the Markdown pages in `pages`.

    Everything else that shapes a page is kept: the theme with Parley's template overrides
    (the plugin adds them as a theme directory; here they are `custom_dir`), the Markdown
    extensions, `strict`, the validation settings. The nav is the one the plugin makes: its
    index pages, then the hand-written docs, the manual, then its reference pages.
    """
    from generator.manual import manual_pages, page_title
    from generator.mkdocs_plugin import NAV, NAV_END, THEME_DIR

    config = yaml.safe_load((_source / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config.get("plugins", [])
                         if p != "parley" and not (isinstance(p, dict) and "parley" in p)]
    config["docs_dir"] = str(pages)
    config.pop("watch", None)
    config["theme"]["custom_dir"] = str(THEME_DIR)
    written = sorted(p.relative_to(_source / "docs").as_posix() for p in (_source / "docs").rglob("*.md"))
    manual = [{page_title(markdown): path} for path, markdown in manual_pages().items()]
    config["nav"] = [{t: p} for t, p in NAV] + written + manual + [{t: p} for t, p in NAV_END]
    # The plugin leaves the pages its nav does not list out of the nav; MkDocs alone needs patterns.
    config["not_in_nav"] = "/articles/*.md\n/days/*.md\n/actors/*/*.md\n/topics/*/*.md\n/timeline/*.md\n"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
