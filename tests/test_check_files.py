"""Checking a few files resolves references against the registries without reading every article."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.pipeline import check, check_files

FIXTURE = Path(__file__).parent / "fixtures" / "multiday"


def test_only_the_given_files_and_registries_are_read(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(FIXTURE, corpus)
    # A broken article elsewhere is not read when checking another file.
    other = sorted((corpus / "articles").rglob("*.yaml"))[0]
    other.write_text("article: [unclosed\n", encoding="utf-8")
    target = sorted((corpus / "articles").rglob("*.yaml"))[-1]
    checked = check_files(corpus, [target])
    assert checked.problems == []
    assert {d.relpath for d in checked.documents} == {
        "sides.yaml", "topics.yaml", "actors.yaml", target.relative_to(corpus).as_posix()}


def test_problems_in_the_given_file_match_a_full_check(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(FIXTURE, corpus)
    target = sorted((corpus / "articles").rglob("*.yaml"))[-1]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("stance: ", "stance: hopefull\n    x_stance: ", 1), encoding="utf-8")
    full = [p for p in check(corpus).problems if p.path.endswith(target.name)]
    assert full and check_files(corpus, [target]).problems == full


def test_day_notes_are_checked_against_article_dates_from_file_names(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(FIXTURE, corpus)
    notes = corpus / "days" / "2030-03-05.yaml"
    notes.write_text("day:\n  status: active\n", encoding="utf-8")
    messages = [p.message for p in check_files(corpus, [notes]).problems]
    assert messages == ["no article is published on 2030-03-05, so there is no briefing for these notes"]
