"""The page `parley serve` shows first after a save (generator/first_pages.py): which saves get one,
and that it is the page a whole build makes when the save changes nothing else it shows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.analyse import analyse
from generator.first_pages import LastBuild, file_stamps, first_pages, saved_articles
from generator.pipeline import read_corpus
from generator.render import RenderOptions, SiteFacts, render

MULTIDAY = Path(__file__).parent / "fixtures" / "multiday"
ARTICLE = "articles/2030/03/2030-03-04-border-offer.yaml"
OPTIONS = RenderOptions(site_url="https://example.org/sub/")


@pytest.fixture
def briefings(tmp_path) -> Path:
    shutil.copytree(MULTIDAY, tmp_path / "briefings")
    return tmp_path / "briefings"


def last_build(briefings: Path) -> LastBuild:
    stamps = file_stamps(briefings)
    return LastBuild(stamps, SiteFacts.of(analyse(read_corpus(briefings))), OPTIONS)


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    stat = path.stat()  # a save within the same clock tick still counts as a change
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_an_edited_articles_page_is_the_page_a_whole_build_makes(briefings):
    last = last_build(briefings)
    save(briefings / ARTICLE, "sees a deal coming", "sees a deal far off")
    (page,) = first_pages(briefings, file_stamps(briefings), last)
    whole = render(analyse(read_corpus(briefings)), OPTIONS)
    assert page.path == "articles/2030-03-04-border-offer.md"
    assert "sees a deal far off" in page.markdown
    assert page == whole[page.path]


def test_only_a_save_of_articles_in_place_gets_a_first_page(briefings):
    last = last_build(briefings)
    assert saved_articles(file_stamps(briefings), last) is None  # nothing saved
    (briefings / "notes.txt").write_text("not read by a build", encoding="utf-8")
    (briefings / "articles" / ".border-offer.yaml.swp").write_bytes(b"an editor's swap file")
    save(briefings / ARTICLE, "sees a deal coming", "sees a deal far off")
    assert saved_articles(file_stamps(briefings), last) == [ARTICLE]

    save(briefings / "actors.yaml", "name:", "name: ")  # the registry: every page may change
    assert saved_articles(file_stamps(briefings), last) is None
    assert first_pages(briefings, file_stamps(briefings), last) == []


def test_an_added_or_removed_article_gets_no_first_page(briefings):
    last = last_build(briefings)
    added = briefings / "articles/2030/03/2030-03-05-talks-resume-again.yaml"
    added.write_text((briefings / ARTICLE).read_text(encoding="utf-8").replace("2030-03-04", "2030-03-05"),
                     encoding="utf-8")
    assert saved_articles(file_stamps(briefings), last) is None
    added.unlink()
    (briefings / "articles/2030/03/2030-03-06-wire-interviews.yaml").unlink()
    assert saved_articles(file_stamps(briefings), last) is None


def test_a_save_with_a_problem_gets_no_first_page(briefings):
    last = last_build(briefings)
    save(briefings / ARTICLE, "stance: optimistic", "stance: optimistc")
    assert saved_articles(file_stamps(briefings), last) == [ARTICLE]
    assert first_pages(briefings, file_stamps(briefings), last) == []  # the build that follows reports the problem
