//! Every class of bad input is reported with its file, line and column, all together, in
//! French, and never panics.

mod common;

use common::*;
use covidactu::build;
use std::fs;

/// The errors of checking a site made of `files`, as `file:line:column message`.
fn assert_one(errs: &[String], expected_start: &str) {
    assert!(errs.iter().any(|e| e.starts_with(expected_start)), "expected `{expected_start}…` in {errs:#?}");
}

const PAGE_OK: &str = "---\ntitle: Page\n---\nTexte.\n";

#[test]
fn unknown_field_with_suggestion() {
    let dir = site(&[("content/pages/a.md", "---\ntitle: A\nsumary: B\n---\n")]);
    let diags = build::check(&options(dir.path(), &dir.path().join("p")));
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(place(d), "content/pages/a.md:3:1 champ inconnu « sumary » pour une page");
    assert_eq!(d.help.as_deref().map(plain).as_deref(), Some("vouliez-vous dire « summary » ?"));
    assert_eq!(d.source_line.as_deref(), Some("sumary: B"));
    let text = d.render(false);
    assert!(text.contains("3 | sumary: B\n  | ^^^^^^"), "{text}");
}

#[test]
fn wrong_type_is_located() {
    let errs = errors(&[("content/numeros/n.md", "---\ntitle: N\nnumber: douze\ndate: 2020-04-01\n---\n")]);
    assert_one(
        &errs,
        "content/numeros/n.md:3:9 number: type invalide : texte \"douze\", attendu : un nombre entier positif",
    );
}

#[test]
fn impossible_date_is_located() {
    let errs = errors(&[(
        "content/numeros/n.md",
        "---\ntitle: N\nnumber: 1\ndate: 2020-02-30\nsummary: S\nauthors: A\n---\n",
    )]);
    assert_one(
        &errs,
        "content/numeros/n.md:4:7 date: « 2020-02-30 » n'est pas une vraie date (pas de jour 30 au mois 2)",
    );
    assert_eq!(errs.len(), 1, "a bad value is not also reported as missing: {errs:#?}");
}

#[test]
fn nested_errors_are_located_inside_lists() {
    let syn = "---\ntitle: S\nsources:\n  - title: A\n    date: 2020-01-01\n  - title: B\n    publsher: X\nkey_points:\n  - text: T\n    grade: D\n---\n";
    let errs = errors(&[("content/syntheses/s.md", syn)]);
    assert_one(&errs, "content/syntheses/s.md:7:5 sources[1]: champ inconnu « publsher »");
    assert_one(&errs, "content/syntheses/s.md:10:12 key_points[0].grade: valeur inconnue « D »");
}

#[test]
fn duplicate_issue_number_and_slug() {
    let n = |title: &str| format!("---\ntitle: {title}\nnumber: 3\ndate: 2020-04-01\nsummary: S\nauthors: A\n---\n");
    let errs = errors(&[
        ("content/numeros/a.md", &n("A")),
        ("content/numeros/b.md", &n("B")),
        ("content/pages/x.md", "---\ntitle: X\nslug: meme\n---\n"),
        ("content/pages/y.md", "---\ntitle: Y\nslug: meme\n---\n"),
    ]);
    assert_one(&errs, "content/numeros/b.md:3:9 numéro 3 en double : content/numeros/a.md porte le même");
    assert_one(&errs, "content/pages/y.md:3:1 slug « meme » en double");
}

#[test]
fn unknown_profession_with_suggestion() {
    let p = "---\ntitle: P\nversion: 1\naudience: [medecin, infirmiere]\n---\n";
    let dir = site(&[("content/protocoles/p.md", p)]);
    let diags = build::check(&options(dir.path(), &dir.path().join("p")));
    let d = diags.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(place(d), "content/protocoles/p.md:4:21 profession inconnue « infirmiere »");
    assert!(plain(d.help.as_deref().unwrap()).contains("vouliez-vous dire « infirmier » ?"));
}

