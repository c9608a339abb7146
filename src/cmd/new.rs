//! `covidactu new`: a pre-filled content file, never written over an existing one.

use crate::cli::{NewArgs, NewKind};
use covidactu::content::{Date, Kind};
use covidactu::error::Diagnostics;
use covidactu::i18n::msg;
use covidactu::scaffold;
use std::process::ExitCode;

pub(crate) fn run(args: NewArgs) -> Result<ExitCode, Diagnostics> {
    let kind = match args.kind {
        NewKind::Numero => Kind::Issue,
        NewKind::Protocole => Kind::Protocol,
        NewKind::Synthese => Kind::Synthesis,
        NewKind::Page => Kind::Page,
        NewKind::Evenement => Kind::Event,
        NewKind::Veille => Kind::Message,
    };
    let path = scaffold::new_file(&args.root, kind, &args.title, Date::today())?;
    println!("{}", msg::file_created(path.display()));
    Ok(ExitCode::SUCCESS)
}
