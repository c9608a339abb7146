//! One module per command: `run` takes the command's parsed arguments, does the work through
//! the library and prints what the user reads; the errors it returns are printed by `main`.

pub mod build;
pub mod check;
pub mod email;
pub mod inbox;
pub mod init;
pub mod journal;
pub mod new;
pub mod send;
pub mod serve;

use covidactu::error::Diagnostics;
use std::io::IsTerminal;

/// Warnings shown by commands that refer to `check` for the rest.
pub const MAX_WARNINGS: usize = 20;

/// How this run prints diagnostics: in colour on a terminal, plain in a pipe or with `NO_COLOR`.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub color: bool,
}

impl Terminal {
    pub fn detect() -> Self {
        Terminal { color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() }
    }

    /// Prints `diags` on standard error, at most `max` warnings of them.
    pub fn report(self, diags: &Diagnostics, max: Option<usize>) {
        if !diags.is_empty() {
            eprint!("{}", diags.render(self.color, max));
        }
    }
}
