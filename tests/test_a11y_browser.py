"""Browser: every page type as readers meet it, by keyboard, on a phone and in the dark, in Debian's
real headless Chromium — axe-core finds no violation at 1280 and 390 px in either colour scheme, no
element is wider than a phone's screen, Parley's colours keep WCAG AA contrast in both schemes, the
skip link, visible focus and the header search box behave, the sidebar keeps the readers' pages
apart from the maintainers', and the W3C Nu HTML validator finds nothing of Parley's own.

Page types the shipped corpus does not produce (month and year archives, a quote's own page) come
from the fictional corpus built with small page sizes and one quote carried by many outlets."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from contextlib import contextmanager

import pytest

from browser_support import AXE_JS, REPO, SUB_PATH, build_site, serve, watch
from test_site import FIXTURE, fixture_config

pytestmark = pytest.mark.slow

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Installed by scripts/test.sh from the npm registry (the W3C Nu validator's jar; Java from Debian).
VNU_JAR = REPO / ".cache" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Every page type of the shipped site: name → path under the site.
SHIPPED = {
    "home": "", "briefing": "days/2025-06-25/", "article": "articles/2025-06-25-next-ceasefire-on-the-horizon/",
    "actor": "actors/taher-nounou/", "topic": "topics/disarmament/", "side": "sides/hamas/", "sides": "sides/",
    "stand": "stand/", "timeline": "timeline/", "actors": "actors/", "topics": "topics/", "briefings": "days/",
    "articles": "articles/", "search": "search/?q=ceasefire", "search-nothing-found": "search/?q=Netanyhu",
    "data": "data/", "format": "format/", "commands": "commands/", "method": "method/", "guide": "guide/",
    "editing": "editing/", "about": "about/", "publishing": "publishing/", "security": "security/",
    "scaling": "scaling/", "not-found": "404.html",
}
# The archive page types, found in the fictional site by their paths.
ARCHIVES = {
    "actor-month": r"actors/[a-z0-9-]+/[0-9]{4}-[0-9]{2}/",
    "topic-month": r"topics/[a-z0-9-]+/[0-9]{4}-[0-9]{2}/",
    "briefings-year": r"days/[0-9]{4}/",
    "timeline-year": r"timeline/[0-9]{4}/",
    "articles-month": r"articles/[0-9]{4}-[0-9]{2}/",
    "quote": r"quotes/[a-z0-9-]+/",
}
READERS = ["Latest briefing", "Where they stand", "Briefings", "Search claims", "Timeline", "Actors", "Sides",
           "Topics", "Articles", "About these briefings", "Method", "Data"]
MAINTAINERS = ["Analyst guide: encoding an article", "Editing the briefings", "Publishing", "Scaling", "Security",
               "Data format", "Command reference"]

# The W3C Nu validator's findings in stock Material for MkDocs markup, which Parley does not write
# (its partials are copies Parley keeps identical but for its own lines): ignored by message, here
# and nowhere else. Anything else it reports is Parley's own and fails the test.
STOCK_MATERIAL = {
    # Material's hidden toggles: <input type="checkbox" id="__drawer" autocomplete="off">.
    r"Attribute “autocomplete” is only allowed when the input type is": "the drawer and search toggles",
    # <label for="__toc"> in the table of contents: its checkbox is hidden on wide screens.
    r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control":
        "the table of contents' label",
}


# --- sites ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def archive_site(tmp_path_factory):
    """The fictional corpus with pages of two claims, two days and two articles (so every archive
    page type exists), and one quote carried by seven articles (so a quote has its own page)."""
    tmp = tmp_path_factory.mktemp("a11y-archives")
    corpus = tmp / "corpus"
    shutil.copytree(FIXTURE, corpus)
    original = corpus / "articles" / "2030" / "01" / "2030-01-10-talks-open.yaml"
    text = original.read_text(encoding="utf-8")
    for day in range(14, 21):  # the same quote, carried again (the fixture's last article is on the 13th)
        copy = text.replace("published: 2030-01-10", f"published: 2030-01-{day}")
        (original.parent / f"2030-01-{day}-talks-carried.yaml").write_text(copy, encoding="utf-8")
    config = fixture_config(tmp, corpus, "https://example.org/parley/")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      window_days: 7\n", "      window_days: 7\n      page_size: 2\n      archive_size: 2\n"
        "      recent_days: 2\n"), encoding="utf-8")
    root = tmp / "served"
    site = root / SUB_PATH.strip("/")
    build_site(site, config=config)
    with serve(root) as url:
        yield url, site


@pytest.fixture(scope="module")
def pages(shipped_served, archive_site) -> dict[str, str]:
    """Every page type: name → its full address."""
    found = {name: shipped_served.url + path for name, path in SHIPPED.items()}
    url, site = archive_site
    built = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    for name, pattern in ARCHIVES.items():
        match = next((path for path in built if re.fullmatch(pattern, path)), None)
        assert match, f"the fictional site has no {name} page ({pattern})"
        found[name] = url + match
    return found


@contextmanager
def context(browser, viewport: dict = DESKTOP, scheme: str = "light"):
    made = browser.new_context(viewport=viewport, color_scheme=scheme)
    made.set_default_timeout(10_000)
    try:
        yield made
    finally:
        made.close()


def visit(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status in (200, 404), f"{url}: {response and response.status}"
    if "/search/?" in url:  # the results (or the ways out of none) are part of the page to check
        page.wait_for_function("""() => /match/.test(document.getElementById('parley-search-status').textContent)
            && !/Searching/.test(document.getElementById('parley-search-status').textContent)""")
        page.wait_for_timeout(300)


# --- axe-core: no violation, any impact, every page type, both widths, both schemes ------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_axe_finds_no_violation_on_any_page_type(browser, pages, viewport, scheme):
    assert AXE_JS.is_file(), f"{AXE_JS} missing: run scripts/test.sh (it installs axe-core from npm)"
    found: dict[str, list] = {}
    passed: dict[str, int] = {}
    with context(browser, viewport, scheme) as made:
        page = made.new_page()
        log = watch(page)
        for name, url in pages.items():
            visit(page, url)
            expected = "slate" if scheme == "dark" else "default"
            assert page.evaluate("document.body.dataset.mdColorScheme") == expected, name
            page.add_script_tag(path=str(AXE_JS))
            # axe's default rules and WCAG 2.2's target size (24 px), which it leaves out by default
            # and Lighthouse counts.
            result = page.evaluate("async () => await axe.run(document, {rules: {'target-size': {enabled: true}}})")
            # Rules that found something to check and passed: every page type passes 43 to 50 of
            # axe 4.14's rules; a page that did not render (or axe on a blank one) passes a few.
            passed[name] = len(result["passes"])
            bad = [{"rule": v["id"], "impact": v["impact"],
                    "nodes": [" ".join(n["target"]) + ": " + n["failureSummary"].replace("\n", " ")
                              for n in v["nodes"]][:5]}
                   for v in result["violations"]]
            if bad:
                found[name] = bad
        assert log.page_errors == [] and log.console_errors == []
    assert min(passed.values()) >= 40, f"axe found too little to check: {passed}"
    assert found == {}, json.dumps(found, indent=1)


# --- a phone: nothing wider than the screen ------------------------------------------------------------

WIDER = """() => [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > innerWidth + 1
      && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  }).map(el => `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} ends at ${Math.round(el.getBoundingClientRect().right)}px`)
    .slice(0, 5)"""


def test_no_element_is_wider_than_a_phone_on_any_page_type(browser, pages):
    wide = {}
    with context(browser, PHONE) as made:
        page = made.new_page()
        for name, url in pages.items():
            visit(page, url)
            assert page.evaluate("innerWidth") == PHONE["width"]
            found = page.evaluate(WIDER)
            scroll = page.evaluate("document.scrollingElement.scrollWidth")
            if found or scroll > PHONE["width"]:
                wide[name] = [f"page {scroll}px wide", *found]
    assert wide == {}


def test_tables_become_cards_on_a_phone_and_keep_their_columns_on_a_desktop(browser, pages):
    with context(browser, PHONE) as made:
        page = made.new_page()
        visit(page, pages["timeline"])
        row = page.locator("table[data-parley-cards] tbody tr").first
        assert row.evaluate("el => getComputedStyle(el).display") == "block"
        trend = row.locator('td[data-label="Trend"]')
        assert trend.is_visible()
        assert trend.evaluate("el => getComputedStyle(el, '::before').content") == '"Trend: "'
        # The chart is drawn as rows, one per day, and its column drawing is not shown.
        assert page.locator(".parley-chart__svg--rows").is_visible()
        assert not page.locator(".parley-chart__svg--columns").is_visible()
    with context(browser, DESKTOP) as made:
        page = made.new_page()
        visit(page, pages["timeline"])
        assert page.locator("table[data-parley-cards] tbody tr").first.evaluate(
            "el => getComputedStyle(el).display") == "table-row"
        assert page.locator(".parley-chart__svg--columns").is_visible()
        assert not page.locator(".parley-chart__svg--rows").is_visible()


# Each text of a drawing as the quadrilateral it covers on screen (its box carried through its own
# rotation, as the dates are), and the pairs that overlap (separating axis test).
OVERLAPS = """(drawing) => {
  const shapes = [...document.querySelectorAll(`.parley-chart__svg--${drawing} text`)].map(t => {
    const b = t.getBBox(), m = t.getScreenCTM();
    const corner = (x, y) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f];
    return {text: t.textContent, points: [corner(b.x, b.y), corner(b.x + b.width, b.y),
                                          corner(b.x + b.width, b.y + b.height), corner(b.x, b.y + b.height)]};
  });
  const apart = (p, q) => [p, q].some(shape => shape.points.some((a, i) => {
    const b = shape.points[(i + 1) % 4], axis = [a[1] - b[1], b[0] - a[0]];
    const project = (s) => s.points.map(([x, y]) => x * axis[0] + y * axis[1]);
    const [one, two] = [project(p), project(q)];
    const slack = 0.5 * Math.hypot(...axis);
    return Math.max(...one) <= Math.min(...two) + slack || Math.max(...two) <= Math.min(...one) + slack;
  }));
  const out = [];
  shapes.forEach((p, i) => shapes.slice(i + 1).forEach(q => { if (!apart(p, q)) out.push(`${p.text} / ${q.text}`); }));
  return [shapes.length, out];
}"""


def test_the_charts_labels_never_overlap(browser, pages):
    """Every text of both drawings of the stance chart (legend, totals, dates) keeps to its own box."""
    for viewport, drawing in ((DESKTOP, "columns"), (PHONE, "rows")):
        with context(browser, viewport) as made:
            page = made.new_page()
            visit(page, pages["timeline"])
            overlaps = page.evaluate(OVERLAPS, drawing)
            assert overlaps[0] > 20 and overlaps[1] == [], (drawing, overlaps)


# --- colours: WCAG AA in both schemes ---------------------------------------------------------------------

TEXT_COLOURS = ("--parley-green", "--parley-amber", "--parley-red", "--parley-purple", "--parley-blue",
                "--parley-olive", "--parley-grey", "--parley-chart-neutral", "--md-typeset-a-color",
                "--md-default-fg-color--light", "--md-default-fg-color")


def _rgba(text: str) -> tuple[float, float, float, float]:
    m = re.fullmatch(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", text.strip())
    assert m, f"not a computed colour: {text!r}"
    return float(m[1]), float(m[2]), float(m[3]), float(m[4]) if m[4] is not None else 1.0


def _over(colour, background):
    """A colour with transparency as drawn over an opaque background."""
    r, g, b, a = colour
    return tuple(a * c + (1 - a) * bg for c, bg in zip((r, g, b), background[:3])) + (1.0,)


def contrast(one, other) -> float:
    def luminance(rgb):
        def channel(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = rgb[:3]
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_parley_colour_keeps_aa_contrast(browser, pages, scheme):
    """Each colour Parley gives text (and the theme's colours it uses for text) against the page's
    background, measured as Chromium computes them: 4.5:1 or more; the focus ring 3:1 or more."""
    with context(browser, DESKTOP, scheme) as made:
        page = made.new_page()
        visit(page, pages["briefing"])
        computed = page.evaluate("""(names) => {
            const probe = document.createElement('span');
            document.querySelector('article').append(probe);
            const out = {};
            for (const name of names) { probe.style.color = `var(${name})`; out[name] = getComputedStyle(probe).color; }
            out.background = getComputedStyle(document.body).backgroundColor;
            probe.remove();
            // Each position link in the ledger, as drawn: its kind and its colour.
            out.positions = [...document.querySelectorAll('table.parley-ledger a.parley-position')]
              .map(a => [[...a.classList].find(c => c.startsWith('parley-position--')), getComputedStyle(a).color]);
            return out;
        }""", [*TEXT_COLOURS, "--parley-focus", "--parley-chart-paper"])
    background = _rgba(computed["background"])
    assert background[3] == 1.0
    ratios = {name: round(contrast(_over(_rgba(computed[name]), background), background), 2) for name in TEXT_COLOURS}
    assert {name: r for name, r in ratios.items() if r < 4.5} == {}, ratios
    assert contrast(_rgba(computed["--parley-focus"]), background) >= 3
    assert _rgba(computed["--parley-chart-paper"])[:3] == background[:3]  # the chart's paper is the page's
    assert len(set(computed[n] for n in TEXT_COLOURS[:5])) == 5, "two stances or positions share a colour"
    # A position keeps its meaning's colour as a link (Material's link colour once outranked it).
    meaning = {"demands": "--parley-purple", "rejects": "--parley-red", "accepts": "--parley-green",
               "offers": "--parley-blue", "accepts-with-conditions": "--parley-olive"}
    drawn = {(kind, colour) for kind, colour in computed["positions"]}
    assert len(drawn) >= 2 and all(colour == computed[meaning[kind.removeprefix("parley-position--")]]
                                   for kind, colour in drawn), drawn


def test_the_reader_chooses_the_scheme_and_the_system_setting_is_the_default(browser, pages):
    with context(browser, DESKTOP, "dark") as made:
        page = made.new_page()
        visit(page, pages["home"])
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        toggles = page.locator("form[data-md-component=palette] label:visible")
        assert toggles.count() == 1
        name = toggles.first.get_attribute("title")
        toggles.first.click()  # auto → light
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
        assert name == "Switch to light mode"
        page.reload()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default", "the choice was not kept"
        # Kept on a page two folders down: the choice is stored under the site's root, which
        # assets/parley/scope.js finds from its own address (not from the page's).
        visit(page, pages["briefing"])
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default", "not kept on another page"
        assert page.evaluate("__md_scope.href") == pages["home"]
        visit(page, pages["home"])
        page.locator("form[data-md-component=palette] label:visible").first.click()  # light → dark
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")


# --- keyboard -------------------------------------------------------------------------------------------

def focused(page, js: str):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {js}; }})()")


@pytest.mark.parametrize("name", ["home", "briefing", "actor", "search", "format", "guide", "not-found"])
def test_the_first_tab_reaches_a_skip_link_to_the_content(browser, pages, name):
    with context(browser) as made:
        page = made.new_page()
        visit(page, pages[name])
        page.keyboard.press("Tab")
        assert focused(page, "el.textContent.trim()") == "Skip to content"
        # Shown once focused (after Material's fade-in).
        page.wait_for_function("""() => { const el = document.activeElement;
            return Number(getComputedStyle(el).opacity) === 1 && el.getBoundingClientRect().width > 0; }""")
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash === '#parley-content'")
        page.keyboard.press("Tab")
        # The next stop is in the page's content, not in the header or the sidebar.
        assert focused(page, "!!el.closest('article.md-content__inner')"), focused(page, "el.outerHTML.slice(0, 100)")
        if name == "search":
            assert focused(page, "el.id") == "parley-q"


def test_on_the_search_page_the_results_are_one_skip_away(browser, pages):
    with context(browser) as made:
        page = made.new_page()
        visit(page, pages["search"])
        page.locator("#parley-q").focus()
        stops = []
        for _ in range(3):
            page.keyboard.press("Tab")
            stops.append(focused(page, "el.textContent.trim()"))
            if stops[-1].startswith("Skip the filters"):
                break
        assert stops[-1] == "Skip the filters, to the results", stops
        assert focused(page, "el.checkVisibility({opacityProperty: true}) && el.getBoundingClientRect().width > 1")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert focused(page, "!!el.closest('#parley-search-results')"), focused(page, "el.outerHTML.slice(0, 100)")


FOCUS_RING = """(() => {
    const el = document.activeElement, style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
    return [ring, `${el.tagName.toLowerCase()}#${el.id}.${el.getAttribute('class') || ''} ${el.getAttribute('type') || ''}`];
})()"""


@pytest.mark.parametrize("name", ["search", "article", "timeline"])
def test_every_control_shows_its_focus(browser, pages, name):
    """Tab through the page: every stop draws a focus ring (checkboxes, the fold, buttons, links)."""
    with context(browser) as made:
        page = made.new_page()
        visit(page, pages[name])
        kinds, missing = set(), []
        for _ in range(90):
            page.keyboard.press("Tab")
            if focused(page, "el === document.body"):
                break
            ring, what = page.evaluate(FOCUS_RING)
            kinds.add(what.split("#")[0] + (" " + what.rsplit(" ", 1)[1] if what.endswith(("checkbox", "radio")) else ""))
            if not ring:
                missing.append(what)
        assert missing == []
        if name == "search":
            assert {"input checkbox", "input radio", "summary", "button", "a"} <= kinds, kinds


def test_tabbing_past_the_header_search_closes_it(browser, pages):
    with context(browser) as made:
        page = made.new_page()
        visit(page, pages["briefing"])
        for _ in range(40):
            page.keyboard.press("Tab")
            if focused(page, "el.matches('[data-parley-search-input]')"):
                break
        assert focused(page, "el.matches('[data-parley-search-input]')"), "Tab never reached the header search"
        assert page.locator("#__search").is_checked(), "focusing the box did not open it"
        for _ in range(6):
            page.keyboard.press("Tab")
            if not focused(page, "!!el.closest('[data-parley-search]')"):
                break
        assert not focused(page, "!!el.closest('[data-parley-search]')")
        page.wait_for_function("!document.getElementById('__search').checked")
        page.wait_for_function("!document.querySelector('.md-search__output').checkVisibility({opacityProperty: true})")


# --- the sidebar ----------------------------------------------------------------------------------------

def test_the_sidebar_keeps_the_readers_pages_and_puts_the_maintainers_under_one_section(browser, pages):
    with context(browser) as made:
        page = made.new_page()
        visit(page, pages["about"])
        top = page.evaluate("""() => [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')]
            .map(item => item.querySelector(':scope > a, :scope > label, :scope > div > a').textContent.trim())""")
        assert top == READERS + ["For maintainers"]
        inner = page.evaluate("""() => [...document.querySelectorAll(
            '.md-nav--primary > .md-nav__list > .md-nav__item:last-child .md-nav .md-nav__item > a')]
            .map(a => a.textContent.trim())""")
        assert inner == MAINTAINERS


# --- the W3C Nu validator ---------------------------------------------------------------------------------

def test_the_nu_validator_finds_nothing_of_parleys_own(shipped_served, archive_site):
    """Every HTML page of both sites, validated by the W3C Nu HTML checker: errors and warnings
    alike, less stock Material's (STOCK_MATERIAL, each of which must still occur: an entry that no
    longer matches anything is removed, not kept)."""
    java = shutil.which("java")
    assert java, "java is missing: run scripts/test.sh (it installs Debian's default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} missing: run scripts/test.sh (it installs vnu-jar from npm)"
    files = [p for site in (shipped_served.root, archive_site[1]) for p in sorted(site.rglob("*.html"))]
    assert len(files) > 60
    result = subprocess.run([java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--also-check-svg",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr)["messages"]
    ours, stock = [], {pattern: 0 for pattern in STOCK_MATERIAL}
    for message in messages:
        pattern = next((p for p in STOCK_MATERIAL if re.search(p, message["message"])), None)
        if pattern is not None:
            stock[pattern] += 1
            continue
        where = message.get("url", "").split(SUB_PATH.strip("/") + "/", 1)[-1]
        ours.append(f"{where}:{message.get('lastLine')}: {message['type']} {message.get('subType', '')}: "
                    f"{message['message']}")
    assert ours == [], "\n".join(ours[:30])
    assert all(stock.values()), f"an ignored message no longer occurs: {stock}"
