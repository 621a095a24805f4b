"""Editor summaries: Markdown in, safe HTML out; the validator reports what would be removed."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.pipeline import check
from generator.sanitise import markdown_problems, summary_html

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"


def test_markdown_is_rendered():
    html = str(summary_html("Talks **stalled**; see [the statement](https://example.org/s)."))
    assert html == ('<p>Talks <strong>stalled</strong>; see <a href="https://example.org/s" '
                    'rel="noopener noreferrer nofollow">the statement</a>.</p>')


def test_raw_html_is_shown_as_text():
    html = str(summary_html('<script>alert(1)</script> <img src=x onerror=alert(2)> "><svg onload=alert(3)>'))
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_http_links_survive():
    html = str(summary_html("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x) "
                            "[d][r]\n\n[r]: vbscript:msgbox"))
    assert "href" not in html
    assert "<span>a</span>" in html and "<span>d</span>" in html


def test_images_are_dropped_keeping_their_alt_text():
    html = str(summary_html("![a chart](https://other.example/x.png)"))
    assert "<img" not in html and "a chart" in html


def test_autolinks_become_links():
    html = str(summary_html("<https://example.org/a>"))
    assert 'href="https://example.org/a"' in html


def test_problems_are_named():
    assert markdown_problems("fine **text**") == []
    assert markdown_problems("<b>x</b>") == ["raw HTML is not allowed (it would be shown as text)"]
    assert markdown_problems("[x](javascript:alert(1))") == [
        "link 'javascript:alert(1)' is not allowed (only http(s) links; no images)"]


def test_day_notes_are_validated_with_positions(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(FIXTURE, corpus)
    (corpus / "days").mkdir()
    (corpus / "days" / "2030-01-10.yaml").write_text(
        'day:\n  status: stalld\n  trend: better\n  summary: "[x](javascript:alert(1))"\n  mood: grim\n',
        encoding="utf-8")
    (corpus / "days" / "2030-01-11.yaml").write_text("day:\n  status: active\n", encoding="utf-8")
    (corpus / "days" / "2030-02-30.yaml").write_text("day:\n  status: active\n", encoding="utf-8")
    problems = [str(p).split("days/", 1)[1] for p in check(corpus).problems]
    assert problems == [
        "2030-01-10.yaml:2:11: unknown status 'stalld' (did you mean 'stalled'?); expected one of: active, "
        "stalled, breakthrough, collapsed, no-talks",
        "2030-01-10.yaml:3:10: unknown trend 'better'; expected one of: towards, away, unchanged, mixed",
        "2030-01-10.yaml:4:12: summary: link 'javascript:alert(1)' is not allowed (only http(s) links; no images); "
        "expected Markdown text with http(s) links only",
        "2030-01-10.yaml:5:3: unknown field 'mood' in day; expected one of: status, stage, state, trend, summary",
        "2030-01-11.yaml:0:0: no article is published on 2030-01-11, so there is no briefing for these notes; "
        "expected notes for a day that has articles",
        "2030-02-30.yaml:0:0: file name 2030-02-30 is not a real calendar date; expected days/YYYY-MM-DD.yaml",
    ]
