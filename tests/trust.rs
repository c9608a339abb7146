//! What the site says can be trusted: a protocol nobody validated is never published nor
//! counted as « en vigueur », and nothing unfinished (placeholders of `new`, no summary, no
//! authors) is published. Run through the binary, as an author and a coordinator would.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn covidactu(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_covidactu")).args(args).current_dir(cwd).output().unwrap()
}

/// A fresh `covidactu init` site in `dir/site`.
fn init(dir: &Path) -> std::path::PathBuf {
    let o = covidactu(&["init", "site"], dir);
    assert!(o.status.success(), "{}", text(&o));
    dir.join("site")
}

/// Replaces `from` by `to` in the file at `path` (which must contain it).
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}:\n{text}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The exact scenario of a new user: `new protocole` then `build` must not publish it.
#[test]
fn a_new_protocol_is_neither_published_nor_counted_until_validated() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path());
    let root = site.to_str().unwrap();
    let o = covidactu(&["new", "protocole", "Protocole test", "--root", root], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let written = fs::read_to_string(site.join("content/protocoles/protocole-test.md")).unwrap();
    assert!(written.contains("\nstatus: brouillon\n"), "{written}");

    let o = covidactu(&["build", "--root", root], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("construit : 1 numéro, 1 protocole, 1 synthèse, 1 page"), "{}", text(&o));
    let home = fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(!home.contains("Protocole test"), "not under « Protocoles récemment validés »");
    assert!(home.contains("Tous les protocoles (1 en vigueur)"), "not counted");
    assert!(!site.join("public/protocoles/protocole-test").exists(), "no page for it");
    let list = fs::read_to_string(site.join("public/protocoles/index.html")).unwrap();
    assert!(!list.contains("Protocole test"));

    // `--drafts` (like `serve`) shows it, marked in every list and on its page.
    let preview = site.join("apercu");
    let o = covidactu(&["build", "--root", root, "--drafts", "--out", preview.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let page = fs::read_to_string(site.join("apercu/protocoles/protocole-test/index.html")).unwrap();
    assert!(page.contains("Brouillon — non validé, ne pas appliquer."), "the banner");
    let list = fs::read_to_string(site.join("apercu/protocoles/index.html")).unwrap();
    let card = &list[list.find("Protocole test").unwrap().saturating_sub(600)..];
    assert!(card.contains("badge-unpublished\">Brouillon</span>"), "a badge in the list");
    let home = fs::read_to_string(site.join("apercu/index.html")).unwrap();
    assert!(!home.contains("Protocole test") && home.contains("(1 en vigueur)"), "still not in force");
}

#[test]
fn a_protocol_in_review_is_marked_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path());
    let path = site.join("content/protocoles/suivi-telephonique.md");
    edit(&path, "status: valide", "status: relecture");
    let root = site.to_str().unwrap();
    let o = covidactu(&["build", "--root", root, "--drafts"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let page = fs::read_to_string(site.join("public/protocoles/suivi-telephonique/index.html")).unwrap();
    assert!(page.contains("En relecture — non validé, ne pas appliquer."), "the banner");
    let home = fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("(0 en vigueur)"), "a protocol in review is not in force");
    assert!(text(&o).contains("le numéro contient « protocoles/suivi-telephonique », un protocole pas encore validé"));
}

/// An issue may carry only validated (or obsolete) protocols: `build`, `check`, `email` and
/// `send` say so at the item's line.
#[test]
fn an_issue_carrying_an_unvalidated_protocol_is_an_error_at_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path());
    edit(&site.join("content/protocoles/suivi-telephonique.md"), "status: valide", "status: brouillon");
    let root = site.to_str().unwrap();
    fs::write(site.join("liste.csv"), "email\nclaire@example.org\n").unwrap();
    for args in [
        vec!["build", "--root", root],
        vec!["check", "--root", root],
        vec!["email", "numeros/numero-1", "--root", root],
        vec!["send", "numeros/numero-1", "--list", "liste.csv", "--dry-run", "--root", root],
    ] {
        let o = covidactu(&args, &site);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
        let out = text(&o);
        assert!(
            out.contains(
                "« protocoles/suivi-telephonique » est un protocole pas encore validé (« status: brouillon »)"
            ),
            "{args:?}: {out}"
        );
        assert!(out.contains("content/numeros/numero-1.md:10:5"), "at the item's line: {args:?}: {out}");
    }
    assert!(!site.join("public").exists(), "nothing built");
}

