//! The HTML renderer: the site graph goes in, output files come out. Each page is rendered
//! with tera over the theme (in parallel), then its root-relative links are rewritten for
//! the site's URL mode.

mod filters;
pub mod pagination;
pub mod theme;
pub mod views;

pub use theme::Theme;

use crate::content::Kind;
use crate::error::{Diagnostic, Diagnostics};
use crate::site::{urls, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use tera::Context;
use views::{full, summary, term, ListItem};

/// A file of the output, by its path under the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One page to render. A list's page number (from 1) follows it: the syntheses, a tag's and a
/// profession's lists are paginated (`paginate_by`); the archive of issues and the protocols,
/// grouped by theme and filtered by profession in the page, are always one page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Section(Kind, usize),
    Page(usize),
    /// The print view of the issue at this index of the site's pages.
    IssuePrint(usize),
    Tags,
    Tag(String, usize),
    Professions,
    Profession(String, usize),
    NotFound,
    Search,
    Feed,
    Sitemap,
    Robots,
}

impl Job {
    /// The pages (indices into the site's pages) of the paginated list this job is a page of
    /// (`None`: not paginated).
    fn list_items<'s>(&self, site: &'s Site) -> Option<&'s [usize]> {
        let term = |t: Option<&'s crate::site::Term>| t.map_or(&[][..], |t| &t.pages[..]);
        match self {
            Job::Section(Kind::Synthesis, _) => Some(site.sections.get(&Kind::Synthesis).map_or(&[][..], |v| &v[..])),
            Job::Tag(slug, _) => Some(term(site.tags.get(slug))),
            Job::Profession(id, _) => Some(term(site.professions.get(id))),
            _ => None,
        }
    }

    /// The site path of the list this job is a page of, before pagination.
    fn list_path(&self) -> Option<String> {
        match self {
            Job::Section(kind, _) => Some(urls::section_path(*kind)),
            Job::Tag(slug, _) => Some(urls::tag_path(slug)),
            Job::Profession(id, _) => Some(urls::profession_path(id)),
            _ => None,
        }
    }

    /// This job at page `n` of its list.
    fn at_page(&self, n: usize) -> Job {
        match self {
            Job::Section(kind, _) => Job::Section(*kind, n),
            Job::Tag(slug, _) => Job::Tag(slug.clone(), n),
            Job::Profession(id, _) => Job::Profession(id.clone(), n),
            other => other.clone(),
        }
    }

    /// Every page of this job's list in `site` (the job alone when it is not a list).
    pub fn every_page(&self, site: &Site) -> Vec<Job> {
        let pages = self.list_items(site).map_or(1, |l| pagination::page_count(l.len(), site.config.paginate_by));
        (1..=pages).map(|n| self.at_page(n)).collect()
    }

    /// The page of its list this job renders (`None`: not a list).
    fn page_number(&self) -> Option<usize> {
        match self {
            Job::Section(_, n) | Job::Tag(_, n) | Job::Profession(_, n) => Some(*n),
            _ => None,
        }
    }
}

/// The site-wide part of every template's context.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: String,
    language: &'a str,
    /// The Open Graph locale: `fr_FR` for `fr`.
    locale: String,
    /// The absolute URL of the image shown when a page is shared (`share_image`).
    share_image: Option<String>,
    /// Every link relative: no canonical URL, nothing absolute.
    relative_urls: bool,
    /// The search box and page are shown.
    search: bool,
    cpts: &'a crate::content::config::Cpts,
    professions: &'a BTreeMap<String, String>,
    menu: Vec<MenuView>,
    today: String,
    generated: String,
}

#[derive(Serialize)]
struct MenuView {
    label: String,
    url: String,
}

/// How many entries the Atom feed carries.
const FEED_ENTRIES: usize = 50;

/// How many recent syntheses the home page shows.
const HOME_RECENT: usize = 6;

/// How many protocols the home page shows: the current ones most recently validated (the
/// protocols page lists them all).
const HOME_PROTOCOLS: usize = 8;

