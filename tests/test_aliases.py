"""Aliases end to end without MkDocs: the registry's other spellings reach the actor, side and topic
pages, the search records (so a reader finds a claim by any spelling), the names search suggests
from, and the open data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.pipeline import build_pages

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("aliases") / "briefings"
    shutil.copytree(FIXTURE, corpus)

    def add(name: str, after: str, aliases: str) -> None:
        path = corpus / name
        text = path.read_text(encoding="utf-8")
        assert after in text
        path.write_text(text.replace(after, after + f"    aliases: {aliases}\n", 1), encoding="utf-8")

    add("actors.yaml", "    name: Envoy C\n", '["Envoy Cé", "Ambassador <C>", "المبعوث سي"]')
    add("sides.yaml", "    name: Northland\n", '["Northlander"]')
    add("topics.yaml", "    label: Truce\n", '["armistice"]')
    return build_pages(corpus)


def test_the_actor_page_lists_each_spelling_escaped_and_marked_with_its_script(content):
    page = content.pages["actors/envoy-c.md"].markdown
    assert ('<dt>Also written</dt><dd><bdi>Envoy Cé</bdi> · <bdi>Ambassador &lt;C&gt;</bdi> · '
            '<bdi lang="ar" dir="rtl">المبعوث سي</bdi></dd>') in page


def test_side_and_topic_pages_list_theirs(content):
    assert '<p class="parley-aliases">Also written: <bdi>Northlander</bdi></p>' in content.pages["sides/north.md"].markdown
    assert '<p class="parley-aliases">Also called: <bdi>armistice</bdi></p>' in content.pages["topics/truce.md"].markdown


def test_every_claim_record_carries_its_speaker_side_and_topic_spellings(content):
    # A claim's record is read at its link's address (render_search.py, record_path).
    envoy = [doc for path, doc in content.search_documents.items() if "/~claim-" in path
             and "<h1 data-pagefind-meta=\"title\">Envoy C</h1>" in doc]
    assert envoy
    for doc in envoy:
        assert "Envoy Cé · Ambassador &lt;C&gt; · المبعوث سي" in doc
    north = [doc for doc in content.search_documents.values() if 'content="Northland"' in doc]
    assert north and all("Northlander" in doc for doc in north)
    truce = [doc for path, doc in content.search_documents.items() if "/~claim-" in path and "Truce" in doc]
    assert truce and all("armistice" in doc for doc in truce)
    assert "Envoy Cé" in content.search_documents["actors/envoy-c/~.html"]


def test_the_names_file_lists_what_search_may_suggest(content):
    names = json.loads(content.data_files["search/names.json"])["names"]
    assert ["actor", "Envoy C", "actors/envoy-c/", ["Envoy Cé", "Ambassador <C>", "المبعوث سي"]] in names
    assert ["side", "Northland", "sides/north/", ["Northlander"]] in names
    assert ["topic", "Truce", "topics/truce/", ["armistice"]] in names


def test_the_open_data_gives_the_aliases(content):
    actors = json.loads(content.data_files["data/actors.json"])
    assert next(a for a in actors["actors"] if a["id"] == "envoy-c")["aliases"] == ["Envoy Cé", "Ambassador <C>",
                                                                                      "المبعوث سي"]
    assert next(s for s in actors["sides"] if s["id"] == "north")["aliases"] == ["Northlander"]
    topics = json.loads(content.data_files["data/topics.json"])
    assert next(t for t in topics["topics"] if t["id"] == "truce")["aliases"] == ["armistice"]
