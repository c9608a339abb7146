//! Page families: every kind of output page described in one place — which pages it makes,
//! where they go (through the one URL builder), their template and context, and which
//! content each page shows. The build renders [`jobs`], the sitemap lists them, and `serve`
//! re-renders the pages whose [`Family::inputs`] changed: there is no other description.
//!
//! Adding a family: write its module here, its template in the theme, and add it to
//! [`FAMILIES`].

mod calendar;
mod content;
mod directory;
mod feed;
mod home;
mod issue_print;
mod lists;
mod misc;
mod sitemap;
mod taxonomies;
mod updates;
mod watch;

use super::pagination;
use super::{Cards, Scratch, Theme};
use crate::content::Kind;
use crate::error::Diagnostic;
use crate::site::{urls, Site};

/// What a page of a family is about: the site as a whole, one content page (its index in
/// the site's pages), or one tag or profession (its slug).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Id {
    Site,
    Page(usize),
    Term(String),
}

/// One page to render: its family (a place in [`FAMILIES`]), what it is about, and its page
/// number in a paginated list (1 otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Job {
    family: usize,
    pub id: Id,
    pub n: usize,
}

impl Job {
    fn family(&self) -> &'static dyn Family {
        FAMILIES[self.family]
    }

    /// Where this page goes.
    pub fn place(&self, site: &Site) -> Place {
        self.family().place(site, &self.id, self.n)
    }

    /// How it is made: its theme template, or its family's own writer.
    pub fn template(&self) -> Template {
        self.family().template()
    }

    /// Puts what the template needs in `ctx`.
    pub fn context(&self, env: &Env, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        self.family().context(env, &self.id, self.n, ctx)
    }

    /// The content pages whose change changes this page.
    pub fn inputs(&self, site: &Site) -> Inputs {
        self.family().inputs(site, &self.id)
    }

    /// Links are written rooted whatever the site's URL mode (a page served at any address).
    pub fn rooted(&self) -> bool {
        self.family().rooted()
    }
}

/// How a family's pages are made.
#[derive(Clone, Copy)]
pub enum Template {
    /// By this theme template, over the context [`Family::context`] fills.
    Theme(&'static str),
    /// By the family itself, not by the theme (the calendars): the file's bytes for `id`.
    Own(fn(&Env, &Id) -> Result<Vec<u8>, Diagnostic>),
}

/// Where a page goes: its file under the output folder, and its site path (what its links
/// are written relative to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub path: String,
}

impl Place {
    /// A page at a pretty URL: `protocoles/x/` is written as `protocoles/x/index.html`.
    fn page(path: String) -> Place {
        Place { file: format!("{path}index.html"), path }
    }

    /// A file at its own name (`atom.xml`).
    fn file(name: &str) -> Place {
        Place { file: name.to_owned(), path: name.to_owned() }
    }
}

/// Which content pages a page shows, for `serve` to know what an edit changes. Every page
/// also shows the menu, which lists the free pages: an edit of a free page changes them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inputs {
    /// Nothing that an edit can change without changing the site's structure.
    Nothing,
    /// Any content page (the home page, the feed).
    Any,
    /// These pages (indices in the site's pages).
    Pages(Vec<usize>),
}

impl Inputs {
    /// Whether a change to the pages `changed` changes what these inputs show.
    pub fn meets(&self, changed: &[usize]) -> bool {
        match self {
            Inputs::Nothing => false,
            Inputs::Any => !changed.is_empty(),
            Inputs::Pages(pages) => pages.iter().any(|p| changed.contains(p)),
        }
    }
}

/// What a family reads while it fills a context.
pub struct Env<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub cards: &'a Cards<'a>,
}

/// A family of output pages.
pub(crate) trait Family: Sync {
    /// Its pages in `site`: what each is about and its page number (1 unless paginated).
    /// By default one page, about the site as a whole.
    fn pages(&self, _site: &Site) -> Vec<(Id, usize)> {
        vec![(Id::Site, 1)]
    }

