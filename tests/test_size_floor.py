"""bench/size_floor.py: the markup cuts it measures keep what they say they keep."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("size_floor", REPO / "bench" / "size_floor.py")
size_floor = importlib.util.module_from_spec(spec)
sys.modules["size_floor"] = size_floor
spec.loader.exec_module(size_floor)

LD = {"@context": "https://schema.org", "@type": "WebPage", "hasPart": [
    {"@type": "Claim", "@id": "#claim-a-1", "text": "Delegation A said the talks had stalled.",
     "description": "The analyst's paraphrase of what was said, not the speaker's words.",
     "author": {"@type": "Organization", "name": "Delegation A"}},
    {"@type": "Quotation", "@id": "#claim-b-2", "text": "We will answer tomorrow.",
     "creator": {"@type": "Person", "name": "Envoy B"}}]}

PAGE = (
    '<html><body><div class="md-sidebar md-sidebar--primary"><nav><a href="../">Latest briefing</a></nav></div>\n'
    '<div class="md-content"><article class="md-content__inner md-typeset">\n'
    f'<script type="application/ld+json">{json.dumps(LD)}</script>\n'
    '<div class="parley-claim parley-claim--paraphrase" id="claim-a-1" data-parley-lead="Delegation A, 1 May 2030">\n'
    '<p class="parley-claim__labels"><span class="parley-label parley-form--paraphrase">paraphrase</span></p>\n'
    '<p class="parley-claim__paraphrase">Delegation A said the talks had stalled.</p>\n'
    '<a class="parley-permalink" href="#claim-a-1" title="Permanent link">permalink</a></div>\n'
    '<div class="parley-claim parley-claim--quote" id="claim-b-2"><p class="parley-claim__quote">We will answer tomorrow.</p></div>\n'
    '</article></div></body></html>\n')


class _Text(HTMLParser):
    """The text a reader sees, without scripts."""

    def __init__(self):
        super().__init__()
        self.parts, self._script = [], False

    def handle_starttag(self, tag, attrs):
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if not self._script:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_lossless_cuts_keep_every_word_a_reader_sees_and_each_makes_the_page_smaller():
    for name in size_floor.LOSSLESS:
        cut = size_floor.cut(PAGE, {name}, "articles", size_floor.ShortNames())
        assert visible_text(cut) == visible_text(PAGE), name
        assert len(cut) < len(PAGE), name


def test_json_ld_keeps_each_claim_named_without_its_words():
    cut = size_floor.without_claim_words(PAGE)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', cut, re.S).group(1))
    assert [p["@id"] for p in data["hasPart"]] == ["#claim-a-1", "#claim-b-2"]
    assert data["hasPart"][0]["author"]["name"] == "Delegation A"
    assert all("text" not in p and "description" not in p for p in data["hasPart"])
    assert "Delegation A said the talks had stalled." in cut  # still in the page itself


def test_short_names_rename_a_class_the_same_way_on_every_page_and_leave_the_theme_s_alone():
    short = size_floor.ShortNames()
    first, second = short(PAGE), short(PAGE.replace("claim-a-1", "claim-c-3"))
    classes = re.findall(r'class="([^"]*)"', first)
    assert re.findall(r'class="([^"]*)"', second) == classes
    assert "md-content__inner md-typeset" in classes
    assert not any(n.startswith("parley") for c in classes for n in c.split())
    assert len({c for c in classes if c.startswith("p")}) == len(
        {c for c in re.findall(r'class="([^"]*)"', PAGE) if c.startswith("parley")})


def test_the_sidebar_goes_only_from_generated_pages():
    assert "md-sidebar" not in size_floor.cut(PAGE, {"no-sidebar"}, "days", size_floor.ShortNames())
    assert "md-sidebar" in size_floor.cut(PAGE, {"no-sidebar"}, "guide", size_floor.ShortNames())


def test_report_counts_bytes_per_article_by_folder(tmp_path, capsys):
    site = tmp_path / "site"
    (site / "articles" / "2030-05-01-talks-stall").mkdir(parents=True)
    (site / "articles" / "2030-05").mkdir()
    (site / "index.html").write_text("<html></html>\n", encoding="utf-8")
    (site / "articles" / "2030-05-01-talks-stall" / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "articles" / "2030-05" / "index.html").write_text("<p>May</p>\n", encoding="utf-8")
    assert size_floor.article_pages(site) == 1
    assert size_floor.main([str(site)]) == 0
    out = capsys.readouterr().out
    now = (len(PAGE) + len("<p>May</p>\n") + len("<html></html>\n")) / 1000
    total = next(line for line in out.splitlines() if line.startswith("| **total"))
    assert f"**{now:.1f}**" in total
    assert "Goal: under 27.4 kB an article (1 articles measured)." in out


def test_a_folder_that_is_not_a_site_is_refused(tmp_path, capsys):
    assert size_floor.main([str(tmp_path)]) == 2
    assert "not a built site" in capsys.readouterr().err


def _fragment(folder: Path, name: str, record: dict) -> None:
    data = size_floor._PAGEFIND_SIGNATURE + json.dumps(record).encode()
    (folder / f"en_{name}.pf_fragment").write_bytes(gzip.compress(data, mtime=0))


def test_one_search_record_an_article_joins_its_claims_words_and_filters(tmp_path):
    folder = tmp_path / "pagefind" / "fragment"
    folder.mkdir(parents=True)
    for n, (stance, words) in enumerate([("pessimistic", "talks stalled again today"),
                                         ("optimistic", "a deal is within reach")]):
        _fragment(folder, f"c{n}", {"url": f"/articles/2030-05-01-talks/~claim-a-{n}.html", "content": words,
                                    "word_count": len(words.split()), "filters": {"stance": [stance]},
                                    "meta": {"title": "Delegation A", "outlet": "The Example Times"}, "anchors": []})
    _fragment(folder, "page", {"url": "/method/", "content": "how", "word_count": 1, "filters": {},
                               "meta": {"title": "Method"}, "anchors": []})
    now, joined = size_floor.search_by_article(tmp_path)
    assert now == sum(p.stat().st_size for p in folder.iterdir())
    assert 0 < joined < now
    records = [(0, f"claim-a-{n}.html", {"content": w, "filters": {"stance": [s]}, "meta": {"title": "Delegation A"}})
               for n, (s, w) in enumerate([("pessimistic", "talks stalled"), ("optimistic", "a deal is near")])]
    record = size_floor.joined_record("/articles/2030-05-01-talks/", records)
    assert record["content"] == "talks stalled a deal is near" and record["word_count"] == 6
    assert record["filters"] == {"stance": ["optimistic", "pessimistic"]}
    assert [(a["id"], a["location"]) for a in record["anchors"]] == [("claim-a-0", 0), ("claim-a-1", 2)]


def test_a_day_s_articles_on_one_page_count_the_chrome_once_a_day(tmp_path):
    chrome = "<html><header>" + "x" * 500 + "</header>"
    for slug in ("2030-05-01-a", "2030-05-01-b", "2030-05-02-c"):
        (tmp_path / "articles" / slug).mkdir(parents=True)
        (tmp_path / "articles" / slug / "index.html").write_text(chrome + "<article>claims</article></html>")
    now, by_day = size_floor.articles_by_day(tmp_path)
    page = len(chrome + "<article>claims</article></html>")
    assert now == 3 * page
    assert by_day == 3 * page - (page - len("<article>claims"))
