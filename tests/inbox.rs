//! `covidactu inbox` against a real IMAP server on loopback (Dovecot, started by the tests):
//! an issue is sent to aiosmtpd, the mailbox is filled with the fixtures of
//! `tests/data/inbox/` returning those very messages, and the run must record every bounce
//! and request, move exactly the messages used, leave the rest unread, and the next send must
//! skip exactly the suppressed addresses. Also: a dry run changes nothing, a re-run changes
//! nothing, soft bounces on three issues, a server without MOVE, STARTTLS and TLS with the
//! site's own authority, a server down, a wrong password, STARTTLS refused, and SIGKILL
//! between recording and moving.

mod common;

use common::imap::{self, Dovecot, Options};
use common::smtp::SmtpServer;
use common::*;
use covidactu::mailing::journal::Journal;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/inbox");
/// The done folder `Traités` as Dovecot's Maildir++ names it (modified UTF-7).
const DONE: &str = "Trait&AOk-s";

/// Every address the fixtures speak of, plus two that nothing happens to.
const PEOPLE: &[&str] = &[
    "p-postfix@example.org",
    "p-exim@example.org",
    "p-qmail@example.org",
    "p-sendmail@example.org",
    "p-exchange@example.org",
    "p-m365@example.org",
    "p-gmail@example.org",
    "p-gmailfull@example.org",
    "p-orange@example.org",
    "p-free@example.org",
    "p-laposte@example.org",
    "p-sfr@example.org",
    "p-nodomain@inexistant.example",
    "p-delayed@example.org",
    "p-spam@example.org",
    "p-stop@example.org",
    "p-mailto@example.org",
    "p-other@example.org",
    "p-cp1252@example.org",
    "p-absent@example.org",
    "p-outlook@example.org",
    "p-vacation@example.org",
    "p-question@example.org",
    "p-colleague@example.org",
    "p-fine@example.org",
    "p-happy@example.org",
];

/// Suppressed by the fixtures after one issue: the hard bounces and the unsubscribe requests.
const SUPPRESSED: &[&str] = &[
    "p-postfix@example.org",
    "p-exim@example.org",
    "p-qmail@example.org",
    "p-sendmail@example.org",
    "p-exchange@example.org",
    "p-m365@example.org",
    "p-gmail@example.org",
    "p-orange@example.org",
    "p-laposte@example.org",
    "p-nodomain@inexistant.example",
    "p-stop@example.org",
    "p-mailto@example.org",
    "p-other@example.org",
    "p-cp1252@example.org",
];

struct Setup {
    dir: tempfile::TempDir,
    smtp: SmtpServer,
    imap: Dovecot,
}

impl Setup {
    fn root(&self) -> &Path {
        self.dir.path()
    }
}

fn covidactu(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_covidactu"));
    c.current_dir(root)
        .env_remove("COVIDACTU_SMTP_URL")
        .env_remove("COVIDACTU_IMAP_URL")
        .env_remove("COVIDACTU_LANG")
        .env("COVIDACTU_IMAP_PASSWORD", imap::PASSWORD);
    c
}

fn inbox(s: &Setup, args: &[&str]) -> Output {
    covidactu(s.root()).args(["inbox", "--imap", &s.imap.url()]).args(args).output().unwrap()
}

fn send(s: &Setup, issue: &str, args: &[&str]) -> Output {
    let o = covidactu(s.root())
        .args(["send", issue, "--list", "liste.csv", "--smtp", &s.smtp.url()])
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.code() == Some(0), "{}", text(&o));
    o
}

