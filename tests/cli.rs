//! The `covidactu` command as a user runs it: init, new, build (atomic), check.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn covidactu(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_covidactu")).args(args).current_dir(cwd).output().unwrap()
}

#[test]
fn init_creates_a_site_that_builds_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let o = covidactu(&["init", "monsite"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let site = dir.path().join("monsite");
    for f in [
        "site.yaml",
        ".gitignore",
        "content/numeros/numero-1.md",
        "content/protocoles/suivi-telephonique.md",
        "content/syntheses/masques.md",
        "content/pages/a-propos.md",
        "content/evenements/webinaire-suivi.md",
        "content/annuaire/annuaire.csv",
        "content/veille/dgs-urgent-2020-19.md",
    ] {
        assert!(site.join(f).is_file(), "init wrote no {f}");
    }
    assert!(fs::read_to_string(site.join(".gitignore")).unwrap().contains("/.covidactu/"));
    let o = covidactu(&["build", "--root", "monsite"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains(
            "construit : 1 numéro, 1 protocole, 1 synthèse, 1 page, 1 événement, 1 message officiel, 6 structures dans l'annuaire"
        ),
        "{}",
        text(&o)
    );
    assert!(site.join("public/numeros/numero-1/index.html").is_file());
    let directory = fs::read_to_string(site.join("public/annuaire/index.html")).unwrap();
    assert_eq!(directory.matches("class=\"directory-entry\"").count(), 6, "the example directory");
    let issue = fs::read_to_string(site.join("public/numeros/numero-1/index.html")).unwrap();
    assert!(issue.contains("Laboratoire du Centre") && issue.contains("tel:116117"), "its useful numbers");
    let again = covidactu(&["init", "monsite"], dir.path());
    assert!(!again.status.success(), "init refuses a non-empty folder");
}

/// The CI examples `init` writes (not run here: they need GitLab or GitHub) download the
/// archive `scripts/release` makes and call commands and options this covidactu has: their
/// `./covidactu` lines are run on the new site, with the forge's variables filled in.
#[test]
fn init_writes_ci_examples_whose_commands_work() {
    let dir = tempfile::tempdir().unwrap();
    assert!(covidactu(&["init", "monsite"], dir.path()).status.success());
    let site = dir.path().join("monsite");
    let archive = format!("covidactu-{}-x86_64-linux.tar.gz", env!("CARGO_PKG_VERSION"));
    let release = fs::read_to_string(example_root().join("scripts/release")).unwrap();
    assert!(release.contains("linux=\"covidactu-$version-x86_64-linux\""), "the examples name the release's archive");
    let gitlab = fs::read_to_string(site.join("exemples-ci/gitlab-pages.yml")).unwrap();
    let github = fs::read_to_string(site.join("exemples-ci/github-pages.yml")).unwrap();
    let gitlab_yaml: serde_yaml::Value = serde_yaml::from_str(&gitlab).unwrap();
    let github_yaml: serde_yaml::Value = serde_yaml::from_str(&github).unwrap();
    assert_eq!(gitlab_yaml["pages"]["artifacts"]["paths"][0], "public", "GitLab Pages serves public/");
    assert_eq!(github_yaml["jobs"]["publier"]["steps"][4]["with"]["path"], "public");
    let mut lines: Vec<String> = Vec::new();
    for step in gitlab_yaml["pages"]["script"].as_sequence().unwrap() {
        lines.push(step.as_str().unwrap().replace("$CI_PAGES_URL", "https://cpts.gitlab.io/lettre"));
    }
    for step in github_yaml["jobs"]["publier"]["steps"].as_sequence().unwrap() {
        if let Some(run) = step["run"].as_str() {
            lines.extend(
                run.lines().map(|l| l.replace("${{ steps.pages.outputs.base_url }}", "https://cpts.github.io/lettre")),
            );
        }
    }
    for text in [&gitlab, &github] {
        assert!(text.contains(&archive), "{archive}");
        assert!(text.contains("sha256sum -c"), "the download is checked");
        assert!(text.contains("./covidactu publish") && text.contains("COVIDACTU_SFTP_PASSWORD"), "the SFTP variant");
    }
    let commands: Vec<&String> = lines.iter().filter(|l| l.starts_with("./covidactu ")).collect();
    assert_eq!(commands.len(), 2, "{lines:?}");
    for (command, base) in
        commands.into_iter().zip(["https://cpts.gitlab.io/lettre/", "https://cpts.github.io/lettre/"])
    {
        let args: Vec<String> = command.split_whitespace().skip(1).map(|a| a.trim_matches('"').to_string()).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = covidactu(&args, &site);
        assert!(o.status.success(), "{command}: {}", text(&o));
        let atom = fs::read_to_string(site.join("public/atom.xml")).unwrap();
        assert!(atom.contains(base), "{command}: the forge's address is the site's");
    }
}

#[test]
fn new_prefills_and_never_overwrites() {
    let dir = example_copy();
    let root = dir.path().to_str().unwrap();
    let o = covidactu(&["new", "numero", "Covid'actu n°7", "--root", root], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let path = dir.path().join("content/numeros/covid-actu-n7.md");
    let written = fs::read_to_string(&path).unwrap();
    assert!(written.contains("number: 7\n"), "next issue number: {written}");
    assert!(written.contains("title: \"Covid'actu n°7\""));
    assert!(written.contains(&format!("date: {}", chrono::Local::now().date_naive().format("%Y-%m-%d"))));
    fs::write(&path, "mon brouillon").unwrap();
    let o = covidactu(&["new", "numero", "Covid'actu n°7", "--root", root], dir.path());
    assert!(!o.status.success());
    assert!(text(&o).contains("existe déjà ; il n'est pas écrasé"), "{}", text(&o));
    assert_eq!(fs::read_to_string(&path).unwrap(), "mon brouillon", "not overwritten");
    fs::remove_file(&path).unwrap();
    for (kind, file) in [
        ("protocole", "content/protocoles/rappel-des-patients-diabetiques.md"),
        ("synthese", "content/syntheses/rappel-des-patients-diabetiques.md"),
        ("page", "content/pages/rappel-des-patients-diabetiques.md"),
        ("evenement", "content/evenements/rappel-des-patients-diabetiques.md"),
    ] {
        let o = covidactu(&["new", kind, "Rappel des patients diabétiques", "--root", root], dir.path());
        assert!(o.status.success(), "{}", text(&o));
        assert!(dir.path().join(file).is_file());
    }
    let o = covidactu(&["check", "--root", root, "--drafts"], dir.path());
    assert!(o.status.success(), "new files pass check: {}", text(&o));
}

/// Every file of `out` with its bytes.
fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    files(out).into_iter().map(|f| (f.clone(), fs::read(out.join(&f)).unwrap())).collect()
}

/// The temporary folders of builds left in `dir`.
fn leftovers(dir: &Path) -> Vec<fs::DirEntry> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".covidactu-") && e.path().is_dir())
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = example_copy();
    let root = dir.path().to_str().unwrap();
    let o = covidactu(&["build", "--root", root], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let out = dir.path().join("public");
    let before = snapshot(&out);
    write(dir.path(), "content/pages/casse.md", "---\ntitle: Cassé\ndate: 2020-02-30\n---\n");
    let o = covidactu(&["build", "--root", root], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("content/pages/casse.md:3:1"), "{}", text(&o));
    assert!(text(&o).contains("est resté tel quel"));
    assert_eq!(before, snapshot(&out), "output changed by a failed build");
    assert!(leftovers(dir.path()).is_empty(), "temporary folders left behind");
}

