// Material puts each code block's copy button in an unlabelled <nav>: one navigation landmark per
// block, all alike (axe: landmark-unique), and none of them navigation. Parley keeps the button and
// drops the landmark, for the blocks Material has drawn and the ones it draws later.
const unmark = (root) => {
  for (const nav of root.querySelectorAll("nav.md-code__nav:not([role])")) nav.setAttribute("role", "none");
};
unmark(document);
new MutationObserver(() => unmark(document)).observe(document.body, { childList: true, subtree: true });
