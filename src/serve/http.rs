//! The development server's HTTP side: files from the in-memory build, the live-reload
//! script and event stream, and refusal of any path outside the output.

use super::rebuild::Output;
use super::Shared;
use percent_encoding::percent_decode_str;
use std::io::{Read, Write};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Request, Response, StatusCode};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_PATH: &str = "/__covidactu/live.js";
const EVENTS_PATH: &str = "/__covidactu/events";

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn with_headers<R: Read>(mut response: Response<R>, headers: &[(&str, &str)]) -> Response<R> {
    for (name, value) in headers {
        if let Some(h) = header(name, value) {
            response.add_header(h);
        }
    }
    response
}

fn respond(req: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let response = Response::from_data(body).with_status_code(StatusCode(status));
    let _ = req.respond(with_headers(response, &[("Content-Type", content_type), ("Cache-Control", "no-store")]));
}

/// Answers one request.
pub fn handle(req: Request, shared: &Arc<Shared>) {
    let url = req.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_owned();
    if path == EVENTS_PATH {
        return events(req, shared);
    }
    if path == LIVE_PATH {
        return respond(req, 200, "text/javascript; charset=utf-8", LIVE_JS.as_bytes().to_vec());
    }
    let key = match output_key(&path) {
        Ok(k) => k,
        Err(status) => return respond(req, status, "text/plain; charset=utf-8", b"refused\n".to_vec()),
    };
    let output = shared.output.read().unwrap_or_else(|e| e.into_inner()).clone();
    let errors = shared.errors_json();
    if let Some(bytes) = output.files.get(&key) {
        return serve_bytes(req, 200, &key, bytes, errors.as_deref());
    }
    if !key.is_empty() && output.files.contains_key(&format!("{key}/index.html")) {
        let response = with_headers(Response::empty(StatusCode(301)), &[("Location", &format!("{path}/"))]);
        let _ = req.respond(response);
        return;
    }
    if let Some(source) = output.assets.get(&key) {
        // The file served is the one the build found under content/, never a path from the URL.
        if let Ok(bytes) = std::fs::read(source) {
            return serve_bytes(req, 200, &key, &Arc::new(bytes), None);
        }
    }
    not_found(req, &output, errors.as_deref());
}

fn not_found(req: Request, output: &Output, errors: Option<&str>) {
    match output.files.get("404.html") {
        Some(page) => serve_bytes(req, 404, "404.html", page, errors),
        None => respond(req, 404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
    }
}

fn serve_bytes(req: Request, status: u16, key: &str, bytes: &Arc<Vec<u8>>, errors: Option<&str>) {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    };
    let body = if is_html { inject(bytes, errors) } else { bytes.as_ref().clone() };
    respond(req, status, &content_type, body);
}

/// Adds the live-reload script (and the current errors) before `</body>`.
fn inject(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    let mut script = String::new();
    if let Some(e) = errors {
        script.push_str(&format!("<script>window.__covidactuErrors = {};</script>", e.replace("</", "<\\/")));
    }
    script.push_str(&format!("<script src=\"{LIVE_PATH}\"></script>"));
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

/// The output path a request path designates: `/a/b/` → `a/b/index.html`. Anything that
/// could leave the output (`..`, `.`, empty segments, backslashes, drive letters, NUL),
/// written plainly or percent-encoded, is refused with 403.
pub fn output_key(path: &str) -> Result<String, u16> {
    if !path.starts_with('/') {
        return Err(400);
    }
    let decoded = percent_decode_str(path).decode_utf8().map_err(|_| 400u16)?;
    let inner = &decoded[1..];
    if decoded.contains(['\\', '\0']) || inner.starts_with('/') {
        return Err(403);
    }
    let segments: Vec<&str> = inner.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if *seg == ".." || *seg == "." || (seg.is_empty() && !last) || seg.contains(':') {
            return Err(403);
        }
    }
    if inner.is_empty() || inner.ends_with('/') {
        Ok(format!("{inner}index.html"))
    } else {
        Ok(inner.to_owned())
    }
}

/// A Server-Sent Events stream: one message per rebuild, a comment every 15 s to notice
/// browsers that left. The connection is taken over from tiny_http (which buffers response
/// bodies) so that each message is sent at once.
fn events(req: Request, shared: &Arc<Shared>) {
    let (tx, rx) = mpsc::channel();
    if let Some(e) = shared.errors_json() {
        let _ = tx.send(format!("event: builderror\ndata: {e}\n\n"));
    }
    shared.clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
    let head = with_headers(
        Response::empty(StatusCode(200)),
        &[("Content-Type", "text/event-stream"), ("Cache-Control", "no-store")],
    );
    let mut stream = req.upgrade("covidactu-events", head);
    let mut message = "retry: 500\n\n".to_owned();
    loop {
        if stream.write_all(message.as_bytes()).and_then(|()| stream.flush()).is_err() {
            return;
        }
        message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_owned(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::output_key;

    #[test]
    fn maps_folders_to_index_files() {
        assert_eq!(output_key("/").unwrap(), "index.html");
        assert_eq!(output_key("/protocoles/").unwrap(), "protocoles/index.html");
        assert_eq!(output_key("/style.css").unwrap(), "style.css");
        assert_eq!(output_key("/pages/Num%C3%A9ros%20utiles.pdf").unwrap(), "pages/Numéros utiles.pdf");
    }

    #[test]
    fn refuses_anything_that_leaves_the_output() {
        for bad in [
            "/../site.yaml",
            "/a/../../x",
            "/%2e%2e/site.yaml",
            "/%2E%2E%2Fsite.yaml",
            "//etc/passwd",
            "/a//b",
            "/..%5csite.yaml",
            "/C:/Windows",
            "/a/%00",
            "/./x",
        ] {
            assert!(output_key(bad).is_err(), "{bad}");
        }
    }
}
