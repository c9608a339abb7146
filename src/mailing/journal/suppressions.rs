//! The addresses `send` must not write to any more, and why: a hard bounce, soft bounces on
//! three consecutive issues, or an unsubscribe request, each with its date and the
//! `Message-ID` of the message that told us. Bounces are also recorded against the issue's
//! message. Every suppression and every lift is kept in an event log. Recording the same
//! bounce or request twice changes nothing: reading the mailbox again is safe.

use super::{db_error, now, Journal};
use crate::error::Diagnostic;
use crate::i18n::msg;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Soft bounces on this many consecutive issues suppress an address.
pub(crate) const SOFT_BOUNCES_IN_A_ROW: usize = 3;

pub(super) fn create_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS bounces (
           source TEXT NOT NULL,
           address TEXT NOT NULL,
           issue TEXT,
           status TEXT NOT NULL,
           hard INTEGER NOT NULL,
           diagnostic TEXT,
           at TEXT NOT NULL,
           PRIMARY KEY (source, address)
         );
         CREATE TABLE IF NOT EXISTS suppressions (
           address TEXT PRIMARY KEY,
           reason TEXT NOT NULL,
           detail TEXT,
           source TEXT,
           issue TEXT,
           at TEXT NOT NULL
         );
         CREATE TABLE IF NOT EXISTS suppression_events (
           id INTEGER PRIMARY KEY,
           address TEXT NOT NULL,
           at TEXT NOT NULL,
           action TEXT NOT NULL,
           reason TEXT,
           source TEXT
         );
         CREATE INDEX IF NOT EXISTS messages_by_id ON messages (message_id);
         CREATE INDEX IF NOT EXISTS messages_by_address ON messages (address);",
    )
}

/// Why an address is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The person asked to leave.
    Unsubscribed,
    /// The address does not exist (5.1.1…).
    HardBounce,
    /// Soft bounces on three consecutive issues.
    SoftBounces,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::Unsubscribed => "unsubscribed",
            Reason::HardBounce => "hard_bounce",
            Reason::SoftBounces => "soft_bounces",
        }
    }

    fn parse(s: &str) -> Reason {
        match s {
            "hard_bounce" => Reason::HardBounce,
            "soft_bounces" => Reason::SoftBounces,
            _ => Reason::Unsubscribed,
        }
    }

    /// As the terminal says it, in the current language.
    pub fn label(self) -> String {
        match self {
            Reason::Unsubscribed => msg::reason_unsubscribed(),
            Reason::HardBounce => msg::reason_hard_bounce(),
            Reason::SoftBounces => msg::reason_soft_bounces(SOFT_BOUNCES_IN_A_ROW),
        }
    }

    /// As the CSV files say it, always in French (the spreadsheets of the coordinator).
    pub fn label_fr(self) -> &'static str {
        match self {
            Reason::Unsubscribed => "désinscription",
            Reason::HardBounce => "adresse inexistante",
            Reason::SoftBounces => "échecs répétés",
        }
    }
}

/// One suppressed address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Lowercase.
    pub address: String,
    pub reason: Reason,
    /// The server's words, or the request's subject.
    pub detail: Option<String>,
    /// The `Message-ID` of the bounce or request.
    pub source: Option<String>,
    /// The issue the bounce returned, when known.
    pub issue: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
}

/// A bounce to record.
#[derive(Debug, Clone)]
pub struct BounceRecord<'a> {
    /// The bounce's `Message-ID` (or another stable name of it).
    pub source: &'a str,
    /// Lowercase.
    pub address: &'a str,
    /// The issue whose message came back, when the bounce says which.
    pub issue: Option<&'a str>,
    pub status: &'a str,
    pub hard: bool,
    pub diagnostic: &'a str,
}

/// One bounce of an issue, as `journal` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounced {
    pub address: String,
    pub status: String,
    pub hard: bool,
    pub diagnostic: String,
    pub at: String,
}

