"""Browser: Parley's Pagefind search in Debian's real headless Chromium, on sites built with the
real `parley build` and served under their sub-path — the header box and its keys, the Search
claims page driven by its address and by its facets (the exact claims, computed here from the
corpus), keyboard use and accessibility, a clean load of every page, and hostile text shown as text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml
from playwright.sync_api import sync_playwright

from browser_support import AXE_JS, REPO, SUB_PATH, build_site, launch_chromium, serve, watch
from test_browser import THEME_VIOLATIONS
from test_site import FIXTURE, fixture_config

from generator.pipeline import read_corpus

pytestmark = pytest.mark.slow

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FACETS = ("actor", "side", "topic", "stance", "sourcing", "form", "outlet")

NOUNOU = ("articles/2025-06-25-next-ceasefire-on-the-horizon/", "claim-nounou-talks-intensified")


# --- what the search should find, computed from the corpus ------------------------------------

@dataclass(frozen=True)
class Record:
    """One claim as the search should see it: its link, its facet values and its searchable text."""

    href: str
    """The result's link, relative to the site root."""
    date: str
    facets: dict
    text: str
    """What a reader can find it by: speaker, words, how the article names the speaker, topics,
    outlet, via, venue and headline (the search page promises 'quote or paraphrase text, speaker,
    topic, outlet')."""


def records(briefings: Path) -> list[Record]:
    corpus = read_corpus(briefings)
    found = []
    for article in corpus.articles:
        for claim in article.claims:
            facets = {
                "actor": {claim.actor.name},
                "side": {claim.actor.side.name if claim.actor.side else "Side not stated"},
                "topic": {t.label for t in claim.topics},
                "stance": {claim.stance},
                "sourcing": {claim.sourcing.replace("-", " ")},
                "form": {claim.form.replace("-", " ")},
                "outlet": {article.outlet},
            }
            words = [claim.actor.name, claim.text, claim.described_as, *(t.label for t in claim.topics),
                     article.outlet, claim.via, claim.venue, article.headline]
            found.append(Record(f"articles/{article.key}/#{claim.anchor}", claim.said_on.isoformat(), facets,
                                " ".join(w for w in words if w)))
    return found


def matches(record: Record, state: dict, without: str | None = None) -> bool:
    """The search page's rule: the words, AND across facets, OR within one, and the date range."""
    q = state.get("q")
    if q and not all(re.search(rf"\b{re.escape(w)}", record.text, re.I) for w in q.split()):
        return False
    if state.get("from") and record.date < state["from"] or state.get("to") and record.date > state["to"]:
        return False
    return all(record.facets[f] & set(state[f]) for f in FACETS if f != without and state.get(f))


def expected_links(base: str, recs: list[Record], state: dict) -> set[str]:
    return {base + r.href for r in recs if matches(r, state)}


def expected_counts(recs: list[Record], state: dict) -> dict[tuple[str, str], int]:
    """Count beside each facet value: the claims it would give, with the other facets' ticks
    kept (ticking another value of the same facet widens the result)."""
    values = {(f, v) for r in recs for f in FACETS for v in r.facets[f]}
    return {(f, v): sum(1 for r in recs if v in r.facets[f] and matches(r, state, without=f)) for f, v in values}


def status_line(n: int) -> str:
    return "No claims match." if n == 0 else "1 claim matches." if n == 1 else f"{n} claims match."


# --- driving the browser ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@dataclass(frozen=True)
class Site:
    url: str
    """The served site, ending in the sub-path."""
    root: Path
    """The built site on disk."""
    records: list[Record]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Site:
    """briefings/, built once with the repo's mkdocs.yml and served at /parley/."""
    root = tmp_path_factory.mktemp("search-shipped")
    site = root / SUB_PATH.strip("/")
    build_site(site)
    with serve(root) as url:
        yield Site(url, site, records(REPO / "briefings"))


@contextmanager
def opened(browser, url: str, viewport: dict | None = None):
    """A fresh page at `url` (loaded, not idle: every wait below is for what the test needs)."""
    context = browser.new_context(viewport=viewport or DESKTOP)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        log = watch(page)
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        yield page, log
    finally:
        context.close()


