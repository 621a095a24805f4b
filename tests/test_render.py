"""Render stage: golden pages for the fictional corpus, escaping, and links between pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.analyse import analyse
from generator.pipeline import read_corpus
from generator.render import (
    Page,
    PageCollision,
    RenderOptions,
    Urls,
    markdown_text,
    render,
    safe_url,
    verbatim_spans,
)

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus"
GOLDEN = HERE / "golden"


def rendered(directory_urls: bool = True, corpus: Path = CORPUS) -> dict[str, Page]:
    return render(analyse(read_corpus(corpus)), RenderOptions(directory_urls=directory_urls))


# Each fictional corpus has its own folder of expected pages.
GOLDEN_CORPORA = {"basic": CORPUS, "multiday": HERE / "fixtures" / "multiday"}


@pytest.mark.parametrize("name", sorted(GOLDEN_CORPORA))
def test_golden_pages(name):
    """Rendered Markdown equals the checked-in pages (PARLEY_UPDATE_GOLDENS=1 rewrites them)."""
    assert_golden(rendered(corpus=GOLDEN_CORPORA[name]), name)


def assert_golden(pages: dict[str, Page], name: str) -> None:
    """The pages equal the checked-in ones under tests/golden/NAME (PARLEY_UPDATE_GOLDENS=1 rewrites them)."""
    golden = GOLDEN / name
    if os.environ.get("PARLEY_UPDATE_GOLDENS"):
        for old in golden.rglob("*.md"):
            old.unlink()
        for page in pages.values():
            target = golden / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
    assert {p.relative_to(golden).as_posix() for p in golden.rglob("*.md")} == set(pages)
    for path, page in pages.items():
        assert page.markdown == (golden / path).read_text(encoding="utf-8"), f"golden differs: {name}/{path}"


SHIPPED = HERE.parent / "briefings"


def test_golden_briefings_of_the_shipped_corpus():
    """The fifteen shipped days' briefings and the ledger page, as read against the sources
    (PARLEY_UPDATE_GOLDENS=1 rewrites them: then read the diff against ../shared/corpus)."""
    pages = {path: page for path, page in rendered(corpus=SHIPPED).items()
             if path.startswith("days/2") or path == "stand.md"}
    assert len(pages) == 16
    assert_golden(pages, "shipped")


def test_dates_and_durations_follow_the_locale():
    pages = render(analyse(read_corpus(CORPUS)), RenderOptions(locale="fr"))
    day = pages["days/2030-01-13.md"].markdown
    assert 'title: "Briefing for dimanche 13 janvier 2030"' in day and "13 janv. 2030" in day
    assert "2\u00a0jours" in day  # "last stated 2 days earlier", with Babel's French plural and spacing
    assert "January 2030" not in day and "Sunday" not in day  # (an analyst's note may say "11 January")


def test_search_records_and_the_feed_give_dates_in_the_locale_too():
    from generator.render_data import render_feed
    from generator.render_search import search_documents

    briefings = analyse(read_corpus(CORPUS))
    records = search_documents(briefings, RenderOptions(locale="fr"))
    assert "Briefing for dimanche 13 janvier 2030" in "".join(records.values())
    assert any('content="13 janv. 2030"' in r for r in records.values())  # a claim's date label
    feed = render_feed(briefings, RenderOptions(locale="fr"), "Example").decode()
    assert "Briefing for dimanche 13 janvier 2030" in feed and "January" not in feed


def test_expected_pages_exist():
    pages = rendered()
    assert {"index.md", "days/index.md", "articles/index.md", "format.md", "timeline.md", "sides.md", "search.md", "data.md",
            "stand.md", "sides/north.md", "sides/south.md", "sides/broker.md",
            "actors/index.md", "actors/delegation-a.md", "actors/envoy-c.md", "actors/spokesperson-b.md",
            "topics/index.md", "topics/truce.md", "topics/captives.md", "topics/border.md",
            "days/2030-01-10.md", "days/2030-01-12.md", "days/2030-01-13.md",
            "articles/2030-01-10-talks-open.md", "articles/2030-01-12-no-headline.md",
            "articles/2030-01-13-talks-break-off.md"} == set(pages)


def test_hostile_text_is_escaped_in_html_and_front_matter():
    pages = rendered()
    article = pages["articles/2030-01-10-talks-open.md"].markdown
    assert 'title: "Talks open in the Example City &lt;b&gt;tonight&lt;/b&gt;"' in article
    assert "<b>tonight" not in article
    quote_page = pages["articles/2030-01-12-no-headline.md"].markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in quote_page
    assert "<script>" not in quote_page
    # YAML 1.1 look-alikes are shown as written
    assert "Yes, no, 1.10" in quote_page


def test_missing_headline_and_link_are_said():
    page = rendered()["articles/2030-01-12-no-headline.md"]
    assert page.title == "Example Daily, 12 Jan 2030 (headline not recorded)"
    assert "Headline not recorded" in page.markdown
    assert "No link recorded." in page.markdown
    assert "date inferred" in page.markdown


def test_claims_have_permalink_anchors_and_day_links():
    pages = rendered()
    article = pages["articles/2030-01-10-talks-open.md"].markdown
    for claim in ("envoy-hopeful", "north-demands", "south-rejects"):
        assert f'id="claim-{claim}"' in article
        assert f'href="#claim-{claim}"' in article
    assert 'href="../../days/2030-01-10/"' in article
    day = pages["days/2030-01-10.md"].markdown
    assert 'href="../../articles/2030-01-10-talks-open/#claim-envoy-hopeful"' in day
    assert 'href="../2030-01-12/" rel="next"' in day


def test_day_groups_parties_before_mediators():
    day = rendered()["days/2030-01-10.md"].markdown
    north, south, broker = (day.index(f"## {name}") for name in ("Northland", "Southland", "Broker State"))
    assert north < south < broker


def test_links_without_directory_urls():
    day = rendered(directory_urls=False)["days/2030-01-10.md"].markdown
    assert 'href="../articles/2030-01-10-talks-open.html#claim-envoy-hopeful"' in day
    assert 'href="index.html">All briefings' in day


@pytest.mark.parametrize("source,target,anchor,expected", [
    ("index.md", "days/2030-01-10.md", None, "days/2030-01-10/"),
    ("days/2030-01-10.md", "index.md", None, "../../"),
    ("days/2030-01-10.md", "days/index.md", None, "../"),
    ("days/2030-01-10.md", "days/2030-01-10.md", "x", "./#x"),
    ("articles/a.md", "articles/b.md", "claim-c", "../b/#claim-c"),
])
def test_relative_urls(source, target, anchor, expected):
    assert Urls(RenderOptions()).href(source, target, anchor) == expected


def test_markdown_text_neutralises_markdown_and_html():
    out = str(markdown_text("*a* [x](javascript:alert(1)) <img src=x onerror=alert(1)> {: .c } # &amp;"))
    for ch in "*[]()<>{}#&:":
        assert ch not in out.replace("&#", "").replace(";", "") or ch == "&"
    assert "<" not in out and "[" not in out and "*" not in out


def test_only_http_urls_become_links():
    assert safe_url("https://example.org/x") == "https://example.org/x"
    for bad in ("javascript:alert(1)", " https://example.org", "data:text/html,x", "//evil.example",
                "https://user:pw@example.org/", None):
        assert safe_url(bad) is None


def test_verbatim_spans_escape_text_and_mark_fragments():
    out = str(verbatim_spans("He said “<b>no</b>” & left"))
    assert out == 'He said <span class="parley-verbatim">“&lt;b&gt;no&lt;/b&gt;”</span> &amp; left'


def test_two_pages_on_one_path_are_refused():
    import dataclasses

    # Validation keeps keys unique, so the collision is made by hand: one article listed twice.
    briefings = analyse(read_corpus(CORPUS))
    article = briefings.corpus.articles[0]
    corpus_twice = dataclasses.replace(briefings.corpus, articles=briefings.corpus.articles + (article,))
    with pytest.raises(PageCollision):
        render(analyse(corpus_twice))


@pytest.mark.parametrize("name", sorted(GOLDEN_CORPORA))
def test_html_blocks_passed_around_markdown_give_the_same_html(name):
    """The speed-up (blocks out of Markdown, back after conversion) must not change a byte."""
    import markdown

    from generator.render import join_blocks, split_blocks

    def convert(text: str) -> str:
        body = text.split("\n---\n\n", 1)[1]
        return markdown.Markdown(extensions=["toc", "attr_list", "md_in_html"]).convert(body)

    for path, page in rendered(corpus=GOLDEN_CORPORA[name]).items():
        skeleton, blocks = split_blocks(page.markdown)
        assert blocks, path
        assert join_blocks(convert(skeleton), blocks) == convert(page.markdown), path


def test_links_from_top_level_pages_without_directory_urls():
    urls = Urls(RenderOptions(directory_urls=False))
    assert urls.href("index.md", "days/2030-01-10.md") == "days/2030-01-10.html"
    assert urls.href("timeline.md", "index.md") == "index.html"
    assert urls.file_href("data.md", "data/claims.json") == "data/claims.json"
    assert urls.file_href("days/2030-01-10.md", "feed.xml") == "../feed.xml"


def test_every_command_is_in_the_command_reference():
    """Like sqlite-utils' docs test: a subcommand added without reaching the docs fails here."""
    import argparse

    from generator.commands import help_texts, parser
    from generator.pipeline import build_pages

    page = build_pages(CORPUS, command_help=help_texts()).pages["commands.md"].markdown
    subcommands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name in subcommands.choices:
        assert f"## parley {name}\n" in page, name
    for text in help_texts().values():
        assert str(markdown_escape_pre(text)) in page


def markdown_escape_pre(text):
    from generator.render import html_text

    return html_text(text)


def test_search_records_are_rendered_only_for_a_search_index():
    from generator.pipeline import build_pages

    assert build_pages(CORPUS, search=False).search_documents == {}
    assert build_pages(CORPUS).search_documents
