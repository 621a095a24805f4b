"""Hostile input: nothing in the YAML executes, nothing crashes Parley, every refusal is positioned.

The cases are data. `tests/hostile/cases.yaml` maps each case (`category/slug`) to its input (a file
or corpus folder under tests/hostile/, or a recipe for inputs too big to commit) and its expected
outcome: the exact `line:col: message; expected …` problems, or a site that builds and shows the
text literally. Each case is placed into a copy of tests/fixtures/corpus/ and checked in-process;
inputs that could crash the interpreter (size and nesting) run `parley check` in a subprocess with
a memory limit and a timeout. The injection corpora are built once each with the real
`parley build`, and every output (HTML pages, search records, feed, JSON, CSV, JSON-LD, sitemap)
is parsed by a real parser to prove the payloads stayed text.

A case with `bug:` describes what Parley should do and is expected to fail until it does.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml

from generator.pipeline import build_pages, check
from generator.render import RenderOptions
from generator.visible import escape_unseen
from open_data import site_csv_texts, site_records

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
HOSTILE = TESTS / "hostile"
FIXTURE = TESTS / "fixtures" / "corpus"
MANIFEST = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
CASES: dict[str, dict] = MANIFEST["cases"]
DEFAULT_PLACE = MANIFEST["placed_at"]
SITE_URL = "https://example.org/sub/"
MEMORY_LIMIT = 2 * 1024 ** 3
"""Address space a subprocess may use (RLIMIT_AS): a blow-up fails the case instead of the machine."""
REQUIRED_CATEGORIES = {"syntax", "yaml-features", "size", "values", "urls", "injection", "paths"}


def category(name: str) -> str:
    return name.split("/", 1)[0]


def params(select, stage: str = "check") -> list:
    """pytest params for the cases `select` accepts, marked slow, or xfail when the case's bug shows at `stage`."""
    out = []
    for name, case in CASES.items():
        if not select(case):
            continue
        marks = [pytest.mark.slow] if case.get("slow") else []
        if case.get("bug") and case.get("bug_in", "check") == stage:
            marks.append(pytest.mark.xfail(strict=True, reason="BUG: " + case["bug"]))
        out.append(pytest.param(name, id=name, marks=marks))
    return out


# --- recipes: inputs too big to commit ------------------------------------------------------

VALID = (HOSTILE / "common" / "valid.yaml").read_text(encoding="utf-8")
CLAIM_TEXT = "text: Envoy C said a truce was close."


