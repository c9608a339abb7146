//! The watch (« veille »): the official messages, newest first and grouped by week, filtered
//! in the page by issuer and profession (`veille/`), and their Atom feed. Each message's own
//! page is a [`super::content`] page.

use super::{Env, Family, Id, Inputs, Place, Template};
use crate::content::{Date, Kind};
use crate::error::Diagnostic;
use crate::render::views::{summary, PageView};
use crate::render::Scratch;
use crate::site::{urls, Site};
use serde::Serialize;

/// The messages of one week, Monday to Sunday.
#[derive(Serialize)]
pub(super) struct Week<'a> {
    /// Its Monday, `2020-05-11`.
    pub monday: String,
    pub messages: Vec<PageView<'a>>,
}

/// The Monday of the week of `d`.
fn monday(d: Date) -> Date {
    use chrono::Datelike;
    let back = chrono::Days::new(u64::from(d.0.weekday().num_days_from_monday()));
    Date(d.0.checked_sub_days(back).unwrap_or(d.0))
}

/// The messages of the site, newest first, by week.
pub(super) fn weeks(site: &Site) -> Vec<Week<'_>> {
    let mut out: Vec<Week> = Vec::new();
    for page in site.section(Kind::Message) {
        let week = page.doc.meta.date().map(monday).map(|d| d.iso()).unwrap_or_default();
        let view = summary(site, page);
        match out.last_mut() {
            Some(w) if w.monday == week => w.messages.push(view),
            _ => out.push(Week { monday: week, messages: vec![view] }),
        }
    }
    out
}

/// A filter's choices: `(id, label)`.
type Choices<'a> = Vec<(&'a str, &'a str)>;

/// The issuers and professions the messages have, for the filters.
fn filters(site: &Site) -> (Choices<'_>, Choices<'_>) {
    let messages: Vec<_> = site.section(Kind::Message).collect();
    let issuers = site
        .config
        .issuers
        .iter()
        .filter(|(id, _)| {
            messages.iter().any(|p| matches!(&p.doc.meta, crate::content::Meta::Message(m) if m.issuer.as_deref().and_then(|i| site.config.issuer_id(i)) == Some(id.as_str())))
        })
        .map(|(id, label)| (id.as_str(), label.as_str()))
        .collect();
    let professions = site
        .config
        .professions
        .iter()
        .filter(|(id, _)| messages.iter().any(|p| p.doc.meta.audience().contains(id)))
        .map(|(id, label)| (id.as_str(), label.as_str()))
        .collect();
    (issuers, professions)
}

/// `veille/`: every message, newest first, by week. Made when the site has messages.
pub(super) struct Watch;
pub(super) static WATCH: Watch = Watch;

impl Family for Watch {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        if site.section_indices(Kind::Message).next().is_some() {
            vec![(Id::Site, 1)]
        } else {
            Vec::new()
        }
    }
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::page(urls::section_path(Kind::Message))
    }
    fn template(&self) -> Template {
        Template::Theme("watch.html")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        let (issuers, professions) = filters(site);
        ctx.insert("weeks", &weeks(site));
        ctx.insert("count", &site.section_indices(Kind::Message).count());
        ctx.insert("issuers", &issuers);
        ctx.insert("professions", &professions);
        ctx.insert("feed", &format!("/{}", urls::WATCH_FEED));
        Ok(())
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        Inputs::Pages(site.section_indices(Kind::Message).collect())
    }
    fn sitemap_rank(&self) -> Option<u8> {
        Some(3)
    }
}

/// How many messages the watch's feed carries.
const FEED_ENTRIES: usize = 50;

/// `veille/atom.xml`: the latest messages, with what changes for the reader.
pub(super) struct WatchFeed;
pub(super) static WATCH_FEED: WatchFeed = WatchFeed;

impl Family for WatchFeed {
    fn pages(&self, site: &Site) -> Vec<(Id, usize)> {
        WATCH.pages(site)
    }
    fn place(&self, _: &Site, _: &Id, _: usize) -> Place {
        Place::file(urls::WATCH_FEED)
    }
    fn template(&self) -> Template {
        Template::Theme("watch.xml")
    }
    fn context(&self, env: &Env, _: &Id, _: usize, ctx: &mut Scratch) -> Result<(), Diagnostic> {
        let site = env.site;
        let entries: Vec<_> = site.section(Kind::Message).take(FEED_ENTRIES).map(|p| summary(site, p)).collect();
        let newest = site.section(Kind::Message).next().and_then(|p| p.doc.meta.date()).unwrap_or(site.today);
        ctx.insert("entries", &entries);
        ctx.insert("updated", &newest.min(site.today).rfc3339());
        ctx.insert("feed_url", &urls::absolute(&site.config.base(), urls::WATCH_FEED));
        ctx.insert("page_url", &urls::absolute(&site.config.base(), &urls::section_path(Kind::Message)));
        Ok(())
    }
    fn inputs(&self, site: &Site, _: &Id) -> Inputs {
        Inputs::Pages(site.section_indices(Kind::Message).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        for (day, week) in [("2020-05-11", "2020-05-11"), ("2020-05-17", "2020-05-11"), ("2020-05-18", "2020-05-18")] {
            assert_eq!(monday(Date::parse(day).unwrap()).iso(), week, "{day}");
        }
    }
}
