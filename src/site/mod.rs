//! The resolved site graph: every page with its URL and rendered body, the sections, the
//! taxonomies (tags, professions), and the checks that need the whole site (duplicates,
//! references between files, links and anchors, review-date warnings).

pub(crate) mod urls;

use crate::content::directory::{self, Entry};
use crate::content::kinds::{Meta, Status};
use crate::content::{Asset, Config, Content, Date, Document, Kind, Unpublished};
use crate::error::{did_you_mean, Diagnostics, LineIndex};
use crate::i18n::msg;
use crate::markdown::{self, LinkIndex, PageLinks, Rendered};
use crate::search::analysis::fold;
use rayon::prelude::*;
use std::collections::{hash_map, BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// How far ahead « À venir » looks, in days.
pub(crate) const UPCOMING_DAYS: u64 = 30;

/// A content page placed in the site.
#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document,
    /// Site path: `protocoles/rappel-infirmier/`.
    pub path: String,
    /// Shared with the cache that `serve` keeps between builds.
    pub rendered: Arc<Rendered>,
}

impl Page {
    pub fn kind(&self) -> Kind {
        self.doc.kind
    }

    /// The summary, or the start of the body when there is none.
    pub fn summary(&self) -> String {
        match &self.doc.common.summary {
            Some(s) => s.clone(),
            None => excerpt(&self.rendered.text, 220),
        }
    }

    /// A protocol that is obsolete.
    pub fn is_obsolete(&self) -> bool {
        matches!(&self.doc.meta, Meta::Protocol(p) if p.status == Status::Obsolete)
    }

    /// A protocol « en vigueur »: validated and not replaced. No other status counts as such.
    pub fn in_force(&self) -> bool {
        matches!(&self.doc.meta, Meta::Protocol(p) if p.status == Status::Valide)
    }
}

/// A tag or profession and the pages it gathers (indices into [`Site::pages`]).
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub pages: Vec<usize>,
}

/// Everything needed to render the site.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub pages: Vec<Page>,
    /// Reference (`protocoles/x`) → index in `pages`.
    pub by_ref: HashMap<String, usize>,
    /// Page indices per kind, in reading order (issues newest first, protocols and pages by
    /// title, syntheses newest first).
    pub sections: BTreeMap<Kind, Vec<usize>>,
    pub tags: BTreeMap<String, Term>,
    pub professions: BTreeMap<String, Term>,
    pub assets: Vec<Asset>,
    /// The directory's entries, spreadsheet after spreadsheet, row after row.
    pub directory: Vec<Entry>,
    /// The date the build considers today (review dates are compared with it).
    pub today: Date,
    /// How pages relate, worked out once when the site is resolved: every message page
    /// would otherwise ask every page whether it cites it.
    relations: Relations,
}

/// Pages related to a page, by index in `pages`.
#[derive(Debug, Default)]
struct Relations {
    /// The official messages each issue carries ([`Site::issue_messages`]).
    carried: HashMap<usize, Vec<usize>>,
    /// The pages that cite each page ([`Site::citing`]), in `pages` order.
    cited_by: HashMap<usize, Vec<usize>>,
    /// The messages whose `supersedes` names each message, in the section's order.
    superseded_by: HashMap<usize, Vec<usize>>,
    /// The protocols whose `replaces` names each protocol, in the section's order.
    replaced_by: HashMap<usize, Vec<usize>>,
}

impl Relations {
    /// The relations of `site`'s pages, once its pages and sections are in place.
    fn of(site: &Site) -> Relations {
        let carried: HashMap<usize, Vec<usize>> =
            site.section_indices(Kind::Issue).map(|i| (i, site.carried_by(&site.pages[i]))).collect();
        let mut cited_by: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, p) in site.pages.iter().enumerate() {
            let mut cited: Vec<usize> = references(&p.doc.meta)
                .into_iter()
                .filter(|(field, _, _)| !matches!(*field, "messages_left_out" | "supersedes" | "superseded_by"))
                .filter_map(|(_, r, _)| site.index_of(r))
                .chain(p.rendered.links.iter().filter_map(|l| site.index_of(l)))
                .chain(carried.get(&i).into_iter().flatten().copied())
                .filter(|&c| c != i)
                .collect();
            cited.sort_unstable();
            cited.dedup();
            for c in cited {
                cited_by.entry(c).or_default().push(i);
            }
        }
        let mut superseded_by: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut replaced_by: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in site.section_indices(Kind::Message).chain(site.section_indices(Kind::Protocol)) {
            let (older, relation) = match &site.pages[i].doc.meta {
                Meta::Message(m) => (&m.supersedes, &mut superseded_by),
                Meta::Protocol(m) => (&m.replaces, &mut replaced_by),
                _ => continue,
            };
            for old in older.iter().filter_map(|r| site.index_of(r)) {
                relation.entry(old).or_default().push(i);
            }
        }
        Relations { carried, cited_by, superseded_by, replaced_by }
    }
}

