//! `covidactu publish`: the built site to the host, only what changed, in a safe order.

use crate::cli::PublishArgs;
use covidactu::content::Config;
use covidactu::error::{Diagnostic, Diagnostics};
use covidactu::i18n::msg;
use covidactu::publish::{self, Target};
use std::io::IsTerminal;
use std::process::ExitCode;

pub(crate) fn run(args: PublishArgs) -> Result<ExitCode, Diagnostics> {
    let config = Config::load(&args.root)?;
    let Some(to) = args.to.clone().or(config.publish.to.clone()) else {
        return Err(Diagnostic::error(msg::no_publish_target()).with_help(msg::no_publish_target_help()).into());
    };
    let target = Target::parse(&to)?;
    let key = config.publish.key.as_deref().map(|k| match k.strip_prefix("~/").zip(std::env::home_dir()) {
        Some((rest, home)) => home.join(rest),
        None => args.root.join(k),
    });
    let trust = publish::sftp::Trust { host_key: config.publish.host_key.clone(), key };
    let mut host = target.open(&trust, args.dry_run)?;
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(&msg::publish_progress_bar()) {
            bar.set_style(style);
        }
        bar
    });
    let report = publish::run(&out, host.as_mut(), args.dry_run, |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    print!("{}", report?.summary());
    Ok(ExitCode::SUCCESS)
}
