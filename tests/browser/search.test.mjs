// End-to-end search tests in Debian's headless Chromium, over http and from file://, on the
// example site built by tests/browser.rs (SITE_HTTP: rooted URLs, SITE_FILE: relative URLs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { serve, CHROMIUM_ARGS } from "./server.mjs";

const HTTP_DIR = process.env.SITE_HTTP;
const FILE_DIR = process.env.SITE_FILE;
let browser, http;

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  http = await serve(HTTP_DIR);
});
after(async () => {
  await browser?.close();
  http?.server.close();
});

async function page(url, options = {}) {
  const context = await browser.newContext(options);
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  await p.goto(url);
  p.errors = errors;
  return p;
}

const api = (p, q, o = {}) => p.evaluate(([q, o]) => window.covidactu.search(q, o), [q, o]);
const urls = (rs) => rs.map((r) => r.url.replace(/^.*?\/(numeros|protocoles|syntheses|pages)\//, "$1/").replace(/index\.html$/, ""));

for (const mode of ["http", "file"]) {
  const root = () => (mode === "http" ? http.url : pathToFileURL(FILE_DIR).href + "/");
  const at = (p) => root() + p + (mode === "file" && (p === "" || p.endsWith("/")) ? "index.html" : "");

  test(`${mode}: accents, case and apostrophes do not matter`, async () => {
    const p = await page(at(""));
    for (const q of ["oxygenotherapie", "OXYGÉNOTHÉRAPIE", "l’oxygénothérapie", "l'oxygenotherapie"]) {
      const rs = await api(p, q);
      assert.equal(urls(rs)[0], "syntheses/oxygenotherapie-domicile/", q);
    }
    const rs = await api(p, "oxygène domicile");
    assert.ok(rs[0].snippet.includes("<mark>"), "snippet highlights the matched words");
    assert.ok(rs[0].title && rs[0].kind && "date" in rs[0], "result shape");
    assert.deepEqual(p.errors, []);
  });

  test(`${mode}: synonyms, prefixes while typing, typos`, async () => {
    const p = await page(at(""));
    assert.ok(urls(await api(p, "EHPAD")).includes("syntheses/ehpad/"));
    assert.ok(urls(await api(p, "maison de retraite")).includes("syntheses/ehpad/"), "synonym of EHPAD");
    assert.ok(urls(await api(p, "SpO2 ")).includes("protocoles/suivi-telephonique-infirmier/"), "SpO2 written in the protocol");
    assert.ok(urls(await api(p, "oxymétrie ")).includes("protocoles/suivi-telephonique-infirmier/"), "synonym of SpO2");
    assert.equal(urls(await api(p, "anticoag"))[0], "syntheses/anticoagulation/", "prefix of the last word");
    assert.equal(urls(await api(p, "anticoagulaton "))[0], "syntheses/anticoagulation/", "one typo");
    assert.equal(urls(await api(p, "téléconsultaiton "))[0], "syntheses/teleconsultation/", "a transposition");
    const cited = urls(await api(p, "DGS urgent"));
    assert.ok(cited.includes("syntheses/masques/") && cited.includes("syntheses/tests-depistage/"), `sources are searched: ${cited}`);
  });

  test(`${mode}: filters by kind, profession and obsolete protocols`, async () => {
    const p = await page(at(""));
    const protocols = await api(p, "suivi téléphonique", { kind: "protocol" });
    assert.ok(protocols.length > 0 && protocols.every((r) => r.kind === "protocol"));
    assert.ok(!urls(protocols).includes("protocoles/suivi-telephonique-infirmier-v1/"), "obsolete left out by default");
    const withOld = await api(p, "suivi téléphonique", { kind: "protocol", includeObsolete: true });
    const old = withOld.find((r) => r.url.includes("suivi-telephonique-infirmier-v1"));
    assert.ok(old && old.obsolete, "obsolete shown and marked when asked");
    assert.ok(urls(withOld).indexOf("protocoles/suivi-telephonique-infirmier/") < urls(withOld).indexOf("protocoles/suivi-telephonique-infirmier-v1/"), "obsolete ranked below");
    const midwives = await api(p, "grossesse", { audience: "sage-femme" });
    assert.ok(urls(midwives).includes("syntheses/grossesse/"));
    const secretaries = await api(p, "grossesse", { audience: "secretaire" });
    assert.ok(!urls(secretaries).includes("syntheses/grossesse/"));
  });

  test(`${mode}: the directory's entries are found by name, type, commune and number`, async () => {
    const p = await page(at(""));
    const [first] = await api(p, "labo vernay");
    assert.equal(first.title, "Laboratoire Bio-Aubrière, site de Vernay", "« labo » is a synonym of laboratoire");
    assert.equal(first.kind, "directory");
    assert.match(first.url, /annuaire\/(index\.html)?#laboratoire-bio-aubriere-site-de-vernay-vernay$/);
    assert.match(first.snippet, /Vernay.*5 place du Marché/, "the snippet shows the address");
    for (const q of ["01 99 00 12 40", "0199001240"]) {
      assert.equal((await api(p, q))[0]?.title, "Centre Covid de Saint-Aubin", `a number finds its structure: ${q}`);
    }
    const onlyDirectory = await api(p, "Saint-Aubin", { kind: "directory" });
    assert.ok(onlyDirectory.length > 5 && onlyDirectory.every((r) => r.kind === "directory"));
    // The result opens the directory at the entry, which the page marks.
    await p.goto(first.url);
    const target = p.locator(":target");
    assert.equal(await target.getAttribute("id"), "laboratoire-bio-aubriere-site-de-vernay-vernay");
    assert.ok(await target.isVisible());
    assert.deepEqual(p.errors, []);
  });

  test(`${mode}: official messages are found by their number as people type it`, async () => {
    const p = await page(at(""));
    for (const q of ["DGS-Urgent 2020-23", "2020_23", "dgs urgent 23", "DGS-Urgent n°2020_23"]) {
      const [first] = await api(p, q);
      assert.match(first?.url || "", /veille\/dgs-urgent-2020-23\//, q);
    }
    const masks = await api(p, "masques kinésithérapeutes", { kind: "message" });
    assert.ok(masks.length > 0 && masks.every((r) => r.kind === "message"));
    assert.equal(masks[0].title, "DGS-Urgent n° 2020_23 — Masques : élargissement aux kinésithérapeutes et aux sages-femmes");
    const byIssuer = await api(p, "assurance maladie", { kind: "message" });
    assert.ok(byIssuer.some((r) => r.url.includes("veille/cpam-2020-07/")), "by the issuer's name");
  });

  test(`${mode}: the header box suggests as you type, with the keyboard`, async () => {
    const p = await page(at("protocoles/"));
    const input = p.locator("#recherche-entete");
    await input.click();
    await input.pressSequentially("ox");
    const listbox = p.locator("#recherche-entete-liste");
    await listbox.locator("[role=option]").first().waitFor();
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    await input.pressSequentially("ygénoth");
    await p.waitForFunction(() => document.querySelector("#suggestion-0")?.textContent.includes("Oxygénothérapie"));
    assert.match(await p.locator("[data-search-status]").textContent(), /résultat/);
    await input.press("ArrowDown");
    assert.equal(await input.getAttribute("aria-activedescendant"), "suggestion-0");
    assert.equal(await p.locator("#suggestion-0").getAttribute("aria-selected"), "true");
    await Promise.all([p.waitForURL(/oxygenotherapie-domicile/), input.press("Enter")]);
    const back = await page(at(""));
    const box = back.locator("#recherche-entete");
    await box.pressSequentially("masques");
    await back.locator("#suggestion-0").waitFor();
    await box.press("Escape");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    assert.ok(await back.locator("#recherche-entete-liste").isHidden());
  });

  test(`${mode}: the search page takes ?q=, filters, and the back button`, async () => {
    const p = await page(at("recherche/") + "?q=masques");
    await p.locator("#resultats li").first().waitFor();
    assert.equal(await p.locator("#q").inputValue(), "masques");
    assert.match(await p.locator("#resultats li a").first().getAttribute("href"), /syntheses\/masques\//);
    assert.match(await p.locator("#resultats-statut").textContent(), /résultat/);
    assert.ok(await p.locator("[data-no-js-message]").isHidden());
    await p.selectOption("#filtre-type", "protocol");
    await p.waitForFunction(() => [...document.querySelectorAll("#resultats .badge")].every((b) => b.classList.contains("badge-protocol")));
    if (mode === "http") {
      assert.match(p.url(), /type=protocol/);
      await p.fill("#q", "oxygène");
      await p.press("#q", "Enter");
      await p.waitForURL(/q=oxyg/);
      await p.goBack();
      await p.waitForFunction(() => document.querySelector("#q").value === "masques");
    }
  });
}

test("without JavaScript the search page says so and links to the indexes", async () => {
  const p = await page(http.url + "recherche/?q=masques", { javaScriptEnabled: false });
  assert.ok(await p.locator("[data-no-js-message]").isVisible());
  assert.ok(await p.locator("[data-no-js-message] a[href='/protocoles/']").isVisible());
  assert.ok(await p.locator("[data-search-page]").isHidden());
});
