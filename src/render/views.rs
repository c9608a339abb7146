//! What templates see: serializable views of the site graph, with root-relative URLs
//! (rewritten per page afterwards by [`crate::site::urls::rewrite_html`]).

use crate::content::directory::Entry;
use crate::content::kinds::{Meta, Source};
use crate::content::{Kind, Unpublished};
use crate::markdown::Heading;
use crate::render::theme::Theme;
use crate::site::{urls, Page, Site, Term};
use serde::Serialize;
use std::borrow::Cow;

/// A link to a page, with its kind.
#[derive(Debug, Serialize)]
pub(crate) struct LinkView {
    pub title: String,
    pub url: String,
    pub kind: Kind,
}

/// A tag or profession.
#[derive(Debug, Serialize)]
pub(crate) struct TermView {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A source, cited Vancouver-style.
#[derive(Debug, Serialize)]
pub(crate) struct SourceView {
    /// `Publisher. Title [Internet]. 2020 avr 12.`
    pub citation: String,
    /// The page of the cited official message, on this site.
    pub digest: Option<String>,
    /// The cited message has been superseded.
    pub superseded: bool,
    pub url: Option<String>,
    pub doi: Option<String>,
    pub doi_url: Option<String>,
    pub pmid: Option<String>,
    pub pmid_url: Option<String>,
}

/// A page as templates see it; `content`, `headings`, `items` and `sources` are filled for
/// the page being rendered, not for pages in lists.
#[derive(Debug, Serialize)]
pub(crate) struct PageView<'a> {
    pub kind: Kind,
    pub title: &'a str,
    pub summary: String,
    pub url: String,
    pub permalink: String,
    pub reference: String,
    pub date: Option<String>,
    pub tags: Vec<TermView>,
    pub audience: Vec<TermView>,
    pub authors: &'a [String],
    pub meta: &'a Meta,
    pub obsolete: bool,
    /// A validated protocol, not replaced: the only kind « en vigueur ».
    pub in_force: bool,
    /// Why a previewed page is not published: `draft` (`draft: true`), or a protocol's
    /// status `brouillon` or `relecture`. Pages and lists show it in a banner and a badge.
    pub unpublished: Option<&'static str>,
    pub review_due: bool,
    pub content: Option<Cow<'a, str>>,
    /// RFC 3339, for feeds: the page's date, or the build date.
    pub updated: String,
    pub headings: &'a [Heading],
    pub items: Vec<PageView<'a>>,
    pub sources: Vec<SourceView>,
    pub replaces: Vec<LinkView>,
    pub replaced_by: Vec<LinkView>,
    /// An event's dates, place and files, ready to show.
    pub event: Option<EventView>,
    /// A protocol's changes, version by version, newest first (the page being rendered).
    pub changes: Vec<ChangeView<'a>>,
    /// The page comparing a protocol with the one it replaces.
    pub comparison: Option<String>,
    /// An issue's « Numéros utiles », from the directory.
    pub useful_numbers: Vec<&'a Entry>,
    /// An official message's issuer, number and texts.
    pub message: Option<MessageView>,
    /// An issue's official messages since the previous issue (the page being rendered).
    pub messages: Vec<PageView<'a>>,
    /// The pages that cite a message (the page being rendered).
    pub cited_by: Vec<LinkView>,
}

/// An official message as templates show it.
#[derive(Debug, Serialize)]
pub(crate) struct MessageView {
    /// The issuer's label (`DGS-Urgent`) and id (`dgs-urgent`, for filters).
    pub issuer: String,
    pub issuer_id: String,
    pub reference: String,
    /// The official text: online, and as a file of the site.
    pub official: Option<String>,
    pub file: Option<FileView>,
    /// Newer messages replace it.
    pub superseded: bool,
    /// The summary's first sentence, for one-line lists (the issue's « veille » block).
    pub gist: String,
}

