//! `covidactu new` and `covidactu init`: pre-filled files for authors. Never overwrites.

use crate::content::front_matter;
use crate::content::{source, Date, Kind};
use crate::error::Diagnostic;
use crate::i18n::msg;
use crate::markdown::slugify;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const NEW_ISSUE: &str = include_str!("new/numero.md");
const NEW_PROTOCOL: &str = include_str!("new/protocole.md");
const NEW_SYNTHESIS: &str = include_str!("new/synthese.md");
const NEW_PAGE: &str = include_str!("new/page.md");
const NEW_EVENT: &str = include_str!("new/evenement.md");
const NEW_MESSAGE: &str = include_str!("new/veille.md");

/// Files `init` writes: path in the new site → content (`{version}`: this covidactu's).
const INIT_FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init/site.yaml")),
    (".gitignore", include_str!("init/gitignore")),
    ("content/numeros/numero-1.md", include_str!("init/numero-1.md")),
    ("content/protocoles/suivi-telephonique.md", include_str!("init/suivi-telephonique.md")),
    ("content/syntheses/masques.md", include_str!("init/masques.md")),
    ("content/pages/a-propos.md", include_str!("init/a-propos.md")),
    ("content/evenements/webinaire-suivi.md", include_str!("init/webinaire.md")),
    ("content/veille/dgs-urgent-2020-19.md", include_str!("init/veille.md")),
    // As a spreadsheet exports it: `;`, a BOM, CRLF. Checked today (`{today}`).
    ("content/annuaire/annuaire.csv", include_str!("init/annuaire.csv")),
    ("exemples-ci/gitlab-pages.yml", include_str!("init/ci/gitlab-pages.yml")),
    ("exemples-ci/github-pages.yml", include_str!("init/ci/github-pages.yml")),
];

/// Writes a new content file of `kind` titled `title` in the site at `root`; returns its path.
pub fn new_file(root: &Path, kind: Kind, title: &str, today: Date) -> Result<PathBuf, Diagnostic> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(
            Diagnostic::error(msg::no_file_name_from_title(title)).with_help(msg::no_file_name_from_title_help())
        );
    }
    let dir = root.join("content").join(kind.section());
    let template = match kind {
        Kind::Issue => NEW_ISSUE,
        Kind::Protocol => NEW_PROTOCOL,
        Kind::Synthesis => NEW_SYNTHESIS,
        Kind::Page => NEW_PAGE,
        Kind::Event => NEW_EVENT,
        Kind::Message => NEW_MESSAGE,
    };
    let number = if kind == Kind::Issue { next_issue_number(&dir, root) } else { 0 };
    let text = template
        .replace("{title}", &title.replace('\\', "\\\\").replace('"', "\\\""))
        .replace("{date}", &today.iso())
        .replace("{number}", &number.to_string());
    fs::create_dir_all(&dir).map_err(|e| Diagnostic::error(msg::cannot_create(dir.display(), e)))?;
    let path = dir.join(format!("{slug}.md"));
    create_new(&path, &text)?;
    Ok(path)
}

/// One more than the highest `number:` among the issues in `dir`.
fn next_issue_number(dir: &Path, root: &Path) -> u32 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 1;
    };
    let highest = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| source::read(root, &e.path()).ok())
        .filter_map(|f| {
            let split = front_matter::split(&f).ok()?;
            let map: serde_yaml::Mapping = serde_yaml::from_str(split.yaml).ok()?;
            map.get("number")?.as_u64()
        })
        .max()
        .unwrap_or(0);
    u32::try_from(highest + 1).unwrap_or(u32::MAX)
}

/// Creates a new site in `dir`, which must not exist or be empty; its directory's entries
/// are said checked on `today`.
pub fn init(dir: &Path, today: Date) -> Result<(), Diagnostic> {
    if fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(Diagnostic::error(msg::folder_not_empty(dir.display())).with_help(msg::folder_not_empty_help()));
    }
    for (rel, text) in INIT_FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Diagnostic::error(msg::cannot_create(parent.display(), e)))?;
        }
        let text = text
            .replace("{version}", env!("CARGO_PKG_VERSION"))
            .replace("{today}", &today.0.format("%d/%m/%Y").to_string());
        create_new(&path, &text)?;
    }
    Ok(())
}

fn create_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let mut f = fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(msg::already_exists(path.display())).with_help(msg::already_exists_help())
        } else {
            Diagnostic::error(msg::cannot_create(path.display(), e))
        }
    })?;
    f.write_all(text.as_bytes()).map_err(|e| Diagnostic::error(msg::cannot_write(path.display(), e)))
}
