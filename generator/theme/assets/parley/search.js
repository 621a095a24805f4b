// Parley search: Pagefind (served from this site) behind Material's header search box and the
// "Search claims" page. Every value shown comes from the index or the site's own JSON and is
// written with textContent, never as HTML, so text from the briefings cannot become markup here.
// A query is folded first (accents, the Arabic article: spelling.js); a query that finds nothing
// is offered the nearest names (search/names.json) and, on the search page, the filter to drop.

import { foldQuery, highlighted, matcher, nameWords, suggestions } from "./spelling.js";

const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
const siteRoot = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);
const HEADER_LIMIT = 8;
const PAGE_SIZE = 20;
const FACETS = ["actor", "side", "topic", "stance", "sourcing", "form", "outlet"];
// Record types, as generator/search_tokens.py writes them.
const CLAIM_TYPE = "xclaimx";
// Which day a date range means: the day the words were said, or the day the article came out.
const DATE_BASES = { said: "date", published: "published" };

// The indexes (generator/index_search.py). While the archive spans a year, pagefind/ holds every
// record. Past that, pagefind/recent/ holds the last year's (and the actor and topic pages) for
// the header box, whose first results then cost a reader the same however long the archive
// grows, and pagefind/years/YEAR/ one year each for the search page, searched together here:
// Pagefind holds every record it indexes in memory, so a decade is indexed a year at a time.
// pagefind/parley.json says which there are. Each folder is its own Pagefind module.
const loaded = {};

function loadBundle(folder) {
  if (!loaded[folder]) {
    loaded[folder] = import(new URL(folder + "pagefind.js", siteRoot).href).then(async (pagefind) => {
      await pagefind.options({ baseUrl: siteRoot.pathname });
      pagefind.init();
      return pagefind;
    });
  }
  return loaded[folder];
}

let aboutPromise = null;
function loadAbout() {
  if (!aboutPromise) {
    aboutPromise = fetch(new URL("pagefind/parley.json", siteRoot)).then((r) => r.json());
  }
  return aboutPromise;
}

// Pagefind answers a word no record holds with the words that share its longest indexed prefix
// ("agenda" finds every word in "a"; a year without the word would do the same in a search of
// every year). A search whose best result holds no word sharing most of a word of the query
// (all but its last seven letters, at least three: what stemming takes off) found nothing.
// Found in what a result shows rather than in its text (a date, a stance), a word has no place.
function sharesStem(found, word) {
  let n = 0;
  while (n < found.length && n < word.length && found[n] === word[n]) n++;
  return n >= Math.min(word.length, Math.max(3, word.length - 7));
}

async function honest(search, query) {
  const words = query ? nameWords(query) : [];
  if (!search || !words.length || !search.results.length) return search;
  const data = await search.results[0].data();
  const content = (data.content || "").split(/[\r\n\s]+/g);
  const matched = (data.locations || []).flatMap((i) => nameWords(content[i] || ""));
  // No word of its text matched: what matched is what the result shows (its date, its stance).
  if (!matched.length || matched.some((found) => words.some((word) => sharesStem(found, word)))) return search;
  return { ...search, results: [], filters: {} };
}

// Several indexes searched as one: the same calls as one Pagefind module. `bundles` are in the
// order of their dates, newest first, so that results sorted by date stay in order when joined.
function searchAll(bundles) {
  const counted = (searches) => {
    const filters = {};
    for (const search of searches) {
      for (const [facet, values] of Object.entries(search.filters || {})) {
        const into = filters[facet] || (filters[facet] = {});
        for (const [value, n] of Object.entries(values)) into[value] = (into[value] || 0) + n;
      }
    }
    return filters;
  };
  const join = (searches, sorted) => {
    const results = searches.flatMap((search) => search.results);
    if (!sorted && searches.length > 1) results.sort((a, b) => b.score - a.score);
    return { results, filters: counted(searches) };
  };
  return {
    filters: () => Promise.all(bundles.map((bundle) => bundle.filters())),
    async search(query, options = {}) {
      const searches = await Promise.all(bundles.map(async (bundle) => honest(await bundle.search(query, options), query)));
      return join(searches, Boolean(options.sort));
    },
    async debouncedSearch(query, options, wait) {
      const searches = await Promise.all(bundles.map((bundle) => bundle.debouncedSearch(query, options, wait)));
      if (searches.some((search) => search === null)) return null;  // superseded by a newer keystroke
      return join(await Promise.all(searches.map((search) => honest(search, query))), Boolean(options && options.sort));
    },
  };
}