/// The heading level of a card's title: 2 in lists right under the page's h1 (a section,
/// a tag, a profession), 3 in lists under an h2 (the protocols' groups, the home page).
#[derive(Debug, Clone, Copy)]
enum CardLevel {
    Two,
    Three,
}

/// Template contexts holding the keys every render shares (`t`, `site`…), reused render
/// after render: a render adds its own keys, which are removed after it. Cloning the shared
/// keys for each of a big site's 23,000 renders cost about 6 % of a build.
struct Contexts {
    shared: Context,
    free: Mutex<Vec<Context>>,
}

/// A reused context and the keys one render added to it.
struct Scratch {
    ctx: Context,
    added: Vec<&'static str>,
}

impl Scratch {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.ctx.insert(key, value);
        self.added.push(key);
    }
}

impl Contexts {
    fn new(shared: Context) -> Self {
        Contexts { shared, free: Mutex::new(Vec::new()) }
    }

    /// Runs `render` with a context holding the shared keys and nothing else.
    fn with<R>(&self, render: impl FnOnce(&mut Scratch) -> R) -> R {
        let taken = self.free.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut scratch = Scratch { ctx: taken.unwrap_or_else(|| self.shared.clone()), added: Vec::new() };
        let result = render(&mut scratch);
        for key in scratch.added {
            match self.shared.get(key) {
                Some(shared) => scratch.ctx.insert(key, shared),
                None => {
                    scratch.ctx.remove(key);
                }
            }
        }
        self.free.lock().unwrap_or_else(|e| e.into_inner()).push(scratch.ctx);
        result
    }
}

/// Each page's card, rendered from the theme's `card.html` at most once per heading level
/// and shared by every list that shows the page: a page is in its section, its tags' and
/// its professions' lists, and rendering its card each time was most of a big site's work.
struct Cards<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// `t` and `site`, as in every template.
    contexts: Contexts,
    rendered: Vec<[OnceLock<Result<String, Diagnostic>>; 2]>,
}

impl<'a> Cards<'a> {
    fn new(site: &'a Site, theme: &'a Theme, base: &Context) -> Self {
        let mut ctx = Context::new();
        for key in ["t", "site"] {
            if let Some(v) = base.get(key) {
                ctx.insert(key, v);
            }
        }
        let rendered = site.pages.iter().map(|_| Default::default()).collect();
        Cards { site, theme, contexts: Contexts::new(ctx), rendered }
    }

    fn card(&self, i: usize, level: CardLevel) -> Result<&str, Diagnostic> {
        let (slot, n) = match level {
            CardLevel::Two => (0, 2),
            CardLevel::Three => (1, 3),
        };
        let rendered = self.rendered[i][slot].get_or_init(|| {
            self.contexts.with(|ctx| {
                ctx.insert("p", &summary(self.site, &self.site.pages[i]));
                ctx.insert("level", &n);
                self.theme.tera.render("card.html", &ctx.ctx).map_err(|e| self.theme.error(&e))
            })
        });
        rendered.as_deref().map_err(Clone::clone)
    }

    /// The list items of `pages` (indices into the site's pages).
    fn list(&self, pages: impl Iterator<Item = usize>, level: CardLevel) -> Result<Vec<ListItem<'_>>, Diagnostic> {
        pages
            .map(|i| {
                let p = &self.site.pages[i];
                Ok(ListItem {
                    card: self.card(i, level)?,
                    kind: p.kind(),
                    title: p.doc.title(),
                    url: format!("/{}", p.path),
                    date: p.doc.meta.date().map(|d| d.iso()),
                    obsolete: p.is_obsolete(),
                    unpublished: views::unpublished(p),
                })
            })
            .collect()
    }
}

/// Where rendered files go: each is handed over as soon as it is rendered, from the
/// rendering threads, so that a big site is never whole in memory.
pub type Sink<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders every page of `site` with `theme` into `sink`, and adds the theme's static
/// files; every template error is reported.
pub fn render_site(site: &Site, theme: &Theme, sink: &Sink) -> Result<(), Diagnostics> {
    render_jobs_into(site, theme, &jobs(site), sink)?;
    statics(theme).into_iter().try_for_each(sink).map_err(Diagnostics::from)
}

