//! The bundled example site builds, and its pages, links, feed and sitemap are right.

mod common;

use common::*;
use covidactu::build;
use std::fs;
use std::path::Path;

struct Built {
    _dir: tempfile::TempDir,
    out: std::path::PathBuf,
}

fn build_example(relative: bool) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut opts = options(&example_root(), &out);
    opts.relative_urls = Some(relative);
    let summary = build::build(&opts).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    assert!(summary.files > 50);
    Built { _dir: dir, out }
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_page_kind_is_generated() {
    let b = build_example(false);
    let files = files(&b.out);
    for f in [
        "index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "desinscription/index.html",
        "style.css",
        "site.js",
        "numeros/index.html",
        "numeros/numero-6/index.html",
        "protocoles/index.html",
        "protocoles/suivi-telephonique-infirmier/index.html",
        "syntheses/index.html",
        "syntheses/masques/index.html",
        "pages/numeros-utiles/index.html",
        "tags/index.html",
        "tags/masques/index.html",
        "professions/index.html",
        "professions/sage-femme/index.html",
        "protocoles/parcours-centre-covid.svg",
        "protocoles/fiche-poste-centre-covid.pdf",
    ] {
        assert!(files.contains(f), "missing {f}");
    }
    let count = |prefix: &str| files.iter().filter(|f| f.starts_with(prefix) && f.ends_with("/index.html")).count();
    assert_eq!(count("numeros/"), 13, "the archive, six issues and their print views");
    assert_eq!(count("protocoles/"), 8, "the list, six protocols, a comparison");
    assert_eq!(count("syntheses/"), 9);
}

#[test]
fn home_shows_the_latest_issue_and_recent_content() {
    let b = build_example(false);
    let home = read(&b.out, "index.html");
    assert!(home.contains("<html lang=\"fr\">"));
    assert!(home.contains("Covid’actu n°6"), "latest issue title, with a curly apostrophe");
    assert!(home.contains("href=\"/numeros/numero-6/\""));
    assert!(home.contains("href=\"/syntheses/enfants-ecoles/\""), "recent syntheses");
    assert!(home.contains("href=\"/protocoles/suivi-post-hospitalisation/\""), "protocols");
    assert!(!home.contains("href=\"/protocoles/suivi-telephonique-infirmier-v1/\""), "obsolete protocol not on home");
}

#[test]
fn issue_page_lists_its_items_in_order() {
    let b = build_example(false);
    let html = read(&b.out, "numeros/numero-4/index.html");
    let positions: Vec<usize> = [
        "/protocoles/suivi-telephonique-infirmier/",
        "/protocoles/rappel-patients-fragiles-psychologues/",
        "/syntheses/anticoagulation/",
    ]
    .iter()
    .map(|u| html.find(&format!("href=\"{u}\"")).unwrap_or_else(|| panic!("no link to {u}")))
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "items out of order");
    assert!(html.contains("À retenir"), "key points of the synthesis item");
    assert!(html.contains("Lire sur le site"));
    let archive = read(&b.out, "numeros/index.html");
    assert!(archive.find("numero-6/").unwrap() < archive.find("numero-1/").unwrap(), "newest first");
}

#[test]
fn protocol_pages_show_metadata_and_banners() {
    let b = build_example(false);
    let current = read(&b.out, "protocoles/suivi-telephonique-infirmier/index.html");
    assert!(current.contains("Fiche du protocole"));
    assert!(current.contains("<dd>2.1</dd>"));
    assert!(current.contains("10 février 2026"), "validated date in French");
    assert!(current.contains("10 février 2027"), "review date");
    assert!(!current.contains("banner-obsolete"));
    assert!(!current.contains("class=\"banner banner-review\" role=\"note\">"), "not past review");

    let old = read(&b.out, "protocoles/suivi-telephonique-infirmier-v1/index.html");
    assert!(old.contains("banner-obsolete"));
    assert!(old.contains("Il est remplacé par <a href=\"/protocoles/suivi-telephonique-infirmier/\">"));

    let due = read(&b.out, "protocoles/tri-telephonique-secretariat/index.html");
    assert!(due.contains("class=\"banner banner-review\" role=\"note\">"), "past review date");
    assert!(due.contains("print-footer"), "print footer with version and dates");
}

