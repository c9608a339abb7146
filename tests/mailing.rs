//! Subscriber lists as spreadsheets export them, and `covidactu send --dry-run`.

mod common;

use common::*;
use covidactu::mailing::lists;
use std::collections::BTreeMap;
use std::process::Command;

fn professions() -> BTreeMap<String, String> {
    [("medecin", "Médecin"), ("infirmier", "Infirmier·e"), ("sage-femme", "Sage-femme")]
        .into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

#[test]
fn messy_exports_are_read_deduplicated_and_unsubscribed_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // Excel in French: UTF-8 with BOM, semicolons, CRLF, quoted fields, headers in any case.
    let excel = "\u{feff}Prénom;NOM;Adresse Mail;Profession\r\nClaire;Morel;claire.morel@example.org;Infirmier·e\r\n\"Jean; dit Jeannot\";Dupont; JEAN.DUPONT@example.org ;medecin\r\nPaul;Sans;pas-une-adresse;\r\n;;;\r\n";
    std::fs::write(p.join("cpts.csv"), excel).unwrap();
    // An older export in Windows-1252, commas, LF, another header name, a duplicate address.
    let mut legacy = b"nom,courriel\n".to_vec();
    legacy.extend_from_slice(b"H\xe9l\xe8ne Martin,helene.martin@example.org\nJean Dupont,jean.dupont@EXAMPLE.org\n");
    std::fs::write(p.join("amicale.csv"), legacy).unwrap();
    std::fs::write(p.join("desinscriptions.csv"), "email\nhelene.martin@example.org\n").unwrap();

    let (r, diags) = lists::load(
        &[p.join("cpts.csv"), p.join("amicale.csv")],
        Some(&p.join("desinscriptions.csv")),
        p,
        &professions(),
        false,
    );
    let emails: Vec<&str> = r.subscribers.iter().map(|s| s.email.as_str()).collect();
    assert_eq!(emails, ["claire.morel@example.org", "JEAN.DUPONT@example.org"]);
    assert_eq!(r.subscribers[0].name.as_deref(), Some("Claire Morel"));
    assert_eq!(r.subscribers[0].profession.as_deref(), Some("infirmier"), "a label maps to its id");
    assert_eq!(r.subscribers[1].name.as_deref(), Some("Jean; dit Jeannot Dupont"), "quoted field with the separator");
    assert_eq!(r.subscribers[1].profession.as_deref(), Some("medecin"));
    assert_eq!((r.subscribers[1].file.to_str(), r.subscribers[1].line), (Some("cpts.csv"), 3));
    assert_eq!(r.duplicates.len(), 1, "the same address in another case, in the other list");
    assert_eq!(r.unsubscribed.len(), 1);
    assert_eq!(r.unsubscribed[0].name.as_deref(), Some("Hélène Martin"), "Windows-1252 decoded");
    assert_eq!(r.invalid.len(), 1);
    let bad = diags.iter().find(|d| d.message.contains("pas-une-adresse")).expect("the invalid row is reported");
    assert!(!bad.is_error(), "a warning unless --strict");
    assert_eq!((bad.file.as_ref().unwrap().to_str(), bad.line, bad.column), (Some("cpts.csv"), 4, 11));

    let (_, strict) = lists::load(&[p.join("cpts.csv")], None, p, &professions(), true);
    assert!(strict.has_errors(), "--strict makes invalid rows fatal");
}

#[test]
fn a_list_without_an_email_column_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("l.csv"), "nom;telephone\nMorel;0199001234\n").unwrap();
    let (_, diags) = lists::load(&[dir.path().join("l.csv")], None, dir.path(), &professions(), false);
    let d = diags.iter().next().unwrap();
    assert!(d.is_error() && d.message.contains("pas de colonne d’adresse"));
    assert_eq!((d.line, d.source_line.as_deref()), (1, Some("nom;telephone")));
}

#[test]
fn dry_run_renders_every_message_and_connects_to_nothing() {
    let dir = example_copy();
    let list = dir.path().join("membres.csv");
    std::fs::write(&list, "email;prenom;nom;profession\na@example.org;Anne;A;sage-femme\nb@example.org;Bruno;B;\nA@example.org;;;\nc@example.org;;;\n").unwrap();
    std::fs::write(dir.path().join("desinscriptions.csv"), "courriel\nc@example.org\n").unwrap();
    let run = |extra: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_covidactu"));
        c.args(["send", "numeros/numero-6", "--list"]).arg(&list).arg("--root").arg(dir.path()).args(extra);
        c.output().unwrap()
    };
    let o = run(&["--dry-run"]);
    let out = plain(&String::from_utf8_lossy(&o.stdout));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.contains("2 destinataires, 1 doublons retirés, 1 désinscrit(s) et 0 adresse(s) en échec ignorés, 0 lignes invalides ignorées"),
        "{out}"
    );
    assert!(out.contains("2 messages préparés") && out.contains("rien n'a été envoyé"), "{out}");
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(1), "no SMTP server is configured in the example");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mailing.smtp.host") && err.contains("--smtp"), "{err}");
    assert!(!dir.path().join(".covidactu/journal.sqlite").exists(), "nothing was journaled");
}
