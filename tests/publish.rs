//! `covidactu publish` to a folder (`file:///…`): a first publish copies the site and its
//! manifest; after an edit only that page and what shows it move; a deleted page goes; a dry
//! run changes nothing; and a publish cut after any number of files leaves every page that a
//! reader can reach from the home page with all its links working, the next publish
//! finishing the job.

mod common;

use common::*;
use covidactu::publish::host::{Folder, Host};
use covidactu::publish::manifest::{self, Manifest};
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::process::{Command, Output};

fn covidactu(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_covidactu"))
        .current_dir(root)
        .env_remove("COVIDACTU_LANG")
        .args(args)
        .output()
        .unwrap()
}

fn build(root: &Path) {
    let o = covidactu(root, &["build"]);
    assert!(o.status.success(), "{}", text(&o));
}

fn to(dest: &Path) -> String {
    url::Url::from_file_path(dest).unwrap().to_string()
}

fn publish(root: &Path, dest: &Path, extra: &[&str]) -> String {
    let o = covidactu(root, &[&["publish", "--to", &to(dest)][..], extra].concat());
    assert!(o.status.success(), "{}", text(&o));
    text(&o)
}

/// The host holds exactly the output, and the manifest of it.
fn assert_same(out: &Path, dest: &Path) {
    let local = Manifest::of_folder(out).unwrap();
    let remote = Manifest::of_folder(dest).unwrap();
    assert_eq!(local.files.keys().collect::<Vec<_>>(), remote.files.keys().collect::<Vec<_>>());
    assert_eq!(local, remote);
    let written = Manifest::parse(&std::fs::read(dest.join(manifest::FILE)).unwrap()).unwrap();
    assert_eq!(written, local);
}

/// Every page a reader reaches from the home page, following links, has all its links (pages,
/// styles, scripts, images) on the host. Returns how many pages were reached.
fn reachable_pages_are_whole(dest: &Path) -> Result<usize, String> {
    use std::path::{Component, PathBuf};
    // The file a link of `page` (a path under `dest`) points to.
    let target = |page: &Path, link: &str| -> Option<PathBuf> {
        if link.contains(':') || link.starts_with('#') || link.starts_with("//") {
            return None;
        }
        let link = percent_decode(link.split(['#', '?']).next().unwrap_or(""));
        let base = if link.starts_with('/') { PathBuf::new() } else { page.parent().unwrap().to_path_buf() };
        let mut path = PathBuf::new();
        for c in base.join(link.trim_start_matches('/')).components() {
            match c {
                Component::ParentDir => {
                    path.pop();
                }
                Component::Normal(n) => path.push(n),
                _ => {}
            }
        }
        if link.ends_with('/') || link.is_empty() || dest.join(&path).is_dir() {
            path.push("index.html");
        }
        Some(path)
    };
    if !dest.join("index.html").exists() {
        return Ok(0);
    }
    let home = PathBuf::from("index.html");
    let mut seen = BTreeSet::from([home.clone()]);
    let mut queue = VecDeque::from([home]);
    while let Some(page) = queue.pop_front() {
        let html = std::fs::read_to_string(dest.join(&page)).unwrap();
        for link in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            let Some(file) = target(&page, link) else { continue };
            if !dest.join(&file).exists() {
                return Err(format!("{} links to {link}, not on the host", page.display()));
            }
            if file.extension().is_some_and(|e| e == "html") && seen.insert(file.clone()) {
                queue.push_back(file);
            }
        }
    }
    Ok(seen.len())
}

const NEW_SYNTHESIS: &str = "---\ntitle: \"Nouvelle synthèse\"\ndate: 2020-05-20\nsummary: \"Une synthèse ajoutée.\"\nauthors: [\"Dr Test\"]\ntags: [nouveau-theme]\n---\n\nTexte.\n";

#[test]
fn first_publish_then_only_what_changed_then_a_deletion() {
    let site = example_copy();
    let root = site.path();
    let dest = tempfile::tempdir().unwrap();
    write(root, "content/syntheses/nouvelle.md", NEW_SYNTHESIS);
    build(root);
    let out = publish(root, dest.path(), &[]);
    assert!(out.contains("publié vers /") && out.contains("0 supprimé(s), 0 déjà à jour"), "{out}");
    assert_same(&root.join("public"), dest.path());
    assert!(publish(root, dest.path(), &[]).contains("est à jour"), "nothing to send the second time");

    // One synthesis edited: that page and the lists that show it, not the whole site.
    let page = root.join("content/syntheses/masques.md");
    let text_before = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text_before.replacen("\n\n", "\n\nUne phrase ajoutée pour ce test.\n\n", 1)).unwrap();
    build(root);
    let before = Manifest::of_folder(dest.path()).unwrap();
    let dry = publish(root, dest.path(), &["--dry-run"]);
    assert_eq!(Manifest::of_folder(dest.path()).unwrap(), before, "a dry run changes nothing");
    let sent: Vec<&str> = dry.lines().filter_map(|l| l.strip_prefix("  + ")).collect();
    assert!(sent.contains(&"syntheses/masques/index.html"), "{dry}");
    assert!(!sent.is_empty() && sent.len() < 30, "{} files for one edit: {dry}", sent.len());
    assert!(!sent.contains(&"style.css") && !sent.iter().any(|p| p.starts_with("protocoles/")), "{dry}");
    publish(root, dest.path(), &[]);
    assert_same(&root.join("public"), dest.path());

    // A synthesis removed: its page goes from the host, and its folder with it.
    std::fs::remove_file(root.join("content/syntheses/nouvelle.md")).unwrap();
    build(root);
    let out = publish(root, dest.path(), &[]);
    assert!(!out.contains(", 0 supprimé(s)"), "{out}");
    assert!(!dest.path().join("syntheses/nouvelle").exists());
    assert!(!dest.path().join("tags/nouveau-theme").exists());
    assert_same(&root.join("public"), dest.path());
}