fn row_suppression(r: &rusqlite::Row<'_>) -> rusqlite::Result<Suppression> {
    Ok(Suppression {
        address: r.get(0)?,
        reason: Reason::parse(&r.get::<_, String>(1)?),
        detail: r.get(2)?,
        source: r.get(3)?,
        issue: r.get(4)?,
        at: r.get(5)?,
    })
}

impl Journal {
    /// The issue and recipient of the message this journal sent with one of `message_ids`.
    pub fn sent_message(&self, message_ids: &[String]) -> Result<Option<(String, String)>, Diagnostic> {
        let err = db_error(&self.path);
        let mut stmt = self.conn.prepare("SELECT issue, address FROM messages WHERE message_id = ?1").map_err(&err)?;
        for id in message_ids {
            let found = stmt.query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(&err)?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Whether this journal ever queued a message to `address` (lowercase).
    pub fn knows(&self, address: &str) -> Result<bool, Diagnostic> {
        self.conn
            .query_row("SELECT 1 FROM messages WHERE address = ?1 LIMIT 1", params![address], |_| Ok(()))
            .optional()
            .map(|f| f.is_some())
            .map_err(db_error(&self.path))
    }

    /// Records a bounce, once per bounce and address, and suppresses the address when it
    /// must be. Returns whether the bounce was new, and the suppression it caused.
    pub fn record_bounce(&mut self, b: &BounceRecord<'_>) -> Result<(bool, Option<Suppression>), Diagnostic> {
        let at = now();
        let path = self.path.clone();
        let err = db_error(&path);
        let tx = self.conn.transaction().map_err(&err)?;
        let new = tx
            .execute(
                "INSERT OR IGNORE INTO bounces (source, address, issue, status, hard, diagnostic, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![b.source, b.address, b.issue, b.status, b.hard, b.diagnostic, at],
            )
            .map_err(&err)?
            == 1;
        if new {
            if let Some(issue) = b.issue {
                let reply = format!("{} {}", b.status, b.diagnostic);
                tx.execute(
                    "INSERT INTO events (issue, address, at, state, reply) VALUES (?1, ?2, ?3, 'bounced', ?4)",
                    params![issue, b.address, at, reply.trim()],
                )
                .map_err(&err)?;
            }
        }
        let reason = if b.hard {
            Some(Reason::HardBounce)
        } else if soft_bounces_in_a_row(&tx, b.address).map_err(&err)? >= SOFT_BOUNCES_IN_A_ROW {
            Some(Reason::SoftBounces)
        } else {
            None
        };
        let detail = format!("{} {}", b.status, b.diagnostic);
        let caused = match reason {
            Some(reason) => {
                suppress(&tx, b.address, reason, Some(detail.trim()), Some(b.source), b.issue, &at).map_err(&err)?
            }
            None => None,
        };
        tx.commit().map_err(&err)?;
        Ok((new, caused))
    }

    /// Suppresses `address` (lowercase) at its owner's request. Returns the new suppression,
    /// or None when the address already was.
    pub fn record_unsubscribe(
        &mut self,
        address: &str,
        source: &str,
        detail: &str,
    ) -> Result<Option<Suppression>, Diagnostic> {
        let at = now();
        let path = self.path.clone();
        let err = db_error(&path);
        let tx = self.conn.transaction().map_err(&err)?;
        let caused =
            suppress(&tx, address, Reason::Unsubscribed, Some(detail), Some(source), None, &at).map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(caused)
    }

    /// Every suppressed address, oldest first.
    pub fn suppressions(&self) -> Result<Vec<Suppression>, Diagnostic> {
        let err = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT address, reason, detail, source, issue, at FROM suppressions ORDER BY at, address")
            .map_err(&err)?;
        let rows = stmt.query_map([], row_suppression).map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }

    /// The suppressed addresses, by address.
    pub fn suppressed(&self) -> Result<HashMap<String, Suppression>, Diagnostic> {
        Ok(self.suppressions()?.into_iter().map(|s| (s.address.clone(), s)).collect())
    }

    /// Lifts the suppression of `address` (lowercase), recorded in the event log. Soft
    /// bounces before the lift no longer count. Returns what was lifted.
    pub fn unsuppress(&mut self, address: &str) -> Result<Option<Suppression>, Diagnostic> {
        let at = now();
        let path = self.path.clone();
        let err = db_error(&path);
        let tx = self.conn.transaction().map_err(&err)?;
        let lifted = tx
            .query_row(
                "SELECT address, reason, detail, source, issue, at FROM suppressions WHERE address = ?1",
                params![address],
                row_suppression,
            )
            .optional()
            .map_err(&err)?;
        if let Some(s) = &lifted {
            tx.execute("DELETE FROM suppressions WHERE address = ?1", params![address]).map_err(&err)?;
            tx.execute(
                "INSERT INTO suppression_events (address, at, action, reason, source) VALUES (?1, ?2, 'lifted', ?3, NULL)",
                params![address, at, s.reason.as_str()],
            )
            .map_err(&err)?;
        }
        tx.commit().map_err(&err)?;
        Ok(lifted)
    }

    /// The bounces recorded against the messages of `issue`.
    pub fn bounces(&self, issue: &str) -> Result<Vec<Bounced>, Diagnostic> {
        let err = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT address, status, hard, COALESCE(diagnostic, ''), at FROM bounces
                 WHERE issue = ?1 ORDER BY at, address",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![issue], |r| {
                Ok(Bounced {
                    address: r.get(0)?,
                    status: r.get(1)?,
                    hard: r.get(2)?,
                    diagnostic: r.get(3)?,
                    at: r.get(4)?,
                })
            })
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }

    /// A copy of the journal, for a dry run: what a run would record, recorded elsewhere.
    pub fn scratch_copy(&self, into: &std::path::Path) -> Result<Journal, Diagnostic> {
        let target = into.join(super::FILE);
        self.conn.execute("VACUUM INTO ?1", params![target.to_string_lossy()]).map_err(db_error(&self.path))?;
        Journal::open(into)
    }
}

/// How many of the last issues sent to `address` came back with a bounce, counting back
/// from the latest and stopping at the first that did not (or at the last lift).
fn soft_bounces_in_a_row(conn: &Connection, address: &str) -> rusqlite::Result<usize> {
    let lifted: Option<String> = conn.query_row(
        "SELECT MAX(at) FROM suppression_events WHERE address = ?1 AND action = 'lifted'",
        params![address],
        |r| r.get(0),
    )?;
    let lifted = lifted.unwrap_or_default();
    let mut issues = conn.prepare(
        "SELECT issue FROM messages WHERE address = ?1 AND state IN ('sent', 'unknown')
         ORDER BY created_at DESC, rowid DESC LIMIT ?2",
    )?;
    let issues: Vec<String> =
        issues.query_map(params![address, SOFT_BOUNCES_IN_A_ROW as i64], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut bounced = conn.prepare("SELECT 1 FROM bounces WHERE address = ?1 AND issue = ?2 AND at > ?3 LIMIT 1")?;
    let mut n = 0;
    for issue in issues {
        if !bounced.exists(params![address, issue, lifted])? {
            break;
        }
        n += 1;
    }
    Ok(n)
}

/// Adds `address` to the suppressions unless it is there already; returns the new one.
fn suppress(
    conn: &Connection,
    address: &str,
    reason: Reason,
    detail: Option<&str>,
    source: Option<&str>,
    issue: Option<&str>,
    at: &str,
) -> rusqlite::Result<Option<Suppression>> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO suppressions (address, reason, detail, source, issue, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![address, reason.as_str(), detail, source, issue, at],
    )?;
    if added == 0 {
        return Ok(None);
    }
    conn.execute(
        "INSERT INTO suppression_events (address, at, action, reason, source) VALUES (?1, ?2, 'suppressed', ?3, ?4)",
        params![address, at, reason.as_str(), source],
    )?;
    Ok(Some(Suppression {
        address: address.to_owned(),
        reason,
        detail: detail.map(str::to_owned),
        source: source.map(str::to_owned),
        issue: issue.map(str::to_owned),
        at: at.to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::{Policy, State};
    use super::*;

    fn sent(j: &mut Journal, issue: &str, address: &str) {
        j.enqueue(issue, &[(address.into(), address.into(), None)], Policy::default()).unwrap();
        let id = format!("<{issue}.{address}>");
        j.record(issue, address, State::Sent, Some("250 OK"), Some(&id), true).unwrap();
    }

    fn soft<'a>(source: &'a str, issue: &'a str) -> BounceRecord<'a> {
        BounceRecord { source, address: "p@x.fr", issue: Some(issue), status: "4.2.2", hard: false, diagnostic: "full" }
    }

    #[test]
    fn a_hard_bounce_suppresses_at_once_and_twice_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path()).unwrap();
        sent(&mut j, "numeros/n1", "p@x.fr");
        assert_eq!(
            j.sent_message(&["<other>".into(), "<numeros/n1.p@x.fr>".into()]).unwrap(),
            Some(("numeros/n1".into(), "p@x.fr".into()))
        );
        let b = BounceRecord {
            source: "<b1@mx>",
            address: "p@x.fr",
            issue: Some("numeros/n1"),
            status: "5.1.1",
            hard: true,
            diagnostic: "550 User unknown",
        };
        let (new, caused) = j.record_bounce(&b).unwrap();
        assert!(new);
        let s = caused.unwrap();
        assert_eq!((s.reason, s.detail.as_deref()), (Reason::HardBounce, Some("5.1.1 550 User unknown")));
        assert_eq!(j.record_bounce(&b).unwrap(), (false, None));
        assert_eq!(j.suppressions().unwrap().len(), 1);
        assert_eq!(j.bounces("numeros/n1").unwrap().len(), 1);
    }

    #[test]
    fn soft_bounces_suppress_after_three_issues_in_a_row_counted_again_after_a_lift() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path()).unwrap();
        for n in 1..=4 {
            sent(&mut j, &format!("numeros/n{n}"), "p@x.fr");
        }
        // n1 bounced, n2 did not: the run starts again at n3.
        assert_eq!(j.record_bounce(&soft("<s1>", "numeros/n1")).unwrap().1, None);
        assert_eq!(j.record_bounce(&soft("<s3>", "numeros/n3")).unwrap().1, None);
        assert_eq!(j.record_bounce(&soft("<s4>", "numeros/n4")).unwrap().1, None);
        sent(&mut j, "numeros/n5", "p@x.fr");
        let caused = j.record_bounce(&soft("<s5>", "numeros/n5")).unwrap().1.unwrap();
        assert_eq!(caused.reason, Reason::SoftBounces);

        assert!(j.unsuppress("p@x.fr").unwrap().is_some());
        assert!(j.unsuppress("p@x.fr").unwrap().is_none());
        sent(&mut j, "numeros/n6", "p@x.fr");
        assert_eq!(j.record_bounce(&soft("<s6>", "numeros/n6")).unwrap().1, None, "older bounces were lifted");
        assert!(j.suppressed().unwrap().is_empty());
    }

    #[test]
    fn an_unsubscribe_is_recorded_once_and_a_scratch_copy_leaves_the_journal_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path()).unwrap();
        assert!(j.record_unsubscribe("p@x.fr", "<u1>", "STOP").unwrap().is_some());
        assert!(j.record_unsubscribe("p@x.fr", "<u1>", "STOP").unwrap().is_none());
        let scratch = tempfile::tempdir().unwrap();
        let mut copy = j.scratch_copy(scratch.path()).unwrap();
        assert!(copy.record_unsubscribe("q@x.fr", "<u2>", "STOP").unwrap().is_some());
        assert_eq!(copy.suppressions().unwrap().len(), 2);
        assert_eq!(j.suppressions().unwrap().len(), 1);
    }
}