// Every record: the years' indexes past a year, else the one index.
async function loadPagefind() {
  const about = await loadAbout().catch(() => ({}));
  const folders = (about.years || []).length ? about.years.map((year) => `pagefind/years/${year}/`) : ["pagefind/"];
  return searchAll(await Promise.all(folders.map(loadBundle)));
}

// The header's index: the recent one when there is one, else every record.
let headerIndex = null;
function loadHeaderPagefind() {
  if (!headerIndex) {
    headerIndex = loadAbout().then(async (about) => {
      const recent = Boolean(about.recent);
      return { pagefind: searchAll([await loadBundle(recent ? "pagefind/recent/" : "pagefind/")]), recent,
               days: about.recent_days };
    });
  }
  return headerIndex;
}

let namesPromise = null;

// The actors, sides and topics with a page, fetched the first time a query finds nothing.
function loadNames() {
  if (!namesPromise) {
    namesPromise = fetch(new URL("search/names.json", siteRoot).href)
      .then((response) => (response.ok ? response.json() : { names: [] }))
      .then((data) => (Array.isArray(data.names) ? data.names : []))
      .catch(() => []);
  }
  return namesPromise;
}

function unavailableMessage() {
  return location.protocol === "file:"
    ? "Search is not available when the site is opened from a file: serve it over http (for example `python -m http.server` in the site folder)."
    : "Search could not be loaded.";
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A record's address is its link: the page's URL, "~", the anchor on that page, ".html"
// (generator/render_search.py, record_path), under the site's root (Pagefind's baseUrl).
function resultLink(data) {
  const path = decodeURI(new URL(data.url, siteRoot).pathname);
  const cut = path.lastIndexOf("~");
  const anchor = path.slice(cut + 1, -".html".length);
  const link = new URL(path.slice(0, cut), siteRoot);
  if (anchor) link.hash = anchor;
  return link.href;
}

function describe(meta) {
  if (meta.form) {
    const published = meta.published ? `published ${meta.published}` : "";
    return [meta.form, meta.date_label, published, meta.side, meta.outlet].filter(Boolean).join(" · ");
  }
  return meta.label || "Page";
}

function shorten(text, limit) {
  return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
}

const KIND_WORDS = { actor: "actor", side: "side", topic: "topic" };

// "Did you mean …?": each suggestion searches again with the word put right (`run`), and names
// the actor, side or topic it comes from, linked to its page.
function suggestionList(found, run) {
  const list = el("ul", "parley-suggestions");
  for (const suggestion of found) {
    const item = el("li");
    const again = el("button", "parley-suggestion", suggestion.query);
    again.type = "button";
    again.addEventListener("click", () => run(suggestion.query));
    const page = el("a", null, suggestion.name);
    page.href = new URL(suggestion.href, siteRoot).href;
    item.append(again, ` (${KIND_WORDS[suggestion.kind] || suggestion.kind}: `, page, ")");
    list.append(item);
  }
  return list;
}

// --- header search box ----------------------------------------------------------------------

function setupHeader() {
  const box = document.querySelector("[data-parley-search]");
  if (!box) return;
  const toggle = document.getElementById("__search");
  const input = box.querySelector("[data-parley-search-input]");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const form = box.querySelector("form");
  const initial = meta.textContent;
  let latest = 0;

  const open = () => { if (toggle && !toggle.checked) toggle.checked = true; };
  const close = () => {
    if (toggle) toggle.checked = false;
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  };

  input.addEventListener("focus", open);
  toggle?.addEventListener("change", () => { if (toggle.checked) setTimeout(() => input.focus(), 50); });
  // Tabbing on past the box closes it: the overlay must not dim the page while focus is elsewhere.
  box.addEventListener("focusout", () => {
    setTimeout(() => {
      if (toggle?.checked && document.hasFocus() && !box.contains(document.activeElement)) toggle.checked = false;
    }, 0);
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      open();
      input.focus();
    } else if (event.key === "Escape" && (target === input || box.contains(target))) {
      close();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && box.contains(target)) {
      const links = [...list.querySelectorAll("a, button")];
      if (!links.length) return;
      event.preventDefault();
      const index = links.indexOf(document.activeElement);
      const next = event.key === "ArrowDown" ? Math.min(index + 1, links.length - 1) : index - 1;
      if (next < 0) input.focus(); else links[next].focus();
    }
  });

  form.addEventListener("reset", () => { list.replaceChildren(); meta.textContent = initial; });

  const searchFor = (text) => {
    input.value = text;
    input.focus();
    input.dispatchEvent(new Event("input"));
  };

  input.addEventListener("input", async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) { list.replaceChildren(); meta.textContent = initial; return; }
    let pagefind, recent, days;
    try { ({ pagefind, recent, days } = await loadHeaderPagefind()); } catch (error) {
      meta.textContent = unavailableMessage();
      return;
    }
    const folded = foldQuery(query);
    const search = await pagefind.debouncedSearch(folded, {}, 150);
    if (search === null || ticket !== latest) return;  // superseded by a newer keystroke
    const results = await Promise.all(search.results.slice(0, HEADER_LIMIT).map((r) => r.data()));
    // A misspelt name is offered the nearest names, whether or not the search found something
    // (Pagefind answers a word it does not know with the words that share its beginning).
    const near = suggestions(query, await loadNames());
    if (ticket !== latest) return;
    const total = search.results.length;
    const scope = recent ? ` in the last ${days} days` : "";
    const offer = el("li", "md-search-result__item parley-search-suggest");
    offer.append(el("p", null, "Did you mean:"), suggestionList(near, searchFor));
    if (total === 0 && !recent) {
      meta.textContent = "No matching claims or pages";
      list.replaceChildren(...(near.length ? [offer] : []));
      return;
    }
    meta.textContent = (total === 0 ? "No matching claims or pages"
      : total === 1 ? "1 matching result" : `${total} matching results`) + scope;
    const found = matcher(query);
    list.replaceChildren(...(near.length ? [offer] : []), ...results.map((data) => headerItem(data, found)));
    // Claims only, as the search page will list them (after the first results are shown, so the
    // type filter's download does not delay them).
    const claims = (await pagefind.search(folded, { filters: { type: CLAIM_TYPE } })).results.length;
    if (ticket !== latest) return;
    if (claims > 0 || recent) {
      const more = el("li", "md-search-result__item");
      const label = recent ? "Search every year, with filters →"
        : claims === 1 ? "The matching claim on the search page, with filters →"
        : `All ${claims} matching claims, with filters →`;
      const link = el("a", "md-search-result__link parley-search-all", label);
      const url = new URL("search/", siteRoot);
      url.searchParams.set("q", query);
      link.href = url.href;
      more.append(link);
      list.append(more);
    }
  });
}

