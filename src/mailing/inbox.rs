//! `covidactu inbox`: reads the CPTS mailbox, records bounces and unsubscribe requests in the
//! journal (which suppresses the addresses), moves the messages used to the done folder, and
//! leaves everything else — automatic replies, questions, replies from colleagues — where it
//! is, unread state unchanged.
//!
//! The guarantee: every message used is recorded in the journal (committed) before it is
//! moved, and recording it again changes nothing; so a run killed at any point is finished
//! by the next one, which reaches the same state. A dry run records into a scratch copy of
//! the journal and moves nothing.
//!
//! Memory does not grow with the mailbox: messages are fetched a hundred at a time (their
//! first 256 KiB), the CSV report is written as they are read, and only counts, the new
//! suppressions and the UIDs to move are kept. The messages used are moved a thousand at a
//! time: on Dovecot each MOVE rewrites the folder's index, 0.6 s on a 10,000-message folder
//! whatever the number moved, so moving after every batch of a hundred took 65 s for that
//! folder and moving once takes under 1 s (`bench/inbox.py`).

use super::classify::{self, Classified, Kind};
use super::imap::{Mailbox, Server};
use super::journal::{BounceRecord, Journal, Lock, Reason, Suppression};
use super::report::spreadsheet_time;
use crate::content::Config;
use crate::error::Diagnostic;
use crate::i18n::{self, msg};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Messages fetched per IMAP command.
const BATCH: usize = 100;
/// Used messages moved per IMAP command (see the module's documentation).
const MOVE_BATCH: usize = 1000;
/// Bytes read of each message: bounces and requests say what they are in their first
/// kilobytes; a 10 MB attachment is not downloaded.
const READ_AT_MOST: usize = 256 * 1024;

/// What became of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A bounce, recorded.
    Bounce,
    /// An unsubscribe request, recorded.
    Unsubscribe,
    /// An unsubscribe request naming no address the journal knows: for a human.
    UnsubscribeUnresolved,
    AutoReply,
    /// For a human.
    Other,
}

impl Outcome {
    fn label_fr(self) -> &'static str {
        match self {
            Outcome::Bounce => "retour en erreur",
            Outcome::Unsubscribe => "désinscription",
            Outcome::UnsubscribeUnresolved => "désinscription à traiter",
            Outcome::AutoReply => "réponse automatique",
            Outcome::Other => "autre message",
        }
    }

    /// Whether the message is moved to the done folder.
    fn used(self) -> bool {
        matches!(self, Outcome::Bounce | Outcome::Unsubscribe)
    }
}

/// One line of the report: one address of one message.
#[derive(Debug, Clone)]
pub struct Line {
    pub outcome: Outcome,
    /// The address concerned (the failed one, the one leaving), lowercase; empty when none.
    pub address: String,
    pub status: String,
    pub detail: String,
    pub issue: Option<String>,
    /// The suppression this message caused, if any.
    pub suppressed: Option<Reason>,
    pub subject: String,
    pub from: String,
    pub message_id: String,
}

/// Everything a run saw and did, but the lines, which went to the CSV file.
#[derive(Debug, Default)]
pub struct Report {
    pub server: String,
    pub folder: String,
    pub done_folder: String,
    pub dry_run: bool,
    pub messages: usize,
    /// Messages of each outcome, in the order of `OUTCOMES`.
    pub counts: [usize; 5],
    /// Addresses suppressed by this run.
    pub suppressed: Vec<Suppression>,
    /// Unsubscribe requests left for a human.
    pub unresolved: Vec<Line>,
    /// Messages moved (or flagged) as used.
    pub moved: usize,
    /// The CSV report.
    pub csv: PathBuf,
}

const OUTCOMES: [Outcome; 5] =
    [Outcome::Bounce, Outcome::Unsubscribe, Outcome::UnsubscribeUnresolved, Outcome::AutoReply, Outcome::Other];

/// A run: where, how.
pub struct Request<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub server: &'a Server,
    pub dry_run: bool,
}

