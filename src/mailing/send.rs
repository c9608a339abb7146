//! The sending loop: a bounded pool of SMTP connections, each worked by one thread, sharing a
//! queue, a rate limit and the journal. Transient failures go back in the queue with a
//! doubling delay; permanent ones are recorded; a stop request (Ctrl-C) lets each thread
//! finish the message it holds and stops them all.

use super::journal::{Journal, State};
use super::smtp::{self, Outcome, Server};
use crate::error::Diagnostic;
use crate::i18n::msg;
use lettre::address::Envelope;
use lettre::transport::smtp::client::SmtpConnection;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// One message to send.
#[derive(Debug, Clone)]
pub struct Job {
    /// The journal's key (lowercase address).
    pub key: String,
    pub recipient: crate::email::Recipient,
}

/// A message ready for the wire.
pub struct Wire {
    pub envelope: Envelope,
    pub bytes: Vec<u8>,
    pub message_id: Option<String>,
}

/// How a run sends.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Connections open at once.
    pub connections: usize,
    /// Messages per minute at most.
    pub rate: Option<f64>,
    /// Further attempts after a transient failure.
    pub retries: u32,
    /// Delay before the first retry, doubled for each next one.
    pub retry_delay: Duration,
}

impl Settings {
    /// The settings of `mailing.smtp`, with the command line's `--connections` and `--rate`.
    pub fn new(config: &crate::content::config::SmtpConfig, connections: Option<usize>, rate: Option<f64>) -> Self {
        Settings {
            connections: connections.unwrap_or(config.connections).max(1),
            rate: rate.or(config.rate),
            retries: config.retries,
            retry_delay: Duration::from_secs_f64(config.retry_delay.max(0.0)),
        }
    }
}

/// What happened to one message, as the run reports it while it goes.
#[derive(Debug, Clone)]
pub struct Event {
    pub email: String,
    pub state: State,
    pub reply: String,
    /// A transient failure that will be retried.
    pub retrying: bool,
}

struct Queued {
    job: Job,
    attempt: u32,
    not_before: Instant,
}

struct Queue {
    items: VecDeque<Queued>,
    in_flight: usize,
}

/// The shared state of a run.
struct Run<'a> {
    issue: &'a str,
    server: &'a Server,
    settings: &'a Settings,
    journal: &'a Mutex<Journal>,
    stop: &'a AtomicBool,
    queue: Mutex<Queue>,
    ready: Condvar,
    next_slot: Mutex<Instant>,
    failure: Mutex<Option<Diagnostic>>,
}

/// Where and how a run sends, and the journal it records into.
pub struct Sender<'a> {
    /// The issue's reference, the journal's key.
    pub issue: &'a str,
    pub server: &'a Server,
    pub settings: &'a Settings,
    pub journal: &'a Mutex<Journal>,
    /// Set by Ctrl-C: finish the messages in flight and stop.
    pub stop: &'a AtomicBool,
}