#[test]
fn a_template_failing_mid_render_leaves_the_previous_output_untouched() {
    // Files are staged as they are rendered; a template error in some pages only must not
    // let the ones rendered before it reach the output.
    let dir = example_copy();
    let root = dir.path().to_str().unwrap();
    assert!(covidactu(&["build", "--root", root], dir.path()).status.success());
    let out = dir.path().join("public");
    let before = snapshot(&out);
    write(
        dir.path(),
        "content/pages/a-propos.md",
        &(fs::read_to_string(dir.path().join("content/pages/a-propos.md")).unwrap() + "\nUn paragraphe ajouté.\n"),
    );
    write(
        dir.path(),
        "themes/default/templates/synthesis.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.nope.nope }}{% endblock main %}",
    );
    let o = covidactu(&["build", "--root", root], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("synthesis.html"), "{}", text(&o));
    assert!(text(&o).contains("est resté tel quel"), "{}", text(&o));
    assert_eq!(before, snapshot(&out), "output changed by a failed build");
    assert!(leftovers(dir.path()).is_empty(), "temporary folders left behind");
}

#[test]
fn a_successful_build_replaces_stale_files() {
    let dir = example_copy();
    let root = dir.path().to_str().unwrap();
    assert!(covidactu(&["build", "--root", root], dir.path()).status.success());
    fs::remove_file(dir.path().join("content/pages/a-propos.md")).unwrap();
    assert!(covidactu(&["build", "--root", root], dir.path()).status.success());
    assert!(!dir.path().join("public/pages/a-propos/index.html").exists(), "stale page removed");
}