_SETTLED = """() => {
  const m = /^(No|\\d+) claims? match(?:es)?\\.$/.exec(document.getElementById("parley-search-status").textContent.trim());
  if (!m) return false;
  const n = m[1] === "No" ? 0 : Number(m[1]);
  const shown = document.querySelectorAll("#parley-search-results > li").length;
  return n === 0 ? shown === 0 : shown > 0 && (shown === n || !document.getElementById("parley-more").hidden);
}"""


def shown_results(page) -> tuple[str, set[str]]:
    """Wait until the search page has answered, list every result ('Show more' until all are
    shown) and return the status line and the results' links."""
    page.wait_for_function(_SETTLED)
    items = page.locator("#parley-search-results > li")
    more = page.locator("#parley-more")
    while more.is_visible():
        before = items.count()
        more.click()
        page.mouse.move(0, 0)  # a hovered link takes Material's accent colour; keep axe off that
        page.wait_for_function(f"document.querySelectorAll('#parley-search-results > li').length > {before}")
    links = [a.get_attribute("href") for a in page.locator("#parley-search-results > li > a").all()]
    assert len(links) == len(set(links)), f"a claim is listed twice: {links}"
    status = page.inner_text("#parley-search-status").strip()
    assert status == status_line(len(links)), f"status {status!r} for {len(links)} listed results"
    return status, set(links)


def shown_counts(page) -> dict[tuple[str, str], int]:
    rows = page.evaluate("""() => [...document.querySelectorAll('#parley-search input[type=checkbox]')].map(
        box => [box.name, box.value, box.labels[0].querySelector('.parley-facet__count').textContent])""")
    counts = {}
    for facet, value, count in rows:
        m = re.fullmatch(r"\((\d+)\)", count)
        assert m, f"{facet} {value!r}: count {count!r}"
        counts[(facet, value)] = int(m[1])
    return counts


def ticked(page) -> dict[str, set[str]]:
    rows = page.evaluate("""() => [...document.querySelectorAll('#parley-search input[type=checkbox]:checked')]
        .map(box => [box.name, box.value])""")
    found: dict[str, set[str]] = {}
    for facet, value in rows:
        found.setdefault(facet, set()).add(value)
    return found


def url_state(page) -> dict[str, list[str]]:
    """The page's address query, each key's values sorted."""
    return {k: sorted(v) for k, v in parse_qs(urlsplit(page.url).query).items()}


def search_url(base: str, state: dict) -> str:
    pairs = [(k, v) for k, vs in state.items() for v in ([vs] if isinstance(vs, str) else vs)]
    return base + "search/" + (f"?{urlencode(pairs)}" if pairs else "")


def focused(page, js: str):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {js}; }})()")


# --- 1. the header box on every page ----------------------------------------------------------

@pytest.mark.parametrize("key", ["/", "s"])
def test_shortcut_key_focuses_the_header_search_box(browser, shipped, key):
    with opened(browser, shipped.url + "days/2025-06-25/") as (page, log):
        assert not focused(page, "el.matches('[data-parley-search-input]')")
        page.keyboard.press(key)
        assert focused(page, "el.matches('[data-parley-search-input]')"), f"{key!r} did not focus the search box"
        assert page.locator("#__search").is_checked(), "the search box did not open"
        assert page.locator("[data-parley-search-input]").input_value() == "", f"{key!r} was typed into the box"
        assert log.problems() == []


