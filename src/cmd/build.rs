//! `covidactu build`: the site into its output folder, replaced only when everything succeeded.

use super::{Terminal, MAX_WARNINGS};
use crate::cli::BuildArgs;
use covidactu::build::{self, BuildOptions};
use covidactu::content::Drafts;
use covidactu::error::Diagnostics;
use covidactu::i18n::msg;
use std::process::ExitCode;

pub(crate) fn run(args: BuildArgs, term: Terminal) -> Result<ExitCode, Diagnostics> {
    let mut opts = BuildOptions::new(&args.root);
    if let Some(out) = args.out {
        opts.out = out;
    }
    opts.drafts = Drafts::from_flag(args.drafts);
    opts.base_url = args.base_url;
    opts.relative_urls = args.relative.then_some(true);
    match build::build(&opts) {
        Ok(summary) => {
            term.report(&summary.warnings, Some(MAX_WARNINGS));
            println!("{}", summary.line(&opts.out));
            Ok(ExitCode::SUCCESS)
        }
        Err(diags) => {
            term.report(&diags, Some(MAX_WARNINGS));
            if covidactu::output::unfinished_commit(&opts.out) {
                eprintln!("{}", msg::build_failed_partly(opts.out.display()));
            } else {
                eprintln!("{}", msg::build_failed(opts.out.display()));
            }
            Ok(ExitCode::FAILURE)
        }
    }
}
