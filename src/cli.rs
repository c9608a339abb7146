//! Command-line arguments (clap): one struct per command, handed as it is to its
//! `cmd::<name>::run`. Parsing only: the work is done by the library modules.

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use covidactu::i18n::{self, msg, Lang};
use std::path::PathBuf;

/// covidactu — the static site and email edition of a CPTS newsletter.
#[derive(Debug, Parser)]
#[command(name = "covidactu", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of the messages (read before parsing, by `i18n::Lang::detect`).
    #[arg(long, global = true, value_parser = ["fr", "en"])]
    pub lang: Option<String>,
}

/// The command line with its help in the current language, from `i18n::HELP`.
pub(crate) fn command() -> clap::Command {
    let fr = Lang::current() == Lang::Fr;
    let template = if fr {
        "{about-with-newline}\nUtilisation\u{a0}: {usage}\n\n{all-args}{after-help}"
    } else {
        "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}"
    };
    let text = |key: &str| i18n::help(key).unwrap_or_default();
    let localize = |cmd: clap::Command, prefix: &str| {
        let key = |id: &str| if prefix.is_empty() { id.to_owned() } else { format!("{prefix}.{id}") };
        let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
        let mut cmd = cmd.help_template(template).disable_help_flag(true);
        for id in ids.into_iter().filter(|id| id != "lang" || prefix.is_empty()) {
            let help = text(&key(&id));
            // The texts say the defaults and the accepted values themselves, in their language.
            cmd = cmd.mut_arg(id, |a| {
                let takes = a.get_action().takes_values();
                // French puts a no-break space before the heading's colon.
                let heading = match (fr, a.is_positional()) {
                    (true, true) => Some("Arguments\u{a0}"),
                    (true, false) => Some("Options\u{a0}"),
                    (false, _) => None,
                };
                a.help(help).hide_default_value(takes).hide_possible_values(takes).help_heading(heading)
            });
        }
        cmd.arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(text("help"))
                .help_heading(fr.then_some("Options\u{a0}")),
        )
    };
    let mut cmd = localize(Cli::command(), "")
        .about(text(""))
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(text("version"))
                .help_heading(fr.then_some("Options\u{a0}")),
        )
        .subcommand_help_heading(if fr { "Commandes\u{a0}" } else { "Commands" })
        .subcommand_value_name(if fr { "COMMANDE" } else { "COMMAND" });
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in names {
        let about = text(&name);
        cmd = cmd.mut_subcommand(&name, |sc| localize(sc, &name).about(about));
    }
    cmd
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build(BuildArgs),
    /// Check the site (every validation of a build, plus warnings) without writing anything.
    Check(CheckArgs),
    /// Serve the site with live reload: rebuilds on every save, reloads open pages, shows
    /// errors in the browser.
    Serve(ServeArgs),
    /// Write the email edition of an issue for preview: NAME.html, NAME.txt and NAME.eml
    /// (a complete message with a placeholder recipient, for any mail client).
    Email(EmailArgs),
    /// Send the email edition of an issue to the mailing lists, once to each address: a
    /// journal in ROOT/.covidactu/ lets a later run resume after a crash or Ctrl-C. Exits 0
    /// when everyone was reached, 2 when some were not (see the report), 130 when interrupted.
    Send(SendArgs),
    /// Show what the send journal recorded: per issue, who was sent, who failed and why.
    Journal(JournalArgs),
    /// Put the built site on the host: only what changed, in an order that never shows a
    /// link to a page not yet there.
    Publish(PublishArgs),
    /// Read the CPTS mailbox: bounces and unsubscribe requests suppress their addresses and
    /// are moved to the done folder; everything else is left where it is.
    Inbox(InboxArgs),
    /// Write a new, pre-filled content file (never overwrites).
    New(NewArgs),
    /// Create a new site in DIR, with one example of each kind of content.
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The site folder (with site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder [default: ROOT/public].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Include drafts (`draft: true`, and protocols not yet validated).
    #[arg(long)]
    pub drafts: bool,
    /// Use this base URL instead of site.yaml's.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Make every link relative (for a shared drive or opening from disk).
    #[arg(long)]
    pub relative: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but loopback exposes the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include drafts (`draft: true`); protocols not yet validated are always shown, marked.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EmailArgs {
    /// The issue, e.g. `numeros/numero-6`.
    pub issue: String,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the three files [default: ROOT/.covidactu/email].
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    /// The issue, e.g. `numeros/numero-6`.
    pub issue: String,
    /// A CSV list of recipients (repeat for several lists).
    #[arg(long = "list", required_unless_present = "test")]
    pub lists: Vec<PathBuf>,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check the lists and render every message; connect to nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Make invalid rows of the lists errors instead of warnings.
    #[arg(long)]
    pub strict: bool,
    /// Send one copy, marked [TEST], to this address only (outside the journal).
    #[arg(long, value_name = "ADDR", conflicts_with_all = ["dry_run", "force", "retry_failed"])]
    pub test: Option<String>,
    /// The SMTP server for this run: smtp://host:port (STARTTLS; plaintext to a loopback
    /// address) or smtps://host:port (TLS) [env: COVIDACTU_SMTP_URL].
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// At most this many messages: `300/min`, `5/s`, `2000/h`.
    #[arg(long, value_name = "N/min", value_parser = parse_rate)]
    pub rate: Option<f64>,
    /// SMTP connections at once [default: mailing.smtp.connections, 4].
    #[arg(long)]
    pub connections: Option<usize>,
    /// Also resend to addresses that failed for good or whose fate is unknown.
    #[arg(long)]
    pub retry_failed: bool,
    /// Send again to everyone, even those the journal says were sent.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct JournalArgs {
    /// The issue, e.g. `numeros/numero-6` [default: every issue sent].
    pub issue: Option<String>,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write every suppressed address to a CSV file.
    #[arg(long, conflicts_with_all = ["issue", "unsuppress"])]
    pub suppressions: bool,
    /// Lift the suppression of this address.
    #[arg(long, value_name = "ADDR", conflicts_with = "issue")]
    pub unsuppress: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The built site [default: ROOT/public].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Where to publish for this run: a folder's path or file:///PATH.
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,
    /// List what would be sent and deleted; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub(crate) struct InboxArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Say what would be done; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The mailbox for this run: imap://USER@HOST:PORT or imaps://USER@HOST:PORT.
    #[arg(long, value_name = "URL")]
    pub imap: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its title, in quotes.
    pub title: String,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create (must not exist, or be empty).
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum NewKind {
    Numero,
    Protocole,
    Synthese,
    Page,
    Evenement,
    Veille,
}

/// What a parse error says, in the current language, as clap would print it: `None` when clap
/// prints help or the version rather than an error.
pub(crate) fn error_text(e: &clap::Error) -> Option<String> {
    let get = |kind: ContextKind| e.get(kind).map(|v| v.to_string());
    let arg = || get(ContextKind::InvalidArg).unwrap_or_default();
    let (what, hint) = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None
        }
        ErrorKind::UnknownArgument => (msg::unexpected_argument(arg()), get(ContextKind::SuggestedArg)),
        ErrorKind::InvalidSubcommand => (
            msg::unknown_command(get(ContextKind::InvalidSubcommand).unwrap_or_default()),
            get(ContextKind::SuggestedSubcommand),
        ),
        ErrorKind::InvalidValue => {
            let value = get(ContextKind::InvalidValue).unwrap_or_default();
            let valid = get(ContextKind::ValidValue).map(msg::possible_values);
            (msg::invalid_value(value, arg()), valid)
        }
        ErrorKind::ValueValidation => {
            let value = get(ContextKind::InvalidValue).unwrap_or_default();
            let why = std::error::Error::source(e).map(|s| s.to_string());
            (msg::invalid_value(value, arg()), why)
        }
        ErrorKind::MissingRequiredArgument => (msg::missing_argument(arg()), None),
        ErrorKind::ArgumentConflict => {
            (msg::conflicting_arguments(arg(), get(ContextKind::PriorArg).unwrap_or_default()), None)
        }
        _ => (msg::invalid_arguments(), Some(e.kind().to_string())),
    };
    let hint = hint.map(|h| match e.kind() {
        ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand => msg::did_you_mean(h),
        _ => h,
    });
    let mut out = format!("{} {what}\n", msg::error_label());
    if let Some(h) = hint {
        out.push_str(&format!("  = {h}\n"));
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n{} {usage}\n", msg::usage_prefix()));
    }
    out.push_str(&format!("\n{}\n", msg::more_with_help()));
    Some(out)
}