def test_header_search_finds_a_claim_and_the_keyboard_follows_it(browser, shipped):
    path, anchor = NOUNOU
    target = shipped.url + path + "#" + anchor
    with opened(browser, shipped.url + "days/2025-06-25/") as (page, log):
        page.keyboard.press("/")
        page.keyboard.type("intensified")
        first = page.locator(".md-search-result__list > li").first
        page.locator(f'.md-search-result__list a[href="{target}"]').wait_for()
        assert page.inner_text("#parley-search-meta-header") == "1 matching result"
        # The claim comes first, showing who said it, when, and in what form.
        assert first.locator("a").get_attribute("href") == target
        assert first.locator("h1").inner_text() == "Taher Nounou"
        info = first.locator(".parley-result__meta").inner_text()
        assert info.split(" · ")[:2] == ["quote", "25 Jun 2025"], info
        assert "the talks have even intensified" in first.inner_text()
        # Then the link to the search page with the same words.
        assert page.locator(".md-search-result__list a.parley-search-all").get_attribute("href") == \
            shipped.url + "search/?q=intensified"

        page.keyboard.press("ArrowDown")
        assert focused(page, "el.href") == target
        page.keyboard.press("Enter")
        page.wait_for_url(target)
        page.wait_for_load_state("load")
        assert page.evaluate("location.hash") == "#" + anchor
        claim = page.locator(f"[id='{anchor}']")
        assert claim.count() == 1, f"no element with id {anchor} on the article page"
        assert "intensified" in claim.inner_text()
        assert log.problems() == []


def _open_header_results(page) -> None:
    page.keyboard.press("s")
    page.keyboard.type("intensified")
    page.locator(".md-search-result__list a").first.wait_for()
    assert page.locator(".md-search__output").is_visible()


_OUTPUT_GONE = ("!document.querySelector('.md-search__output')"
                ".checkVisibility({visibilityProperty: true, opacityProperty: true})")
_FOCUS_VISIBLE = "el === document.body || el.checkVisibility({visibilityProperty: true, opacityProperty: true})"


def test_escape_closes_the_header_search_box(browser, shipped):
    with opened(browser, shipped.url + "days/2025-06-25/") as (page, log):
        _open_header_results(page)
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked()
        assert not focused(page, "el.matches('[data-parley-search-input]')"), "the input kept the focus"
        assert focused(page, _FOCUS_VISIBLE)
        page.wait_for_function(_OUTPUT_GONE)  # after Material's fade-out
        # And it opens again with the key.
        page.keyboard.press("/")
        assert focused(page, "el.matches('[data-parley-search-input]')")
        assert page.locator("#__search").is_checked()
        assert log.problems() == []


@pytest.mark.xfail(strict=True, reason="BUG: Escape pressed on a header result closes the box but close() in "
                   "search.js only blurs the input, so focus stays on the now invisible result link (Enter still "
                   "follows it)")
def test_escape_from_a_header_result_takes_focus_out_of_the_closed_box(browser, shipped):
    with opened(browser, shipped.url + "days/2025-06-25/") as (page, log):
        _open_header_results(page)
        page.keyboard.press("ArrowDown")
        assert focused(page, "el.matches('.md-search-result__link')")
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked()
        page.wait_for_function(_OUTPUT_GONE)  # after Material's fade-out
        assert focused(page, _FOCUS_VISIBLE), f"focus is on a hidden element: {focused(page, 'el.outerHTML.slice(0, 80)')}"


@pytest.mark.xfail(strict=True, reason="BUG: the header's 'All N results, with filters →' counts briefing, actor "
                   "and topic pages too (search.js uses search.results.length without the type filter), but the "
                   "search page it opens lists claims only: 'All 28 results' for 'ceasefire' opens '27 claims match.'")
def test_header_link_to_the_search_page_promises_what_it_shows(browser, shipped):
    with opened(browser, shipped.url + "days/2025-06-25/") as (page, log):
        page.keyboard.press("/")
        page.keyboard.type("ceasefire")
        link = page.locator(".md-search-result__list a.parley-search-all")
        link.wait_for()
        promised = int(re.search(r"\d+", link.inner_text())[0])
        assert link.get_attribute("href") == shipped.url + "search/?q=ceasefire"
        page.keyboard.press("Escape")
        link.evaluate("el => el.click()")  # the box is closed; the link's target is what matters
        page.wait_for_url(shipped.url + "search/?q=ceasefire")
        _, got = shown_results(page)
        assert got == expected_links(shipped.url, shipped.records, {"q": "ceasefire"})
        assert len(got) == promised


