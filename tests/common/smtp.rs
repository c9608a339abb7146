//! A real SMTP server on loopback for the sending tests: `tests/smtp/server.py` (aiosmtpd),
//! started on a free port, recording what it accepted.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server; stopped when dropped.
pub struct SmtpServer {
    child: Child,
    _stdin: ChildStdin,
    pub port: u16,
    pub out: PathBuf,
    _dir: tempfile::TempDir,
}

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub file: String,
    pub rcpt_tos: Vec<String>,
    pub dkim: Option<bool>,
}

impl SmtpServer {
    /// Starts the server with extra arguments (`--rules`, `--mode`…).
    pub fn start(args: &[&str]) -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(&out)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the test SMTP server (scripts/test installs aiosmtpd)");
        let stdin = child.stdin.take().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the SMTP server did not start (is aiosmtpd installed?): {line:?}"));
        SmtpServer { child, _stdin: stdin, port, out, _dir: dir }
    }

    /// Starts the server with delivery rules (address → behaviours of successive attempts).
    pub fn with_rules(rules: &serde_json::Value, args: &[&str]) -> SmtpServer {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), rules.to_string()).unwrap();
        let path = file.into_temp_path().keep().unwrap();
        let mut all = vec!["--rules", path.to_str().unwrap()];
        all.extend_from_slice(args);
        SmtpServer::start(&all)
    }

    /// `smtp://127.0.0.1:PORT` (plaintext, loopback).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let text = std::fs::read_to_string(self.out.join("received.jsonl")).unwrap_or_default();
        text.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                Received {
                    file: v["file"].as_str().unwrap().to_owned(),
                    rcpt_tos: v["rcpt_tos"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a.as_str().unwrap().to_owned())
                        .collect(),
                    dkim: v["dkim"].as_bool(),
                }
            })
            .collect()
    }

    /// The envelope recipients of every accepted message, sorted.
    pub fn recipients(&self) -> Vec<String> {
        let mut all: Vec<String> = self.received().into_iter().flat_map(|r| r.rcpt_tos).collect();
        all.sort();
        all
    }

    /// The raw bytes of an accepted message.
    pub fn message(&self, r: &Received) -> Vec<u8> {
        std::fs::read(self.out.join(&r.file)).unwrap()
    }

    /// How many delivery attempts reached RCPT TO for `address`.
    pub fn rcpt_attempts(&self, address: &str) -> usize {
        let text = std::fs::read_to_string(self.out.join("events.jsonl")).unwrap_or_default();
        text.lines().filter(|l| l.contains("\"rcpt\"") && l.contains(&format!("\"{address}\""))).count()
    }

    /// Waits until `n` messages were accepted.
    pub fn wait_for(&self, n: usize, timeout: Duration) {
        let start = Instant::now();
        while self.received().len() < n {
            assert!(start.elapsed() < timeout, "the server got {} of {n} messages", self.received().len());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Lets a held reply go.
    pub fn release(&self) {
        std::fs::write(self.out.join("release"), "").unwrap();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