impl Site {
    /// The pages of `kind`, in reading order.
    pub fn section(&self, kind: Kind) -> impl Iterator<Item = &Page> {
        self.section_indices(kind).map(|i| &self.pages[i])
    }

    /// The indices in `pages` of the pages of one kind, in reading order.
    pub fn section_indices(&self, kind: Kind) -> impl Iterator<Item = usize> + '_ {
        self.sections.get(&kind).into_iter().flatten().copied()
    }

    /// The events not over yet (their last day is today or later), soonest first, and the
    /// past ones, latest first.
    pub fn events(&self) -> (Vec<usize>, Vec<usize>) {
        let when = |i: usize| match &self.pages[i].doc.meta {
            Meta::Event(m) => (m.start, m.last()),
            _ => (None, None),
        };
        let (mut upcoming, past): (Vec<usize>, Vec<usize>) =
            self.section_indices(Kind::Event).partition(|&i| when(i).1.is_some_and(|l| l.date >= self.today));
        // The section is newest first: the events to come are read soonest first.
        upcoming.sort_by_key(|&i| when(i).0);
        (upcoming, past)
    }

    /// The events not over that start within [`UPCOMING_DAYS`] of today, soonest first: the
    /// « À venir » block of the home page and of an issue's email.
    pub fn events_soon(&self) -> Vec<usize> {
        let horizon = self.today.0.checked_add_days(chrono::Days::new(UPCOMING_DAYS)).unwrap_or(self.today.0);
        let starts_soon = |i: &usize| matches!(&self.pages[*i].doc.meta, Meta::Event(m) if m.start.is_some_and(|s| s.date.0 <= horizon));
        self.events().0.into_iter().filter(starts_soon).collect()
    }

    /// Every change of every protocol, newest first: the protocol's index, the change, and
    /// its date (its own, or the protocol's `validated` for its current version). Changes
    /// without a date are left out.
    pub fn protocol_changes(&self) -> Vec<(usize, &crate::content::kinds::Change, Date)> {
        let mut all = Vec::new();
        for i in self.section_indices(Kind::Protocol) {
            let Meta::Protocol(m) = &self.pages[i].doc.meta else { continue };
            for change in &m.changes {
                let current = change.version.is_some() && change.version == m.version;
                if let Some(date) = change.date.or(m.validated.filter(|_| current)) {
                    all.push((i, change, date));
                }
            }
        }
        all.sort_by_key(|(i, _, date)| (std::cmp::Reverse(*date), self.pages[*i].doc.title().to_lowercase()));
        all
    }

    /// The date of the issue before `issue` (an issue page) and its own: the span its
    /// « since the previous issue » blocks cover. None for the first issue.
    fn since_previous_issue(&self, issue: &Page) -> Option<(Date, Date)> {
        let number_and_date = |p: &Page| match &p.doc.meta {
            Meta::Issue(m) => (m.number, m.date),
            _ => (None, None),
        };
        let (Some(number), Some(date)) = number_and_date(issue) else { return None };
        let previous = self
            .section(Kind::Issue)
            .filter_map(|p| match number_and_date(p) {
                (Some(n), Some(d)) if n < number => Some((n, d)),
                _ => None,
            })
            .max()?;
        Some((previous.1, date))
    }

    /// The protocol changes dated after the previous issue and up to `issue` (an issue page),
    /// newest first: what its email says was updated. None for the first issue.
    pub fn changes_since_previous_issue(&self, issue: &Page) -> Vec<(usize, &crate::content::kinds::Change, Date)> {
        let Some((since, date)) = self.since_previous_issue(issue) else { return Vec::new() };
        self.protocol_changes().into_iter().filter(|(_, _, d)| *d > since && *d <= date).collect()
    }

    /// The official messages `issue` carries in « La veille depuis le dernier numéro »: those
    /// dated after the previous issue and up to it (none for the first issue), with those
    /// its `messages` names and without those of `messages_left_out`; newest first.
    pub fn issue_messages(&self, issue: &Page) -> &[usize] {
        self.related(&self.relations.carried, issue)
    }

    /// [`Site::issue_messages`], worked out.
    fn carried_by(&self, issue: &Page) -> Vec<usize> {
        let Meta::Issue(m) = &issue.doc.meta else { return Vec::new() };
        let span = self.since_previous_issue(issue);
        let dated = |i: &usize| match (&self.pages[*i].doc.meta, span) {
            (Meta::Message(msg), Some((since, until))) => msg.date.is_some_and(|d| d > since && d <= until),
            _ => false,
        };
        let picked: Vec<usize> = m.messages.iter().filter_map(|r| self.index_of(r)).collect();
        let left_out: Vec<usize> = m.messages_left_out.iter().filter_map(|r| self.index_of(r)).collect();
        // The section is newest first.
        self.section_indices(Kind::Message)
            .filter(|i| (dated(i) || picked.contains(i)) && !left_out.contains(i))
            .collect()
    }

    /// The directory's entries an issue shows in « Numéros utiles », in the order its
    /// `useful_numbers` names them, each once.
    pub fn useful_numbers(&self, issue: &Page) -> Vec<&Entry> {
        let Meta::Issue(m) = &issue.doc.meta else { return Vec::new() };
        let mut out: Vec<&Entry> = Vec::new();
        for name in &m.useful_numbers {
            for e in directory::select(&self.directory, name) {
                if !out.iter().any(|o| std::ptr::eq(*o, e)) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// The page a reference designates.
    pub fn get(&self, reference: &str) -> Option<&Page> {
        self.index_of(reference).map(|i| &self.pages[i])
    }

    /// The protocols that replace `page`: those its `replaced_by` names or, when an obsolete
    /// protocol names none, those whose `replaces` names it (an author often writes only one
    /// side).
    pub(crate) fn replacements(&self, page: &Page) -> Vec<usize> {
        let Meta::Protocol(m) = &page.doc.meta else { return Vec::new() };
        if !m.replaced_by.is_empty() || m.status != Status::Obsolete {
            return m.replaced_by.iter().filter_map(|r| self.index_of(r)).collect();
        }
        self.related(&self.relations.replaced_by, page).to_vec()
    }

    /// The messages that supersede `page` (a message): those its `superseded_by` names, and
    /// those whose `supersedes` names it (an author often writes only one side).
    pub fn superseding(&self, page: &Page) -> Vec<usize> {
        let Meta::Message(m) = &page.doc.meta else { return Vec::new() };
        let mut out: Vec<usize> = m.superseded_by.iter().filter_map(|r| self.index_of(r)).collect();
        for &i in self.related(&self.relations.superseded_by, page) {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// The pages that cite `page`: in their sources, by a link of their text, or (issues)
    /// by carrying it; issues first, newest first, then by title.
    pub fn citing(&self, page: &Page) -> Vec<usize> {
        let mut out = self.related(&self.relations.cited_by, page).to_vec();
        out.sort_by_cached_key(|&i| {
            let p = &self.pages[i];
            (p.kind() != Kind::Issue, std::cmp::Reverse(p.doc.meta.date()), p.doc.title().to_lowercase())
        });
        out
    }

    /// What `relation` holds for `page`.
    fn related<'a>(&self, relation: &'a HashMap<usize, Vec<usize>>, page: &Page) -> &'a [usize] {
        self.index_of(&page.doc.reference()).and_then(|i| relation.get(&i)).map_or(&[], Vec::as_slice)
    }

    /// The index in `pages` of the page a reference designates.
    pub fn index_of(&self, reference: &str) -> Option<usize> {
        self.by_ref.get(normalize_ref(reference)).copied()
    }
}

/// `syntheses/x.md` and `/syntheses/x` refer to `syntheses/x`.
fn normalize_ref(r: &str) -> &str {
    let r = r.trim().trim_start_matches('/');
    r.strip_suffix(".md").unwrap_or(r)
}

/// Rendered bodies kept between the builds of `serve`: a body is rendered again only when
/// its file changes, or when what links can point to changes.
#[derive(Debug, Default)]
pub(crate) struct RenderCache {
    links: u64,
    bodies: HashMap<String, (u64, Arc<Rendered>)>,
}

/// Builds the site graph from loaded content: checks duplicates and references, renders
/// every body (in parallel), checks links and anchors. Warnings are returned with errors.
/// With a `cache` (`serve`'s), only the bodies that changed since its last use are rendered
/// again; a build without one neither hashes every body nor fills a cache it would drop.
pub(crate) fn resolve(
    content: Content,
    today: Date,
    mut cache: Option<&mut RenderCache>,
) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Content { root, config, documents, assets, skipped_drafts, directory } = content;
    check_duplicates(&documents, &mut diags);

    let mut index = LinkIndex::default();
    for d in &documents {
        index.pages.insert(d.content_path(), (d.reference(), urls::page_path(d.kind, &d.slug)));
    }
    index.drafts.extend(skipped_drafts.iter().cloned());
    index.assets.extend(assets.iter().map(|a| a.rel.clone()));
    let mut by_ref = HashMap::new();
    for (i, d) in documents.iter().enumerate() {
        by_ref.entry(d.reference()).or_insert(i);
    }
    check_references(&documents, &by_ref, &index, &mut diags);

    if let Some(cache) = cache.as_deref_mut() {
        let mut link_targets: Vec<(&String, &(String, String))> = index.pages.iter().collect();
        link_targets.sort();
        let mut others: Vec<&String> = index.drafts.keys().chain(&index.assets).collect();
        others.sort();
        let links = crate::content::fingerprint(&(link_targets, others));
        if cache.links != links {
            cache.links = links;
            cache.bodies.clear();
        }
    }
    let cached = cache.as_deref();
    let rendered: Vec<(Arc<Rendered>, Diagnostics, u64)> = documents
        .par_iter()
        .map(|doc| {
            let content_path = doc.content_path();
            let body_hash = if cached.is_some() { crate::content::fingerprint(&doc.file.text) } else { 0 };
            let r = match cached.and_then(|c| c.bodies.get(&content_path)) {
                Some((h, r)) if *h == body_hash => r.clone(),
                _ => Arc::new(markdown::render(doc.body(), &PageLinks { index: &index, content_path: &content_path })),
            };
            let d = body_problems(doc, &r);
            (r, d, body_hash)
        })
        .collect();
    if let Some(cache) = cache {
        cache.bodies =
            documents.iter().zip(&rendered).map(|(d, (r, _, h))| (d.content_path(), (*h, r.clone()))).collect();
    }
    let mut pages = Vec::with_capacity(documents.len());
    for (doc, (rendered, d, _)) in documents.into_iter().zip(rendered) {
        diags.extend(d);
        pages.push(Page { path: urls::page_path(doc.kind, &doc.slug), doc, rendered });
    }
    check_anchors(&pages, &by_ref, &mut diags);
    warnings(&pages, &by_ref, today, config.review_required, &mut diags);
    crate::content::directory::warnings(&directory, today, &mut diags);
    let directory: Vec<Entry> = directory.into_iter().flat_map(|s| s.entries).collect();
    check_useful_numbers(&pages, &directory, &config.directory_types, &mut diags);
    check_messages(&pages, &by_ref, &config, today, &mut diags);
    if diags.has_errors() {
        return (None, diags);
    }
    let sections = sections(&pages);
    let (tags, professions) = taxonomies(&pages, &config);
    let mut site = Site {
        root,
        config,
        pages,
        by_ref,
        sections,
        tags,
        professions,
        assets,
        directory,
        today,
        relations: Relations::default(),
    };
    site.relations = Relations::of(&site);
    (Some(site), diags)
}

fn check_duplicates(docs: &[Document], diags: &mut Diagnostics) {
    let mut refs: HashMap<String, &Document> = HashMap::new();
    let mut numbers: HashMap<u32, &Document> = HashMap::new();
    for d in docs {
        if let Some(first) = refs.get(&d.reference()) {
            let line = d.key_lines.get("slug").copied().unwrap_or(1);
            diags.push(
                d.file
                    .error_at(msg::duplicate_slug(&d.slug, first.file.rel.display()), line, 1, 1)
                    .with_help(msg::duplicate_slug_help()),
            );
        } else {
            refs.insert(d.reference(), d);
        }
        if let Meta::Issue(m) = &d.meta {
            let Some(n) = m.number else { continue };
            if let Some(first) = numbers.get(&n) {
                let message = msg::duplicate_issue_number(n, first.file.rel.display());
                let next = numbers.keys().max().map_or(1, |m| m + 1);
                diags.push(d.error_at_value("number", &n.to_string(), message).with_help(msg::next_free_number(next)));
            } else {
                numbers.insert(n, d);
            }
        }
    }
}

/// The references a document makes to others in its front matter: (field, reference, the
/// kinds it may designate).
pub(crate) fn references(meta: &Meta) -> Vec<(&'static str, &String, &'static [Kind])> {
    const CARRIED: &[Kind] = &[Kind::Protocol, Kind::Synthesis, Kind::Page];
    const MESSAGE: &[Kind] = &[Kind::Message];
    const PROTOCOL: &[Kind] = &[Kind::Protocol];
    let mut out: Vec<(&'static str, &String, &'static [Kind])> = Vec::new();
    fn sources(v: &[crate::content::kinds::Source]) -> impl Iterator<Item = &String> {
        v.iter().filter_map(|s| s.message.as_ref())
    }
    match meta {
        Meta::Issue(m) => {
            out.extend(m.items.iter().map(|r| ("items", r, CARRIED)));
            out.extend(m.messages.iter().map(|r| ("messages", r, MESSAGE)));
            out.extend(m.messages_left_out.iter().map(|r| ("messages_left_out", r, MESSAGE)));
        }
        Meta::Protocol(m) => {
            out.extend(m.replaces.iter().map(|r| ("replaces", r, PROTOCOL)));
            out.extend(m.replaced_by.iter().map(|r| ("replaced_by", r, PROTOCOL)));
            out.extend(sources(&m.sources).map(|r| ("sources", r, MESSAGE)));
        }
        Meta::Synthesis(m) => out.extend(sources(&m.sources).map(|r| ("sources", r, MESSAGE))),
        Meta::Message(m) => {
            out.extend(m.supersedes.iter().map(|r| ("supersedes", r, MESSAGE)));
            out.extend(m.superseded_by.iter().map(|r| ("superseded_by", r, MESSAGE)));
        }
        Meta::Page(_) | Meta::Event(_) => {}
    }
    out
}

/// The references of issues (items, messages), protocols (replaces, replaced_by, sources),
/// syntheses (sources) and messages (supersedes, superseded_by) must name existing content
/// of the right kind.
fn check_references(docs: &[Document], by_ref: &HashMap<String, usize>, index: &LinkIndex, diags: &mut Diagnostics) {
    let all: Vec<&str> = by_ref.keys().map(String::as_str).collect();
    for d in docs {
        for (field, r, allowed) in references(&d.meta) {
            let key = normalize_ref(r);
            match by_ref.get(key).map(|&i| &docs[i]) {
                Some(target) if allowed.contains(&target.kind) => {}
                Some(target) => diags.push(d.error_at_value(
                    field,
                    r,
                    msg::reference_wrong_kind(r, target.kind.describe(), field, kinds_list(allowed)),
                )),
                None => {
                    let draft = index.drafts.iter().find(|(p, _)| normalize_ref(p) == key).map(|(_, why)| *why);
                    let mut e = d.error_at_value(
                        field,
                        r,
                        match draft {
                            Some(why) => msg::reference_unpublished(r, why.describe()),
                            None => msg::reference_missing(r),
                        },
                    );
                    e = match (draft, did_you_mean(key, all.iter().copied())) {
                        (Some(why), _) => e.with_help(why.help()),
                        (None, Some(s)) => e.with_help(msg::did_you_mean(s)),
                        (None, None) => e.with_help(msg::reference_help()),
                    };
                    diags.push(e);
                }
            }
        }
    }
}

/// Official messages: a known issuer, one message per issuer and reference, a date not to
/// come, and a message superseded only by a newer one.
fn check_messages(
    pages: &[Page],
    by_ref: &HashMap<String, usize>,
    config: &Config,
    today: Date,
    diags: &mut Diagnostics,
) {
    // (issuer, reference key) → the first message with them.
    let mut seen: HashMap<(&str, String), &Page> = HashMap::new();
    for page in pages {
        let Meta::Message(m) = &page.doc.meta else { continue };
        let doc = &page.doc;
        if let Some(date) = m.date.filter(|d| *d > today) {
            diags.push(doc.error_at_value("date", &date.iso(), msg::message_in_the_future(date.french())));
        }
        let issuer = m.issuer.as_deref().unwrap_or_default();
        let Some(id) = config.issuer_id(issuer) else {
            let d = doc.error_at_value("issuer", issuer, msg::unknown_issuer(issuer));
            let names = config.issuers.keys().map(String::as_str);
            diags.push(match did_you_mean(issuer, names) {
                Some(s) => d.with_help(msg::did_you_mean(s)),
                None => d.with_help(msg::issuers_are(config.issuers.keys().cloned().collect::<Vec<_>>().join(", "))),
            });
            continue;
        };
        let reference = m.reference.as_deref().unwrap_or_default();
        match seen.entry((id, crate::content::messages::reference_key(reference))) {
            hash_map::Entry::Occupied(first) => diags.push(
                doc.error_at_value("reference", reference, msg::duplicate_message(issuer, reference))
                    .with_help(msg::duplicate_message_help(first.get().doc.file.rel.display())),
            ),
            hash_map::Entry::Vacant(slot) => {
                slot.insert(page);
            }
        }
        let date_of = |r: &str| match by_ref.get(normalize_ref(r)).map(|&i| &pages[i].doc.meta) {
            Some(Meta::Message(t)) => t.date,
            _ => None,
        };
        for r in &m.supersedes {
            if let (Some(older), Some(mine)) = (date_of(r), m.date) {
                if older > mine {
                    diags.push(doc.error_at_value("supersedes", r, msg::supersedes_newer(r, older.french())));
                }
            }
        }
        for r in &m.superseded_by {
            if let (Some(newer), Some(mine)) = (date_of(r), m.date) {
                if newer < mine {
                    diags.push(doc.error_at_value("superseded_by", r, msg::superseded_by_older(r, newer.french())));
                }
            }
        }
    }
}

/// Each name of an issue's `useful_numbers` must designate entries of the directory.
fn check_useful_numbers(pages: &[Page], directory: &[Entry], types: &[String], diags: &mut Diagnostics) {
    for page in pages {
        let Meta::Issue(m) = &page.doc.meta else { continue };
        for name in &m.useful_numbers {
            if !directory::select(directory, name).is_empty() {
                continue;
            }
            let folded = fold(name.trim());
            let message = match types.iter().find(|t| fold(t) == folded) {
                Some(t) => msg::useful_number_empty_type(t),
                None => msg::useful_number_unknown(name),
            };
            let names = types.iter().map(String::as_str).chain(directory.iter().map(|e| e.structure.as_str()));
            let d = page.doc.error_at_value("useful_numbers", name, message);
            diags.push(match did_you_mean(name, names) {
                Some(s) => d.with_help(msg::did_you_mean(s)),
                None => d.with_help(msg::useful_numbers_help()),
            });
        }
    }
}

fn kinds_list(kinds: &[Kind]) -> String {
    kinds.iter().map(|k| k.describe()).collect::<Vec<_>>().join(", ")
}

/// Broken links and images of one body, placed at their file line.
fn body_problems(doc: &Document, r: &Rendered) -> Diagnostics {
    if r.problems.is_empty() {
        return Diagnostics::new();
    }
    let lines = LineIndex::new(&doc.file.text);
    r.problems
        .iter()
        .map(|p| {
            let start = doc.body_offset + p.range.start;
            let (line, col) = lines.locate(start);
            let len =
                doc.file.text[start..doc.body_offset + p.range.end].lines().next().map_or(1, |l| l.chars().count());
            let d = doc.file.error_at(&p.broken.message, line, col, len);
            match &p.broken.help {
                Some(h) => d.with_help(h),
                None => d,
            }
        })
        .collect()
}

fn check_anchors(pages: &[Page], by_ref: &HashMap<String, usize>, diags: &mut Diagnostics) {
    for page in pages {
        if page.rendered.anchors.is_empty() {
            continue;
        }
        let lines = LineIndex::new(&page.doc.file.text);
        for a in &page.rendered.anchors {
            let target = if a.page.is_empty() { Some(page) } else { by_ref.get(&a.page).map(|&i| &pages[i]) };
            let Some(target) = target else { continue };
            let ids = target.rendered.headings.iter().map(|h| h.id.as_str());
            if target.rendered.headings.iter().any(|h| h.id == a.anchor) || a.anchor.starts_with("fn") {
                continue;
            }
            let start = page.doc.body_offset + a.range.start;
            let (line, col) = lines.locate(start);
            let len = page.doc.file.text[start..page.doc.body_offset + a.range.end].chars().count();
            let mut d =
                page.doc.file.error_at(msg::no_heading(&a.anchor, target.doc.file.rel.display()), line, col, len);
            d = match did_you_mean(&a.anchor, ids) {
                Some(s) => d.with_help(msg::did_you_mean_anchor(s)),
                None => d.with_help(msg::anchor_help()),
            };
            diags.push(d);
        }
    }
}

/// Things worth knowing that do not stop a build.
/// With `review_required`, a published synthesis without reviewers is an error instead.
fn warnings(
    pages: &[Page],
    by_ref: &HashMap<String, usize>,
    today: Date,
    review_required: bool,
    diags: &mut Diagnostics,
) {
    for page in pages {
        let doc = &page.doc;
        match &doc.meta {
            Meta::Protocol(p) => {
                if let Some(review) = p.review.filter(|r| *r < today && p.status != Status::Obsolete) {
                    diags.push(doc.warning_at_value("review", &review.iso(), msg::past_review_date(review.french())));
                }
                let version = p.version.as_deref().unwrap_or_default();
                let told = p.changes.iter().any(|c| c.version.as_deref() == Some(version));
                if !p.replaces.is_empty() && !told && doc.unpublished().is_none() {
                    let line = doc.key_lines.get("changes").or(doc.key_lines.get("replaces")).copied().unwrap_or(2);
                    diags.push(
                        doc.file
                            .warning_at(msg::no_changes_for_version(version), line, 1, 7)
                            .with_help(msg::no_changes_help(version)),
                    );
                }
            }
            Meta::Issue(m) => {
                for item in &m.items {
                    let Some(target) = by_ref.get(normalize_ref(item)).map(|&i| &pages[i]) else { continue };
                    if target.is_obsolete() {
                        diags.push(doc.warning_at_value("items", item, msg::issue_carries_obsolete(item)));
                    }
                    // Only a preview (`serve`, `--drafts`) has unvalidated protocols to carry:
                    // a published build reports the item as an error instead.
                    if let Some(why @ Unpublished::Unvalidated(_)) = target.doc.unpublished() {
                        diags.push(
                            doc.warning_at_value("items", item, msg::issue_carries_unpublished(item, why.describe()))
                                .with_help(msg::issue_carries_unvalidated_help()),
                        );
                    }
                }
            }
            Meta::Synthesis(s) => {
                if s.reviewers.iter().all(|r| r.trim().is_empty()) && doc.unpublished().is_none() {
                    let line = doc.key_lines.get("reviewers").copied();
                    let end = doc.file.text[..doc.body_offset].lines().count().max(1);
                    let message = msg::no_reviewers();
                    let (line, span) = line.map_or((end, 3), |l| (l, 9));
                    diags.push(
                        if review_required {
                            doc.file.error_at(message, line, 1, span)
                        } else {
                            doc.file.warning_at(message, line, 1, span)
                        }
                        .with_help(msg::no_reviewers_help()),
                    );
                }
                for src in s.sources.iter().filter(|s| s.publisher_holds_authors()) {
                    let publisher = src.publisher.as_deref().unwrap_or_default();
                    diags.push(
                        doc.warning_at_value("sources", publisher, msg::publisher_holds_authors(&src.title))
                            .with_help(msg::publisher_holds_authors_help()),
                    );
                }
                for src in s.sources.iter().filter(|s| s.date.is_none() && s.message.is_none()) {
                    diags.push(doc.warning_at_value("sources", &src.title, msg::source_without_date(&src.title)));
                }
            }
            Meta::Page(_) | Meta::Event(_) | Meta::Message(_) => {}
        }
    }
}

fn sections(pages: &[Page]) -> BTreeMap<Kind, Vec<usize>> {
    let mut sections: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        sections.entry(p.kind()).or_default().push(i);
    }
    // Each key is made once per page: a title lowered at each comparison was ~1 % of a
    // 10,000-page build, on one core.
    let title = |i: &usize| pages[*i].doc.title().to_lowercase();
    for (kind, list) in sections.iter_mut() {
        match kind {
            Kind::Issue => list.sort_by_key(|i| match &pages[*i].doc.meta {
                Meta::Issue(m) => std::cmp::Reverse(m.number.unwrap_or(0)),
                _ => std::cmp::Reverse(0),
            }),
            Kind::Synthesis => list.sort_by_cached_key(|i| (std::cmp::Reverse(pages[*i].doc.meta.date()), title(i))),
            Kind::Protocol => list.sort_by_cached_key(title),
            // The agenda's own order (upcoming, then past) is the agenda page's: here, newest first.
            Kind::Event => list.sort_by_cached_key(|i| {
                let start = match &pages[*i].doc.meta {
                    Meta::Event(m) => m.start,
                    _ => None,
                };
                (std::cmp::Reverse(start), title(i))
            }),
            Kind::Message => list.sort_by_cached_key(|i| (std::cmp::Reverse(pages[*i].doc.meta.date()), title(i))),
            Kind::Page => list.sort_by_cached_key(|i| {
                let weight = match &pages[*i].doc.meta {
                    Meta::Page(m) => m.weight.unwrap_or(i32::MAX),
                    _ => 0,
                };
                (weight, title(i))
            }),
        }
    }
    sections
}

