//! Incremental rebuilds for `serve`: the build's steps with its [`Caches`], so that files are
//! parsed and bodies rendered again only when they change, and only the pages whose family
//! says they show a changed document are rendered again (the page itself, the lists, tags,
//! professions and issues showing it, the feed). A theme or `site.yaml` change rebuilds
//! everything; a stylesheet change only swaps the stylesheet.

use crate::build::{self, BuildOptions, Caches};
use crate::content::Kind;
use crate::error::Diagnostics;
use crate::output::OutputFile;
use crate::render::{self, Job, Theme};
use crate::site::{urls, Site};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a rebuild changed, for the browsers that show the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Pages changed: reload.
    Reload,
    /// Only stylesheets changed: swap them.
    Css,
}

/// The served site, in memory.
#[derive(Debug, Default, Clone)]
pub(super) struct Output {
    /// Generated files by path (`protocoles/x/index.html`).
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Attachments by path, served from their place under `content/`.
    pub assets: HashMap<String, PathBuf>,
}

/// The state kept between rebuilds.
pub(super) struct Rebuilder {
    opts: BuildOptions,
    caches: Caches,
    site: Option<Site>,
    /// Number of pages rendered by the last rebuild.
    pub rendered: usize,
}

impl Rebuilder {
    /// A rebuilder for the site of `opts` (its base URL should be the server's).
    pub(super) fn new(opts: BuildOptions) -> Self {
        Rebuilder { opts, caches: Caches::default(), site: None, rendered: 0 }
    }

    /// Rebuilds after `changed` paths changed (all of it when empty), updating `output`: the
    /// build's own steps, with the caches kept since the last rebuild. On error, `output` is
    /// left as it was and every problem is returned.
    pub(super) fn rebuild(
        &mut self,
        changed: &[PathBuf],
        output: &mut Output,
    ) -> Result<(Outcome, Diagnostics), Diagnostics> {
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
            self.caches.forget_theme();
            self.rendered = 0;
            return Ok((Outcome::Css, Diagnostics::new()));
        }
        let full = self.site.is_none()
            || changed.is_empty()
            || changed
                .iter()
                .any(|p| under(p, "themes") || p == &root.join("site.yaml") || p.ends_with("synonymes.yaml"));
        if full {
            self.caches.forget_theme();
        }
        let (site, theme, diags) = build::load(&self.opts, Some(&mut self.caches))?;
        let synonyms = build::synonyms(&root, Some(&mut self.caches))?;
        let selection = if full { None } else { self.site.as_ref().and_then(|old| affected(old, &site)) };
        let jobs = selection.clone().unwrap_or_else(|| render::jobs(&site));
        let files = Mutex::new(Vec::new());
        build::generate(&site, &theme, &jobs, &synonyms, &|f| {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
            Ok(())
        })?;
        let files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        self.rendered = files.iter().filter(|f| !f.path.starts_with(urls::SEARCH_INDEX)).count();
        if selection.is_none() {
            output.files.clear();
            insert(output, render::statics(&theme));
        }
        output.files.retain(|p, _| !p.starts_with(urls::SEARCH_INDEX));
        insert(output, files);
        output.assets = site.assets.iter().map(|a| (a.rel.clone(), a.path.clone())).collect();
        self.site = Some(site);
        Ok((Outcome::Reload, diags))
    }
}

fn insert(output: &mut Output, files: Vec<OutputFile>) {
    output.files.extend(files.into_iter().map(|f| (f.path, Arc::new(f.bytes))));
}

/// The pages to render again after going from `old` to `new`: those whose family says they
/// show a page that changed, in either version. `None` when everything must be rendered: the
/// pages are not the same (added, removed, renamed; a list gaining or losing a page of its
/// pagination; tags or professions appearing), the attachments changed, or a free page
/// changed (the menu of every page lists them), or the directory changed.
fn affected(old: &Site, new: &Site) -> Option<Vec<Job>> {
    let refs = |s: &Site| s.by_ref.keys().cloned().collect::<BTreeSet<_>>();
    let jobs = render::jobs(new);
    let structure_changed =
        refs(old) != refs(new) || old.assets.len() != new.assets.len() || old.directory != new.directory;
    if structure_changed || render::jobs(old) != jobs {
        return None;
    }
    let mut changed_new = Vec::new();
    let mut changed_old = Vec::new();
    for (i, page) in new.pages.iter().enumerate() {
        let before = old.index_of(&page.doc.reference())?;
        if old.pages[before].doc.file.text != page.doc.file.text {
            if page.kind() == Kind::Page {
                return None;
            }
            changed_new.push(i);
            changed_old.push(before);
        }
    }
    Some(jobs.into_iter().filter(|j| j.inputs(new).meets(&changed_new) || j.inputs(old).meets(&changed_old)).collect())
}