/// A copy of the example site with one list of `people`, and both servers.
fn setup(people: &[&str], options: &Options) -> Setup {
    let dir = example_copy();
    let mut csv = String::from("email;nom\n");
    for p in people {
        csv.push_str(&format!("{p};{}\n", p.split('@').next().unwrap()));
    }
    std::fs::write(dir.path().join("liste.csv"), csv).unwrap();
    let yaml = dir.path().join("site.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str("  smtp:\n    retries: 0\n    timeout: 5\n  imap:\n    timeout: 5\n");
    std::fs::write(yaml, text).unwrap();
    Setup { dir, smtp: SmtpServer::start(&[]), imap: Dovecot::start(options) }
}

/// The Message-ID the journal recorded for each address of `issue`.
fn sent_ids(root: &Path, issue: &str) -> BTreeMap<String, String> {
    let journal = Journal::open_existing(&root.join(".covidactu")).unwrap().expect("a journal");
    journal
        .entries(issue)
        .unwrap()
        .into_iter()
        .map(|e| (e.email.to_lowercase(), e.message_id.expect("a Message-ID")))
        .collect()
}

/// A fixture with its `{{id ADDRESS}}` placeholders replaced by the real Message-IDs.
fn fixture(name: &str, ids: &BTreeMap<String, String>) -> Vec<u8> {
    let bytes = std::fs::read(Path::new(FIXTURES).join(name)).unwrap();
    let mut out = Vec::new();
    let mut rest = &bytes[..];
    while let Some(start) = rest.windows(5).position(|w| w == b"{{id ") {
        out.extend_from_slice(&rest[..start]);
        let end = rest[start..].windows(2).position(|w| w == b"}}").unwrap() + start;
        let address = std::str::from_utf8(&rest[start + 5..end]).unwrap();
        out.extend_from_slice(ids.get(address).unwrap_or_else(|| panic!("{name}: no message to {address}")).as_bytes());
        rest = &rest[end + 2..];
    }
    out.extend_from_slice(rest);
    out
}

fn deliver_all_fixtures(s: &Setup, ids: &BTreeMap<String, String>) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        s.imap.deliver(&fixture(&name, ids));
        n += 1;
    }
    s.imap.deliver(&big_message());
    n + 1
}

