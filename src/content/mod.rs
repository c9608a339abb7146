//! Loading the site's sources: `site.yaml`, every content file under `content/` (its kind
//! given by its folder), and the attachments beside them. Each file is read, split and
//! checked on its own here; what needs the whole site (references, duplicates) is checked
//! by [`crate::site`].

pub(crate) mod config;
pub(crate) mod date;
pub mod directory;
mod events;
pub(crate) mod front_matter;
pub(crate) mod kinds;
pub mod messages;
pub(crate) mod source;
pub mod spreadsheet;
pub mod unfinished;

pub use config::Config;
pub use date::Date;
pub use kinds::{Common, Kind, Meta};
pub use source::SourceFile;

use crate::error::{did_you_mean, Diagnostic, Diagnostics};
use crate::i18n::msg;
use front_matter::{field_names, Fields};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A content file, read and checked on its own.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: SourceFile,
    pub kind: Kind,
    /// The last URL segment: `slug` from the front matter, or the file name slugified.
    pub slug: String,
    pub common: Common,
    pub meta: Meta,
    /// Byte offset of the markdown body in `file.text`.
    pub body_offset: usize,
    /// File line of each front matter key.
    pub key_lines: HashMap<String, usize>,
}

impl Document {
    /// The markdown body.
    pub fn body(&self) -> &str {
        self.file.text.get(self.body_offset..).unwrap_or_default()
    }

    /// How other files refer to this one: `protocoles/rappel-infirmier`.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.kind.section(), self.slug)
    }

    /// Path under `content/` with `/` separators: `protocoles/rappel-infirmier.md`.
    pub fn content_path(&self) -> String {
        let rel = self.file.rel.strip_prefix("content").unwrap_or(&self.file.rel);
        rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
    }

    pub fn title(&self) -> &str {
        self.common.title.as_deref().unwrap_or("")
    }

    /// Line of front matter key `key` (line 2, the first field line, when absent).
    pub fn key_line(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(2)
    }

    /// Reports the required field `key` when it is not written (a key written with a bad
    /// value has been reported already), at the end of the front matter, with an `example`.
    pub(crate) fn require(&self, key: &str, present: bool, example: &str, diags: &mut Diagnostics) {
        if present || self.key_lines.contains_key(key) {
            return;
        }
        let end = self.file.text[..self.body_offset].lines().count().max(1);
        diags.push(
            self.file
                .error_at(msg::needs_field(self.kind.describe(), key), end, 1, 3)
                .with_help(msg::needs_field_help(key, example)),
        );
    }

    /// An error about the value `needle` of field `key`, underlined where it is written.
    pub fn error_at_value(&self, key: &str, needle: &str, message: impl Into<String>) -> Diagnostic {
        let (l, c, n) = self.file.find_from(self.key_line(key), needle);
        self.file.error_at(message, l, c, n)
    }

    /// Why this document is not published by a plain `build`, if it is not.
    pub fn unpublished(&self) -> Option<Unpublished> {
        match &self.meta {
            _ if self.common.draft => Some(Unpublished::Draft),
            Meta::Protocol(p) if !p.status.is_published() => Some(Unpublished::Unvalidated(p.status)),
            _ => None,
        }
    }

    /// A warning about the value `needle` of field `key`.
    pub fn warning_at_value(&self, key: &str, needle: &str, message: impl Into<String>) -> Diagnostic {
        let (l, c, n) = self.file.find_from(self.key_line(key), needle);
        self.file.warning_at(message, l, c, n)
    }
}

/// Why a document is kept out of the published site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublished {
    /// `draft: true`.
    Draft,
    /// A protocol whose status is `brouillon` or `relecture`: nobody validated it yet.
    Unvalidated(kinds::Status),
}

impl Unpublished {
    /// How messages name such a document: « `x` is … ».
    pub fn describe(self) -> String {
        match self {
            Unpublished::Draft => msg::a_draft(),
            Unpublished::Unvalidated(s) => msg::a_protocol_not_validated(s.name()),
        }
    }

