//! What a publish sends and deletes, and in which order: a pure function of the output's
//! manifest and the host's.
//!
//! The order keeps readers safe whenever the upload stops. New files go first, none of them
//! reachable yet: nothing already on the host links to them. Then the files that changed, by
//! rank — assets (styles, scripts, images, attachments, search shards), pages, the lists that
//! link to pages (section lists, tags, professions, their later pages), the feeds and the
//! search index's entry point, the home page — so that when a page on the host starts
//! linking to a new one, that one is there. Files the site no longer has are deleted once
//! nothing links to them; the manifest goes last, so that an interrupted publish is finished
//! by the next. Between two pages that both changed, a reader may for a moment see one new
//! and one old version: both exist, no link breaks.

use super::manifest::Manifest;
use crate::content::Kind;
use crate::site::urls;

/// When a file is sent, earliest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    Asset,
    Page,
    List,
    Feed,
    Home,
}

/// The rank of an output file by its path.
pub fn rank(path: &str) -> Rank {
    if path == "index.html" || path == "404.html" {
        return Rank::Home;
    }
    if matches!(path, "atom.xml" | "sitemap.xml" | "robots.txt") || path == format!("{}meta.js", urls::SEARCH_INDEX) {
        return Rank::Feed;
    }
    if !path.ends_with(".html") {
        return Rank::Asset;
    }
    let folder = path.trim_end_matches("index.html");
    let is_section = Kind::ALL.iter().any(|k| folder == urls::section_path(*k));
    let is_taxonomy = folder.starts_with(urls::TAGS) || folder.starts_with(urls::PROFESSIONS);
    let is_later_page = folder.contains("/page/");
    if is_section || is_taxonomy || is_later_page || folder.starts_with("numeros/") && folder.ends_with("/page/") {
        Rank::List
    } else {
        Rank::Page
    }
}

/// What to do on the host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to send, in order.
    pub uploads: Vec<String>,
    /// The lengths of the runs of `uploads` that may be sent in any order among themselves
    /// (all the new files; then the changed ones of each rank): a run is finished before the
    /// next starts.
    pub runs: Vec<usize>,
    /// Files to delete (after the uploads, before the manifest).
    pub deletions: Vec<String>,
    /// Files already on the host as they are.
    pub unchanged: usize,
}

impl Plan {
    /// Compares the output's manifest with the host's (`None`: nothing known is there).
    pub fn new(local: &Manifest, host: Option<&Manifest>) -> Plan {
        let mut plan = Plan::default();
        for (path, entry) in &local.files {
            if host.and_then(|h| h.files.get(path)) == Some(entry) {
                plan.unchanged += 1;
            } else {
                plan.uploads.push(path.clone());
            }
        }
        let known = |p: &str| host.is_some_and(|h| h.files.contains_key(p));
        plan.uploads.sort_by_cached_key(|p| (known(p), rank(p), p.clone()));
        let mut last = None;
        for p in &plan.uploads {
            let step = Some(known(p).then(|| rank(p)));
            match plan.runs.last_mut() {
                Some(n) if step == last => *n += 1,
                _ => plan.runs.push(1),
            }
            last = step;
        }
        if let Some(host) = host {
            plan.deletions = host.files.keys().filter(|p| !local.files.contains_key(*p)).cloned().collect();
        }
        plan
    }

    /// The uploads run by run.
    pub fn upload_runs(&self) -> impl Iterator<Item = &[String]> {
        self.runs.iter().scan(0, |start, len| {
            let run = &self.uploads[*start..*start + len];
            *start += len;
            Some(run)
        })
    }

    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.deletions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::super::manifest::Entry;
    use super::*;

    fn manifest(files: &[(&str, &str)]) -> Manifest {
        Manifest {
            version: 1,
            files: files.iter().map(|(p, h)| (p.to_string(), Entry { sha256: h.to_string(), size: 1 })).collect(),
        }
    }

    #[test]
    fn ranks() {
        assert_eq!(rank("style.css"), Rank::Asset);
        assert_eq!(rank("search/t/co.js"), Rank::Asset);
        assert_eq!(rank("protocoles/rappel/index.html"), Rank::Page);
        assert_eq!(rank("recherche/index.html"), Rank::Page);
        assert_eq!(rank("protocoles/index.html"), Rank::List);
        assert_eq!(rank("syntheses/page/2/index.html"), Rank::List);
        assert_eq!(rank("tags/masques/index.html"), Rank::List);
        assert_eq!(rank("professions/medecin/index.html"), Rank::List);
        assert_eq!(rank("search/meta.js"), Rank::Feed);
        assert_eq!(rank("atom.xml"), Rank::Feed);
        assert_eq!(rank("index.html"), Rank::Home);
    }

    #[test]
    fn only_what_changed_in_a_safe_order_and_what_is_gone() {
        let host = manifest(&[
            ("index.html", "1"),
            ("style.css", "1"),
            ("syntheses/a/index.html", "1"),
            ("syntheses/old/index.html", "1"),
        ]);
        let local = manifest(&[
            ("index.html", "2"),
            ("style.css", "1"),
            ("syntheses/a/index.html", "2"),
            ("syntheses/index.html", "2"),
            ("syntheses/b/index.html", "1"),
            ("img/b.png", "1"),
        ]);
        let plan = Plan::new(&local, Some(&host));
        assert_eq!(
            plan.uploads,
            ["img/b.png", "syntheses/b/index.html", "syntheses/index.html", "syntheses/a/index.html", "index.html"],
            "new files first (by rank), then the changed ones by rank"
        );
        let runs: Vec<&[String]> = plan.upload_runs().collect();
        assert_eq!(runs.len(), 3, "the new files | the changed page | the home page: {runs:?}");
        assert_eq!((runs[0].len(), runs[2]), (3, &["index.html".to_string()][..]));
        assert_eq!(plan.deletions, ["syntheses/old/index.html"]);
        assert_eq!(plan.unchanged, 1);
        assert!(Plan::new(&local, Some(&local)).is_empty());
        let first = Plan::new(&local, None);
        assert_eq!((first.uploads.len(), first.deletions.len()), (6, 0));
    }
}
