//! `covidactu init`: a new site with one example of each kind.

use crate::cli::InitArgs;
use covidactu::content::Date;
use covidactu::error::Diagnostics;
use covidactu::i18n::msg;
use covidactu::scaffold;
use std::process::ExitCode;

pub(crate) fn run(args: InitArgs) -> Result<ExitCode, Diagnostics> {
    scaffold::init(&args.dir, Date::today())?;
    // The folder as it must be typed: quoted when it holds a space (bash, PowerShell and cmd
    // all read double quotes).
    let dir = args.dir.display().to_string();
    let arg = if dir.contains(char::is_whitespace) { format!("\"{dir}\"") } else { dir.clone() };
    println!("{}", msg::site_created(&dir, arg));
    Ok(ExitCode::SUCCESS)
}