    /// What the author can do about a reference to it.
    pub fn help(self) -> String {
        match self {
            Unpublished::Draft => msg::publish_draft_help(),
            Unpublished::Unvalidated(_) => msg::publish_unvalidated_help(),
        }
    }
}

/// Which unpublished documents a run takes in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Drafts {
    /// Only what may be published (`build`, `check`, `email`, `send`).
    #[default]
    Exclude,
    /// Also the protocols in `brouillon` or `relecture`, which pages mark as such (`serve`).
    Unvalidated,
    /// Everything, `draft: true` included (`--drafts`).
    Include,
}

impl Drafts {
    /// `--drafts` given or not, for a command that publishes.
    pub fn from_flag(drafts: bool) -> Self {
        if drafts {
            Drafts::Include
        } else {
            Drafts::Exclude
        }
    }

    /// Whether a document kept out for `why` is taken in.
    pub fn takes(self, why: Option<Unpublished>) -> bool {
        matches!(
            (self, why),
            (_, None) | (Drafts::Include, _) | (Drafts::Unvalidated, Some(Unpublished::Unvalidated(_)))
        )
    }
}

/// A non-markdown file under `content/` (image, PDF…), copied to the same path in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub path: PathBuf,
    /// Path under `content/`, with `/` separators.
    pub rel: String,
}

/// Everything read from a site folder.
#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub config: Config,
    pub documents: Vec<Document>,
    pub assets: Vec<Asset>,
    /// Content paths (`syntheses/x.md`) of the unpublished documents left out, and why.
    pub skipped_drafts: Vec<(String, Unpublished)>,
    /// The directory's spreadsheets (`content/annuaire/*.csv`).
    pub directory: Vec<directory::Sheet>,
}

/// Parsed content files kept between the builds of `serve`: a file is parsed again only
/// when its bytes change (or the professions it is checked against).
#[derive(Debug, Default)]
pub struct ParseCache {
    professions: Vec<String>,
    files: HashMap<PathBuf, (u64, Option<Document>, Diagnostics)>,
}

/// A fast hash of `value`, to notice changes between builds (not for security).
pub fn fingerprint<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(value)
}

/// Reads the site at `root`. Every problem of every file is collected; `None` means at
/// least one error. With a `cache` (`serve`'s), only the files that changed since its last
/// use are parsed again; a build without one neither reads one nor copies every document
/// into one.
pub fn load(root: &Path, drafts: Drafts, mut cache: Option<&mut ParseCache>) -> (Option<Content>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config_path = root.join("site.yaml");
    let config = match source::read(root, &config_path) {
        Ok(file) => Config::parse(&file, &mut diags),
        Err(d) => {
            diags.push(d.with_help(msg::not_a_site(root.display())));
            None
        }
    };
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(msg::no_content_folder(root.display())));
        return (None, diags);
    }
    let (markdown, assets, sheet_paths, walk_errors) = walk(root, &content_dir);
    diags.extend(walk_errors);
    // Without a valid site.yaml, profession ids cannot be checked: they are not all wrong.
    let professions: Option<Vec<&str>> = config.as_ref().map(|c| c.professions.keys().map(String::as_str).collect());
    let professions = professions.as_deref();
    let known: Vec<String> = professions.unwrap_or_default().iter().map(|p| p.to_string()).collect();
    if let Some(cache) = cache.as_deref_mut() {
        if cache.professions != known || professions.is_none() {
            cache.professions = known;
            cache.files.clear();
        }
    }
    let cached = cache.as_deref();
    let read = read_all(&markdown);
    let results: Vec<(PathBuf, u64, Option<Document>, Diagnostics)> = markdown
        .par_iter()
        .zip(read)
        .map(|((path, kind), read)| {
            let bytes = match read {
                Ok(b) => b,
                Err(e) => {
                    let rel = path.strip_prefix(root).unwrap_or(path);
                    let d = Diagnostic::error(msg::cannot_read_file(e)).in_file(rel);
                    return (path.clone(), 0, None, d.into());
                }
            };
            // Only serve's cache needs the fingerprint.
            let print = if cached.is_some() { fingerprint(&bytes) } else { 0 };
            if let Some((p, doc, d)) = cached.and_then(|c| c.files.get(path)) {
                if *p == print && doc.as_ref().is_none_or(|doc| doc.kind == *kind) {
                    return (path.clone(), print, doc.clone(), d.clone());
                }
            }
            let mut d = Diagnostics::new();
            let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let doc = match source::decode(rel, path.clone(), bytes) {
                Ok(file) => parse_document(file, *kind, professions, &mut d),
                Err(e) => {
                    d.push(e);
                    None
                }
            };
            (path.clone(), print, doc, d)
        })
        .collect();
    if let Some(cache) = cache {
        cache.files = results.iter().map(|(p, print, doc, d)| (p.clone(), (*print, doc.clone(), d.clone()))).collect();
    }
    let results: Vec<(Option<Document>, Diagnostics)> = results.into_iter().map(|(_, _, doc, d)| (doc, d)).collect();
    let mut documents = Vec::with_capacity(results.len());
    let mut skipped_drafts = Vec::new();
    for (doc, d) in results {
        diags.extend(d);
        match doc {
            Some(doc) if !drafts.takes(doc.unpublished()) => {
                skipped_drafts.push((doc.content_path(), doc.unpublished().unwrap_or(Unpublished::Draft)))
            }
            Some(doc) => documents.push(doc),
            None => {}
        }
    }
    let directory: Vec<directory::Sheet> = match &config {
        Some(config) => sheet_paths
            .iter()
            .filter_map(|p| directory::read(p, p.strip_prefix(root).unwrap_or(p), &config.directory_types, &mut diags))
            .collect(),
        None => Vec::new(),
    };
    match config {
        Some(config) if !diags.has_errors() => {
            (Some(Content { root: root.to_path_buf(), config, documents, assets, skipped_drafts, directory }), diags)
        }
        _ => (None, diags),
    }
}