/// `/protocoles/` marks the protocols past their review date, as the home page does, and
/// keeps the replaced versions apart, each linking to its replacement.
#[test]
fn the_protocols_page_marks_reviews_due_and_keeps_replaced_versions_apart() {
    let b = build_example(false);
    let list = read(&b.out, "protocoles/index.html");
    let (groups, replaced) = list.split_once("id=\"versions-remplacees\"").expect("a « Versions remplacées » section");
    assert!(!groups.contains("suivi-telephonique-infirmier-v1/"), "the obsolete v1 is not among the current ones");
    assert!(replaced.contains("Versions remplacées</h2>"));
    let v1 = &replaced[replaced.find("suivi-telephonique-infirmier-v1/").unwrap()..];
    let v1 = &v1[..v1.find("</li>").unwrap()];
    assert!(v1.contains("remplacée par <a href=\"/protocoles/suivi-telephonique-infirmier/\">"), "{v1}");
    let card = |slug: &str| {
        let at = groups.find(&format!("/protocoles/{slug}/")).unwrap();
        let start = groups[..at].rfind("<li").unwrap();
        groups[start..at].to_owned()
    };
    assert!(card("tri-telephonique-secretariat").contains("badge-warning\">à réviser</span>"), "review due");
    assert!(card("parcours-centre-covid").contains("badge-warning\">à réviser</span>"), "review due");
    assert!(!card("suivi-telephonique-infirmier").contains("à réviser"), "not due");
}

/// Every number of « Numéros utiles » can be tapped to call, and only numbers are linked.
#[test]
fn useful_numbers_are_tel_links() {
    let b = build_example(false);
    let page = read(&b.out, "pages/numeros-utiles/index.html");
    for (shown, uri) in [
        ("15", "tel:15"),
        ("114", "tel:114"),
        ("0 800 130 000", "tel:+33800130000"),
        ("01 99 00 12 00", "tel:+33199001200"),
        ("01 99 00 12 40", "tel:+33199001240"),
        ("01 99 00 13 99", "tel:+33199001399"),
    ] {
        assert!(page.contains(&format!("<a href=\"{uri}\">{shown}</a>")), "{shown}");
    }
    let markdown = fs::read_to_string(example_root().join("content/pages/numeros-utiles.md")).unwrap();
    let written = markdown.matches("01 99 00 1").count() + 3;
    assert_eq!(page.matches("href=\"tel:").count(), written, "each number once, nothing else");
}

