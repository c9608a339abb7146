//! Helpers shared by the integration tests: temporary sites and an output crawler.
#![allow(dead_code)]

pub mod imap;
pub mod smtp;
pub mod sshd;

use covidactu::build::BuildOptions;
use covidactu::content::Date;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository root, which is also the bundled example site.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixed "today" of the tests, so review-date checks do not depend on the clock.
pub fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

/// Build options for `root` with output in `out`.
pub fn options(root: &Path, out: &Path) -> BuildOptions {
    let mut o = BuildOptions::new(root);
    o.out = out.to_path_buf();
    o.today = Some(today());
    o
}

pub const SITE_YAML: &str =
    "title: Test\nbase_url: https://test.example/\nprofessions:\n  medecin: Médecin\n  infirmier: Infirmier·e\n";

/// A temporary site with `site.yaml` and the given files (paths relative to the site).
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site.yaml", SITE_YAML);
    fs::create_dir_all(dir.path().join("content")).unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// A copy of the example site (content and site.yaml; the theme comes from the binary).
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_root().join("content"), &dir.path().join("content"));
    fs::copy(example_root().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, as `/`-separated relative paths.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

/// The values of `attr="…"` attributes in `html`.
pub fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The ids defined in `html`.
pub fn ids(html: &str) -> BTreeSet<String> {
    attrs(html, "id").into_iter().map(str::to_owned).collect()
}

/// Resolves an output link to a file under `out`: `dir/` means `dir/index.html`.
pub fn target_file(out: &Path, path: &str) -> PathBuf {
    let decoded = percent_decode(path);
    let p = out.join(decoded.trim_start_matches('/'));
    if decoded.ends_with('/') || decoded.is_empty() {
        p.join("index.html")
    } else {
        p
    }
}

pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Follows every internal link and asset of every HTML page of `out`, in either URL mode,
/// and returns the ones that do not resolve (including missing `#anchors`).
pub fn broken_links(out: &Path, relative: bool) -> Vec<String> {
    let mut broken = Vec::new();
    for rel in files(out).into_iter().filter(|f| f.ends_with(".html")) {
        // The 404 page is served at any address, so its links are always rooted.
        let relative = relative && rel != "404.html";
        let page = out.join(&rel);
        let html = fs::read_to_string(&page).unwrap();
        for link in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            let link = link.replace("&amp;", "&");
            if link.starts_with("http")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
                || link.starts_with("webcal:")
                || link.starts_with("//")
            {
                continue;
            }
            let (path, anchor) = link.split_once('#').map_or((link.as_str(), None), |(p, a)| (p, Some(a)));
            let file = if path.is_empty() {
                page.clone()
            } else if relative {
                assert!(!path.starts_with('/'), "absolute link {link} in {rel} in relative mode");
                let base = page.parent().unwrap().join(percent_decode(path));
                if path.ends_with('/') {
                    base.join("index.html")
                } else {
                    base
                }
            } else {
                if rel == "404.html" && !path.starts_with('/') {
                    broken.push(format!("{rel}: {link} (404 must use rooted links)"));
                }
                target_file(out, path)
            };
            if !file.is_file() {
                broken.push(format!("{rel}: {link}"));
                continue;
            }
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                let target = fs::read_to_string(&file).unwrap_or_default();
                if !ids(&target).contains(&percent_decode(a)) {
                    broken.push(format!("{rel}: {link} (no id {a})"));
                }
            }
        }
    }
    broken
}

/// `text` with French typography's no-break spaces and curly apostrophes made plain, so that
/// the expected messages in the tests read as typed.
pub fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ").replace('’', "'")
}

/// What a run of the binary printed, standard output then standard error, made [`plain`].
pub fn text(o: &std::process::Output) -> String {
    plain(&format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
}

/// A diagnostic as `file:line:column message`, the file with `/` separators.
pub fn place(d: &covidactu::error::Diagnostic) -> String {
    let file = d.file.as_ref().map(|f| f.display().to_string().replace('\\', "/")).unwrap_or_default();
    format!("{file}:{}:{} {}", d.line, d.column, plain(&d.message))
}

/// The errors of checking a site made of `files`, as [`place`] writes them.
pub fn errors(files: &[(&str, &str)]) -> Vec<String> {
    let dir = site(files);
    let diags = covidactu::build::check(&options(dir.path(), &dir.path().join("public")));
    diags.iter().filter(|d| d.is_error()).map(place).collect()
}

/// The site at `root` built with rooted links (as on a web host) into a temporary folder:
/// the folder, kept alive, and the output.
pub fn built_rooted(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut opts = options(root, &out);
    opts.relative_urls = Some(false);
    covidactu::build::build(&opts).unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    (dir, out)
}

/// The output file `rel` of `out`, as text.
pub fn read_out(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The email edition of the example's issue `reference` (`numeros/numero-6`), for a
/// recipient without name nor profession.
pub fn example_email(reference: &str) -> covidactu::email::Edition {
    let (site, theme, _) = covidactu::build::load(&options(&example_root(), &example_root().join("unused")), None)
        .unwrap_or_else(|d| panic!("{}", d.render(false, None)));
    let recipient = covidactu::email::Recipient { email: "a@example.org".into(), name: None, profession: None };
    let issue = site.get(reference).unwrap_or_else(|| panic!("no issue {reference}"));
    covidactu::email::render(&site, &theme, issue, &recipient).unwrap_or_else(|d| panic!("{}", d.render(false, None)))
}
