//! The end of a send: who was reached, who was not and why, on screen and as a CSV file next
//! to the journal (semicolon-separated, UTF-8 with a BOM, as French spreadsheet software
//! opens it).

use super::journal::{Entry, Reason, State, Suppression};
use crate::error::Diagnostic;
use crate::i18n::{self, msg};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How one row of the report ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Sent,
    /// Sent by an earlier run; not sent again.
    SentEarlier,
    Failed,
    Deferred,
    Unknown,
    /// Not tried: the run was interrupted first.
    NotSent,
    Unsubscribed,
    /// Suppressed after bounces (the journal's list).
    Suppressed,
    Invalid,
    /// The same address as an earlier row: sent once, to that row.
    Duplicate,
}

impl Status {
    /// The status as the terminal says it, in the current language.
    pub fn label(self) -> String {
        match self {
            Status::Sent => msg::state_sent(),
            Status::SentEarlier => msg::status_sent_earlier(),
            Status::Failed => msg::state_failed(),
            Status::Deferred => msg::state_deferred(),
            Status::Unknown => msg::state_unknown(),
            Status::NotSent => msg::status_not_sent(),
            Status::Unsubscribed => msg::status_unsubscribed(),
            Status::Suppressed => msg::status_suppressed(),
            Status::Invalid => msg::status_invalid(),
            Status::Duplicate => msg::status_duplicate(),
        }
    }

    /// The status in French whatever the terminal's language: the CSV report's values are
    /// part of its format, read by the coordinator's spreadsheet and scripts.
    pub fn label_fr(self) -> &'static str {
        match self {
            Status::Sent => "envoyé",
            Status::SentEarlier => "déjà envoyé",
            Status::Failed => "refusé",
            Status::Deferred => "différé",
            Status::Unknown => "incertain",
            Status::NotSent => "non envoyé",
            Status::Unsubscribed => "désinscrit",
            Status::Suppressed => "adresse en échec",
            Status::Invalid => "adresse invalide",
            Status::Duplicate => "doublon",
        }
    }

    /// A row of the lists left out before sending: no message was meant for it.
    fn is_set_aside(self) -> bool {
        matches!(self, Status::Unsubscribed | Status::Suppressed | Status::Invalid | Status::Duplicate)
    }

    /// What a status means, for the summary.
    fn meaning(self) -> String {
        match self {
            Status::Sent => msg::meaning_sent(),
            Status::SentEarlier => msg::meaning_sent_earlier(),
            Status::Failed => msg::meaning_failed(),
            Status::Deferred => msg::meaning_deferred(),
            Status::Unknown => msg::meaning_unknown(),
            Status::NotSent => msg::meaning_not_sent(),
            Status::Unsubscribed => msg::meaning_unsubscribed_journal(),
            Status::Suppressed => msg::meaning_suppressed(),
            Status::Invalid => msg::meaning_invalid(),
            Status::Duplicate => msg::meaning_duplicate(),
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone)]
pub struct Row {
    pub email: String,
    pub name: Option<String>,
    pub status: Status,
    pub reply: Option<String>,
    pub attempts: u32,
    pub at: Option<String>,
    /// `list.csv:12`
    pub source: String,
}

/// Everything a send did, for the screen and the CSV.
#[derive(Debug, Default)]
pub struct Report {
    pub issue: String,
    pub server: String,
    pub rows: Vec<Row>,
    /// The run was stopped before the end (Ctrl-C).
    pub interrupted: bool,
    /// Messages an earlier run left in the server's hands, now `unknown`.
    pub recovered: usize,
}

impl Report {
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// Everyone the lists hold was reached (now or before).
    pub fn complete(&self) -> bool {
        self.rows.iter().all(|r| r.status.is_set_aside() || matches!(r.status, Status::Sent | Status::SentEarlier))
    }

    /// Adds a recipient's journal line.
    pub fn push_entry(&mut self, entry: &Entry, before: Option<State>, tried: bool, source: String) {
        let status = match entry.state {
            State::Sent if !tried && before == Some(State::Sent) => Status::SentEarlier,
            State::Sent => Status::Sent,
            State::Failed => Status::Failed,
            State::Deferred => Status::Deferred,
            State::Unknown | State::Sending => Status::Unknown,
            State::Pending => Status::NotSent,
        };
        self.rows.push(Row {
            email: entry.email.clone(),
            name: entry.name.clone(),
            status,
            reply: entry.reply.clone(),
            attempts: entry.attempts,
            at: Some(entry.updated_at.clone()),
            source,
        });
    }

    /// Adds the subscribers the journal's suppression list leaves out, with the reason.
    pub fn push_suppressed(&mut self, suppressed: &[(&super::lists::Subscriber, &Suppression)]) {
        for (s, why) in suppressed {
            let status = match why.reason {
                Reason::Unsubscribed => Status::Unsubscribed,
                Reason::HardBounce | Reason::SoftBounces => Status::Suppressed,
            };
            let date = crate::content::date::moment(&why.at);
            let mut reply = msg::suppressed_since(why.reason.label(), date);
            if let Some(detail) = &why.detail {
                reply = format!("{reply} — {detail}");
            }
            self.rows.push(Row {
                email: s.email.clone(),
                name: s.name.clone(),
                status,
                reply: Some(reply),
                attempts: 0,
                at: Some(why.at.clone()),
                source: format!("{}:{}", s.file.display(), s.line),
            });
        }
    }