# --- 2. the Search claims page driven by its address ------------------------------------------

URL_STATES = {
    "topic-and-stance": {"topic": ["Disarmament"], "stance": ["cautious"]},
    "words": {"q": "Trump"},
    "words-and-dates": {"q": "Trump", "from": "2025-06-26", "to": "2025-07-05"},
    "from-only": {"from": "2025-07-06"},
    "one-actor": {"actor": ["Majed Al Ansari"]},
    "two-actors-or": {"actor": ["Majed Al Ansari", "Taher Nounou"]},
    "actor-and-topic": {"actor": ["Majed Al Ansari"], "topic": ["Mediation"]},
    "nothing": {},
}


@pytest.mark.parametrize("name", URL_STATES)
def test_search_page_shows_exactly_the_claims_its_address_asks_for(browser, shipped, name):
    state = URL_STATES[name]
    want = expected_links(shipped.url, shipped.records, state)
    assert want, "the case should find something"
    with opened(browser, search_url(shipped.url, state)) as (page, log):
        status, got = shown_results(page)
        assert got == want, f"missing {sorted(want - got)}, extra {sorted(got - want)}"
        assert status == status_line(len(want))
        assert page.get_by_role("status").filter(has_text="match").inner_text().strip() == status
        # The form shows the state it was opened with, and the address keeps it.
        assert ticked(page) == {f: set(state[f]) for f in FACETS if state.get(f)}
        assert page.input_value("#parley-q") == state.get("q", "")
        assert page.input_value("#parley-from") == state.get("from", "")
        assert page.input_value("#parley-to") == state.get("to", "")
        assert url_state(page) == {k: [v] if isinstance(v, str) else sorted(v) for k, v in state.items()}
        assert shown_counts(page) == expected_counts(shipped.records, state)
        assert log.problems() == []


def test_the_address_cases_above_discriminate():
    """The cases above are only worth something if the range and the facets cut the result."""
    recs = records(REPO / "briefings")
    words = expected_links("", recs, URL_STATES["words"])
    ranged = expected_links("", recs, URL_STATES["words-and-dates"])
    assert ranged and ranged < words
    one = expected_links("", recs, URL_STATES["one-actor"])
    assert one < expected_links("", recs, URL_STATES["two-actors-or"])
    assert expected_links("", recs, URL_STATES["actor-and-topic"]) < one
    assert len(expected_links("", recs, {})) > 20, "'Show more' is not exercised"


# --- 3. ticking and unticking facets -----------------------------------------------------------

def test_ticking_and_unticking_facets_updates_address_results_and_counts(browser, shipped):
    base, recs = shipped.url, shipped.records
    with opened(browser, base + "search/") as (page, log):
        state: dict = {}

        def check(box: str, on: bool):
            facet, value = box.split("=", 1)
            checkbox = page.locator(f'#parley-search input[name="{facet}"][value="{value}"]')
            checkbox.check() if on else checkbox.uncheck()
            values = state.setdefault(facet, [])
            values.append(value) if on else values.remove(value)
            status, got = shown_results(page)
            want = expected_links(base, recs, state)
            assert got == want, f"after {'ticking' if on else 'unticking'} {box}: " \
                                f"missing {sorted(want - got)}, extra {sorted(got - want)}"
            counts = shown_counts(page)
            assert counts == expected_counts(recs, state)
            assert url_state(page) == {f: sorted(v) for f, v in state.items() if v}
            return want, counts

        everything = shown_results(page)[1]
        assert everything == expected_links(base, recs, {})

        want, counts = check("stance=pessimistic", True)
        assert "stance=pessimistic" in page.url
        assert counts[("stance", "pessimistic")] == len(want) == 2

        want, counts = check("stance=cautious", True)          # OR within a facet: wider
        assert counts[("stance", "pessimistic")] + counts[("stance", "cautious")] == len(want)

        narrowed, counts = check("topic=State of the talks", True)  # AND across facets: narrower
        assert narrowed < want
        assert counts[("topic", "State of the talks")] == len(narrowed)

        want, _ = check("stance=pessimistic", False)
        assert "stance=pessimistic" not in page.url and "stance=cautious" in page.url
        check("stance=cautious", False)
        want, _ = check("topic=State of the talks", False)
        assert want == everything
        assert urlsplit(page.url).query == ""
        assert log.problems() == []


