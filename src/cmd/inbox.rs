//! `covidactu inbox`: reads the CPTS mailbox, suppresses the addresses of bounces and
//! unsubscribe requests, and reports.

use crate::cli::InboxArgs;
use covidactu::content::Config;
use covidactu::error::Diagnostics;
use covidactu::i18n::{self, msg};
use covidactu::mailing::{imap, inbox};
use std::io::IsTerminal;
use std::process::ExitCode;

pub(crate) fn run(args: InboxArgs) -> Result<ExitCode, Diagnostics> {
    let config = Config::load(&args.root)?;
    let url = args.imap.clone().or_else(|| std::env::var(imap::URL_ENV).ok().filter(|u| !u.is_empty()));
    let server = imap::Server::resolve(&config.mailing.imap, url.as_deref(), &args.root)?;
    let request = inbox::Request { root: &args.root, config: &config, server: &server, dry_run: args.dry_run };
    let on_terminal = std::io::stderr().is_terminal();
    let report = inbox::run(&request, |done, total| {
        if on_terminal {
            eprint!("\r{}", msg::progress_count_messages(i18n::number(done), i18n::number(total)));
        }
    })?;
    if on_terminal {
        eprintln!();
    }
    print!("{}", report.summary());
    println!("{}", msg::report_written(report.csv.display()));
    Ok(ExitCode::SUCCESS)
}