/// Every page of `site`, the long lists first: the threads take the last jobs last, and a
/// long list there kept one core busy alone at the end of a big build.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    for kind in [Kind::Synthesis, Kind::Protocol, Kind::Issue] {
        jobs.extend(Job::Section(kind, 1).every_page(site));
    }
    for slug in site.tags.keys() {
        jobs.extend(Job::Tag(slug.clone(), 1).every_page(site));
    }
    for id in site.professions.keys() {
        jobs.extend(Job::Profession(id.clone(), 1).every_page(site));
    }
    jobs.extend([Job::Home, Job::Feed, Job::Sitemap, Job::Tags, Job::Professions, Job::NotFound, Job::Robots]);
    if site.config.search.enabled {
        jobs.push(Job::Search);
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend(site.section_indices(Kind::Issue).map(Job::IssuePrint));
    jobs
}

/// The theme's static files (stylesheet, scripts), copied as they are.
pub fn statics(theme: &Theme) -> Vec<OutputFile> {
    theme.statics.iter().map(|(p, b)| OutputFile { path: p.clone(), bytes: b.clone() }).collect()
}

/// Renders `jobs` (in parallel); every template error is reported.
pub fn render_jobs(site: &Site, theme: &Theme, jobs: &[Job]) -> Result<Vec<OutputFile>, Diagnostics> {
    let files = std::sync::Mutex::new(Vec::with_capacity(jobs.len()));
    render_jobs_into(site, theme, jobs, &|f| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok(())
    })?;
    Ok(files.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// Renders `jobs` (in parallel) into `sink`; every template error is reported.
pub fn render_jobs_into(site: &Site, theme: &Theme, jobs: &[Job], sink: &Sink) -> Result<(), Diagnostics> {
    let base = base_context(site, theme);
    let cards = Cards::new(site, theme, &base);
    let contexts = Contexts::new(base);
    let mode = urls::UrlMode::new(&site.config.base_url, site.config.relative_urls);
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| contexts.with(|ctx| render_job(site, theme, ctx, &cards, &mode, job)).and_then(sink).err())
        .collect();
    let mut diags = Diagnostics::new();
    for d in errors {
        if !diags.iter().any(|x| x.message == d.message && x.file == d.file) {
            diags.push(d);
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(())
}

fn base_context(site: &Site, theme: &Theme) -> Context {
    let c = &site.config;
    let mut menu: Vec<MenuView> = if c.menu.is_empty() {
        [Kind::Issue, Kind::Protocol, Kind::Synthesis]
            .iter()
            .map(|k| MenuView {
                label: theme.strings.get(k.section()).cloned().unwrap_or_else(|| k.section().to_owned()),
                url: format!("/{}", urls::section_path(*k)),
            })
            .collect()
    } else {
        c.menu.iter().map(|m| MenuView { label: m.label.clone(), url: m.url.clone() }).collect()
    };
    for p in site.section(Kind::Page) {
        if let crate::content::Meta::Page(m) = &p.doc.meta {
            if m.weight.is_some() {
                menu.push(MenuView { label: p.doc.title().to_owned(), url: format!("/{}", p.path) });
            }
        }
    }
    let view = SiteView {
        title: &c.title,
        description: c.description.as_deref(),
        base_url: c.base(),
        language: &c.language,
        locale: locale(&c.language),
        share_image: c.share_image.as_ref().map(|p| urls::absolute(&c.base(), p)),
        relative_urls: c.relative_urls,
        search: c.search.enabled,
        cpts: &c.cpts,
        professions: &c.professions,
        menu,
        today: site.today.iso(),
        generated: site.today.iso(),
    };
    let mut ctx = Context::new();
    ctx.insert("site", &view);
    ctx.insert("t", &theme.strings);
    let pick = |k: &str| theme.strings.get(k).cloned().unwrap_or_default();
    let search_strings: BTreeMap<&str, String> = [
        ("issue", pick("kind_issue")),
        ("protocol", pick("kind_protocol")),
        ("synthesis", pick("kind_synthesis")),
        ("page", pick("kind_page")),
        ("obsolete", pick("obsolete")),
        ("none", pick("search_no_result")),
        ("one", pick("search_results_one")),
        ("many", pick("search_results_many")),
        ("all", pick("search_see_all")),
        ("more", pick("search_more")),
    ]
    .into_iter()
    .collect();
    ctx.insert("search_strings", &search_strings);
    ctx
}

/// The Open Graph locale of a site language (`fr` → `fr_FR`).
fn locale(language: &str) -> String {
    match language {
        "fr" => "fr_FR".into(),
        "en" => "en_GB".into(),
        other if other.contains(['_', '-']) => other.replace('-', "_"),
        other => format!("{other}_{}", other.to_uppercase()),
    }
}

/// The output path of a job, its site path (for link rewriting) and its template.
fn place(site: &Site, job: &Job) -> (String, String, &'static str) {
    let page = |path: String, template| (format!("{path}index.html"), path, template);
    let list = |n: usize, template| page(urls::paginated(&job.list_path().unwrap_or_default(), n), template);
    match job {
        Job::Home => page(String::new(), "index.html"),
        Job::Section(Kind::Issue, n) => list(*n, "issues.html"),
        Job::Section(Kind::Protocol, n) => list(*n, "protocols.html"),
        Job::Section(_, n) => list(*n, "syntheses.html"),
        Job::Page(i) => {
            let p = &site.pages[*i];
            let template = match p.kind() {
                Kind::Issue => "issue.html",
                Kind::Protocol => "protocol.html",
                Kind::Synthesis => "synthesis.html",
                Kind::Page => "page.html",
            };
            page(p.path.clone(), template)
        }
        Job::IssuePrint(i) => page(urls::print_path(&site.pages[*i].path), "issue-print.html"),
        Job::Tags => page("tags/".into(), "terms.html"),
        Job::Tag(_, n) | Job::Profession(_, n) => list(*n, "term.html"),
        Job::Professions => page("professions/".into(), "terms.html"),
        Job::NotFound => ("404.html".into(), "404.html".into(), "404.html"),
        Job::Search => page("recherche/".into(), "search.html"),
        Job::Feed => ("atom.xml".into(), "atom.xml".into(), "atom.xml"),
        Job::Sitemap => ("sitemap.xml".into(), "sitemap.xml".into(), "sitemap.xml"),
        Job::Robots => ("robots.txt".into(), "robots.txt".into(), "robots.txt"),
    }
}

fn render_job(
    site: &Site,
    theme: &Theme,
    ctx: &mut Scratch,
    cards: &Cards,
    mode: &urls::UrlMode,
    job: &Job,
) -> Result<OutputFile, Diagnostic> {
    let (out_path, site_path, template) = place(site, job);
    ctx.insert("path", &format!("/{site_path}"));
    ctx.insert("permalink", &urls::absolute(&site.config.base(), &site_path));
    match job {
        Job::Home => {
            ctx.insert("latest", &site.section(Kind::Issue).next().map(|p| full(site, p)));
            let recent = site.section_indices(Kind::Synthesis).take(HOME_RECENT);
            ctx.insert("recent_syntheses", &cards.list(recent, CardLevel::Three)?);
            let mut current: Vec<&crate::site::Page> = site.section(Kind::Protocol).filter(|p| p.in_force()).collect();
            ctx.insert("protocol_count", &current.len());
            current.sort_by_key(|p| match &p.doc.meta {
                crate::content::Meta::Protocol(m) => std::cmp::Reverse(m.validated),
                _ => std::cmp::Reverse(None),
            });
            let shown: Vec<_> = current.into_iter().take(HOME_PROTOCOLS).map(|p| summary(site, p)).collect();
            ctx.insert("protocols", &shown);
            ctx.insert(
                "issues",
                &site.section(Kind::Issue).skip(1).take(4).map(|p| summary(site, p)).collect::<Vec<_>>(),
            );
        }
        Job::Section(kind, _) => {
            ctx.insert("section", kind.section());
            let pages = site.section_indices(*kind);
            match kind {
                Kind::Protocol => {
                    let (replaced, current): (Vec<usize>, Vec<usize>) =
                        pages.partition(|&i| site.pages[i].is_obsolete());
                    ctx.insert("groups", &group_by_tag(site, cards, current.into_iter(), theme)?);
                    ctx.insert(
                        "replaced",
                        &replaced.iter().map(|&i| views::replaced(site, &site.pages[i])).collect::<Vec<_>>(),
                    );
                    let profs: Vec<_> =
                        site.professions.values().map(|t| term(t, urls::profession_path(&t.slug))).collect();
                    ctx.insert("professions", &profs);
                }
                Kind::Synthesis => {
                    let shown = paginate(site, ctx, job);
                    ctx.insert("pages", &cards.list(shown.iter().copied(), CardLevel::Two)?)
                }
                _ => ctx.insert("pages", &pages.map(|i| summary(site, &site.pages[i])).collect::<Vec<_>>()),
            }
        }
        Job::Page(i) => ctx.insert("page", &full(site, &site.pages[*i])),
        Job::IssuePrint(i) => {
            let issue = full(site, &site.pages[*i]);
            let printed: Vec<_> =
                issue.items.iter().filter_map(|it| site.get(&it.reference)).map(|p| views::printed(site, p)).collect();
            ctx.insert("page", &issue);
            ctx.insert("printed", &printed);
        }
        Job::Tags | Job::Professions => {
            let (taxonomy, terms, path): (_, _, fn(&str) -> String) = match job {
                Job::Tags => ("tags", &site.tags, urls::tag_path),
                _ => ("professions", &site.professions, urls::profession_path),
            };
            ctx.insert("taxonomy", taxonomy);
            ctx.insert("terms", &terms.values().map(|t| term(t, path(&t.slug))).collect::<Vec<_>>());
        }
        Job::Tag(slug, _) | Job::Profession(slug, _) => {
            let (taxonomy, t, path) = match job {
                Job::Tag(..) => ("tags", site.tags.get(slug), urls::tag_path(slug)),
                _ => ("professions", site.professions.get(slug), urls::profession_path(slug)),
            };
            let t = t.ok_or_else(|| Diagnostic::error(format!("no {taxonomy} page `{slug}` to render")))?;
            ctx.insert("taxonomy", taxonomy);
            ctx.insert("term", &term(t, path));
            let shown = paginate(site, ctx, job);
            ctx.insert("pages", &cards.list(shown.iter().copied(), CardLevel::Two)?);
        }
        Job::Feed => {
            let mut entries: Vec<_> = site
                .pages
                .iter()
                .filter(|p| matches!(p.kind(), Kind::Issue | Kind::Synthesis))
                .map(|p| (p.doc.meta.date(), p))
                .collect();
            entries.sort_by_key(|e| std::cmp::Reverse(e.0));
            let updated = entries.first().and_then(|e| e.0).unwrap_or(site.today);
            let absolute = urls::UrlMode::Absolute { base: site.config.base() };
            let views: Vec<_> = entries
                .iter()
                .take(FEED_ENTRIES)
                .map(|(_, p)| {
                    let mut v = full(site, p);
                    v.content = Some(urls::rewrite_html(&p.rendered.html, &p.path, &absolute).into());
                    v
                })
                .collect();
            ctx.insert("entries", &views);
            ctx.insert("updated", &updated.rfc3339());
            ctx.insert("feed_url", &urls::absolute(&site.config.base(), "atom.xml"));
        }
        Job::Sitemap => {
            let mut locs = vec![site.config.base()];
            locs.extend(
                [Kind::Issue, Kind::Protocol, Kind::Synthesis]
                    .map(|k| urls::absolute(&site.config.base(), &urls::section_path(k))),
            );
            locs.extend(site.pages.iter().map(|p| urls::absolute(&site.config.base(), &p.path)));
            locs.extend(site.tags.keys().map(|s| urls::absolute(&site.config.base(), &urls::tag_path(s))));
            locs.extend(
                site.professions.keys().map(|s| urls::absolute(&site.config.base(), &urls::profession_path(s))),
            );
            let later_pages = jobs(site).into_iter().filter(|j| j.page_number().is_some_and(|n| n > 1));
            locs.extend(later_pages.map(|j| urls::absolute(&site.config.base(), &place(site, &j).1)));
            ctx.insert("locations", &locs);
        }
        Job::NotFound | Job::Robots | Job::Search => {}
    }
    // Rendered as bytes: tera's `render` checks that the whole page is UTF-8 (~2 % of a build),
    // and only a page whose links are rewritten needs it as text.
    let mut bytes = Vec::with_capacity(16 * 1024);
    theme.tera.render_to(template, &ctx.ctx, &mut bytes).map_err(|e| theme.error(&e))?;
    let mode = if matches!(job, Job::NotFound) { &urls::UrlMode::new(&site.config.base_url, false) } else { mode };
    if template.ends_with(".html") && mode.rewrites() {
        let html = String::from_utf8(bytes)
            .map_err(|_| Diagnostic::error(format!("template {template} wrote text that is not UTF-8")))?;
        bytes = urls::rewrite_html(&html, &site_path, mode).into_bytes();
    }
    Ok(OutputFile { path: out_path, bytes })
}

/// Puts page `job` of its list in the context as `pager`, and returns the pages it shows.
fn paginate<'s>(site: &'s Site, ctx: &mut Scratch, job: &Job) -> &'s [usize] {
    let items = job.list_items(site).unwrap_or_default();
    let n = job.page_number().unwrap_or(1);
    let per_page = site.config.paginate_by;
    ctx.insert("pager", &pagination::Pager::new(&job.list_path().unwrap_or_default(), items.len(), per_page, n));
    &items[pagination::slice(items.len(), per_page, n)]
}