impl Sender<'_> {
    /// Sends `jobs` over connections to the server (the first one, `first`, already open),
    /// building each message with `build` and reporting each outcome to `on_event`. Returns
    /// when every job has an outcome, or when `stop` is set (each thread finishing its message
    /// in flight), or at the first journal failure (sending without a journal would risk
    /// sending twice).
    pub fn run<B, E>(&self, first: SmtpConnection, jobs: Vec<Job>, build: B, on_event: E) -> Result<(), Diagnostic>
    where
        B: Fn(&Job) -> Result<Wire, String> + Sync,
        E: Fn(Event) + Sync,
    {
        let threads = self.settings.connections.clamp(1, jobs.len().max(1));
        let now = Instant::now();
        let run = Run {
            issue: self.issue,
            server: self.server,
            settings: self.settings,
            journal: self.journal,
            stop: self.stop,
            queue: Mutex::new(Queue {
                items: jobs.into_iter().map(|job| Queued { job, attempt: 0, not_before: now }).collect(),
                in_flight: 0,
            }),
            ready: Condvar::new(),
            next_slot: Mutex::new(now),
            failure: Mutex::new(None),
        };
        let mut first = Some(first);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let conn = first.take();
                let (run, build, on_event) = (&run, &build, &on_event);
                scope.spawn(move || worker(run, conn, build, on_event));
            }
        });
        match run.failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(d) => Err(d),
            None => Ok(()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Run<'_> {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst) || lock(&self.failure).is_some()
    }

    /// The next job whose time has come; waits for one while others are in flight or delayed.
    fn take(&self) -> Option<Queued> {
        let mut q = lock(&self.queue);
        loop {
            if self.stopping() {
                return None;
            }
            let now = Instant::now();
            if let Some(i) = q.items.iter().position(|item| item.not_before <= now) {
                let item = q.items.remove(i)?;
                q.in_flight += 1;
                return Some(item);
            }
            if q.items.is_empty() && q.in_flight == 0 {
                return None;
            }
            let wait = q
                .items
                .iter()
                .map(|item| item.not_before.saturating_duration_since(now))
                .min()
                .unwrap_or(Duration::from_millis(100))
                .min(Duration::from_millis(100));
            q = self.ready.wait_timeout(q, wait).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    fn done(&self, retry: Option<Queued>) {
        let mut q = lock(&self.queue);
        q.in_flight -= 1;
        if let Some(item) = retry {
            q.items.push_back(item);
        }
        drop(q);
        self.ready.notify_all();
    }

    /// Waits for this message's slot under the rate limit; false if asked to stop meanwhile.
    fn pace(&self) -> bool {
        let Some(rate) = self.settings.rate.filter(|r| *r > 0.0) else { return true };
        let slot = {
            let mut next = lock(&self.next_slot);
            let slot = (*next).max(Instant::now());
            *next = slot + Duration::from_secs_f64(60.0 / rate);
            slot
        };
        while Instant::now() < slot {
            if self.stopping() {
                return false;
            }
            std::thread::sleep(slot.saturating_duration_since(Instant::now()).min(Duration::from_millis(50)));
        }
        true
    }

    /// Records a state in the journal; false (and the run stops) if it cannot.
    fn record(&self, key: &str, state: State, reply: Option<&str>, message_id: Option<&str>, attempt: bool) -> bool {
        match lock(self.journal).record(self.issue, key, state, reply, message_id, attempt) {
            Ok(()) => true,
            Err(d) => {
                lock(&self.failure).get_or_insert(d);
                self.ready.notify_all();
                false
            }
        }
    }
}

fn worker<B, E>(run: &Run<'_>, mut conn: Option<SmtpConnection>, build: &B, on_event: &E)
where
    B: Fn(&Job) -> Result<Wire, String> + Sync,
    E: Fn(Event) + Sync,
{
    while let Some(item) = run.take() {
        if !run.pace() {
            run.done(Some(item));
            break;
        }
        let (outcome, message_id) = attempt(run, &mut conn, &item.job, build);
        finish(run, &item, outcome, message_id, on_event);
    }
    if let Some(mut c) = conn {
        let _ = c.quit();
    }
}

/// One delivery attempt of `job` over `conn`, (re)connecting when it is missing or broken:
/// its outcome and the Message-ID of the message built.
fn attempt<B>(run: &Run<'_>, conn: &mut Option<SmtpConnection>, job: &Job, build: &B) -> (Outcome, Option<String>)
where
    B: Fn(&Job) -> Result<Wire, String>,
{
    let wire = match build(job) {
        Ok(wire) => wire,
        Err(why) => return (Outcome::Permanent(msg::cannot_build_message(why)), None),
    };
    let c = match conn.take().filter(|c| !c.has_broken()) {
        Some(c) => conn.insert(c),
        None => match run.server.connect() {
            Ok(c) => conn.insert(c),
            Err(e) => return (Outcome::Transient(msg::cannot_connect(run.server, e)), None),
        },
    };
    let id = wire.message_id.as_deref();
    let outcome =
        smtp::deliver(c, &wire.envelope, &wire.bytes, || run.record(&job.key, State::Sending, None, id, false));
    if c.has_broken() {
        *conn = None;
    }
    (outcome, wire.message_id)
}

/// Records an outcome, queues a retry of a transient failure while attempts remain.
fn finish<E: Fn(Event)>(run: &Run<'_>, item: &Queued, outcome: Outcome, message_id: Option<String>, on_event: &E) {
    let id = message_id.as_deref();
    let (state, reply, retry) = match outcome {
        Outcome::Sent(r) => (State::Sent, r, false),
        Outcome::Permanent(r) => (State::Failed, r, false),
        Outcome::Unknown(r) => (State::Unknown, r, false),
        Outcome::Transient(r) => {
            let retry = item.attempt < run.settings.retries && !run.stopping();
            (if retry { State::Pending } else { State::Deferred }, r, retry)
        }
    };
    let _ = run.record(&item.job.key, state, Some(&reply), id, true);
    on_event(Event { email: item.job.recipient.email.clone(), state, reply, retrying: retry });
    if retry {
        let delay = run.settings.retry_delay.mul_f64(2f64.powi(item.attempt as i32));
        let next = Queued { job: item.job.clone(), attempt: item.attempt + 1, not_before: Instant::now() + delay };
        run.done(Some(next));
    } else {
        run.done(None);
    }
}
