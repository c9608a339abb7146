//! Progress of a send: a bar on a terminal (indicatif), plain lines otherwise (a log file, a
//! scheduled task), and every failure as it happens.

use super::journal::State;
use super::send::Event;
use crate::i18n::{self, msg};
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Shows the progress of one run on standard error.
pub struct Progress {
    bar: Option<ProgressBar>,
    total: AtomicUsize,
    done: AtomicUsize,
}

impl Progress {
    /// A bar when `terminal`, lines otherwise.
    pub fn new(terminal: bool) -> Self {
        let bar = terminal.then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(&msg::progress_bar())
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .with_key("rate", |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0}/s", s.per_sec());
                    }),
            );
            bar
        });
        Progress { bar, total: AtomicUsize::new(0), done: AtomicUsize::new(0) }
    }

    /// The run starts with `total` messages to send.
    pub fn start(&self, total: usize) {
        self.total.store(total, Ordering::SeqCst);
        match &self.bar {
            Some(bar) => bar.set_length(total as u64),
            None => eprintln!("{}", msg::progress_start(i18n::number(total))),
        }
    }

    /// One message has an outcome (or will be retried).
    pub fn event(&self, e: &Event) {
        let line = match (e.state, e.retrying) {
            (State::Sent, _) => None,
            (_, true) => Some(msg::progress_retrying(&e.email, &e.reply)),
            (state, false) => Some(msg::progress_outcome(state.label(), &e.email, &e.reply)),
        };
        let finished = !e.retrying;
        let done =
            if finished { self.done.fetch_add(1, Ordering::SeqCst) + 1 } else { self.done.load(Ordering::SeqCst) };
        let total = self.total.load(Ordering::SeqCst);
        match &self.bar {
            Some(bar) => {
                if let Some(line) = line {
                    bar.println(line);
                }
                if finished {
                    bar.inc(1);
                }
            }
            None => {
                if let Some(line) = line {
                    eprintln!("{line}");
                }
                let step = (total / 10).max(100);
                if finished && (done % step == 0 || done == total) {
                    eprintln!("{}", msg::progress_count(i18n::number(done), i18n::number(total)));
                }
            }
        }
    }

    /// Clears the bar before the report is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
