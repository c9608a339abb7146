//! What changed in a protocol: « Quoi de neuf » on its page, its version history, the page
//! comparing it with the version it replaces, the updates page and feed, the email of an
//! issue listing the protocols updated since the previous one, and the author's mistakes.

mod common;

use common::*;
use covidactu::build;

#[test]
fn a_protocol_says_what_changed_and_shows_the_text_added_and_removed() {
    let (_dir, out) = built_rooted(&example_root());
    let page = read_out(&out, "protocoles/suivi-telephonique-infirmier/index.html");
    let news = &page[page.find("Quoi de neuf dans la version 2.1").expect("« Quoi de neuf »")..];
    assert!(news.find("Appel ajouté à J10").unwrap() < news.find("</section>").unwrap());
    assert!(news.contains("href=\"/protocoles/suivi-telephonique-infirmier/comparaison/\""));
    let history = &page[page.find("Historique des versions").expect("the history")..];
    assert!(history.contains("Version 2.0") && history.contains("2 mars 2025"), "older entries are kept");

    let diff = read_out(&out, "protocoles/suivi-telephonique-infirmier/comparaison/index.html");
    assert!(diff.contains("href=\"/protocoles/suivi-telephonique-infirmier-v1/\">Version 1.0</a>"));
    let removed = diff.find("<del class=\"diff-line\">").expect("removed lines");
    assert!(diff[removed..].starts_with("<del class=\"diff-line\"><span class=\"diff-sign\" aria-hidden=\"true\">−</span><span class=\"visually-hidden\">retiré : </span>"), "said in words, not by colour alone");
    assert!(
        diff.contains("<span class=\"visually-hidden\">ajouté : </span>Repérer tôt"),
        "an added line of version 2.1"
    );
    assert!(diff.contains("première semaine de la maladie.</del>"), "a removed line of version 1.0");
    assert!(
        !read_out(&out, "protocoles/tri-telephonique-secretariat/index.html").contains("/comparaison/"),
        "no comparison without a replaced version"
    );

    // The updates, newest first, on a page and in a feed.
    let updates = read_out(&out, "mises-a-jour/index.html");
    let order: Vec<usize> =
        ["Version 2.1", "Version 2.0", "Version 1.2", "Parcours du patient", "Version 1.1", "Version 1.0"]
            .iter()
            .map(|v| updates.find(v).unwrap_or_else(|| panic!("{v} not in the updates")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let feed = read_out(&out, "mises-a-jour/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the updates feed is XML");
    let entries = doc.descendants().filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "entry"))).count();
    assert_eq!(entries, 6);
    assert!(read_out(&out, "protocoles/index.html").contains("href=\"/mises-a-jour/\""));
}

#[test]
fn an_issue_s_email_lists_the_protocols_updated_since_the_previous_issue() {
    let render = example_email;
    let fourth = render("numeros/numero-4");
    for part in [&fourth.html, &fourth.text] {
        assert!(
            part.contains("Protocoles mis à jour depuis le numéro précédent") || part.contains("PROTOCOLES MIS À JOUR"),
            "{part}"
        );
        assert!(part.contains("Tri téléphonique par les secrétariats médicaux") && part.contains("1.2"));
        assert!(!part.contains("Version 1.1"), "1.1 came before issue 3: {part}");
    }
    let third = render("numeros/numero-3");
    assert!(!third.text.contains("PROTOCOLES MIS À JOUR"), "nothing validated between issues 2 and 3");
}

#[test]
fn an_author_s_mistakes_in_changes_are_named() {
    let protocol = |changes: &str| {
        format!("---\ntitle: P\nversion: \"2.0\"\nstatus: valide\nvalidated: 2020-04-01\nvalidated_by: Bureau\nauthors: [A]\nsummary: S\nreplaces: [protocoles/v1]\n{changes}---\nTexte.\n")
    };
    let v1 = "---\ntitle: V1\nversion: \"1.0\"\nstatus: obsolete\nvalidated: 2020-03-01\nvalidated_by: Bureau\nauthors: [A]\nsummary: S\nreplaced_by: [protocoles/p]\n---\nTexte ancien.\n";
    let check = |changes: &str| {
        let dir = site(&[("content/protocoles/p.md", &protocol(changes)), ("content/protocoles/v1.md", v1)]);
        let diags = build::check(&options(dir.path(), &dir.path().join("public")));
        diags.iter().map(|d| format!("{}:{} {}", d.line, d.column, plain(&d.message))).collect::<Vec<_>>()
    };
    let twice = check("changes:\n  - { version: \"2.0\", what: [a] }\n  - { version: \"2.0\", what: [b] }\n");
    assert!(
        twice.iter().any(|d| d.starts_with("12:17") && d.contains("la version 2.0 apparaît deux fois")),
        "{twice:#?}"
    );
    let empty = check("changes:\n  - { version: \"2.0\" }\n");
    assert!(empty.iter().any(|d| d.contains("ne dit pas ce qui a changé (what:)")), "{empty:#?}");
    let silent = check("");
    assert!(
        silent.iter().any(|d| d.starts_with("9:1") && d.contains("ne dit pas ce qui a changé dans sa version 2.0")),
        "a warning: {silent:#?}"
    );
    assert!(check("changes:\n  - { version: \"2.0\", what: [Appel à J10] }\n").is_empty());
}
