"""The search index: one of every record while the archive spans a year; past that, one of the last
year's for the header's box and one a year for the search page, so that Pagefind never holds more
than a year's records at once (generator/index_search.py). Runs the real Pagefind."""

from __future__ import annotations

import datetime as dt
import json

from generator.index_search import ABOUT, RECENT, RECENT_DAYS, YEARS, SearchRecord, write_search_indexes


def _record(name: str, day: dt.date | None, word: str) -> SearchRecord:
    html = (f"<!DOCTYPE html><html lang='en'><head><title>{name}</title></head>"
            f"<body><h1>{name}</h1><p>{word} said on {day}</p></body></html>")
    return SearchRecord(f"claims/{name}.html", html, day)


def _indexed_pages(folder) -> int:
    return json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["page_count"]


def test_a_year_of_records_makes_one_index(tmp_path):
    start = dt.date(2030, 1, 1)
    records = [_record(f"c{i}", start + dt.timedelta(days=i * 30), "ceasefire") for i in range(12)]
    assert write_search_indexes(records, tmp_path / "pagefind") == 12
    assert _indexed_pages(tmp_path / "pagefind") == 12
    assert not (tmp_path / "pagefind" / RECENT).exists()
    assert json.loads((tmp_path / "pagefind" / ABOUT).read_text(encoding="utf-8"))["recent"] is False


def test_a_longer_archive_is_indexed_a_year_at_a_time_with_the_last_years_for_the_header(tmp_path):
    newest = dt.date(2033, 6, 30)
    old = [_record(f"old{i}", newest - dt.timedelta(days=RECENT_DAYS + 1 + i * 200), "ceasefire") for i in range(5)]
    recent = [_record(f"new{i}", newest - dt.timedelta(days=i * 60), "ceasefire") for i in range(4)]
    pages = [_record("actor-a", None, "envoy")]
    assert write_search_indexes(old + recent + pages, tmp_path / "pagefind") == 10
    folder = tmp_path / "pagefind"
    about = json.loads((folder / ABOUT).read_text(encoding="utf-8"))
    by_year: dict[int, int] = {}
    for record in old + recent:
        by_year[record.day.year] = by_year.get(record.day.year, 0) + 1
    assert about == {"recent": True, "recent_days": RECENT_DAYS, "years": sorted(by_year, reverse=True)}
    assert len(by_year) >= 3
    assert _indexed_pages(folder) == 1  # the undated pages
    for year, count in by_year.items():
        assert _indexed_pages(folder / YEARS / str(year)) == count
    assert _indexed_pages(folder / RECENT) == 5  # the 4 recent claims and the actor's page