    /// Where page `n` of `id` goes.
    fn place(&self, site: &Site, id: &Id, n: usize) -> Place;

    /// How its pages are made (every page of a family the same way).
    fn template(&self) -> Template;

    /// Puts what the template needs for page `n` of `id` in `ctx` (nothing for a family
    /// that writes its own files).
    fn context(&self, _env: &Env, _id: &Id, _n: usize, _ctx: &mut Scratch) -> Result<(), Diagnostic> {
        Ok(())
    }

    /// The content pages the pages of `id` show.
    fn inputs(&self, site: &Site, id: &Id) -> Inputs;

    /// Where the sitemap lists the first pages of this family, by rank (`None`: not listed).
    /// Pages after the first of a paginated list come after every first page.
    fn sitemap_rank(&self) -> Option<u8> {
        None
    }

    /// Links are written rooted whatever the site's URL mode.
    fn rooted(&self) -> bool {
        false
    }
}

/// Every family, in the order their pages are rendered: the long lists first (the threads
/// take the last jobs last, and a long list there kept one core busy alone at the end of a
/// big build).
pub(crate) static FAMILIES: &[&dyn Family] = &[
    &lists::SYNTHESES,
    &lists::PROTOCOLS,
    &lists::ISSUES,
    &lists::EVENTS,
    &taxonomies::TAG,
    &taxonomies::PROFESSION,
    &home::HOME,
    &feed::FEED,
    &sitemap::SITEMAP,
    &taxonomies::TAGS,
    &taxonomies::PROFESSIONS,
    &misc::NOT_FOUND,
    &misc::ROBOTS,
    &misc::SEARCH,
    &misc::UNSUBSCRIBE,
    &content::ISSUE,
    &content::PROTOCOL,
    &content::SYNTHESIS,
    &content::PAGE,
    &content::EVENT,
    &calendar::EVENT_CALENDAR,
    &calendar::AGENDA,
    &issue_print::ISSUE_PRINT,
    &updates::COMPARISON,
    &updates::UPDATES,
    &updates::UPDATES_FEED,
    &directory::DIRECTORY,
    &content::MESSAGE,
    &watch::WATCH,
    &watch::WATCH_FEED,
];

/// Every page of `site`, family after family.
pub(crate) fn jobs(site: &Site) -> Vec<Job> {
    FAMILIES
        .iter()
        .enumerate()
        .flat_map(|(family, f)| f.pages(site).into_iter().map(move |(id, n)| Job { family, id, n }))
        .collect()
}

/// The pages of a list of `items` at `per_page` a page: `(id, 1)`, `(id, 2)`…
fn paginated(id: Id, items: usize, per_page: usize) -> Vec<(Id, usize)> {
    (1..=pagination::page_count(items, per_page)).map(|n| (id.clone(), n)).collect()
}

/// Puts page `n` of the list at site path `list` of `items` in `ctx` as `pager`, and returns
/// the items it shows.
fn paginate<'s>(site: &Site, ctx: &mut Scratch, list: &str, items: &'s [usize], n: usize) -> &'s [usize] {
    let per_page = site.config.paginate_by;
    ctx.insert("pager", &pagination::Pager::new(list, items.len(), per_page, n));
    &items[pagination::slice(items.len(), per_page, n)]
}

/// The index in the site's pages that `id` names (none for the site or a term).
fn page_index(id: &Id) -> Option<usize> {
    match id {
        Id::Page(i) => Some(*i),
        _ => None,
    }
}

/// The pages of `kind`, as inputs.
fn section_inputs(site: &Site, kind: Kind) -> Inputs {
    Inputs::Pages(site.section_indices(kind).collect())
}

/// The site path of page `n` of the list at `path`.
fn list_page(path: &str, n: usize) -> Place {
    Place::page(urls::paginated(path, n))
}
