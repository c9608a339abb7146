//! Mailing the email edition: the subscriber lists, the durable send journal, the SMTP
//! sending loop, the progress display and the end report.

pub mod classify;
pub mod imap;
pub mod inbox;
pub mod journal;
pub mod lists;
pub mod progress;
pub mod report;
pub mod send;
pub mod server_url;
pub mod smtp;
pub mod suppression_list;

use crate::email::dkim::Signer;
use crate::email::personal::Editions;
use crate::email::{self, Recipient, Unsubscribe};
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::{self, msg};
use crate::render::Theme;
use crate::site::{Page, Site};
use journal::{Journal, Lock, Policy, State};
use lists::Recipients;
use report::Report;
use send::{Job, Settings, Wire};
use smtp::Server;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

/// The site's own state folder (journal, reports, previews): never part of the output.
pub fn state_dir(root: &Path) -> PathBuf {
    root.join(".covidactu")
}

/// Everything needed to make the messages of one issue.
pub struct Mailing<'a> {
    site: &'a Site,
    issue: &'a Page,
    editions: Editions<'a>,
    signer: Option<Signer>,
    unsubscribe: Unsubscribe,
}

impl<'a> Mailing<'a> {
    /// Prepares the messages of `issue`, loading the DKIM key when `site.yaml` names one.
    pub fn new(site: &'a Site, theme: &'a Theme, issue: &'a Page, root: &Path) -> Result<Self, Diagnostic> {
        let signer = match &site.config.mailing.dkim {
            Some(c) => Some(Signer::load(c, root)?),
            None => None,
        };
        let unsubscribe = Unsubscribe::new(&site.config)?;
        Ok(Mailing { site, issue, editions: Editions::new(site, theme, issue), signer, unsubscribe })
    }

    /// The reference of the issue (`numeros/numero-6`).
    pub fn issue(&self) -> String {
        self.issue.doc.reference()
    }

    /// The complete, signed message for `to`, ready for the wire.
    pub fn wire(&self, to: &Recipient, test: bool) -> Result<Wire, String> {
        let edition = self.editions.render(to).map_err(|d| d.render(false, None))?;
        let message =
            email::message(&self.site.config, &self.unsubscribe, &edition, to, test).map_err(|d| d.message)?;
        let message_id = message.headers().get_raw("Message-ID").map(str::to_owned);
        let bytes = match &self.signer {
            Some(signer) => signer.sign(&message.formatted()),
            None => message.formatted(),
        };
        Ok(Wire { envelope: message.envelope().clone(), bytes, message_id })
    }
}

/// What a dry run found.
#[derive(Debug, Default)]
pub struct DryRun {
    pub messages: usize,
    /// Size of the largest message, in bytes.
    pub largest: usize,
    /// Subscribers left out by the journal's suppression list: unsubscribe requests, bounces.
    pub unsubscribed: usize,
    pub bounced: usize,
}

impl DryRun {
    /// The line that ends a dry run of `issue` to `recipients`.
    pub fn summary(&self, issue: &str, recipients: &Recipients) -> String {
        msg::dry_run_summary(
            issue,
            i18n::number(recipients.subscribers.len() - self.unsubscribed - self.bounced),
            i18n::number(recipients.duplicates.len()),
            i18n::number(recipients.unsubscribed.len() + self.unsubscribed),
            i18n::number(self.bounced),
            i18n::number(recipients.invalid.len()),
            i18n::number(self.messages),
            i18n::number(self.largest / 1024),
        )
    }
}

