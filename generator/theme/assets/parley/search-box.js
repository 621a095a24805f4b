// The header's search box: Material's markup (the same classes), written by this classic script
// into the empty box just before it (partials/parley-search.html), so that it is there before
// the page is painted and before search.js (a module, run later) drives it. Written into every
// page, the markup was 1.4 kB of each. The text is constant; the search page's address comes
// from the box's own attribute.
(function () {
  var box = document.currentScript.previousElementSibling;
  box.innerHTML =
    '<label class="md-search__overlay" for="__search"></label>' +
    '<div class="md-search__inner">' +
    '<form class="md-search__form" name="search" method="get">' +
    '<input type="text" class="md-search__input" name="q" aria-label="Search claims and pages" placeholder="Search claims" autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" data-parley-search-input aria-controls="parley-search-results-header" aria-describedby="parley-search-meta-header">' +
    '<label class="md-search__icon md-icon" for="__search"><span class="parley-icon parley-icon--search"></span><span class="parley-icon parley-icon--previous"></span></label>' +
    '<nav class="md-search__options" aria-label="Search options"><button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear" tabindex="-1"><span class="parley-icon parley-icon--close"></span></button></nav>' +
    '</form>' +
    '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix><div class="md-search-result">' +
    '<div class="md-search-result__meta" id="parley-search-meta-header" role="status" aria-live="polite">Type to search claims, briefings, actors and topics</div>' +
    '<ol class="md-search-result__list" id="parley-search-results-header"></ol>' +
    '</div></div></div>' +
    '</div>';
  box.querySelector("form").setAttribute("action", box.getAttribute("data-parley-action"));
})();
