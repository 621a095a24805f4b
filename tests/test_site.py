"""End to end: the real `parley` CLI and the real `mkdocs build --strict`, on the shipped corpus
and on the fictional one, checking pages, anchors, escaping, privacy and determinism."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import generator
from open_data import site_documents
from test_paginate import make_corpus

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "corpus"


def parley(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def fixture_config(tmp_path: Path, corpus: Path, site_url: str = "https://example.org/sub/") -> Path:
    """A mkdocs.yml like the repo's, pointed at another corpus."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    text = text.replace("briefings: briefings", f"briefings: {corpus}")
    text = re.sub(r"site_url: .*", f"site_url: {site_url}", text)
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = parley("build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (site.parent / "build.stderr").write_text(result.stderr, encoding="utf-8")
    return site


def test_a_build_says_what_the_site_weighs_against_github_pages_limit(shipped_site):
    said = (shipped_site.parent / "build.stderr").read_text(encoding="utf-8").splitlines()
    total = sum(p.stat().st_size for p in shipped_site.rglob("*") if p.is_file())
    assert f"parley: site is {total / 1e6:.1f} MB, {total / 1e9:.1%} of the 1 GB a GitHub Pages site may be" in said


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.urls.append((tag, value))


def parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_shipped_corpus_has_fifteen_daily_briefings(shipped_site):
    days = sorted(p.name for p in (shipped_site / "days").iterdir() if p.is_dir())
    assert days == ["2025-06-24", "2025-06-25", "2025-06-28", "2025-07-04", "2025-07-06", "2025-07-11",
                    "2025-07-24", "2025-07-25", "2025-08-08", "2025-08-20", "2025-09-10", "2025-09-29",
                    "2025-10-04", "2025-10-09", "2025-10-13"]
    articles = sorted(p.name for p in (shipped_site / "articles").iterdir() if p.is_dir())
    assert len(articles) == 15
    for name in articles:
        assert name[:10] in days
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "Monday 13 October 2025" in home  # the latest briefing first


def test_shipped_pages_link_both_ways_and_anchors_exist(shipped_site):
    article = shipped_site / "articles" / "2025-06-25-next-ceasefire-on-the-horizon" / "index.html"
    links = parse(article)
    claim_ids = {i for i in links.ids if i.startswith("claim-")}
    assert len(claim_ids) >= 10
    assert ("a", "../../days/2025-06-25/") in links.urls
    day = parse(shipped_site / "days" / "2025-06-25" / "index.html")
    targets = {u for t, u in day.urls if "2025-06-25-next-ceasefire-on-the-horizon/#claim-" in u}
    assert {t.split("#", 1)[1] for t in targets} == claim_ids


def test_every_internal_link_resolves(shipped_site):
    assert_links_resolve(shipped_site)


def test_every_internal_link_resolves_in_the_multiday_corpus(tmp_path):
    site = tmp_path / "site"
    config = fixture_config(tmp_path, REPO / "tests" / "fixtures" / "multiday", site_url="https://example.org/parley/")
    result = parley("build", "--strict", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "actors" / "spokesperson-b" / "index.html").is_file()
    assert_links_resolve(site)


def test_a_long_corpus_paginates_and_every_link_resolves(tmp_path):
    """70 days of a fictional corpus: actor and topic pages, the indexes and the timeline have
    archive pages beside them, which MkDocs builds, keeps out of the sidebar, and links resolve."""
    corpus = tmp_path / "briefings"
    make_corpus(corpus, "--days", "70", "--articles-per-day", "3", "--start", "2029-11-15")
    config = fixture_config(tmp_path, corpus, site_url="https://example.org/parley/")
    config.write_text(config.read_text(encoding="utf-8").replace("      window_days: 7\n",
                                                                   "      window_days: 7\n      search: false\n"))
    site = tmp_path / "site"
    result = parley("build", "--strict", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "topics" / "truce" / "index.html").is_file()
    assert (site / "topics" / "truce" / "2030-01" / "index.html").is_file()
    assert (site / "actors" / "delegation-a" / "2029-12" / "index.html").is_file()
    for path in ("articles/2029-11", "days/2029", "days/2030", "timeline/2029", "timeline/2030"):
        assert (site / path / "index.html").is_file(), path
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "truce/2030-01/" not in home and "timeline/2030/" not in home  # not in the sidebar
    assert_links_resolve(site)


def assert_links_resolve(shipped_site: Path) -> None:
    ids: dict[Path, set[str]] = {}  # each target page parsed once
    for page in shipped_site.rglob("*.html"):
        links = parse(page)
        for tag, url in links.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith("mailto:"):
                continue
            if not parts.path:
                if parts.fragment:
                    assert parts.fragment in links.ids, f"{page}: #{parts.fragment} missing"
                continue
            if parts.path.startswith("/"):
                # Only 404.html uses root-relative URLs (it is served at any depth), under site_url's path.
                assert page.name == "404.html" and parts.path.startswith("/parley/"), f"{page}: {url}"
                target = (shipped_site / parts.path[len("/parley/"):]).resolve()
            else:
                target = (page.parent / parts.path).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(shipped_site)} links to missing {url}"
            assert shipped_site.resolve() in target.parents, f"{page}: {url} escapes the site"
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                assert parts.fragment in ids[target], f"{page}: {url} anchor missing"


