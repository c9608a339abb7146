//! The `covidactu` command: parses arguments, runs the library, prints diagnostics.

use clap::Parser;
use covidactu::build::{self, BuildOptions};
use covidactu::cli::{Cli, Command, Format, NewKind};
use covidactu::content::{Date, Kind};
use covidactu::error::Diagnostics;
use covidactu::scaffold;
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