/// The message view of `page`, when it is an official message.
pub(crate) fn message(site: &Site, page: &Page) -> Option<MessageView> {
    let Meta::Message(m) = &page.doc.meta else { return None };
    let written = m.issuer.as_deref().unwrap_or_default();
    let summary = page.doc.common.summary.as_deref().unwrap_or_default();
    Some(MessageView {
        issuer: site.config.issuer_label(written).to_owned(),
        issuer_id: site.config.issuer_id(written).unwrap_or(written).to_owned(),
        reference: m.reference.clone().unwrap_or_default(),
        official: m.url.clone(),
        file: m
            .file
            .as_deref()
            .map(|f| FileView { name: f.rsplit('/').next().unwrap_or(f).to_owned(), url: beside(page, f) }),
        superseded: !site.superseding(page).is_empty(),
        gist: first_sentence(summary),
    })
}

/// The first sentence of `text` (up to its first `.`, `!` or `?` followed by a space).
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && text[i + 1..].starts_with(char::is_whitespace))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text[..end].to_owned()
}

/// What one version of a protocol changed.
#[derive(Debug, Serialize)]
pub(crate) struct ChangeView<'a> {
    pub version: &'a str,
    pub date: Option<String>,
    pub what: &'a [String],
    /// The protocol's current version.
    pub current: bool,
}

/// An event as templates show it.
#[derive(Debug, Serialize)]
pub(crate) struct EventView {
    /// When, written for a reader: « mardi 14 avril 2020, 14 h 00 – 15 h 30 ».
    pub when: String,
    /// `2020-04-14T14:00`, for `<time datetime>`.
    pub start: String,
    /// Over (its last day is before today).
    pub past: bool,
    /// Whole days, no time.
    pub all_day: bool,
    /// An address to register (`https://…` or `mailto:…`), while registration is open.
    pub registration: Option<String>,
    /// The deadline to register, as a date for the theme's date filter.
    pub deadline: Option<String>,
    /// Its recording: an address, or the root-relative URL of the file beside it.
    pub replay: Option<String>,
    pub slides: Vec<FileView>,
    /// Its calendar file (`/agenda/x.ics`).
    pub ics: String,
}

/// A file offered for download: its name and URL.
#[derive(Debug, Serialize)]
pub(crate) struct FileView {
    pub name: String,
    pub url: String,
}

/// The URL of `file` as an event or a page writes it: an address as it is, a file beside the
/// page's source by its root-relative output path (attachments keep their path under
/// `content/`).
fn beside(page: &Page, file: &str) -> String {
    if file.contains("://") {
        return file.to_owned();
    }
    let source = page.doc.content_path();
    let folder = source.rsplit_once('/').map_or("", |(f, _)| f);
    format!("/{folder}/{}", file.trim_start_matches("./"))
}

/// The event view of `page`, when it is an event.
pub(crate) fn event(site: &Site, page: &Page) -> Option<EventView> {
    let Meta::Event(m) = &page.doc.meta else { return None };
    let start = m.start?;
    let english = site.config.english();
    let past = m.last().is_some_and(|l| l.date < site.today);
    let open = !past && m.registration.as_ref().is_some_and(|r| r.deadline.is_none_or(|d| d.date >= site.today));
    let registration = m
        .registration
        .as_ref()
        .filter(|_| open)
        .and_then(|r| r.url.clone().or_else(|| r.email.as_ref().map(|e| format!("mailto:{e}"))));
    Some(EventView {
        when: crate::content::date::span(start, m.end, english),
        start: start.iso(),
        past,
        all_day: start.time.is_none(),
        registration,
        deadline: m.registration.as_ref().and_then(|r| r.deadline).map(|d| d.date.iso()),
        replay: m.replay.as_deref().map(|r| beside(page, r)),
        slides: m
            .slides
            .iter()
            .map(|s| FileView { name: s.rsplit('/').next().unwrap_or(s).to_owned(), url: beside(page, s) })
            .collect(),
        ics: format!("/{}", urls::event_calendar(&page.doc.slug)),
    })
}