# --- 4. keyboard only, labels, axe-core ---------------------------------------------------------

def test_keyboard_alone_searches_and_ticks_a_facet(browser, shipped):
    base, recs = shipped.url, shipped.records
    with opened(browser, base + "search/") as (page, log):
        shown_results(page)
        query = page.get_by_label("Words to find in claims")
        query.focus()
        page.keyboard.type("Doha")
        assert shown_results(page)[1] == expected_links(base, recs, {"q": "Doha"})
        # Tab from the query field: the Search button, the two dates, then the first facet.
        stops = []
        for _ in range(20):
            page.keyboard.press("Tab")
            stops.append(focused(page, "el.id || el.tagName"))
            if focused(page, "el.type === 'checkbox'"):
                break
        assert focused(page, "el.type === 'checkbox' && el.name"), f"Tab never reached a facet: {stops}"
        assert focused(page, "el.name") == "actor", "the first facet reached is not Actor"
        assert set(stops[:-1]) <= {"BUTTON", "parley-from", "parley-to"}, stops
        for _ in range(20):
            if focused(page, "el.value") == "Benjamin Netanyahu":
                break
            page.keyboard.press("Tab")
        assert focused(page, "el.value") == "Benjamin Netanyahu"
        page.keyboard.press(" ")
        assert focused(page, "el.checked")
        state = {"q": "Doha", "actor": ["Benjamin Netanyahu"]}
        want = expected_links(base, recs, state)
        assert shown_results(page)[1] == want and 0 < len(want) < len(expected_links(base, recs, {"q": "Doha"}))
        assert url_state(page) == {"q": ["Doha"], "actor": ["Benjamin Netanyahu"]}
        page.keyboard.press(" ")
        assert not focused(page, "el.checked")
        assert shown_results(page)[1] == expected_links(base, recs, {"q": "Doha"})
        assert log.problems() == []


