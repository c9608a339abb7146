//! The build as a short sequence of named steps: load the content, resolve the site graph,
//! render the theme and build the search index (in parallel), write the output atomically. `check` runs the same steps without the
//! last one.

use crate::content::{self, Content, Date, Drafts, Kind};
use crate::error::Diagnostics;
use crate::output;
use crate::render::{self, OutputFile, Sink, Theme};
use crate::search;
use crate::site::{self, urls, Site};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Which unpublished documents are taken in.
    pub drafts: Drafts,
    pub base_url: Option<String>,
    /// Overrides the site's `relative_urls`.
    pub relative_urls: Option<bool>,
    /// The date to compare review dates with (today by default).
    pub today: Option<Date>,
}

impl BuildOptions {
    /// Defaults for the site at `root`: output in `root/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            drafts: Drafts::Exclude,
            base_url: None,
            relative_urls: None,
            today: None,
        }
    }
}

impl BuildOptions {
    /// Applies the options that override `site.yaml` (base URL, URL mode).
    pub fn apply(&self, config: &mut crate::content::Config) {
        if let Some(url) = &self.base_url {
            config.base_url = url.clone();
        }
        if let Some(relative) = self.relative_urls {
            config.relative_urls = relative;
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct Summary {
    pub counts: Vec<(Kind, usize)>,
    pub files: usize,
    pub elapsed: Duration,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

impl Summary {
    /// One line: `built 5 issues, 6 protocols, 8 syntheses, 2 pages → 48 files in public (120 ms)`.
    pub fn line(&self, out: &Path) -> String {
        let counts: Vec<String> = self.counts.iter().map(|(k, n)| k.count(*n)).collect();
        format!(
            "built {} → {} files in {} ({} ms)",
            counts.join(", "),
            self.files,
            out.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Loads and checks the site, and loads its theme: what every renderer starts from.
pub fn load(opts: &BuildOptions) -> Result<(Site, Theme, Diagnostics), Diagnostics> {
    resolve(opts, read(opts)?)
}

/// Reads and parses the content files and `site.yaml` (with `opts` applied).
fn read(opts: &BuildOptions) -> Result<(Content, Diagnostics), Diagnostics> {
    let (content, diags) = content::load(&opts.root, opts.drafts);
    let Some(mut content) = content else {
        return Err(diags);
    };
    opts.apply(&mut content.config);
    Ok((content, diags))
}

/// Resolves the site graph from its content, and loads the theme meanwhile.
fn resolve(
    opts: &BuildOptions,
    (content, mut diags): (Content, Diagnostics),
) -> Result<(Site, Theme, Diagnostics), Diagnostics> {
    let (name, language) = (content.config.theme.clone(), content.config.language.clone());
    // The templates are parsed (a few tens of milliseconds) while the site resolves.
    let ((site, site_diags), theme) = rayon::join(
        || site::resolve(content, opts.today.unwrap_or_else(Date::today)),
        || Theme::load(&opts.root, &name, &language),
    );
    diags.extend(site_diags);
    if let (Some(site), Ok(theme)) = (&site, &theme) {
        if let Some(d) = check_share_image(site, theme) {
            diags.push(d);
        }
    }
    diags.sort();
    match (site, theme) {
        (Some(site), Ok(theme)) if !diags.has_errors() => Ok((site, theme, diags)),
        (_, theme) => {
            diags.extend(theme.err().unwrap_or_default());
            diags.sort();
            Err(diags)
        }
    }
}

/// `share_image` must name a file of the output: one of the theme's static files or of `content/`.
fn check_share_image(site: &Site, theme: &Theme) -> Option<crate::error::Diagnostic> {
    let image = site.config.share_image.as_deref()?;
    let path = image.trim_start_matches('/');
    if theme.statics.contains_key(path) || site.assets.iter().any(|a| a.rel == path) {
        return None;
    }
    let file = content::source::read(&site.root, &site.root.join("site.yaml")).ok()?;
    let (line, column, span) = file.find_from(1, image);
    Some(file.error_at(format!("share_image `{image}` is not a file of the site"), line, column, span).with_help(
        "put the image under content/ (or the theme's static/) and give its path, e.g. `share_image: /partage.png`",
    ))
}

/// Renders the site and builds its search index (in parallel), handing every file to
/// `sink`; every error is reported.
fn generate(site: &Site, theme: &Theme, root: &Path, sink: &Sink) -> Result<(), Diagnostics> {
    let synonyms = if site.config.search.enabled { search::synonyms::load(root) } else { Ok(Default::default()) };
    let (pages, index) = rayon::join(
        || render::render_site(site, theme, sink),
        || -> Result<(), Diagnostics> {
            if site.config.search.enabled {
                search::build_into(site, &synonyms?, sink)?;
            }
            Ok(())
        },
    );
    match (pages, index) {
        (Ok(()), Ok(())) => Ok(()),
        (pages, index) => {
            let mut diags = pages.err().unwrap_or_default();
            diags.extend(index.err().unwrap_or_default());
            diags.sort();
            Err(diags)
        }
    }
}

/// Builds the site into `opts.out`, replacing it only if everything succeeded. Files are
/// written (when changed) as they are rendered, to a sibling folder that replaces the
/// previous output's changed files at the end: see [`output`].
pub fn build(opts: &BuildOptions) -> Result<Summary, Diagnostics> {
    let start = Instant::now();
    output::check_target(&opts.root, &opts.out)?;
    let (content, writer) = rayon::join(|| read(opts), || output::Writer::begin(&opts.out));
    let (content, diags) = content?;
    let writer = writer?;
    // A first build makes the page folders on a thread of its own from here on, so that their
    // disk work overlaps resolving and rendering and fills the moments these leave a core idle.
    let folders: Vec<String> = content.documents.iter().map(|d| urls::page_path(d.kind, &d.slug)).collect();
    let done = std::thread::scope(|scope| {
        scope.spawn(|| writer.make_folders(folders.iter().map(String::as_str)));
        let done = resolve(opts, (content, diags)).and_then(|(mut site, theme, warnings)| {
            site.release_sources();
            match generate(&site, &theme, &opts.root, &|f: OutputFile| writer.put(&f.path, &f.bytes)) {
                Ok(()) => Ok((site, warnings)),
                Err(mut errors) => {
                    errors.extend(warnings);
                    errors.sort();
                    Err(errors)
                }
            }
        });
        if done.is_err() {
            writer.stop_folders();
        }
        done
    });
    let (site, warnings) = done?;
    site.assets.par_iter().try_for_each(|a| writer.copy(a))?;
    let files = writer.commit()?;
    let counts = Kind::ALL.iter().map(|k| (*k, site.section(*k).count())).collect();
    Ok(Summary { counts, files, elapsed: start.elapsed(), warnings })
}

/// Every check of a build, without writing anything.
pub fn check(opts: &BuildOptions) -> Diagnostics {
    let (mut site, theme, mut diags) = match load(opts) {
        Ok(loaded) => loaded,
        Err(diags) => return diags,
    };
    site.release_sources();
    if let Err(errors) = generate(&site, &theme, &opts.root, &|_| Ok(())) {
        diags.extend(errors);
        diags.sort();
    }
    diags
}