#[test]
fn references_to_missing_content_and_to_issues() {
    let issue = "---\ntitle: N1\nnumber: 1\ndate: 2020-04-01\nitems:\n  - pages/ok\n  - syntheses/absente\n  - numeros/n2\nsummary: S\nauthors: A\n---\n";
    let issue2 = "---\ntitle: N2\nnumber: 2\ndate: 2020-04-10\nsummary: S\nauthors: A\n---\n";
    let proto =
        "---\ntitle: P\nversion: 1\nstatus: obsolete\nreplaced_by: protocoles/nouveau\nsummary: S\nauthors: A\n---\n";
    let errs = errors(&[
        ("content/pages/ok.md", PAGE_OK),
        ("content/numeros/n1.md", issue),
        ("content/numeros/n2.md", issue2),
        ("content/protocoles/p.md", proto),
    ]);
    assert_one(&errs, "content/numeros/n1.md:7:5 « syntheses/absente » n'existe pas");
    assert_one(&errs, "content/numeros/n1.md:8:5 « numeros/n2 » est un numéro ; « items » ne peut nommer que : un protocole, une synthèse, une page");
    assert_one(&errs, "content/protocoles/p.md:5:14 « protocoles/nouveau » n'existe pas");
}

#[test]
fn broken_links_anchors_and_images() {
    let body =
        "---\ntitle: A\n---\n\nVoir [B](b.md#absent) et [C](c.md).\n\n![schéma](schema.png)\n\n[PDF](fiche.pdf)\n";
    let errs = errors(&[("content/pages/a.md", body), ("content/pages/b.md", "---\ntitle: B\n---\n## Présent\n")]);
    assert_one(&errs, "content/pages/a.md:5:6 pas de titre « #absent » dans content/pages/b.md");
    assert_one(&errs, "content/pages/a.md:5:26 lien vers une page absente « c.md »");
    assert_one(&errs, "content/pages/a.md:7:1 image absente « schema.png »");
    assert_one(&errs, "content/pages/a.md:9:1 fichier absent « fiche.pdf »");
}

#[test]
fn required_fields() {
    let errs = errors(&[
        ("content/numeros/n.md", "---\nsummary: rien\n---\n"),
        ("content/protocoles/p.md", "---\ntitle: P\nversion: 1\nstatus: valide\n---\n"),
    ]);
    assert_one(&errs, "content/numeros/n.md:3:1 il manque à un numéro le champ « title »");
    assert_one(&errs, "content/numeros/n.md:3:1 il manque à un numéro le champ « number »");
    assert_one(&errs, "content/numeros/n.md:3:1 il manque à un numéro le champ « date »");
    assert_one(
        &errs,
        "content/protocoles/p.md:4:1 un protocole en « status: valide » doit avoir une date « validated »",
    );
}

#[test]
fn all_errors_of_all_files_are_reported_together() {
    let errs = errors(&[
        ("content/pages/a.md", "---\ntitle: A\ntitel: A\ndraft: peut-être\n---\n"),
        ("content/pages/b.md", "---\ntitle: [\n---\n"),
        ("content/pages/c.md", "pas de front matter\n"),
        ("content/pages/d.md", "---\ntitle: D\n"),
        ("content/divers/e.md", PAGE_OK),
    ]);
    assert_one(&errs, "content/pages/a.md:3:1 champ inconnu « titel »");
    assert_one(&errs, "content/pages/a.md:4:8 draft: type invalide");
    assert_one(&errs, "content/pages/b.md:3:1 YAML invalide");
    assert_one(&errs, "content/pages/c.md:1:1 pas d'en-tête");
    assert_one(&errs, "content/pages/d.md:1:1 l'en-tête n'est pas fermé");
    assert_one(&errs, "content/divers/e.md:0:0 « divers/e.md » n'est pas dans un dossier de contenu");
    assert_eq!(errs.len(), 6, "{errs:#?}");
}

#[test]
fn bom_crlf_and_accented_spaced_names_are_handled() {
    let dir = site(&[
        ("content/pages/Numéros utiles.md", "\u{feff}---\r\ntitle: Numéros\r\n---\r\n## Été 2020\r\n"),
        (
            "content/pages/b.md",
            "---\ntitle: B\n---\n[lien](Num%C3%A9ros%20utiles.md#ete-2020) [autre](<Numéros utiles.md>)\n",
        ),
    ]);
    let out = dir.path().join("public");
    build::build(&options(dir.path(), &out)).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    assert!(out.join("pages/numeros-utiles/index.html").is_file());
    let b = std::fs::read_to_string(out.join("pages/b/index.html")).unwrap();
    assert!(b.contains("href=\"/pages/numeros-utiles/#ete-2020\""), "{b}");
    assert!(b.contains("href=\"/pages/numeros-utiles/\""), "{b}");
}

