// Parley search: Pagefind (served from this site) behind Material's header search box and the
// "Search claims" page. Every value shown comes from the index and is written with textContent,
// never as HTML, so text from the briefings cannot become markup here.

const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
const siteRoot = new URL((config.base || ".").replace(/\/?$/, "/"), location.href);
const HEADER_LIMIT = 8;
const PAGE_SIZE = 20;
const FACETS = ["actor", "side", "topic", "stance", "sourcing", "form", "outlet"];
// Record types, as generator/search_tokens.py writes them.
const CLAIM_TYPE = "xclaimx";

let pagefindPromise = null;

function loadPagefind() {
  if (!pagefindPromise) {
    pagefindPromise = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pagefind) => {
      await pagefind.options({ baseUrl: siteRoot.pathname });
      pagefind.init();
      return pagefind;
    });
  }
  return pagefindPromise;
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

// Links are stored as one hex "word" (u + hex of the site-relative URL) so that their parts
// are not searchable text.
function decodeLink(value) {
  const hex = (value || "").replace(/^u/, "");
  const bytes = new Uint8Array((hex.match(/../g) || []).map((h) => parseInt(h, 16)));
  return new TextDecoder().decode(bytes);
}

function resultLink(meta) {
  return new URL(decodeLink(meta.link), siteRoot).href;
}

function describe(meta) {
  if (meta.form) {
    return [meta.form, meta.date_label, meta.side, meta.outlet].filter(Boolean).join(" · ");
  }
  return meta.label || "Page";
}