fn taxonomies(pages: &[Page], config: &Config) -> (BTreeMap<String, Term>, BTreeMap<String, Term>) {
    let mut tags: BTreeMap<String, Term> = BTreeMap::new();
    let mut professions: BTreeMap<String, Term> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        for t in &p.doc.common.tags {
            let slug = markdown::slugify(t);
            if slug.is_empty() {
                continue;
            }
            tags.entry(slug.clone()).or_insert_with(|| Term { slug, name: t.clone(), pages: vec![] }).pages.push(i);
        }
        for id in p.doc.meta.audience() {
            let name = config.professions.get(id).cloned().unwrap_or_else(|| id.clone());
            professions
                .entry(id.clone())
                .or_insert_with(|| Term { slug: id.clone(), name, pages: vec![] })
                .pages
                .push(i);
        }
    }
    // Within a kind, what is in force comes first: unvalidated protocols (a preview's) next,
    // obsolete ones last.
    let standing = |p: &Page| (p.doc.unpublished().is_some(), p.is_obsolete());
    for term in tags.values_mut().chain(professions.values_mut()) {
        term.pages
            .sort_by_key(|&i| (pages[i].kind(), standing(&pages[i]), std::cmp::Reverse(pages[i].doc.meta.date())));
    }
    (tags, professions)
}

/// The first `max` characters of `text`, cut at a word, with an ellipsis.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    // Only the first `max` characters are read, not the whole body.
    let Some((end, _)) = text.char_indices().nth(max) else {
        return text.to_owned();
    };
    let cut = &text[..end];
    let cut = cut.rsplit_once(' ').map_or(cut, |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    /// The excerpt as first written: count every character, then cut.
    fn excerpt_by_counting(text: &str, max: usize) -> String {
        if text.chars().count() <= max {
            return text.to_owned();
        }
        let cut: String = text.chars().take(max).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
        format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
    }

    #[test]
    fn excerpt_cuts_at_a_word_within_max_characters() {
        let texts = ["", "été", "Les masques FFP2, en ville.", "à é î õ ü œ; la fin", "motsansespace", "a b c d e f"];
        for text in texts {
            for max in 0..=text.chars().count() + 1 {
                assert_eq!(excerpt(text, max), excerpt_by_counting(text, max), "{text:?} at {max}");
            }
        }
        assert_eq!(excerpt("Les masques FFP2, en ville.", 17), "Les masques…");
    }
}