def _padded(size: int) -> bytes:
    """A valid article padded with comment lines to exactly `size` bytes."""
    head = VALID.encode()
    line = b"# " + b"padding " * 12 + b"\n"
    body = line * ((size - len(head)) // len(line))
    return head + body + b"#" * (size - len(head) - len(body) - 1) + b"\n"


def _claims(count: int) -> bytes:
    head = ("article:\n  outlet: The Example Times\n  published: 2030-01-11\n"
            "actors:\n- {id: a, name: A, kind: person}\nclaims:\n")
    claim = "- {{id: {},actor: a,form: quote,text: x,sourcing: on-record,stance: neutral,topics: [truce]}}\n"
    return (head + "".join(claim.format(i) for i in range(count))).encode()


def _long_text(chars: int, date: str = "2030-01-11") -> bytes:
    words = ("word " * (chars // 5 + 1))[:chars].rstrip() + "."
    return VALID.replace("2030-01-11", date).replace(CLAIM_TEXT, "text: " + words).encode()


def _long_url(chars: int, date: str = "2030-01-11") -> bytes:
    url = "https://example.org/" + "a" * (chars - len("https://example.org/"))
    return VALID.replace("2030-01-11", date).replace("  published:", f"  url: {url}\n  published:").encode()


def _block_map(depth: int, indent: int, leaf: str = "v") -> bytes:
    """Mappings nested `depth` deep, one key a line, each line `indent` columns deeper."""
    lines = [" " * (indent * i) + f"k{i}:" for i in range(depth)]
    return ("\n".join(lines) + "\n" + " " * (indent * depth) + leaf + "\n").encode()


def _billion_laughs(levels: int, width: int) -> bytes:
    lines = ["l0: &l0 lol"]
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return ("\n".join(lines) + "\n").encode()


def _side_name(chars: int) -> bytes:
    """The fixture's sides.yaml with one side named by `chars` ampersands (a heading on many pages)."""
    sides = (FIXTURE / "sides.yaml").read_text(encoding="utf-8")
    return sides.replace("name: Broker State", "name: " + json.dumps("&" * chars)).encode()


def _summary(chars: int = 0, indented_lines: int = 0) -> bytes:
    """A day file whose summary is `chars` ampersands, or lines each indented one level deeper."""
    text = "&" * chars if chars else "\n".join("    " * i + "- x" for i in range(indented_lines))
    return ("day:\n  summary: " + json.dumps(text) + "\n").encode()


RECIPES = {
    "padded": _padded,
    "side_name": _side_name,
    "summary": _summary,
    "claims": _claims,
    "long_text": _long_text,
    "long_url": _long_url,
    "flow_seq": lambda depth: ("[" * depth + "]" * depth + "\n").encode(),
    "flow_map": lambda depth: ("article: " + "{a: " * depth + "x" + "}" * depth + "\n").encode(),
    "block_seq": lambda depth: ("- " * depth + "x\n").encode(),
    "block_map": _block_map,
    "block_then_flow": lambda block, flow: _block_map(block, 1, leaf="[" * flow + "x" + "]" * flow),
    "billion_laughs": _billion_laughs,
    "aliases": lambda count: ("a: &a x\nb: [" + "*a," * count + "]\n").encode(),
    "quoted_brackets": lambda count: VALID.replace(CLAIM_TEXT, 'text: "' + "[" * count + '"').encode(),
}


def generate(recipe: dict) -> bytes:
    args = dict(recipe)
    return RECIPES[args.pop("recipe")](**args)


# --- placing a case into a corpus -------------------------------------------------------------

def place(case: dict, briefings: Path) -> None:
    """Add the case's input to a briefings directory (a copy of the fixture corpus)."""
    target = briefings / case.get("placed_at", DEFAULT_PLACE)
    if case.get("fifo"):  # a named pipe where a file is expected: opening it would wait for a writer
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        os.mkfifo(target)
    if "folders" in case:  # folders nested `depth` deep, made one by one (os.makedirs recurses)
        folder = target
        for _ in range(case["folders"]["depth"]):
            folder.mkdir()
            folder = folder / case["folders"]["name"]
    if "file" in case:
        source = HOSTILE / case["file"]
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    elif "generate" in case:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generate(case["generate"]))
    if "symlink" in case:
        link = briefings / case["symlink"]["at"]
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(case["symlink"]["to"].replace("{root}", str(briefings.parent)))


def remove_deep(folder: Path) -> None:
    """Remove a folder tree too deep for shutil.rmtree (which recurses), deepest folder first."""
    while folder.exists():
        deepest = folder
        while True:
            children = [c for c in deepest.iterdir()]
            if not children:
                break
            files = [c for c in children if not c.is_dir() or c.is_symlink()]
            for child in files:
                child.unlink()
            folders = [c for c in children if c.is_dir() and not c.is_symlink()]
            if not folders:
                break
            deepest = folders[0]
        deepest.rmdir()


def corpus_for(case: dict, root: Path) -> Path:
    briefings = root / "briefings"
    shutil.copytree(FIXTURE, briefings)
    place(case, briefings)
    return briefings


def problems_file(case: dict) -> str:
    return case.get("problems_in") or case.get("symlink", {}).get("at") or case.get("placed_at", DEFAULT_PLACE)


def run_parley(args: list[str], cwd: Path, timeout: float, stdout=subprocess.PIPE,
               memory_limit: int = MEMORY_LIMIT) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, under a memory limit: a crash, a signal or a hang fails the test."""
    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PARLEY_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, stdout=stdout,
                            stderr=subprocess.PIPE, text=True, timeout=timeout, preexec_fn=limit_memory)
    assert result.returncode in (0, 1), (f"parley {args[0]} exited with {result.returncode} "
                                         f"(negative: killed by signal {-result.returncode})\n{result.stderr[-3000:]}")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-3000:]
    return result


def reported(case: dict, root: Path) -> tuple[list[str], int]:
    """The case's problems as `line:col: message; expected …` (at most 200 kept) and how many there were."""
    shown = f"briefings/{escape_unseen(problems_file(case))}:"  # as printed: unseen characters escaped
    if case.get("run") == "subprocess":
        with open(root / "stdout.txt", "w+", encoding="utf-8") as out:
            run_parley(["check", "--briefings", "briefings"], root, case.get("timeout", 120), stdout=out)
            out.seek(0)
            lines, count = [], 0
            for line in out:
                count += 1
                if len(lines) < 200:
                    lines.append(line.rstrip("\n"))
    else:
        cwd = os.getcwd()
        os.chdir(root)  # messages show `briefings/…`, as the analyst sees them
        try:
            lines = [str(p) for p in check("briefings").problems]
        finally:
            os.chdir(cwd)
        count = len(lines)
    elsewhere = [line for line in lines if not line.startswith(shown)]
    assert not elsewhere, f"problems outside {shown} {elsewhere}"
    return [line[len(shown):] for line in lines], count


# --- the cases ----------------------------------------------------------------------------

def test_the_corpus_is_broad_enough():
    assert len(CASES) >= 60
    assert {category(n) for n in CASES} >= REQUIRED_CATEGORIES
    for name, case in CASES.items():
        assert sum(key in case for key in ("file", "generate", "symlink", "fifo", "folders")) >= 1, name
        assert {"problems", "problems_at", "problem_count", "builds"} & set(case["expect"]), name


def test_every_committed_input_belongs_to_a_case():
    used = set()
    for case in CASES.values():
        if "file" in case:
            source = HOSTILE / case["file"]
            used |= {source} | set(source.rglob("*"))
    files = {p for p in HOSTILE.rglob("*") if p.is_file() and p.name not in ("cases.yaml", ".gitattributes")}
    files -= {HOSTILE / "common" / "valid.yaml"}  # the base of the recipes
    assert sorted(p.relative_to(HOSTILE).as_posix() for p in files - used) == []


@pytest.mark.parametrize("name", params(lambda c: True))
def test_case(name, tmp_path):
    """Refused with exactly the declared positioned problems, or accepted without any."""
    case = CASES[name]
    corpus_for(case, tmp_path)
    marker = case.get("must_not_create")
    if marker:
        Path(marker).unlink(missing_ok=True)
    try:
        problems, count = reported(case, tmp_path)
    finally:
        if "folders" in case:
            remove_deep(tmp_path / "briefings" / case["placed_at"])
    expect = case["expect"]
    if expect.get("builds"):
        assert problems == []
    if "problems" in expect:
        assert problems == expect["problems"]
    if "problems_at" in expect:
        # The wording is the fix's to choose; the position, one line and an expectation are not.
        assert [p.split(": ", 1)[0] for p in problems] == expect["problems_at"], problems
        for p in problems:
            assert "\n" not in p and "; expected " in p, p
    if "problem_count" in expect:
        assert count == expect["problem_count"]
        assert [p for p in expect.get("problems_include", []) if p not in problems] == []
    if marker:
        assert not Path(marker).exists(), f"{marker} was created: a YAML tag executed"


# --- real builds ---------------------------------------------------------------------------

def mkdocs_config(root: Path, briefings: Path) -> Path:
    """The repo's mkdocs.yml pointed at another corpus (as tests/test_site.py does)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    text = text.replace("briefings: briefings", f"briefings: {briefings}")
    text = re.sub(r"site_url: .*", f"site_url: {SITE_URL}", text)
    text = text.replace("  - briefings\n  - generator\n", f"  - {briefings}\n")
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build(root: Path, briefings: Path, timeout: float = 300, memory_limit: int = MEMORY_LIMIT) -> Path:
    site = root / "site"
    result = run_parley(["build", "--strict", "-f", str(mkdocs_config(root, briefings)), "--site-dir", str(site)],
                        root, timeout, memory_limit=memory_limit)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def article_page(case: dict) -> str:
    if "page" in case:
        return case["page"]
    placed = case.get("placed_at", DEFAULT_PLACE)
    if placed.startswith("days/"):
        return f"days/{Path(placed).stem}/index.html"
    return f"articles/{Path(placed).stem}/index.html"


def builds_alone(case: dict) -> bool:
    """An accepted single-file case, built with the real MkDocs (corpus folders have their own tests below)."""
    return case["expect"].get("builds") and not case.get("run") and not case.get("corpus")


SHARED = [n for n, c in CASES.items() if builds_alone(c) and not c.get("bug")]


@pytest.fixture(scope="module")
def builds_site(tmp_path_factory) -> Path:
    """One site holding every case that must build (each is placed at its own path)."""
    root = tmp_path_factory.mktemp("builds")
    briefings = root / "briefings"
    shutil.copytree(FIXTURE, briefings)
    for name in SHARED:
        place(CASES[name], briefings)
    return build(root, briefings)


@pytest.mark.parametrize("name", params(builds_alone, stage="build"))
def test_accepted_case_builds_and_shows_its_text(name, request, tmp_path):
    case = CASES[name]
    if name in SHARED:
        site = request.getfixturevalue("builds_site")
    else:  # a known bug stays out of the shared site, so the other cases still build
        site = build(tmp_path, corpus_for(case, tmp_path))
    assert_site_is_inert(site)
    text = Page.read(site / article_page(case)).visible_text()
    assert [s for s in case["expect"].get("shows", []) if s not in text] == []
    if "records" in case["expect"]:
        claims = site_records(site, "claims")
        key = Path(case.get("placed_at", DEFAULT_PLACE)).stem
        for expected in case["expect"]["records"]:
            record = next(c for c in claims if c["id"] == f"{key}#{expected['claim']}")
            fields = {k: v for k, v in expected.items() if k != "claim"}
            assert {k: record[k] for k in fields} == fields


@pytest.mark.slow
@pytest.mark.parametrize("name", params(lambda c: c["expect"].get("builds") and c.get("run") == "subprocess",
                                        stage="build"))
def test_big_accepted_input_builds_within_bounds(name, tmp_path):
    """Inputs that pass `check` must also build, under the same memory limit, in bounded time."""
    case = CASES[name]
    started = time.perf_counter()
    site = build(tmp_path, corpus_for(case, tmp_path), timeout=case.get("build_timeout", 600),
                 memory_limit=case.get("build_memory_limit", MEMORY_LIMIT))
    print(f"{name}: built in {time.perf_counter() - started:.1f} s")
    assert (site / article_page(case)).is_file()


# --- reading outputs -----------------------------------------------------------------------

class Page(HTMLParser):
    """One HTML document: its elements, the contents of its scripts and its visible text."""

    BLOCKS = {"p", "div", "dl", "dt", "dd", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
              "article", "section", "details", "summary", "pre", "table", "tr", "td", "th", "br", "title", "nav",
              "header", "footer", "main", "figure", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self.title = ""
        self.raw = ""
        self._raw: tuple[str, dict, list] | None = None
        self._in_title = False

    @classmethod
    def parse(cls, html: str) -> "Page":
        page = cls()
        page.raw = html
        page.feed(html)
        page.close()
        if page._raw and page._raw[0] == "script":  # never closed: it runs to the end of the document
            page.scripts.append((page._raw[1], "".join(page._raw[2])))
        return page

    @classmethod
    def read(cls, path: Path) -> "Page":
        return cls.parse(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in self.BLOCKS:
            self.text.append(" ")  # as a browser lays out blocks: apart
        if tag in ("script", "style"):
            self._raw = (tag, dict(attrs), [])
        self._in_title = tag == "title" and not self.title  # the document's, not an icon's

    def handle_endtag(self, tag):
        self._in_title = False
        if tag in self.BLOCKS:
            self.text.append(" ")
        if self._raw and tag == self._raw[0]:
            if tag == "script":
                self.scripts.append((self._raw[1], "".join(self._raw[2])))
            self._raw = None

    def handle_data(self, data):
        (self._raw[2] if self._raw else self.text).append(data)
        if self._in_title:
            self.title += data

    def visible_text(self) -> str:
        return normal("".join(self.text))

    def active_content(self) -> list[str]:
        """Everything in the page that could run or load something a payload asked for."""
        found = []
        for tag, attrs in self.elements:
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"<{tag} {name}={value!r}>")
                scheme = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:")):
                    found.append(f"<{tag} {name}={value!r}>")
            if tag in ("img", "iframe", "object", "embed", "frame", "base", "applet", "audio", "video"):
                found.append(f"<{tag} {attrs}>")
        for attrs, body in self.scripts:
            if attrs.get("type") in ("application/json", "application/ld+json"):
                json.loads(body)
                if "</" in body or "<!--" in body:
                    found.append(f"<script type={attrs['type']}> holds markup: {body[:80]!r}")
            elif "src" not in attrs and "alert" in body:
                found.append(f"inline <script> with payload: {body[:80]!r}")
        # A second net, on the markup itself: a payload's tag that reached the page unescaped.
        found += PAYLOAD_TAG.findall(self.raw)
        return found


PAYLOAD_TAG = re.compile(r"<(?:img|svg|iframe)\b[^>]*?(?:alert|src=x|onload|onerror)"
                         r"|<script\b(?![^>]*json)[^>]*>[^<]*alert", re.I)
"""Every payload calls alert() or loads `x`; none of Parley's or Material's own tags do."""


def normal(text: str) -> str:
    return " ".join(text.split())


def assert_site_is_inert(site: Path) -> None:
    bad = {p.relative_to(site).as_posix(): found for p in sorted(site.rglob("*.html"))
           if (found := Page.read(p).active_content())}
    assert bad == {}


def markup_from_payloads(text: str) -> list[str]:
    """Traces, in a page's visible text, of Markdown or Jinja that was rendered instead of shown:
    the payloads' link texts without their brackets, `7*7` without its asterisk, headings without `#`."""
    traces = re.findall(r"(?<!\[)\b[jr]-[a-z]+(?:-[a-z]+)*\b(?!\])", text)
    traces += ["{{ 7*7 }} rendered"] * (text.count("{{ 7") - text.count("{{ 7*7 }}"))
    traces += ["# heading rendered"] * (text.count("Heading from data") - text.count("# Heading from data"))
    return traces


# --- the injection corpora: every field of every record carries a payload ---------------------------

INJECTION_ARTICLE = "2030-01-11-injection"
INJECTION_DAY = "2030-01-11"
INJECTION_CORPORA = [n for n, c in CASES.items() if c.get("corpus")]


@pytest.fixture(scope="module", params=INJECTION_CORPORA, ids=[n.split("/", 1)[1] for n in INJECTION_CORPORA])
def injected(request, tmp_path_factory):
    """The fixture corpus with the case's hostile registries, article and day notes, built once."""
    name = request.param
    root = tmp_path_factory.mktemp(name.replace("/", "-"))
    briefings = corpus_for(CASES[name], root)
    folder = HOSTILE / CASES[name]["file"]
    source = {p.relative_to(folder).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
              for p in folder.rglob("*.yaml")}
    return {"name": name, "briefings": briefings, "site": build(root, briefings), "yaml": source}


def _article(injected) -> dict:
    return injected["yaml"][f"articles/2030/01/{INJECTION_ARTICLE}.yaml"]


def _registry(injected, name: str, ident: str) -> dict:
    return next(r for r in injected["yaml"][f"{name}.yaml"][name] if r["id"] == ident)


def test_html_pages_hold_every_payload_as_text_only(injected, request):
    """No element, attribute, link or script in any page came from the YAML; every text reads as written."""
    if CASES[injected["name"]].get("bug"):
        request.applymarker(pytest.mark.xfail(strict=True, reason="BUG: " + CASES[injected["name"]]["bug"]))
    site = injected["site"]
    assert_site_is_inert(site)
    traces = {p.relative_to(site).as_posix(): found for p in sorted(site.rglob("*.html"))
              if (found := markup_from_payloads(Page.read(p).visible_text()))}
    assert traces == {}
    data = _article(injected)
    meta = data["article"]
    expected_text = {
        f"articles/{INJECTION_ARTICLE}/index.html": [
            meta[f] for f in ("headline", "subheadline", "outlet", "republished_by", "byline", "date_note")
        ] + [c[f] for c in data["claims"] for f in ("text", "described_as", "venue", "via", "note") if f in c]
          + [c["text"] for c in data["caveats"]] + [a[f] for a in data["actors"] for f in ("name", "role")],
        "actors/delegation-a/index.html": [_registry(injected, "actors", "delegation-a")[f] for f in ("name", "role")]
        + _registry(injected, "actors", "delegation-a")["aliases"],
        "sides/index.html": [_registry(injected, "sides", "north")[f] for f in ("name", "description")],
        "sides/north/index.html": _registry(injected, "sides", "north")["aliases"],
        "topics/truce/index.html": [_registry(injected, "topics", "truce")[f] for f in ("label", "description")]
        + _registry(injected, "topics", "truce")["aliases"],
        f"days/{INJECTION_DAY}/index.html": [injected["yaml"][f"days/{INJECTION_DAY}.yaml"]["day"]["state"],
                                            "{: onclick=\"alert('x')\" } {{ 7*7 }} {% raw %}r{% endraw %}",
                                            '!!! note "admonition from data"'],
    }
    missing = {}
    for page, texts in expected_text.items():
        shown = Page.read(site / page).visible_text()
        missing[page] = [normal(t)[:60] for t in texts if normal(t) not in shown]
    assert missing == {page: [] for page in expected_text}
    name = normal(_registry(injected, "actors", "delegation-a")["name"])
    assert Page.read(site / "actors/delegation-a/index.html").title.startswith(name)  # escaped once, not twice


def test_search_records_hold_every_payload_as_text_only(injected):
    """The small HTML documents Pagefind indexes: only Parley's elements, attributes round-trip."""
    content = build_pages(injected["briefings"], RenderOptions(site_url=SITE_URL))
    allowed = {"html", "head", "meta", "title", "body", "main", "h1", "p"}
    for path, html in content.search_documents.items():
        page = Page.parse(html)
        assert page.active_content() == [], path
        assert {tag for tag, _ in page.elements} <= allowed, path
        assert page.elements[0] == ("html", {"lang": page.elements[0][1]["lang"]})
    data = _article(injected)
    actors = {a["id"]: a for a in data["actors"]} | {
        a["id"]: a for a in injected["yaml"]["actors.yaml"]["actors"]}
    for claim in data["claims"]:
        page = Page.parse(content.search_documents[f"articles/{INJECTION_ARTICLE}/~claim-{claim['id']}.html"])
        metas = {a["data-pagefind-meta"]: a["content"] for t, a in page.elements if "data-pagefind-meta" in a
                 and "content" in a}
        assert metas["text[content]"] == claim["text"]
        assert metas["outlet[content]"] == f'{data["article"]["outlet"]}, via {data["article"]["republished_by"]}'
        assert page.title == actors[claim["actor"]]["name"]
        assert normal(claim["text"]) in page.visible_text()
        for alias in actors[claim["actor"]].get("aliases", []):  # found by any spelling, as text
            assert normal(alias) in page.visible_text()
    for report in data.get("reported", []):
        page = Page.parse(content.search_documents[f"articles/{INJECTION_ARTICLE}/~report-{report['id']}.html"])
        metas = {a["data-pagefind-meta"]: a["content"] for t, a in page.elements if "data-pagefind-meta" in a
                 and "content" in a}
        assert metas["text[content]"] == report["text"]
        assert page.title == f'According to {data["article"]["outlet"]}, via {data["article"]["republished_by"]}'
        assert normal(report["text"]) in page.visible_text()


def test_feed_holds_every_payload_as_text_only(injected):
    raw = (injected["site"] / "feed.xml").read_bytes()
    assert feedparser.parse(raw).bozo == 0
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(raw)
    tags = {el.tag.removeprefix(atom) for el in root.iter()}
    assert tags <= {"feed", "title", "id", "link", "updated", "author", "name", "generator", "entry", "published",
                    "summary", "content"}
    for entry in root.iter(atom + "entry"):
        content = entry.find(atom + "content")
        assert content.get("type") == "html"
        page = Page.parse(content.text)
        assert page.active_content() == [], entry.findtext(atom + "id")
        assert {tag for tag, _ in page.elements} <= {"p", "strong", "ul", "li", "a"}
        assert [a["href"] for t, a in page.elements if t == "a" and not a["href"].startswith(SITE_URL)] == []
    entry = next(e for e in root.iter(atom + "entry") if e.findtext(atom + "id").endswith(f"days/{INJECTION_DAY}/"))
    state = injected["yaml"][f"days/{INJECTION_DAY}.yaml"]["day"]["state"]
    assert entry.findtext(atom + "summary") == state
    shown = Page.parse(entry.find(atom + "content").text).visible_text()
    quote = next(c for c in _article(injected)["claims"] if c["id"] == "quote")
    assert normal(state) in shown and normal(quote["text"]) in shown


def test_claims_json_holds_every_payload_exactly(injected):
    claims = site_records(injected["site"], "claims")
    records = {c["claim"]: c for c in claims if c["article"] == INJECTION_ARTICLE}
    data = _article(injected)
    local = {a["id"]: a for a in data["actors"]}
    registry = {a["id"]: a for a in injected["yaml"]["actors.yaml"]["actors"]}
    for claim in data["claims"]:
        record = records[claim["id"]]
        for field in ("text", "described_as", "venue", "via", "attribution_note", "note"):
            assert record[field] == claim.get(field), field
        if claim.get("event"):
            assert record["event"]["place"] == claim["event"].get("place")
        assert [c["text"] for c in record["caveats"]] == [
            c["text"] for c in data["caveats"] if claim["id"] in c.get("claims", ())]
        assert record["actor_name"] == (local.get(claim["actor"]) or registry[claim["actor"]])["name"]
        assert (record["outlet"], record["headline"], record["article_url"]) == (
            data["article"]["outlet"], data["article"]["headline"], data["article"]["url"])
    reports = site_records(injected["site"], "reports")
    by_id = {r["report"]: r for r in reports if r["article"] == INJECTION_ARTICLE}
    for report in data.get("reported", []):
        for field in ("text", "via", "note"):
            assert by_id[report["id"]][field] == report.get(field), field
        if "event" in report:
            assert by_id[report["id"]]["event"]["place"] == report["event"]["place"]
    events = site_records(injected["site"], "events")
    assert {e["place"] for e in events if e["id"].startswith(INJECTION_ARTICLE)} == {
        item["event"]["place"] for item in data["claims"] + data.get("reported", []) if "event" in item}
    articles = site_records(injected["site"], "articles")
    ours = next(a for a in articles if a["article"] == INJECTION_ARTICLE)
    assert [c["text"] for c in ours["caveats"]] == [c["text"] for c in data["caveats"]]
    actors = json.loads((injected["site"] / "data" / "actors.json").read_text(encoding="utf-8"))
    north = _registry(injected, "sides", "north")
    assert next(s for s in actors["sides"] if s["id"] == "north") == {
        "id": "north", "name": north["name"], "role": "party", "description": north["description"],
        "aliases": north["aliases"]}
    delegation = next(a for a in actors["actors"] if a["id"] == "delegation-a")
    assert (delegation["name"], delegation["role"], delegation["aliases"]) == (
        registry["delegation-a"]["name"], registry["delegation-a"]["role"], registry["delegation-a"]["aliases"])
    topics = json.loads((injected["site"] / "data" / "topics.json").read_text(encoding="utf-8"))["topics"]
    truce = _registry(injected, "topics", "truce")
    assert next(t for t in topics if t["id"] == "truce") == {
        "id": "truce", "label": truce["label"], "description": truce["description"], "aliases": truce["aliases"]}


def test_csv_holds_every_payload_and_no_formula(injected):
    rows = [r for text in site_csv_texts(injected["site"], "claims")
            for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))]
    for row in rows:
        assert [v for v in row.values() if v.startswith(("=", "+", "-", "@", "\t", "\r"))] == [], row["id"]
    data = _article(injected)

    def cell(value):  # what a spreadsheet must show: the text, with an apostrophe before a formula start
        return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value

    ours = {r["id"].split("#")[1]: r for r in rows if r["id"].startswith(INJECTION_ARTICLE + "#")}
    assert set(ours) == {c["id"] for c in data["claims"]}
    for claim in data["claims"]:
        row = ours[claim["id"]]
        assert row["text"] == cell(claim["text"])
        assert row["venue"] == cell(claim.get("venue") or "")
        assert row["via"] == cell(claim.get("via") or "")
        assert row["outlet"] == cell(data["article"]["outlet"])
    assert ours["formula"]["text"].startswith("'=HYPERLINK(")


