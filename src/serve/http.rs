//! The development server's HTTP side: a small HTTP/1.1 server (GET and HEAD, keep-alive,
//! one thread per connection) answering from the in-memory build, with the live-reload
//! script and event stream, and refusing any path outside the output.

use super::rebuild::Output;
use super::Shared;
use crate::i18n::msg;
use percent_encoding::percent_decode_str;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_PATH: &str = "/__covidactu/live.js";
const EVENTS_PATH: &str = "/__covidactu/events";
/// The longest request line or header line accepted.
const MAX_LINE: usize = 8 * 1024;

/// An answer to a request.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Reply { status, headers: vec![("Content-Type", content_type.to_owned())], body }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

/// Accepts connections until the server is stopped.
pub(super) fn run(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopped.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        let _ =
            std::thread::Builder::new().name("covidactu-connection".into()).spawn(move || connection(stream, &shared));
    }
}

/// Reads one line, at most `MAX_LINE` bytes; `None` at the end of the connection.
fn read_line(reader: &mut BufReader<TcpStream>) -> Option<String> {
    let mut line = Vec::new();
    let n = reader.by_ref().take(MAX_LINE as u64).read_until(b'\n', &mut line).ok()?;
    if n == 0 || !line.ends_with(b"\n") {
        return None;
    }
    Some(String::from_utf8_lossy(&line).trim_end().to_owned())
}

/// Serves the requests of one connection, kept alive between them.
fn connection(stream: TcpStream, shared: &Arc<Shared>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let Ok(write_half) = stream.try_clone() else { return };
    let mut writer = write_half;
    let mut reader = BufReader::new(stream);
    while let Some(request_line) = read_line(&mut reader) {
        if request_line.is_empty() {
            continue;
        }
        let mut close = false;
        while let Some(h) = read_line(&mut reader) {
            if h.is_empty() {
                break;
            }
            let lower = h.to_ascii_lowercase();
            if lower.starts_with("connection:") && lower.contains("close") {
                close = true;
            }
        }
        let mut parts = request_line.split(' ');
        let (method, target, version) =
            (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        close |= version != "HTTP/1.1";
        let path = target.split(['?', '#']).next().unwrap_or("/");
        if method == "GET" && path == EVENTS_PATH {
            return events(writer, shared);
        }
        let reply = match method {
            "GET" | "HEAD" => answer(path, shared),
            _ => Reply::new(405, "text/plain; charset=utf-8", b"GET only\n".to_vec()),
        };
        if write_reply(&mut writer, &reply, method == "HEAD", close).is_err() || close {
            return;
        }
    }
}

fn write_reply(w: &mut TcpStream, reply: &Reply, head_only: bool, close: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nConnection: {}\r\n\r\n",
        reply.body.len(),
        if close { "close" } else { "keep-alive" }
    ));
    w.write_all(head.as_bytes())?;
    if !head_only {
        w.write_all(&reply.body)?;
    }
    w.flush()
}

/// The reply to a GET of `path`.
fn answer(path: &str, shared: &Arc<Shared>) -> Reply {
    if path == LIVE_PATH {
        return Reply::new(200, "text/javascript; charset=utf-8", live_script().into_bytes());
    }
    let key = match output_key(path) {
        Ok(k) => k,
        Err(status) => return Reply::new(status, "text/plain; charset=utf-8", b"refused\n".to_vec()),
    };
    let output = shared.output.read().unwrap_or_else(|e| e.into_inner()).clone();
    let errors = shared.errors_json();
    if let Some(bytes) = output.files.get(&key) {
        return file_reply(200, &key, bytes, errors.as_deref());
    }
    if !key.is_empty() && output.files.contains_key(&format!("{key}/index.html")) {
        let mut r = Reply::new(301, "text/plain; charset=utf-8", Vec::new());
        r.headers.push(("Location", format!("{path}/")));
        return r;
    }
    if let Some(source) = output.assets.get(&key) {
        // The file read is the one the build found under content/, never a path from the URL.
        if let Ok(bytes) = std::fs::read(source) {
            return file_reply(200, &key, &bytes, None);
        }
    }
    not_found(&output, errors.as_deref())
}

fn not_found(output: &Output, errors: Option<&str>) -> Reply {
    match output.files.get("404.html") {
        Some(page) => file_reply(404, "404.html", page, errors),
        None => Reply::new(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
    }
}

fn file_reply(status: u16, key: &str, bytes: &[u8], errors: Option<&str>) -> Reply {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    };
    let body = if is_html { inject(bytes, errors) } else { bytes.to_vec() };
    Reply::new(status, &content_type, body)
}

/// The live-reload script, preceded by its texts in the user's language.
fn live_script() -> String {
    let texts = serde_json::json!({
        "one": msg::overlay_title_one(),
        "many": msg::overlay_title_many(),
        "label": msg::overlay_label(),
        "help": msg::help_label(),
    });
    format!("window.__covidactuText = {texts};\n{LIVE_JS}")
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
pub(super) fn output_key(path: &str) -> Result<String, u16> {
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
/// browsers that left.
fn events(mut w: TcpStream, shared: &Arc<Shared>) {
    let (tx, rx) = mpsc::channel();
    if let Some(e) = shared.errors_json() {
        let _ = tx.send(format!("event: builderror\ndata: {e}\n\n"));
    }
    shared.clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
    let mut message = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                       Connection: close\r\n\r\nretry: 500\n\n"
        .to_owned();
    loop {
        if w.write_all(message.as_bytes()).and_then(|()| w.flush()).is_err() {
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
