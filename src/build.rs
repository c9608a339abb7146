//! The build as a short sequence of named steps: load the content, resolve the site graph,
//! render the theme and build the search index (in parallel), write the output atomically.
//! `check` runs the same steps without the last one; `serve` runs them with its [`Caches`]
//! and keeps the output in memory.

use crate::content::{self, Content, Date, Drafts, Kind, ParseCache};
use crate::error::Diagnostics;
use crate::i18n::msg;
use crate::output::{self, OutputFile, Sink};
use crate::render::{self, Job, Theme};
use crate::search::{self, Synonyms};
use crate::site::{self, urls, RenderCache, Site};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    /// Entries of the directory.
    pub directory: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

impl Summary {
    /// One line: « construit : 5 numéros, 6 protocoles, 8 synthèses, 2 pages → 48 fichiers dans public (120 ms) ».
    pub fn line(&self, out: &Path) -> String {
        // The kinds a site may not use (events, official messages) are named when it has some.
        let counts = self.counts.iter().filter(|(k, n)| *n > 0 || !matches!(k, Kind::Event | Kind::Message));
        let mut counts: Vec<String> = counts.map(|(k, n)| k.count(*n)).collect();
        if self.directory > 0 {
            counts.push(crate::i18n::plural(self.directory, msg::count_directory_one, msg::count_directory_many));
        }
        msg::built(counts.join(", "), crate::i18n::number(self.files), out.display(), self.elapsed.as_millis())
    }
}

/// What `serve` keeps from one build to the next, as an input of the same steps: the parsed
/// files and rendered bodies (each step redoes only what changed), the theme and the
/// synonyms (loaded again once forgotten, when their files change).
#[derive(Default)]
pub struct Caches {
    parse: ParseCache,
    bodies: RenderCache,
    theme: Option<Arc<Theme>>,
    synonyms: Option<Arc<Synonyms>>,
}

impl Caches {
    /// The theme, `site.yaml` or the synonyms changed: load them again next time.
    pub fn forget_theme(&mut self) {
        self.theme = None;
        self.synonyms = None;
    }
}

/// Loads and checks the site, and loads its theme: what every renderer starts from.
pub fn load(opts: &BuildOptions, caches: Option<&mut Caches>) -> Result<(Site, Arc<Theme>, Diagnostics), Diagnostics> {
    let mut caches = caches;
    let content = read(opts, caches.as_deref_mut())?;
    resolve(opts, content, caches)
}

/// Reads and parses the content files and `site.yaml` (with `opts` applied).
fn read(opts: &BuildOptions, caches: Option<&mut Caches>) -> Result<(Content, Diagnostics), Diagnostics> {
    let (content, diags) = content::load(&opts.root, opts.drafts, caches.map(|c| &mut c.parse));
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
    caches: Option<&mut Caches>,
) -> Result<(Site, Arc<Theme>, Diagnostics), Diagnostics> {
    let (name, language) = (content.config.theme.clone(), content.config.language.clone());
    let (bodies, cached_theme) = match caches {
        Some(c) => (Some(&mut c.bodies), Some(&mut c.theme)),
        None => (None, None),
    };
    let known = cached_theme.as_deref().and_then(|t| t.clone());
    // The templates are parsed (a few tens of milliseconds) while the site resolves.
    let ((site, site_diags), theme) = rayon::join(
        || site::resolve(content, opts.today.unwrap_or_else(Date::today), bodies),
        || match known {
            Some(theme) => Ok(theme),
            None => Theme::load(&opts.root, &name, &language).map(Arc::new),
        },
    );
    if let (Some(slot), Ok(theme)) = (cached_theme, &theme) {
        *slot = Some(theme.clone());
    }
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

/// The synonyms of the search, from the cache when it has them.
pub fn synonyms(root: &Path, caches: Option<&mut Caches>) -> Result<Arc<Synonyms>, Diagnostics> {
    match caches {
        Some(Caches { synonyms: Some(s), .. }) => Ok(s.clone()),
        Some(c) => Ok(c.synonyms.insert(Arc::new(search::synonyms::load(root)?)).clone()),
        None => Ok(Arc::new(search::synonyms::load(root)?)),
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
    Some(file.error_at(msg::share_image_missing(image), line, column, span).with_help(msg::share_image_help()))
}

/// Renders `jobs` and builds the search index (in parallel), handing every file to `sink`;
/// every error is reported.
pub fn generate(site: &Site, theme: &Theme, jobs: &[Job], synonyms: &Synonyms, sink: &Sink) -> Result<(), Diagnostics> {
    let (pages, index) = rayon::join(
        || render::render_jobs_into(site, theme, jobs, sink),
        || -> Result<(), Diagnostics> {
            if site.config.search.enabled {
                // Results name a message « DGS-Urgent n° 2020_23 » in the site's language.
                let number = theme.string("number_short", "n°");
                search::build_into(site, synonyms, number, sink)?;
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

/// Every page of the site, its search index and the theme's static files, into `sink`.
fn generate_all(site: &Site, theme: &Theme, root: &Path, sink: &Sink) -> Result<(), Diagnostics> {
    let synonyms = if site.config.search.enabled { synonyms(root, None)? } else { Default::default() };
    generate(site, theme, &render::jobs(site), &synonyms, sink)?;
    render::statics(theme).into_iter().try_for_each(sink).map_err(Diagnostics::from)
}

/// Builds the site into `opts.out`, replacing it only if everything succeeded. Files are
/// written (when changed) as they are rendered, to a sibling folder that replaces the
/// previous output's changed files at the end: see [`output`].
pub fn build(opts: &BuildOptions) -> Result<Summary, Diagnostics> {
    let start = Instant::now();
    output::check_target(&opts.root, &opts.out)?;
    let (content, writer) = rayon::join(|| read(opts, None), || output::Writer::begin(&opts.out));
    let (content, diags) = content?;
    let writer = writer?;
    // A first build makes the page folders on a thread of its own from here on, so that their
    // disk work overlaps resolving and rendering and fills the moments these leave a core idle.
    let folders: Vec<String> = content.documents.iter().map(|d| urls::page_path(d.kind, &d.slug)).collect();
    let done = std::thread::scope(|scope| {
        scope.spawn(|| writer.make_folders(folders.iter().map(String::as_str)));
        let done = resolve(opts, (content, diags), None).and_then(|(site, theme, warnings)| {
            let sink = |f: OutputFile| writer.put(&f.path, &f.bytes);
            let preview = || match opts.drafts {
                Drafts::Exclude => Ok(()),
                _ => sink(OutputFile { path: output::PREVIEW.into(), bytes: msg::preview_output_note().into_bytes() }),
            };
            match generate_all(&site, &theme, &opts.root, &sink).and_then(|()| preview().map_err(Diagnostics::from)) {
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
    Ok(Summary { counts, directory: site.directory.len(), files, elapsed: start.elapsed(), warnings })
}

/// Every check of a build, without writing anything.
pub fn check(opts: &BuildOptions) -> Diagnostics {
    let (site, theme, mut diags) = match load(opts, None) {
        Ok(loaded) => loaded,
        Err(diags) => return diags,
    };
    if let Err(errors) = generate_all(&site, &theme, &opts.root, &|_| Ok(())) {
        diags.extend(errors);
        diags.sort();
    }
    diags
}
