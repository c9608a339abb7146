//! The watch (`content/veille/`): official messages and their digests — the list by week,
//! the message pages (superseded, cited by), citing them as sources, the issue's « veille
//! depuis le dernier numéro » on its page and in its email, the feed, and the mistakes an
//! author can make, at their file and line.

mod common;

use common::*;
use covidactu::build;

#[test]
fn the_watch_lists_the_messages_by_week_newest_first() {
    let (_dir, out) = built_rooted(&example_root());
    let watch = read_out(&out, "veille/index.html");
    assert_eq!(watch.matches("class=\"card card-message").count(), 12);
    let weeks: Vec<usize> =
        ["Semaine du 11 mai 2020", "Semaine du 4 mai 2020", "Semaine du 27 avril 2020", "Semaine du 23 mars 2020"]
            .iter()
            .map(|w| watch.find(w).unwrap_or_else(|| panic!("{w} in the watch")))
            .collect();
    assert!(weeks.windows(2).all(|w| w[0] < w[1]), "newest week first: {weeks:?}");
    assert!(watch.contains("data-issuer=\"dgs-urgent\"") && watch.contains("data-audience=\"sage-femme medecin \""));
    assert!(watch.contains("class=\"filter-js watch-filter\" hidden"), "the filters show only with JavaScript");
    assert!(watch.contains("<option value=\"cpam\">Assurance maladie</option>"), "the issuers that have messages");
    assert!(!watch.contains("<option value=\"ansm\">"), "not those that have none");
    assert!(read_out(&out, "index.html").contains("href=\"/veille/\""), "in the menu");

    let feed = read_out(&out, "veille/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the watch's feed is XML");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "entry")))
        .filter_map(|e| e.children().find(|c| c.has_tag_name(("http://www.w3.org/2005/Atom", "title")))?.text())
        .collect();
    assert_eq!(titles.len(), 12);
    assert!(titles[0].starts_with("ARS n° ARS-2020-077"), "{titles:?}");

    // The home page: the latest week that has messages.
    let home = read_out(&out, "index.html");
    let block = &home[home.find("id=\"veille-semaine\"").expect("a watch block")..];
    assert!(block.starts_with("id=\"veille-semaine\">La veille de la semaine du 11 mai 2020"));
    assert!(block[..block.find("</section>").unwrap()].contains("ARS-2020-077"));
}

#[test]
fn a_message_page_says_what_changes_what_replaced_it_and_who_cites_it() {
    let (_dir, out) = built_rooted(&example_root());
    let old = read_out(&out, "veille/dgs-urgent-2020-19/index.html");
    assert!(old.contains("Ce message a été remplacé"), "a banner on a superseded message");
    assert!(old.contains("href=\"/veille/dgs-urgent-2020-23/\""), "linking to the newer one");
    let cited = &old[old.find("id=\"cite-par\"").expect("cited by")..];
    assert!(cited.contains("href=\"/syntheses/masques/\"") && cited.contains("href=\"/numeros/numero-2/\""), "{cited}");

    let new = read_out(&out, "veille/dgs-urgent-2020-23/index.html");
    assert!(!new.contains("Ce message a été remplacé"));
    assert!(new.contains("<h2 id=\"message-resume\">Ce qui change pour vous</h2>"));
    assert!(new.contains("DGS-Urgent n° 2020_23"));
    assert!(new.contains("href=\"/veille/dgs-urgent-2020-19/\""), "what it supersedes");
    assert!(
        new.contains("href=\"/veille/dgs-urgent-2020-23.pdf\"") && out.join("veille/dgs-urgent-2020-23.pdf").is_file()
    );
    // Cited by a link in a synthesis's text, and in a protocol's sources.
    let has = read_out(&out, "veille/has-2020-04-09/index.html");
    assert!(
        has.contains("href=\"/syntheses/oxygenotherapie-domicile/\"")
            && has.contains("href=\"/protocoles/suivi-telephonique-infirmier/\"")
    );

    // As a source: Vancouver-style, with the digest and the mark of a superseded message.
    let masks = read_out(&out, "syntheses/masques/index.html");
    assert!(masks.contains(
        "DGS-Urgent. Masques : élargissement aux kinésithérapeutes et aux sages-femmes (n° 2020_23) [Internet]. 2020 avr 14."
    ));
    let old_source = &masks[masks.find("(n° 2020_19)").expect("the older message cited")..];
    assert!(old_source[..old_source.find("</li>").unwrap()].contains("Remplacé"));
    assert!(read_out(&out, "protocoles/suivi-telephonique-infirmier/index.html").contains("(n° RR-2020-04-09)"));
}