/// Protocol pages have the table of contents syntheses have: « Conduite à tenir » is one tap away.
#[test]
fn protocol_pages_have_a_table_of_contents() {
    let b = build_example(false);
    let page = read(&b.out, "protocoles/suivi-telephonique-infirmier/index.html");
    let toc = &page[page.find("class=\"toc\"").expect("a table of contents")..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert!(toc.matches("<li><a href=\"#").count() >= 3, "{toc}");
    for id in attrs(toc, "href") {
        assert!(ids(&page).contains(id.trim_start_matches('#')), "{id}");
    }
}

#[test]
fn synthesis_pages_show_key_points_and_vancouver_sources() {
    let b = build_example(false);
    let html = read(&b.out, "syntheses/masques/index.html");
    assert!(html.contains("id=\"a-retenir\""));
    assert!(html.contains("title=\"Accord d’experts\"") || html.contains("Accord d&#39;experts"), "grade AE explained");
    assert!(
        html.contains(
            "Chu DK, Akl EA, Duda S, Solo K, Yaacoub S, Schünemann HJ, et al. Physical distancing, face masks, and eye protection to prevent person-to-person transmission of SARS-CoV-2 and COVID-19: a systematic review and meta-analysis. Lancet. 2020 juin 27;395(10242):1973-87."
        ),
        "Vancouver order: authors, title, journal, date;volume:pages"
    );
    assert!(html.contains("Haut Conseil de la santé publique. Avis relatif"), "an institution stands as the author");
    assert!(html.contains("href=\"https://doi.org/10.1016/S0140-6736(20)31142-9\""));
    assert!(html.contains("href=\"https://pubmed.ncbi.nlm.nih.gov/32497510/\""));
    assert!(html.contains("[Internet]"), "web sources are marked");
}

#[test]
fn markdown_links_become_page_urls_and_typography_is_french() {
    let b = build_example(false);
    let html = read(&b.out, "syntheses/oxygenotherapie-domicile/index.html");
    assert!(html.contains("href=\"/protocoles/suivi-telephonique-infirmier/#conduite-a-tenir\""));
    assert!(html.contains("id=\"criteres\""));
    assert!(html.contains("<div class=\"table-wrap\""));
    assert!(html.contains("Critères pour rester à domicile"));
    let protocol = read(&b.out, "protocoles/parcours-centre-covid/index.html");
    assert!(protocol.contains("src=\"/protocoles/parcours-centre-covid.svg\""));
    assert!(protocol.contains("href=\"/protocoles/fiche-poste-centre-covid.pdf\""));
    let page = read(&b.out, "pages/numeros-utiles/index.html");
    assert!(page.contains("Urgence vitale, détresse respiratoire"));
    assert!(page.contains("l’utiliser"), "curly apostrophe");
    assert!(page.contains("Adresse\u{a0}: gymnase"), "no-break space before the colon");
}

#[test]
fn every_internal_link_resolves() {
    let b = build_example(false);
    let broken = broken_links(&b.out, false);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn relative_mode_has_no_rooted_links_and_every_link_resolves() {
    let b = build_example(true);
    for rel in files(&b.out).into_iter().filter(|f| f.ends_with(".html") && f != "404.html") {
        let html = read(&b.out, &rel);
        for link in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            assert!(!link.starts_with('/'), "{rel}: rooted link {link}");
            assert!(!link.starts_with("https://covidactu.cpts-aubriere.example"), "{rel}: absolute link {link}");
        }
    }
    let broken = broken_links(&b.out, true);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let issue = read(&b.out, "numeros/numero-4/index.html");
    assert!(issue.contains("href=\"../../syntheses/anticoagulation/index.html\""));
}

#[test]
fn no_external_resources() {
    let b = build_example(false);
    for rel in files(&b.out).into_iter().filter(|f| f.ends_with(".html")) {
        let html = read(&b.out, &rel);
        for src in attrs(&html, "src") {
            assert!(!src.contains("//"), "{rel}: external resource {src}");
        }
        for (i, _) in html.match_indices("<link ") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            if tag.contains("stylesheet") || tag.contains("icon") || tag.contains("preload") {
                assert!(!tag.contains("//"), "{rel}: external {tag}");
            }
        }
    }
    let css = read(&b.out, "style.css");
    assert!(!css.contains("url(http") && !css.contains("@import"), "no remote CSS resources");
}

#[test]
fn feed_and_sitemap_parse_and_point_to_generated_pages() {
    let b = build_example(false);
    let base = "https://covidactu.cpts-aubriere.example/";
    let feed = read(&b.out, "atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("atom.xml is well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let entries: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((atom, "entry"))).collect();
    assert_eq!(entries.len(), 6 + 8 + 6, "issues, syntheses and events");
    for e in &entries {
        let link = e.children().find(|n| n.has_tag_name((atom, "link"))).unwrap().attribute("href").unwrap();
        let path = link.strip_prefix(base).unwrap_or_else(|| panic!("feed link {link} not under base"));
        assert!(target_file(&b.out, path).is_file(), "feed link {link} has no page");
        let updated = e.children().find(|n| n.has_tag_name((atom, "updated"))).unwrap().text().unwrap();
        assert!(updated.ends_with("T00:00:00Z"), "{updated}");
        let content = e.children().find(|n| n.has_tag_name((atom, "content"))).unwrap().text().unwrap_or("");
        assert!(!content.contains("href=\"/"), "feed content links must be absolute");
    }
    let sitemap = read(&b.out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let locs: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.len() > 40);
    for loc in locs {
        let path = loc.strip_prefix(base).unwrap();
        assert!(target_file(&b.out, path).is_file(), "sitemap {loc} has no page");
    }
    assert!(read(&b.out, "robots.txt").contains(&format!("Sitemap: {base}sitemap.xml")));
}

