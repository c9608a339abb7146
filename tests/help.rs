//! `--help` of the program and of every command, in French (the default) and in English,
//! compared with reviewed snapshots in `tests/snapshots/help/`. After a deliberate change,
//! `UPDATE_SNAPSHOTS=1 cargo test --test help` writes them again: review the diff.

use std::path::PathBuf;
use std::process::Command;

const COMMANDS: &[&str] =
    &["", "build", "check", "serve", "email", "send", "journal", "inbox", "publish", "new", "init"];

#[test]
fn every_help_matches_its_reviewed_snapshot_in_both_languages() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/help");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut differ = Vec::new();
    for lang in ["fr", "en"] {
        for command in COMMANDS {
            let mut args: Vec<&str> = command.split_whitespace().collect();
            args.push("--help");
            let out = Command::new(env!("CARGO_BIN_EXE_covidactu"))
                .args(&args)
                .env("COVIDACTU_LANG", lang)
                .env_remove("NO_COLOR")
                .output()
                .unwrap();
            assert!(out.status.success(), "{lang} {command} --help");
            let help = String::from_utf8(out.stdout).unwrap();
            let name = if command.is_empty() { "covidactu" } else { command };
            let file = dir.join(lang).join(format!("{name}.txt"));
            if update {
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(&file, &help).unwrap();
            } else if std::fs::read_to_string(&file).ok().as_deref() != Some(help.as_str()) {
                differ.push(format!("{}:\n{help}", file.display()));
            }
        }
    }
    assert!(differ.is_empty(), "--help differs from its snapshot:\n{}", differ.join("\n"));
}

#[test]
fn the_lang_flag_wins_over_the_environment() {
    let out = Command::new(env!("CARGO_BIN_EXE_covidactu"))
        .args(["build", "--help", "--lang", "en"])
        .env("COVIDACTU_LANG", "fr")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("build the site into the output folder"));
    let out =
        Command::new(env!("CARGO_BIN_EXE_covidactu")).args(["--help"]).env_remove("COVIDACTU_LANG").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Utilisation\u{a0}: covidactu"), "French by default");
}
