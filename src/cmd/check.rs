//! `covidactu check`: every validation of a build, and the warnings, without writing.

use super::Terminal;
use crate::cli::{CheckArgs, Format};
use covidactu::build::{self, BuildOptions};
use covidactu::content::Drafts;
use covidactu::error::Diagnostics;
use covidactu::i18n::msg;
use std::process::ExitCode;

pub(crate) fn run(args: CheckArgs, term: Terminal) -> Result<ExitCode, Diagnostics> {
    let mut opts = BuildOptions::new(&args.root);
    opts.drafts = Drafts::from_flag(args.drafts);
    let diags = build::check(&opts);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&diags).unwrap_or_default()),
        Format::Text if diags.is_empty() => println!("{}", msg::no_problems()),
        Format::Text => term.report(&diags, None),
    }
    Ok(if diags.has_errors() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