/// A folder that refuses every file after the first `left`: a connection cut mid-publish.
struct Cut {
    folder: Folder,
    left: usize,
}

impl Host for Cut {
    fn describe(&self) -> String {
        self.folder.describe()
    }
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, String> {
        self.folder.read(path)
    }
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), String> {
        if self.left == 0 {
            return Err("connexion coupée".into());
        }
        self.left -= 1;
        self.folder.put(path, bytes)
    }
    fn remove(&mut self, path: &str) -> Result<(), String> {
        self.folder.remove(path)
    }
}

#[test]
fn a_publish_cut_anywhere_leaves_no_broken_link_and_the_next_one_finishes() {
    let site = example_copy();
    let root = site.path();
    let out = root.join("public");
    build(root);
    let published = tempfile::tempdir().unwrap();
    publish(root, published.path(), &[]);
    // A new synthesis that an edited one links to, and a new tag: new pages, changed pages,
    // changed lists and home, all in one publish.
    write(root, "content/syntheses/nouvelle.md", NEW_SYNTHESIS);
    let page = root.join("content/syntheses/masques.md");
    let t = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, t.replacen("\n\n", "\n\nVoir aussi [la nouvelle](nouvelle.md).\n\n", 1)).unwrap();
    build(root);
    let plan_size = {
        let local = Manifest::of_folder(&out).unwrap();
        let host = Manifest::parse(&std::fs::read(published.path().join(manifest::FILE)).unwrap()).unwrap();
        covidactu::publish::plan::Plan::new(&local, Some(&host)).uploads.len()
    };
    assert!(plan_size > 5, "{plan_size}");
    for cut_after in 0..=plan_size {
        let dest = tempfile::tempdir().unwrap();
        copy_dir(published.path(), dest.path());
        let mut host = Cut { folder: Folder::open(dest.path(), false).unwrap(), left: cut_after };
        let result = covidactu::publish::run(&out, &mut host, false, |_, _| {});
        assert!(result.is_err() || cut_after == plan_size, "cut after {cut_after}");
        if let Err(e) = &result {
            assert!(e.message.contains("relancez la même commande"), "{}", e.message);
        }
        let reached = reachable_pages_are_whole(dest.path()).unwrap_or_else(|e| panic!("cut after {cut_after}: {e}"));
        assert!(reached > 20, "cut after {cut_after}: only {reached} pages reached");
        // The next publish finishes the job.
        publish(root, dest.path(), &[]);
        assert_same(&out, dest.path());
    }
}

#[test]
fn clear_errors_for_a_missing_destination_or_build() {
    let site = example_copy();
    let root = site.path();
    let o = covidactu(root, &["publish"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("« publish.to » n'est pas renseigné"), "{}", text(&o));
    let o = covidactu(root, &["publish", "--to", "file:///nulle/part/cpts"]);
    assert!(text(&o).contains("(disque ou partage non connecté ?)"), "{}", text(&o));
    let dest = tempfile::tempdir().unwrap();
    let o = covidactu(root, &["publish", "--to", &to(dest.path())]);
    assert!(text(&o).contains("lancez d'abord covidactu build"), "{}", text(&o));

    // A missing last folder is made by a publish, not by a dry run; a path works as well as
    // an address.
    build(root);
    let new = dest.path().join("en ligne");
    let o = covidactu(root, &["publish", "--dry-run", "--to", new.to_str().unwrap()]);
    assert!(text(&o).contains("fichier(s) à envoyer, 0 à supprimer, 0 déjà à jour"), "{}", text(&o));
    assert!(!new.exists(), "a dry run makes nothing");
    publish(root, &new, &[]);
    assert_same(&root.join("public"), &new);
    let o = covidactu(root, &["publish", "--to", "ftp://hote/site"]);
    assert!(text(&o).contains("protocole inconnu « ftp »"), "{}", text(&o));
}
