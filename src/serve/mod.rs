//! `covidactu serve`: builds the site in memory, serves it over HTTP, watches the sources and
//! rebuilds what changed on every save; open pages reload by themselves, and build errors
//! are shown over the page while the last good build stays served.

mod http;
mod rebuild;
mod watch;

use crate::build::BuildOptions;
use crate::content::Drafts;
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::msg;
use rebuild::{Outcome, Output, Rebuilder};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::Instant;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 for any free port.
    pub port: u16,
    /// Also `draft: true` documents; protocols not validated yet are always previewed.
    pub drafts: bool,
}

/// State shared by the HTTP threads and the rebuild thread.
pub(crate) struct Shared {
    stopped: AtomicBool,
    output: RwLock<Output>,
    errors: RwLock<Option<Diagnostics>>,
    clients: Mutex<Vec<mpsc::Sender<String>>>,
}

impl Shared {
    /// The errors of the last build, as JSON for the browser, if it failed.
    fn errors_json(&self) -> Option<String> {
        let errors = self.errors.read().unwrap_or_else(|e| e.into_inner());
        let list: Vec<&Diagnostic> = errors.as_ref()?.iter().filter(|d| d.is_error()).collect();
        serde_json::to_string(&list).ok()
    }

    fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).retain(|c| c.send(message.clone()).is_ok());
    }
}

/// A running server.
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    /// The site's address, `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops serving (the watcher ends with the process).
    pub fn stop(&self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
    }
}

/// Builds the site, starts serving it and watching its sources; returns at once.
/// `report` receives what a person at the terminal should read (rebuilds, errors).
pub fn start(
    opts: ServeOptions,
    report: impl Fn(&str, Option<&Diagnostics>) + Send + 'static,
) -> Result<Server, Diagnostics> {
    let root = std::fs::canonicalize(&opts.root)
        .map_err(|e| Diagnostic::error(msg::cannot_open_site_folder(opts.root.display(), e)))?;
    let listener = std::net::TcpListener::bind((opts.bind, opts.port))
        .map_err(|e| Diagnostic::error(msg::cannot_listen(SocketAddr::new(opts.bind, opts.port), e)))?;
    let addr = listener.local_addr().map_err(|e| Diagnostic::error(msg::server_without_address(e)))?;
    let host = if opts.bind.is_unspecified() { IpAddr::from([127, 0, 0, 1]) } else { opts.bind };
    let mut build = BuildOptions::new(&root);
    build.drafts = if opts.drafts { Drafts::Include } else { Drafts::Unvalidated };
    build.base_url = Some(format!("http://{}/", SocketAddr::new(host, addr.port())));
    build.relative_urls = Some(false);
    let mut rebuilder = Rebuilder::new(build);
    let shared = Arc::new(Shared {
        stopped: AtomicBool::new(false),
        output: RwLock::new(Output::default()),
        errors: RwLock::new(None),
        clients: Mutex::new(Vec::new()),
    });
    run_rebuild(&mut rebuilder, &shared, &[], &report);
    let changes = watch::watch(&root).map_err(|e| Diagnostic::error(msg::cannot_watch(e)))?;
    let watcher_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("covidactu-watch".into())
        .spawn(move || {
            while let Some(paths) = changes.next(&root) {
                if watcher_shared.stopped.load(Ordering::SeqCst) {
                    break;
                }
                let paths: Vec<PathBuf> = paths.into_iter().collect();
                run_rebuild(&mut rebuilder, &watcher_shared, &paths, &report);
            }
        })
        .map_err(|e| Diagnostic::error(msg::cannot_start_watcher(e)))?;

    let http_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("covidactu-http".into())
        .spawn(move || http::run(listener, http_shared))
        .map_err(|e| Diagnostic::error(msg::cannot_start_server(e)))?;
    Ok(Server { addr, shared })
}

/// One rebuild: the new output is swapped in and browsers told, or the errors are kept
/// for the overlay while the last good output stays.
fn run_rebuild(
    rebuilder: &mut Rebuilder,
    shared: &Shared,
    paths: &[PathBuf],
    report: &impl Fn(&str, Option<&Diagnostics>),
) {
    let start = Instant::now();
    let mut output = shared.output.read().unwrap_or_else(|e| e.into_inner()).clone();
    match rebuilder.rebuild(paths, &mut output) {
        Ok((outcome, warnings)) => {
            *shared.output.write().unwrap_or_else(|e| e.into_inner()) = output;
            let had_errors = shared.errors.write().unwrap_or_else(|e| e.into_inner()).take().is_some();
            let (event, what) = match outcome {
                Outcome::Css if !had_errors => ("css", msg::stylesheet_swapped()),
                _ => ("reload", msg::pages_rendered(crate::i18n::number(rebuilder.rendered))),
            };
            shared.broadcast(event, "{}");
            let warnings = (!warnings.is_empty()).then_some(&warnings);
            report(&msg::rebuilt(what, start.elapsed().as_millis()), warnings);
        }
        Err(diags) => {
            *shared.errors.write().unwrap_or_else(|e| e.into_inner()) = Some(diags.clone());
            shared.broadcast("builderror", &shared.errors_json().unwrap_or_else(|| "[]".into()));
            report(&msg::rebuild_failed(), Some(&diags));
        }
    }
}