/// An ordinary message with a 10 MB attachment.
fn big_message() -> Vec<u8> {
    let mut raw = b"From: p-fine@example.org\r\nTo: coordination@cpts-aubriere.example\r\nSubject: Compte rendu de la reunion\r\n\
Message-ID: <big.0001@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nVoici le compte rendu.\r\n--b\r\nContent-Type: application/pdf\r\n\
Content-Transfer-Encoding: base64\r\n\r\n"
        .to_vec();
    for _ in 0..(10 * 1024 * 1024 / 78) {
        raw.extend_from_slice(&[b'Q'; 76]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"--b--\r\n");
    raw
}

fn suppressions(root: &Path) -> BTreeSet<String> {
    match Journal::open_existing(&root.join(".covidactu")).unwrap() {
        Some(j) => j.suppressions().unwrap().into_iter().map(|s| s.address).collect(),
        None => BTreeSet::new(),
    }
}

fn ids_of(messages: &[(String, String)]) -> BTreeSet<String> {
    messages.iter().map(|(id, _)| id.clone()).collect()
}

/// The messages the fixtures say must stay for a human (or are automatic replies).
fn left_alone() -> BTreeSet<String> {
    [
        "<20200513075400.delayed@relay.cpts-aubriere.example>",
        "<absent.0001@example.org>",
        "<outlook.0001@example.org>",
        "<vacation.0001@example.org>",
        "<question.0001@example.org>",
        "<colleague.0001@example.org>",
        "<malformed.0001@example.org>",
        "<big.0001@example.org>",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn bounces_and_requests_are_recorded_moved_once_and_the_next_send_skips_them() {
    let s = setup(PEOPLE, &Options::default());
    send(&s, "numeros/numero-6", &[]);
    let ids = sent_ids(s.root(), "numeros/numero-6");
    let delivered = deliver_all_fixtures(&s, &ids);

    // A dry run says what it would do and changes nothing.
    let before = s.imap.folder("INBOX");
    let o = inbox(&s, &["--dry-run"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains(&format!("{delivered} message(s) lu(s)")), "{out}");
    assert!(out.contains("essai à blanc : 18 message(s) seraient rangé(s) dans « Traités »"), "{out}");
    assert!(out.contains("14 adresse(s) exclue(s)"), "{out}");
    assert_eq!(s.imap.folder("INBOX"), before, "nothing moved, no flag changed");
    assert!(s.imap.folder(DONE).is_empty());
    assert!(suppressions(s.root()).is_empty(), "the journal is untouched");

    let o = inbox(&s, &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    for line in [
        "     14  retours en erreur",
        "      4  demandes de désinscription",
        "      4  réponses automatiques",
        "      4  autres messages",
        "18 message(s) traité(s) rangé(s) dans « Traités »",
        "14 adresse(s) exclue(s) des prochains envois :",
        "  p-postfix@example.org  adresse inexistante — 5.1.1 550 5.1.1",
    ] {
        assert!(out.contains(line), "`{line}` in:\n{out}");
    }
    assert_eq!(suppressions(s.root()), SUPPRESSED.iter().map(|s| s.to_string()).collect());

    // The messages used are in « Traités »; the others are where they were, still unread.
    let inbox_now = s.imap.folder("INBOX");
    assert_eq!(ids_of(&inbox_now), left_alone(), "{inbox_now:?}");
    assert!(inbox_now.iter().all(|(_, flags)| !flags.contains('S')), "unread state unchanged: {inbox_now:?}");
    assert_eq!(s.imap.folder(DONE).len(), 18);

    // The CSV report: one row per address of each message, suppressions named.
    let report = std::fs::read_dir(s.root().join(".covidactu"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("boite-"))
        .expect("a CSV report");
    let csv = std::fs::read_to_string(report).unwrap();
    assert!(csv.starts_with("\u{feff}courriel;message;code;détail;numéro;exclusion;"), "{csv}");
    let free = csv.lines().find(|l| l.starts_with("p-free@example.org;")).unwrap();
    assert!(free.starts_with("p-free@example.org;retour en erreur;5.2.2;552 5.2.2 Quota exceeded"), "{free}");
    assert!(free.contains(";numeros/numero-6;;"), "a soft bounce, not suppressed: {free}");
    let gmail = csv.lines().find(|l| l.starts_with("p-gmail@example.org;")).unwrap();
    assert!(gmail.contains(";numeros/numero-6;adresse inexistante;"), "{gmail}");

    // The journal shows the bounces against the issue's messages.
    let journal = text(&covidactu(s.root()).args(["journal", "numeros/numero-6"]).output().unwrap());
    // Older Exchange quotes no Message-ID: that bounce is recorded, not tied to the issue.
    assert!(journal.contains("retours en erreur reçus ensuite : 13"), "{journal}");
    assert!(journal.contains("    5.2.2 p-free@example.org : 552 5.2.2 Quota exceeded"), "{journal}");

    // A re-run finds nothing more to do.
    let o = inbox(&s, &[]);
    let again = text(&o);
    assert!(again.contains("0 message(s) traité(s)") && !again.contains("exclue(s) des prochains"), "{again}");
    assert_eq!(ids_of(&s.imap.folder("INBOX")), left_alone());

    // The next send, forced, writes to everyone but the suppressed addresses.
    let before = s.smtp.received().len();
    let o = send(&s, "numeros/numero-6", &["--force"]);
    let out = text(&o);
    let got: BTreeSet<String> =
        s.smtp.received()[before..].iter().flat_map(|r| r.rcpt_tos.iter().map(|a| a.to_lowercase())).collect();
    let expected: BTreeSet<String> = PEOPLE.iter().filter(|p| !SUPPRESSED.contains(p)).map(|p| p.to_string()).collect();
    assert_eq!(got, expected, "{out}");
}

#[test]
fn soft_bounces_on_three_issues_in_a_row_suppress_the_address() {
    let s = setup(&["p-free@example.org", "p-fine@example.org"], &Options::default());
    for (n, issue) in ["numeros/numero-4", "numeros/numero-5", "numeros/numero-6"].iter().enumerate() {
        send(&s, issue, &[]);
        let ids = sent_ids(s.root(), issue);
        let bounce = String::from_utf8(fixture("10-free-soft-full.eml", &ids))
            .unwrap()
            .replace("<20200513075000.free.0001@mx1.free.example>", &format!("<free.{n}@mx1.free.example>"));
        s.imap.deliver(bounce.as_bytes());
        let out = text(&inbox(&s, &[]));
        if n < 2 {
            assert!(suppressions(s.root()).is_empty(), "{out}");
        } else {
            assert!(out.contains("p-free@example.org  en échec sur 3 numéros de suite"), "{out}");
        }
    }
    assert_eq!(suppressions(s.root()), BTreeSet::from(["p-free@example.org".to_owned()]));
    let sheet = text(&covidactu(s.root()).args(["journal", "--suppressions"]).output().unwrap());
    assert!(sheet.contains("1 adresse(s) exclue(s)"), "{sheet}");
}

#[test]
fn a_server_without_move_gets_the_messages_flagged_and_they_are_not_read_again() {
    let s = setup(PEOPLE, &Options { without_move: true, ..Options::default() });
    send(&s, "numeros/numero-6", &[]);
    let ids = sent_ids(s.root(), "numeros/numero-6");
    s.imap.deliver(&fixture("01-postfix-hard.eml", &ids));
    s.imap.deliver(&fixture("40-question.eml", &ids));
    let out = text(&inbox(&s, &[]));
    assert!(out.contains("1 message(s) traité(s)"), "{out}");
    let inbox_now = s.imap.folder("INBOX");
    assert_eq!(inbox_now.len(), 2, "nothing moved: {inbox_now:?}");
    let flagged: Vec<_> = inbox_now.iter().filter(|(_, f)| f.contains('S')).collect();
    assert_eq!(flagged.len(), 1, "the bounce is marked read: {inbox_now:?}");
    assert!(flagged[0].0.contains("8A1B2C3D4E"), "{flagged:?}");
    let again = text(&inbox(&s, &[]));
    assert!(again.contains(": 1 message(s) lu(s)"), "the flagged one is not read again: {again}");
}

#[test]
fn starttls_and_tls_with_the_sites_own_authority() {
    let certs = tempfile::tempdir().unwrap();
    let (ca, cert, key) = imap::certificates(certs.path());
    let s = setup(&["p-fine@example.org"], &Options { tls: Some((cert, key)), ..Options::default() });
    std::fs::copy(&ca, s.root().join("ca.pem")).unwrap();
    let yaml = s.root().join("site.yaml");
    let mut text_yaml = std::fs::read_to_string(&yaml).unwrap();
    text_yaml.push_str("    ca_file: ca.pem\n");
    std::fs::write(&yaml, text_yaml).unwrap();
    s.imap.deliver(&std::fs::read(Path::new(FIXTURES).join("21-unsubscribe-mailto.eml")).unwrap());

    let starttls = format!("imap://{}@localhost:{}?tls=starttls", imap::USER, s.imap.port);
    let o = covidactu(s.root()).args(["inbox", "--imap", &starttls]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}\n{}", text(&o), s.imap.log());
    assert!(text(&o).contains("(STARTTLS) : 1 message(s) lu(s)"), "{}", text(&o));
    assert!(text(&o).contains("p-mailto@example.org  désinscription demandée"), "{}", text(&o));

    let tls = format!("imaps://{}@localhost:{}", imap::USER, s.imap.tls_port);
    let o = covidactu(s.root()).args(["inbox", "--imap", &tls]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("(TLS) : 0 message(s) lu(s)"), "{}", text(&o));

    // Without the site's authority the certificate is refused, and nothing is read.
    std::fs::write(&yaml, std::fs::read_to_string(&yaml).unwrap().replace("    ca_file: ca.pem\n", "")).unwrap();
    let o = covidactu(s.root()).args(["inbox", "--imap", &tls]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("échec du chiffrement TLS"), "{}", text(&o));
}

#[test]
fn connection_problems_are_clear_and_change_nothing() {
    let s = setup(PEOPLE, &Options::default());
    send(&s, "numeros/numero-6", &[]);
    let ids = sent_ids(s.root(), "numeros/numero-6");
    s.imap.deliver(&fixture("01-postfix-hard.eml", &ids));
    let before = s.imap.folder("INBOX");

    let down = format!(
        "imap://{}@127.0.0.1:{}",
        imap::USER,
        TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    );
    let o = covidactu(s.root()).args(["inbox", "--imap", &down]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("impossible de se connecter à imap://coord@127.0.0.1:"), "{}", text(&o));

    let o = covidactu(s.root())
        .args(["inbox", "--imap", &s.imap.url()])
        .env("COVIDACTU_IMAP_PASSWORD", "wrong")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("connexion refusée pour « coord » (mot de passe ?)"), "{}", text(&o));

    let o = covidactu(s.root()).args(["inbox", "--imap", &format!("{}?tls=starttls", s.imap.url())]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("ne propose pas STARTTLS"), "{}", text(&o));

    let o = covidactu(s.root()).args(["inbox"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("« mailing.imap.host » n'est pas renseigné"), "{}", text(&o));

    assert_eq!(s.imap.folder("INBOX"), before);
    assert!(suppressions(s.root()).is_empty());
}

/// A TCP relay to the IMAP server that stops passing anything on once the client sends a
/// command containing `stop_at`, and says so.
fn stalling_proxy(to: u16, stop_at: &'static str) -> (u16, Arc<AtomicBool>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let stalled = Arc::new(AtomicBool::new(false));
    let flag = stalled.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            let mut server = TcpStream::connect(("127.0.0.1", to)).unwrap();
            let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut s2, &mut c2);
            });
            let flag = flag.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                loop {
                    let n = match client.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    if String::from_utf8_lossy(&buf[..n]).contains(stop_at) {
                        flag.store(true, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_secs(600));
                        return;
                    }
                    if server.write_all(&buf[..n]).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, stalled)
}

#[test]
fn killed_between_recording_and_moving_a_rerun_reaches_the_same_state() {
    let s = setup(PEOPLE, &Options::default());
    send(&s, "numeros/numero-6", &[]);
    let ids = sent_ids(s.root(), "numeros/numero-6");
    deliver_all_fixtures(&s, &ids);
    let (port, stalled) = stalling_proxy(s.imap.port, "UID MOVE");

    let mut child = covidactu(s.root())
        .args(["inbox", "--imap", &format!("imap://{}@127.0.0.1:{port}", imap::USER)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !stalled.load(Ordering::SeqCst) {
        assert!(start.elapsed() < Duration::from_secs(60), "the run never reached its move");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL, with the journal written and nothing moved
    child.wait().unwrap();
    assert_eq!(suppressions(s.root()).len(), SUPPRESSED.len(), "recorded before moving");
    assert!(s.imap.folder(DONE).is_empty(), "nothing moved yet");

    let o = inbox(&s, &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("18 message(s) traité(s) rangé(s)"), "{out}");
    assert!(!out.contains("exclue(s) des prochains envois"), "already suppressed by the killed run: {out}");
    assert_eq!(suppressions(s.root()), SUPPRESSED.iter().map(|s| s.to_string()).collect());
    assert_eq!(ids_of(&s.imap.folder("INBOX")), left_alone());
    let journal = text(&covidactu(s.root()).args(["journal", "numeros/numero-6"]).output().unwrap());
    assert!(journal.contains("retours en erreur reçus ensuite : 13"), "each bounce recorded once: {journal}");
}
