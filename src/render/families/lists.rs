//! The section lists: the archive of issues (`numeros/`), the protocols grouped by theme
//! (`protocoles/`), the syntheses (`syntheses/`, paginated), the agenda (`agenda/`).

use super::{list_page, paginate, paginated, section_inputs, Env, Family, Id, Inputs, Place, Template};
use crate::content::Kind;
use crate::error::Diagnostic;
use crate::render::views::{self, summary, term};
use crate::render::{CardLevel, Cards, Scratch, Theme};
use crate::site::{urls, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// `numeros/`: every issue, newest first, in a compact table.
pub(super) struct Issues;
pub(super) static ISSUES: Issues = Issues;

impl Family for Issues {
    fn place(&self, _: &Site, _: &Id, n: usize) -> Place {
        list_page(&urls::section_path(Kind::Issue), n)
    }
    fn template(&self) -> Template {
        Template::Theme("issues.html")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        ctx.insert("section", Kind::Issue.section());
        let pages: Vec<_> = site.section(Kind::Issue).map(|p| summary(site, p)).collect();
        ctx.insert("pages", &pages);
        Ok(())
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        section_inputs(site, Kind::Issue)
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(1)
    }
}

/// `protocoles/`: the protocols in force grouped by their first tag and filterable by
/// profession, then the replaced versions apart.
pub(super) struct Protocols;
pub(super) static PROTOCOLS: Protocols = Protocols;

impl Family for Protocols {
    fn place(&self, _: &Site, _: &Id, n: usize) -> Place {
        list_page(&urls::section_path(Kind::Protocol), n)
    }
    fn template(&self) -> Template {
        Template::Theme("protocols.html")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        ctx.insert("section", Kind::Protocol.section());
        ctx.insert("updates", &!site.protocol_changes().is_empty());
        let (replaced, current): (Vec<usize>, Vec<usize>) =
            site.section_indices(Kind::Protocol).partition(|&i| site.pages[i].is_obsolete());
        ctx.insert("groups", &group_by_tag(site, env.cards, current, env.theme)?);
        ctx.insert("replaced", &replaced.iter().map(|&i| views::replaced(site, &site.pages[i])).collect::<Vec<_>>());
        let profs: Vec<_> = site.professions.values().map(|t| term(t, urls::profession_path(&t.slug))).collect();
        ctx.insert("professions", &profs);
        Ok(())
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        section_inputs(site, Kind::Protocol)
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(2)
    }
}

/// A group of protocols sharing their first tag.
#[derive(Serialize)]
struct Group<'a> {
    name: String,
    slug: String,
    pages: Vec<views::ListItem<'a>>,
}

fn group_by_tag<'a>(
    site: &Site,
    cards: &'a Cards,
    pages: Vec<usize>,
    theme: &Theme,
) -> Result<Vec<Group<'a>>, Diagnostic> {
    let mut groups: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    let other = theme.string("other", "Autres").to_owned();
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

/// `syntheses/`: every synthesis, newest first, `paginate_by` cards a page.
pub(super) struct Syntheses;
pub(super) static SYNTHESES: Syntheses = Syntheses;

impl Family for Syntheses {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        paginated(Id::Site, site.section_indices(Kind::Synthesis).count(), site.config.paginate_by)
    }
    fn place(&self, _: &Site, _: &Id, n: usize) -> Place {
        list_page(&urls::section_path(Kind::Synthesis), n)
    }
    fn template(&self) -> Template {
        Template::Theme("syntheses.html")
    }
    fn context(&self, env: &Env, _: &Id, n: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        ctx.insert("section", Kind::Synthesis.section());
        let all = site.sections.get(&Kind::Synthesis).map_or(&[][..], |v| &v[..]);
        let shown = paginate(site, ctx, &urls::section_path(Kind::Synthesis), all, n);
        ctx.insert("pages", &env.cards.list(shown.iter().copied(), CardLevel::Two)?);
        Ok(())
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        section_inputs(site, Kind::Synthesis)
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(3)
    }
}

/// `agenda/`: the events to come, soonest first, then the past ones, latest first, with their
/// replays. Made when the site has events.
pub(super) struct Events;
pub(super) static EVENTS: Events = Events;

impl Family for Events {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        if site.section_indices(Kind::Event).next().is_some() {
            vec![(Id::Site, 1)]
        } else {
            Vec::new()
        }
    }
    fn place(&self, _: &Site, _: &Id, n: usize) -> Place {
        list_page(&urls::section_path(Kind::Event), n)
    }
    fn template(&self) -> Template {
        Template::Theme("agenda.html")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        ctx.insert("section", Kind::Event.section());
        let (upcoming, past) = site.events();
        ctx.insert("upcoming", &env.cards.list(upcoming.into_iter(), CardLevel::Two)?);
        ctx.insert("past", &env.cards.list(past.into_iter(), CardLevel::Two)?);
        ctx.insert("calendar", &format!("/{}", urls::CALENDAR));
        ctx.insert(
            "subscribe",
            &urls::absolute(&site.config.base(), urls::CALENDAR).replacen("https://", "webcal://", 1).replacen(
                "http://",
                "webcal://",
                1,
            ),
        );
        Ok(())
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        section_inputs(site, Kind::Event)
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(3)
    }
}