/// Reads the mailbox; see the module's documentation.
pub fn run(req: &Request<'_>, on_progress: impl Fn(usize, usize)) -> Result<Report, Diagnostic> {
    let dir = super::state_dir(req.root);
    let imap = &req.config.mailing.imap;
    let _lock = Lock::take(&dir)?;
    let scratch =
        tempfile::tempdir().map_err(|e| Diagnostic::error(msg::cannot_create(std::env::temp_dir().display(), e)))?;
    let mut journal = if req.dry_run {
        match Journal::open_existing(&dir)? {
            Some(j) => j.scratch_copy(scratch.path())?,
            None => Journal::open(scratch.path())?,
        }
    } else {
        Journal::open(&dir)?
    };
    let fail = |e: String| Diagnostic::error(msg::imap_failed(req.server, e));
    let mut mailbox = req.server.connect().map_err(|e| Diagnostic::error(msg::cannot_connect(req.server, e)))?;
    let uids = mailbox.open(&imap.folder).map_err(fail)?;
    let mut csv = CsvReport::create(&dir)?;
    let mut report = Report {
        server: req.server.to_string(),
        folder: imap.folder.clone(),
        done_folder: imap.done_folder.clone(),
        dry_run: req.dry_run,
        csv: csv.path.clone(),
        ..Report::default()
    };
    let unsubscribe_address = req.config.mailing.unsubscribe_email.as_deref();
    let mut to_move: Vec<u32> = Vec::new();
    let mut folder_ready = false;
    let mut move_now = |mailbox: &mut Mailbox, uids: &mut Vec<u32>| -> Result<(), Diagnostic> {
        if !req.dry_run && !uids.is_empty() {
            if !folder_ready && mailbox.can_move {
                mailbox.ensure_folder(&imap.done_folder).map_err(fail)?;
                folder_ready = true;
            }
            mailbox.set_aside(uids, &imap.done_folder).map_err(fail)?;
        }
        uids.clear();
        Ok(())
    };
    for chunk in uids.chunks(BATCH) {
        let messages = mailbox.fetch(chunk, READ_AT_MOST).map_err(fail)?;
        for (uid, raw) in &messages {
            let c = classify::classify(raw, unsubscribe_address);
            let source = c
                .message_id
                .clone()
                .unwrap_or_else(|| format!("<sans-id.{:016x}@covidactu>", xxhash_rust::xxh3::xxh3_64(raw)));
            let lines = record(&mut journal, &c, &source, &mut report.suppressed)?;
            if let Some(first) = lines.first() {
                if let Some(i) = OUTCOMES.iter().position(|o| *o == first.outcome) {
                    report.counts[i] += 1;
                }
                if first.outcome.used() {
                    to_move.push(*uid);
                    report.moved += 1;
                }
            }
            for l in lines {
                csv.write(&l)?;
                if l.outcome == Outcome::UnsubscribeUnresolved {
                    report.unresolved.push(l);
                }
            }
        }
        report.messages += messages.len();
        if to_move.len() >= MOVE_BATCH {
            move_now(&mut mailbox, &mut to_move)?;
        }
        on_progress(report.messages, uids.len());
    }
    move_now(&mut mailbox, &mut to_move)?;
    Mailbox::logout(mailbox);
    csv.finish()?;
    Ok(report)
}

/// Records what one message says in the journal and returns its report lines.
fn record(
    journal: &mut Journal,
    c: &Classified,
    source: &str,
    suppressed: &mut Vec<Suppression>,
) -> Result<Vec<Line>, Diagnostic> {
    let line = |outcome: Outcome, address: &str| Line {
        outcome,
        address: address.to_owned(),
        status: String::new(),
        detail: String::new(),
        issue: None,
        suppressed: None,
        subject: c.subject.clone(),
        from: c.from.clone().unwrap_or_default(),
        message_id: source.to_owned(),
    };
    let mut lines = Vec::new();
    match &c.kind {
        Kind::Bounce(b) => {
            let sent = journal.sent_message(&b.returned)?;
            for f in &b.failures {
                let issue = sent.as_ref().map(|(issue, _)| issue.as_str());
                let record = BounceRecord {
                    source,
                    address: &f.address,
                    issue,
                    status: &f.status,
                    hard: f.hard,
                    diagnostic: &f.diagnostic,
                };
                let (_, caused) = journal.record_bounce(&record)?;
                let mut l = line(Outcome::Bounce, &f.address);
                l.status = f.status.clone();
                l.detail = f.diagnostic.clone();
                l.issue = issue.map(str::to_owned);
                l.suppressed = caused.as_ref().map(|s| s.reason);
                suppressed.extend(caused);
                lines.push(l);
            }
        }
        Kind::Unsubscribe(request) => {
            // The sender, when the journal has written to them; otherwise the addresses the
            // message names that it has; otherwise the sender if the message names none.
            let mut who = Vec::new();
            if journal.knows(&request.from)? {
                who.push(request.from.clone());
            } else {
                for a in &request.mentioned {
                    if journal.knows(a)? {
                        who.push(a.clone());
                    }
                }
                if who.is_empty() && request.mentioned.is_empty() {
                    who.push(request.from.clone());
                }
            }
            if who.is_empty() {
                let mut l = line(Outcome::UnsubscribeUnresolved, &request.from);
                l.detail = request.mentioned.join(", ");
                lines.push(l);
            }
            for address in who {
                let caused = journal.record_unsubscribe(&address, source, &c.subject)?;
                let mut l = line(Outcome::Unsubscribe, &address);
                l.detail = c.subject.clone();
                l.suppressed = caused.as_ref().map(|s| s.reason);
                suppressed.extend(caused);
                lines.push(l);
            }
        }
        Kind::AutoReply => lines.push(line(Outcome::AutoReply, c.from.as_deref().unwrap_or(""))),
        Kind::Other => lines.push(line(Outcome::Other, c.from.as_deref().unwrap_or(""))),
    }
    Ok(lines)
}

