"""Reading the open data as a reader would: each year's compressed files, listed in data/index.json."""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def year_paths(site: Path) -> list[Path]:
    """Each year's folder of a built site's open data, oldest first."""
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    return [site / "data" / str(entry["year"]) for entry in index["years"]]


def site_documents(site: Path, name: str) -> list[dict]:
    """data/YEAR/NAME.json.gz of every year, parsed."""
    return [json.loads(gzip.decompress((folder / f"{name}.json.gz").read_bytes())) for folder in year_paths(site)]


def site_records(site: Path, name: str) -> list[dict]:
    """Every record of a kind (claims, reports, events, articles) across the years."""
    return [record for document in site_documents(site, name) for record in document[name]]


def site_csv_texts(site: Path, name: str) -> list[str]:
    """data/YEAR/NAME.csv.gz of every year, as text (the byte-order mark left to the caller)."""
    return [gzip.decompress((folder / f"{name}.csv.gz").read_bytes()).decode("utf-8") for folder in year_paths(site)]
