"""Reproducible builds: the shipped corpus builds to the same bytes whatever the checkout path, hash
seed, time zone, locale, file creation order or file times, and no output carries the build's date.

Two builds cover every variation at once; only when they differ are more builds run, one variation
at a time, to name the culprit."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
# What a checkout needs to build; generator/ too, so that the build runs the copy at the checkout's path.
CHECKOUT = ("mkdocs.yml", "docs", "briefings", "generator")

DEFAULT = {"path": "a", "order": "sorted", "mtimes": "copied",
           "PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"}
OTHER = {"path": "b/another checkout/parley", "order": "reversed", "mtimes": "old",
         "PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}


def make_checkout(root: Path, order: str, mtimes: str) -> None:
    """Copy the repo's build inputs to `root`, creating the files in sorted or reversed order."""
    files = sorted(p for name in CHECKOUT for p in ([REPO / name] if (REPO / name).is_file()
                                                    else (REPO / name).rglob("*"))
                   if p.is_file() and "__pycache__" not in p.parts)
    if order == "reversed":
        files.reverse()
    for n, source in enumerate(files):
        target = root / source.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        if mtimes == "old":  # a different time for every file, decades ago
            os.utime(target, (1_000_000_000 + n * 3600, 1_000_000_000 + n * 3600))


def build(tmp: Path, name: str, settings: dict[str, str]) -> Path:
    """Build the shipped corpus from a fresh checkout under `settings`; returns the site."""
    root = tmp / "checkouts" / settings["path"]
    if root.exists():
        shutil.rmtree(root)
    make_checkout(root, settings["order"], settings["mtimes"])
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PARLEY_DEBUG", "LANG", "LC_CTYPE")}
    env.update({k: v for k, v in settings.items() if k.isupper()})
    # `python -m generator` from the checkout root runs the checkout's copy, as `parley` would in a clone.
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"build {name} failed:\n{result.stderr}"
    site = tmp / "sites" / name
    site.parent.mkdir(parents=True, exist_ok=True)
    (root / "site").rename(site)
    return site


def digests(site: Path) -> dict[str, str]:
    """Every file and folder of the site, by path, with the SHA-256 of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in site.rglob("*")}


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def test_builds_are_byte_identical_across_machines(tmp_path):
    site_a = build(tmp_path, "A", DEFAULT)
    a = digests(site_a)
    for expected in ("pagefind/pagefind-entry.json", "sitemap.xml", "sitemap.xml.gz", "feed.xml", "data",
                     "404.html", "index.html"):
        assert expected in a, f"{expected} missing from the site"
    assert any(k.startswith("pagefind/filter/") for k in a) and any(k.startswith("data/") for k in a)
    b = digests(build(tmp_path, "B", OTHER))
    if a == b:
        return
    # Bisect: rebuild with one variation at a time ("none" catches a build that varies by itself).
    culprits = []
    for key in ["none", *OTHER]:
        settings = dict(DEFAULT) if key == "none" else {**DEFAULT, key: OTHER[key]}
        if differences(a, digests(build(tmp_path, f"A-{key}", settings))):
            culprits.append("nothing (two identical builds differ)" if key == "none"
                            else f"{key}={OTHER[key]!r} instead of {DEFAULT[key]!r}")
    changed = differences(a, b)
    pytest.fail(f"{len(changed)} path(s) differ between builds, e.g. {changed[:8]}; "
                f"changed by: {'; '.join(culprits) or 'only the variations together'}")


def dates_near_today() -> dict[str, dt.date]:
    today = dt.date.today()
    dates = {}
    for day in (today - dt.timedelta(days=1), today, today + dt.timedelta(days=1)):  # any time zone's today
        for text in (day.isoformat(), f"{day.day} {day:%B %Y}", day.strftime("%a, %d %b %Y")):
            dates[text] = day
    return dates


def test_no_output_carries_the_build_date(tmp_path):
    """Every date in the site comes from the data: none is the day the site was built."""
    corpus_text = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "briefings").rglob("*.yaml"))
    wanted = {text: day for text, day in dates_near_today().items() if str(day) not in corpus_text}
    site = build(tmp_path, "dated", DEFAULT)
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # gzip: sitemap.xml.gz and Pagefind's index files
            header_mtime = int.from_bytes(data[4:8], "little")
            if header_mtime and abs(header_mtime - now) < 2 * 86400:
                found.append(f"{path.relative_to(site)}: gzip header time {header_mtime}")
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        found += [f"{path.relative_to(site)}: {date!r}" for date in wanted if date in text]
    assert not found, "the build date leaks into the site: " + "; ".join(found[:10])
