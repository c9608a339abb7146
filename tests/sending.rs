//! `covidactu send` against a real SMTP server on loopback (aiosmtpd): what arrives, once per
//! person; refusals, retries and dropped connections; SIGKILL and Ctrl-C mid-send then a
//! re-run; the journal, the report, `--test`, DKIM, STARTTLS/TLS with authentication.

mod common;

use common::smtp::SmtpServer;
use common::*;
use mailparse::MailHeaderMap;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A copy of the example site whose SMTP settings suit tests: short retry delays.
fn site_for_sending(extra_smtp: &str) -> tempfile::TempDir {
    let dir = example_copy();
    let yaml = dir.path().join("site.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str("  smtp:\n    retries: 3\n    retry_delay: 0.05\n    timeout: 5\n");
    text.push_str(extra_smtp);
    std::fs::write(yaml, text).unwrap();
    dir
}

fn covidactu(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_covidactu"));
    c.current_dir(root).env_remove("COVIDACTU_SMTP_URL");
    c
}

fn send(root: &Path, server: &SmtpServer, args: &[&str]) -> Output {
    let mut c = covidactu(root);
    c.args(["send", "numeros/numero-6", "--smtp", &server.url()]).args(args);
    c.output().unwrap()
}

/// A list of `n` generated people `p0@example.org`… (one CSV file).
fn people(root: &Path, name: &str, n: usize) -> String {
    let mut csv = String::from("email;prenom;nom\n");
    for i in 0..n {
        csv.push_str(&format!("p{i}@example.org;Prénom{i};Nom{i}\n"));
    }
    std::fs::write(root.join(name), csv).unwrap();
    name.to_owned()
}

/// The count of the send summary's row `label` (« envoyé », « déjà envoyé »…).
fn row(out: &str, label: &str) -> Option<usize> {
    out.lines().find_map(|l| {
        let rest = l.strip_prefix("  ")?.strip_prefix(label)?;
        rest.starts_with(' ').then(|| rest.split_whitespace().next()?.parse().ok())?
    })
}

fn journal(root: &Path) -> String {
    text(&covidactu(root).args(["journal", "numeros/numero-6"]).output().unwrap())
}

fn header(m: &mailparse::ParsedMail<'_>, name: &str) -> String {
    m.headers.get_first_value(name).unwrap_or_default()
}

#[test]
fn every_valid_address_gets_one_message_with_the_right_headers_and_parts() {
    let server = SmtpServer::start(&[]);
    let dir = site_for_sending("");
    let root = dir.path();
    // Messy exports: Excel in French (BOM, semicolons, CRLF, quotes) and an old Windows-1252 one.
    std::fs::write(
        root.join("cpts.csv"),
        "\u{feff}Prénom;NOM;Adresse Mail;Profession\r\nClaire;Morel;claire.morel@example.org;Infirmier·e\r\n\"Jean; dit Jeannot\";Dupont; JEAN.DUPONT@example.org ;medecin\r\nPaul;Sans;pas-une-adresse;\r\nLéa;Roux;lea.roux@example.org;\r\n",
    )
    .unwrap();
    let mut legacy = b"nom,courriel\n".to_vec();
    legacy.extend_from_slice(b"H\xe9l\xe8ne Martin,helene.martin@example.org\nJean Dupont,jean.dupont@example.org\n");
    std::fs::write(root.join("amicale.csv"), legacy).unwrap();
    std::fs::write(root.join("desinscriptions.csv"), "email\nlea.roux@example.org\n").unwrap();

    let o = send(root, &server, &["--list", "cpts.csv", "--list", "amicale.csv"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert_eq!(
        server.recipients(),
        ["JEAN.DUPONT@example.org", "claire.morel@example.org", "helene.martin@example.org"],
        "each valid address once; the duplicate, the unsubscribed and the invalid row left out"
    );
    for (label, n) in [("envoyé", 3), ("désinscrit", 1), ("adresse invalide", 1), ("doublon", 1)] {
        assert_eq!(row(&out, label), Some(n), "`{label}` in:\n{out}");
    }

    let mut ids = BTreeSet::new();
    for r in server.received() {
        let raw = server.message(&r);
        let m = mailparse::parse_mail(&raw).unwrap();
        let to = header(&m, "To");
        assert!(to.contains(&r.rcpt_tos[0]) && !to.contains(','), "one recipient in To: {to}");
        assert!(header(&m, "From").ends_with("<lettre@cpts-aubriere.example>"), "{}", header(&m, "From"));
        assert_eq!(header(&m, "Reply-To"), "coordination@cpts-aubriere.example");
        assert!(header(&m, "Subject").starts_with("Covid'actu n°6 — "), "{}", header(&m, "Subject"));
        assert!(header(&m, "List-Id").ends_with("<covidactu.cpts-aubriere.example>"));
        let unsubscribe = header(&m, "List-Unsubscribe");
        assert!(unsubscribe.contains("<mailto:desinscription@cpts-aubriere.example?subject=unsubscribe>"));
        assert!(!unsubscribe.contains("https://"), "the example has no per-recipient address: {unsubscribe}");
        assert!(m.headers.get_first_value("List-Unsubscribe-Post").is_none(), "so no one-click promise");
        assert!(!header(&m, "Date").is_empty());
        assert!(ids.insert(header(&m, "Message-ID")), "Message-IDs are unique");
        assert_eq!(m.ctype.mimetype, "multipart/alternative");
        assert_eq!(m.subparts.len(), 2);
        assert_eq!(m.subparts[0].ctype.mimetype, "text/plain", "text first");
        assert_eq!(m.subparts[1].ctype.mimetype, "text/html");
        let (plain, html) = (m.subparts[0].get_body().unwrap(), m.subparts[1].get_body().unwrap());
        if r.rcpt_tos[0] == "claire.morel@example.org" {
            assert!(plain.contains("Bonjour Claire Morel,"), "{plain}");
            assert!(html.contains("Bonjour Claire Morel,"));
            assert!(html.contains("(Infirmier·e)"), "the profession in the footer");
        }
        assert!(html.contains("Voir dans le navigateur") || html.contains("navigateur"));
    }

    // A CSV report next to the journal, one row per person, with the unsubscribed and invalid.
    let report = std::fs::read_dir(root.join(".covidactu"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a CSV report");
    let csv = std::fs::read_to_string(report).unwrap();
    assert!(csv.starts_with("\u{feff}courriel;nom;statut;réponse du serveur;tentatives;date;source\n"), "{csv}");
    assert!(csv.contains("claire.morel@example.org;Claire Morel;envoyé;250"), "{csv}");
    let claire: Vec<&str> = csv.lines().find(|l| l.starts_with("claire.morel@")).unwrap().split(';').collect();
    let when = claire[5];
    assert!(
        when.len() == 19 && &when[4..5] == "-" && &when[10..11] == " ",
        "a date and time a spreadsheet reads: {when}"
    );
    assert!(csv.contains("lea.roux@example.org;Léa Roux;désinscrit"), "{csv}");
    let invalid = csv.lines().find(|l| l.contains(";adresse invalide;")).expect("the invalid row");
    assert_eq!(
        invalid, "pas-une-adresse;Paul Sans;adresse invalide;pas une adresse e-mail;0;;cpts.csv:4",
        "the invalid value, not the raw line, and where it came from"
    );
    let duplicate = csv.lines().find(|l| l.contains(";doublon;")).expect("the duplicate removed is listed");
    assert_eq!(duplicate, "jean.dupont@example.org;Jean Dupont;doublon;même adresse que cpts.csv:3;0;;amicale.csv:3");

    // Running again sends nothing: the journal knows.
    let o = send(root, &server, &["--list", "cpts.csv", "--list", "amicale.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(row(&text(&o), "déjà envoyé"), Some(3), "{}", text(&o));
    assert_eq!(server.received().len(), 3, "nobody receives the issue twice");
    assert!(journal(root).contains("numeros/numero-6 : 3 destinataires, envoyé : 3"), "{}", journal(root));

    // Unless forced.
    let o = send(root, &server, &["--list", "cpts.csv", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(server.received().len(), 5, "--force sends again to the two of cpts.csv");
}

#[test]
fn refusals_are_retried_or_recorded_and_unknown_fates_are_not_resent() {
    let rules = json!({
        "p0@example.org": ["rcpt:451"],
        "p1@example.org": ["rcpt:421"],
        "p2@example.org": ["rcpt:550"],
        "p3@example.org": ["data:451", "data:451"],
        "p4@example.org": ["drop-before-data"],
        "p5@example.org": ["drop-after-data"],
        "p6@example.org": ["data:550"],
        "p7@example.org": ["rcpt:451", "rcpt:451", "rcpt:451", "rcpt:451", "rcpt:451"],
    });
    let server = SmtpServer::with_rules(&rules, &[]);
    let dir = site_for_sending("");
    let root = dir.path();
    let list = people(root, "liste.csv", 10);

    let o = send(root, &server, &["--list", &list]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "not everyone was reached: {out}");
    let got = server.recipients();
    for p in [0, 1, 3, 4, 5, 8, 9] {
        // p5's message arrived, but the server dropped the connection before replying.
        let address = format!("p{p}@example.org");
        assert_eq!(got.iter().filter(|a| **a == address).count(), 1, "{address} once: {got:?}");
    }
    for p in [2, 6, 7] {
        assert!(!got.contains(&format!("p{p}@example.org")), "p{p} was refused");
    }
    assert_eq!(server.rcpt_attempts("p0@example.org"), 2, "a 451 is retried");
    assert_eq!(server.rcpt_attempts("p2@example.org"), 1, "a 550 is not retried");
    assert_eq!(server.rcpt_attempts("p7@example.org"), 4, "three retries, then deferred");
    for (label, n) in [("envoyé", 6), ("refusé", 2), ("différé", 1), ("incertain", 1)] {
        assert_eq!(row(&out, label), Some(n), "`{label}` in:\n{out}");
    }
    assert!(out.contains("p2@example.org  550 5.1.1"), "permanent failures with the reply: {out}");
    assert!(out.contains("p5@example.org  pas de réponse après la transmission du message"), "{out}");
    let j = journal(root);
    let line = |state: &str, rest: &str| j.lines().any(|l| l.trim_start().starts_with(state) && l.contains(rest));
    assert!(line("refusé", "p6@example.org  (1 tentative(s)) 550 5.7.1"), "{j}");
    assert!(line("différé", "p7@example.org  (4 tentative(s)) 451"), "{j}");
    assert!(j.contains("dernière activité le "), "the last activity in local time, in words: {j}");

    // The next run retries the deferred one only: the unknown one may have arrived.
    let o = send(root, &server, &["--list", &list]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert_eq!((row(&out, "envoyé"), row(&out, "déjà envoyé")), (Some(1), Some(6)), "{out}");
    assert_eq!(server.recipients().iter().filter(|a| *a == "p7@example.org").count(), 1);
    assert_eq!(server.recipients().iter().filter(|a| *a == "p5@example.org").count(), 1, "unknown: not resent");

    // --retry-failed resends the failed and the unknown (the server accepts them now).
    let o = send(root, &server, &["--list", &list, "--retry-failed"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(server.recipients().iter().filter(|a| *a == "p5@example.org").count(), 2);
    assert!(server.recipients().contains(&"p2@example.org".to_owned()));
}

#[test]
fn a_sender_killed_mid_send_resumes_and_everyone_gets_it_once() {
    // The 10th message is held by the server: the sender is killed while waiting for the reply.
    let server = SmtpServer::with_rules(&json!({ "p9@example.org": ["hold"] }), &[]);
    let dir = site_for_sending("");
    let root = dir.path();
    let list = people(root, "liste.csv", 30);
    let mut child = covidactu(root)
        .args(["send", "numeros/numero-6", "--connections", "1", "--list", &list, "--smtp", &server.url()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    server.wait_for(10, Duration::from_secs(60));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    server.release();
    assert_eq!(server.received().len(), 10);

    let o = send(root, &server, &["--list", &list]);
    let out = text(&o);
    assert!(out.contains("l'envoi précédent s'est arrêté alors que le serveur avait 1 message(s)"), "{out}");
    assert!(row(&out, "incertain") == Some(1) && out.contains("p9@example.org"), "{out}");
    assert_eq!(o.status.code(), Some(2), "the unknown one is reported: {out}");
    let got = server.recipients();
    let unique: BTreeSet<_> = got.iter().collect();
    assert_eq!((got.len(), unique.len()), (30, 30), "all 30 reached, none twice: {got:?}");
}

#[test]
fn ctrl_c_finishes_the_messages_in_flight_then_stops() {
    let server = SmtpServer::start(&["--reply-delay-ms", "40"]);
    let dir = site_for_sending("");
    let root = dir.path();
    let list = people(root, "liste.csv", 40);
    let child = covidactu(root)
        .args(["send", "numeros/numero-6", "--connections", "2", "--list", &list, "--smtp", &server.url()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    server.wait_for(5, Duration::from_secs(60));
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let o = child.wait_with_output().unwrap();
    let out = text(&o);
    assert_eq!(o.status.code(), Some(130), "{out}");
    assert!(out.contains("interrompu : relancez la même commande"), "{out}");
    let received = server.received().len();
    assert!(received < 40, "it stopped early ({received})");
    let j = journal(root);
    assert!(j.contains(&format!("envoyé : {received}")) && !j.contains("incertain"), "{j}");

    let o = send(root, &server, &["--list", &list]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let got = server.recipients();
    let unique: BTreeSet<_> = got.iter().collect();
    assert_eq!((got.len(), unique.len()), (40, 40));
}

#[test]
fn a_test_copy_goes_to_one_address_outside_the_journal() {
    let server = SmtpServer::start(&[]);
    let dir = site_for_sending("");
    let root = dir.path();
    let o = send(root, &server, &["--test", "coordination@example.org"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = server.received();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].rcpt_tos, ["coordination@example.org"]);
    let raw = server.message(&r[0]);
    let m = mailparse::parse_mail(&raw).unwrap();
    assert!(header(&m, "Subject").starts_with("[TEST] Covid'actu n°6"), "{}", header(&m, "Subject"));
    assert!(journal(root).contains("rien n'a été envoyé depuis ce site"), "{}", journal(root));
}

#[test]
fn connection_problems_stop_before_anything_is_sent() {
    let dir = site_for_sending("");
    let root = dir.path();
    let list = people(root, "liste.csv", 3);
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let o = covidactu(root)
        .args(["send", "numeros/numero-6", "--list", &list, "--smtp", &format!("smtp://127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains(&format!("impossible de se connecter à smtp://127.0.0.1:{port}")), "{}", text(&o));
    assert!(journal(root).contains("numeros/numero-6 : 3 destinataires, en attente : 3"), "{}", journal(root));
    // Plaintext to anything but loopback is refused before connecting.
    let o = covidactu(root)
        .args(["send", "numeros/numero-6", "--list", &list, "--smtp", "smtp://192.0.2.1:25?tls=none"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("le SMTP en clair n'est permis que vers cette machine"), "{}", text(&o));
}

/// Sends issue n°6 to `n` people from a site that signs with the DKIM private key `key`
/// (file name, contents) of `algorithm` (the default when `None`), through a server that verifies with `public`, a
/// public key of `key_type` as DNS would publish it. Checks that every signature verifies
/// and returns each message's `DKIM-Signature` header.
fn signed_send(algorithm: Option<&str>, key: (&str, &[u8]), key_type: &str, public: &str, n: usize) -> Vec<String> {
    let server = SmtpServer::start(&[
        "--dkim-key",
        public,
        "--dkim-key-type",
        key_type,
        "--dkim-selector",
        "lettre2020",
        "--dkim-domain",
        "cpts-aubriere.example",
    ]);
    let dir = site_for_sending("");
    let root = dir.path();
    std::fs::write(root.join(key.0), key.1).unwrap();
    let yaml = root.join("site.yaml");
    let mut text_yaml = std::fs::read_to_string(&yaml).unwrap();
    text_yaml.push_str(&format!(
        "  dkim:\n    domain: cpts-aubriere.example\n    selector: lettre2020\n    key: {}\n",
        key.0
    ));
    if let Some(algorithm) = algorithm {
        text_yaml.push_str(&format!("    algorithm: {algorithm}\n"));
    }
    std::fs::write(&yaml, text_yaml).unwrap();
    let list = people(root, "liste.csv", n);
    let o = send(root, &server, &["--list", &list]);
    assert!(o.status.success(), "{}", text(&o));
    let r = server.received();
    assert_eq!(r.len(), n);
    r.iter()
        .map(|m| {
            assert_eq!(m.dkim, Some(true), "the signature of {} verifies", m.file);
            let raw = server.message(m);
            header(&mailparse::parse_mail(&raw).unwrap(), "DKIM-Signature")
        })
        .collect()
}

#[test]
fn dkim_signatures_verify_and_cover_the_list_headers() {
    let data = example_root().join("tests/data/smtp");
    let public = std::fs::read_to_string(data.join("dkim.pub")).unwrap();
    let private = std::fs::read(data.join("dkim.pem")).unwrap();
    for sig in signed_send(None, ("dkim.pem", &private), "rsa", public.trim(), 3) {
        assert!(sig.contains("a=rsa-sha256"), "{sig}");
        assert!(sig.contains("list-unsubscribe") && sig.contains("content-type"), "{sig}");
        assert!(sig.contains("d=cpts-aubriere.example") && sig.contains("s=lettre2020"), "{sig}");
    }
}

/// An Ed25519 key (RFC 8463) signs too, and dkimpy, given the public key as DNS would publish
/// it (`k=ed25519`), verifies every message.
#[test]
fn ed25519_dkim_signatures_verify() {
    let seed = [7u8; 32];
    let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(&seed).unwrap();
    let b64 = |bytes: &[u8]| base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes);
    let public = b64(ring::signature::KeyPair::public_key(&pair).as_ref());
    let private = b64(&seed);
    for sig in signed_send(Some("ed25519"), ("dkim-ed25519.key", private.as_bytes()), "ed25519", &public, 2) {
        assert!(sig.contains("a=ed25519-sha256"), "{sig}");
    }
}

#[test]
fn starttls_and_tls_with_a_password_from_the_environment() {
    let data = example_root().join("tests/data/smtp");
    let (cert, key) = (data.join("server.pem"), data.join("server.key"));
    let dir = site_for_sending("    user: coordination\n    ca_file: ca.pem\n");
    let root = dir.path();
    std::fs::copy(data.join("ca.pem"), root.join("ca.pem")).unwrap();
    let list = people(root, "liste.csv", 2);
    for (mode, scheme) in [("starttls", "smtp://localhost:{}?tls=starttls"), ("tls", "smtps://localhost:{}")] {
        let server = SmtpServer::start(&[
            "--mode",
            mode,
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--auth",
            "coordination:s3cret",
        ]);
        let url = scheme.replace("{}", &server.port.to_string());
        let run = |password: &str, extra: &[&str]| {
            covidactu(root)
                .args(["send", "numeros/numero-6", "--list", &list, "--smtp", &url])
                .args(extra)
                .env("COVIDACTU_SMTP_PASSWORD", password)
                .output()
                .unwrap()
        };
        let o = run("wrong", &["--force"]);
        assert_eq!(o.status.code(), Some(1), "a wrong password stops the send: {}", text(&o));
        assert!(server.received().is_empty());
        let o = run("s3cret", &["--force"]);
        assert!(o.status.success(), "{mode}: {}", text(&o));
        assert_eq!(server.received().len(), 2, "{mode}");
    }
}

#[test]
fn the_rate_limit_spaces_the_messages() {
    let server = SmtpServer::start(&[]);
    let dir = site_for_sending("");
    let root = dir.path();
    let list = people(root, "liste.csv", 5);
    let start = Instant::now();
    let o = send(root, &server, &["--list", &list, "--rate", "600/min"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(server.received().len(), 5);
    // 600/min is one message every 100 ms: five messages cannot take less than 400 ms.
    assert!(start.elapsed() >= Duration::from_millis(400), "{:?}", start.elapsed());
}

#[test]
fn progress_is_a_bar_on_a_terminal_and_lines_otherwise() {
    let server = SmtpServer::start(&[]);
    let dir = site_for_sending("");
    let root = dir.path();
    let list = people(root, "liste.csv", 3);
    let o = send(root, &server, &["--list", &list]);
    let plain = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(plain.contains("envoi de 3 message(s)") && plain.contains("3/3 messages"), "{plain}");
    assert!(!plain.contains('█'));
    // util-linux's `script` gives the command a terminal.
    let command = format!(
        "{} send numeros/numero-6 --list {list} --smtp {} --force",
        env!("CARGO_BIN_EXE_covidactu"),
        server.url()
    );
    let o = Command::new("script").args(["-qec", &command, "/dev/null"]).current_dir(root).output().unwrap();
    let tty = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{tty}");
    assert!(tty.contains("3/3 messages") && tty.contains('█'), "{tty}");
}

#[test]
fn a_broken_template_stops_the_send_before_anything_is_sent() {
    let server = SmtpServer::start(&[]);
    let dir = site_for_sending("");
    let root = dir.path();
    write(root, "themes/default/email/issue.txt", "{{ recipient.name | no_such_filter }}\n");
    let list = people(root, "liste.csv", 3);
    let o = send(root, &server, &["--list", &list]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("impossible de construire les messages de numeros/numero-6 ; rien n'a été envoyé"), "{out}");
    assert!(server.received().is_empty());
    assert!(
        journal(root).contains("numeros/numero-6 : 3 destinataires, en attente : 3"),
        "nobody is marked failed: {}",
        journal(root)
    );
}

/// A per-recipient unsubscribe address: every message carries the token of its own
/// recipient, signed with the secret from the environment; without the secret nothing is sent.
#[test]
fn one_click_unsubscribe_links_are_signed_per_recipient() {
    let server = SmtpServer::start(&[]);
    let dir = site_for_sending("  unsubscribe_url: \"https://cpts-aubriere.example/desinscription?t={token}\"\n");
    let root = dir.path();
    let list = people(root, "liste.csv", 3);
    let o = send(root, &server, &["--list", &list]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("la variable d'environnement COVIDACTU_UNSUBSCRIBE_SECRET"), "{}", text(&o));
    assert!(server.received().is_empty());

    let secret = "le secret de la CPTS d'Aubrière";
    let o = covidactu(root)
        .args(["send", "numeros/numero-6", "--smtp", &server.url(), "--list", &list])
        .env("COVIDACTU_UNSUBSCRIBE_SECRET", secret)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for r in server.received() {
        let raw = server.message(&r);
        let m = mailparse::parse_mail(&raw).unwrap();
        assert_eq!(header(&m, "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
        let unsub = header(&m, "List-Unsubscribe");
        let token = unsub.split("?t=").nth(1).and_then(|t| t.split('>').next()).expect("a token");
        let owner = covidactu::email::unsubscribe::verify(secret, token);
        assert_eq!(owner.as_deref(), Some(r.rcpt_tos[0].to_lowercase().as_str()), "{unsub}");
    }
}

#[test]
fn suppressed_addresses_are_never_written_to_even_when_forced() {
    use covidactu::mailing::journal::{BounceRecord, Journal};
    let server = SmtpServer::start(&[]);
    let dir = site_for_sending("");
    let root = dir.path();
    let list = people(root, "liste.csv", 5);
    // P2 also asked by mail (in the journal below): listed once in the coordinator's sheet.
    std::fs::write(root.join("desinscriptions.csv"), "email\np4@example.org\nP2@example.org\n").unwrap();
    {
        let mut j = Journal::open(&root.join(".covidactu")).unwrap();
        let bounce = BounceRecord {
            source: "<b@mx>",
            address: "p1@example.org",
            issue: None,
            status: "5.1.1",
            hard: true,
            diagnostic: "550 User unknown",
        };
        assert!(j.record_bounce(&bounce).unwrap().1.is_some());
        assert!(j.record_unsubscribe("p2@example.org", "<u@x>", "STOP").unwrap().is_some());
    }

    let dry = text(&covidactu(root).args(["send", "numeros/numero-6", "--list", &list, "--dry-run"]).output().unwrap());
    assert!(dry.contains("2 destinataires") && dry.contains("2 désinscrit(s) et 1 adresse(s) en échec"), "{dry}");

    for args in [&[][..], &["--force"], &["--retry-failed"]] {
        let o = send(root, &server, &[&["--list", &list][..], args].concat());
        let out = text(&o);
        assert_eq!(o.status.code(), Some(0), "{out}");
        assert_eq!(row(&out, "adresse en échec"), Some(1), "{out}");
        assert_eq!(row(&out, "désinscrit"), Some(2), "the request and the file: {out}");
    }
    let mut got = server.recipients();
    got.sort();
    assert_eq!(got, ["p0@example.org", "p0@example.org", "p3@example.org", "p3@example.org"], "sent, then forced once");

    let csv = std::fs::read_dir(root.join(".covidactu"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .find(|t| t.contains("p1@example.org"))
        .expect("a report");
    let p1 = csv.lines().find(|l| l.starts_with("p1@example.org")).unwrap();
    assert!(p1.contains(";adresse en échec;adresse inexistante le ") && p1.contains("550 User unknown"), "{p1}");

    // The coordinator's spreadsheet of every suppressed address, then a lift.
    let o = covidactu(root).args(["journal", "--suppressions"]).output().unwrap();
    let out = text(&o);
    assert!(out.contains("3 adresse(s) exclue(s)"), "{out}");
    let path = out.lines().find_map(|l| l.split("écrite dans ").nth(1)).expect("the file's path").trim();
    let sheet = std::fs::read_to_string(root.join(path)).or_else(|_| std::fs::read_to_string(path)).unwrap();
    assert!(sheet.starts_with("\u{feff}courriel;motif;détail;date;numéro;source\n"), "{sheet}");
    assert!(sheet.contains("p1@example.org;adresse inexistante;5.1.1 550 User unknown;"), "{sheet}");
    assert!(sheet.contains("p2@example.org;désinscription;STOP;"), "{sheet}");
    assert!(sheet.contains("p4@example.org;désinscription;;;;desinscriptions.csv:2"), "{sheet}");
    assert_eq!(sheet.to_lowercase().matches("p2@example.org").count(), 1, "{sheet}");

    let lifted = text(&covidactu(root).args(["journal", "--unsuppress", "P1@example.org"]).output().unwrap());
    assert!(lifted.contains("P1@example.org n'est plus exclue"), "{lifted}");
    let o = covidactu(root).args(["journal", "--unsuppress", "p1@example.org"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let kept = text(&covidactu(root).args(["journal", "--unsuppress", "p4@example.org"]).output().unwrap());
    assert!(kept.contains("desinscriptions.csv:2"), "{kept}");
    let o = send(root, &server, &["--list", &list]);
    assert_eq!(row(&text(&o), "envoyé"), Some(1), "p1 gets the issue once lifted: {}", text(&o));
}
