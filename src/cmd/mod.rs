//! One module per command: `run` takes the command's parsed arguments, does the work through
//! the library and prints what the user reads; the errors it returns are printed by `main`.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod email;
pub(crate) mod inbox;
pub(crate) mod init;
pub(crate) mod journal;
pub(crate) mod new;
pub(crate) mod publish;
pub(crate) mod send;
pub(crate) mod serve;

use covidactu::error::Diagnostics;
use std::io::IsTerminal;

/// Warnings shown by commands that refer to `check` for the rest.
pub(crate) const MAX_WARNINGS: usize = 20;

/// How this run prints diagnostics: in colour on a terminal, plain in a pipe or with `NO_COLOR`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Terminal {
    pub color: bool,
}

impl Terminal {
    pub(crate) fn detect() -> Self {
        let wanted = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        // A Windows console shows colours only once asked to read escape sequences; where it
        // cannot, the text stays plain rather than strewn with codes. Elsewhere: None.
        Terminal { color: wanted && anstyle_query::windows::enable_ansi_colors().unwrap_or(true) }
    }

    /// Prints `diags` on standard error, at most `max` warnings of them.
    pub(crate) fn report(self, diags: &Diagnostics, max: Option<usize>) {
        if !diags.is_empty() {
            eprint!("{}", diags.render(self.color, max));
        }
    }
}