/// A group of protocols sharing their first tag.
#[derive(Serialize)]
struct Group<'a> {
    name: String,
    slug: String,
    pages: Vec<ListItem<'a>>,
}

fn group_by_tag<'a>(
    site: &Site,
    cards: &'a Cards,
    pages: impl Iterator<Item = usize>,
    theme: &Theme,
) -> Result<Vec<Group<'a>>, Diagnostic> {
    let mut groups: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    let other = theme.strings.get("other").cloned().unwrap_or_else(|| "Autres".into());
    for i in pages {
        let first = site.pages[i].doc.common.tags.iter().find_map(|t| site.tags.get(&crate::markdown::slugify(t)));
        let (slug, name) = match first {
            Some(t) => (t.slug.clone(), t.name.clone()),
            None => ("~".into(), other.clone()),
        };
        groups.entry(slug).or_insert_with(|| (name, vec![])).1.push(i);
    }
    groups
        .into_iter()
        .map(|(slug, (name, pages))| Ok(Group { name, slug, pages: cards.list(pages.into_iter(), CardLevel::Three)? }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vendored tera (vendor/tera) looks dotted paths up without copying each segment;
    /// keys written with `/` or `~` (escaped as `~1` and `~0` inside tera) still resolve.
    #[test]
    fn dotted_lookups_find_plain_and_escaped_keys() {
        let mut tera = tera::Tera::default();
        let template =
            r#"{{ page.meta.date }}|{{ page["a/b"] }}|{{ page["x~y"].z }}|{{ page.missing | default(value="-") }}"#;
        tera.add_raw_template("t", template).expect("template");
        let mut ctx = Context::new();
        ctx.insert("page", &serde_json::json!({"meta": {"date": "2020-04-01"}, "a/b": 1, "x~y": {"z": 2}}));
        assert_eq!(tera.render("t", &ctx).expect("render"), "2020-04-01|1|2|-");
    }

    #[test]
    fn a_reused_context_holds_the_shared_keys_and_nothing_a_previous_render_added() {
        let mut shared = Context::new();
        shared.insert("site", "CPTS");
        let contexts = Contexts::new(shared);
        contexts.with(|ctx| {
            ctx.insert("page", "first");
            ctx.insert("site", "overwritten");
        });
        contexts.with(|ctx| {
            assert_eq!(ctx.ctx.get("site"), Some(&tera::Value::from("CPTS")));
            assert!(!ctx.ctx.contains_key("page"));
        });
        assert_eq!(contexts.free.lock().unwrap().len(), 1, "the context was reused, not cloned again");
    }
}