#[test]
fn build_refuses_to_overwrite_sources_or_foreign_folders() {
    let dir = example_copy();
    let root = dir.path().to_str().unwrap();
    for out in [root.to_owned(), format!("{root}/content"), format!("{root}/content/pages")] {
        let o = covidactu(&["build", "--root", root, "--out", &out], dir.path());
        assert!(!o.status.success(), "wrote to {out}");
        assert!(text(&o).contains("refus d"), "{}", text(&o));
    }
    let foreign = dir.path().join("mes-documents");
    write(&foreign, "important.txt", "ne pas effacer");
    let o = covidactu(&["build", "--root", root, "--out", foreign.to_str().unwrap()], dir.path());
    assert!(!o.status.success());
    assert_eq!(fs::read_to_string(foreign.join("important.txt")).unwrap(), "ne pas effacer");
    assert!(dir.path().join("content/pages/a-propos.md").is_file());
}

#[test]
fn check_prints_json_and_exits_1_on_errors() {
    let dir = site(&[("content/pages/a.md", "---\ntitle: A\nwieght: 3\n---\n")]);
    let o = covidactu(&["check", "--format", "json", "--root", dir.path().to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let first = &json[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/pages/a.md");
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 1);
    assert_eq!(plain(first["help"].as_str().unwrap()), "vouliez-vous dire « weight » ?");
}

#[test]
fn piped_diagnostics_have_no_colour_codes() {
    let dir = site(&[("content/pages/a.md", "---\ntitle: A\nwieght: 3\n---\n")]);
    let o = covidactu(&["check", "--root", dir.path().to_str().unwrap()], dir.path());
    let t = text(&o);
    assert!(t.contains("erreur : champ inconnu « wieght » pour une page"), "{t}");
    assert!(t.contains("0 avertissement"), "French counts the singular up to one: {t}");
    assert!(!t.contains('\u{1b}'), "ANSI codes in piped output");
}

/// English is one flag (or one variable) away, for developers and bug reports.
#[test]
fn diagnostics_speak_english_when_asked() {
    let dir = site(&[(
        "content/pages/a.md",
        "---
title: A
wieght: 3
---
",
    )]);
    let root = dir.path().to_str().unwrap();
    let o = covidactu(&["check", "--root", root, "--lang", "en"], dir.path());
    assert!(text(&o).contains("error: unknown field `wieght` for a page\n"), "{}", text(&o));
    assert!(text(&o).contains("= help: did you mean `weight`?"), "{}", text(&o));
    assert!(text(&o).contains("1 error, 0 warnings"), "{}", text(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_covidactu"))
        .args(["check", "--root", root])
        .env("COVIDACTU_LANG", "en")
        .output()
        .unwrap();
    assert!(text(&o).contains("error: unknown field `wieght`"), "{}", text(&o));
}

/// A mistyped command line is answered in French too, with clap's suggestion.
#[test]
fn command_line_errors_are_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let o = covidactu(&["buidl"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("erreur : commande inconnue « buidl »\n  = vouliez-vous dire « build » ?"),
        "{}",
        text(&o)
    );
    let o = covidactu(&["send", "numeros/n", "--rate", "3/j"], dir.path());
    assert!(text(&o).contains("valeur invalide « 3/j » pour --rate"), "{}", text(&o));
    assert!(text(&o).contains("unité inconnue « j » ; utilisez /s, /min ou /h"), "{}", text(&o));
    let o = covidactu(&["build", "--rot", "x"], dir.path());
    assert!(text(&o).contains("argument inattendu « --rot »"), "{}", text(&o));
    assert!(text(&o).contains("Utilisation : covidactu build"), "{}", text(&o));
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["build", "check", "new", "init"] {
        let o = covidactu(&[cmd, "--help"], dir.path());
        assert!(o.status.success());
        assert!(String::from_utf8_lossy(&o.stdout).contains("Utilisation\u{a0}: covidactu"), "{cmd}");
    }
}
