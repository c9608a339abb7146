// A small static file server for the browser tests: correct content types, index.html for
// folders, the site's 404.html; counts the bytes it sends (for the search benchmark).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".xml": "application/xml", ".svg": "image/svg+xml", ".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
};

export function serve(root) {
  const stats = { bytes: 0, requests: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    let status = 200;
    if (!fs.existsSync(file)) { status = 404; file = path.join(root, "404.html"); }
    const body = fs.readFileSync(file);
    stats.bytes += body.length;
    stats.requests.push({ path: url.pathname, bytes: body.length });
    res.writeHead(status, { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "content-length": body.length });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, stats, url: `http://127.0.0.1:${server.address().port}/` })));
}

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];
