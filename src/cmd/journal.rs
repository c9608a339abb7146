//! `covidactu journal`: what the send journal recorded.

use crate::cli::JournalArgs;
use covidactu::error::Diagnostics;
use std::process::ExitCode;

pub fn run(args: JournalArgs) -> Result<ExitCode, Diagnostics> {
    print!("{}", covidactu::mailing::status(&args.root, args.issue.as_deref())?);
    Ok(ExitCode::SUCCESS)
}
