//! `covidactu publish`: puts the built output on the host, sending only what changed since
//! the last publish and in an order that never shows readers a link to a page not yet there
//! (see [`plan`]). The host keeps the manifest of what it holds ([`manifest`]), written last:
//! a publish cut at any point leaves a consistent mix of old and new pages, and the next one
//! finishes the job.
//!
//! Hosts ([`host::Host`]): a folder (its path or `file:///PATH`: a mounted drive, an intranet
//! share), or shared web hosting over SFTP ([`sftp`]).

pub mod host;
pub mod manifest;
pub mod plan;
pub mod sftp;

use crate::error::Diagnostic;
use crate::i18n::msg;
use host::Host;
use manifest::Manifest;
use plan::Plan;
use std::path::{Path, PathBuf};

/// Where to publish, from `--to` or `publish.to` in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Folder(PathBuf),
    Sftp(sftp::Address),
}

impl Target {
    /// Reads a destination: an address (`file:///…`), or a folder's path as the user types
    /// it (`../en-ligne`, `Z:\Lettre`), relative to the current folder.
    pub fn parse(raw: &str) -> Result<Target, Diagnostic> {
        let bad = |why: String| Diagnostic::error(msg::not_a_publish_url(raw, why)).with_help(msg::publish_url_help());
        let url = match url::Url::parse(raw) {
            // `C:\Sites` reads as an address of scheme `c`: a drive letter, so a path.
            Ok(url) if url.scheme().len() > 1 => url,
            _ => return Ok(Target::Folder(PathBuf::from(raw))),
        };
        match url.scheme() {
            "file" => {
                let path = url.to_file_path().map_err(|_| bad(msg::publish_url_not_a_path()))?;
                Ok(Target::Folder(path))
            }
            "sftp" => sftp::Address::from_url(&url).map(Target::Sftp).map_err(bad),
            other => Err(bad(msg::unknown_scheme(other))),
        }
    }

    /// Opens the host (connects and signs in, for SFTP); for a dry run, without making
    /// anything.
    pub fn open(&self, trust: &sftp::Trust, dry_run: bool) -> Result<Box<dyn Host>, Diagnostic> {
        match self {
            Target::Folder(path) => {
                host::Folder::open(path, dry_run).map(|f| Box::new(f) as Box<dyn Host>).map_err(Diagnostic::error)
            }
            Target::Sftp(address) => sftp::Sftp::open(address, trust, dry_run).map(|s| Box::new(s) as Box<dyn Host>),
        }
    }
}

/// How many files are handed to the host at once: a remote host sends them side by side.
const BATCH: usize = 64;

/// What a publish did (or, dry, would do).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub host: String,
    pub plan: Plan,
    /// Bytes of the files sent.
    pub bytes: u64,
    pub dry_run: bool,
}

/// Publishes the output folder `out` to `host`. `on_progress(done, total)` follows the
/// files sent and deleted.
pub fn run(
    out: &Path,
    host: &mut dyn Host,
    dry_run: bool,
    on_progress: impl Fn(usize, usize),
) -> Result<Report, Diagnostic> {
    if !out.join("index.html").is_file() {
        return Err(Diagnostic::error(msg::publish_nothing_built(out.display())).with_help(msg::publish_build_first()));
    }
    if crate::output::unfinished_commit(out) {
        return Err(
            Diagnostic::error(msg::publish_build_unfinished(out.display())).with_help(msg::publish_build_first())
        );
    }
    if out.join(crate::output::PREVIEW).exists() {
        return Err(
            Diagnostic::error(msg::publish_preview_refused(out.display())).with_help(msg::publish_preview_help())
        );
    }
    let name = host.describe();
    let fail = |e: String| Diagnostic::error(msg::publish_failed(&name, e));
    let local = Manifest::of_folder(out).map_err(|e| Diagnostic::error(msg::cannot_read(out.display(), e)))?;
    let remote = host.read(manifest::FILE).map_err(fail)?.and_then(|b| Manifest::parse(&b));
    let plan = Plan::new(&local, remote.as_ref());
    let mut report = Report { host: name.clone(), plan, bytes: 0, dry_run };
    if dry_run || (report.plan.is_empty() && remote.is_some()) {
        return Ok(report);
    }
    let total = report.plan.uploads.len() + report.plan.deletions.len();
    let mut done = 0;
    for run in report.plan.upload_runs() {
        for chunk in run.chunks(BATCH) {
            let mut files = Vec::with_capacity(chunk.len());
            for path in chunk {
                let file = path.split('/').fold(out.to_path_buf(), |p, part| p.join(part));
                let bytes = std::fs::read(&file).map_err(|e| Diagnostic::error(msg::cannot_read(file.display(), e)))?;
                report.bytes += bytes.len() as u64;
                files.push((path.as_str(), bytes));
            }
            host.put_batch(&files).map_err(fail)?;
            done += chunk.len();
            on_progress(done, total);
        }
    }
    for chunk in report.plan.deletions.chunks(BATCH) {
        let paths: Vec<&str> = chunk.iter().map(String::as_str).collect();
        host.remove_batch(&paths).map_err(fail)?;
        done += chunk.len();
        on_progress(done, total);
    }
    host.put(manifest::FILE, &local.to_bytes()).map_err(fail)?;
    Ok(report)
}

impl Report {
    /// What to print at the end.
    pub fn summary(&self) -> String {
        use crate::i18n::number;
        use std::fmt::Write as _;
        let mut s = String::new();
        let p = &self.plan;
        if self.dry_run {
            let _ = writeln!(
                s,
                "{}",
                msg::publish_dry_run(
                    &self.host,
                    number(p.uploads.len()),
                    number(p.deletions.len()),
                    number(p.unchanged)
                )
            );
            for path in &p.uploads {
                let _ = writeln!(s, "  + {path}");
            }
            for path in &p.deletions {
                let _ = writeln!(s, "  - {path}");
            }
        } else if p.is_empty() {
            let _ = writeln!(s, "{}", msg::publish_up_to_date(&self.host, number(p.unchanged)));
        } else {
            let kb = number((self.bytes / 1024) as usize);
            let _ = writeln!(
                s,
                "{}",
                msg::publish_done(
                    &self.host,
                    number(p.uploads.len()),
                    kb,
                    number(p.deletions.len()),
                    number(p.unchanged)
                )
            );
        }
        s
    }
}