/// A `new synthese` file made public without being written: every placeholder and every
/// missing piece is an error at its line.
#[test]
fn a_synthesis_published_unfinished_is_refused_at_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path());
    let root = site.to_str().unwrap();
    let o = covidactu(&["new", "synthese", "Vitamine D", "--root", root], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let path = site.join("content/syntheses/vitamine-d.md");
    let o = covidactu(&["check", "--root", root], dir.path());
    assert!(o.status.success(), "a draft is not checked for completeness: {}", text(&o));

    edit(&path, "draft: true", "draft: false");
    let written = fs::read_to_string(&path).unwrap();
    let line_of = |needle: &str| written.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let o = covidactu(&["check", "--root", root], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    let file = "content/syntheses/vitamine-d.md";
    for (needle, message) in [
        (
            "Premier point à retenir.",
            "« Premier point à retenir. » est un texte à remplacer laissé par « covidactu new »",
        ),
        ("Titre de la recommandation", "est un texte à remplacer laissé par « covidactu new »"),
        ("summary:", "pour être publié, il manque à une synthèse un résumé « summary »"),
        ("authors:", "pour être publié, il manque à une synthèse ses auteurs « authors »"),
    ] {
        let at = format!("{file}:{}:", line_of(needle));
        assert!(out.lines().any(|l| l.contains(&at)), "nothing at {at} ({message}): {out}");
        assert!(out.contains(message), "{message}: {out}");
    }

    // Written for real: the reviewers warning becomes an error when the site requires it.
    let finished = written
        .replace("draft: true", "draft: false")
        .replace("authors: []", "authors: [\"Dr Inès Haddad\"]")
        .replace("summary: \"\"", "summary: \"La vitamine D ne prévient pas la Covid.\"")
        .replace("Premier point à retenir.", "Pas de supplémentation systématique.")
        .replace("Titre de la recommandation ou de l'article", "Vitamine D et Covid-19")
        .replace("À compléter.", "Texte.");
    fs::write(&path, finished).unwrap();
    let o = covidactu(&["check", "--root", root], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("synthèse publiée sans « reviewers » : personne ne l'a relue"), "{}", text(&o));
    let yaml = fs::read_to_string(site.join("site.yaml")).unwrap();
    fs::write(site.join("site.yaml"), yaml + "review_required: true\n").unwrap();
    let o = covidactu(&["check", "--root", root], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("erreur : synthèse publiée sans « reviewers »"), "{}", text(&o));
}

/// A `new protocole` file switched to `valide` without being written or signed.
#[test]
fn a_protocol_validated_unfinished_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path());
    let root = site.to_str().unwrap();
    let o = covidactu(&["new", "protocole", "Rappel", "--root", root], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let path = site.join("content/protocoles/rappel.md");
    edit(&path, "\nstatus: brouillon", "\nstatus: valide");
    let o = covidactu(&["check", "--root", root], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    for message in [
        "un protocole en « status: valide » doit avoir une date « validated »",
        "un protocole en « status: valide » doit dire qui l'a validé : « validated_by »",
        "« À compléter. » est un texte à remplacer laissé par « covidactu new »",
        "pour être publié, il manque à un protocole un résumé « summary »",
        "pour être publié, il manque à un protocole ses auteurs « authors »",
    ] {
        assert!(out.contains(message), "{message}: {out}");
    }
    let placeholders = out.matches("« À compléter. » est un texte à remplacer").count();
    assert_eq!(placeholders, 4, "one per section: {out}");
}

/// Each placeholder `new` writes is one the check knows, so none can be published.
#[test]
fn every_placeholder_written_by_new_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path());
    let root = site.to_str().unwrap();
    for kind in ["numero", "protocole", "synthese", "page"] {
        let o = covidactu(&["new", kind, &format!("Essai {kind}"), "--root", root], dir.path());
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = covidactu(&["check", "--root", root, "--drafts"], dir.path());
    assert!(o.status.success(), "drafts are previewed without completeness errors: {}", text(&o));
    let mut found = Vec::new();
    for file in files(&site.join("content")).into_iter().filter(|f| f.contains("essai")) {
        let text = fs::read_to_string(site.join("content").join(&file)).unwrap();
        for p in covidactu::content::unfinished::PLACEHOLDERS {
            if text.contains(p) {
                found.push(*p);
            }
        }
    }
    found.sort();
    found.dedup();
    let mut all = covidactu::content::unfinished::PLACEHOLDERS.to_vec();
    all.sort();
    assert_eq!(found, all, "every listed placeholder is written by some `new` template");

    // Made public as written, each of them is refused.
    for file in files(&site.join("content")).into_iter().filter(|f| f.contains("essai")) {
        let path = site.join("content").join(&file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            text.replace("draft: true", "draft: false").replace("\nstatus: brouillon", "\nstatus: valide"),
        )
        .unwrap();
    }
    let o = covidactu(&["check", "--root", root], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    for p in all {
        assert!(text(&o).contains(&format!("« {p} » est un texte à remplacer")), "{p}: {}", text(&o));
    }
}

/// `email` and `send` load the site as `build` does and say what is worth knowing: an issue
/// carrying an obsolete protocol is not mailed without a word.
#[test]
fn email_and_send_print_the_site_warnings() {
    let dir = example_copy();
    let root = dir.path().to_str().unwrap();
    fs::write(dir.path().join("liste.csv"), "email\nclaire@example.org\n").unwrap();
    for args in [
        vec!["email", "numeros/numero-1", "--root", root],
        vec!["send", "numeros/numero-1", "--list", "liste.csv", "--dry-run", "--root", root],
    ] {
        let o = covidactu(&args, dir.path());
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        let err = plain(&String::from_utf8_lossy(&o.stderr));
        assert!(
            err.contains("avertissement : le numéro contient « protocoles/suivi-telephonique-infirmier-v1 », un protocole obsolète"),
            "{args:?}: {err}"
        );
        assert!(err.contains("content/numeros/numero-1.md:12:5"), "{args:?}: {err}");
    }
}
