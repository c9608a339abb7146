#!/usr/bin/env node
// Search benchmark: bytes transferred and time to results in Debian's headless Chromium, on
// the N-document synthetic corpus served on loopback without compression; and the index's
// share of the build time.
//
// usage: node bench/search.mjs [N] [--runs R]
// Needs a release build (cargo build --release), ../shared/bench/gen_corpus.py, chromium and
// playwright-core (scripts/test installs both).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { serve, CHROMIUM_ARGS } from "../tests/browser/server.mjs";

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) || 10000);
const runs = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 3;
const bin = path.join(repo, "target/release/covidactu");
const work = `/tmp/covidactu-bench-search-${n}`;
const site = path.join(work, "site");
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

if (!fs.existsSync(path.join(site, "content"))) {
  fs.mkdirSync(work, { recursive: true });
  execFileSync("python3", [path.join(repo, "bench/corpus.py"), bin, String(n), site]);
}

// Builds go to tmpfs when there is one: on this machine the disk's timing noise is larger
// than the difference measured (bench/build.py measures against the disk's I/O floor).
const target = fs.existsSync("/dev/shm") ? "/dev/shm/covidactu-bench-search" : path.join(work, "public");
function buildTimes(search) {
  const yaml = path.join(site, "site.yaml");
  const text = fs.readFileSync(yaml, "utf8").replace(/\nsearch:\n  enabled: (true|false)\n?$/, "\n");
  fs.writeFileSync(yaml, text.trimEnd() + `\nsearch:\n  enabled: ${search}\n`);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(bin, ["build", "--root", site, "--out", target], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return times;
}

// Alternate the two configurations so that drifts of the machine hit both alike.
const without = [], withIndex = [];
for (let round = 0; round < (process.env.SKIP_BUILD ? 0 : 2); round++) {
  without.push(...buildTimes(false));
  withIndex.push(...buildTimes(true));
}
const out = target;
const files = fs.readdirSync(path.join(out, "search"), { recursive: true }).filter((f) => f.endsWith(".js"));
const indexBytes = files.reduce((s, f) => s + fs.statSync(path.join(out, "search", f)).size, 0);
console.log(`corpus: ${n} documents; ${2 * runs} builds each, output on ${target}`);
console.log(`build without index: median ${median(without).toFixed(2)} s (${without.map((t) => t.toFixed(2)).join(", ")})`);
console.log(`build with index:    median ${median(withIndex).toFixed(2)} s (${withIndex.map((t) => t.toFixed(2)).join(", ")}) ` +
  `→ +${((median(withIndex) / median(without) - 1) * 100).toFixed(0)} %`);
console.log(`index: ${files.length} files, ${(indexBytes / 2 ** 20).toFixed(1)} MiB in all`);

const http = await serve(out);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
const queries = [["one word", "oxygène"], ["one common word", "patient"], ["two words", "oxygène domicile"],
  ["two common words", "patient suivi"], ["with a typo", "hospitalisaton"]];
for (const [label, query] of queries) {
  const bytes = [], first = [], next = [];
  for (let i = 0; i < runs; i++) {
    // Bytes: the query opened from its address, as a shared link would be.
    let context = await browser.newContext();
    let page = await context.newPage();
    http.stats.requests.length = 0;
    await page.goto(http.url + "recherche/?q=" + encodeURIComponent(query));
    await page.waitForFunction(() => document.querySelectorAll("#resultats li").length > 0);
    bytes.push(http.stats.requests.filter((r) => r.path.startsWith("/search/")).reduce((s, r) => s + r.bytes, 0));
    await context.close();
    // Latency: the query typed a key at a time; each keystroke timed until its results are
    // rendered (the page fires covidactu:results).
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(http.url + "recherche/");
    await page.waitForFunction(() => window.covidactu);
    const times = await page.evaluate(async (q) => {
      const input = document.getElementById("q");
      const out = [];
      for (let k = 2; k <= q.length; k++) {
        const text = q.slice(0, k);
        const done = new Promise((resolve) => {
          const on = (e) => { if (e.detail.query === text) { document.removeEventListener("covidactu:results", on); resolve(); } };
          document.addEventListener("covidactu:results", on);
        });
        const start = performance.now();
        input.value = text;
        input.dispatchEvent(new Event("input"));
        await done;
        out.push(performance.now() - start);
      }
      return out;
    }, query);
    first.push(times[0]);
    next.push(...times.slice(1));
    await context.close();
  }
  console.log(`${label} «${query}»: ${(median(bytes) / 1000).toFixed(1)} KB transferred (runtime, index, 10 fragments); ` +
    `typed a key at a time: first keystroke ${median(first).toFixed(0)} ms (loads the index), then median ` +
    `${median(next).toFixed(0)} ms per keystroke (max ${Math.max(...next).toFixed(0)} ms)`);
}
// The query alone, everything loaded: the time the runtime itself takes.
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(http.url + "recherche/");
await page.waitForFunction(() => window.covidactu);
const warm = await page.evaluate(async () => {
  const times = [];
  for (const q of ["oxygène", "patient suivi", "hospitalisaton"]) {
    await window.covidactu.search(q, { limit: 10 });
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await window.covidactu.search(q, { limit: 10 });
      times.push(performance.now() - s);
    }
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
});
console.log(`covidactu.search() with its shards loaded: median ${warm.toFixed(1)} ms`);
await browser.close();
http.server.close();
