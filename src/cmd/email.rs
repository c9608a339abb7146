//! `covidactu email`: the email edition of an issue written for preview.

use super::Terminal;
use crate::cli::EmailArgs;
use covidactu::build::{self, BuildOptions};
use covidactu::email;
use covidactu::error::Diagnostics;
use covidactu::i18n::msg;
use std::process::ExitCode;

pub(crate) fn run(args: EmailArgs, term: Terminal) -> Result<ExitCode, Diagnostics> {
    let out = args.out.unwrap_or_else(|| args.root.join(".covidactu").join("email"));
    let (site, theme, warnings) = build::load(&BuildOptions::new(&args.root), None)?;
    term.report(&warnings, None);
    let page = email::find_issue(&site, &args.issue)?;
    for file in email::write_preview(&site, &theme, page, &out)? {
        println!("{}", msg::wrote(file.display()));
    }
    Ok(ExitCode::SUCCESS)
}
