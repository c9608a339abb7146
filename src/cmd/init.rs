//! `covidactu init`: a new site with one example of each kind.

use crate::cli::InitArgs;
use covidactu::error::Diagnostics;
use covidactu::i18n::msg;
use covidactu::scaffold;
use std::process::ExitCode;

pub fn run(args: InitArgs) -> Result<ExitCode, Diagnostics> {
    scaffold::init(&args.dir)?;
    println!("{}", msg::site_created(args.dir.display()));
    Ok(ExitCode::SUCCESS)
}
