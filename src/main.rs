//! The `covidactu` command: parses arguments, runs the library, prints diagnostics.

use clap::Parser;
use covidactu::build::{self, BuildOptions};
use covidactu::cli::{Cli, Command, Format, NewKind};
use covidactu::content::{Date, Drafts, Kind};
use covidactu::error::Diagnostics;
use covidactu::scaffold;
use covidactu::serve;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Rendering allocates many short strings on both cores at once; mimalloc serves that
/// pattern faster than glibc's allocator (see the commit that brought it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, mimalloc.h, v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For a one-off build or check: keep freed memory for reuse instead of handing it back to
/// the system a second later (mimalloc v3's default). A build frees and allocates in waves, and
/// every page handed back was zeroed again by the kernel when next touched: about a sixth
/// of a big build's CPU time. `serve` and `send` keep the default, as they run for long.
fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's global options, which it reads atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Warnings shown by `build` before it refers to `check`.
const BUILD_MAX_WARNINGS: usize = 20;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let report = |diags: &Diagnostics, max| eprint!("{}", diags.render(color, max));
    match cli.command {
        Command::Build { root, out, drafts, base_url, relative } => {
            keep_freed_memory();
            let mut opts = BuildOptions::new(&root);
            if let Some(out) = out {
                opts.out = out;
            }
            opts.drafts = Drafts::from_flag(drafts);
            opts.base_url = base_url;
            opts.relative_urls = relative.then_some(true);
            match build::build(&opts) {
                Ok(summary) => {
                    report(&summary.warnings, Some(BUILD_MAX_WARNINGS));
                    println!("{}", summary.line(&opts.out));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags, Some(BUILD_MAX_WARNINGS));
                    if covidactu::output::unfinished_commit(&opts.out) {
                        eprintln!(
                            "build failed; {} was partly replaced: the next build finishes it",
                            opts.out.display()
                        );
                    } else {
                        eprintln!("build failed; {} left as it was", opts.out.display());
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, drafts, format } => {
            keep_freed_memory();
            let mut opts = BuildOptions::new(&root);
            opts.drafts = Drafts::from_flag(drafts);
            let diags = build::check(&opts);
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&diags).unwrap_or_default()),
                Format::Text if diags.is_empty() => println!("no problems found"),
                Format::Text => report(&diags, None),
            }
            if diags.has_errors() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New { kind, title, root } => {
            let kind = match kind {
                NewKind::Numero => Kind::Issue,
                NewKind::Protocole => Kind::Protocol,
                NewKind::Synthese => Kind::Synthesis,
                NewKind::Page => Kind::Page,
            };
            match scaffold::new_file(&root, kind, &title, Date::today()) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    report(&d.into(), None);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { root, port, bind, open, drafts } => {
            if !bind.is_loopback() {
                eprintln!("warning: listening on {bind}: the site (drafts included, with --drafts) is visible from the network");
            }
            let opts = serve::ServeOptions { root, bind, port, drafts };
            let started = serve::start(opts, move |line, diags| {
                if let Some(d) = diags {
                    eprint!("{}", d.render(color, Some(BUILD_MAX_WARNINGS)));
                }
                eprintln!("{line}");
            });
            match started {
                Ok(server) => {
                    println!("serving the site at {} (Ctrl-C to stop)", server.url());
                    if open {
                        open_browser(&server.url());
                    }
                    loop {
                        std::thread::park();
                    }
                }
                Err(d) => {
                    report(&d, None);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Email { issue, root, out } => {
            let out = out.unwrap_or_else(|| root.join(".covidactu").join("email"));
            match email_preview(&root, &issue, &out) {
                Ok(files) => {
                    for f in files {
                        println!("wrote {}", f.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    report(&d, None);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Send { issue, lists, root, dry_run, strict, test, smtp, rate, connections, retry_failed, force } => {
            let args = SendArgs { issue, lists, root, strict, test, smtp, rate, connections, retry_failed, force };
            if dry_run {
                return match send_dry_run(&args) {
                    Ok((line, warnings)) => {
                        report_warnings(&warnings, color);
                        println!("{line}");
                        ExitCode::SUCCESS
                    }
                    Err(d) => {
                        report(&d, None);
                        ExitCode::FAILURE
                    }
                };
            }
            match send(&args, color) {
                Ok(code) => code,
                Err(d) => {
                    report(&d, None);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Journal { issue, root } => match covidactu::mailing::status(&root, issue.as_deref()) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(d) => {
                report(&d.into(), None);
                ExitCode::FAILURE
            }
        },
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(()) => {
                println!("created a new site in {}; try: covidactu build --root {}", dir.display(), dir.display());
                ExitCode::SUCCESS
            }
            Err(d) => {
                report(&d.into(), None);
                ExitCode::FAILURE
            }
        },
    }
}

/// Opens `url` in the desktop's browser; a failure only means the user opens it by hand.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(command.0).args(command.1).spawn().is_err() {
        eprintln!("open {url} in a browser");
    }
}

/// Writes the HTML, text and .eml preview of the email edition of `issue`.
fn email_preview(
    root: &std::path::Path,
    issue: &str,
    out: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, Diagnostics> {
    use covidactu::email;
    use covidactu::error::Diagnostic;
    let (site, theme, _) = build::load(&BuildOptions::new(root))?;
    let page = email::find_issue(&site, issue)?;
    let placeholder = email::Recipient {
        email: "destinataire@example.invalid".into(),
        name: Some("Destinataire".into()),
        profession: None,
    };
    let edition = email::render(&site, &theme, page, &placeholder)?;
    let message = email::message(&site.config, &edition, &placeholder, false)?;
    let fail = |e: std::io::Error| Diagnostic::error(format!("cannot write to {}: {e}", out.display()));
    std::fs::create_dir_all(out).map_err(fail)?;
    let name = &page.doc.slug;
    let files = [
        (out.join(format!("{name}.html")), edition.html.into_bytes()),
        (out.join(format!("{name}.txt")), edition.text.into_bytes()),
        (out.join(format!("{name}.eml")), message.formatted()),
    ];
    for (path, bytes) in &files {
        std::fs::write(path, bytes).map_err(fail)?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn report_warnings(d: &Diagnostics, color: bool) {
    if !d.is_empty() {
        eprint!("{}", d.render(color, None));
    }
}

/// The arguments of `send`.
struct SendArgs {
    issue: String,
    lists: Vec<std::path::PathBuf>,
    root: std::path::PathBuf,
    strict: bool,
    test: Option<String>,
    smtp: Option<String>,
    rate: Option<f64>,
    connections: Option<usize>,
    retry_failed: bool,
    force: bool,
}

/// Checks the lists and renders every personalised message of `issue`: the dry run of `send`.
fn send_dry_run(args: &SendArgs) -> Result<(String, Diagnostics), Diagnostics> {
    use covidactu::{email, mailing};
    let (site, theme, _) = build::load(&BuildOptions::new(&args.root))?;
    let page = email::find_issue(&site, &args.issue)?;
    let (recipients, diags) = load_lists(&site.config, args)?;
    let mailing = mailing::Mailing::new(&site, &theme, page, &args.root)?;
    let run = mailing::dry_run(&mailing, &recipients)?;
    let report = format!(
        "dry run of {}: {} recipients, {} duplicates removed, {} unsubscribed skipped, {} invalid rows skipped; \
         {} messages rendered (largest {} KB); nothing was sent",
        page.doc.reference(),
        recipients.subscribers.len(),
        recipients.duplicates.len(),
        recipients.unsubscribed.len(),
        recipients.invalid.len(),
        run.messages,
        run.largest / 1024
    );
    Ok((report, diags))
}

fn load_lists(
    config: &covidactu::content::Config,
    args: &SendArgs,
) -> Result<(covidactu::mailing::lists::Recipients, Diagnostics), Diagnostics> {
    let unsubscribe = args.root.join(&config.mailing.unsubscribe_file);
    let (recipients, diags) =
        covidactu::mailing::lists::load(&args.lists, Some(&unsubscribe), &args.root, &config.professions, args.strict);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((recipients, diags))
}

/// Sends the issue (or one test copy), showing progress, then the report.
fn send(args: &SendArgs, color: bool) -> Result<ExitCode, Diagnostics> {
    use covidactu::mailing::{self, journal::Policy, progress::Progress, send::Settings, smtp};
    use covidactu::{email, error::Diagnostic};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let (site, theme, _) = build::load(&BuildOptions::new(&args.root))?;
    let page = email::find_issue(&site, &args.issue)?;
    let url = args.smtp.clone().or_else(|| std::env::var(smtp::URL_ENV).ok().filter(|u| !u.is_empty()));
    let server = smtp::Server::resolve(&site.config.mailing.smtp, url.as_deref(), &args.root)?;
    let mailing = mailing::Mailing::new(&site, &theme, page, &args.root)?;
    if let Some(address) = &args.test {
        let reply = mailing::send_test(&mailing, &server, address)?;
        println!("test copy of {} sent to {address} via {server}: {reply}", page.doc.reference());
        return Ok(ExitCode::SUCCESS);
    }
    let (recipients, warnings) = load_lists(&site.config, args)?;
    report_warnings(&warnings, color);

    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            eprintln!("\nstopped at once; the journal marks messages in the server's hands as unknown");
            std::process::exit(130);
        }
        eprintln!("\nstopping: finishing the messages in flight (Ctrl-C again to stop at once)");
    })
    .map_err(|e| Diagnostic::error(format!("cannot handle Ctrl-C: {e}")))?;

    let config = &site.config.mailing.smtp;
    let settings = Settings {
        connections: args.connections.unwrap_or(config.connections).max(1),
        rate: args.rate.or(config.rate),
        retries: config.retries,
        retry_delay: std::time::Duration::from_secs_f64(config.retry_delay.max(0.0)),
    };
    let request = mailing::Request {
        root: &args.root,
        mailing: &mailing,
        recipients: &recipients,
        server: &server,
        policy: Policy { force: args.force, retry_failed: args.retry_failed },
        settings,
        stop: &stop,
    };
    let progress = Progress::new(std::io::stderr().is_terminal());
    let result = mailing::send(&request, |e| progress.event(&e), |n| progress.start(n));
    progress.finish();
    let report = result?;
    print!("{}", report.summary());
    let csv = report.write_csv(&mailing::state_dir(&args.root), &page.doc.slug)?;
    println!("report: {}", csv.display());
    Ok(if report.interrupted {
        ExitCode::from(130)
    } else if report.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // The index is mimalloc's enum order: if it moved, the default read here would not
        // be the purge delay's 1,000 ms (options.c, v3).
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, 1000);
        keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, -1);
    }
}
