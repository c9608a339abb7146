//! `covidactu journal`: what the send journal recorded; the suppressed addresses as a CSV
//! file; lifting one.

use crate::cli::JournalArgs;
use covidactu::content::Config;
use covidactu::error::Diagnostics;
use covidactu::i18n::msg;
use covidactu::mailing::{self, suppression_list};
use std::process::ExitCode;

pub(crate) fn run(args: JournalArgs) -> Result<ExitCode, Diagnostics> {
    if args.suppressions {
        let config = Config::load(&args.root)?;
        let (summary, path) = suppression_list::write_csv(&args.root, &config)?;
        println!("{summary}");
        println!("{}", msg::suppressions_written(path.display()));
    } else if let Some(address) = &args.unsuppress {
        let config = Config::load(&args.root)?;
        println!("{}", suppression_list::lift(&args.root, &config, address)?);
    } else {
        print!("{}", mailing::status(&args.root, args.issue.as_deref())?);
    }
    Ok(ExitCode::SUCCESS)
}