/// `300/min`, `5/s`, `2000/h` or a bare number per minute, as messages per minute.
pub(crate) fn parse_rate(s: &str) -> Result<f64, String> {
    let (n, per) = s.split_once('/').unwrap_or((s, "min"));
    let n: f64 = n.trim().parse().map_err(|_| msg::not_a_rate(s))?;
    let factor = match per.trim() {
        "s" | "sec" => 60.0,
        "min" | "m" => 1.0,
        "h" => 1.0 / 60.0,
        other => return Err(msg::unknown_rate_unit(other)),
    };
    if !(n.is_finite() && n > 0.0) {
        return Err(msg::rate_not_positive());
    }
    Ok(n * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument has its help in the catalogue, and every help text of the
    /// catalogue has its command or argument.
    #[test]
    fn the_help_catalogue_matches_the_commands() {
        let root = Cli::command();
        let mut keys = vec![String::new(), "help".into(), "version".into()];
        keys.extend(root.get_arguments().map(|a| a.get_id().to_string()));
        for sc in root.get_subcommands() {
            let name = sc.get_name();
            keys.push(name.to_owned());
            keys.extend(sc.get_arguments().filter(|a| !a.is_global_set()).map(|a| format!("{name}.{}", a.get_id())));
        }
        keys.sort();
        let mut catalogue: Vec<String> = covidactu::i18n::HELP.iter().map(|(k, _)| k.to_string()).collect();
        catalogue.sort();
        assert_eq!(keys, catalogue, "commands and arguments (left) against the catalogue's help (right)");
    }

    #[test]
    fn rates() {
        assert_eq!(super::parse_rate("300/min"), Ok(300.0));
        assert_eq!(super::parse_rate("5/s"), Ok(300.0));
        assert_eq!(super::parse_rate("120/h"), Ok(2.0));
        assert_eq!(super::parse_rate("60"), Ok(60.0));
        assert!(super::parse_rate("0/min").is_err());
        assert!(super::parse_rate("vite").is_err());
    }
}