#[test]
fn an_issue_carries_the_messages_since_the_previous_one() {
    let (_dir, out) = built_rooted(&example_root());
    let third = read_out(&out, "numeros/numero-3/index.html");
    let block = &third[third.find("id=\"veille-depuis\"").expect("the block")..];
    let block = &block[..block.find("</section>").unwrap()];
    // Issue 2 is of 6 April, issue 3 of 15 April: the messages of 9 and 14 April.
    assert!(block.contains("2020_23") && block.contains("RR-2020-04-09"), "{block}");
    assert!(!block.contains("2020_19") && !block.contains("ARS-2020-058"), "{block}");
    assert!(read_out(&out, "numeros/numero-3/impression/index.html").contains("id=\"veille-depuis\""), "printed too");
    let first = read_out(&out, "numeros/numero-1/index.html");
    assert!(first.contains("id=\"veille-depuis\"") && first.contains("2020_12"), "picked by `messages`");

    let e = example_email("numeros/numero-3");
    assert!(e.html.contains("La veille depuis le dernier numéro") && e.html.contains("DGS-Urgent n° 2020_23"));
    assert!(
        e.text.contains("LA VEILLE DEPUIS LE DERNIER NUMÉRO\n\n- DGS-Urgent n° 2020_23 (14 avril 2020) — Masques"),
        "{}",
        e.text
    );

    // An issue may leave one out.
    let dir = example_copy();
    let issue = std::fs::read_to_string(dir.path().join("content/numeros/numero-3.md")).unwrap();
    let issue = issue.replacen("\n---\n", "\nmessages_left_out: [veille/has-2020-04-09]\n---\n", 1);
    write(dir.path(), "content/numeros/numero-3.md", &issue);
    let (_d, out) = built_rooted(dir.path());
    let third = read_out(&out, "numeros/numero-3/index.html");
    assert!(third.contains("2020_23") && !third.contains("RR-2020-04-09"));
}

fn message(front: &str) -> String {
    format!("---\ntitle: M\nsummary: S\n{front}---\nTexte.\n")
}