#[test]
fn tag_and_profession_pages_gather_content() {
    let b = build_example(false);
    let tag = read(&b.out, "tags/masques/index.html");
    assert!(tag.contains("href=\"/syntheses/masques/\""));
    assert!(tag.contains("href=\"/numeros/numero-1/\""));
    let sf = read(&b.out, "professions/sage-femme/index.html");
    assert!(sf.contains("Sage-femme"));
    assert!(sf.contains("href=\"/syntheses/grossesse/\""));
    assert!(!sf.contains("href=\"/protocoles/tri-telephonique-secretariat/\""));
    let protocols = read(&b.out, "protocoles/index.html");
    assert!(protocols.contains("data-audience=\"secretaire medecin coordinateur \""), "filterable by profession");
    assert!(protocols.contains("href=\"/professions/infirmier/\""), "profession links without JS");
}

#[test]
fn check_reports_the_example_warnings_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let opts = options(&example_root(), &dir.path().join("out"));
    let diags = build::check(&opts);
    assert!(!diags.has_errors(), "{}", diags.render(false, None));
    let messages: Vec<String> = diags
        .iter()
        .map(|d| format!("{}:{} {}", d.file.as_ref().unwrap().display(), d.line, plain(&d.message)))
        .collect();
    let has = |s: &str| messages.iter().any(|m| m.contains(s));
    assert!(has("content/protocoles/tri-telephonique-secretariat.md:7 protocole dont la date de révision est passée (20 octobre 2020)"), "{messages:#?}");
    assert!(has("content/numeros/numero-1.md:12 le numéro contient « protocoles/suivi-telephonique-infirmier-v1 », un protocole obsolète"), "{messages:#?}");
    assert!(has("content/syntheses/masques.md:33 la source « DGS-Urgent"), "{messages:#?}");
    assert!(!dir.path().join("out").exists(), "check writes nothing");
}

#[test]
fn the_search_index_and_page_are_built_and_can_be_turned_off() {
    let b = build_example(false);
    let files = files(&b.out);
    for f in ["search/runtime.js", "search/meta.js", "search/f/0.js", "search/a/medecin.js", "recherche/index.html"] {
        assert!(files.contains(f), "missing {f}");
    }
    assert_eq!(
        files.iter().filter(|f| f.starts_with("search/f/")).count(),
        28 + 12 + 42,
        "one fragment per page (official messages included) and per entry of the directory"
    );
    let meta = read(&b.out, "search/meta.js");
    assert!(meta.contains("\"obsolete\":81"), "the one obsolete protocol is numbered last: {meta}");
    assert!(read(&b.out, "index.html").contains("role=\"combobox\""), "search box in the header");
    let page = read(&b.out, "recherche/index.html");
    assert!(page.contains("data-no-js-message"), "the page says what to do without JavaScript");

    let dir = example_copy();
    let yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap() + "search:\n  enabled: false\n";
    fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let out = dir.path().join("public");
    build::build(&options(dir.path(), &out)).unwrap();
    assert!(!out.join("search").exists() && !out.join("recherche").exists());
    assert!(!fs::read_to_string(out.join("index.html")).unwrap().contains("combobox"));
}

/// On a site with many protocols, the home page lists the current ones most recently
/// validated, not all of them, and says how many the protocols page has.
#[test]
fn home_lists_only_the_most_recently_validated_current_protocols() {
    let protocol = |n: u32, status: &str| {
        (
            format!("content/protocoles/p{n:02}.md"),
            format!("---\ntitle: \"Protocole {n:02}\"\nversion: \"1\"\nstatus: {status}\nvalidated: 2020-05-{n:02}\nvalidated_by: Bureau\nsummary: S\nauthors: A\n---\nCorps.\n"),
        )
    };
    let mut files: Vec<(String, String)> = (1..=11).map(|n| protocol(n, "valide")).collect();
    files.push(protocol(12, "obsolete"));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&borrowed);
    let out = dir.path().join("public");
    build::build(&options(dir.path(), &out)).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    let home = read(&out, "index.html");
    let listed: Vec<String> =
        (1..=12).filter(|n| home.contains(&format!("/protocoles/p{n:02}/"))).map(|n| format!("{n:02}")).collect();
    assert_eq!(listed, ["04", "05", "06", "07", "08", "09", "10", "11"], "the eight latest current ones");
    assert!(home.contains("Tous les protocoles (11 en vigueur)"), "the count of current protocols");
    let first = home.find("/protocoles/p11/").unwrap();
    assert!(first < home.find("/protocoles/p04/").unwrap(), "the most recently validated first");
}

