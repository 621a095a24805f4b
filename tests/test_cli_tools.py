"""The analyst's tools as run from a shell: `--help` everywhere, `parley schema`, `parley export`
(and a real non-MkDocs build of it), and `parley serve` (the real `mkdocs serve`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.cli import help_texts
from generator.export_schema import schema_files
from generator.manual import manual_pages
from generator.pipeline import build_pages
from generator.render import RECORD_TEMPLATE
from open_data import site_records

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "corpus"
ARTICLE = "articles/2030/01/2030-01-10-talks-open.yaml"


def parley(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    environ.pop("PARLEY_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=environ,
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr
    return result


# --- help -----------------------------------------------------------------------------------------

COMMANDS = ["parley", "parley build", "parley check", "parley export", "parley init", "parley merge", "parley new",
            "parley new actor", "parley new article", "parley new side", "parley new topic", "parley schema", "parley serve"]


def test_help_texts_cover_every_command():
    texts = help_texts()
    assert sorted(texts) == COMMANDS
    for command, text in texts.items():
        assert text.startswith(f"usage: {command} "), command
        assert "options:" in text and "-h, --help" in text
    assert "--outlet OUTLET" in texts["parley new article"]
    assert "person | organisation | unnamed-source" in texts["parley new actor"]  # from the vocabulary
    assert "--dev-addr HOST:PORT" in texts["parley serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_answers_help_with_its_help_text(command):
    # argparse wraps at the terminal width minus 2; COLUMNS fixes it.
    result = parley(*command.split()[1:], "--help", env={"COLUMNS": "102"})
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == help_texts(width=100)[command]


# --- schema ---------------------------------------------------------------------------------------

def test_schema_command_writes_the_generated_files(tmp_path):
    out = tmp_path / "schema"
    first = parley("schema", "--out", str(out))
    assert first.returncode == 0 and "wrote article.schema.json" in first.stderr
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == schema_files()
    again = parley("schema", "--out", str(out))
    assert again.returncode == 0 and "up to date" in again.stderr
    (out / "day.schema.json").write_text("{}\n")
    fixed = parley("schema", "--out", str(out))
    assert "wrote day.schema.json to" in fixed.stderr
    assert (out / "day.schema.json").read_text(encoding="utf-8") == schema_files()["day.schema.json"]


# --- export ---------------------------------------------------------------------------------------

def test_export_writes_pages_data_docs_and_assets(tmp_path):
    out = tmp_path / "export"
    # Run where there is no mkdocs.yml: every setting is given or its default.
    result = parley("export", str(out), "--briefings", str(FIXTURE), "--docs", str(REPO / "docs"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"parley: exported \d+ Markdown page\(s\) and \d+ other file\(s\) to .* \(\d+\.\d\d s\)\n"
                        r"parley: no site address \(--site-url, or site_url in mkdocs.yml\): .*\n", result.stderr)
    content = build_pages(FIXTURE, search=False)
    for path, page in content.pages.items():
        if path == "search.md":  # it needs the search index, which only the MkDocs build makes
            assert not (out / path).exists()
            continue
        written = (out / path).read_text(encoding="utf-8")
        # The page as built, but for the theme template an article's page names (not exported).
        assert written == page.markdown.replace(f"\ntemplate: {RECORD_TEMPLATE}\n", "\n", 1)
        assert written.startswith("---\ntitle: ") and "template:" not in written.split("---", 2)[1]
    for path, data in content.data_files.items():
        assert (out / path).read_bytes() == data
    for doc in (REPO / "docs").rglob("*"):
        if doc.is_file():
            assert (out / doc.relative_to(REPO / "docs")).read_bytes() == doc.read_bytes()
    for path, markdown in manual_pages().items():  # the manual, from the package
        assert (out / path).read_text(encoding="utf-8") == markdown
    css = REPO / "generator" / "theme" / "assets" / "parley" / "parley.css"
    assert (out / "assets" / "parley" / "parley.css").read_bytes() == css.read_bytes()


def test_export_publishes_under_the_site_address_and_leaves_out_what_mkdocs_yml_excludes(tmp_path):
    """With the repository's mkdocs.yml: its site_url makes the feed valid (absolute ids, a self
    link) and the JSON-LD ids and permalinks absolute; exclude_docs (the README's screenshots)
    is left out, as from the built site; --site-url replaces the configured address."""
    import feedparser
    from urllib.parse import urljoin, urlsplit

    out = tmp_path / "export"
    result = parley("export", str(out), "--briefings", str(FIXTURE))
    assert result.returncode == 0 and "no site address" not in result.stderr, result.stderr
    site = "https://example.org/parley/"
    raw = (out / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.feed.id == site + "feed.xml" and feed.feed.title == "Parley — Gaza ceasefire talks: daily briefings"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [site + "feed.xml"]
    assert all(entry.id.startswith(site + "days/") and entry.link == entry.id for entry in feed.entries)
    assert b'xml:lang="en"' in raw
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                              (out / "articles/2030-01-10-talks-open.md").read_text(encoding="utf-8"))[1])
    assert ld["@id"] == site + "articles/2030-01-10-talks-open/"
    # A claim's id is relative to its page, so it resolves to the site's address given here.
    assert all(urlsplit(urljoin(ld["@id"], part["@id"])).scheme == "https" for part in ld["hasPart"])
    claims = site_records(out, "claims")
    assert claims and all(c["permalink"].startswith(site + "articles/") for c in claims)
    assert (out / "method.md").is_file() and not (out / "assets" / "screenshots").exists()
    assert not (out / "search.md").exists()

    other = tmp_path / "other"
    assert parley("export", str(other), "--briefings", str(FIXTURE), "--site-url", "https://briefings.example.org",
                  "--no-directory-urls").returncode == 0
    assert feedparser.parse((other / "feed.xml").read_bytes()).feed.id == "https://briefings.example.org/feed.xml"
    bad = parley("export", str(tmp_path / "bad"), "--briefings", str(FIXTURE), "--site-url", "javascript:alert(1)")
    assert bad.returncode == 2 and "site URL 'javascript:alert(1)'" in bad.stderr


def test_export_replaces_an_earlier_export_but_no_other_folder(tmp_path):
    out = tmp_path / "export"
    assert parley("export", str(out), "--briefings", str(FIXTURE)).returncode == 0
    (out / "stale.md").write_text("old")
    assert parley("export", str(out), "--briefings", str(FIXTURE)).returncode == 0
    assert not (out / "stale.md").exists() and (out / "index.md").is_file()

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    result = parley("export", str(mine), "--briefings", str(FIXTURE))
    assert result.returncode == 2
    assert "exists and is not an earlier export" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_export_of_a_broken_corpus_writes_nothing(tmp_path):
    briefings = tmp_path / "briefings"
    shutil.copytree(FIXTURE, briefings)
    article = briefings / ARTICLE
    article.write_text(article.read_text().replace("stance: optimistic", "stance: optimistc"))
    result = parley("export", "out", "--briefings", "briefings", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(f"briefings/{ARTICLE}:20:13: unknown stance 'optimistc'")
    assert "nothing was exported" in result.stderr
    assert not (tmp_path / "out").exists()


ZENSICAL_CONFIG = """[project]
site_name = "Parley export"
site_url = "https://example.org/"
docs_dir = "export"
site_dir = "site"
use_directory_urls = false
extra_css = ["assets/parley/parley.css"]
"""


def _local_links(site: Path, html: Path) -> list[tuple[str, Path]]:
    text = html.read_text(encoding="utf-8")
    out = []
    for href in re.findall(r'href="([^"#?]*)[^"]*"', text):
        if href and not re.match(r"^(?:[a-z]+:|//|/)", href):
            target = html.parent / href
            out.append((href, target / "index.html" if href.endswith("/") or target.is_dir() else target))
    return out


@pytest.mark.slow
def test_zensical_builds_the_export(tmp_path):
    """A Markdown site generator that runs no MkDocs plugin builds the exported pages."""
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if zensical is None:
        pytest.skip("zensical is not installed (pip install zensical; it needs Python 3.11+)")
    assert parley("export", str(tmp_path / "export"), "--briefings", str(FIXTURE), "--no-directory-urls").returncode == 0
    (tmp_path / "zensical.toml").write_text(ZENSICAL_CONFIG)
    result = subprocess.run([zensical, "build", "--strict"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    article = (site / "articles" / "2030-01-10-talks-open.html").read_text(encoding="utf-8")
    assert 'id="claim-envoy-hopeful"' in article  # the claim's anchor survived the other Markdown engine
    assert "assets/parley/parley.css" in article
    assert (site / "data" / "index.json").is_file() and (site / "feed.xml").is_file()
    assert list((site / "data").glob("*/claims.json.gz"))
    nested = [html for html in site.rglob("*.html") if html.parent != site]
    broken = [(str(html.relative_to(site)), href) for html in nested for href, target in _local_links(site, html)
              if not target.exists()]
    assert nested and broken == []


@pytest.mark.slow
def test_zensical_export_links_from_top_level_pages(tmp_path):
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if zensical is None:
        pytest.skip("zensical is not installed")
    assert parley("export", str(tmp_path / "export"), "--briefings", str(FIXTURE), "--no-directory-urls").returncode == 0
    (tmp_path / "zensical.toml").write_text(ZENSICAL_CONFIG)
    assert subprocess.run([zensical, "build"], cwd=tmp_path, capture_output=True, timeout=120).returncode == 0
    site = tmp_path / "site"
    top = [html for html in site.glob("*.html") if html.name != "404.html"]
    assert [(html.name, href) for html in top for href, target in _local_links(site, html) if not target.exists()] == []


# --- serve ----------------------------------------------------------------------------------------

def test_serve_without_a_configuration_is_a_usage_error(tmp_path):
    result = parley("serve", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "parley: error: configuration file not found: mkdocs.yml\n")


def stop_server(server: subprocess.Popen) -> None:
    """Ctrl+C to the process group the test started (`parley serve` and its `mkdocs serve`)."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> tuple[int, str] | None:
    """(status, body), or None when the server does not answer within `timeout`."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, TimeoutError, ConnectionError, socket.timeout):
        return None


def _wait_for(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; serve output:\n{log.read_text(errors='replace')}")


@pytest.mark.slow
def test_serve_reports_broken_yaml_with_its_position_and_recovers(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "briefings")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    config = config.replace("      briefings: briefings\n", "      briefings: briefings\n      search: false\n")
    config = re.sub(r"site_url: .*", "site_url: https://example.org/sub/", config)
    # mkdocs.yml watches nothing: the plugin's own watch (on_serve) notices a changed YAML file.
    assert "\nwatch:" not in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    port = _free_port()
    page = f"http://127.0.0.1:{port}/sub/articles/2030-01-10-talks-open/"
    log = tmp_path / "serve.log"
    article = tmp_path / "briefings" / ARTICLE
    good = article.read_text(encoding="utf-8")
    stance = good.splitlines().index("    stance: optimistic") + 1

    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                  env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})
    try:
        first = _wait_for(lambda: _get(page, 2), 30, "the first build", log)
        assert first[0] == 200 and "A truce is within reach." in first[1]

        article.write_text(good.replace("stance: optimistic", "stance: optimistc"), encoding="utf-8")
        problem = f"briefings/{ARTICLE}:{stance}:13: unknown stance 'optimistc' (did you mean 'optimistic'?)"
        _wait_for(lambda: problem in log.read_text(errors="replace"), 20, "the failed rebuild", log)
        output = log.read_text(errors="replace")
        assert "Traceback" not in output and "An error happened during the rebuild" not in output
        # The last good site is still served, at once, with the problems over it (escaped) on every
        # page, as modern preview servers do; nothing else on the site changed.
        during = _wait_for(lambda: (r := _get(page, 5)) and "parley-problems" in r[1] and r, 20, "the problems", log)
        assert during[0] == 200 and "A truce is within reach." in during[1]
        assert f"<code>briefings/{ARTICLE}:{stance}:13:</code> unknown stance &#39;optimistc&#39;" in during[1]
        other = _get(f"http://127.0.0.1:{port}/sub/actors/", 5)
        assert other[0] == 200 and "1 problem in the briefings" in other[1]
        assert _get(f"http://127.0.0.1:{port}/sub/assets/parley/parley.css", 5)[1].find("parley-problems") == -1

        article.write_text(good.replace("A truce is within reach.", "A truce is near."), encoding="utf-8")
        fixed = _wait_for(lambda: (r := _get(page, 5)) and "A truce is near." in r[1] and r, 20, "the fixed build", log)
        assert fixed[0] == 200, fixed[0]
        at = fixed[1].find("parley-problems")
        assert at == -1, fixed[1][at - 300:at + 300]
    finally:
        stop_server(server)
    assert server.returncode == 0, log.read_text(errors="replace")
