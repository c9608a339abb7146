//! Command-line arguments (clap): one struct per command, handed as it is to its
//! `cmd::<name>::run`. Parsing only: the work is done by the library modules.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// covidactu — the static site and email edition of a CPTS newsletter.
#[derive(Debug, Parser)]
#[command(name = "covidactu", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// Write a new, pre-filled content file (never overwrites).
    New(NewArgs),
    /// Create a new site in DIR, with one example of each kind of content.
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
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
pub struct CheckArgs {
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
pub struct ServeArgs {
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
pub struct EmailArgs {
    /// The issue, e.g. `numeros/numero-6`.
    pub issue: String,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the three files [default: ROOT/.covidactu/email].
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SendArgs {
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
pub struct JournalArgs {
    /// The issue, e.g. `numeros/numero-6` [default: every issue sent].
    pub issue: Option<String>,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its title, in quotes.
    pub title: String,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (must not exist, or be empty).
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Numero,
    Protocole,
    Synthese,
    Page,
}

/// `300/min`, `5/s`, `2000/h` or a bare number per minute, as messages per minute.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let (n, per) = s.split_once('/').unwrap_or((s, "min"));
    let n: f64 = n.trim().parse().map_err(|_| format!("`{s}` is not a rate; write e.g. 300/min"))?;
    let factor = match per.trim() {
        "s" | "sec" => 60.0,
        "min" | "m" => 1.0,
        "h" => 1.0 / 60.0,
        other => return Err(format!("unknown unit `{other}`; use /s, /min or /h")),
    };
    if !(n.is_finite() && n > 0.0) {
        return Err("the rate must be positive".into());
    }
    Ok(n * factor)
}

#[cfg(test)]
mod tests {
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
