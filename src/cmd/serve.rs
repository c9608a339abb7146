//! `covidactu serve`: the site in memory, rebuilt on every save, with live reload.

use super::{Terminal, MAX_WARNINGS};
use crate::cli::ServeArgs;
use covidactu::error::Diagnostics;
use covidactu::i18n::msg;
use covidactu::serve::{self, ServeOptions};
use std::process::ExitCode;

pub(crate) fn run(args: ServeArgs, term: Terminal) -> Result<ExitCode, Diagnostics> {
    if !args.bind.is_loopback() {
        eprintln!("{}", msg::serving_on_network(args.bind));
    }
    let opts = ServeOptions { root: args.root, bind: args.bind, port: args.port, drafts: args.drafts };
    let server = serve::start(opts, move |line, diags| {
        if let Some(d) = diags {
            term.report(d, Some(MAX_WARNINGS));
        }
        eprintln!("{line}");
    })?;
    println!("{}", msg::serving(server.url()));
    if args.open {
        open_browser(&server.url());
    }
    loop {
        std::thread::park();
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
        eprintln!("{}", msg::open_by_hand(url));
    }
}