/// Builds a copy of the example site with `paginate_by: per_page` (links rooted).
fn build_paginated(per_page: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = example_copy();
    let yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap() + &format!("paginate_by: {per_page}\n");
    fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let out = dir.path().join("public");
    let mut opts = options(dir.path(), &out);
    opts.relative_urls = Some(false);
    build::build(&opts).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    (dir, out)
}

/// The synthesis URLs a list page shows, in order.
fn synthesis_links(html: &str) -> Vec<String> {
    let main = &html[html.find("<main").unwrap()..];
    let mut links: Vec<String> = attrs(main, "href")
        .into_iter()
        .filter(|h| h.starts_with("/syntheses/") && h.len() > "/syntheses/".len())
        .map(str::to_owned)
        .collect();
    links.retain(|h| !h.contains("/page/"));
    links.dedup();
    links
}

#[test]
fn long_lists_are_paginated_with_every_item_on_exactly_one_page() {
    let (_dir, out) = build_paginated(3);
    let pages = ["syntheses/index.html", "syntheses/page/2/index.html", "syntheses/page/3/index.html"];
    let shown: Vec<Vec<String>> = pages.iter().map(|p| synthesis_links(&read(&out, p))).collect();
    assert_eq!(shown.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 2], "{shown:#?}");
    let whole = synthesis_links(&read(&build_example(false).out, "syntheses/index.html"));
    assert_eq!(shown.concat(), whole, "the same syntheses in the same order, each once");
    assert!(!out.join("syntheses/page/4").exists() && !out.join("syntheses/page/1").exists());

    let second = read(&out, "syntheses/page/2/index.html");
    assert!(second.contains("<title>Synthèses — Page 2 — Covid&#39;actu</title>"), "the page number in the title");
    assert!(second.contains(r#"<a href="/syntheses/" rel="prev">"#));
    assert!(second.contains(r#"<a href="/syntheses/page/3/" rel="next">"#));
    assert!(second.contains(r#"<a href="/syntheses/page/2/" aria-current="page">2</a>"#));
    assert!(second.contains("Documents 4 à 6 sur 8 — Page 2 sur 3"));
    assert!(read(&out, "syntheses/page/3/index.html").contains("Documents 7 à 8 sur 8"));
    assert!(!read(&out, "syntheses/page/3/index.html").contains("rel=\"next\""), "no next page after the last");

    let nurse = read(&out, "professions/infirmier/index.html");
    assert!(nurse.contains(r#"<a href="/professions/infirmier/page/2/" rel="next">"#), "profession lists too");
    let tag_pages = files(&out).into_iter().filter(|f| f.starts_with("tags/covid/page/")).count();
    assert!(tag_pages >= 1, "tag lists too");
    assert!(!read(&out, "protocoles/index.html").contains("class=\"pagination\""), "protocols stay on one page");
    assert!(!read(&out, "numeros/index.html").contains("class=\"pagination\""), "so does the archive of issues");

    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://covidactu.cpts-aubriere.example/syntheses/page/3/</loc>"));
    assert!(sitemap.contains("<loc>https://covidactu.cpts-aubriere.example/professions/infirmier/page/2/</loc>"));
    let broken = broken_links(&out, false);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn pagination_keeps_links_relative_and_can_be_turned_off() {
    let dir = example_copy();
    let yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap() + "paginate_by: 2\n";
    fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let out = dir.path().join("public");
    build::build(&options(dir.path(), &out)).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    let third = read(&out, "syntheses/page/3/index.html");
    assert!(third.contains(r#"href="../../../syntheses/page/2/index.html" rel="prev""#), "{third}");
    assert!(third.contains(r#"href="../../../syntheses/index.html" aria-label="Page 1""#));
    let broken = broken_links(&out, true);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    let (_dir, out) = build_paginated(0);
    assert!(!files(&out).iter().any(|f| f.contains("/page/")), "0: every list on one page");
    assert_eq!(synthesis_links(&read(&out, "syntheses/index.html")).len(), 8);
}

/// The `content` of `<meta property|name="key">` in `html`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let pattern = format!("=\"{key}\" content=\"");
    let rest = &html[html.find(&pattern)? + pattern.len()..];
    Some(&rest[..rest.find('"')?])
}

/// A link shared in a messaging app shows a preview: every page has Open Graph and Twitter
/// card tags with its title, summary, the site's name, `fr_FR` and its absolute URL, and the
/// image `share_image` names.
#[test]
fn every_page_has_sharing_tags() {
    let dir = example_copy();
    write(dir.path(), "content/partage.png", "png");
    let yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap() + "share_image: /partage.png\n";
    fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let out = dir.path().join("public");
    build::build(&options(dir.path(), &out)).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    let base = "https://covidactu.cpts-aubriere.example/";
    let pages: Vec<String> = files(&out).into_iter().filter(|f| f.ends_with("index.html")).collect();
    assert!(pages.len() > 50);
    for page in &pages {
        let html = read(&out, page);
        let url = format!("{base}{}", page.trim_end_matches("index.html"));
        assert_eq!(meta(&html, "og:url"), Some(url.as_str()), "{page}");
        assert_eq!(meta(&html, "og:locale"), Some("fr_FR"), "{page}");
        assert_eq!(meta(&html, "og:site_name"), Some("Covid&#39;actu"), "{page}");
        assert_eq!(meta(&html, "og:image"), Some(&*format!("{base}partage.png")), "{page}");
        assert_eq!(meta(&html, "twitter:card"), Some("summary_large_image"), "{page}");
        for key in ["og:title", "og:description", "twitter:title", "twitter:description"] {
            assert!(meta(&html, key).is_some_and(|v| !v.is_empty()), "{page}: {key}");
        }
    }
    let masques = read(&out, "syntheses/masques/index.html");
    assert_eq!(meta(&masques, "og:title"), Some("Masques : qui porte quoi, et quand"));
    assert!(meta(&masques, "og:description").unwrap().starts_with("Masque chirurgical pour tout soignant"));
    assert_eq!(meta(&masques, "og:type"), Some("article"));

    let yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap().replace("/partage.png", "/absente.png");
    fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let errors = build::build(&options(dir.path(), &out)).unwrap_err();
    let d = errors.iter().find(|d| d.is_error()).unwrap();
    assert!(plain(&d.message).contains("share_image « /absente.png » n'est pas un fichier du site"), "{}", d.message);
    assert_eq!(d.file.as_deref(), Some(std::path::Path::new("site.yaml")));
    assert!(d.line > 1);
}

/// An issue links to its print view, which carries the editorial, then the full text of each
/// item, their ids made unique (two syntheses' « Contexte » do not clash) and their links kept.
#[test]
fn an_issue_has_a_print_view_with_the_full_text_of_its_items() {
    let b = build_example(false);
    let issue = read(&b.out, "numeros/numero-4/index.html");
    assert!(issue.contains("href=\"/numeros/numero-4/impression/\""), "linked from the issue page");
    let print = read(&b.out, "numeros/numero-4/impression/index.html");
    assert!(print.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(print.contains("Un mois de suivi à domicile nous a appris"), "the editorial");
    let protocol =
        fs::read_to_string(example_root().join("content/protocoles/suivi-telephonique-infirmier.md")).unwrap();
    assert!(protocol.contains("## Conduite à tenir {#conduite-a-tenir}"));
    assert!(
        print.contains("<h3 id=\"suivi-telephonique-infirmier-conduite-a-tenir\">Conduite à tenir</h3>"),
        "the protocol's full text, headings under its title"
    );
    assert!(print.contains("J Thromb Haemost"), "the synthesis's sources");
    let order = [
        "id=\"editorial\"",
        "id=\"protocoles-suivi-telephonique-infirmier\"",
        "id=\"protocoles-rappel-patients-fragiles-psychologues\"",
        "id=\"syntheses-anticoagulation\"",
    ];
    let at: Vec<usize> = order.iter().map(|o| print.find(o).unwrap_or_else(|| panic!("{o}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "editorial, then the items in order");
    let all_ids = attrs(&print, "id");
    let unique: std::collections::BTreeSet<_> = all_ids.iter().collect();
    assert_eq!(all_ids.len(), unique.len(), "no id twice");
    for link in attrs(&print, "href").into_iter().filter(|l| l.starts_with('#')) {
        assert!(unique.contains(&&link[1..]), "in-page link {link} has its target");
    }
    assert!(broken_links(&b.out, false).is_empty());
}

/// A site written in English gets the default theme's English interface.
#[test]
fn a_site_in_english_gets_an_english_interface() {
    let dir = example_copy();
    let yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap().replace("language: fr", "language: en");
    fs::write(dir.path().join("site.yaml"), yaml).unwrap();
    let out = dir.path().join("public");
    build::build(&options(dir.path(), &out)).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    let home = read(&out, "index.html");
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains("Latest issue") && home.contains("Recently validated protocols"), "English strings");
    assert!(home.contains("content=\"en_GB\""), "the sharing locale");
    assert!(!home.contains("Dernier numéro"));
    assert!(read(&out, "desinscription/index.html").contains("Leave the newsletter"));
    let issue = read(&out, "numeros/numero-6/index.html");
    assert!(issue.contains("May 2020") && !issue.contains(" mai 2020"), "dates in English");
    let masks = read(&out, "syntheses/masques/index.html");
    assert!(masks.contains("[Internet]. 2020 Apr 14.") && !masks.contains(" 2020 avr"), "citations' months in English");
    assert!(masks.contains("(no. 2020_23)") && !masks.contains("n° 2020_23"), "a cited message's number in English");
}

/// An obsolete protocol whose successor says `replaces:` but which does not say
/// `replaced_by:` still links to it, on its page and in « Versions remplacées ».
#[test]
fn a_replacement_written_on_one_side_only_is_linked_both_ways() {
    let dir = example_copy();
    let old = dir.path().join("content/protocoles/suivi-telephonique-infirmier-v1.md");
    let text = fs::read_to_string(&old).unwrap();
    assert!(text.contains("replaced_by: [protocoles/suivi-telephonique-infirmier]\n"));
    fs::write(&old, text.replace("replaced_by: [protocoles/suivi-telephonique-infirmier]\n", "")).unwrap();
    let out = dir.path().join("public");
    let mut opts = options(dir.path(), &out);
    opts.relative_urls = Some(false);
    build::build(&opts).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    let page = read(&out, "protocoles/suivi-telephonique-infirmier-v1/index.html");
    assert!(page.contains("Il est remplacé par <a href=\"/protocoles/suivi-telephonique-infirmier/\">"), "{page}");
    let list = read(&out, "protocoles/index.html");
    assert!(list.contains("remplacée par <a href=\"/protocoles/suivi-telephonique-infirmier/\">"));
}

/// The page every email's footer links to says how to leave the list, with a button that
/// opens a pre-filled mail to the unsubscribe address, and is kept out of search engines.
#[test]
fn the_unsubscribe_page_explains_how_to_leave() {
    let b = build_example(false);
    let page = read(&b.out, "desinscription/index.html");
    assert!(page.contains("<h1>Se désinscrire de la lettre</h1>"), "{page}");
    assert!(
        page.contains("href=\"mailto:desinscription@cpts-aubriere.example?subject=D%C3%A9sinscription\""),
        "{page}"
    );
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!read(&b.out, "sitemap.xml").contains("desinscription"), "not listed for search engines");
    assert!(page.contains("Vous ne souhaitez plus recevoir la lettre par e-mail\u{202f}?"), "French typography");
}