#[test]
fn non_utf8_file_is_an_error_not_a_panic() {
    let dir = site(&[]);
    write(dir.path(), "content/pages/ok.md", PAGE_OK);
    std::fs::write(dir.path().join("content/pages/latin1.md"), b"---\ntitle: Caf\xe9\n---\n").unwrap();
    let diags = build::check(&options(dir.path(), &dir.path().join("p")));
    let errs: Vec<String> = diags.iter().map(place).collect();
    assert_one(&errs, "content/pages/latin1.md:2:11 le fichier n'est pas en UTF-8");
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let dir =
        site(&[("content/pages/a.md", PAGE_OK), ("content/pages/brouillon.md", "---\ntitle: B\ndraft: true\n---\n")]);
    let out = dir.path().join("public");
    build::build(&options(dir.path(), &out)).unwrap();
    assert!(!out.join("pages/brouillon/index.html").exists());
    let mut opts = options(dir.path(), &out);
    opts.drafts = covidactu::content::Drafts::Include;
    build::build(&opts).unwrap();
    assert!(out.join("pages/brouillon/index.html").exists());
}

#[test]
fn a_link_to_a_draft_is_an_error() {
    let errs = errors(&[
        ("content/pages/a.md", "---\ntitle: A\n---\n[b](b.md)\n"),
        ("content/pages/b.md", "---\ntitle: B\ndraft: true\n---\n"),
    ]);
    assert_one(&errs, "content/pages/a.md:4:1 lien vers « pages/b.md », qui est un brouillon");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let errs = errors(&[
        ("content/pages/a.md", PAGE_OK),
        (
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.titre | upper }}\n{% endblock main %}\n",
        ),
    ]);
    assert_one(&errs, "themes/default/templates/page.html:3:4 erreur de gabarit");
    let errs = errors(&[("content/pages/a.md", PAGE_OK), ("themes/default/templates/page.html", "{% if %}\n")]);
    assert_one(&errs, "themes/default/templates/page.html:1:");
}

#[test]
fn site_yaml_problems_are_located() {
    let dir = site(&[("content/pages/a.md", PAGE_OK)]);
    write(dir.path(), "site.yaml", "title: T\nbase_url: ftp://x\nlangage: fr\n");
    let diags = build::check(&options(dir.path(), &dir.path().join("p")));
    let errs: Vec<String> = diags.iter().map(place).collect();
    assert_one(&errs, "site.yaml:3:1 champ inconnu « langage » pour site.yaml");
    assert_one(&errs, "site.yaml:2:1 base_url « ftp://x » n'est pas une adresse http(s)");
}