def test_json_ld_holds_every_payload_and_cannot_end_its_script(injected):
    page = Page.read(injected["site"] / f"articles/{INJECTION_ARTICLE}/index.html")
    blocks = [body for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    assert not set(blocks[0]) & {"<", ">"}
    ld = json.loads(blocks[0])
    meta = _article(injected)["article"]
    about = ld["about"]
    # A republished article: the republisher publishes the page, the outlet is its source.
    assert (about["headline"], about["publisher"]["name"], about["sourceOrganization"]["name"],
            about["author"]["name"], about["url"]) == (
        meta["headline"], meta["republished_by"], meta["outlet"], meta["byline"], meta["url"])
    quote = next(c for c in _article(injected)["claims"] if c["id"] == "quote")
    quotations = [part for part in ld["hasPart"] if part["@type"] == "Quotation"]
    assert [q["text"] for q in quotations] == [quote["text"]]
    assert quotations[0]["creator"]["name"] == _registry(injected, "actors", "delegation-a")["name"]
    assert {c["text"] for c in _article(injected)["claims"]} == {part["text"] for part in ld["hasPart"]}
    facets = [body for attrs, body in Page.read(injected["site"] / "search/index.html").scripts
              if attrs.get("id") == "parley-facets"]
    assert len(facets) == 1 and not set(facets[0]) & {"<", ">"}
    labels = json.dumps(json.loads(facets[0]), ensure_ascii=False)
    assert json.dumps(_registry(injected, "actors", "delegation-a")["name"], ensure_ascii=False) in labels


def test_sitemap_lists_only_site_addresses(injected):
    root = ET.fromstring((injected["site"] / "sitemap.xml").read_bytes())
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{SITE_URL}articles/{INJECTION_ARTICLE}/" in locs
    for loc in locs:
        assert loc.startswith(SITE_URL) and not re.search(r"[\s<>\"'{}]|javascript", loc), loc


def test_the_serve_problems_panel_holds_a_hostile_path_and_message_as_text():
    """`parley serve` shows a broken save's problems on every page: the file name and the message
    (both from the analyst's files) stay text, and the panel is Parley's own elements only."""
    from generator.preview import overlay_html
    from generator.problems import Problem

    payload = '</code><script>alert("x")</script><img src=x onerror=alert(1)>'
    html = overlay_html([Problem(f"briefings/{payload}.yaml", 3, 7, f"unknown actor '{payload}'")]).decode()
    page = Page.parse(html)
    assert page.active_content() == []
    assert {tag for tag, _ in page.elements} == {"div", "strong", "ul", "li", "code"}
    assert f"briefings/{payload}.yaml:3:7:" in page.visible_text() and f"'{payload}'" in page.visible_text()
