// covidactu default theme: the search box of every page (a combobox with suggestions as you
// type) and the search page (results, filters, query in the URL). Uses covidactu.search().
(function () {
  "use strict";
  if (!window.covidactu) return;
  var holder = document.getElementById("search-strings");
  var S = holder ? JSON.parse(holder.getAttribute("data-strings")) : {};

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }
  function countText(n) { return n === 0 ? S.none : n === 1 ? S.one : n + " " + S.many; }
  // One formatter for every date: toLocaleDateString builds a new one at each call, about
  // 3 ms each in Chromium, which made every keystroke 30 ms slower.
  var dates = window.Intl ? new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric" }) : null;
  function frenchDate(iso) {
    if (!iso) return "";
    var d = new Date(iso + "T00:00:00");
    return dates ? dates.format(d) : iso;
  }
  function badge(r) {
    var b = el("span", { "class": "badge badge-" + r.kind }, S[r.kind] || r.kind);
    return b;
  }

  /* ---------- The header search box ---------- */
  var box = document.querySelector("[data-search-box]");
  if (box) {
    var input = box.querySelector("input");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[data-search-status]");
    var active = -1, results = [], seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function setActive(i) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (i + options.length) % options.length;
      options.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }
    function show(items, total) {
      list.textContent = "";
      results = items;
      items.forEach(function (r, i) {
        var li = el("li", { role: "option", id: "suggestion-" + i, "aria-selected": "false", "data-url": r.url });
        li.appendChild(badge(r));
        li.appendChild(document.createTextNode(" " + r.title));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = r.url; });
        list.appendChild(li);
      });
      if (items.length) {
        var all = el("li", { role: "option", id: "suggestion-all", "aria-selected": "false", "class": "search-all" }, S.all + " (" + total + ")");
        all.addEventListener("mousedown", function (e) { e.preventDefault(); box.submit(); });
        list.appendChild(all);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      status.textContent = countText(total);
    }
    function run() {
      var q = input.value.trim();
      if (q.length < 2) { close(); status.textContent = ""; return; }
      var mine = ++seq;
      window.covidactu.search(input.value, { limit: 6 }).then(function (r) {
        if (mine !== seq) return;
        show(r, r.total);
        list.dispatchEvent(new CustomEvent("covidactu:results", { bubbles: true, detail: { query: input.value, total: r.total } }));
      });
    }
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) run(); else setActive(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
      else if (e.key === "Escape") { if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ""; } }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        var o = list.querySelectorAll("[role=option]")[active];
        if (o.getAttribute("data-url")) location.href = o.getAttribute("data-url"); else box.submit();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* ---------- The search page ---------- */
  var PAGE = 10;
  var form = document.querySelector("[data-search-page]");
  if (form) {
    var q = form.querySelector("#q");
    var type = form.querySelector("#filtre-type");
    var prof = form.querySelector("#filtre-profession");
    var obs = form.querySelector("#filtre-obsoletes");
    var out = document.getElementById("resultats");
    var stat = document.getElementById("resultats-statut");
    var notice = document.querySelector("[data-no-js-message]");
    if (notice) notice.hidden = true;
    form.hidden = false;
    var pageSeq = 0;

    function fromUrl() {
      var p = new URLSearchParams(location.search);
      q.value = p.get("q") || "";
      type.value = p.get("type") || "";
      prof.value = p.get("profession") || "";
      obs.checked = p.get("obsoletes") === "1";
    }
    function toUrl(push) {
      var p = new URLSearchParams();
      if (q.value) p.set("q", q.value);
      if (type.value) p.set("type", type.value);
      if (prof.value) p.set("profession", prof.value);
      if (obs.checked) p.set("obsoletes", "1");
      var url = location.pathname + (p.toString() ? "?" + p.toString() : "");
      if (url === location.pathname + location.search) return;
      try { history[push ? "pushState" : "replaceState"](null, "", url); } catch (e) { /* file:// may refuse */ }
    }
    function render(rs) {
      out.textContent = "";
      rs.forEach(function (r) {
        var li = el("li", { "class": "search-result" + (r.obsolete ? " is-obsolete" : "") });
        var meta = el("p", { "class": "card-meta" });
        meta.appendChild(badge(r));
        if (r.obsolete) meta.appendChild(el("span", { "class": "badge badge-obsolete" }, S.obsolete));
        if (r.unpublished) meta.appendChild(el("span", { "class": "badge badge-unpublished" }, S["unpublished_" + r.unpublished]));
        if (r.date) meta.appendChild(el("time", { datetime: r.date }, frenchDate(r.date)));
        li.appendChild(meta);
        var h = el("h2", { "class": "card-title" });
        h.appendChild(el("a", { href: r.url }, r.title));
        li.appendChild(h);
        var p = el("p", { "class": "snippet" });
        p.innerHTML = r.snippet;
        li.appendChild(p);
        out.appendChild(li);
      });
    }
    var shown = PAGE;
    var more = el("button", { type: "button", "class": "search-more", hidden: "" }, S.more);
    out.after(more);
    more.addEventListener("click", function () { shown += PAGE; search(true); });
    function search(keep) {
      if (!keep) shown = PAGE;
      var text = q.value.trim();
      if (text.length < 2) { out.textContent = ""; stat.textContent = ""; more.hidden = true; return; }
      var mine = ++pageSeq;
      window.covidactu.search(q.value, {
        limit: shown, kind: type.value || undefined, audience: prof.value || undefined, includeObsolete: obs.checked
      }).then(function (rs) {
        if (mine !== pageSeq) return;
        render(rs);
        stat.textContent = countText(rs.total);
        more.hidden = rs.total <= rs.length;
        out.dispatchEvent(new CustomEvent("covidactu:results", { bubbles: true, detail: { query: q.value, total: rs.total } }));
      });
    }
    q.addEventListener("input", function () { toUrl(false); search(); });
    [type, prof, obs].forEach(function (c) { c.addEventListener("change", function () { toUrl(true); search(); }); });
    form.addEventListener("submit", function (e) { e.preventDefault(); toUrl(true); search(); });
    window.addEventListener("popstate", function () { fromUrl(); search(); });
    fromUrl();
    search();
    if (!q.value) q.focus();
  }
})();