impl Report {
    /// The summary printed at the end of a run.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}", msg::inbox_head(&self.folder, &self.server, i18n::number(self.messages)));
        let labels = [
            msg::inbox_bounces(),
            msg::inbox_unsubscribes(),
            msg::inbox_unresolved(),
            msg::inbox_auto_replies(),
            msg::inbox_others(),
        ];
        for (n, label) in self.counts.iter().zip(labels) {
            if *n > 0 {
                let _ = writeln!(s, "  {:>7}  {label}", i18n::number(*n));
            }
        }
        if self.dry_run {
            let _ = writeln!(s, "{}", msg::inbox_dry_run(i18n::number(self.moved), &self.done_folder));
        } else {
            let _ = writeln!(s, "{}", msg::inbox_moved(i18n::number(self.moved), &self.done_folder));
        }
        if !self.suppressed.is_empty() {
            let _ = writeln!(s, "{}", msg::inbox_suppressed(i18n::number(self.suppressed.len())));
            for x in &self.suppressed {
                let detail = x.detail.as_deref().unwrap_or("");
                let _ = writeln!(s, "  {}  {} — {detail}", x.address, x.reason.label());
            }
        }
        for l in &self.unresolved {
            let _ = writeln!(s, "{}", msg::inbox_unresolved_line(&l.from, &l.subject));
        }
        s
    }
}

/// The CSV report, written line by line as the messages are read (the send report's
/// conventions: UTF-8 with a BOM, semicolons, local times), under a temporary name until
/// the run ends.
struct CsvReport {
    writer: csv::Writer<std::io::BufWriter<std::fs::File>>,
    partial: PathBuf,
    path: PathBuf,
    date: String,
}

impl CsvReport {
    fn create(dir: &Path) -> Result<CsvReport, Diagnostic> {
        let path = dir.join(format!("boite-{}.csv", chrono::Local::now().format("%Y%m%d-%H%M%S")));
        let partial = path.with_extension("csv.partiel");
        let fail = |e: &dyn std::fmt::Display| Diagnostic::error(msg::cannot_write(partial.display(), e));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&partial).map_err(|e| fail(&e))?);
        std::io::Write::write_all(&mut file, b"\xEF\xBB\xBF").map_err(|e| fail(&e))?;
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(file);
        writer
            .write_record([
                "courriel",
                "message",
                "code",
                "détail",
                "numéro",
                "exclusion",
                "expéditeur",
                "objet",
                "identifiant",
                "date",
            ])
            .map_err(|e| fail(&e))?;
        let date = spreadsheet_time(&chrono::Utc::now().to_rfc3339());
        Ok(CsvReport { writer, partial, path, date })
    }

    fn write(&mut self, l: &Line) -> Result<(), Diagnostic> {
        self.writer
            .write_record([
                l.address.as_str(),
                l.outcome.label_fr(),
                &l.status,
                &l.detail,
                l.issue.as_deref().unwrap_or(""),
                l.suppressed.map(Reason::label_fr).unwrap_or(""),
                &l.from,
                &l.subject,
                &l.message_id,
                &self.date,
            ])
            .map_err(|e| Diagnostic::error(msg::cannot_write(self.partial.display(), e)))
    }

    fn finish(mut self) -> Result<(), Diagnostic> {
        let fail = |e: &dyn std::fmt::Display| Diagnostic::error(msg::cannot_write(self.path.display(), e));
        self.writer.flush().map_err(|e| fail(&e))?;
        std::fs::rename(&self.partial, &self.path).map_err(|e| fail(&e))
    }
}