/// Threads reading the content files. A file the kernel no longer holds in memory is read
/// from the disk, and the reading thread waits: with the two rendering threads reading,
/// 10,000 such files took 1.6 s to load instead of 0.27 s.
const READERS: usize = 8;

/// The bytes of each file of `files`, read by [`READERS`] threads, in the order of `files`.
fn read_all(files: &[(PathBuf, Kind)]) -> Vec<std::io::Result<Vec<u8>>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::OnceLock<std::io::Result<Vec<u8>>>> =
        files.iter().map(|_| std::sync::OnceLock::new()).collect();
    std::thread::scope(|scope| {
        for _ in 0..READERS.min(files.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((path, _)) = files.get(i) else { break };
                let _ = slots[i].set(std::fs::read(path));
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().unwrap_or_else(|| Err(std::io::Error::other(msg::file_not_read()))))
        .collect()
}

/// The markdown files with their kind, the attachments, the directory's spreadsheets.
type Walked = (Vec<(PathBuf, Kind)>, Vec<Asset>, Vec<PathBuf>, Diagnostics);

/// Lists markdown files with their kind, and attachments; hidden and editor files are skipped.
fn walk(root: &Path, content_dir: &Path) -> Walked {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let mut sheets = Vec::new();
    let mut diags = Diagnostics::new();
    let entries = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(msg::cannot_read_folder(e)));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let under = path.strip_prefix(content_dir).unwrap_or(path);
        let rel: Vec<String> = under.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let is_md = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv && rel.len() == 2 && rel[0] == directory::FOLDER {
            sheets.push(path.to_path_buf());
            continue;
        }
        if !is_md {
            let data_file = rel.len() == 1 && path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if !data_file {
                assets.push(Asset { path: path.to_path_buf(), rel: rel.join("/") });
            }
            continue;
        }
        match Kind::from_section(&rel[0]).filter(|_| rel.len() > 1) {
            Some(kind) => markdown.push((path.to_path_buf(), kind)),
            None => {
                let sections: Vec<&str> = Kind::ALL.iter().map(|k| k.section()).collect();
                let mut d = Diagnostic::error(msg::not_in_content_folder(rel.join("/"), sections.join(", ")))
                    .in_file(path.strip_prefix(root).unwrap_or(path));
                if let Some(s) = did_you_mean(&rel[0], sections.iter().copied()).filter(|_| rel.len() > 1) {
                    d = d.with_help(msg::did_you_mean_folder(s));
                }
                diags.push(d);
            }
        }
    }
    (markdown, assets, sheets, diags)
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Reads and checks one content file of kind `kind` (its audience against `professions`,
/// when known); `None` if it has errors.
pub fn parse_document(
    file: SourceFile,
    kind: Kind,
    professions: Option<&[&str]>,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let before = diags.error_count();
    let split = match front_matter::split(&file) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let fields = match Fields::parse(&file, split) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut known: Vec<&str> = field_names::<Common>().to_vec();
    known.extend_from_slice(match kind {
        Kind::Issue => field_names::<kinds::IssueMeta>(),
        Kind::Protocol => field_names::<kinds::ProtocolMeta>(),
        Kind::Synthesis => field_names::<kinds::SynthesisMeta>(),
        Kind::Page => field_names::<kinds::PageMeta>(),
        Kind::Event => field_names::<kinds::EventMeta>(),
        Kind::Message => field_names::<kinds::MessageMeta>(),
    });
    fields.check_unknown(&known, &kind.describe(), diags);
    let common: Common = fields.read(diags);
    let meta = match kind {
        Kind::Issue => Meta::Issue(fields.read(diags)),
        Kind::Protocol => Meta::Protocol(fields.read(diags)),
        Kind::Synthesis => Meta::Synthesis(fields.read(diags)),
        Kind::Page => Meta::Page(fields.read(diags)),
        Kind::Event => Meta::Event(fields.read(diags)),
        Kind::Message => Meta::Message(fields.read(diags)),
    };
    let mut common = common;
    let mut meta = meta;
    normalize_empty(&mut common, &mut meta);
    let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let slug = match &common.slug {
        Some(s) => s.clone(),
        None => crate::markdown::slugify(&stem),
    };
    let doc =
        Document { key_lines: fields.key_lines(), body_offset: split.body_offset, file, kind, slug, common, meta };
    validate(&doc, professions, diags);
    (diags.error_count() == before).then_some(doc)
}

/// Empty optional texts (`summary: ""`, `doi: ""`), as pre-filled files have them, count as absent.
fn normalize_empty(common: &mut Common, meta: &mut Meta) {
    let clear = |o: &mut Option<String>| {
        if o.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *o = None;
        }
    };
    clear(&mut common.summary);
    match meta {
        Meta::Issue(m) => clear(&mut m.theme),
        Meta::Protocol(m) => {
            clear(&mut m.validated_by);
            clear_sources(&mut m.sources);
        }
        Meta::Synthesis(m) => clear_sources(&mut m.sources),
        Meta::Message(m) => {
            for field in [&mut m.url, &mut m.file] {
                clear(field);
            }
        }
        Meta::Event(m) => {
            for field in [&mut m.place, &mut m.online, &mut m.replay] {
                clear(field);
            }
        }
        Meta::Page(_) => {}
    }
}

