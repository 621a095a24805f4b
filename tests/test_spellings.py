"""Spellings: one name written several ways folds to one key (accents, case, the Arabic article),
and a near miss is a small edit distance. The browser folds queries by the same samples
(tests/test_search_browser.py runs them through theme/assets/parley/spelling.js)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.spellings import distance, fold_query, name_key, script_language

SAMPLES = json.loads((Path(__file__).parent / "fixtures" / "spellings" / "samples.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("query, folded", SAMPLES["queries"].items())
def test_a_query_folds_accents_case_and_the_arabic_article(query, folded):
    assert fold_query(query) == folded


@pytest.mark.parametrize("name, key", SAMPLES["keys"].items())
def test_spellings_of_one_name_share_a_key(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize("a, b, n", SAMPLES["distances"])
def test_edit_distance_counts_a_swap_as_one(a, b, n):
    assert distance(a, b) == n == distance(b, a)


def test_edit_distance_stops_past_its_limit():
    assert distance("netanyahu", "witkoff", limit=2) > 2
    assert distance("netanyhu", "netanyahu", limit=2) == 1


def test_names_in_arabic_and_hebrew_script_are_marked_with_their_language():
    assert script_language("طاهر النونو") == "ar"
    assert script_language("בנימין נתניהו") == "he"
    assert script_language("Taher al-Nunu") is None
