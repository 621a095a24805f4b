"""Write the Pagefind search index for the rendered search records (an edge module: it
writes files and runs the Pagefind binary shipped in the `pagefind[bin]` wheel).

The records are written to a temporary folder and indexed with the Pagefind CLI: its
Python API answers one record per 0.1 s (measured here: 1,000 records in 101 s), the CLI
indexes 36,000 records in about 10 s.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


# Pagefind's own UI bundles; Parley has its own search UI, so they are not shipped.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    pass


@dataclass(frozen=True)
class SearchRecord:
    """One document for the indexer (made by generator/render_search.py)."""

    path: str
    """Where the indexer reads it (only for the indexer)."""
    html: str
    day: dt.date | None
    """The day it is dated (a claim's, a report's, a briefing's); None for an actor's or a
    topic's page, which follow the whole record."""


RECENT_DAYS = 365
"""The header's search box searches the records of the last year (and the actor and topic pages):
its first results cost a reader the same whatever the length of the archive. The Search claims
page searches them all."""
RECENT = "recent"
"""The recent index's folder inside the site's pagefind/ (only when the archive is longer)."""
ABOUT = "parley.json"
"""In the site's pagefind/: whether there is a recent index, for the search script."""


def write_search_index(documents: dict[str, str], output: str | Path) -> None:
    """Index `documents` (relative path → HTML) into `output` as one Pagefind index."""
    write_search_indexes((SearchRecord(path, html, None) for path, html in documents.items()), output)


YEARS = "years"
"""Past a year, the folder inside the site's pagefind/ that holds one index a year (YEARS/2031/)."""


def write_search_indexes(records: Iterable[SearchRecord], output: str | Path) -> int:
    """Index every record into `output` (the site's pagefind/) and return how many there were.

    While the records span at most RECENT_DAYS, one index holds them all. Past that, the
    header's box gets the last year's records (and the undated actor and topic pages) in
    `output`/recent/, and the Search claims page gets one index a year in `output`/years/YEAR/
    (with the undated pages in `output` itself), which it searches together (search.js).
    Pagefind holds every record it indexes in memory, about 53 kB each: a decade's 369,000
    claims in one run would need some 20 GB, one year at a time about 2 GB. Records are written
    to disk as they come (a decade's are some 600 MB)."""
    output = Path(output)
    count = 0
    with tempfile.TemporaryDirectory(prefix="parley-search-") as tmp:
        every = Path(tmp) / "every"
        dated: list[tuple[dt.date | None, Path]] = []
        for record in records:
            path = every / record.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record.html, encoding="utf-8")
            dated.append((record.day, Path(record.path)))
            count += 1
        days = [day for day, _ in dated if day is not None]
        built = Path(tmp) / "built"
        years: list[int] = []
        if days and (max(days) - min(days)).days >= RECENT_DAYS:
            # The undated pages first: Pagefind empties the folder it writes to.
            _index_part(every, [rel for day, rel in dated if day is None], Path(tmp) / "undated", built)
            since = max(days).toordinal() - RECENT_DAYS
            _index_part(every, [rel for day, rel in dated if day is None or day.toordinal() > since],
                        Path(tmp) / "recent", built / RECENT)
            years = sorted({day.year for day in days}, reverse=True)
            for year in years:
                _index_part(every, [rel for day, rel in dated if day is not None and day.year == year],
                            Path(tmp) / f"year-{year}", built / YEARS / str(year))
        else:
            _run_pagefind(every, built)
        # What the search script needs to know before it loads an index.
        (built / ABOUT).write_text(json.dumps({"recent": bool(years), "recent_days": RECENT_DAYS, "years": years},
                                              separators=(",", ":")) + "\n", encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        shutil.move(built, output)
    return count


def _index_part(every: Path, relpaths: list[Path], source: Path, output: Path) -> None:
    """Index some of the records written under `every` (linked into `source`, not copied)."""
    for relpath in relpaths:
        (source / relpath).parent.mkdir(parents=True, exist_ok=True)
        os.link(every / relpath, source / relpath)
    if not relpaths:  # Pagefind refuses a folder with nothing to index
        placeholder = source / "pages" / "none.html"
        placeholder.parent.mkdir(parents=True, exist_ok=True)
        placeholder.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>-</title></head>'
                               '<body></body></html>', encoding="utf-8")
    _run_pagefind(source, output)


def _run_pagefind(source: Path, output: Path) -> None:
    if output.exists():
        shutil.rmtree(output)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output), "--silent"],
            capture_output=True, text=True, timeout=1800,
            # glibc reserves 64 MB of address space per malloc arena, one per thread, and
            # Pagefind's runtime starts more threads when the machine is busy: under a
            # memory limit (a CI runner, the hostile-input tests) that alone made it fail.
            env={"MALLOC_ARENA_MAX": "2", **os.environ})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        if "No module named pagefind" in detail:
            detail = "the pagefind package is not installed (pip install 'pagefind[bin]')"
        raise SearchIndexError(f"Pagefind failed: {detail}")
    for name in _UNUSED:
        (output / name).unlink(missing_ok=True)
    canonicalise_filters(output)


_SIGNATURE = b"pagefind_dcd"


def _read(path: Path):
    import cbor2

    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise SearchIndexError(f"unexpected Pagefind file format in {path.name}")
    return cbor2.loads(raw[len(_SIGNATURE):])


def _write(folder: Path, prefix: str, suffix: str, digits: int, value) -> str:
    """Write `value` in Pagefind's encoding under a name derived from its content."""
    import cbor2

    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def canonicalise_filters(output: Path) -> None:
    """Make the index byte-identical from run to run.

    Pagefind 1.x writes each filter's values in Rust HashMap order, which is random per
    process, so the filter files, their content-hash names and the metadata file listing
    them change between identical builds (measured: every other file is stable). The
    values are sorted here and the files renamed by the hash of their new content; the
    structure Pagefind reads is unchanged.
    """
    entry_path = output / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = output / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, file_hash in meta[3]:
            old = output / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = _read(old)
            old.unlink()
            canonical = [filter_name, sorted(values, key=lambda item: item[0])]
            prefix = file_hash.split("_", 1)[0] + "_"
            filters.append([name, _write(output / "filter", prefix, ".pf_filter", 7, canonical)])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = _write(output, f"pagefind.{language}_", ".pf_meta", 10, meta)[len("pagefind."):]
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
