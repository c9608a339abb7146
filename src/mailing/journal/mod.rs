//! The send journal: one SQLite database in the site's `.covidactu/` folder recording, per
//! issue and recipient, the state of the message, the server's last reply, the attempts and
//! timestamps, and every change in an event log. Each change is committed before the next
//! step, so a send killed at any moment is resumed by the next run without sending anything
//! twice: a message marked `sending` when the process died had been handed to the server,
//! and becomes `unknown`.

mod suppressions;

pub use suppressions::{BounceRecord, Reason, Suppression};

use crate::error::Diagnostic;
use crate::i18n::msg;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The journal's file name inside the state folder.
pub const FILE: &str = "journal.sqlite";

/// The state of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Not sent yet.
    Pending,
    /// Handed to the server; its reply not recorded yet.
    Sending,
    Sent,
    /// Refused for good (5xx).
    Failed,
    /// Refused for now, retries used up: the next run tries again.
    Deferred,
    /// Transmitted without a reply, or interrupted while in the server's hands.
    Unknown,
}

impl State {
    pub const ALL: [State; 6] =
        [State::Sent, State::Failed, State::Deferred, State::Unknown, State::Pending, State::Sending];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Failed => "failed",
            State::Deferred => "deferred",
            State::Unknown => "unknown",
        }
    }

    /// The state as the terminal says it, in the current language.
    pub fn label(self) -> String {
        match self {
            State::Pending => msg::state_pending(),
            State::Sending => msg::state_sending(),
            State::Sent => msg::state_sent(),
            State::Failed => msg::state_failed(),
            State::Deferred => msg::state_deferred(),
            State::Unknown => msg::state_unknown(),
        }
    }

    fn parse(s: &str) -> State {
        match s {
            "sending" => State::Sending,
            "sent" => State::Sent,
            "failed" => State::Failed,
            "deferred" => State::Deferred,
            "unknown" => State::Unknown,
            _ => State::Pending,
        }
    }
}

/// One recipient's line of the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The address as the list wrote it.
    pub email: String,
    pub name: Option<String>,
    pub state: State,
    /// The server's last reply, or what went wrong.
    pub reply: Option<String>,
    pub attempts: u32,
    pub message_id: Option<String>,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What to do with recipients the journal already knows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// Send again even to those already sent.
    pub force: bool,
    /// Send again to those that failed for good or whose fate is unknown.
    pub retry_failed: bool,
}

/// The journal, open. Not shared between threads: wrap it in a mutex.
pub struct Journal {
    conn: Connection,
    path: PathBuf,
}

/// An exclusive claim on the state folder: two sends at once would both send.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock of `dir`, or says another send is running.
    pub fn take(dir: &Path) -> Result<Lock, Diagnostic> {
        std::fs::create_dir_all(dir).map_err(|e| Diagnostic::error(msg::cannot_create(dir.display(), e)))?;
        let path = dir.join("send.lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Diagnostic::error(msg::cannot_open(path.display(), e)))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(_) => Err(Diagnostic::error(msg::send_running()).with_help(msg::send_running_help())),
        }
    }
}

pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(super) fn db_error(path: &Path) -> impl Fn(rusqlite::Error) -> Diagnostic + '_ {
    move |e| Diagnostic::error(msg::journal_error(path.display(), e))
}

impl Journal {
    /// Opens (creating if needed) the journal in `dir`.
    pub fn open(dir: &Path) -> Result<Journal, Diagnostic> {
        std::fs::create_dir_all(dir).map_err(|e| Diagnostic::error(msg::cannot_create(dir.display(), e)))?;
        Self::open_file(dir.join(FILE))
    }

    /// Opens the journal of `dir` only if it exists.
    pub fn open_existing(dir: &Path) -> Result<Option<Journal>, Diagnostic> {
        let path = dir.join(FILE);
        if !path.exists() {
            return Ok(None);
        }
        Self::open_file(path).map(Some)
    }