#[test]
fn garbage_input_never_panics() {
    let samples: &[&[u8]] = &[
        b"",
        b"---",
        b"---\n---\n",
        b"---\n- a\n- b\n---\n",
        b"---\n: :\n---\n",
        b"---\ntitle: \"\n---\n",
        b"---\ntitle: A\nitems: {a: 1}\n---\n",
        b"---\ntitle: A\n---\n[x](../../../../x.md) ![](<>) [y](#)\n",
        b"---\ntitle: A\nnumber: -1\ndate: 99999-01-01\n---\n",
        b"\xff\xfe\x00\x00",
        b"---\r\ntitle: A\r---\r\n",
        b"---\ntitle: A\n---\n| a |\n|---|\n| [b](c.md#%ZZ) |\n\n[^x]\n",
    ];
    for (i, bytes) in samples.iter().enumerate() {
        for section in ["numeros", "protocoles", "syntheses", "pages"] {
            let dir = site(&[]);
            let path = dir.path().join(format!("content/{section}/f{i}.md"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
            let _ = build::check(&options(dir.path(), &dir.path().join("p")));
        }
    }
}

#[test]
fn a_site_overrides_a_single_template_and_strings() {
    let dir = site(&[
        ("content/pages/a.md", PAGE_OK),
        (
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<p class=\"perso\">{{ page.title }}</p>{% endblock main %}",
        ),
        ("themes/default/i18n/fr.yaml", "skip_to_content: \"Sauter au contenu\"\n"),
    ]);
    let out = dir.path().join("public");
    build::build(&options(dir.path(), &out)).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    let page = std::fs::read_to_string(out.join("pages/a/index.html")).unwrap();
    assert!(page.contains("<p class=\"perso\">Page</p>"), "{page}");
    assert!(page.contains("Sauter au contenu"), "overridden string");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("Dernier numéro") || home.contains("Synthèses récentes"),
        "other templates and strings from the embedded theme"
    );
}

/// A source written the old way, authors and journal in `publisher`, is still read (the
/// build succeeds) with a warning at its line pointing to the new fields.
#[test]
fn a_publisher_holding_authors_warns_towards_the_new_fields() {
    let syn = "---\ntitle: S\nsummary: R\nauthors: [A]\nreviewers: [B]\nsources:\n  - title: Physical distancing\n    publisher: \"Chu DK, Akl EA, et al. Lancet\"\n    date: 2020\n---\nTexte.\n";
    let dir = site(&[("content/syntheses/s.md", syn)]);
    let diags = build::check(&options(dir.path(), &dir.path().join("public")));
    assert!(!diags.has_errors(), "{}", diags.render(false, None));
    let d = diags.iter().find(|d| plain(&d.message).contains("contient des auteurs et une revue")).expect("a warning");
    assert_eq!(
        place(d),
        "content/syntheses/s.md:8:17 source « Physical distancing » : « publisher » contient des auteurs et une revue"
    );
    assert!(plain(d.help.as_deref().unwrap()).contains("« journal: \"Lancet\" »"));
}

/// A video embedded in raw HTML, beside the page: its `src` and `poster` become the copied
/// files' URLs in either URL mode, and a missing one is an error at its line and column.
#[test]
fn media_in_raw_html_are_resolved_and_checked() {
    // The video's tag is written over two lines, as editors wrap it.
    let body = "---\ntitle: Webinaire\n---\n\nLe replay :\n\n<video controls width=\"640\"\n  poster=\"affiche.jpg\">\n<source src=\"replay.mp4\" type=\"video/mp4\">\n</video>\n\nEt le son : <audio controls src=\"../audio/message.mp3\"></audio>\n";
    let dir = site(&[("content/pages/webinaire.md", body)]);
    write(dir.path(), "content/pages/affiche.jpg", "jpg");
    write(dir.path(), "content/pages/replay.mp4", "mp4");
    write(dir.path(), "content/audio/message.mp3", "mp3");
    for relative in [false, true] {
        let out = dir.path().join(if relative { "relative" } else { "rooted" });
        let mut opts = options(dir.path(), &out);
        opts.relative_urls = Some(relative);
        build::build(&opts).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
        let html = fs::read_to_string(out.join("pages/webinaire/index.html")).unwrap();
        let (prefix, back) = if relative { ("../../", "../../") } else { ("/", "/") };
        assert!(html.contains(&format!("poster=\"{prefix}pages/affiche.jpg\"")), "{html}");
        assert!(html.contains(&format!("<source src=\"{prefix}pages/replay.mp4\"")), "{html}");
        assert!(html.contains(&format!("src=\"{back}audio/message.mp3\"")), "{html}");
        assert!(out.join("pages/replay.mp4").is_file() && out.join("audio/message.mp3").is_file());
    }
    fs::remove_file(dir.path().join("content/pages/replay.mp4")).unwrap();
    let errs = errors_in(dir.path());
    assert_one(&errs, "content/pages/webinaire.md:9:14 fichier absent « replay.mp4 »");
    fs::remove_file(dir.path().join("content/pages/affiche.jpg")).unwrap();
    assert_one(&errors_in(dir.path()), "content/pages/webinaire.md:8:11 image absente « affiche.jpg »");
}

fn errors_in(root: &std::path::Path) -> Vec<String> {
    let diags = build::check(&options(root, &root.join("public")));
    diags.iter().filter(|d| d.is_error()).map(place).collect()
}
