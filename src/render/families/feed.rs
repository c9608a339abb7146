//! The Atom feed (`atom.xml`): the latest issues, syntheses and events, with their full text.

use super::{Env, Family, Id, Inputs, Place, Template};
use crate::content::Kind;
use crate::error::Diagnostic;
use crate::render::views::full;
use crate::render::Scratch;
use crate::site::{urls, Site};

/// How many entries the feed carries.
const ENTRIES: usize = 50;

pub(super) struct Feed;
pub(super) static FEED: Feed = Feed;

impl Family for Feed {
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::file("atom.xml")
    }
    fn template(&self) -> Template {
        Template::Theme("atom.xml")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        let mut entries: Vec<_> = site
            .pages
            .iter()
            .filter(|p| matches!(p.kind(), Kind::Issue | Kind::Synthesis | Kind::Event))
            // An event announced for later is news now: no entry is dated in the future.
            .map(|p| (p.doc.meta.date().map(|d| d.min(site.today)), p))
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.0));
        let updated = entries.first().and_then(|e| e.0).unwrap_or(site.today);
        let absolute = urls::UrlMode::Absolute { base: site.config.base() };
        let views: Vec<_> = entries
            .iter()
            .take(ENTRIES)
            .map(|(_, p)| {
                let mut v = full(site, env.theme, p);
                v.content = Some(urls::rewrite_html(&p.rendered.html, &p.path, &absolute).into());
                v
            })
            .collect();
        ctx.insert("entries", &views);
        ctx.insert("updated", &updated.rfc3339());
        ctx.insert("feed_url", &urls::absolute(&site.config.base(), "atom.xml"));
        Ok(())
    }
    fn inputs(&self, _: &Site, _: &Id) -> Inputs {
        Inputs::Any
    }
}
