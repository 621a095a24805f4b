"""Put a site together from the folders its parts were built in (`parley merge`).

`parley build --part 2031` writes only 2031's pages, open data and search index, and a
manifest (`.parley-part.json`) naming the part and what it was built from; `--part common`
writes the rest: the pages that span the years, the theme, the sitemap and the common search
index. Every part reads and analyses the whole corpus, so each page is the same bytes whichever
process made it; the merge only copies. It refuses parts built from different corpora or code,
a part given twice, a part missing, and two parts writing the same file. The result is published
as a build's is (generator/publish.py): it replaces the destination only when complete.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.site_plan import MANIFEST
from generator.visible import escape_unseen


class MergeError(Exception):
    """The parts do not make one site; the message says why."""


def read_manifest(folder: Path) -> dict:
    shown = escape_unseen(str(folder))
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MergeError(f"{shown}: not a part of a site (no {MANIFEST}); build one with "
                         "`parley build --part YEAR --site-dir DIR`") from None
    except (OSError, ValueError) as exc:
        raise MergeError(f"{shown}/{MANIFEST}: cannot be read ({exc})") from None
    if not isinstance(manifest, dict) or not {"parts", "fingerprint", "site_parts"} <= manifest.keys():
        raise MergeError(f"{shown}/{MANIFEST}: not a manifest Parley wrote")
    return manifest


def check_parts(folders: list[Path]) -> dict[str, Path]:
    """Part → the folder holding it, once every check passed."""
    if not folders:
        raise MergeError("no folders to merge")
    owners: dict[str, Path] = {}
    fingerprints = set()
    expected: set[str] = set()
    for folder in folders:
        manifest = read_manifest(folder)
        fingerprints.add(manifest["fingerprint"])
        expected |= set(manifest["site_parts"])
        for part in manifest["parts"]:
            if part in owners:
                raise MergeError(f"part {part} is in both {escape_unseen(str(owners[part]))} and "
                                 f"{escape_unseen(str(folder))}")
            owners[part] = folder
    if len(fingerprints) > 1:
        raise MergeError("the parts were built from different briefings or code (their fingerprints differ): "
                         "build every part from the same commit")
    missing = sorted(expected - owners.keys())
    if missing:
        raise MergeError(f"missing part(s): {', '.join(missing)}")
    extra = sorted(owners.keys() - expected)
    if extra:
        raise MergeError(f"part(s) the site does not have: {', '.join(extra)}")
    return owners


def merge_into(folders: list[Path], staging: Path) -> int:
    """Copy every part's files into `staging` (empty); returns the number of files."""
    check_parts(folders)
    seen: dict[str, Path] = {}
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                source = Path(root, name)
                relative = source.relative_to(folder).as_posix()
                if relative == MANIFEST:
                    continue
                if relative in seen:
                    raise MergeError(f"{escape_unseen(relative)} is in both {escape_unseen(str(seen[relative]))} and "
                                     f"{escape_unseen(str(folder))}")
                seen[relative] = folder
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    return len(seen)
