"""Feed, open data and JSON-LD: valid for their real parsers, and hostile text stays text."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest

from generator.analyse import analyse
from generator.pipeline import read_corpus
from generator.render import RenderOptions, json_ld
from generator.render_data import render_data, render_feed, spreadsheet_safe

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
SHIPPED = Path(__file__).resolve().parents[1] / "briefings"
OPTIONS = RenderOptions(site_url="https://example.org/sub/", site_name="Example Briefings")
PAYLOAD = '</script><script>alert(1)</script> <img src=x onerror=alert(2)> ]]> & "q" =1+1'


def year_files(data: dict[str, bytes], name: str) -> list[bytes]:
    """A kind of open data (claims.json, claims.csv…) as each year's file holds it, decompressed,
    oldest year first; `data/index.json` names every year."""
    years = [entry["year"] for entry in json.loads(data["data/index.json"])["years"]]
    assert years == sorted(years) and years
    return [gzip.decompress(data[f"data/{year}/{name}.gz"]) for year in years]


def all_records(data: dict[str, bytes], name: str) -> list[dict]:
    """Every record of data/YEAR/NAME.json.gz across the years."""
    return [record for raw in year_files(data, f"{name}.json") for record in json.loads(raw)[name]]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("hostile") / "c"
    shutil.copytree(FIXTURE, corpus)
    article = corpus / "articles" / "2030" / "01" / "2030-01-12-no-headline.yaml"
    text = article.read_text(encoding="utf-8")
    text = text.replace("outlet: Example Daily", "outlet: " + json.dumps(PAYLOAD))
    text = text.replace("  published: 2030-01-12", "  headline: " + json.dumps(PAYLOAD) + "\n  published: 2030-01-12")
    text = text.replace('text: "Yes, no, 1.10 — *not emphasis* <script>alert(1)</script>"',
                        "text: " + json.dumps("=HYPERLINK(\"http://evil.example\") " + PAYLOAD))
    article.write_text(text, encoding="utf-8")
    return analyse(read_corpus(corpus))


def test_feed_parses_with_ids_dates_and_links():
    briefings = analyse(read_corpus(SHIPPED))
    feed = feedparser.parse(render_feed(briefings, OPTIONS, "Example Briefings"))
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.feed.title == "Example Briefings: daily briefings"
    assert feed.feed.id == "https://example.org/sub/feed.xml"
    assert [e.id for e in feed.entries][:2] == ["https://example.org/sub/days/2025-10-13/",
                                               "https://example.org/sub/days/2025-10-09/"]
    assert len(feed.entries) == len({a.published for a in briefings.corpus.articles}) == 15
    assert feed.entries[0].updated == "2025-10-13T00:00:00Z"
    assert feed.entries[0].link == "https://example.org/sub/days/2025-10-13/"
    assert "State of the talks" in feed.entries[0].content[0].value


def test_feed_escapes_hostile_text(hostile):
    raw = render_feed(hostile, OPTIONS, "Example <Briefings>")
    feed = feedparser.parse(raw)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.feed.title == "Example <Briefings>: daily briefings"
    content = next(e.content[0].value for e in feed.entries if "2030-01-12" in e.link)
    # The entry's HTML holds the payload as escaped text, never as markup.
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>" not in content and "<img" not in content


def test_open_data_validates_against_its_schemas():
    briefings = analyse(read_corpus(SHIPPED))
    data = render_data(briefings, OPTIONS)
    for name in ("claims", "reports", "events", "articles"):
        schema = json.loads(data[f"data/{name}.schema.json"])
        jsonschema.Draft7Validator.check_schema(schema)
        for raw in year_files(data, f"{name}.json"):
            jsonschema.validate(json.loads(raw), schema)
        assert all_records(data, name), name
    claims = all_records(data, "claims")
    assert len(claims) == len(briefings.corpus.claims)
    nounou = next(c for c in claims if c["claim"] == "nounou-talks-intensified")
    assert nounou["permalink"] == ("https://example.org/sub/articles/2025-06-25-next-ceasefire-on-the-horizon/"
                                   "#claim-nounou-talks-intensified")
    assert nounou["actor_name"] == "Taher Nounou" and nounou["via"] == "AFP"
    # All Israel News does not date Nounou's remark: no day in the data, only how it is known.
    assert (nounou["said_on"], nounou["said_on_precision"], nounou["published_precision"]) == (
        None, "before-publication", "inferred")
    assert nounou["caveats"] and all(c["kind"] for c in nounou["caveats"])
    reports = all_records(data, "reports")
    rejected = next(r for r in reports if r["report"] == "israel-rejected-end-of-war")
    assert (rejected["about"]["id"], rejected["positions"]) == ("israel", {"end-of-war": "rejects",
                                                                  "implementation-guarantees": "rejects"})
    events = all_records(data, "events")
    assert ("delegation-recalled", ("united-states",), "Doha") in {(e["type"], tuple(e["sides"]), e["place"])
                                                                   for e in events}


def test_csv_has_one_row_per_claim_and_neutralises_formulas(hostile):
    data = render_data(hostile, OPTIONS)
    rows = [row for raw in year_files(data, "claims.csv") for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))]
    assert len(rows) == len(hostile.corpus.claims)
    hostile_row = next(r for r in rows if r["id"].endswith("#statement"))
    assert hostile_row["text"].startswith("'=HYPERLINK(")
    assert hostile_row["outlet"] == PAYLOAD  # text is kept; only formula starts are neutralised
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_open_data_is_split_by_year_and_the_same_bytes_each_time():
    """Each year's records in their own compressed files (a decade in one file would be hundreds
    of megabytes); gzip's header holds no time, so a build is byte-identical."""
    briefings = analyse(read_corpus(FIXTURE))
    data = render_data(briefings, OPTIONS)
    again = render_data(analyse(read_corpus(FIXTURE)), OPTIONS)
    assert data == again
    index = json.loads(data["data/index.json"])
    years = {a.published.year for a in briefings.corpus.articles}
    assert [entry["year"] for entry in index["years"]] == sorted(years)
    for entry in index["years"]:
        assert entry["claims"] == sum(len(a.claims) for a in briefings.corpus.articles
                                      if a.published.year == entry["year"])
        for name in entry["files"]:
            assert data[f"data/{name}"][:2] == b"\x1f\x8b"  # gzip
    only = render_data(briefings, OPTIONS, wanted=lambda path: path.startswith(f"data/{min(years)}/"))
    assert set(only) == {f"data/{min(years)}/{name}" for name in
                         ("claims.json.gz", "claims.csv.gz", "reports.json.gz", "reports.csv.gz", "events.json.gz",
                          "articles.json.gz")}
    assert only.items() <= data.items()


