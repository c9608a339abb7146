// The real-browser quality gate: axe-core (WCAG 2.1 A and AA) on every page type at phone and
// desktop widths in light and dark schemes, screenshots of the main pages, and the print
// rendering of a protocol; over http (rooted links) and from disk (relative links).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { serve, CHROMIUM_ARGS } from "./server.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const ARTIFACTS = process.env.ARTIFACTS || "target/quality";
let browser, http;

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  http = await serve(process.env.SITE_HTTP);
});
after(async () => {
  await browser?.close();
  http?.server.close();
});

const PAGES = {
  home: "", issues: "numeros/", issue: "numeros/numero-4/", protocols: "protocoles/",
  protocol: "protocoles/tri-telephonique-secretariat/", obsolete: "protocoles/suivi-telephonique-infirmier-v1/",
  syntheses: "syntheses/", syntheses2: "syntheses/page/2/", synthesis: "syntheses/masques/", page: "pages/numeros-utiles/", tags: "tags/",
  tag: "tags/masques/", professions: "professions/", profession: "professions/infirmier/",
  search: "recherche/?q=masques", issuePrint: "numeros/numero-4/impression/",
  agenda: "agenda/", event: "agenda/formation-prelevements/", pastEvent: "agenda/webinaire-tests-antigeniques/",
  comparison: "protocoles/suivi-telephonique-infirmier/comparaison/", updates: "mises-a-jour/", directory: "annuaire/",
  watch: "veille/", message: "veille/dgs-urgent-2020-19/",
};

