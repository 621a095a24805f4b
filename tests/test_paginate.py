"""Long records paginate: every rendered page stays bounded, and nothing is lost on the way.

A fictional corpus of 70 days (bench/make_corpus.py, 2,100 claims, across a new year) is
long enough for every kind of archive page with the default options.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.analyse import analyse
from generator.pipeline import read_corpus
from generator.manual import manual_pages
from generator.render import RenderOptions, Urls, render

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

REPO = Path(__file__).resolve().parent.parent
# Parts of 10 claims, so that the corpus's busiest speakers have months split in parts (a
# topic's month pages list no claims, so only actors' months are split).
OPTIONS = RenderOptions(archive_size=10)
# A listed claim is one line linking to its full text on its article's page (render_lines.py).
CLAIM_LINE = re.compile(r'<li class="f-[^"]*"[^>]*>.*?href="[^"]*articles/([^/"]+)/#claim-([^"]+)"')
NAV = re.compile(r'<nav class="parley-daynav"[^>]*>(.*?)</nav>')
DAY_ITEM = re.compile(r'<li><a href="[0-9]{4}-[0-9]{2}-[0-9]{2}/">')
ARCHIVE = re.compile(r"^(actors|topics)/([a-z0-9-]+)/([0-9]{4})-([0-9]{2})(?:-part-([0-9]+))?\.md$")


def make_corpus(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, str(REPO / "bench" / "make_corpus.py"), str(out), *args], check=True,
                   capture_output=True, timeout=120)
    return out


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("long") / "briefings", "--days", "70", "--articles-per-day", "3",
                       "--start", "2029-11-15")


@pytest.fixture(scope="module")
def briefings(long_corpus):
    return analyse(read_corpus(long_corpus))


@pytest.fixture(scope="module")
def pages(briefings):
    return render(briefings, OPTIONS)


def archive_of(pages, main: str) -> list[str]:
    """Archive pages of an actor's or topic's main page, oldest first."""
    base = main[: -len(".md")] + "/"
    found = [p for p in pages if p.startswith(base) and ARCHIVE.match(p)]
    return sorted(found, key=lambda p: (p[len(base):len(base) + 7], int(ARCHIVE.match(p).group(5) or 1)))


def claims_on(page) -> list[str]:
    return [f"{article}--{claim}" for article, claim in CLAIM_LINE.findall(page.markdown)]


def views(briefings):
    for view in briefings.actors:
        yield f"actors/{view.actor.id}.md", [f"{c.article}--{c.id}" for c in view.claims]
    for view in briefings.topics:
        yield f"topics/{view.topic.id}.md", [f"{c.article}--{c.id}" for c in view.claims]


def test_every_claim_is_listed_once_across_main_and_month_pages(briefings, pages):
    paged = 0
    for main, expected in views(briefings):
        archive = archive_of(pages, main)
        paged += bool(archive)
        on_main = claims_on(pages[main])
        assert len(on_main) == min(len(expected), OPTIONS.page_size), main
        if main.startswith("topics/"):
            # A topic's month pages list none: its positions and a count by day (the next test).
            assert not [c for p in archive for c in claims_on(pages[p])], main
            assert Counter(on_main) == Counter(expected[-OPTIONS.page_size:]), main
            continue
        listed = on_main + [c for p in archive for c in claims_on(pages[p])]
        assert Counter(listed) == Counter(expected), main
    assert paged >= 10  # the corpus is long enough for the test to mean something


POSITION_ROW = re.compile(r'<tr><th scope="row">[^<]*</th><td data-label="Side">.*?href="[^"]*articles/([^/"]+)/#claim-'
                          r'([^"]+)"')
TALLY = re.compile(r'<li><a href="[^"]*days/([0-9-]+)/#who-said-what">[^<]*</a>: ([0-9]+) claims? \(([^)]*)\)</li>')


def test_a_topics_month_page_shows_its_positions_and_counts_the_other_claims_by_day(briefings, pages):
    """Every claim of a topic's month is accounted for: a row of its positions, or counted on the
    day of its briefing, whose page lists it (and links its article, where it is in full)."""
    said = {f"{c.article}--{c.id}": c for c in briefings.corpus.claims}
    published = {a.key: a.published for a in briefings.corpus.articles}
    checked = 0
    for view in briefings.topics:
        main = f"topics/{view.topic.id}.md"
        on_main = set(claims_on(pages[main]))
        archive = archive_of(pages, main)
        assert not [p for p in archive if "-part-" in p], "a topic's month is one page"
        for path in archive:
            _, _, year, month, _ = ARCHIVE.match(path).groups()
            month_claims = [k for k in (f"{c.article}--{c.id}" for c in view.claims)
                            if k not in on_main and (said[k].said_on.year, said[k].said_on.month) == (int(year), int(month))]
            stating = {k for k in month_claims if any(t.id == view.topic.id for t, _ in said[k].positions)}
            rows = {f"{a}--{c}" for a, c in POSITION_ROW.findall(pages[path].markdown)}
            assert rows == stating, path
            expected = Counter(published[said[k].article].isoformat() for k in month_claims if k not in stating)
            tallies = {day: int(n) for day, n, _ in TALLY.findall(pages[path].markdown)}
            assert tallies == dict(expected), path
            for day in tallies:  # the briefing of that day lists each of them
                listed = set(claims_on(pages[f"days/{day}.md"]))
                assert {k for k in month_claims if k not in stating
                        and published[said[k].article].isoformat() == day} <= listed, (path, day)
            checked += 1
    assert checked >= 10


def test_archive_pages_hold_one_month_in_parts_of_bounded_size(briefings, pages):
    said = {f"{c.article}--{c.id}": c.said_on for c in briefings.corpus.claims}
    for main, _ in views(briefings):
        if main.startswith("topics/"):
            continue
        for path in archive_of(pages, main):
            _, _, year, month, _ = ARCHIVE.match(path).groups()
            listed = claims_on(pages[path])
            assert 0 < len(listed) <= OPTIONS.archive_size, path
            assert {(said[c].year, said[c].month) for c in listed} == {(int(year), int(month))}, path
    assert any("-part-2" in p for p in pages), "no month long enough to be split"


def test_months_link_to_their_neighbours_and_back(briefings, pages):
    urls = Urls(OPTIONS)
    for main, _ in views(briefings):
        archive = archive_of(pages, main)
        for i, path in enumerate(archive):
            nav = NAV.search(pages[path].markdown).group(1)
            hrefs = dict((rel, href) for href, rel in re.findall(r'href="([^"]+)"(?: rel="(prev|next)")?', nav))
            assert hrefs[""] == urls.href(path, main)
            assert hrefs.get("prev") == (urls.href(path, archive[i - 1]) if i else None), path
            assert hrefs.get("next") == (urls.href(path, archive[i + 1]) if i + 1 < len(archive) else None), path
        # Two clicks: the main page links every one of its archive pages.
        for path in archive:
            assert f'href="{urls.href(main, path)}"' in pages[main].markdown, path


def test_archive_titles_name_the_speaker_or_topic_and_the_month(pages, briefings):
    view = next(v for v in briefings.actors if archive_of(pages, f"actors/{v.actor.id}.md"))
    path = archive_of(pages, f"actors/{view.actor.id}.md")[0]
    year, month = ARCHIVE.match(path).group(3, 4)
    assert pages[path].title == f"{view.actor.name} — claims in {MONTHS[int(month) - 1]} {year}"
    split = next(p for p in pages if p.endswith("-part-2.md"))
    assert re.search(r" — claims in [A-Z][a-z]+ [0-9]{4}, part 2 of [0-9]+$", pages[split].title)


def test_main_pages_and_indexes_stay_bounded(briefings, pages):
    for main, _ in views(briefings):
        assert len(pages[main].markdown) < 200_000, main
    assert pages["articles/index.md"].markdown.count("<li>") <= OPTIONS.page_size + 12  # + the months
    assert len(DAY_ITEM.findall(pages["days/index.md"].markdown)) == OPTIONS.recent_days
    assert pages["timeline.md"].markdown.count('<tr><th scope="row"><a href=') == OPTIONS.recent_days
    home = pages["index.md"].markdown.split("{: #all-briefings }", 1)[1]
    assert home.count("<li>") == OPTIONS.recent_days
    assert "Latest briefings, newest first" in pages["index.md"].markdown
    for path, page in pages.items():
        assert len(page.markdown) < 400_000, path


def test_index_archives_are_complete_periods(briefings, pages):
    corpus = briefings.corpus
    months = [p for p in pages if re.fullmatch(r"articles/[0-9]{4}-[0-9]{2}\.md", p)]
    assert months == sorted({f"articles/{a.published:%Y-%m}.md" for a in corpus.articles})
    listed = Counter(m for p in months for m in re.findall(r'href="\.\./([0-9]{4}-[0-9]{2}-[0-9]{2}-[^/"]+)/"',
                                                          pages[p].markdown))
    assert listed == Counter(a.key for a in corpus.articles)
    years = sorted({d.date.year for d in briefings.days})
    assert len(years) == 2
    for year in years:
        days = [d for d in briefings.days if d.date.year == year]
        assert pages[f"days/{year}.md"].markdown.count("<li>") == len(days)
        timeline = pages[f"timeline/{year}.md"].markdown
        assert timeline.count('<tr><th scope="row"><a href=') == len(days)
        # Both drawings of the chart cover the same days.
        assert f"Stacked columns for {len(days)} days" in timeline
        assert f"Stacked bars, one row per day, for {len(days)} days" in timeline
    assert "2029/" in NAV.search(pages[f"days/{years[1]}.md"].markdown).group(1)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_between_generated_pages_resolves(briefings, directory_urls):
    options = RenderOptions(directory_urls=directory_urls)
    pages = render(briefings, options)
    urls = Urls(options)
    by_url = {urls.url(path): path for path in pages}
    ids = {}
    for path, page in pages.items():
        source = urls.url(path)
        folder = source if source.endswith("/") else posixpath.dirname(source)
        for href in re.findall(r'href="([^"]+)"', page.markdown):
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            if not parts.path:
                target = path
            else:
                resolved = posixpath.normpath(posixpath.join(folder, parts.path))
                resolved = "" if resolved == "." else resolved + ("/" if parts.path.endswith("/") else "")
                if resolved.startswith(("method", "about", "data/", "feed.xml")):
                    continue  # hand-written pages and data files, not rendered here
                assert resolved in by_url, f"{path}: {href}"
                target = by_url[resolved]
            if parts.fragment:
                if target not in ids:
                    ids[target] = set(re.findall(r'id="([^"]+)"', pages[target].markdown)) | set(
                        re.findall(r"\{: #([^ }]+) \}", pages[target].markdown))
                assert parts.fragment in ids[target], f"{path}: {href}"


def test_a_short_corpus_is_not_split():
    for corpus in (REPO / "briefings", REPO / "tests" / "fixtures" / "multiday"):
        rendered = render(analyse(read_corpus(corpus)), OPTIONS)
        assert not [p for p in rendered if ARCHIVE.match(p) or re.search(r"/[0-9]{4}(-[0-9]{2})?\.md$", p)]
        assert not [p for p in rendered if p.startswith("timeline/")]
        assert all('class="parley-paged"' not in page.markdown for page in rendered.values())


def test_names_on_archive_pages_are_escaped(tmp_path):
    corpus = make_corpus(tmp_path / "briefings", "--days", "30", "--articles-per-day", "3")
    registry = corpus / "actors.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        'name: "Delegation A"', 'name: "Delegation <b>A</b> [x](javascript:alert(1))"'), encoding="utf-8")
    pages = render(analyse(read_corpus(corpus)), RenderOptions(page_size=10))
    archive = archive_of(pages, "actors/delegation-a.md")
    assert archive
    for path in archive:
        page = pages[path]
        assert page.title.startswith("Delegation <b>A</b>")  # plain text; escaped in the front matter
        assert "<b>A</b>" not in page.markdown and "Delegation &lt;b&gt;A&lt;/b&gt;" in page.markdown


def test_page_size_is_an_option(briefings):
    pages = render(briefings, RenderOptions(page_size=5, archive_size=7, recent_days=3))
    for main, expected in views(briefings):
        assert len(claims_on(pages[main])) == min(5, len(expected))
        assert all(len(claims_on(pages[p])) <= 7 for p in archive_of(pages, main))
    assert len(DAY_ITEM.findall(pages["days/index.md"].markdown)) == 3


def test_the_method_page_states_the_default_sizes():
    method = " ".join(manual_pages()["method.md"].split())
    assert f"show the {OPTIONS.page_size} most recent claims" in method
    assert f"more than {RenderOptions().archive_size} claims is split into parts" in method
    assert f"the index shows the {OPTIONS.page_size} latest" in method
    assert f"show the latest {OPTIONS.recent_days} days" in method
