// Long pickers (a county's ~200 schools) become searchable: type part of a name to narrow the list.
// Every <select> with more than 20 options, or marked data-searchable, gets Tom Select; short ones stay
// native selects, which phones show best.
(function () {
  "use strict";
  var LONG = 20;
  var NO_MATCH = document.documentElement.lang.indexOf("zh") === 0 ? "无匹配项" : "No match";
  function enhance(root) {
    root.querySelectorAll("select").forEach(function (el) {
      if (el.tomselect || el.multiple || el.dataset.searchable === "off") return;
      if (el.options.length <= LONG && el.dataset.searchable === undefined) return;
      new TomSelect(el, {
        maxOptions: null,
        allowEmptyOption: true,
        render: { no_results: function () { return '<div class="no-results">' + NO_MATCH + "</div>"; } }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { enhance(ev.target); });
})();
