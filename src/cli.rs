//! Command-line arguments (clap). Parsing only: the work is done by the library modules.

use clap::{Parser, Subcommand, ValueEnum};
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
    Build {
        /// The site folder (with site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include drafts (`draft: true`).
        #[arg(long)]
        drafts: bool,
        /// Use this base URL instead of site.yaml's.
        #[arg(long)]
        base_url: Option<String>,
        /// Make every link relative (for a shared drive or opening from disk).
        #[arg(long)]
        relative: bool,
    },
    /// Check the site (every validation of a build, plus warnings) without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Serve the site with live reload: rebuilds on every save, reloads open pages, shows
    /// errors in the browser.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback exposes the site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include drafts (`draft: true`).
        #[arg(long)]
        drafts: bool,
    },
    /// Write the email edition of an issue for preview: NAME.html, NAME.txt and NAME.eml
    /// (a complete message with a placeholder recipient, for any mail client).
    Email {
        /// The issue, e.g. `numeros/numero-6`.
        issue: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the three files [default: ROOT/.covidactu/email].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Send the email edition of an issue to the mailing lists. For now only `--dry-run`:
    /// checks the lists and renders every personalised message without connecting.
    Send {
        /// The issue, e.g. `numeros/numero-6`.
        issue: String,
        /// A CSV list of recipients (repeat for several lists).
        #[arg(long = "list", required = true)]
        lists: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check the lists and render every message; connect to nothing.
        #[arg(long)]
        dry_run: bool,
        /// Make invalid rows of the lists errors instead of warnings.
        #[arg(long)]
        strict: bool,
    },
    /// Write a new, pre-filled content file (never overwrites).
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its title, in quotes.
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR, with one example of each kind of content.
    Init {
        /// The folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
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
