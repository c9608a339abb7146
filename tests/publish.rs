//! `covidactu publish` to a folder (`file:///…`) and to a real OpenSSH server over SFTP: a
//! first publish copies the site and its manifest; after an edit only that page and what
//! shows it move; a deleted page goes; a dry run changes nothing; a publish cut after any
//! number of files (or by killing the server's connection) leaves every page that a reader
//! can reach from the home page with all its links working, the next publish finishing the
//! job; unknown or changed server keys and a wrong password stop it with nothing changed.

mod common;

use common::*;
use covidactu::publish::host::{Folder, Host};
use covidactu::publish::manifest::{self, Manifest};
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::process::{Command, Output};

fn command(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_covidactu"));
    cmd.current_dir(root)
        .env_remove("COVIDACTU_LANG")
        .env_remove("COVIDACTU_SFTP_PASSWORD")
        .env_remove("SSH_AUTH_SOCK")
        .args(args);
    cmd
}

fn covidactu(root: &Path, args: &[&str]) -> Output {
    command(root, args).output().unwrap()
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
    // A preview with drafts and unvalidated protocols never goes online; the next normal
    // build may be published.
    let o = covidactu(root, &["build", "--drafts"]);
    assert!(o.status.success(), "{}", text(&o));
    let before = Manifest::of_folder(&new).unwrap();
    let o = covidactu(root, &["publish", "--to", new.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("construit avec --drafts"), "{}", text(&o));
    assert_eq!(Manifest::of_folder(&new).unwrap(), before, "nothing sent");
    build(root);
    assert!(!root.join("public").join(covidactu::output::PREVIEW).exists());
    publish(root, &new, &[]);
    let o = covidactu(root, &["publish", "--to", "ftp://hote/site"]);
    assert!(text(&o).contains("protocole inconnu « ftp »"), "{}", text(&o));
}

// ── Over SFTP, to a real OpenSSH server ─────────────────────────────────────────────────────

/// `covidactu publish` to the server as its user would run it: `HOME` holds their key and
/// known hosts, and `env` adds variables (the password).
fn sftp_publish(root: &Path, home: &Path, to: &str, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(root, &[&["publish", "--to", to][..], extra].concat());
    cmd.env("HOME", home).envs(env.iter().copied());
    cmd.output().unwrap()
}

fn files_in(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir).into_iter().flatten().filter(|e| e.file_type().is_file()).count()
}

#[test]
fn sftp_first_publish_then_only_what_changed_then_a_deletion() {
    let sshd = common::sshd::Sshd::start();
    let site = example_copy();
    let root = site.path();
    let dest = sshd.www().join("site");
    let to = sshd.url(&dest);
    let home = sshd.client_home();
    write(root, "content/syntheses/nouvelle.md", NEW_SYNTHESIS);
    build(root);
    let o = sftp_publish(root, &home, &to, &[], &[]);
    assert!(o.status.success(), "{}\n{}", text(&o), sshd.log());
    assert!(text(&o).contains(&format!("publié vers {to} : ")), "{}", text(&o));
    assert_same(&root.join("public"), &dest);
    assert!(text(&sftp_publish(root, &home, &to, &[], &[])).contains("est à jour"));

    let page = root.join("content/syntheses/masques.md");
    let before = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, before.replacen("\n\n", "\n\nUne phrase ajoutée pour ce test.\n\n", 1)).unwrap();
    build(root);
    let on_host = Manifest::of_folder(&dest).unwrap();
    let dry = text(&sftp_publish(root, &home, &to, &["--dry-run"], &[]));
    assert_eq!(Manifest::of_folder(&dest).unwrap(), on_host, "a dry run changes nothing");
    let sent: Vec<&str> = dry.lines().filter_map(|l| l.strip_prefix("  + ")).collect();
    assert!(sent.contains(&"syntheses/masques/index.html") && sent.len() < 30, "{dry}");
    let o = sftp_publish(root, &home, &to, &[], &[]);
    assert!(text(&o).contains(&format!("{} fichier(s) envoyé(s)", sent.len())), "{}", text(&o));
    assert_same(&root.join("public"), &dest);

    std::fs::remove_file(root.join("content/syntheses/nouvelle.md")).unwrap();
    build(root);
    let o = sftp_publish(root, &home, &to, &[], &[]);
    assert!(o.status.success() && !text(&o).contains(", 0 supprimé(s)"), "{}", text(&o));
    assert!(!dest.join("syntheses/nouvelle").exists() && !dest.join("tags/nouveau-theme").exists());
    assert_same(&root.join("public"), &dest);
}