for (const mode of ["http", "file"]) {
  const at = (p) => {
    if (mode === "http") return http.url + p;
    const [route, query] = p.split("?");
    return pathToFileURL(process.env.SITE_FILE).href + "/" + route + (route === "" || route.endsWith("/") ? "index.html" : "") + (query ? "?" + query : "");
  };
  const pages = mode === "http" ? { ...PAGES, notFound: "nulle-part/" } : PAGES;

  test(`${mode}: axe finds no WCAG 2.1 A/AA violation on any page type, phone and desktop, light and dark`, async () => {
    const problems = [];
    for (const width of [375, 1280]) {
      for (const colorScheme of ["light", "dark"]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        for (const [name, p] of Object.entries(pages)) {
          await page.goto(at(p));
          if (name === "search") await page.waitForSelector("#resultats li");
          await page.addScriptTag({ path: AXE });
          const result = await page.evaluate(() => window.axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          }));
          assert.ok(result.passes.length > 10, `axe checked ${name}`);
          for (const v of result.violations) {
            problems.push(`${name} ${width}px ${colorScheme}: ${v.id} (${v.impact}) ${v.help} — ` +
              v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
          }
        }
        await context.close();
      }
    }
    assert.deepEqual(problems, []);
  });

  test(`${mode}: no page type scrolls sideways on a 320 px or a 375 px phone, light and dark`, async () => {
    const wide = [];
    for (const width of [320, 375]) {
      for (const colorScheme of ["light", "dark"]) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
        const page = await context.newPage();
        for (const [name, p] of Object.entries(pages)) {
          await page.goto(at(p));
          if (name === "search") await page.waitForSelector("#resultats li");
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scroll > width) wide.push(`${name} ${width}px ${colorScheme}: ${scroll} px wide`);
        }
        await context.close();
      }
    }
    assert.deepEqual(wide, []);
  });

  test(`${mode}: screenshots of home, a protocol and search results, and the print of a protocol`, async () => {
    for (const [label, width] of [["phone", 375], ["desktop", 1280]]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const [name, p] of [["home", ""], ["protocol", PAGES.protocol], ["search", PAGES.search]]) {
        await page.goto(at(p));
        if (name === "search") await page.waitForSelector("#resultats li");
        await page.screenshot({ path: path.join(ARTIFACTS, `${mode}-${name}-${label}.png`), fullPage: true });
      }
      await context.close();
    }
    const page = await browser.newPage();
    await page.goto(at(PAGES.protocol));
    await page.emulateMedia({ media: "print" });
    for (const hidden of [".site-header", ".main-nav", ".site-footer", ".search-box"]) {
      assert.ok(await page.locator(hidden).first().isHidden(), `${hidden} is not printed`);
    }
    const printed = await page.locator("main").innerText();
    assert.match(printed, /Version\s+1\.2/, "the version is printed");
    assert.match(printed, /20 octobre 2020/, "the review date is printed");
    assert.match(printed, /imprimé depuis/, "the print footer names the page and date");
    await page.pdf({ path: path.join(ARTIFACTS, `${mode}-protocol-print.pdf`), format: "A4" });
    assert.ok(fs.statSync(path.join(ARTIFACTS, `${mode}-protocol-print.pdf`)).size > 10000);
  });

  test(`${mode}: an event's « Ajouter à mon agenda » gives its calendar file`, async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(at(PAGES.event));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Ajouter à mon agenda/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "formation-prelevements.ics");
    const ics = fs.readFileSync(await download.path(), "utf8");
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /DTSTART;TZID=Europe\/Paris:20261210T090000/);
    assert.match(ics, /UID:evenements\/formation-prelevements@/);
    await page.close();
  });

  test(`${mode}: the directory's filter box narrows the entries as one types`, async () => {
    const page = await browser.newPage();
    await page.goto(at(PAGES.directory));
    const entries = page.locator(".directory-entry:visible");
    assert.equal(await entries.count(), 42);
    await page.getByLabel(/Filtrer l.annuaire/).fill("laboratoire vernay");
    assert.equal(await entries.count(), 1);
    assert.match(await entries.first().innerText(), /Bio-Aubrière, site de Vernay/);
    assert.ok(await page.locator("#type-pharmacie").isHidden(), "an empty group is hidden");
    await page.getByLabel(/Filtrer l.annuaire/).fill("3114");
    assert.equal(await entries.count(), 1, "by number");
    await page.getByLabel(/Filtrer l.annuaire/).fill("");
    assert.equal(await entries.count(), 42);
    await page.emulateMedia({ media: "print" });
    assert.ok(await page.locator(".directory-filter").isHidden(), "the filter box is not printed");
    await page.close();
  });

  test(`${mode}: the watch filters its messages by issuer and by profession`, async () => {
    const page = await browser.newPage();
    await page.goto(at(PAGES.watch));
    const cards = page.locator(".card-message:visible");
    assert.equal(await cards.count(), 12);
    await page.getByLabel("Émetteur").selectOption("has");
    assert.equal(await cards.count(), 3);
    assert.ok((await cards.allInnerTexts()).every((t) => t.includes("HAS n°")));
    assert.ok(await page.locator("#semaine-2020-05-11").isHidden(), "a week without HAS message is hidden");
    await page.getByLabel("Profession").selectOption("sage-femme");
    assert.equal(await cards.count(), 1, "HAS and for midwives");
    assert.match(await page.locator(".filter-count").innerText(), /^1 message/);
    await page.getByLabel("Émetteur").selectOption("");
    await page.getByLabel("Profession").selectOption("");
    assert.equal(await cards.count(), 12);
    await page.close();
  });

  test(`${mode}: an issue prints whole: the editorial, then the full text of each protocol and synthesis it carries`, async () => {
    const page = await browser.newPage();
    await page.goto(at(PAGES.issue));
    await page.getByRole("link", { name: /Version à imprimer/ }).click();
    await page.waitForLoadState();
    await page.emulateMedia({ media: "print" });
    const pdf = path.join(ARTIFACTS, `${mode}-issue-print.pdf`);
    await page.pdf({ path: pdf, format: "A4" });
    await page.close();
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))[1]);
    assert.ok(pages >= 4, `the editorial, then each of the three items on pages of their own: ${pages} pages`);
    for (const expected of [
      "Un mois de suivi à domicile nous a appris", // the editorial
      "Suivi téléphonique infirmier des patients Covid à domicile", // each item's title…
      "Rappel des patients fragiles par les psychologues",
      "Anticoagulation préventive",
      "Conduite à tenir", // …and its full text: a protocol's sections,
      "J Thromb Haemost", // a synthesis's sources
    ]) {
      assert.ok(text.includes(expected), `the printed issue has « ${expected} »`);
    }
    for (const hidden of ["Rechercher", "Retour au numéro"]) assert.ok(!text.includes(hidden), `${hidden} is not printed`);
  });
}