fn clear_sources(sources: &mut [kinds::Source]) {
    for s in sources {
        for field in
            [&mut s.publisher, &mut s.journal, &mut s.volume, &mut s.pages, &mut s.url, &mut s.doi, &mut s.pmid]
        {
            if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *field = None;
            }
        }
    }
}

/// A source has a title, unless it cites a message of the site (whose title it takes); its
/// DOI and PubMed id look like ones.
fn validate_sources(doc: &Document, sources: &[kinds::Source], diags: &mut Diagnostics) {
    for s in sources {
        if s.title.trim().is_empty() && s.message.is_none() {
            diags.push(
                doc.file
                    .error_at(msg::source_needs_title(), doc.key_line("sources"), 1, 7)
                    .with_help(msg::source_help()),
            );
        }
        if let Some(doi) = &s.doi {
            if !doi.starts_with("10.") {
                diags.push(doc.error_at_value("sources", doi, msg::not_a_doi(doi)).with_help(msg::doi_help()));
            }
        }
        if let Some(pmid) = &s.pmid {
            if pmid.is_empty() || !pmid.chars().all(|c| c.is_ascii_digit()) {
                diags.push(doc.error_at_value("sources", pmid, msg::not_a_pmid(pmid)));
            }
        }
    }
}

/// Checks of one document that need no other file: required fields, field coherence,
/// profession ids.
fn validate(doc: &Document, professions: Option<&[&str]>, diags: &mut Diagnostics) {
    doc.require("title", doc.common.title.as_deref().is_some_and(|t| !t.trim().is_empty()), "\"Mon titre\"", diags);
    if doc.slug.is_empty() || crate::markdown::slugify(&doc.slug) != doc.slug {
        let suggestion = crate::markdown::slugify(&doc.slug);
        let d = match &doc.common.slug {
            Some(s) => doc.error_at_value("slug", s, msg::bad_slug(s)),
            None => Diagnostic::error(msg::no_slug_from_file_name()).in_file(&doc.file.rel),
        };
        diags.push(if suggestion.is_empty() { d } else { d.with_help(msg::slug_example(suggestion)) });
    }
    match &doc.meta {
        Meta::Issue(m) => {
            doc.require("number", m.number.is_some(), "12", diags);
            doc.require("date", m.date.is_some(), "2020-04-12", diags);
        }
        Meta::Protocol(m) => {
            doc.require("version", m.version.is_some(), "\"1.0\"", diags);
            if m.status == kinds::Status::Valide && m.validated.is_none() && !doc.key_lines.contains_key("validated") {
                let line = doc.key_line("status");
                diags.push(
                    doc.file
                        .error_at(msg::valide_needs_validated(), line, 1, 6)
                        .with_help(msg::valide_needs_validated_help()),
                );
            }
            if let (Some(v), Some(r)) = (m.validated, m.review) {
                if r < v {
                    diags.push(doc.error_at_value("review", &r.iso(), msg::review_before_validation()));
                }
            }
            let mut seen: Vec<&str> = Vec::new();
            for change in &m.changes {
                let line = doc.key_line("changes");
                match change.version.as_deref() {
                    None => diags.push(doc.file.error_at(msg::change_needs_version(), line, 1, 7)),
                    Some(v) if seen.contains(&v) => {
                        // Underline the second time it is written.
                        let (first, _, _) = doc.file.find_from(line, v);
                        let (l, c, n) = doc.file.find_from(first + 1, v);
                        diags.push(doc.file.error_at(msg::change_version_twice(v), l, c, n));
                    }
                    Some(v) => seen.push(v),
                }
                if change.what.iter().all(|w| w.trim().is_empty()) {
                    let at = change.version.as_deref().unwrap_or("changes");
                    diags.push(
                        doc.error_at_value("changes", at, msg::change_needs_what(at)).with_help(msg::change_help()),
                    );
                }
            }
        }
        Meta::Synthesis(m) => validate_sources(doc, &m.sources, diags),
        Meta::Event(m) => events::validate(doc, m, diags),
        Meta::Message(m) => messages::validate(doc, m, diags),
        Meta::Page(_) => {}
    }
    if doc.unpublished().is_none() {
        unfinished::check(doc, diags);
    }
    let Some(professions) = professions else { return };
    for id in doc.meta.audience() {
        if !professions.contains(&id.as_str()) {
            let mut d = doc.error_at_value("audience", id, msg::unknown_profession(id));
            d = match did_you_mean(id, professions.iter().copied()) {
                Some(s) => d.with_help(msg::did_you_mean_profession(s)),
                None => d.with_help(msg::professions_are(professions.join(", "))),
            };
            diags.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_in_their_order_with_their_errors() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(PathBuf, Kind)> = (0..40)
            .map(|i| {
                let path = dir.path().join(format!("{i}.md"));
                if i % 7 != 3 {
                    std::fs::write(&path, format!("file {i}")).unwrap();
                }
                (path, Kind::Page)
            })
            .collect();
        for (i, read) in read_all(&files).into_iter().enumerate() {
            match read {
                Ok(bytes) => assert_eq!(bytes, format!("file {i}").into_bytes()),
                Err(e) => assert!(i % 7 == 3 && e.kind() == std::io::ErrorKind::NotFound, "{i}: {e}"),
            }
        }
        assert!(read_all(&[]).is_empty());
    }
}