def test_every_search_control_has_a_label(browser, shipped):
    with opened(browser, shipped.url + "search/?q=ceasefire") as (page, log):
        shown_results(page)
        assert page.get_by_label("Words to find in claims").evaluate("el => el.id") == "parley-q"
        assert page.get_by_label("From", exact=True).evaluate("el => el.id") == "parley-from"
        assert page.get_by_label("to", exact=True).evaluate("el => el.id") == "parley-to"
        assert page.get_by_role("searchbox", name="Search claims and pages").count() == 1
        page.get_by_label("From", exact=True).fill("2025-07-06")
        assert shown_results(page)[1] == expected_links(shipped.url, shipped.records,
                                                        {"q": "ceasefire", "from": "2025-07-06"})
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('#parley-search input, #parley-search button')]
            .filter(el => !(el.labels && [...el.labels].some(l => l.textContent.trim()))
                          && !el.getAttribute('aria-label') && !el.textContent.trim())
            .map(el => el.outerHTML)""")
        assert unlabelled == []
        boxes = page.locator("#parley-search input[type=checkbox]")
        assert boxes.count() == len({(f, v) for r in shipped.records for f in FACETS for v in r.facets[f]})
        for facet in FACETS:
            legend = page.locator(f'[data-parley-facet="{facet}"] > legend')
            assert legend.inner_text().strip().lower() == facet
        assert log.problems() == []


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """Serious and critical axe-core violations, less the Material chrome that test_browser excuses."""
    page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    assert result["passes"] or rules, "axe ran no check"
    bad = []
    for violation in result["violations"]:
        nodes = [" ".join(n["target"]) for n in violation["nodes"]
                 if (violation["id"], " ".join(n["target"])) not in THEME_VIOLATIONS]
        if violation["impact"] in ("serious", "critical") and nodes:
            bad.append({"rule": violation["id"], "impact": violation["impact"], "nodes": nodes})
    return bad


# Bugs that the two strict xfails below pin down; the axe test excuses only these exact nodes.
def _known_bug(rule: str, node: str) -> bool:
    return ((rule == "color-contrast" and node.startswith("label[for=\"parley-"))
            or (rule == "aria-prohibited-attr" and node == 'label[aria-label="Search"]'))


AXE_STATES = {"results": "search/?q=ceasefire", "facets-ticked": "search/?topic=Disarmament&stance=cautious"}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("state", AXE_STATES)
def test_search_page_passes_axe_apart_from_known_bugs(browser, shipped, state, viewport):
    with opened(browser, shipped.url + AXE_STATES[state], viewport) as (page, log):
        shown_results(page)
        bad = [dict(v, nodes=[n for n in v["nodes"] if not _known_bug(v["rule"], n)]) for v in axe_violations(page)]
        assert [v for v in bad if v["nodes"]] == []
        assert log.problems() == []


@pytest.mark.xfail(strict=True, reason="BUG: facet options whose count is 0 are drawn at opacity 0.6 "
                   "(.parley-facet__option--empty in parley.css), below WCAG AA contrast, though they stay tickable")
def test_facet_options_with_no_match_keep_enough_contrast(browser, shipped):
    with opened(browser, shipped.url + AXE_STATES["facets-ticked"]) as (page, log):
        shown_results(page)
        assert page.locator(".parley-facet__option--empty").count() > 0
        assert axe_violations(page, ["color-contrast"]) == []


@pytest.mark.xfail(strict=True, reason="BUG: the header's search button (phone width) is "
                   "<label for=__search aria-label=Search> in generator/theme/partials/header.html; "
                   "aria-label is prohibited on a label (axe aria-prohibited-attr, serious), so it has no reliable name")
def test_header_search_button_on_a_phone_has_a_valid_name(browser, shipped):
    with opened(browser, shipped.url + "search/", PHONE) as (page, log):
        shown_results(page)
        assert page.locator('label.md-header__button[for="__search"]').is_visible()
        assert axe_violations(page, ["aria-prohibited-attr"]) == []


@pytest.mark.xfail(strict=True, reason="BUG: Pagefind 1.5 also indexes the records' data-pagefind-meta values "
                   "(render_search.py), so words only in a claim's permalink (article slug, claim id: "
                   "'temper', 'agenda', 'left') or in kind='claim' find claims that do not contain them")
@pytest.mark.parametrize("word", ["temper", "agenda", "left", "claim"])
def test_words_find_only_claims_that_contain_them(browser, shipped, word):
    with opened(browser, search_url(shipped.url, {"q": word})) as (page, log):
        assert shown_results(page)[1] == expected_links(shipped.url, shipped.records, {"q": word})


# --- 5. every page loads cleanly, from this server only ----------------------------------------

def test_every_page_loads_without_errors_or_outside_requests(browser, shipped):
    pages = sorted(p.parent.relative_to(shipped.root).as_posix() for p in shipped.root.rglob("index.html"))
    assert len(pages) > 30 and "search" in pages
    origin = urlsplit(shipped.url).netloc
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        log = watch(page)
        pending: set = set()
        page.on("request", lambda request: pending.add(request))
        page.on("requestfinished", lambda request: pending.discard(request))
        page.on("requestfailed", lambda request: pending.discard(request))
        bad: dict[str, list[str]] = {}
        requested: list[str] = []
        for rel in pages:
            path = "" if rel == "." else rel + "/"
            for entries in (log.dialogs, log.console_errors, log.page_errors, log.failed_requests, log.requests):
                entries.clear()
            response = page.goto(shipped.url + path, wait_until="load")
            problems = [] if response and response.status == 200 else [f"status {response and response.status}"]
            if rel == "search":
                shown_results(page)
            _quiet(page, pending)
            problems += log.problems()
            requested += log.requests
            problems += [f"requested {u}" for u in log.requests
                         if urlsplit(u).scheme != "http" or urlsplit(u).netloc != origin
                         or not urlsplit(u).path.startswith(SUB_PATH)]
            if problems:
                bad[path or "/"] = problems
        assert bad == {}
        assert any(u.endswith("/pagefind/pagefind.js") for u in requested), "search page never loaded Pagefind"
    finally:
        context.close()


def _quiet(page, pending: set, quiet: float = 0.1, limit: float = 3.0) -> None:
    """Wait until no request has been in flight for `quiet` seconds (networkidle waits 0.5 s)."""
    deadline = time.monotonic() + limit
    since = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(30)
        if pending:
            since = None
        elif since is None:
            since = time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    raise AssertionError(f"{page.url}: requests still in flight: {[r.url for r in pending]}")


# --- 6. hostile text in every field ------------------------------------------------------------

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><svg onload=alert(3)>',
            "[x](javascript:alert(4))", "javascript:alert(5)")
HOSTILE = " ".join(PAYLOADS)
INJECTED = "img[src=x], svg[onload], script, a[href^='javascript:' i]"


def _taint(value: str) -> str:
    return f"{value} {HOSTILE}"


def make_hostile(corpus: Path) -> None:
    """Every text field of every record of the fictional corpus gets every payload; ids, dates,
    URLs and vocabularies stay as they are, so the corpus still validates."""

    def edit(path: Path, change) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")

    def actors(items: list) -> None:
        for actor in items:
            actor["name"] = _taint(actor["name"])
            actor["role"] = _taint(actor.get("role", "role"))

    def article(data: dict) -> None:
        meta = data["article"]
        for key in ("headline", "subheadline", "outlet", "byline", "republished_by"):
            meta[key] = _taint(meta.get(key, key))
        if "date_note" in meta:
            meta["date_note"] = _taint(meta["date_note"])
        actors(data.get("actors", []))
        for claim in data["claims"]:
            for key in ("text", "described_as", "via", "venue", "note"):
                claim[key] = _taint(claim.get(key, key))
        data["caveats"] = [dict(c, text=_taint(c["text"])) for c in data.get("caveats", [])]
        data["caveats"].append({"kind": "other", "text": _taint("A caveat")})

    def sides(data: dict) -> None:
        for side in data["sides"]:
            side["name"] = _taint(side["name"])
            side["description"] = _taint(side.get("description", "description"))

    def topics(data: dict) -> None:
        for topic in data["topics"]:
            topic["label"], topic["description"] = _taint(topic["label"]), _taint(topic["description"])

    edit(corpus / "sides.yaml", sides)
    edit(corpus / "topics.yaml", topics)
    edit(corpus / "actors.yaml", lambda data: actors(data["actors"]))
    for path in sorted((corpus / "articles").rglob("*.yaml")):
        edit(path, article)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Site:
    tmp = tmp_path_factory.mktemp("search-hostile")
    corpus = tmp / "corpus"
    shutil.copytree(FIXTURE, corpus)
    make_hostile(corpus)
    checked = subprocess.run([sys.executable, "-m", "generator", "check", "--briefings", str(corpus)],
                             cwd=REPO, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    recs = records(corpus)
    assert all(HOSTILE in r.text for r in recs)
    root = tmp / "served"
    site = root / SUB_PATH.strip("/")
    build_site(site, config=fixture_config(tmp, corpus, "https://example.org/parley/"))
    with serve(root) as url:
        yield Site(url, site, recs)


def assert_inert(page, log, where: str) -> None:
    """Nothing ran and nothing became markup: no dialog, no error, no injected element."""
    injected = page.evaluate("""([where, selector]) => [...document.querySelectorAll(where)].flatMap(root =>
        [...root.querySelectorAll('*')]
          .filter(el => el.matches(selector) || [...el.attributes].some(a => a.name.toLowerCase().startsWith('on')))
          .map(el => el.outerHTML.slice(0, 120)))""", [where, INJECTED])
    assert injected == []
    assert log.dialogs == []
    assert log.problems() == []


@pytest.mark.parametrize("word", ["onerror", "svg"])
def test_hostile_text_in_header_results_is_only_text(browser, hostile, word):
    with opened(browser, hostile.url + "articles/2030-01-10-talks-open/") as (page, log):
        page.keyboard.press("/")
        page.keyboard.type(word)
        page.locator(".md-search-result__list a.parley-search-all").wait_for()
        claims = page.locator(".md-search-result__list > li:has(.parley-result__text)")
        assert claims.count() >= 1
        for item in claims.all():
            assert item.locator("h1").inner_text().endswith(HOSTILE)      # the actor's name
            meta = item.locator(".parley-result__meta").inner_text()
            assert meta.count(HOSTILE) == 2, meta                          # side and outlet
            assert item.locator(".parley-result__text").inner_text().endswith(HOSTILE)
        assert_inert(page, log, "[data-parley-search]")


# Facet values that carry the payloads (each is the fixture's value with every payload appended).
HOSTILE_TICKS = (("side", "Northland"), ("topic", "Captives"), ("outlet", "The Example Times"),
                 ("actor", "An official familiar with the talks"))


@pytest.mark.parametrize("word", ["onerror", "svg"])
def test_hostile_text_on_the_search_page_is_only_text(browser, hostile, word):
    base, recs = hostile.url, hostile.records
    with opened(browser, search_url(base, {"q": word})) as (page, log):
        assert shown_results(page)[1] == expected_links(base, recs, {"q": word})
        # Facet labels carry the payloads: each shows its value literally, as the corpus has it.
        for facet in ("actor", "side", "topic", "outlet"):
            labels = page.locator(f'[data-parley-facet="{facet}"] .parley-facet__value').all_inner_texts()
            assert sorted(labels) == sorted({v for r in recs for v in r.facets[facet]}), facet
            assert all(label.endswith(HOSTILE) for label in labels)
        assert shown_counts(page) == expected_counts(recs, {"q": word})
        for item in page.locator("#parley-search-results > li").all():
            assert item.locator("strong").inner_text().endswith(HOSTILE)            # the actor's name
            assert item.locator("a > span").inner_text().count(HOSTILE) == 2        # side and outlet
            assert item.locator(".parley-search-result__text").inner_text().endswith(HOSTILE)
        assert_inert(page, log, "#parley-search, #parley-search-results")
        # Tick a payload-bearing value in every such facet: the address carries it, still nothing runs.
        for facet, value in HOSTILE_TICKS:
            box = next(b for b in page.locator(f'#parley-search input[name="{facet}"]').all()
                       if b.evaluate("el => el.value") == _taint(value))
            box.check()
            shown_results(page)
            assert box.is_checked()
            assert url_state(page).get(facet) == [_taint(value)]
            assert_inert(page, log, "#parley-search, #parley-search-results")
        address = page.url
    # The address with the payloads in it opens the same search, still inert.
    with opened(browser, address) as (page, log):
        shown_results(page)
        assert ticked(page) == {f: {_taint(v)} for f, v in HOSTILE_TICKS}
        assert page.input_value("#parley-q") == word
        assert_inert(page, log, "#parley-search, #parley-search-results")


@pytest.mark.xfail(strict=True, reason="BUG: a facet value containing a double quote (here the side 'Northland …\"><svg "
                   "onload=alert(3)> …', count 2) matches no claim when ticked: Pagefind 1.5.2 cannot filter on values "
                   "with '\"' and Parley uses display names as filter values")
def test_ticking_a_facet_value_with_a_double_quote_finds_its_claims(browser, hostile):
    state = {"side": [_taint("Northland")]}
    with opened(browser, search_url(hostile.url, state)) as (page, log):
        _, got = shown_results(page)
        assert ticked(page) == {"side": {_taint("Northland")}}
        assert shown_counts(page)[("side", _taint("Northland"))] == 2
        want = expected_links(hostile.url, hostile.records, state)
        assert len(want) == 2
        assert got == want
