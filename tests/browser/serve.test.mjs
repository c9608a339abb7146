// `covidactu serve` in Debian's headless Chromium: the open page reloads by itself after a
// save, shows an error overlay on a broken file, and recovers on the next good save.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./server.mjs";

let browser, server, site, url;

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), "covidactu-serve-"));
  fs.cpSync(path.join(process.env.SITE_SRC, "content"), path.join(site, "content"), { recursive: true });
  fs.copyFileSync(path.join(process.env.SITE_SRC, "site.yaml"), path.join(site, "site.yaml"));
  server = spawn(process.env.COVIDACTU_BIN, ["serve", "--root", site, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  server.stderr.on("data", (d) => process.stderr.write("[serve] " + d));
  url = await new Promise((resolve, reject) => {
    let out = "";
    setTimeout(() => reject(new Error("serve printed no address in 60 s: " + out)), 60000);
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/(http:\/\/\S+\/)/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error("serve exited with " + code)));
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  server?.kill();
  fs.rmSync(site, { recursive: true, force: true });
});

function edit(rel, from, to) {
  const file = path.join(site, rel);
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${rel} has ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

test("serve: the page reloads by itself, shows errors, recovers", async () => {
  const page = await browser.newPage();
  await page.goto(url + "syntheses/masques/", { waitUntil: "domcontentloaded", timeout: 60000 });
  await page.waitForFunction(() => document.querySelector("script[src='/__covidactu/live.js']"));
  await page.waitForTimeout(300);
  edit("content/syntheses/masques.md", "## Contexte", "## Contexte de mars 2020");
  await page.waitForFunction(() => document.body.textContent.includes("Contexte de mars 2020"), null, { timeout: 10000 });

  edit("content/syntheses/masques.md", "date: 2020-03-26", "date: 2020-03-32");
  const overlay = page.locator("#covidactu-errors");
  await overlay.waitFor({ timeout: 10000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/syntheses\/masques\.md:3:7/);
  assert.match(text, /date: 2020-03-32/);
  // In French, from the catalogue: the title, the message and its help.
  assert.match(text, /^1 erreur\s:\sle site affiché est la dernière version correcte/);
  assert.match(text, /n’est pas une vraie date \(pas de jour 32 au mois 3\)/);
  assert.ok(await page.locator("h1").first().isVisible(), "the last good page is still there under the overlay");

  edit("content/syntheses/masques.md", "date: 2020-03-32", "date: 2020-03-27");
  await overlay.waitFor({ state: "detached", timeout: 10000 });
  assert.match(await page.locator(".card-meta").first().textContent(), /27 mars 2020/);
});
