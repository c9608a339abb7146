//! The HTML renderer: the site graph goes in, output files come out. Each page is rendered
//! with tera over the theme (in parallel), then its root-relative links are rewritten for
//! the site's URL mode.

pub(crate) mod families;
mod filters;
pub(crate) mod pagination;
pub(crate) mod theme;
pub(crate) mod views;

pub(crate) use theme::Theme;

use crate::content::Kind;
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::msg;
use crate::output::{OutputFile, Sink};
use crate::site::{urls, Site};
pub(crate) use families::{jobs, Job};
use families::{Env, Template};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use tera::Context;
use views::{summary, ListItem};

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
    /// Where unsubscribe requests are mailed, for the page that says how to leave the list.
    unsubscribe_email: Option<&'a str>,
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

/// The heading level of a card's title: 2 in lists right under the page's h1 (a section,
/// a tag, a profession), 3 in lists under an h2 (the protocols' groups, the home page).
#[derive(Debug, Clone, Copy)]
pub(crate) enum CardLevel {
    Two,
    Three,
}

/// Template contexts holding the keys every render shares (`t`, `site`…), reused render
/// after render: a render adds its own keys, which are removed after it. Cloning the shared
/// keys for each of a big site's 23,000 renders cost about 6 % of a build.
pub(crate) struct Contexts {
    shared: Context,
    free: Mutex<Vec<Context>>,
}

/// A reused context and the keys one render added to it.
pub struct Scratch {
    ctx: Context,
    added: Vec<&'static str>,
}

impl Scratch {
    /// Adds `key` for this render only.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
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
pub struct Cards<'a> {
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
    pub(crate) fn list(
        &self,
        pages: impl Iterator<Item = usize>,
        level: CardLevel,
    ) -> Result<Vec<ListItem<'_>>, Diagnostic> {
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

/// The theme's static files (stylesheet, scripts), copied as they are.
pub(crate) fn statics(theme: &Theme) -> Vec<OutputFile> {
    theme.statics.iter().map(|(p, b)| OutputFile { path: p.clone(), bytes: b.clone() }).collect()
}

/// Renders `jobs` (in parallel) into `sink`; every template error is reported.
pub(crate) fn render_jobs_into(site: &Site, theme: &Theme, jobs: &[Job], sink: &Sink) -> Result<(), Diagnostics> {
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
        let has = |k: Kind| site.section_indices(k).next().map(|_| k);
        let mut menu: Vec<MenuView> = [Kind::Issue, Kind::Protocol, Kind::Synthesis]
            .into_iter()
            .chain(has(Kind::Message))
            .chain(has(Kind::Event))
            .map(|k| MenuView {
                label: theme.string(k.section(), k.section()).to_owned(),
                url: format!("/{}", urls::section_path(k)),
            })
            .collect();
        if !site.directory.is_empty() {
            let label = theme.string("annuaire", "Annuaire").to_owned();
            menu.push(MenuView { label, url: format!("/{}", urls::DIRECTORY) });
        }
        menu
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
        unsubscribe_email: c.mailing.unsubscribe_email.as_deref(),
        professions: &c.professions,
        menu,
        today: site.today.iso(),
        generated: site.today.iso(),
    };
    let mut ctx = Context::new();
    ctx.insert("site", &view);
    ctx.insert("t", &theme.strings);
    let pick = |k: &str| theme.string(k, "").to_owned();
    let search_strings: BTreeMap<&str, String> = [
        ("issue", pick("kind_issue")),
        ("protocol", pick("kind_protocol")),
        ("synthesis", pick("kind_synthesis")),
        ("page", pick("kind_page")),
        ("event", pick("kind_event")),
        ("directory", pick("kind_directory")),
        ("message", pick("kind_message")),
        ("obsolete", pick("obsolete")),
        ("unpublished_draft", pick("unpublished_draft")),
        ("unpublished_brouillon", pick("unpublished_brouillon")),
        ("unpublished_relecture", pick("unpublished_relecture")),
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

fn render_job(
    site: &Site,
    theme: &Theme,
    ctx: &mut Scratch,
    cards: &Cards,
    mode: &urls::UrlMode,
    job: &Job,
) -> Result<OutputFile, Diagnostic> {
    let place = job.place(site);
    let env = Env { site, theme, cards };
    let template = match job.template() {
        Template::Theme(name) => name,
        Template::Own(write) => return Ok(OutputFile { path: place.file, bytes: write(&env, &job.id)? }),
    };
    ctx.insert("path", &format!("/{}", place.path));
    ctx.insert("permalink", &urls::absolute(&site.config.base(), &place.path));
    job.context(&env, ctx)?;
    // Rendered as bytes: tera's `render` checks that the whole page is UTF-8 (~2 % of a build),
    // and only a page whose links are rewritten needs it as text.
    let mut bytes = Vec::with_capacity(16 * 1024);
    theme.tera.render_to(template, &ctx.ctx, &mut bytes).map_err(|e| theme.error(&e))?;
    let rooted = urls::UrlMode::new(&site.config.base_url, false);
    let mode = if job.rooted() { &rooted } else { mode };
    if template.ends_with(".html") && mode.rewrites() {
        let html = String::from_utf8(bytes).map_err(|_| Diagnostic::error(msg::template_wrote_non_utf8(template)))?;
        bytes = urls::rewrite_html(&html, &place.path, mode).into_bytes();
    }
    Ok(OutputFile { path: place.file, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dotted paths resolve, and so do keys written with `/` or `~` (escaped as `~1` and `~0`
    /// inside tera).
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
