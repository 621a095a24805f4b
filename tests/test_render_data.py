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
    assert (rejected["about"]["id"], rejected["positions"]) == ("israel", {"end-of-war": "rejects"})
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
    assert data["@type"] == "NewsArticle" and data["headline"] == PAYLOAD
    quote = data["hasPart"][0]
    assert quote["@type"] == "Quotation" and quote["creator"]["name"] == "Delegation A"
    assert quote["text"].startswith("=HYPERLINK(")


def test_json_ld_for_a_shipped_article_lists_its_quotes():
    briefings = analyse(read_corpus(SHIPPED))
    article = briefings.corpus.article("2025-07-11-netanyahu-few-days")
    data = json.loads(re.search(r">(.*)</script>", str(json_ld(article, OPTIONS))).group(1))
    # A republication: the page's publisher is the republisher, the original outlet its source.
    assert data["publisher"]["name"] == article.republished_by == "Spotlight Nepal"
    assert data["sourceOrganization"]["name"] == article.outlet
    assert [q["spokenByCharacter"]["name"] for q in data["hasPart"]] == ["Benjamin Netanyahu"] * 3
