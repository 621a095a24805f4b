// "copy link" and "Cite this" for every claim and outlet report on an article's page, made here
// from what the page states once: the article's part of the citation on its facts
// (data-parley-reported, data-parley-source), each claim's speaker and date (data-parley-lead,
// data-parley-via) and its permalink. Written out under every claim they were a third of the page.
// Every value is set as text, never parsed as HTML.
const facts = document.querySelector("[data-parley-reported]");
// The published address (the canonical link), not the address this copy is read at (a preview).
const canonical = document.querySelector('link[rel="canonical"]');
const base = canonical ? canonical.href : location.href;

function copyButton(url) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "parley-copy";
  button.textContent = "copy link";
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url);
      button.textContent = "link copied";
    } catch (error) {
      // Clipboard refused (e.g. not a secure context): show the link to copy by hand.
      window.prompt("Copy this link:", url);
    }
    setTimeout(() => { button.textContent = "copy link"; }, 2000);
  });
  return button;
}

function citation(item, url) {
  const details = document.createElement("details");
  details.className = "parley-cite";
  const summary = document.createElement("summary");
  summary.textContent = "Cite this";
  const text = document.createElement("p");
  text.className = "parley-cite__text";
  const via = item.dataset.parleyVia ? `, via ${item.dataset.parleyVia}` : "";
  text.textContent = `${item.dataset.parleyLead}, as reported by ${facts.dataset.parleyReported}${via}. `
    + `${facts.dataset.parleySource}. Recorded in Parley: ${url}`;
  details.append(summary, text);
  return details;
}

if (facts) {
  for (const item of document.querySelectorAll("[data-parley-lead]")) {
    const permalink = item.querySelector("a.parley-permalink");
    const meta = permalink && permalink.closest("p");
    if (!meta) continue;
    const url = new URL(permalink.getAttribute("href"), base).href;
    permalink.after(" · ", copyButton(url));
    meta.after(citation(item, url));
  }
}