/// A page in a list: its card (the theme's `card.html`, rendered once per page and heading
/// level), and what a list may want around it.
#[derive(Debug, Serialize)]
pub(crate) struct ListItem<'a> {
    pub card: &'a str,
    pub kind: Kind,
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub obsolete: bool,
    pub unpublished: Option<&'static str>,
}

/// The view of `page` for lists.
pub(crate) fn summary<'a>(site: &'a Site, page: &'a Page) -> PageView<'a> {
    let tags = page
        .doc
        .common
        .tags
        .iter()
        .filter_map(|t| site.tags.get(&crate::markdown::slugify(t)))
        .map(|t| term(t, urls::tag_path(&t.slug)))
        .collect();
    let audience = page
        .doc
        .meta
        .audience()
        .iter()
        .filter_map(|id| site.professions.get(id))
        .map(|t| term(t, urls::profession_path(&t.slug)))
        .collect();
    let review_due =
        matches!(&page.doc.meta, Meta::Protocol(p) if p.review.is_some_and(|r| r < site.today)) && !page.is_obsolete();
    PageView {
        kind: page.kind(),
        title: page.doc.title(),
        summary: page.summary(),
        url: format!("/{}", page.path),
        permalink: urls::absolute(&site.config.base(), &page.path),
        reference: page.doc.reference(),
        date: page.doc.meta.date().map(|d| d.iso()),
        tags,
        audience,
        authors: page.doc.meta.authors(),
        meta: &page.doc.meta,
        obsolete: page.is_obsolete(),
        in_force: page.in_force(),
        unpublished: unpublished(page),
        review_due,
        content: None,
        updated: page.doc.meta.date().map_or(site.today, |d| d.min(site.today)).rfc3339(),
        headings: &[],
        items: Vec::new(),
        sources: Vec::new(),
        replaces: Vec::new(),
        replaced_by: Vec::new(),
        event: event(site, page),
        changes: Vec::new(),
        comparison: None,
        useful_numbers: Vec::new(),
        message: message(site, page),
        messages: Vec::new(),
        cited_by: Vec::new(),
    }
}

/// The full view of the page being rendered.
pub(crate) fn full<'a>(site: &'a Site, theme: &Theme, page: &'a Page) -> PageView<'a> {
    let mut v = summary(site, page);
    v.content = Some(Cow::Borrowed(&page.rendered.html));
    v.headings = &page.rendered.headings;
    match &page.doc.meta {
        Meta::Issue(m) => {
            v.items = m.items.iter().filter_map(|r| site.get(r)).map(|p| summary(site, p)).collect();
            v.useful_numbers = site.useful_numbers(page);
            v.messages = site.issue_messages(page).iter().map(|&i| summary(site, &site.pages[i])).collect();
        }
        Meta::Message(m) => {
            v.replaces = links(site, &m.supersedes);
            v.replaced_by = site.superseding(page).into_iter().map(|i| link(&site.pages[i])).collect();
            v.cited_by = site.citing(page).into_iter().map(|i| link(&site.pages[i])).collect();
        }
        Meta::Protocol(m) => {
            v.sources = m.sources.iter().map(|s| source(site, theme, s)).collect();
            v.replaces = links(site, &m.replaces);
            v.replaced_by = replacement_links(site, page);
            v.changes = m
                .changes
                .iter()
                .map(|c| {
                    let current = c.version.is_some() && c.version == m.version;
                    ChangeView {
                        version: c.version.as_deref().unwrap_or_default(),
                        date: c.date.or(m.validated.filter(|_| current)).map(|d| d.iso()),
                        what: &c.what,
                        current,
                    }
                })
                .collect();
            v.comparison = compared(site, page).map(|_| format!("/{}", urls::comparison_path(&page.path)));
        }
        Meta::Synthesis(m) => v.sources = m.sources.iter().map(|s| source(site, theme, s)).collect(),
        Meta::Page(_) | Meta::Event(_) => {}
    }
    v
}