function shorten(text, limit) {
  return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
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
      const links = [...list.querySelectorAll("a")];
      if (!links.length) return;
      event.preventDefault();
      const index = links.indexOf(document.activeElement);
      const next = event.key === "ArrowDown" ? Math.min(index + 1, links.length - 1) : index - 1;
      if (next < 0) input.focus(); else links[next].focus();
    }
  });

  form.addEventListener("reset", () => { list.replaceChildren(); meta.textContent = initial; });

  input.addEventListener("input", async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) { list.replaceChildren(); meta.textContent = initial; return; }
    let pagefind;
    try { pagefind = await loadPagefind(); } catch (error) { meta.textContent = unavailableMessage(); return; }
    const search = await pagefind.debouncedSearch(query, {}, 150);
    if (search === null || ticket !== latest) return;  // superseded by a newer keystroke
    const results = await Promise.all(search.results.slice(0, HEADER_LIMIT).map((r) => r.data()));
    if (ticket !== latest) return;
    const total = search.results.length;
    meta.textContent = total === 0 ? "No matching claims or pages"
      : total === 1 ? "1 matching result" : `${total} matching results`;
    list.replaceChildren(...results.map((data) => headerItem(data.meta)));
    // Claims only, as the search page will list them (after the first results are shown, so the
    // type filter's download does not delay them).
    const claims = total ? (await pagefind.search(query, { filters: { type: CLAIM_TYPE } })).results.length : 0;
    if (ticket !== latest) return;
    if (claims > 0) {
      const more = el("li", "md-search-result__item");
      const label = claims === 1 ? "The matching claim on the search page, with filters →"
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

function headerItem(meta) {
  const item = el("li", "md-search-result__item");
  const link = el("a", "md-search-result__link");
  link.href = resultLink(meta);
  const article = el("article", "md-search-result__article md-typeset");
  const title = el("h1", null, meta.title || "");
  const info = el("p", "parley-result__meta", describe(meta));
  article.append(title, info);
  if (meta.text) article.append(el("p", "parley-result__text", shorten(meta.text, 220)));
  link.append(article);
  item.append(link);
  return item;
}

// --- the Search claims page -------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.search);
  const state = { q: params.get("q") || "", from: params.get("from") || "", to: params.get("to") || "" };
  for (const facet of FACETS) state[facet] = params.getAll(facet);
  return state;
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(facet, value);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

async function setupSearchPage() {
  const form = document.getElementById("parley-search");
  const mapElement = document.getElementById("parley-facets");
  if (!form || !mapElement) return;
  const map = JSON.parse(mapElement.textContent);
  const status = document.getElementById("parley-search-status");
  const notice = document.getElementById("parley-search-notice");
  const list = document.getElementById("parley-search-results");
  const more = document.getElementById("parley-more");
  const query = document.getElementById("parley-q");
  const from = document.getElementById("parley-from");
  const to = document.getElementById("parley-to");
  const filtersBox = document.getElementById("parley-filters");

  // id → token and token → id, per facet; the address uses ids, the index tokens. Objects
  // without a prototype: `?actor=toString` or `constructor` must not find an inherited member.
  const lookup = (pairs) => Object.assign(Object.create(null), Object.fromEntries(pairs));
  const tokenOf = Object.create(null);
  const idOf = Object.create(null);
  for (const [facet, values] of Object.entries(map.facets)) {
    tokenOf[facet] = lookup(values.map(([id, , token]) => [id, token]));
    idOf[facet] = lookup(values.map(([id, , token]) => [token, id]));
  }
  const dates = map.facets.date.map(([id]) => id);

  let state = readState();
  const unknown = [];
  for (const facet of FACETS) {
    for (const id of state[facet]) if (!(id in tokenOf[facet])) unknown.push(`${facet}=${id}`);
    state[facet] = state[facet].filter((id) => id in tokenOf[facet]);
  }
  const realDate = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v + "T00:00:00Z"))
    && new Date(v + "T00:00:00Z").toISOString().slice(0, 10) === v;
  for (const key of ["from", "to"]) {
    if (state[key] && !realDate(state[key])) { unknown.push(`${key}=${state[key]}`); state[key] = ""; }
  }
  if (unknown.length) {
    notice.hidden = false;
    notice.textContent = `Ignored, not known here: ${unknown.join(", ")}.`;
  }

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
  query.value = state.q;
  from.value = state.from;
  to.value = state.to;
  if (dates.length) { from.min = to.min = dates[0]; from.max = to.max = dates[dates.length - 1]; }

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
      box.checked = state[facet].includes(id);
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

  // On a phone the filters start folded so the results are in view (folded only once they are
  // built: Chromium did not lay out fieldsets filled while their <details> was closed).
  if (window.matchMedia("(max-width: 60em)").matches) filtersBox.open = false;

  let results = [];
  let shown = 0;
  let ticket = 0;

  function filtersFor(without) {
    const filters = { type: CLAIM_TYPE };
    for (const facet of FACETS) {
      if (facet !== without && state[facet].length) filters[facet] = { any: state[facet].map((id) => tokenOf[facet][id]) };
    }
    if (state.from || state.to) {
      const inRange = dates.filter((d) => (!state.from || d >= state.from) && (!state.to || d <= state.to));
      filters.date = { any: inRange.length ? inRange.map((d) => tokenOf.date[d]) : ["none"] };
    }
    return filters;
  }

  async function run() {
    const mine = ++ticket;
    writeState(state);
    status.textContent = "Searching…";
    const search = await pagefind.search(state.q || null, { filters: filtersFor(null), sort: state.q ? undefined : { date: "desc" } });
    if (mine !== ticket) return;
    // Counts for a facet with ticked values come from the search without that facet's own
    // filter: ticking another value of it widens the result (values of one facet are OR-ed).
    const counts = {};
    for (const facet of FACETS) {
      const source = state[facet].length
        ? (await pagefind.search(state.q || null, { filters: filtersFor(facet) })).filters
        : search.filters;
      counts[facet] = source[facet] || {};
    }
    if (mine !== ticket) return;
    results = search.results;
    shown = 0;
    list.replaceChildren();
    for (const [key, entry] of Object.entries(boxes)) {
      const [facet, id] = key.split("\u0000");
      entry.count.textContent = `(${counts[facet][tokenOf[facet][id]] || 0})`;
    }
    const total = results.length;
    status.textContent = total === 0 ? "No claims match." : total === 1 ? "1 claim matches." : `${total} claims match.`;
    await showMore(mine);
  }

  async function showMore(mine) {
    const batch = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
    if (mine !== ticket) return;
    shown += batch.length;
    list.append(...batch.map((data) => pageItem(data.meta)));
    more.hidden = shown >= results.length;
  }

  let typingTimer = null;
  form.addEventListener("submit", (event) => { event.preventDefault(); state.q = query.value.trim(); run(); });
  query.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { state.q = query.value.trim(); run(); }, 250);
  });
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target === query) return;
    if (target === from || target === to) { state.from = from.value; state.to = to.value; }
    else if (FACETS.includes(target.name)) {
      state[target.name] = [...form.querySelectorAll(`input[name="${target.name}"]:checked`)].map((b) => b.value);
    }
    run();
  });
  document.getElementById("parley-clear").addEventListener("click", () => {
    for (const entry of Object.values(boxes)) entry.box.checked = false;
    from.value = to.value = "";
    state = { ...state, from: "", to: "" };
    for (const facet of FACETS) state[facet] = [];
    notice.hidden = true;
    run();
  });
  more.addEventListener("click", () => showMore(ticket));
  await run();
}

function pageItem(meta) {
  const item = el("li", "parley-search-result");
  const link = el("a", "parley-search-result__link");
  link.href = resultLink(meta);
  link.append(el("strong", null, meta.title || ""), " — ", el("span", null, describe(meta)));
  item.append(link);
  if (meta.text) item.append(el("p", "parley-search-result__text", meta.text));
  const labels = el("p", "parley-search-result__labels");
  for (const label of [meta.stance, meta.sourcing]) if (label) labels.append(el("span", "parley-label", label), " ");
  item.append(labels);
  return item;
}

setupHeader();
setupSearchPage();
