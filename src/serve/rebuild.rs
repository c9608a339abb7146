//! Incremental rebuilds for `serve`: files are parsed and bodies rendered again only when
//! they change, and a content change re-renders the page itself and the pages that show it
//! (lists, tags, professions, issues carrying it, feed) rather than the whole site. A theme
//! or `site.yaml` change rebuilds everything; a stylesheet change only swaps the stylesheet.

use crate::build::BuildOptions;
use crate::content::kinds::Meta;
use crate::content::{self, Date, Kind, ParseCache};
use crate::error::Diagnostics;
use crate::render::{self, Job, OutputFile, Theme};
use crate::search;
use crate::site::{self, RenderCache, Site};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a rebuild changed, for the browsers that show the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Pages changed: reload.
    Reload,
    /// Only stylesheets changed: swap them.
    Css,
}

/// The served site, in memory.
#[derive(Debug, Default, Clone)]
pub struct Output {
    /// Generated files by path (`protocoles/x/index.html`).
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Attachments by path, served from their place under `content/`.
    pub assets: HashMap<String, PathBuf>,
}

/// The state kept between rebuilds.
pub struct Rebuilder {
    opts: BuildOptions,
    parse: ParseCache,
    bodies: RenderCache,
    theme: Option<Theme>,
    synonyms: Option<search::Synonyms>,
    site: Option<Site>,
    /// Number of pages rendered by the last rebuild.
    pub rendered: usize,
}

impl Rebuilder {
    /// A rebuilder for the site of `opts` (its base URL should be the server's).
    pub fn new(opts: BuildOptions) -> Self {
        Rebuilder {
            opts,
            parse: ParseCache::default(),
            bodies: RenderCache::default(),
            theme: None,
            synonyms: None,
            site: None,
            rendered: 0,
        }
    }

    /// Rebuilds after `changed` paths changed (all of it when empty), updating `output`.
    /// On error, `output` is left as it was and every problem is returned.
    pub fn rebuild(&mut self, changed: &[PathBuf], output: &mut Output) -> Result<(Outcome, Diagnostics), Diagnostics> {
        let root = self.opts.root.clone();
        let under = |p: &Path, dir: &str| p.starts_with(root.join(dir));
        let css_only = self.site.is_some()
            && !changed.is_empty()
            && changed.iter().all(|p| under(p, "themes") && p.extension().is_some_and(|e| e == "css"));
        if css_only {
            let config = &self.site.as_ref().map(|s| s.config.clone()).unwrap_or_default();
            let theme = Theme::load(&root, &config.theme, &config.language)?;
            for f in render::statics(&theme) {
                output.files.insert(f.path, Arc::new(f.bytes));
            }
            self.theme = Some(theme);
            self.rendered = 0;
            return Ok((Outcome::Css, Diagnostics::new()));
        }
        let full = self.site.is_none()
            || changed.is_empty()
            || changed
                .iter()
                .any(|p| under(p, "themes") || p == &root.join("site.yaml") || p.ends_with("synonymes.yaml"));

        let (content, mut diags) = content::load_cached(&root, self.opts.drafts, &mut self.parse);
        let Some(mut content) = content else { return Err(diags) };
        self.opts.apply(&mut content.config);
        if full || self.theme.is_none() {
            self.theme = Some(Theme::load(&root, &content.config.theme, &content.config.language)?);
            self.synonyms = Some(search::synonyms::load(&root)?);
        }
        let assets: HashMap<String, PathBuf> = content.assets.iter().map(|a| (a.rel.clone(), a.path.clone())).collect();
        let (site, d) = site::resolve_cached(content, self.opts.today.unwrap_or_else(Date::today), &mut self.bodies);
        diags.extend(d);
        let Some(site) = site else {
            diags.sort();
            return Err(diags);
        };
        let theme = self.theme.as_ref().ok_or_else(Diagnostics::new)?;
        let selection = if full { None } else { self.site.as_ref().and_then(|old| affected(old, &site)) };
        let jobs = selection.clone().unwrap_or_else(|| render::jobs(&site));
        let synonyms = self.synonyms.clone().unwrap_or_default();
        let (pages, index) = rayon::join(
            || render::render_jobs(&site, theme, &jobs),
            || site.config.search.enabled.then(|| search::build(&site, &synonyms)),
        );
        let pages = pages?;
        self.rendered = pages.len();
        if selection.is_none() {
            output.files.clear();
            insert(output, render::statics(theme));
        }
        output.files.retain(|p, _| !p.starts_with("search/"));
        insert(output, pages);
        insert(output, index.unwrap_or_default());
        output.assets = assets;
        self.site = Some(site);
        diags.sort();
        Ok((Outcome::Reload, diags))
    }
}

fn insert(output: &mut Output, files: Vec<OutputFile>) {
    output.files.extend(files.into_iter().map(|f| (f.path, Arc::new(f.bytes))));
}

/// The pages to render again after going from `old` to `new`, or `None` when everything must
/// be (pages added, removed or renamed; tags or professions appearing; a list gaining or
/// losing a page of its pagination; the menu changing).
fn affected(old: &Site, new: &Site) -> Option<Vec<Job>> {
    let refs = |s: &Site| s.by_ref.keys().cloned().collect::<BTreeSet<_>>();
    if refs(old) != refs(new)
        || old.tags.keys().ne(new.tags.keys())
        || old.professions.keys().ne(new.professions.keys())
        || old.assets.len() != new.assets.len()
        || render::jobs(old) != render::jobs(new)
    {
        return None;
    }
    let mut jobs: HashSet<Job> = HashSet::new();
    let mut changed = BTreeSet::new();
    for (i, page) in new.pages.iter().enumerate() {
        let before = old.get(&page.doc.reference())?;
        if before.doc.file.text == page.doc.file.text {
            continue;
        }
        if matches!(page.doc.meta, Meta::Page(_)) || before.doc.title() != page.doc.title() && page.kind() == Kind::Page
        {
            return None;
        }
        changed.insert(page.doc.reference());
        jobs.insert(Job::Page(i));
        if page.kind() == Kind::Issue {
            jobs.insert(Job::IssuePrint(i));
        }
        jobs.extend([Job::Home, Job::Feed, Job::Tags, Job::Professions]);
        if page.kind() != Kind::Page {
            jobs.extend(Job::Section(page.kind(), 1).every_page(new));
        }
        for doc in [&before.doc, &page.doc] {
            for tag in &doc.common.tags {
                jobs.extend(Job::Tag(crate::markdown::slugify(tag), 1).every_page(new));
            }
            for id in doc.meta.audience() {
                jobs.extend(Job::Profession(id.clone(), 1).every_page(new));
            }
        }
    }
    if changed.is_empty() {
        return Some(Vec::new());
    }
    for (j, page) in new.pages.iter().enumerate() {
        let shows_changed = match &page.doc.meta {
            Meta::Issue(m) => m.items.iter().any(|r| changed.contains(r.trim_end_matches(".md"))),
            Meta::Protocol(m) => m.replaces.iter().chain(&m.replaced_by).any(|r| changed.contains(r.as_str())),
            _ => false,
        };
        if shows_changed {
            jobs.insert(Job::Page(j));
            if page.kind() == Kind::Issue {
                jobs.insert(Job::IssuePrint(j));
            }
        }
    }
    Some(jobs.into_iter().collect())
}