/// The full view of `page` inside another page (an issue's print view): its ids prefixed
/// with its slug, so that two documents' « Contexte » do not clash, and its headings one
/// level down, under the document's own title.
pub(crate) fn printed<'a>(site: &'a Site, theme: &Theme, page: &'a Page) -> PageView<'a> {
    let mut v = full(site, theme, page);
    v.content = Some(Cow::Owned(nested(&page.rendered.html, &page.doc.slug)));
    v.headings = &[];
    v
}

/// `html` with `id="x"` and `href="#x"` made `{prefix}-x`, and headings h2–h5 one level down.
fn nested(html: &str, prefix: &str) -> String {
    let mut out =
        html.replace(" id=\"", &format!(" id=\"{prefix}-")).replace(" href=\"#", &format!(" href=\"#{prefix}-"));
    for level in (2..=5).rev() {
        out = out.replace(&format!("<h{level}"), &format!("<h{}", level + 1));
        out = out.replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    out
}

/// The view of a replaced protocol in the list of old versions: with its replacements.
pub(crate) fn replaced<'a>(site: &'a Site, page: &'a Page) -> PageView<'a> {
    let mut v = summary(site, page);
    v.replaced_by = replacement_links(site, page);
    v
}

/// The protocol that `page` (a protocol) replaces and that the site has, to compare with.
pub(crate) fn compared<'a>(site: &'a Site, page: &Page) -> Option<&'a Page> {
    let Meta::Protocol(m) = &page.doc.meta else { return None };
    m.replaces.iter().find_map(|r| site.get(r)).filter(|old| old.kind() == Kind::Protocol)
}

/// Links to the protocols that replace `page`.
fn replacement_links(site: &Site, page: &Page) -> Vec<LinkView> {
    site.replacements(page).into_iter().map(|i| link(&site.pages[i])).collect()
}

/// Links to the pages `refs` name.
fn links(site: &Site, refs: &[String]) -> Vec<LinkView> {
    refs.iter().filter_map(|r| site.get(r)).map(link).collect()
}

fn link(p: &Page) -> LinkView {
    LinkView { title: p.doc.title().to_owned(), url: format!("/{}", p.path), kind: p.kind() }
}

/// The name of the reason `page` is not published, as templates test it.
pub(crate) fn unpublished(page: &Page) -> Option<&'static str> {
    page.doc.unpublished().map(|why| match why {
        Unpublished::Draft => "draft",
        Unpublished::Unvalidated(status) => status.name(),
    })
}

pub(crate) fn term(t: &Term, path: String) -> TermView {
    TermView { slug: t.slug.clone(), name: t.name.clone(), url: format!("/{path}"), count: t.pages.len() }
}

/// Authors listed before « et al. » in a citation (ICMJE's rule).
const CITED_AUTHORS: usize = 6;

/// Vancouver style, as used in French medical writing: authors, title, journal, year,
/// volume, pages — `Chu DK, Akl EA. Physical distancing… Lancet. 2020 juin 27;395:1973-87.` —
/// or, for an institution's document, `Haute Autorité de santé. Titre [Internet]. 2020 avr.`
pub(crate) fn citation(s: &Source, english: bool) -> String {
    let part = |t: &str| t.trim().trim_end_matches('.').to_owned();
    let mut citation = String::new();
    let authors: Vec<&str> = s.authors.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect();
    if !authors.is_empty() {
        let listed = authors.iter().take(CITED_AUTHORS).map(|a| part(a)).collect::<Vec<_>>().join(", ");
        citation.push_str(&listed);
        citation.push_str(if authors.len() > CITED_AUTHORS { ", et al. " } else { ". " });
    } else if let Some(p) = &s.publisher {
        citation.push_str(&part(p));
        citation.push_str(". ");
    }
    citation.push_str(&part(&s.title));
    if s.url.is_some() && s.journal.is_none() {
        citation.push_str(" [Internet]");
    }
    citation.push('.');
    if let Some(j) = &s.journal {
        citation.push_str(&format!(" {}.", part(j)));
    } else if let Some(p) = s.publisher.as_ref().filter(|_| !authors.is_empty()) {
        citation.push_str(&format!(" {}.", part(p)));
    }
    let mut issue = s.date.as_ref().map(|d| d.vancouver(english)).unwrap_or_default();
    if let Some(v) = &s.volume {
        issue.push_str(&format!(";{}", v.trim()));
    }
    if let Some(p) = &s.pages {
        issue.push_str(&format!(":{}", p.trim()));
    }
    if !issue.is_empty() {
        citation.push_str(&format!(" {}.", issue.trim_start_matches(';')));
    }
    citation
}