    /// Adds the rows the lists set aside: unsubscribed addresses, invalid rows (the value as
    /// written, and why) and duplicates (and the row that was kept).
    pub fn push_skipped(&mut self, recipients: &super::lists::Recipients) {
        for s in &recipients.unsubscribed {
            self.rows.push(Row {
                email: s.email.clone(),
                name: s.name.clone(),
                status: Status::Unsubscribed,
                reply: None,
                attempts: 0,
                at: None,
                source: format!("{}:{}", s.file.display(), s.line),
            });
        }
        for i in &recipients.invalid {
            self.rows.push(Row {
                email: i.value.clone(),
                name: i.name.clone(),
                status: Status::Invalid,
                reply: Some(i.reason.clone()),
                attempts: 0,
                at: None,
                source: format!("{}:{}", i.file.display(), i.line),
            });
        }
        for d in &recipients.duplicates {
            self.rows.push(Row {
                email: d.row.email.clone(),
                name: d.row.name.clone(),
                status: Status::Duplicate,
                reply: Some(msg::same_address_as(&d.first)),
                attempts: 0,
                at: None,
                source: format!("{}:{}", d.row.file.display(), d.row.line),
            });
        }
    }

    /// The summary printed at the end of a run.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let total = self.rows.iter().filter(|r| !r.status.is_set_aside()).count();
        let _ = writeln!(s, "{}", msg::report_head(&self.issue, i18n::number(total), &self.server));
        if self.recovered > 0 {
            let _ = writeln!(s, "{}", msg::report_recovered(i18n::number(self.recovered)));
        }
        let statuses = [
            Status::Sent,
            Status::SentEarlier,
            Status::Failed,
            Status::Deferred,
            Status::Unknown,
            Status::NotSent,
            Status::Unsubscribed,
            Status::Suppressed,
            Status::Invalid,
            Status::Duplicate,
        ];
        for status in statuses {
            let n = self.count(status);
            if n > 0 || matches!(status, Status::Sent) {
                let _ = writeln!(s, "  {:<16} {:>7}  {}", status.label(), i18n::number(n), status.meaning());
            }
        }
        for status in [Status::Failed, Status::Deferred, Status::Unknown] {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| r.status == status).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(s, "{} :", status.label());
            for r in rows.iter().take(50) {
                let _ = writeln!(s, "  {}  {}", r.email, r.reply.as_deref().unwrap_or(""));
            }
            if rows.len() > 50 {
                let _ = writeln!(s, "{}", msg::report_more(i18n::number(rows.len() - 50)));
            }
        }
        if self.interrupted {
            let _ = writeln!(s, "{}", msg::report_interrupted());
        }
        s
    }

    /// Writes the CSV report in `dir` and returns its path.
    pub fn write_csv(&self, dir: &Path, slug: &str) -> Result<PathBuf, Diagnostic> {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let path = dir.join(format!("rapport-{slug}-{stamp}.csv"));
        let fail = |e: &dyn std::fmt::Display| Diagnostic::error(msg::cannot_write(path.display(), e));
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        {
            let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut bytes);
            w.write_record(["courriel", "nom", "statut", "réponse du serveur", "tentatives", "date", "source"])
                .map_err(|e| fail(&e))?;
            for r in &self.rows {
                let attempts = r.attempts.to_string();
                w.write_record([
                    r.email.as_str(),
                    r.name.as_deref().unwrap_or(""),
                    r.status.label_fr(),
                    r.reply.as_deref().unwrap_or(""),
                    attempts.as_str(),
                    &r.at.as_deref().map(spreadsheet_time).unwrap_or_default(),
                    r.source.as_str(),
                ])
                .map_err(|e| fail(&e))?;
            }
            w.flush().map_err(|e| fail(&e))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
        std::fs::write(&path, &bytes).map_err(|e| fail(&e))?;
        Ok(path)
    }
}

/// A journal time (RFC 3339, UTC) as the local time spreadsheet software reads as a date and
/// time: `2020-05-13 09:41:07`. A time that does not parse is kept as it is.
pub(crate) fn spreadsheet_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S").to_string(),
        Err(_) => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_time;

    #[test]
    fn journal_times_become_local_spreadsheet_times() {
        let utc = "2020-05-13T07:41:07.250Z";
        let local = chrono::DateTime::parse_from_rfc3339(utc).unwrap().with_timezone(&chrono::Local);
        assert_eq!(spreadsheet_time(utc), local.format("%Y-%m-%d %H:%M:%S").to_string());
        assert_eq!(spreadsheet_time(utc).len(), "2020-05-13 09:41:07".len());
        assert_eq!(spreadsheet_time("hier"), "hier");
    }
}
