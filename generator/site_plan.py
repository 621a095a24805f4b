"""Which outputs a build writes: a part of the site (generator/parts.py), and of it only what
changed since the previous build of the same site.

A build that reuses the last one (`parley build --reuse`, what the daily publish does with the
site kept in the workflow's cache) still reads, analyses and renders the whole corpus, which
is quick, and compares each output with a digest of what the last build wrote: MkDocs converts
and writes only the pages whose Markdown changed, Pagefind indexes only the parts whose records
changed, and the rest is the last build's files, copied. Anything shown on every page (the
configuration, the nav, the theme, the hand-written pages) changing makes it a clean build.
The result is the same bytes as a clean build (tests/test_site_plan.py builds both ways).

The record of a build is kept beside the site folder (`SITE.parley-build.json`), never in it:
it is not part of what is published.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.parts import COMMON, part_of

STATE_VERSION = 1


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def state_path(site_dir: str | os.PathLike) -> Path:
    """Where the record of the build of `site_dir` is kept: beside it, not in it."""
    site = Path(site_dir).resolve()
    return site.with_name(site.name + ".parley-build.json")


@dataclass
class BuildState:
    """What one build wrote: enough for the next to know what it may keep."""

    site_wide: str = ""
    """Digest of what every page shows (config, nav, theme, hand-written pages)."""
    outputs: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Generated page or data file (source path) → (digest of its content, its file in the site):
    a later build keeps the file while the digest is equal, and removes it when the output is gone."""
    search: dict[str, str] = field(default_factory=dict)
    """Part → digest of its search records (its Pagefind index is kept while this is equal)."""

    def save(self, path: Path) -> None:
        data = {"version": STATE_VERSION, "parley": __version__, "site_wide": self.site_wide,
                "outputs": self.outputs, "search": self.search}
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> BuildState | None:
        """The record, or None when there is none or it was written by another version."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION or data.get("parley") != __version__:
            return None
        return cls(data["site_wide"], {k: tuple(v) for k, v in data["outputs"].items()}, data["search"])


@dataclass
class PreparedPage:
    """A generated page between rendering and MkDocs: its Markdown without the HTML blocks (what
    MkDocs converts), the blocks themselves compressed until the finished page needs them
    (a decade's pages are some 1.5 GB of HTML held from the first page rendered to the last
    written), and a digest of the whole."""

    skeleton: str
    blocks: bytes
    digest: str

    @classmethod
    def of(cls, markdown: str, split) -> PreparedPage:
        skeleton, blocks = split(markdown)
        return cls(skeleton, zlib.compress(pickle.dumps(blocks, protocol=pickle.HIGHEST_PROTOCOL), 1),
                   digest(markdown))

    def unpacked_blocks(self) -> list[str]:
        return pickle.loads(zlib.decompress(self.blocks))  # made by this process, never read from elsewhere


@dataclass
class SitePlan:
    """What this build writes."""

    parts: frozenset[str] | None = None
    """The parts to write (None: the whole site)."""
    previous: BuildState | None = None
    """The last build of this site folder, whose unchanged outputs are kept (None: a clean build)."""

    def wanted(self, path: str) -> bool:
        """Whether the output at `path` (a page's source path, a data file) is this build's."""
        return self.parts is None or part_of(path) in self.parts

    def wanted_part(self, part: str) -> bool:
        return self.parts is None or part in self.parts

    @property
    def whole(self) -> bool:
        return self.parts is None

    @property
    def lists_every_page(self) -> bool:
        """Whether MkDocs must know every page of the site (for the sitemap): the common part's."""
        return self.parts is None or COMMON in self.parts

    def kept(self, path: str, content_digest: str, site_wide: str) -> bool:
        """Whether the last build's output for `path` may stand for this one's (the caller checks
        that its file is still there)."""
        previous = self.previous
        if previous is None or previous.site_wide != site_wide:
            return False
        last = previous.outputs.get(path)
        return last is not None and last[0] == content_digest


MANIFEST = ".parley-part.json"
"""In a folder holding some parts of a site (not the whole): which parts, and of which build."""


def site_parts(briefings) -> set[str]:
    """Every part of the site the analysis makes: common, and each year with articles."""
    return {COMMON} | {str(a.published.year) for a in briefings.corpus.articles}


def finish_build(site: Path, plan: SitePlan, state: BuildState, briefings, options,
                 fingerprint: str = "") -> None:
    """After MkDocs wrote this build's pages: the search index, with the common part, unless its
    records are the last build's (none when `options` is None: no search); the last build's
    outputs that are gone removed; and, for a build of some parts only, every other file
    removed and a manifest written (for `parley merge`, generator/merge_parts.py)."""
    previous = plan.previous if plan.previous is not None and plan.previous.site_wide == state.site_wide else None
    if options is not None and plan.wanted_part(COMMON):
        from generator.index_search import write_search_indexes
        from generator.render_search import search_records

        # Made twice rather than held: a decade's records are some 600 MB.
        state.search[COMMON] = digest(*(text for record in search_records(briefings, options)
                                        for text in (record.path, record.html, str(record.day))))
        if previous is None or previous.search.get(COMMON) != state.search[COMMON] \
                or not (site / "pagefind" / "pagefind-entry.json").is_file():
            write_search_indexes(search_records(briefings, options), site / "pagefind")
    if previous is not None:
        for path, (_, dest) in previous.outputs.items():
            if path not in state.outputs and plan.wanted(path):
                _remove(site, dest)
    if plan.parts is not None:
        for path in sorted(site.rglob("*"), reverse=True):  # files before their folders
            relative = path.relative_to(site).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif part_of(relative) not in plan.parts:
                path.unlink()
        (site / MANIFEST).unlink(missing_ok=True)  # perhaps a hard link to the last build's
        (site / MANIFEST).write_text(json.dumps({
            "parley": __version__, "parts": sorted(plan.parts), "fingerprint": fingerprint,
            "site_parts": sorted(site_parts(briefings))}, indent=1) + "\n", encoding="utf-8")


def _remove(site: Path, dest: str) -> None:
    """Remove a file an earlier build wrote, and the folders it leaves empty."""
    path = site / dest
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == site or not folder.is_relative_to(site) or not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()


def corpus_fingerprint(briefings_dir: str | os.PathLike, site_wide: str) -> str:
    """What a part was built from: every briefings file's path and bytes, and what every page
    shows. Parts with different fingerprints do not make one site (`parley merge` refuses them)."""
    root = Path(briefings_dir)
    parts: list[str | bytes] = [site_wide]
    for path in sorted(root.rglob("*.yaml")):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)
