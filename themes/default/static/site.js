// covidactu default theme: small progressive enhancements. Everything works without it.
(function () {
  "use strict";

  // Lists filtered in the page (the protocols by profession, the watch by issuer and by
  // profession): each select names the cards' attribute it reads (`data-filter-attr`,
  // `audience` when absent), a list of ids separated by spaces.
  document.querySelectorAll(".filter-js").forEach(function (wrapper) {
    var selects = Array.prototype.slice.call(wrapper.querySelectorAll("select[data-filter-target]"));
    if (!selects.length) return;
    var groups = document.getElementById(selects[0].getAttribute("data-filter-target"));
    var status = wrapper.querySelector(".filter-count");
    wrapper.hidden = false;
    var apply = function () {
      var shown = 0;
      groups.querySelectorAll(".card").forEach(function (card) {
        var visible = selects.every(function (s) {
          var attr = "data-" + (s.getAttribute("data-filter-attr") || "audience");
          return !s.value || (card.getAttribute(attr) || "").split(" ").indexOf(s.value) >= 0;
        });
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      groups.querySelectorAll(".group").forEach(function (g) {
        g.hidden = g.querySelectorAll(".card:not([hidden])").length === 0;
      });
      if (status) status.textContent = shown + " " + (status.getAttribute("data-label") || "");
    };
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    if (selects.some(function (s) { return s.value; })) apply();
  });

  // The directory: a filter box narrows the entries to those whose name, town, address,
  // numbers or notes hold every word typed (case and accents ignored).
  var box = document.getElementById("filtre-annuaire");
  if (box) {
    var area = document.getElementById(box.getAttribute("data-filter-target"));
    var panel = box.closest(".directory-filter");
    var count = panel.querySelector(".filter-count");
    var fold = function (s) {
      return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe");
    };
    panel.hidden = false;
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/[\s,;'’.-]+/).filter(Boolean);
      var shown = 0;
      area.querySelectorAll(".directory-entry").forEach(function (e) {
        var text = e.getAttribute("data-filter") || "";
        var visible = words.every(function (w) { return text.indexOf(w) >= 0; });
        e.hidden = !visible;
        if (visible) shown += 1;
      });
      area.querySelectorAll(".directory-commune, .directory-group").forEach(function (g) {
        g.hidden = g.querySelectorAll(".directory-entry:not([hidden])").length === 0;
      });
      count.textContent = shown + " " + (count.getAttribute("data-label") || "");
    });
  }

  // Print views: a button that prints (hidden without JavaScript, where the browser's own
  // menu does it).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Protocol pages: the review date is checked again when the page is read, not only when
  // the site was built.
  var protocol = document.querySelector(".protocol[data-review]");
  if (protocol && !protocol.classList.contains("is-obsolete")) {
    var review = protocol.getAttribute("data-review");
    var today = new Date().toISOString().slice(0, 10);
    var banner = protocol.querySelector(".js-review-banner");
    if (review && review < today && banner && !protocol.querySelector(".banner-review:not(.js-review-banner)")) {
      banner.hidden = false;
    }
  }
})();
