//! The classification of the CPTS mailbox's messages, on the fixtures the IMAP tests also
//! load into Dovecot (`tests/data/inbox/`): every bounce format read with its address, status
//! and severity, the returned message found, unsubscribe requests told from replies that only
//! mention the word, automatic replies ignored, and nothing panics on broken messages.

use covidactu::mailing::classify::{classify, Kind};
use std::path::Path;

const UNSUBSCRIBE: &str = "desinscription@cpts-aubriere.example";

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/inbox").join(name);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // The placeholder the IMAP tests fill with the real Message-ID of the message sent.
    let mut out = Vec::new();
    let mut rest = &text[..];
    while let Some(start) = find(rest, b"{{id ") {
        out.extend_from_slice(&rest[..start]);
        let end = find(&rest[start..], b"}}").expect("closed placeholder") + start;
        let address = std::str::from_utf8(&rest[start + 5..end]).unwrap();
        out.extend_from_slice(format!("<sent.{address}>").as_bytes());
        rest = &rest[end + 2..];
    }
    out.extend_from_slice(rest);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// (fixture, failed address, status, hard)
const BOUNCES: &[(&str, &str, &str, bool)] = &[
    ("01-postfix-hard.eml", "p-postfix@example.org", "5.1.1", true),
    ("02-exim-hard.eml", "p-exim@example.org", "5.0.0", true),
    ("03-qmail-hard.eml", "p-qmail@example.org", "5.1.1", true),
    ("04-sendmail-hard.eml", "p-sendmail@example.org", "5.1.1", true),
    ("05-exchange-hard.eml", "p-exchange@example.org", "5.1.1", true),
    ("06-m365-hard.eml", "p-m365@example.org", "5.1.10", true),
    ("07-gmail-hard.eml", "p-gmail@example.org", "5.1.1", true),
    ("08-gmail-soft-quota.eml", "p-gmailfull@example.org", "4.2.2", false),
    ("09-orange-hard.eml", "p-orange@example.org", "5.1.1", true),
    ("10-free-soft-full.eml", "p-free@example.org", "5.2.2", false),
    ("11-laposte-hard.eml", "p-laposte@example.org", "5.0.0", true),
    ("12-sfr-soft.eml", "p-sfr@example.org", "4.4.7", false),
    ("13-postfix-no-domain.eml", "p-nodomain@inexistant.example", "5.4.4", true),
    ("15-spam-policy-soft.eml", "p-spam@example.org", "5.7.1", false),
];

#[test]
fn every_bounce_format_names_the_address_its_status_and_the_message_returned() {
    for (name, address, status, hard) in BOUNCES {
        let c = classify(&fixture(name), Some(UNSUBSCRIBE));
        let Kind::Bounce(b) = &c.kind else { panic!("{name}: {:?}", c.kind) };
        assert_eq!(b.failures.len(), 1, "{name}: {:?}", b.failures);
        let f = &b.failures[0];
        assert_eq!((f.address.as_str(), f.status.as_str(), f.hard), (*address, *status, *hard), "{name}: {f:?}");
        assert!(!f.diagnostic.is_empty(), "{name}: no words kept");
        // Older Exchange servers quote neither the message nor its headers.
        if *name != "05-exchange-hard.eml" {
            assert!(b.returned.contains(&format!("<sent.{address}>")), "{name}: returned {:?}", b.returned);
        }
    }
}

#[test]
fn the_servers_words_are_kept_on_one_line() {
    let c = classify(&fixture("01-postfix-hard.eml"), None);
    let Kind::Bounce(b) = c.kind else { panic!() };
    assert_eq!(
        b.failures[0].diagnostic,
        "550 5.1.1 <p-postfix@example.org>: Recipient address rejected: User unknown in virtual mailbox table"
    );
    let c = classify(&fixture("02-exim-hard.eml"), None);
    let Kind::Bounce(b) = c.kind else { panic!() };
    assert!(b.failures[0].diagnostic.contains("550 No such user here"), "{:?}", b.failures[0]);
    // A plain-text bounce's words stop at the end of their paragraph.
    let c = classify(&fixture("04-sendmail-hard.eml"), None);
    let Kind::Bounce(b) = c.kind else { panic!() };
    assert_eq!(
        b.failures[0].diagnostic,
        "<p-sendmail@example.org> (reason: 550 5.1.1 <p-sendmail@example.org>... User unknown)"
    );
}

#[test]
fn unsubscribe_requests_and_who_sent_them() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("20-unsubscribe-stop-reply.eml", "p-stop@example.org", &[]),
        ("21-unsubscribe-mailto.eml", "p-mailto@example.org", &[]),
        ("22-unsubscribe-other-address.eml", "claire.perso@maison.example", &["p-other@example.org"]),
        ("23-unsubscribe-windows-1252.eml", "p-cp1252@example.org", &[]),
    ];
    for (name, from, mentioned) in cases {
        let c = classify(&fixture(name), Some(UNSUBSCRIBE));
        let Kind::Unsubscribe(r) = &c.kind else { panic!("{name}: {:?}", c.kind) };
        assert_eq!(r.from, *from, "{name}");
        assert_eq!(r.mentioned, *mentioned, "{name}");
    }
    let c = classify(&fixture("23-unsubscribe-windows-1252.eml"), None);
    assert_eq!(c.subject, "Désinscription");
}

#[test]
fn automatic_replies_and_delay_warnings_are_not_bounces() {
    for name in
        ["14-postfix-delayed.eml", "30-auto-submitted.eml", "31-outlook-automatic-reply.eml", "32-x-autoreply.eml"]
    {
        assert_eq!(classify(&fixture(name), Some(UNSUBSCRIBE)).kind, Kind::AutoReply, "{name}");
    }
}

#[test]
fn questions_and_replies_are_left_for_a_human() {
    for name in ["40-question.eml", "41-colleague-reply.eml", "42-malformed.eml"] {
        assert_eq!(classify(&fixture(name), Some(UNSUBSCRIBE)).kind, Kind::Other, "{name}");
    }
}

#[test]
fn a_message_with_a_large_attachment_is_read_without_trouble() {
    let mut raw = b"From: p-big@example.org\r\nTo: coordination@cpts-aubriere.example\r\nSubject: Compte rendu\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
Voici le compte rendu.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        .to_vec();
    for _ in 0..(10 * 1024 * 1024 / 77) {
        raw.extend_from_slice(&[b'Q'; 76]);
        raw.extend_from_slice(b"\n");
    }
    raw.extend_from_slice(b"--b--\r\n");
    assert_eq!(classify(&raw, Some(UNSUBSCRIBE)).kind, Kind::Other);
    // Truncated, as the IMAP side fetches only the start of a large message.
    assert_eq!(classify(&raw[..300_000], Some(UNSUBSCRIBE)).kind, Kind::Other);
}

#[test]
fn no_input_makes_it_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/inbox");
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = fixture(entry.unwrap().file_name().to_str().unwrap());
        for cut in (0..bytes.len()).step_by(97) {
            let _ = classify(&bytes[..cut], Some(UNSUBSCRIBE));
        }
    }
}