#[test]
fn an_author_s_mistakes_are_named_at_their_line() {
    let all = errors(&[("content/veille/a.md", &message("issuer: dgs-urgnt\nreference: \"1\"\ndate: 2020-04-01\n"))]);
    assert_eq!(all, ["content/veille/a.md:4:9 émetteur inconnu « dgs-urgnt »"]);
    let help = build::check(&options(
        site(&[("content/veille/a.md", &message("issuer: dgs-urgnt\nreference: \"1\"\ndate: 2020-04-01\n"))]).path(),
        std::path::Path::new("unused"),
    ));
    assert_eq!(
        help.iter().next().and_then(|d| d.help.as_deref()).map(plain).as_deref(),
        Some("vouliez-vous dire « dgs-urgent » ?")
    );

    // The same number written two ways, for the same issuer; another issuer may reuse it.
    let all = errors(&[
        ("content/veille/a.md", &message("issuer: dgs-urgent\nreference: \"2020_23\"\ndate: 2020-04-01\n")),
        ("content/veille/b.md", &message("issuer: DGS-Urgent\nreference: \"2020-23\"\ndate: 2020-04-02\n")),
        ("content/veille/c.md", &message("issuer: ars\nreference: \"2020_23\"\ndate: 2020-04-02\n")),
    ]);
    assert_eq!(all, ["content/veille/b.md:5:13 un autre message DGS-Urgent porte déjà la référence « 2020-23 »"]);

    // Supersedes: pointing nowhere, pointing to a newer message; a date to come.
    let all = errors(&[
        (
            "content/veille/old.md",
            &message("issuer: has\nreference: \"1\"\ndate: 2020-04-01\nsupersedes: veille/new\n"),
        ),
        (
            "content/veille/new.md",
            &message("issuer: has\nreference: \"2\"\ndate: 2020-04-10\nsupersedes: veille/nulle-part\n"),
        ),
        ("content/veille/later.md", &message("issuer: has\nreference: \"3\"\ndate: 2027-01-01\n")),
    ]);
    assert!(all.contains(&"content/veille/old.md:7:13 « veille/new » est plus récent (du 10 avril 2020) : un message ne remplace que des messages plus anciens".to_owned()), "{all:#?}");
    assert!(all.iter().any(|e| e.starts_with("content/veille/new.md:7:13 « veille/nulle-part »")), "{all:#?}");
    assert!(
        all.contains(
            &"content/veille/later.md:6:7 ce message est daté du 1er janvier 2027, qui n'est pas encore arrivé"
                .to_owned()
        ),
        "{all:#?}"
    );

    // Required fields, a file that is not there.
    let all = errors(&[("content/veille/a.md", &message("issuer: ars\nfile: texte.pdf\n"))]);
    assert!(all.iter().any(|e| e.contains("il manque à un message officiel le champ « reference »")), "{all:#?}");
    assert!(all.iter().any(|e| e.contains("il manque à un message officiel le champ « date »")), "{all:#?}");
    assert!(
        all.iter().any(|e| e.starts_with("content/veille/a.md:5:7 le fichier « texte.pdf » est introuvable")),
        "{all:#?}"
    );

    // Citing a message that is missing or a draft, as a source.
    let synthesis = |source: &str| {
        format!(
            "---\ntitle: S\nsummary: S\nauthors: [A]\nreviewers: [B]\nsources:\n  - message: {source}\n---\nTexte.\n"
        )
    };
    let draft = message("issuer: ars\nreference: \"1\"\ndate: 2020-04-01\ndraft: true\n");
    let all =
        errors(&[("content/syntheses/s.md", &synthesis("veille/brouillon")), ("content/veille/brouillon.md", &draft)]);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(all[0].starts_with("content/syntheses/s.md:7:14 "), "{all:#?}");
    let all = errors(&[("content/syntheses/s.md", &synthesis("veille/absent"))]);
    assert!(all[0].starts_with("content/syntheses/s.md:7:14 "), "{all:#?}");
    // A source that names a message needs no title; a markdown link to a missing one is an error.
    let ok = message("issuer: ars\nreference: \"1\"\ndate: 2020-04-01\n");
    assert!(errors(&[("content/syntheses/s.md", &synthesis("veille/m")), ("content/veille/m.md", &ok)]).is_empty());
}

#[test]
fn new_veille_writes_a_message_that_checks_as_a_draft() {
    let dir = site(&[]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_covidactu"))
        .args(["new", "veille", "DGS-Urgent masques"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let file = dir.path().join("content/veille/dgs-urgent-masques.md");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("issuer: dgs-urgent") && written.contains("draft: true"));
    let diags = build::check(&options(dir.path(), &dir.path().join("public")));
    assert!(!diags.has_errors(), "{:?}", diags.iter().map(place).collect::<Vec<_>>());
}

#[test]
fn a_site_names_its_own_issuers() {
    let yaml = format!("{SITE_YAML}issuers:\n  urps-medecins: URPS médecins\n  ARS IDF: ARS Île-de-France\n");
    let dir = site(&[]);
    write(dir.path(), "site.yaml", &yaml);
    let all: Vec<String> = build::check(&options(dir.path(), &dir.path().join("public"))).iter().map(place).collect();
    assert_eq!(all, ["site.yaml:8:3 l'identifiant d'émetteur « ARS IDF » ne doit contenir que des minuscules, des chiffres et des tirets"]);

    // Its issuers replace the default ones; a message may write the label.
    let yaml = format!("{SITE_YAML}issuers:\n  urps-medecins: URPS médecins\n");
    let dir = site(&[
        ("content/veille/a.md", &message("issuer: URPS Médecins\nreference: \"12\"\ndate: 2020-04-01\n")),
        ("content/veille/b.md", &message("issuer: has\nreference: \"1\"\ndate: 2020-04-01\n")),
    ]);
    write(dir.path(), "site.yaml", &yaml);
    let errors: Vec<String> = build::check(&options(dir.path(), &dir.path().join("public")))
        .iter()
        .filter(|d| d.is_error())
        .map(place)
        .collect();
    assert_eq!(errors, ["content/veille/b.md:4:9 émetteur inconnu « has »"]);
    std::fs::remove_file(dir.path().join("content/veille/b.md")).unwrap();
    let (_d, out) = built_rooted(dir.path());
    assert!(read_out(&out, "veille/a/index.html").contains("URPS médecins n° 12"));
    assert!(read_out(&out, "veille/index.html").contains("data-issuer=\"urps-medecins\""));
}