@pytest.mark.parametrize("value,expected", [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
                                            ("\t=1", "'\t=1"), ("plain", "plain"), (None, "")])
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_json_ld_cannot_break_out_of_its_script(hostile):
    article = hostile.corpus.article("2030-01-12-no-headline")
    block = str(json_ld(article, OPTIONS))
    inner = block[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner
    data = json.loads(inner)
    assert data["@type"] == "WebPage" and data["about"]["headline"] == PAYLOAD
    quote = data["hasPart"][0]
    assert quote["@type"] == "Quotation" and quote["creator"]["name"] == "Delegation A"
    assert quote["text"].startswith("=HYPERLINK(")


def ld(article, options: RenderOptions = OPTIONS) -> dict:
    return json.loads(re.search(r">(.*)</script>", str(json_ld(article, options))).group(1))


def test_json_ld_is_parleys_page_about_the_article_with_every_claim():
    """The page's own address is its @id, the outlet's article (a blank node with the outlet's
    address as its url, so that no claim repeats that address) is what it is `about`; quotes are
    Quotations, paraphrases and partial quotes schema.org Claims, each attributed to the speaker
    (no `spokenByCharacter`: it is meant for characters in a work)."""
    corpus = analyse(read_corpus(SHIPPED)).corpus
    article = corpus.article("2025-07-06-doha-talks-resume")
    page = "https://example.org/sub/articles/2025-07-06-doha-talks-resume/"
    data = ld(article)
    assert (data["@type"], data["@id"], data["url"]) == ("WebPage", page, page)
    assert data["isPartOf"] == {"@type": "WebSite", "name": "Example Briefings", "url": "https://example.org/sub/"}
    about = data["about"]
    assert (about["@type"], about["@id"], about["url"]) == ("NewsArticle", "_:article", article.url)
    assert about["publisher"]["name"] == article.outlet and about["datePublished"] == "2025-07-06"
    parts = data["hasPart"]
    # Relative to the page: JSON-LD resolves them against its (canonical) address.
    assert [p["@id"] for p in parts] == [f"#{c.anchor}" for c in article.claims]
    by_form = {c.form: (c, p) for c, p in zip(article.claims, parts)}
    assert set(by_form) == {"paraphrase", "partial-quote"}  # this article has both
    for form, (claim, part) in by_form.items():
        assert part["@type"] == "Claim" and part["text"] == claim.text
        assert part["author"]["name"] == claim.actor.name and part["appearance"] == {"@id": "_:article"}
        assert "paraphrase" in part["description"]
    assert "spokenByCharacter" not in json.dumps(data)
    netanyahu = corpus.article("2025-07-11-netanyahu-few-days")
    republished = ld(netanyahu)
    # A republication: the page's publisher is the republisher, the original outlet its source.
    assert republished["about"]["publisher"]["name"] == netanyahu.republished_by == "Spotlight Nepal"
    assert republished["about"]["sourceOrganization"]["name"] == netanyahu.outlet
    quotes = republished["hasPart"]
    assert {q["@type"] for q in quotes} == {"Quotation"}
    assert [q["creator"]["name"] for q in quotes] == ["Benjamin Netanyahu"] * 3
    assert all(q["isBasedOn"] == {"@id": "_:article"} for q in quotes)


def test_json_ld_ids_without_a_site_address_or_an_article_address():
    """Relative to the page itself, as JSON-LD resolves them; an article without a known address is
    a blank node, never given the page's (or anyone's) address."""
    corpus = read_corpus(FIXTURE)
    data = ld(corpus.article("2030-01-12-no-headline"), RenderOptions())
    assert data["@id"] == "" and "url" not in data and "isPartOf" not in data
    assert data["about"]["@id"] == "_:article" and "url" not in data["about"]
    assert all(p["@id"].startswith("#claim-") for p in data["hasPart"])
    assert {p.get("isBasedOn", p.get("appearance"))["@id"] for p in data["hasPart"]} == {"_:article"}


# --- the feed over time: entries updated when their day changes ---------------------------------

def _git(repo: Path, *args: str, when: str | None = None) -> str:
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "Analyst", "GIT_AUTHOR_EMAIL": "analyst@example.org",
           "GIT_COMMITTER_NAME": "Analyst", "GIT_COMMITTER_EMAIL": "analyst@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _feed(briefings: Path, options: RenderOptions = OPTIONS):
    from generator.pipeline import build_pages

    return feedparser.parse(build_pages(briefings, options, search=False).data_files["feed.xml"])


def _entries(feed) -> dict[str, str]:
    return {e.link.rsplit("/", 2)[-2]: e.updated for e in feed.entries}


@pytest.fixture
def repository(tmp_path) -> Path:
    """The multi-day fixture as a git repository, committed once on 1 April 2030."""
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "fixtures" / "multiday", repo / "briefings")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "briefings", when="2030-04-01T09:00:00+00:00")
    return repo