/// A source cited Vancouver-style; one that names a message of the site takes its issuer,
/// number (« n° » as the theme abbreviates it), title, date and address from it, and links
/// to its digest.
fn source(site: &Site, theme: &Theme, s: &Source) -> SourceView {
    let cited = s.message.as_deref().and_then(|r| site.get(r));
    let from_message = cited.and_then(|p| {
        let view = message(site, p)?;
        let title = format!("{} ({} {})", p.doc.title(), theme.string("number_short", "n°"), view.reference);
        let date = p.doc.meta.date().map(crate::content::date::PartialDate::from);
        Some((Source { publisher: Some(view.issuer), title, date, url: view.official, ..s.clone() }, view.superseded))
    });
    let (s, superseded) = match &from_message {
        Some((filled, superseded)) => (filled, *superseded),
        None => (s, false),
    };
    SourceView {
        digest: cited.map(|p| format!("/{}", p.path)),
        superseded,
        citation: citation(s, site.config.english()),
        url: s.url.clone(),
        doi_url: s.doi.as_ref().map(|d| format!("https://doi.org/{d}")),
        doi: s.doi.clone(),
        pmid_url: s.pmid.as_ref().map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/")),
        pmid: s.pmid.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::citation;
    use crate::content::kinds::Source;

    fn source(yaml: &str) -> Source {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn citations_follow_the_vancouver_order() {
        let article = source(
            "{authors: [Tang N, Bai H], title: Anticoagulant treatment, journal: J Thromb Haemost, date: 2020-05, volume: '18(5)', pages: 1094-9}",
        );
        assert_eq!(
            citation(&article, false),
            "Tang N, Bai H. Anticoagulant treatment. J Thromb Haemost. 2020 mai;18(5):1094-9."
        );
        let many = source("{authors: [A, B, C, D, E, F, G], title: T., journal: Lancet., date: 2020}");
        assert_eq!(citation(&many, false), "A, B, C, D, E, F, et al. T. Lancet. 2020.");
        let institution = source("{publisher: Haute Autorité de santé, title: Réponses rapides, date: 2020-11-05, url: 'https://has-sante.fr/'}");
        assert_eq!(citation(&institution, false), "Haute Autorité de santé. Réponses rapides [Internet]. 2020 nov 5.");
        let report = source("{authors: [Martin P], publisher: DGS, title: Doctrine}");
        assert_eq!(citation(&report, false), "Martin P. Doctrine. DGS.");
        let old = source("{publisher: 'Chu DK, Akl EA, et al. Lancet', title: Physical distancing}");
        assert!(old.publisher_holds_authors());
        assert_eq!(
            citation(&old, false),
            "Chu DK, Akl EA, et al. Lancet. Physical distancing.",
            "still read as written"
        );
        assert!(!institution.publisher_holds_authors());
        // An English site reads the month the NLM's way.
        assert_eq!(citation(&institution, true), "Haute Autorité de santé. Réponses rapides [Internet]. 2020 Nov 5.");
    }
}
