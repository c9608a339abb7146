// covidactu serve: reloads the page after each rebuild, swaps stylesheets when only they
// changed, and shows build errors over the page. Injected by `covidactu serve` only.
(function () {
  "use strict";
  var overlay = null;
  var text = window.__covidactuText;
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(errors) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "covidactu-errors";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", text.label);
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.96);" +
      "color:#f1f1f1;font:15px/1.5 ui-monospace,Consolas,monospace;padding:2rem";
    var title = document.createElement("h1");
    title.textContent = (errors.length > 1 ? text.many : text.one).replace("{n}", errors.length);
    title.style.cssText = "font:600 1.25rem system-ui,sans-serif;color:#ff8a8a;margin:0 0 1rem";
    overlay.appendChild(title);
    errors.forEach(function (d) {
      var block = document.createElement("section");
      block.style.cssText = "border-left:4px solid #ff8a8a;padding:.5rem 1rem;margin:0 0 1rem;background:#26262c";
      var head = document.createElement("p");
      head.style.margin = "0";
      var place = d.file ? d.file + (d.line ? ":" + d.line + ":" + d.column : "") : "";
      head.textContent = (place ? place + " — " : "") + d.message;
      block.appendChild(head);
      if (d.source_line) {
        var pre = document.createElement("pre");
        pre.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap;color:#ffd479";
        pre.textContent = d.line + " | " + d.source_line + "\n" + " ".repeat(String(d.line).length) + " | " +
          " ".repeat(Math.max(0, d.column - 1)) + "^";
        block.appendChild(pre);
      }
      if (d.help) {
        var help = document.createElement("p");
        help.style.cssText = "margin:.5rem 0 0;color:#9fd3ff";
        help.textContent = text.help + " " + d.help;
        block.appendChild(help);
      }
      overlay.appendChild(block);
    });
    document.body.appendChild(overlay);
  }
  var events = new EventSource("/__covidactu/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("css", function () {
    document.querySelectorAll("link[rel=stylesheet]").forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", Date.now());
      link.href = url.href;
    });
  });
  events.addEventListener("builderror", function (e) { show(JSON.parse(e.data)); });
  if (window.__covidactuErrors) show(window.__covidactuErrors);
})();
