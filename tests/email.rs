//! The email edition of an issue: HTML for mail clients, a readable text part, and a MIME
//! message with the list headers, as `covidactu email` writes them for preview.

mod common;

use common::*;
use covidactu::build;
use covidactu::email::{self, Recipient};
use std::process::Command;

fn edition(issue: &str, recipient: &Recipient) -> (email::Edition, lettre::Message) {
    let (site, theme, _) = build::load(&options(&example_root(), &example_root().join("unused")), None).unwrap();
    let page = email::find_issue(&site, issue).unwrap();
    let e = email::render(&site, &theme, page, recipient).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    let unsubscribe = email::Unsubscribe::new(&site.config).unwrap();
    let m = email::message(&site.config, &unsubscribe, &e, recipient, false).unwrap();
    (e, m)
}

fn claire() -> Recipient {
    Recipient {
        email: "claire.morel@example.org".into(),
        name: Some("Claire Morel".into()),
        profession: Some("infirmier".into()),
    }
}

#[test]
fn html_part_is_inlined_absolute_and_under_100_kb() {
    let (e, _) = edition("numeros/numero-5", &claire());
    let html = &e.html;
    assert!(html.len() < email::MAX_HTML_BYTES, "{} bytes", html.len());
    assert!(html.contains("Covid’actu n°5"), "header with the number");
    assert!(html.contains("4 mai 2020"), "and the date");
    assert!(html.contains("Bonjour Claire Morel,"), "greeting from the recipient");
    assert!(html.contains("Le déconfinement commencera le 11"), "the editorial");
    assert!(html.contains("Enfants, crèches et écoles"), "each item");
    assert!(html.contains("Les vaccinations du nourrisson"), "a synthesis's key points");
    assert!(
        html.contains("href=\"https://covidactu.cpts-aubriere.example/syntheses/enfants-ecoles/\""),
        "« Lire sur le site »"
    );
    assert!(html.contains("Voir dans le navigateur"));
    assert!(html.contains("href=\"https://covidactu.cpts-aubriere.example/numeros/numero-5/\""));
    assert!(html.contains("Centre Covid de Saint-Aubin"), "the useful numbers the issue carries");
    assert!(html.contains("(Infirmier·e)"), "why the reader receives it");
    assert!(html.contains("href=\"https://covidactu.cpts-aubriere.example/desinscription/\""), "unsubscribe link");
    assert!(html.contains("class=\"preheader\"") && html.contains("Avant le 11 mai"), "preheader from the summary");
    assert!(!html.contains("href=\"/") && !html.contains("src=\"/"), "no site-relative link in an email");
    assert!(html.contains("style=\""), "CSS inlined");
    assert!(
        html.contains("@media (prefers-color-scheme: dark)") && html.contains("@media (max-width: 620px)"),
        "@media kept"
    );
    assert!(html.contains("width=\"600\""), "600 px table layout");
}

#[test]
fn text_part_reads_on_its_own_with_numbered_links() {
    let (e, _) = edition("numeros/numero-5", &claire());
    let t = &e.text;
    assert!(!t.contains("<p") && !t.contains("<a ") && !t.contains("</"), "no markup: {t}");
    assert!(t.contains("Le déconfinement commencera le 11 mai."));
    assert!(t.contains("SYNTHÈSE — Enfants, crèches et écoles"));
    assert!(t.contains("Lire sur le site : [1]"));
    assert!(t.contains("[1] https://covidactu.cpts-aubriere.example/syntheses/enfants-ecoles/"));
    assert!(t.contains("NUMÉROS UTILES"), "useful numbers in the text part too");
    assert!(t.contains("Se désinscrire : https://covidactu.cpts-aubriere.example/desinscription/"));
}

#[test]
fn message_has_one_recipient_both_parts_and_list_headers() {
    let (e, m) = edition("numeros/numero-4", &claire());
    let raw = m.formatted();
    let parsed = mailparse::parse_mail(&raw).unwrap();
    let h =
        |name: &str| parsed.headers.iter().find(|x| x.get_key_ref().eq_ignore_ascii_case(name)).map(|x| x.get_value());
    assert_eq!(h("Subject").unwrap(), "Covid'actu n°4 — Les patients fragiles");
    let to = h("To").unwrap();
    assert!(
        to.contains("Claire Morel") && to.ends_with("<claire.morel@example.org>") && !to.contains(','),
        "one recipient: {to}"
    );
    assert!(h("From").unwrap().contains("<lettre@cpts-aubriere.example>"));
    assert_eq!(h("Reply-To").unwrap(), "coordination@cpts-aubriere.example");
    assert!(h("Message-ID").is_some_and(|id| id.starts_with('<') && id.contains('@')));
    assert!(h("Date").is_some());
    assert_eq!(h("List-Id").unwrap(), "Covid'actu <covidactu.cpts-aubriere.example>");
    let unsub = h("List-Unsubscribe").unwrap();
    assert!(unsub.contains("<mailto:desinscription@cpts-aubriere.example?subject=unsubscribe>"), "{unsub}");
    assert!(!unsub.contains("https://"), "no address shared by all is given as one-click: {unsub}");
    assert_eq!(h("List-Unsubscribe-Post"), None, "one click only with a per-recipient address");
    assert_eq!(parsed.ctype.mimetype, "multipart/alternative");
    assert_eq!(parsed.subparts.len(), 2);
    assert_eq!(parsed.subparts[0].ctype.mimetype, "text/plain", "text first");
    assert_eq!(parsed.subparts[1].ctype.mimetype, "text/html", "then HTML");
    assert_eq!(parsed.subparts[0].ctype.charset, "utf-8");
    let decoded = |i: usize| parsed.subparts[i].get_body().unwrap().replace("\r\n", "\n");
    assert_eq!(decoded(0).trim(), e.text.replace("\r\n", "\n").trim(), "the text part decodes");
    assert_eq!(decoded(1).trim(), e.html.replace("\r\n", "\n").trim(), "the HTML part decodes");
    let config = build::load(&options(&example_root(), &example_root()), None).unwrap().0.config;
    let test = email::message(&config, &email::Unsubscribe::new(&config).unwrap(), &e, &claire(), true).unwrap();
    let test_raw = test.formatted();
    let test = mailparse::parse_mail(&test_raw).unwrap();
    assert!(test.headers.iter().any(|x| x.get_key_ref() == "Subject" && x.get_value().starts_with("[TEST] ")));
}