#[test]
fn sftp_password_and_host_key_from_site_yaml_and_what_is_refused() {
    let sshd = common::sshd::Sshd::start();
    let site = example_copy();
    let root = site.path();
    build(root);
    let dest = sshd.www().join("site");
    let to = sshd.url(&dest);
    let nobody = tempfile::tempdir().unwrap();
    let password = [("COVIDACTU_SFTP_PASSWORD", common::sshd::PASSWORD)];
    let refused = |o: &Output, expected: &str| {
        assert_eq!(o.status.code(), Some(1), "{}", text(o));
        assert!(text(o).contains(expected), "{}", text(o));
        assert!(!dest.exists(), "nothing is made on the host when the connection is refused");
    };

    // An unknown server: its fingerprint and how to accept it.
    let o = sftp_publish(root, nobody.path(), &to, &[], &password);
    refused(
        &o,
        &format!("est inconnu de cet ordinateur : l{}empreinte de sa clé est {}", APOSTROPHE, sshd.fingerprint),
    );
    assert!(text(&o).contains(&format!("host_key: \"{}\"", sshd.fingerprint)), "{}", text(&o));

    // A key that changed since known_hosts recorded it.
    let changed = tempfile::tempdir().unwrap();
    std::fs::create_dir(changed.path().join(".ssh")).unwrap();
    let other = changed.path().join("autre");
    Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(&other).status().unwrap();
    let other = std::fs::read_to_string(other.with_extension("pub")).unwrap();
    let line = format!(
        "# serveurs connus\n[127.0.0.1]:{} {}\n",
        sshd.port,
        other.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
    );
    std::fs::write(changed.path().join(".ssh/known_hosts"), line).unwrap();
    let o = sftp_publish(root, changed.path(), &to, &[], &password);
    refused(&o, "a changé");
    assert!(text(&o).contains("known_hosts, ligne 2"), "{}", text(&o));

    // The fingerprint in site.yaml: a wrong one is refused, the right one trusted.
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("{config}\npublish:\n  to: {to}\n  host_key: \"SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"\n"),
    )
    .unwrap();
    let o = covidactu_with(root, nobody.path(), &["publish"], &password);
    refused(&o, "pas celle attendue dans site.yaml");
    std::fs::write(
        root.join("site.yaml"),
        format!("{config}\npublish:\n  to: {to}\n  host_key: \"{}\"\n", sshd.fingerprint),
    )
    .unwrap();

    // A wrong password, then no password and no key.
    let o = covidactu_with(root, nobody.path(), &["publish"], &[("COVIDACTU_SFTP_PASSWORD", "pas-le-bon")]);
    refused(&o, "mot de passe refusé par");
    let o = covidactu_with(root, nobody.path(), &["publish"], &[]);
    refused(&o, "aucune clé SSH trouvée sur cet ordinateur");

    // The password never goes in the address.
    let with_password = to.replacen("@", ":secret@", 1);
    let o = sftp_publish(root, nobody.path(), &with_password, &[], &[]);
    refused(&o, "le mot de passe ne doit pas figurer dans");

    // The right password: published (and the missing last folder made).
    let o = covidactu_with(root, nobody.path(), &["publish"], &password);
    assert!(o.status.success(), "{}\n{}", text(&o), sshd.log());
    assert_same(&root.join("public"), &dest);
}

/// French typography on a terminal only: the tests read the plain apostrophe.
const APOSTROPHE: char = '\'';

fn covidactu_with(root: &Path, home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(root, args);
    cmd.env("HOME", home).envs(env.iter().copied());
    cmd.output().unwrap()
}

#[test]
fn sftp_a_cut_connection_leaves_a_consistent_site_and_the_next_publish_finishes() {
    let sshd = common::sshd::Sshd::start();
    let site = example_copy();
    let root = site.path();
    // Enough pages that the cut falls in the middle of the upload.
    for i in 0..300 {
        write(
            root,
            &format!("content/syntheses/essai-{i:03}.md"),
            &NEW_SYNTHESIS.replace("Nouvelle synthèse", &format!("Synthèse d'essai {i}")),
        );
    }
    build(root);
    let dest = sshd.www().join("site");
    let to = sshd.url(&dest);
    let home = sshd.client_home();
    let o = sftp_publish(root, &home, &to, &[], &[]);
    assert!(o.status.success(), "{}", text(&o));

    // Every page changes (the site's title is on each), and an edited page links to a new one.
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let title = config.lines().find(|l| l.starts_with("title:")).unwrap();
    std::fs::write(root.join("site.yaml"), config.replacen(title, "title: \"Covid'actu, nouvelle formule\"", 1))
        .unwrap();
    write(root, "content/syntheses/nouvelle.md", NEW_SYNTHESIS);
    let page = root.join("content/syntheses/masques.md");
    let t = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, t.replacen("\n\n", "\n\nVoir aussi [la nouvelle](nouvelle.md).\n\n", 1)).unwrap();
    build(root);
    let old_manifest = std::fs::read(dest.join(manifest::FILE)).unwrap();
    let total = files_in(&root.join("public"));

    let started = std::time::SystemTime::now();
    let child = command(root, &["publish", "--to", &to])
        .env("HOME", &home)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let changed_on_host = || {
        walkdir::WalkDir::new(&dest)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.metadata().is_ok_and(|m| m.modified().is_ok_and(|t| t >= started)))
            .count()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while changed_on_host() < 40 {
        assert!(std::time::Instant::now() < deadline, "the publish did not start");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    sshd.cut_connections();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "the publish should have been cut: {}", text(&o));
    assert!(text(&o).contains("relancez la même commande pour la terminer"), "{}", text(&o));
    let sent = changed_on_host();
    assert!(sent < total, "cut after {sent} of {total} files");
    assert_eq!(std::fs::read(dest.join(manifest::FILE)).unwrap(), old_manifest, "the manifest is written last");
    let reached = reachable_pages_are_whole(&dest).unwrap_or_else(|e| panic!("cut after {sent} files: {e}"));
    assert!(reached > 300, "only {reached} pages reached");

    let o = sftp_publish(root, &home, &to, &[], &[]);
    assert!(o.status.success(), "{}\n{}", text(&o), sshd.log());
    assert_same(&root.join("public"), &dest);
    assert!(
        !walkdir::WalkDir::new(&dest)
            .into_iter()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".covidactu-envoi")),
        "no file left aside"
    );
}
