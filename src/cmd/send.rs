//! `covidactu send`: the email edition to every address of the lists, once, with a journal
//! that survives a crash; or a dry run, or one test copy.

use super::Terminal;
use crate::cli::SendArgs;
use covidactu::build::{self, BuildOptions};
use covidactu::email;
use covidactu::error::{Diagnostic, Diagnostics};
use covidactu::i18n::msg;
use covidactu::mailing::{self, journal::Policy, lists, progress::Progress, send::Settings, smtp};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub(crate) fn run(args: SendArgs, term: Terminal) -> Result<ExitCode, Diagnostics> {
    let (site, theme, warnings) = build::load(&BuildOptions::new(&args.root), None)?;
    term.report(&warnings, None);
    let page = email::find_issue(&site, &args.issue)?;
    let mailing = mailing::Mailing::new(&site, &theme, page, &args.root)?;
    let server = if args.dry_run {
        None
    } else {
        let url = args.smtp.clone().or_else(|| std::env::var(smtp::URL_ENV).ok().filter(|u| !u.is_empty()));
        Some(smtp::Server::resolve(&site.config.mailing.smtp, url.as_deref(), &args.root)?)
    };
    if let (Some(server), Some(address)) = (&server, &args.test) {
        let reply = mailing::send_test(&mailing, server, address)?;
        println!("{}", msg::test_copy_sent(page.doc.reference(), address, server, reply));
        return Ok(ExitCode::SUCCESS);
    }
    let (recipients, warnings) = lists::load_for(&site.config, &args.lists, &args.root, args.strict)?;
    term.report(&warnings, None);
    let Some(server) = server else {
        let run = mailing::dry_run(&mailing, &recipients, &args.root)?;
        println!("{}", run.summary(&page.doc.reference(), &recipients));
        return Ok(ExitCode::SUCCESS);
    };

    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            eprintln!("\n{}", msg::stopped_at_once());
            std::process::exit(130);
        }
        eprintln!("\n{}", msg::stopping());
    })
    .map_err(|e| Diagnostic::error(msg::cannot_handle_ctrl_c(e)))?;

    let request = mailing::Request {
        root: &args.root,
        mailing: &mailing,
        recipients: &recipients,
        server: &server,
        policy: Policy { force: args.force, retry_failed: args.retry_failed },
        settings: Settings::new(&site.config.mailing.smtp, args.connections, args.rate),
        stop: &stop,
    };
    let progress = Progress::new(std::io::stderr().is_terminal());
    let result = mailing::send(&request, |e| progress.event(&e), |n| progress.start(n));
    progress.finish();
    let report = result?;
    print!("{}", report.summary());
    let csv = report.write_csv(&mailing::state_dir(&args.root), &page.doc.slug)?;
    println!("{}", msg::report_written(csv.display()));
    Ok(if report.interrupted {
        ExitCode::from(130)
    } else if report.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