/// Renders and builds the message of every recipient a send would write to (the journal's
/// suppressed addresses left out), without sending.
pub fn dry_run(mailing: &Mailing<'_>, recipients: &Recipients, root: &Path) -> Result<DryRun, Diagnostics> {
    let suppressed = match Journal::open_existing(&state_dir(root))? {
        Some(journal) => journal.suppressed()?,
        None => HashMap::new(),
    };
    let mut report = DryRun::default();
    let mut diags = Diagnostics::new();
    for s in &recipients.subscribers {
        if let Some(why) = suppressed.get(&s.key()) {
            match why.reason {
                journal::Reason::Unsubscribed => report.unsubscribed += 1,
                journal::Reason::HardBounce | journal::Reason::SoftBounces => report.bounced += 1,
            }
            continue;
        }
        match mailing.wire(&recipient(s), false) {
            Ok(w) => {
                report.messages += 1;
                report.largest = report.largest.max(w.bytes.len());
            }
            Err(why) => diags.push(Diagnostic::error(why).in_file(&s.file)),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(report)
}

fn recipient(s: &lists::Subscriber) -> Recipient {
    Recipient { email: s.email.clone(), name: s.name.clone(), profession: s.profession.clone() }
}

/// A send: what to send, where, and how.
pub struct Request<'a> {
    pub root: &'a Path,
    pub mailing: &'a Mailing<'a>,
    pub recipients: &'a Recipients,
    pub server: &'a Server,
    pub policy: Policy,
    pub settings: Settings,
    /// Set by Ctrl-C: finish the messages in flight and stop.
    pub stop: &'a AtomicBool,
}

/// Sends the issue to every recipient the journal says still needs it, and reports. Nothing
/// is sent if the server cannot be reached or the journal cannot be written.
pub fn send(
    req: &Request<'_>,
    on_event: impl Fn(send::Event) + Sync,
    on_start: impl FnOnce(usize),
) -> Result<Report, Diagnostic> {
    let dir = state_dir(req.root);
    let _lock = Lock::take(&dir)?;
    let mut journal = Journal::open(&dir)?;
    let issue = req.mailing.issue();
    let recovered = journal.recover(&issue)?;
    // The suppression list wins over everything, --force and --retry-failed included.
    let suppressed = journal.suppressed()?;
    let (subs, left_out): (Vec<&lists::Subscriber>, Vec<&lists::Subscriber>) =
        req.recipients.subscribers.iter().partition(|s| !suppressed.contains_key(&s.key()));
    let decisions = {
        let keys: Vec<(String, String, Option<String>)> =
            subs.iter().map(|s| (s.key(), s.email.clone(), s.name.clone())).collect();
        journal.enqueue(&issue, &keys, req.policy)?
    };
    let jobs: Vec<Job> = subs
        .iter()
        .zip(&decisions)
        .filter(|(_, (send, _))| *send)
        .map(|(s, _)| Job { key: s.key(), recipient: recipient(s) })
        .collect();
    // A template error or an edition over Gmail's limit concerns every message: found on the
    // first one, it stops the run before anything is sent or recorded as failed.
    if let Some(job) = jobs.first() {
        req.mailing.wire(&job.recipient, false).map_err(|why| {
            Diagnostic::error(msg::cannot_build_messages(&issue)).with_help(why.trim_end().to_owned())
        })?;
    }
    on_start(jobs.len());
    let journal = Mutex::new(journal);
    if !jobs.is_empty() {
        let first = req.server.connect().map_err(|e| Diagnostic::error(msg::cannot_connect(req.server, e)))?;
        let sender = send::Sender {
            issue: &issue,
            server: req.server,
            settings: &req.settings,
            journal: &journal,
            stop: req.stop,
        };
        sender.run(first, jobs, |job: &Job| req.mailing.wire(&job.recipient, false), on_event)?;
    }
    let journal = journal.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut report = Report {
        issue: issue.clone(),
        server: req.server.to_string(),
        interrupted: req.stop.load(std::sync::atomic::Ordering::SeqCst),
        recovered,
        ..Report::default()
    };
    for (s, (tried, before)) in subs.iter().zip(&decisions) {
        if let Some(entry) = journal.entry(&issue, &s.key())? {
            let source = format!("{}:{}", s.file.display(), s.line);
            report.push_entry(&entry, *before, *tried, source);
        }
    }
    let left_out: Vec<_> = left_out.into_iter().map(|s| (s, &suppressed[&s.key()])).collect();
    report.push_suppressed(&left_out);
    report.push_skipped(req.recipients);
    Ok(report)
}

/// Sends one copy marked « [TEST] » to `address`, outside the journal; returns the reply.
pub fn send_test(mailing: &Mailing<'_>, server: &Server, address: &str) -> Result<String, Diagnostic> {
    if !lists::valid_address(address) {
        return Err(Diagnostic::error(msg::not_an_email_address(address)));
    }
    let to = Recipient { email: address.to_owned(), name: None, profession: None };
    let wire = mailing.wire(&to, true).map_err(Diagnostic::error)?;
    let mut conn = server.connect().map_err(|e| Diagnostic::error(msg::cannot_connect(server, e)))?;
    let outcome = smtp::deliver(&mut conn, &wire.envelope, &wire.bytes, || true);
    let _ = conn.quit();
    match outcome {
        smtp::Outcome::Sent(reply) => Ok(reply),
        smtp::Outcome::Permanent(r) | smtp::Outcome::Transient(r) | smtp::Outcome::Unknown(r) => {
            Err(Diagnostic::error(msg::test_not_accepted(address, r)))
        }
    }
}

/// The state of the sends recorded in the journal of `root`: of `issue`, or of every issue.
pub fn status(root: &Path, issue: Option<&str>) -> Result<String, Diagnostic> {
    use std::fmt::Write as _;
    let dir = state_dir(root);
    let Some(journal) = Journal::open_existing(&dir)? else {
        return Ok(format!("{}\n", msg::no_journal(dir.display())));
    };
    let issues = match issue {
        Some(i) => vec![i.to_owned()],
        None => journal.issues()?,
    };
    let mut out = String::new();
    for issue in issues {
        let entries = journal.entries(&issue)?;
        let count = |s: State| entries.iter().filter(|e| e.state == s).count();
        let _ = write!(out, "{}", msg::journal_issue(&issue, i18n::number(entries.len())));
        for s in State::ALL {
            let n = count(s);
            if n > 0 {
                let _ = write!(out, ", {}", msg::journal_state_count(s.label(), i18n::number(n)));
            }
        }
        out.push('\n');
        let last = entries.iter().map(|e| e.updated_at.as_str()).max().unwrap_or("");
        if !last.is_empty() {
            let _ = writeln!(out, "{}", msg::journal_last_activity(crate::content::date::moment(last)));
        }
        let bounces = journal.bounces(&issue)?;
        if !bounces.is_empty() {
            let _ = writeln!(out, "{}", msg::journal_bounces(i18n::number(bounces.len())));
            for b in &bounces {
                let _ = writeln!(out, "{}", msg::journal_bounce(&b.status, &b.address, &b.diagnostic));
            }
        }
        for e in entries.iter().filter(|e| !matches!(e.state, State::Sent)) {
            let attempts = msg::journal_attempts(e.attempts);
            let _ = writeln!(
                out,
                "  {:<10} {}  ({attempts}) {}",
                e.state.label(),
                e.email,
                e.reply.as_deref().unwrap_or("")
            );
        }
    }
    if out.is_empty() {
        out = format!("{}\n", msg::journal_empty());
    }
    Ok(out)
}