function headerItem(data, found) {
  const meta = data.meta;
  const item = el("li", "md-search-result__item");
  const link = el("a", "md-search-result__link");
  link.href = resultLink(data);
  const article = el("article", "md-search-result__article md-typeset");
  const title = el("h1");
  title.append(...highlighted(meta.title || "", found));
  const info = el("p", "parley-result__meta", describe(meta));
  article.append(title, info);
  if (meta.text) {
    const text = el("p", "parley-result__text");
    text.append(...highlighted(shorten(meta.text, 220), found));
    article.append(text);
  }
  link.append(article);
  item.append(link);
  return item;
}

// --- the Search claims page -------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.search);
  const state = {
    q: params.get("q") || "", from: params.get("from") || "", to: params.get("to") || "",
    dates: params.get("dates") || "said",
  };
  for (const facet of FACETS) state[facet] = params.getAll(facet);
  return state;
}

function stateQuery(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(facet, value);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.dates !== "said") params.set("dates", state.dates);
  return params.toString();
}

async function setupSearchPage() {
  const form = document.getElementById("parley-search");
  const mapElement = document.getElementById("parley-facets");
  if (!form || !mapElement) return;
  const map = JSON.parse(mapElement.textContent);
  const status = document.getElementById("parley-search-status");
  const notice = document.getElementById("parley-search-notice");
  const help = document.getElementById("parley-search-help");
  const list = document.getElementById("parley-search-results");
  const more = document.getElementById("parley-more");
  const query = document.getElementById("parley-q");
  const from = document.getElementById("parley-from");
  const to = document.getElementById("parley-to");
  const datesLegend = document.getElementById("parley-dates-legend");
  const filtersBox = document.getElementById("parley-filters");
  const basisBoxes = [...form.querySelectorAll('input[name="dates"]')];
  // The filters come folded (search.md.j2) and open here on a wide screen, beside the results; on
  // a phone they stay folded so the results are in view, and nothing the reader already sees moves
  // when this script runs (Lighthouse counted a layout shift when they were folded here). The
  // facets are built into new fieldsets below, which Chromium lays out inside a folded <details>.
  if (!window.matchMedia("(max-width: 60em)").matches) filtersBox.open = true;

  // id → token and token → id, per facet; the address uses ids, the index tokens. Objects
  // without a prototype: `?actor=toString` or `constructor` must not find an inherited member.
  const lookup = (pairs) => Object.assign(Object.create(null), Object.fromEntries(pairs));
  const tokenOf = Object.create(null);
  const labelOf = Object.create(null);
  for (const [facet, values] of Object.entries(map.facets)) {
    tokenOf[facet] = lookup(values.map(([id, , token]) => [id, token]));
    labelOf[facet] = lookup(values.map(([id, label]) => [id, label]));
  }
  const daysOf = { said: map.facets.date.map(([id]) => id), published: map.facets.published.map(([id]) => id) };
  const realDate = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v + "T00:00:00Z"))
    && new Date(v + "T00:00:00Z").toISOString().slice(0, 10) === v;

  // What the address asks for, less what this site does not know (listed in the notice).
  function checkedState() {
    const state = readState();
    const unknown = [];
    for (const facet of FACETS) {
      for (const id of state[facet]) if (!(id in tokenOf[facet])) unknown.push(`${facet}=${id}`);
      state[facet] = state[facet].filter((id) => id in tokenOf[facet]);
    }
    for (const key of ["from", "to"]) {
      if (state[key] && !realDate(state[key])) { unknown.push(`${key}=${state[key]}`); state[key] = ""; }
    }
    if (!(state.dates in DATE_BASES)) { unknown.push(`dates=${state.dates}`); state.dates = "said"; }
    notice.hidden = !unknown.length;
    notice.textContent = unknown.length ? `Ignored, not known here: ${unknown.join(", ")}.` : "";
    return state;
  }

  let state = checkedState();

  let pagefind;
  try {
    pagefind = await loadPagefind();
  } catch (error) {
    status.textContent = unavailableMessage();
    return;
  }
  // Loads every filter's values once, so that each search reports counts for all facets
  // (Pagefind reports only the filters it has loaded).
  await pagefind.filters();

  // One checkbox per facet value, in the order of the map; counts follow each search.
  const boxes = {};
  for (const facet of FACETS) {
    const fieldset = form.querySelector(`[data-parley-facet="${facet}"]`);
    const items = map.facets[facet].map(([id, labelText], index) => {
      const inputId = `parley-${facet}-${index}`;
      const wrap = el("div", "parley-facet__option");
      const box = el("input");
      box.type = "checkbox";
      box.id = inputId;
      box.name = facet;
      box.value = id;
      const label = el("label");
      label.htmlFor = inputId;
      const count = el("span", "parley-facet__count");
      label.append(el("span", "parley-facet__value", labelText), " ", count);
      wrap.append(box, label);
      boxes[`${facet}\u0000${id}`] = { box, count, wrap };
      return wrap;
    });
    // A new fieldset replaces the placeholder (refilling the old one in place left it with no
    // layout in Chromium once its <details> had been folded).
    const filled = fieldset.cloneNode(false);
    filled.append(fieldset.querySelector("legend"), ...(items.length ? items : [el("p", "parley-facet__empty", "None")]));
    fieldset.replaceWith(filled);
  }

  // The form shows `state` (on load, and when Back or Forward brings an earlier one).
  function showState() {
    query.value = state.q;
    from.value = state.from;
    to.value = state.to;
    for (const box of basisBoxes) box.checked = box.value === state.dates;
    const days = daysOf[state.dates];
    if (days.length) { from.min = to.min = days[0]; from.max = to.max = days[days.length - 1]; }
    datesLegend.textContent = state.dates === "said" ? "Said between" : "Published between";
    for (const [key, entry] of Object.entries(boxes)) {
      const [facet, id] = key.split("\u0000");
      entry.box.checked = state[facet].includes(id);
    }
  }
  showState();


  let results = [];
  let shown = 0;
  let ticket = 0;

  // Pagefind filters for `within` (a state), leaving out one facet ("dates": the date range).
  function filtersFor(within, without) {
    const filters = { type: CLAIM_TYPE };
    for (const facet of FACETS) {
      if (facet !== without && within[facet].length) filters[facet] = { any: within[facet].map((id) => tokenOf[facet][id]) };
    }
    if ((within.from || within.to) && without !== "dates") {
      const key = DATE_BASES[within.dates];
      const inRange = daysOf[within.dates].filter((d) => (!within.from || d >= within.from) && (!within.to || d <= within.to));
      filters[key] = { any: inRange.length ? inRange.map((d) => tokenOf[key][d]) : ["none"] };
    }
    return filters;
  }

  const searchWith = (within, without) => pagefind.search(within.q ? foldQuery(within.q) : null,
    { filters: filtersFor(within, without), sort: within.q ? undefined : { date: "desc" } });

  // history: "push" makes a new entry (Back undoes the change), "replace" amends the current one
  // (each key typed into the query), "none" leaves the address (Back or Forward brought it).
  function remember(how) {
    if (how === "none") return;
    const address = stateQuery(state);
    const url = address ? `?${address}` : location.pathname;
    if (how === "push" && (address ? `?${address}` : "") !== location.search) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  async function run(how = "push") {
    const mine = ++ticket;
    remember(how);
    status.textContent = "Searching…";
    const search = await searchWith(state, null);
    if (mine !== ticket) return;
    // Counts for a facet with ticked values come from the search without that facet's own
    // filter: ticking another value of it widens the result (values of one facet are OR-ed).
    const counts = {};
    for (const facet of FACETS) {
      const source = state[facet].length ? (await searchWith(state, facet)).filters : search.filters;
      counts[facet] = source[facet] || {};
    }
    if (mine !== ticket) return;
    results = search.results;
    shown = 0;
    list.replaceChildren();
    for (const [key, entry] of Object.entries(boxes)) {
      const [facet, id] = key.split("\u0000");
      const count = counts[facet][tokenOf[facet][id]] || 0;
      entry.count.textContent = `(${count})`;
      // A value no claim would match is shown, not offered: ticking it could only empty the list.
      entry.box.disabled = count === 0 && !entry.box.checked;
      entry.wrap.classList.toggle("parley-facet__option--none", entry.box.disabled);
    }
    const total = results.length;
    status.textContent = total === 0 ? "No claims match." : total === 1 ? "1 claim matches." : `${total} claims match.`;
    help.replaceChildren();
    help.hidden = true;
    await offerWaysOut(mine, total);
    await showMore(mine);
  }

  // The names nearest a misspelt word of the query; and when nothing was found, the filters whose
  // removal finds something and the other kind of date.
  async function offerWaysOut(mine, total) {
    const found = state.q ? suggestions(state.q, await loadNames()) : [];
    if (mine !== ticket) return;
    if (found.length) {
      help.append(el("p", null, "Did you mean:"));
      help.append(suggestionList(found, (text) => { state.q = text; showState(); run(); }));
      help.hidden = false;
    }
    if (total > 0) return;
    const ways = [];
    const way = async (label, change) => {
      const next = change({ ...state, ...Object.fromEntries(FACETS.map((f) => [f, [...state[f]]])) });
      const n = (await searchWith(next, null)).results.length;
      if (n > 0) ways.push([`${label} (${n === 1 ? "1 claim" : `${n} claims`})`, next]);
    };
    for (const facet of FACETS) {
      if (!state[facet].length) continue;
      const names = state[facet].map((id) => labelOf[facet][id]).join(" or ");
      await way(`Without ${facet} ${names}`, (next) => { next[facet] = []; return next; });
    }
    if (state.from || state.to) {
      const other = state.dates === "said" ? "published" : "said";
      await way(`The same dates, as the day ${other === "said" ? "it was said" : "the article was published"}`,
        (next) => { next.dates = other; return next; });
      await way("Without the dates", (next) => { next.from = next.to = ""; return next; });
    }
    if (mine !== ticket || !ways.length) return;
    const options = el("ul", "parley-ways-out");
    for (const [label, next] of ways) {
      const item = el("li");
      const button = el("button", "parley-way-out", label);
      button.type = "button";
      button.addEventListener("click", () => { state = next; showState(); run(); });
      item.append(button);
      options.append(item);
    }
    help.prepend(el("p", null, "Widen the search:"), options);  // before any "Did you mean"
    help.hidden = false;
  }

  async function showMore(mine) {
    const batch = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
    if (mine !== ticket) return;
    shown += batch.length;
    const found = matcher(state.q);
    list.append(...batch.map((data) => pageItem(data, found)));
    more.hidden = shown >= results.length;
  }

  // Typing amends the address; the first key after any other change starts a new entry, so Back
  // undoes a whole word typed, as it undoes a filter.
  let typingTimer = null;
  let typingEntry = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.q = query.value.trim();
    typingEntry = false;
    run();
  });
  query.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      state.q = query.value.trim();
      run(typingEntry ? "replace" : "push");
      typingEntry = true;
    }, 250);
  });
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target === query) return;
    typingEntry = false;
    if (target === from || target === to) { state.from = from.value; state.to = to.value; }
    else if (target.name === "dates") {
      state.dates = target.value;
      showState();
    } else if (FACETS.includes(target.name)) {
      state[target.name] = [...form.querySelectorAll(`input[name="${target.name}"]:checked`)].map((b) => b.value);
    }
    run();
  });
  document.getElementById("parley-clear").addEventListener("click", () => {
    state = { ...state, from: "", to: "" };
    for (const facet of FACETS) state[facet] = [];
    notice.hidden = true;
    typingEntry = false;
    showState();
    run();
  });
  window.addEventListener("popstate", () => {
    // Following a link within the page (the skip link to the results) changes only the hash:
    // the search stands, and redrawing it would drop the focus the link just moved.
    if (stateQuery(readState()) === stateQuery(state)) return;
    state = checkedState();
    typingEntry = false;
    showState();
    run("none");
  });
  more.addEventListener("click", () => showMore(ticket));
  await run("replace");
}

function pageItem(data, found) {
  const meta = data.meta;
  const item = el("li", "parley-search-result");
  const link = el("a", "parley-search-result__link");
  link.href = resultLink(data);
  const title = el("strong");
  title.append(...highlighted(meta.title || "", found));
  link.append(title, " — ", el("span", null, describe(meta)));
  item.append(link);
  if (meta.text) {
    const text = el("p", "parley-search-result__text");
    text.append(...highlighted(meta.text, found));
    item.append(text);
  }
  const labels = el("p", "parley-search-result__labels");
  for (const label of [meta.stance, meta.sourcing]) if (label) labels.append(el("span", "parley-label", label), " ");
  item.append(labels);
  return item;
}

setupHeader();
setupSearchPage();
