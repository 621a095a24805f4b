"""Write the Pagefind search index for the rendered search records (an edge module: it
writes files and runs the Pagefind binary shipped in the `pagefind[bin]` wheel).

The records are written to a temporary folder and indexed with the Pagefind CLI: its
Python API answers one record per 0.1 s (measured here: 1,000 records in 101 s), the CLI
indexes 36,000 records in about 10 s.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Pagefind's own UI bundles; Parley has its own search UI, so they are not shipped.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    pass


def write_search_index(documents: dict[str, str], output: str | Path) -> None:
    """Index `documents` (relative path → HTML) into `output` (the site's `pagefind/` folder)."""
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="parley-search-") as tmp:
        for relpath, html in sorted(documents.items()):
            path = Path(tmp) / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        try:
            result = subprocess.run(
                [sys.executable, "-m", "pagefind", "--site", tmp, "--output-path", str(output), "--silent"],
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
