//! The `covidactu` command: parses arguments, runs the library, prints diagnostics.

use clap::Parser;
use covidactu::build::{self, BuildOptions};
use covidactu::cli::{Cli, Command, Format, NewKind};
use covidactu::content::{Date, Kind};
use covidactu::error::Diagnostics;
use covidactu::scaffold;
use covidactu::serve;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Warnings shown by `build` before it refers to `check`.
const BUILD_MAX_WARNINGS: usize = 20;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let report = |diags: &Diagnostics, max| eprint!("{}", diags.render(color, max));
    match cli.command {
        Command::Build { root, out, drafts, base_url, relative } => {
            let mut opts = BuildOptions::new(&root);
            if let Some(out) = out {
                opts.out = out;
            }
            opts.drafts = drafts;
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
                    eprintln!("build failed; {} left as it was", opts.out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, drafts, format } => {
            let mut opts = BuildOptions::new(&root);
            opts.drafts = drafts;
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
        Command::Send { issue, lists, root, dry_run, strict } => {
            if !dry_run {
                eprintln!("error: sending over SMTP is not available yet; `--dry-run` checks the lists and renders every message");
                return ExitCode::FAILURE;
            }
            match send_dry_run(&root, &issue, &lists, strict) {
                Ok((report, warnings)) => {
                    report_warnings(&warnings, color);
                    println!("{report}");
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    report(&d, None);
                    ExitCode::FAILURE
                }
            }
        }
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

/// Checks the lists and renders every personalised message of `issue`: the dry run of `send`.
fn send_dry_run(
    root: &std::path::Path,
    issue: &str,
    lists: &[std::path::PathBuf],
    strict: bool,
) -> Result<(String, Diagnostics), Diagnostics> {
    use covidactu::{email, mailing};
    let (site, theme, _) = build::load(&BuildOptions::new(root))?;
    let page = email::find_issue(&site, issue)?;
    let unsubscribe = root.join(&site.config.mailing.unsubscribe_file);
    let (recipients, diags) = mailing::lists::load(lists, Some(&unsubscribe), root, &site.config.professions, strict);
    if diags.has_errors() {
        return Err(diags);
    }
    let run = mailing::dry_run(&site, &theme, page, &recipients)?;
    let report = format!(
        "dry run of {}: {} recipients, {} duplicates removed, {} unsubscribed skipped, {} invalid rows skipped; \
         {} messages rendered (largest {} KB); nothing was sent",
        page.doc.reference(),
        recipients.subscribers.len(),
        recipients.duplicates,
        recipients.unsubscribed.len(),
        recipients.invalid,
        run.messages,
        run.largest / 1024
    );
    Ok((report, diags))
}
