//! The directory (`content/annuaire/*.csv`): the spreadsheet as a coordinator exports it
//! becomes a page grouped by type then commune, with numbers written the French way and
//! `tel:` links; its mistakes are named at their line and column.

mod common;

use common::*;
use covidactu::build;
use std::fs;

#[test]
fn the_directory_page_groups_by_type_then_commune() {
    let (_dir, out) = built_rooted(&example_root());
    let page = fs::read_to_string(out.join("annuaire/index.html")).unwrap();
    assert_eq!(page.matches("class=\"directory-entry\"").count(), 42);
    let order: Vec<usize> = [
        "id=\"type-cpts\"",
        "id=\"type-msp\"",
        "id=\"type-laboratoire\"",
        "id=\"type-pharmacie\"",
        "id=\"type-mairie\"",
        "id=\"type-numero-d-urgence\"",
    ]
    .iter()
    .map(|t| page.find(t).unwrap_or_else(|| panic!("{t}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "site.yaml's order of types: {order:?}");
    let labs = &page[order[2]..order[3]];
    let communes: Vec<usize> = ["<h3>Montcourt</h3>", "<h3>Saint-Aubin</h3>", "<h3>Vernay</h3>"]
        .iter()
        .map(|c| labs.find(c).unwrap())
        .collect();
    assert!(communes.windows(2).all(|w| w[0] < w[1]), "communes in order");
    assert!(page.contains("<a href=\"tel:+33199001040\">01 99 00 10 40</a>"), "numbers normalised, with tel: links");
    assert!(page.contains("<a href=\"tel:+33800000400\">0 800 000 400</a>"), "a free number");
    assert!(page.contains("<a href=\"tel:15\">15</a>") && page.contains("Tout le territoire"));
    assert!(page.contains("href=\"mailto:contact@bio-aubriere.example\""));
    assert!(page.contains("class=\"filter directory-filter\" hidden"), "the filter box shows only with JavaScript");
    assert!(fs::read_to_string(out.join("index.html")).unwrap().contains("href=\"/annuaire/\""), "in the menu");
    assert!(!out.join("annuaire/annuaire.csv").exists(), "the spreadsheet itself is not published");
}

#[test]
fn a_spreadsheet_s_mistakes_are_named_at_their_line_and_column() {
    let csv = "Structure,Type,Commune,Téléphone,Courriel,Vérifié le\n\
        Labo de Meulan,Laboratoire,Meulan,01 30 22 40 00,labo@meulan.fr,01/11/2026\n\
        Pharmacie X,Pharmacei,Meulan,01 30 22 40 01,,\n\
        Cabinet Y,Cabinet,Meulan,01 30 22,,\n\
        Cabinet Z,Cabinet,Meulan,01 30 22 40 02,pas-une-adresse,\n\
        labo de meulan,Laboratoire,Meulan,01 30 22 40 03,,\n";
    let dir = site(&[("content/annuaire/structures.csv", csv)]);
    let diags = build::check(&options(dir.path(), &dir.path().join("public")));
    let all: Vec<String> = diags.iter().map(place).collect();
    for expected in [
        "content/annuaire/structures.csv:3:13 type inconnu « Pharmacei »",
        "content/annuaire/structures.csv:4:26 « 01 30 22 » n'est pas un numéro de téléphone français",
        "content/annuaire/structures.csv:5:41 « pas-une-adresse » n'est pas une adresse de courriel",
        "content/annuaire/structures.csv:6:1 « labo de meulan » est déjà dans l'annuaire pour cette commune",
    ] {
        assert!(all.iter().any(|e| e.starts_with(expected)), "expected `{expected}…` in {all:#?}");
    }
    let typo = diags.iter().find(|d| d.message.contains("Pharmacei")).unwrap();
    assert_eq!(typo.help.as_deref().map(plain).as_deref(), Some("vouliez-vous dire « Pharmacie » ?"));
    // An entry checked more than a year ago (today is 2026-11-23 in the tests): a warning.
    let old = site(&[(
        "content/annuaire/a.csv",
        "Structure;Type;Téléphone;Vérifié le\nMairie;Mairie;01 30 22 40 04;01/11/2024\n",
    )]);
    let diags = build::check(&options(old.path(), &old.path().join("public")));
    let warning = diags.iter().find(|d| d.message.contains("vérifié")).expect("a warning");
    assert!(!warning.is_error());
    assert!(
        place(warning).starts_with(
            "content/annuaire/a.csv:2:30 « Mairie » n'a pas été vérifié depuis plus d'un an (le 1er novembre 2024)"
        ),
        "{}",
        place(warning)
    );

    // Windows-1252, tab-separated, headers in capitals: read alike.
    let dir = site(&[]);
    fs::create_dir_all(dir.path().join("content/annuaire")).unwrap();
    fs::write(
        dir.path().join("content/annuaire/export.csv"),
        b"STRUCTURE\tTYPE\tT\xc9L\xc9PHONE\nH\xf4pital de Meulan\tH\xf4pital\t0130224000\n",
    )
    .unwrap();
    let diags = build::check(&options(dir.path(), &dir.path().join("public")));
    assert!(!diags.has_errors(), "{:?}", diags.iter().map(place).collect::<Vec<_>>());
    let missing = site(&[("content/annuaire/vide.csv", "Nom;Adresse\nX;Y\n")]);
    let diags = build::check(&options(missing.path(), &missing.path().join("public")));
    assert!(diags
        .iter()
        .any(|d| place(d).starts_with("content/annuaire/vide.csv:1:1 l'annuaire n'a pas de colonne « Type »")));
}

#[test]
fn an_issue_carries_useful_numbers_from_the_one_directory() {
    let (_dir, out) = built_rooted(&example_root());
    let issue = read_out(&out, "numeros/numero-6/index.html");
    let block = &issue[issue.find("class=\"useful-numbers\"").expect("the block")..];
    let block = &block[..block.find("</section>").unwrap()];
    assert!(block.contains("<h2 id=\"numeros-utiles\">Numéros utiles</h2>"));
    // A structure by name, a type (its three laboratories, by commune), an emergency number.
    let names = [
        "Centre Covid de Saint-Aubin",
        "Laboratoire des Coteaux",
        "Laboratoire Bio-Aubrière<",
        "site de Vernay",
        "Permanence des soins",
    ];
    let at: Vec<usize> = names.iter().map(|n| block.find(n).unwrap_or_else(|| panic!("{n} in {block}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in the order the issue names them: {at:?}");
    assert!(block.contains("<a href=\"tel:+33199001240\">01 99 00 12 40</a>"));
    // Each links to its entry in the directory, which has that anchor.
    let directory = ids(&read_out(&out, "annuaire/index.html"));
    for href in attrs(block, "href").into_iter().filter_map(|h| h.strip_prefix("/annuaire/#")) {
        assert!(directory.contains(href), "no entry #{href} in the directory");
    }
    assert!(read_out(&out, "numeros/numero-6/impression/index.html").contains("Numéros utiles"), "printed too");

    // The email edition, HTML and text, from the same directory.
    let e = example_email("numeros/numero-6");
    assert!(e.html.contains("Numéros utiles") && e.html.contains("href=\"tel:+33199001240\""));
    assert!(e.html.contains("/annuaire/#centre-covid-de-saint-aubin-saint-aubin\""), "absolute links to the entries");
    assert!(e.text.contains("NUMÉROS UTILES\n\n- Centre Covid de Saint-Aubin (Saint-Aubin) : 01 99 00 12 40 — Sur rendez-vous, lundi–samedi 8 h–20 h"), "{}", e.text);
    let other = example_email("numeros/numero-5");
    assert!(!other.text.contains("- Centre Covid de Saint-Aubin (Saint-Aubin)"), "only the issues that ask for them");
}

#[test]
fn useful_numbers_must_name_a_type_or_a_structure() {
    let csv = "Structure;Type;Commune;Téléphone\nLabo de Meulan;Laboratoire;Meulan;01 30 22 40 00\n";
    let issue = |numbers: &str| {
        format!("---\ntitle: N°1\nnumber: 1\ndate: 2020-04-01\nsummary: S\nauthors: [A]\nuseful_numbers: {numbers}\n---\nTexte.\n")
    };
    let all =
        errors(&[("content/annuaire/a.csv", csv), ("content/numeros/n1.md", &issue("[laboratoire, labo de meulan]"))]);
    assert!(all.is_empty(), "a type and a name, in any case: {all:?}");
    let all =
        errors(&[("content/annuaire/a.csv", csv), ("content/numeros/n1.md", &issue("[Laboratoire, Labo de Meulen]"))]);
    assert_eq!(
        all,
        ["content/numeros/n1.md:7:31 « Labo de Meulen » n'est ni un type de l'annuaire ni une de ses structures"],
    );
    let typo = build::check(&options(
        site(&[("content/annuaire/a.csv", csv), ("content/numeros/n1.md", &issue("[Labo de Meulen]"))]).path(),
        std::path::Path::new("unused"),
    ));
    assert_eq!(
        typo.iter().next().and_then(|d| d.help.as_deref()).map(plain).as_deref(),
        Some("vouliez-vous dire « Labo de Meulan » ?")
    );
    let all = errors(&[("content/annuaire/a.csv", csv), ("content/numeros/n1.md", &issue("[Pharmacie]"))]);
    assert_eq!(all, ["content/numeros/n1.md:7:18 l'annuaire n'a aucune structure de type « Pharmacie »"]);
}