    fn open_file(path: PathBuf) -> Result<Journal, Diagnostic> {
        let err = db_error(&path);
        let conn = Connection::open(&path).map_err(&err)?;
        // WAL with synchronous=FULL: every commit is on disk before the next SMTP step.
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             PRAGMA synchronous=FULL;
             PRAGMA busy_timeout=5000;
             PRAGMA cache_size=-512;
             CREATE TABLE IF NOT EXISTS messages (
               issue TEXT NOT NULL,
               address TEXT NOT NULL,
               email TEXT NOT NULL,
               name TEXT,
               state TEXT NOT NULL,
               reply TEXT,
               attempts INTEGER NOT NULL DEFAULT 0,
               message_id TEXT,
               created_at TEXT NOT NULL,
               updated_at TEXT NOT NULL,
               PRIMARY KEY (issue, address)
             );
             CREATE TABLE IF NOT EXISTS events (
               id INTEGER PRIMARY KEY,
               issue TEXT NOT NULL,
               address TEXT NOT NULL,
               at TEXT NOT NULL,
               state TEXT NOT NULL,
               reply TEXT
             );",
        )
        .map_err(&err)?;
        suppressions::create_tables(&conn).map_err(&err)?;
        drop(err);
        Ok(Journal { conn, path })
    }

    /// After a crash: messages left `sending` were in the server's hands; their fate is unknown.
    pub fn recover(&mut self, issue: &str) -> Result<usize, Diagnostic> {
        let at = now();
        let tx = self.conn.transaction().map_err(db_error(&self.path))?;
        let n = {
            tx.execute(
                "INSERT INTO events (issue, address, at, state, reply)
                 SELECT issue, address, ?2, 'unknown', 'interrupted while the server had the message'
                 FROM messages WHERE issue = ?1 AND state = 'sending'",
                params![issue, at],
            )
            .map_err(db_error(&self.path))?;
            tx.execute(
                "UPDATE messages SET state = 'unknown', updated_at = ?2,
                   reply = 'interrupted while the server had the message; it may have been delivered'
                 WHERE issue = ?1 AND state = 'sending'",
                params![issue, at],
            )
            .map_err(db_error(&self.path))?
        };
        tx.commit().map_err(db_error(&self.path))?;
        Ok(n)
    }

    /// Records the recipients of this run and returns, for each, whether to send now and the
    /// state the journal had before (None for a new address). `recipients` are
    /// (comparison key, address as written, name).
    pub fn enqueue(
        &mut self,
        issue: &str,
        recipients: &[(String, String, Option<String>)],
        policy: Policy,
    ) -> Result<Vec<(bool, Option<State>)>, Diagnostic> {
        let at = now();
        let path = self.path.clone();
        let err = db_error(&path);
        let known = self.states(issue)?;
        let tx = self.conn.transaction().map_err(&err)?;
        let mut decisions = Vec::with_capacity(recipients.len());
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO messages (issue, address, email, name, state, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)",
                )
                .map_err(&err)?;
            let mut requeue = tx
                .prepare("UPDATE messages SET state = 'pending', updated_at = ?3 WHERE issue = ?1 AND address = ?2")
                .map_err(&err)?;
            for (key, email, name) in recipients {
                let before = known.get(key).copied();
                let send = match before {
                    None => {
                        insert.execute(params![issue, key, email, name, at]).map_err(&err)?;
                        true
                    }
                    Some(State::Pending | State::Deferred) => true,
                    Some(State::Sent) => policy.force,
                    Some(State::Failed | State::Unknown) => policy.force || policy.retry_failed,
                    Some(State::Sending) => false,
                };
                if send && before.is_some_and(|s| s != State::Pending) {
                    requeue.execute(params![issue, key, at]).map_err(&err)?;
                }
                decisions.push((send, before));
            }
        }
        tx.commit().map_err(&err)?;
        Ok(decisions)
    }

    fn states(&self, issue: &str) -> Result<HashMap<String, State>, Diagnostic> {
        let err = db_error(&self.path);
        let mut stmt = self.conn.prepare("SELECT address, state FROM messages WHERE issue = ?1").map_err(&err)?;
        let rows = stmt
            .query_map(params![issue], |r| Ok((r.get::<_, String>(0)?, State::parse(&r.get::<_, String>(1)?))))
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }

    /// Records a new state of one message (and one more attempt when `attempt`).
    pub fn record(
        &mut self,
        issue: &str,
        key: &str,
        state: State,
        reply: Option<&str>,
        message_id: Option<&str>,
        attempt: bool,
    ) -> Result<(), Diagnostic> {
        let at = now();
        let path = self.path.clone();
        let err = db_error(&path);
        let tx = self.conn.transaction().map_err(&err)?;
        tx.execute(
            "UPDATE messages SET state = ?3, reply = COALESCE(?4, reply), message_id = COALESCE(?5, message_id),
               attempts = attempts + ?6, updated_at = ?7
             WHERE issue = ?1 AND address = ?2",
            params![issue, key, state.as_str(), reply, message_id, attempt as i64, at],
        )
        .map_err(&err)?;
        tx.execute(
            "INSERT INTO events (issue, address, at, state, reply) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![issue, key, at, state.as_str(), reply],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)
    }

    /// The state of one recipient.
    pub fn entry(&self, issue: &str, key: &str) -> Result<Option<Entry>, Diagnostic> {
        self.conn
            .query_row(
                "SELECT email, name, state, reply, attempts, message_id, updated_at FROM messages
                 WHERE issue = ?1 AND address = ?2",
                params![issue, key],
                row_entry,
            )
            .optional()
            .map_err(db_error(&self.path))
    }

    /// Every recipient of an issue, in the order they were first queued.
    pub fn entries(&self, issue: &str) -> Result<Vec<Entry>, Diagnostic> {
        let err = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT email, name, state, reply, attempts, message_id, updated_at FROM messages
                 WHERE issue = ?1 ORDER BY rowid",
            )
            .map_err(&err)?;
        let rows = stmt.query_map(params![issue], row_entry).map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }

    /// The issues this journal has sent, with their first and last activity.
    pub fn issues(&self) -> Result<Vec<String>, Diagnostic> {
        let err = db_error(&self.path);
        let mut stmt = self.conn.prepare("SELECT DISTINCT issue FROM messages ORDER BY issue").map_err(&err)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }
}

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        email: r.get(0)?,
        name: r.get(1)?,
        state: State::parse(&r.get::<_, String>(2)?),
        reply: r.get(3)?,
        attempts: r.get(4)?,
        message_id: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(n: usize) -> Vec<(String, String, Option<String>)> {
        (0..n).map(|i| (format!("p{i}@x.fr"), format!("P{i}@x.fr"), None)).collect()
    }

    #[test]
    fn survives_reopening_and_resumes_where_it_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path()).unwrap();
        let first = j.enqueue("numeros/n1", &people(3), Policy::default()).unwrap();
        assert!(first.iter().all(|(send, before)| *send && before.is_none()));
        j.record("numeros/n1", "p0@x.fr", State::Sent, Some("250 OK"), Some("<a@b>"), true).unwrap();
        j.record("numeros/n1", "p1@x.fr", State::Sending, None, None, true).unwrap();
        drop(j);

        let mut j = Journal::open(dir.path()).unwrap();
        assert_eq!(j.recover("numeros/n1").unwrap(), 1);
        let again = j.enqueue("numeros/n1", &people(3), Policy::default()).unwrap();
        assert_eq!(
            again,
            vec![(false, Some(State::Sent)), (false, Some(State::Unknown)), (true, Some(State::Pending))]
        );
        let retry = j.enqueue("numeros/n1", &people(3), Policy { retry_failed: true, force: false }).unwrap();
        assert_eq!(retry[1], (true, Some(State::Unknown)));
        let forced = j.enqueue("numeros/n1", &people(3), Policy { force: true, retry_failed: false }).unwrap();
        assert_eq!(forced[0], (true, Some(State::Sent)));
        let e = j.entry("numeros/n1", "p0@x.fr").unwrap().unwrap();
        assert_eq!((e.email.as_str(), e.attempts, e.state), ("P0@x.fr", 1, State::Pending));
        assert_eq!(e.message_id.as_deref(), Some("<a@b>"));
        assert_eq!(j.issues().unwrap(), vec!["numeros/n1".to_owned()]);
    }

    #[test]
    fn one_send_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let held = Lock::take(dir.path()).unwrap();
        assert!(Lock::take(dir.path()).is_err());
        drop(held);
        assert!(Lock::take(dir.path()).is_ok());
    }
}