def test_no_request_to_another_host(shipped_site):
    """Nothing a page loads (scripts, styles, images, fonts) comes from another host."""
    for page in shipped_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        for tag, url in parse(page).urls:
            if tag in ("script", "img", "link", "iframe", "source", "video", "audio"):
                if tag == "link" and url.startswith("https://example.org/"):
                    continue  # canonical URL, not a request
                assert not urlsplit(url).scheme and not url.startswith("//"), f"{page}: loads {url}"
    for css in shipped_site.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8")), css


def test_quotes_and_paraphrases_are_distinct(shipped_site):
    page = (shipped_site / "articles" / "2025-06-25-next-ceasefire-on-the-horizon" / "index.html").read_text()
    assert 'class="parley-claim parley-claim--quote"' in page
    assert 'class="parley-claim parley-claim--paraphrase"' in page
    assert "“This is the time now for President Trump to push for it" in page


def test_hostile_text_shows_literally_after_a_real_build(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    hostile = corpus / "articles" / "2030" / "01" / "2030-01-12-no-headline.yaml"
    text = hostile.read_text(encoding="utf-8")
    text = text.replace("outlet: Example Daily",
                        'outlet: "Example </title><script>alert(2)</script> [x](javascript:alert(3)) {{ 7*7 }}"')
    hostile.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = parley("build", "--strict", "-f", str(fixture_config(tmp_path, corpus)), "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert 'href="javascript:' not in html, page
        assert "</title><script>" not in html, page
    article = (site / "articles" / "2030-01-12-no-headline" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "{{ 7*7 }}" in article and "49" not in article
    assert "<title>Example &lt;/title&gt;&lt;script&gt;" in article


def test_builds_are_byte_identical(tmp_path):
    digests = []
    for run in ("one", "two"):
        site = tmp_path / run
        result = parley("build", "--site-dir", str(site))
        assert result.returncode == 0, result.stderr
        digest = hashlib.sha256()
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
        digests.append(digest.hexdigest())
    assert digests[0] == digests[1]


def test_failed_build_leaves_previous_site(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    config = fixture_config(tmp_path, corpus)
    site = tmp_path / "site"
    assert parley("build", "-f", str(config), "--site-dir", str(site)).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    bad = corpus / "articles" / "2030" / "01" / "2030-01-12-no-headline.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("stance: neutral", "stance: optimistc"), encoding="utf-8")
    result = parley("build", "-f", str(config), "--site-dir", str(site))
    assert result.returncode == 1
    assert ("2030-01-12-no-headline.yaml:12:13: unknown stance 'optimistc' (did you mean 'optimistic'?); "
            "expected one of: optimistic, cautious, pessimistic, neutral") in result.stderr
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if ".parley-" in p.name], "staging directory left behind"


def test_plain_mkdocs_build_works_from_repo_root(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "days" / "2025-06-24" / "index.html").is_file()


def test_subpath_site_url_keeps_links_inside(tmp_path):
    site = tmp_path / "site"
    config = fixture_config(tmp_path, FIXTURE, site_url="https://example.org/deep/sub/path/")
    assert parley("build", "--strict", "-f", str(config), "--site-dir", str(site)).returncode == 0
    for page in site.rglob("*.html"):
        for tag, url in parse(page).urls:
            if url.startswith("/") and not url.startswith("//") and not url.startswith("/deep/sub/path/"):
                pytest.fail(f"{page}: root-relative {url} would escape a sub-path")


def test_strict_in_mkdocs_yml_applies_without_the_flag(tmp_path):
    """`parley build` must not loosen `strict: true` from mkdocs.yml: a broken link fails it."""
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    (docs / "broken.md").write_text("# Broken\n\n[nowhere](missing-page.md)\n", encoding="utf-8")
    config = fixture_config(tmp_path, FIXTURE)
    config.write_text(config.read_text(encoding="utf-8").replace(f"docs_dir: {REPO / 'docs'}", f"docs_dir: {docs}"),
                      encoding="utf-8")
    result = parley("build", "-f", str(config), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "missing-page.md" in result.stderr


def test_input_limits_are_configurable_in_mkdocs_yml(tmp_path):
    config = fixture_config(tmp_path, FIXTURE)
    text = config.read_text(encoding="utf-8").replace("      window_days: 7", "      window_days: 7\n      max_file_bytes: 300")
    config.write_text(text, encoding="utf-8")
    result = parley("build", "-f", str(config), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "over the limit of 300; expected a smaller file" in result.stderr


def test_page_sizes_are_configurable_in_mkdocs_yml(tmp_path):
    """page_size in mkdocs.yml reaches the pages: with 2 claims a page, actors get month pages."""
    config = fixture_config(tmp_path, REPO / "tests" / "fixtures" / "multiday")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      window_days: 7", "      window_days: 7\n      page_size: 2"), encoding="utf-8")
    result = parley("build", "-f", str(config), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    archives = [p for p in (tmp_path / "site" / "actors").glob("*/*/index.html")]
    assert archives, "no actor month page with page_size: 2"

    config.write_text(text.replace("      window_days: 7", "      window_days: 7\n      page_size: 0"), encoding="utf-8")
    result = parley("build", "-f", str(config), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "page_size must be at least 1" in result.stderr


def test_every_page_and_the_open_data_name_the_parley_version(shipped_site):
    """A reader can tell which rules made a briefing (see CHANGELOG.md)."""
    pages = sorted(shipped_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert f"Briefings made by Parley {generator.__version__}, following its <a href=" in text, page
    for claims in site_documents(shipped_site, "claims"):
        assert claims["parley_version"] == generator.__version__
    assert f'<generator version="{generator.__version__}">Parley</generator>' in \
        (shipped_site / "feed.xml").read_text(encoding="utf-8")
