//! The guides cannot drift from the tool: every `sh` block of `docs/*.md` that runs covidactu
//! is run, line by line, on a fresh site made by `covidactu init`, as a reader would type it
//! (`cd` moves; `serve` must start answering; a send goes to the tests' SMTP server, the
//! mailbox read is the tests' Dovecot).

mod common;

use common::imap::{self, Dovecot};
use common::smtp::SmtpServer;
use common::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `sh` blocks of a markdown text, each as its lines.
fn shell_blocks(markdown: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in markdown.lines() {
        let fence = line.trim_start();
        match &mut current {
            None if fence.starts_with("```sh") => current = Some(Vec::new()),
            Some(_) if fence.starts_with("```") => blocks.extend(current.take()),
            Some(lines) => lines.push(line.trim().to_owned()),
            None => {}
        }
    }
    blocks
}

/// The words of a command line, with "…" and '…' quoting.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// Runs the guide's lines in `dir`; returns what failed.
fn run_guide(guide: &str, lines: &[String], dir: &Path, smtp: &SmtpServer, mailbox: &Dovecot) -> Vec<String> {
    let mut failures = Vec::new();
    let mut cwd: PathBuf = dir.to_path_buf();
    for line in lines.iter().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let args = words(line.split(" #").next().unwrap_or(line));
        match args.first().map(String::as_str) {
            Some("cd") => {
                cwd = cwd.join(&args[1]);
                continue;
            }
            Some("covidactu") => {}
            _ => {
                failures.push(format!("{guide}: `{line}` is not a covidactu command"));
                continue;
            }
        }
        let mut command = Command::new(env!("CARGO_BIN_EXE_covidactu"));
        command
            .args(&args[1..])
            .current_dir(&cwd)
            .env("COVIDACTU_SMTP_URL", smtp.url())
            .env("COVIDACTU_SMTP_PASSWORD", "secret")
            .env("COVIDACTU_IMAP_URL", mailbox.url())
            .env("COVIDACTU_IMAP_PASSWORD", imap::PASSWORD);
        if args.get(1).map(String::as_str) == Some("serve") {
            command.args(["--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::null());
            let mut child = command.spawn().unwrap();
            let first = BufReader::new(child.stdout.take().unwrap()).lines().next();
            let _ = child.kill();
            let _ = child.wait();
            if !first.and_then(Result::ok).is_some_and(|l| l.contains("http://127.0.0.1:")) {
                failures.push(format!("{guide}: `{line}` did not start serving"));
            }
            continue;
        }
        let out = command.output().unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{guide}: `{line}` failed ({}):\n{}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    failures
}

#[test]
fn every_shell_block_of_the_guides_runs_on_a_fresh_site() {
    let docs = example_root().join("docs");
    let mut guides: Vec<PathBuf> = std::fs::read_dir(&docs)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    guides.sort();
    // The password of the user `covidactu init` writes in site.yaml, read from the environment.
    let smtp = SmtpServer::start(&["--auth", "lettre@cpts.example.fr:secret"]);
    // The CPTS mailbox, holding the unsubscribe request of the person the guides lift.
    let mailbox = Dovecot::start(&imap::Options::default());
    mailbox.deliver(
        b"From: claire.morel@example.org\r\nTo: desinscription@cpts.example.fr\r\nSubject: STOP\r\n\
Message-ID: <stop@example.org>\r\n\r\nSTOP\r\n",
    );
    let mut ran = 0;
    let mut failures = Vec::new();
    for guide in &guides {
        let text = std::fs::read_to_string(guide).unwrap();
        let blocks = shell_blocks(&text);
        if blocks.is_empty() {
            continue;
        }
        // Each guide starts from the same fresh site, in a folder with a space and an accent.
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("Lettre CPTS é");
        std::fs::create_dir_all(&home).unwrap();
        let init = Command::new(env!("CARGO_BIN_EXE_covidactu")).args(["init", "site"]).current_dir(&home).output();
        assert!(init.unwrap().status.success());
        std::fs::write(home.join("site/liste-medecins.csv"), "courriel;nom\nclaire.morel@example.org;Claire Morel\n")
            .unwrap();
        let name = guide.file_name().unwrap().to_string_lossy().into_owned();
        let lines: Vec<String> = blocks.into_iter().flatten().collect();
        ran += lines.iter().filter(|l| l.starts_with("covidactu")).count();
        failures.extend(run_guide(&name, &lines, &home.join("site"), &smtp, &mailbox));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran >= 10, "only {ran} commands found in the guides");
    assert!(smtp.recipients().iter().any(|r| r == "claire.morel@example.org"), "the guides' sends arrived");
    assert!(mailbox.folder("INBOX").is_empty(), "the guides' inbox read the request and set it aside");
}

#[test]
fn command_lines_are_split_as_a_shell_does() {
    assert_eq!(
        words(r#"covidactu new synthese "Vitamine D et Covid-19""#),
        ["covidactu", "new", "synthese", "Vitamine D et Covid-19"]
    );
    assert_eq!(words("covidactu new numero \"Covid'actu n°7\""), ["covidactu", "new", "numero", "Covid'actu n°7"]);
    assert_eq!(words("  a   'b c' "), ["a", "b c"]);
    assert_eq!(shell_blocks("x\n```sh\na\n```\n```text\nb\n```\n"), [vec!["a".to_owned()]]);
}