#[test]
fn email_command_writes_the_three_previews() {
    let dir = example_copy();
    let out = dir.path().join("apercu");
    let o = Command::new(env!("CARGO_BIN_EXE_covidactu"))
        .args(["email", "numeros/numero-6", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["numero-6.html", "numero-6.txt", "numero-6.eml"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let eml = std::fs::read(out.join("numero-6.eml")).unwrap();
    let parsed = mailparse::parse_mail(&eml).unwrap();
    assert!(
        parsed.headers.iter().any(|h| h.get_value().contains("destinataire@example.invalid")),
        "placeholder recipient"
    );
    let missing = Command::new(env!("CARGO_BIN_EXE_covidactu"))
        .args(["email", "numeros/numero-99", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing).contains("pas de numéro « numeros/numero-99 »"), "{}", text(&missing));
}

#[test]
fn personalised_editions_are_the_full_render_for_every_kind_of_recipient() {
    let (site, theme, _) = build::load(&options(&example_root(), &example_root().join("unused")), None).unwrap();
    let page = email::find_issue(&site, "numeros/numero-6").unwrap();
    let editions = email::personal::Editions::new(&site, &theme, page);
    let people = [
        claire(),
        Recipient { email: "b@example.org".into(), name: None, profession: None },
        Recipient { email: "c@example.org".into(), name: Some("Sean O'Brien & <Co> \"Jr\"".into()), profession: None },
        Recipient { email: "d@example.org".into(), name: None, profession: Some("medecin".into()) },
        Recipient {
            email: "e@example.org".into(),
            name: Some("Zoé Ünal".into()),
            profession: Some("sage-femme".into()),
        },
        Recipient { email: "f@example.org".into(), name: Some("Nom\u{a0}Insécable".into()), profession: None },
    ];
    // Twice: the first of each shape is checked against a full render, the next ones are not.
    for round in 0..2 {
        for p in &people {
            let fast = editions.render(p).unwrap();
            let full = email::render(&site, &theme, page, p).unwrap();
            assert_eq!(fast.html, full.html, "round {round}, {}", p.email);
            assert_eq!(fast.text, full.text, "round {round}, {}", p.email);
            assert_eq!(fast.subject, full.subject);
        }
    }
}

#[test]
fn a_template_that_transforms_the_name_falls_back_to_full_renders() {
    let dir = example_copy();
    let root = dir.path();
    let tpl = std::fs::read_to_string(example_root().join("themes/default/email/issue.txt")).unwrap();
    write(root, "themes/default/email/issue.txt", &tpl.replace("{{ recipient.name }}", "{{ recipient.name | upper }}"));
    let (site, theme, _) = build::load(&options(root, &root.join("public")), None).unwrap();
    let page = email::find_issue(&site, "numeros/numero-6").unwrap();
    let editions = email::personal::Editions::new(&site, &theme, page);
    for name in ["Claire Morel", "Jean Dupont"] {
        let p = Recipient { email: "x@example.org".into(), name: Some(name.into()), profession: None };
        let fast = editions.render(&p).unwrap();
        assert!(fast.text.contains(&format!("Bonjour {},", name.to_uppercase())), "{}", fast.text);
    }
}

/// With a per-recipient `unsubscribe_url`, each message carries its recipient's signed token
/// and says it can be used in one click (RFC 8058); the token verifies to that address only.
#[test]
fn a_per_recipient_unsubscribe_address_is_one_click_and_signed() {
    let (site, theme, _) = build::load(&options(&example_root(), &example_root().join("unused")), None).unwrap();
    let mut config = site.config.clone();
    config.mailing.unsubscribe_url = Some("https://cpts-aubriere.example/desinscription?t={token}".into());
    let secret = "le secret de la CPTS d'Aubrière";
    let unsubscribe = email::Unsubscribe::with_secret(&config, Some(secret)).unwrap();
    let page = email::find_issue(&site, "numeros/numero-4").unwrap();
    let e = email::render(&site, &theme, page, &claire()).unwrap();
    let raw = email::message(&config, &unsubscribe, &e, &claire(), false).unwrap().formatted();
    let parsed = mailparse::parse_mail(&raw).unwrap();
    use mailparse::MailHeaderMap;
    let h = |name: &str| parsed.headers.get_first_value(name).unwrap_or_default();
    assert_eq!(h("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
    let unsub = h("List-Unsubscribe");
    let token = unsub.split("?t=").nth(1).and_then(|t| t.split('>').next()).expect("a token");
    assert_eq!(email::unsubscribe::verify(secret, token).as_deref(), Some("claire.morel@example.org"));
    assert!(
        unsub.starts_with("<mailto:desinscription@cpts-aubriere.example?subject=unsubscribe>, <https://"),
        "{unsub}"
    );
}
