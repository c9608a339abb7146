//! The home page: the latest issue and what it carries, the events of the next weeks, the
//! recent syntheses, the protocols most recently validated, the previous issues.

use super::{Env, Family, Id, Inputs, Place, Template};
use crate::content::{Kind, Meta};
use crate::error::Diagnostic;
use crate::render::views::{full, summary};
use crate::render::{CardLevel, Scratch};
use crate::site::Site;

/// How many recent syntheses the home page shows.
const RECENT_SYNTHESES: usize = 6;

/// How many protocols the home page shows: the ones in force most recently validated (the
/// protocols page lists them all).
const PROTOCOLS: usize = 8;

/// How many issues before the latest one the home page lists.
const PREVIOUS_ISSUES: usize = 4;

pub(super) struct Home;
pub(super) static HOME: Home = Home;

impl Family for Home {
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::page(String::new())
    }
    fn template(&self) -> Template {
        Template::Theme("index.html")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        ctx.insert("latest", &site.section(Kind::Issue).next().map(|p| full(site, env.theme, p)));
        let upcoming: Vec<_> = site.events_soon().into_iter().map(|i| summary(site, &site.pages[i])).collect();
        ctx.insert("upcoming", &upcoming);
        ctx.insert("watch", &super::watch::weeks(site).into_iter().next());
        let recent = site.section_indices(Kind::Synthesis).take(RECENT_SYNTHESES);
        ctx.insert("recent_syntheses", &env.cards.list(recent, CardLevel::Three)?);
        let mut current: Vec<&crate::site::Page> = site.section(Kind::Protocol).filter(|p| p.in_force()).collect();
        ctx.insert("protocol_count", &current.len());
        current.sort_by_key(|p| match &p.doc.meta {
            Meta::Protocol(m) => std::cmp::Reverse(m.validated),
            _ => std::cmp::Reverse(None),
        });
        let shown: Vec<_> = current.into_iter().take(PROTOCOLS).map(|p| summary(site, p)).collect();
        ctx.insert("protocols", &shown);
        let previous: Vec<_> =
            site.section(Kind::Issue).skip(1).take(PREVIOUS_ISSUES).map(|p| summary(site, p)).collect();
        ctx.insert("issues", &previous);
        Ok(())
    }
    fn inputs(&self, _: &Site, _: &Id) -> Inputs {
        Inputs::Any
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(0)
    }
}