def test_a_correction_to_an_earlier_briefing_moves_its_entry_and_only_its(repository):
    briefings = repository / "briefings"
    before = _entries(_feed(briefings))
    assert set(before.values()) == {"2030-04-01T09:00:00Z"}  # every file last changed in that commit
    article = briefings / "articles/2030/03/2030-03-04-border-offer.yaml"
    article.write_text(article.read_text(encoding="utf-8").replace("sees a deal coming", "sees a deal far off"),
                       encoding="utf-8")
    assert _entries(_feed(briefings)) == before  # not committed yet: the history has not changed
    _git(repository, "commit", "-q", "-am", "correct a quote", when="2030-04-03T12:30:00+02:00")
    feed = _feed(briefings)
    after = _entries(feed)
    assert after["2030-03-04"] == "2030-04-03T10:30:00Z"  # in UTC, whatever the committer's zone
    assert {day: stamp for day, stamp in after.items() if day != "2030-03-04"} == \
        {day: stamp for day, stamp in before.items() if day != "2030-03-04"}
    assert feed.feed.updated == "2030-04-03T10:30:00Z"
    published = {e.link.rsplit("/", 2)[-2]: e.published for e in feed.entries}
    assert published["2030-03-04"] == "2030-03-04T00:00:00Z"


def test_without_a_full_history_entries_are_dated_by_their_day(repository, tmp_path):
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repository}", str(shallow))
    for briefings in (shallow / "briefings", Path(shutil.copytree(repository / "briefings", tmp_path / "plain"))):
        entries = _entries(_feed(briefings))
        assert entries and all(stamp == f"{day}T00:00:00Z" for day, stamp in entries.items())


@pytest.mark.parametrize("site_url", ["https://example.org/sub/", None])
def test_feed_ids_are_absolute_unique_and_stable_with_or_without_a_site_address(site_url):
    """What the W3C feed validator checks of ids and links (RFC 4287): every atom:id an absolute
    IRI, unique; a self link, when there is one, absolute; the language declared."""
    import xml.etree.ElementTree as ET
    from urllib.parse import urlsplit

    options = RenderOptions(site_url=site_url, site_name="Example Briefings", locale="en")
    raw = render_feed(analyse(read_corpus(SHIPPED)), options, "Example Briefings")
    feed = feedparser.parse(raw)
    assert feed.bozo == 0, feed.bozo_exception
    root = ET.fromstring(raw)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    ids = [node.text for node in root.iter("{http://www.w3.org/2005/Atom}id")]
    assert len(ids) == len(set(ids)) == len(feed.entries) + 1
    assert all(urlsplit(i).scheme in ("https", "urn") for i in ids), ids
    selves = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link") if link.get("rel") == "self"]
    assert selves == (["https://example.org/sub/feed.xml"] if site_url else [])
    assert raw == render_feed(analyse(read_corpus(SHIPPED)), options, "Example Briefings")
